// Invitations by text message, through an HTTPS stand-in for an SMS provider started
// here on loopback (Node's `https`, with the test-only certificate in tls/), and the
// receiver's binary configured with the README's Twilio template: an appointment with a
// mobile number and no email is invited by text, in the patient's language, with the
// link and the clinic's name and no treatment named, signed in with Basic
// authentication from the environment; a gateway failing with 503 leaves the
// appointment shown "not sent" with the reason, and the message arrives once the
// gateway answers again, once.
//
//   node --test tests/interop/   (CANDOR_RECEIVER=path to the binary; default target/debug)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { cli, root, serve, waitFor } from "./support.mjs";

const here = dirname(fileURLToPath(import.meta.url));
let dir, db, gateway, receiver, gatewayPort;
/** Requests the stand-in received: method, path, headers and the form's fields. */
const received = [];
/** Answers the stand-in gives next (status codes), then 201. */
const failNext = [];

/** The SMS provider's stand-in, answering as Twilio does. */
async function startGateway() {
  const server = createServer(
    { key: readFileSync(join(here, "tls", "gateway.key")), cert: readFileSync(join(here, "tls", "gateway.pem")) },
    (request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        const status = failNext.shift() ?? 201;
        if (status === 201) {
          received.push({
            method: request.method,
            path: request.url,
            authorization: request.headers.authorization,
            type: request.headers["content-type"],
            fields: Object.fromEntries(new URLSearchParams(body)),
          });
        }
        response.writeHead(status, { "content-type": "application/json" });
        response.end(status === 201 ? '{"sid":"SM0123","status":"queued"}' : '{"message":"busy"}');
      });
    },
  );
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** `serve` with the gateway's template, retrying a failed message after a second. */
async function startReceiver() {
  const template = join(dir, "twilio.json");
  writeFileSync(
    template,
    JSON.stringify({
      url: `https://127.0.0.1:${gatewayPort}/2010-04-01/Accounts/AC0123/Messages.json`,
      auth: { basic: { user: "AC0123", password_env: "CANDOR_SMS_TOKEN" } },
      body: "form",
      fields: { To: "{{to}}", From: "+15550100", Body: "{{text}}" },
    }),
  );
  return serve(
    ["--listen", "127.0.0.1:0", "--db", db, "--dist", join(dir, "dist"),
     "--sms-gateway", template, "--sms-ca", join(here, "tls", "gateway-ca.pem"),
     "--public-url", "https://intake.lumen.example/", "--retry-seconds", "1"],
    { ...process.env, CANDOR_SMS_TOKEN: "twilio-auth-token" },
  );
}


function importRows(...rows) {
  const file = join(dir, `export-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, ["Appointment ID,Start Time,Staff,Service,Client Name,Client Phone,Language", ...rows].join("\n"));
  return cli("appointments", "import", "--db", db, "--source", "square", file);
}


before(async () => {
  dir = mkdtempSync(join(tmpdir(), "candor-sms-"));
  mkdirSync(join(dir, "dist"));
  writeFileSync(join(dir, "dist", "index.html"), "<!doctype html><title>sms</title>");
  copyFileSync(join(root, "crates/core/profiles/demo.json"), join(dir, "dist", "profile.json"));
  db = join(dir, "db.sqlite");
  process.env.CANDOR_KEY_FILE = join(dir, "db.key");
  gateway = await startGateway();
  gatewayPort = gateway.address().port;
  receiver = await startReceiver();
});

after(() => {
  receiver?.kill("SIGKILL");
  gateway?.close();
});

test("a text invitation goes through the gateway template, in the patient's language, with the link and no treatment named", async () => {
  importRows("S-1,2031-05-06T10:30:00-05:00,Dr. Ruiz,ha_filler,Ximena Ortega,+1 555 271 8281,es");
  const sms = await waitFor("the text message", () => received.find((m) => m.fields.To === "+15552718281"));
  assert.equal(sms.method, "POST");
  assert.equal(sms.path, "/2010-04-01/Accounts/AC0123/Messages.json");
  assert.equal(sms.type, "application/x-www-form-urlencoded");
  assert.equal(sms.authorization, `Basic ${Buffer.from("AC0123:twilio-auth-token").toString("base64")}`);
  assert.equal(sms.fields.From, "+15550100");
  const text = sms.fields.Body;
  assert.match(text, /^Lumen Aesthetics & Wellness: sus formularios para la visita del 2031-05-06 a las 10:30: /);
  assert.match(text, /https:\/\/intake\.lumen\.example\/#invite=inv-[\w-]+\.[\w-]+&draft=[\w-]+ /);
  assert.ok(/^[\x20-\x7e]+$/.test(text), "plain GSM characters only");
  for (const word of ["filler", "relleno", "Ximena", "Ortega"]) {
    assert.ok(!text.includes(word), `the text names ${word}`);
  }
  const day = cli("appointments", "day", "--db", db, "2031-05-06");
  assert.match(day, /\tsent by text message\t/);
});

test("a gateway answering 503 leaves the appointment shown not sent with the reason, and the message arrives once it answers again, once", async () => {
  failNext.push(503, 503);
  importRows("S-2,2031-05-07T09:00:00-05:00,Nurse Lee,chemical_peel,Yusuf Demir,+34 612 345 678,en");
  await waitFor("the reason shown", () =>
    cli("appointments", "day", "--db", db, "2031-05-07").includes("not sent: the text message gateway could not be reached or failed"),
  );
  const sms = await waitFor("the text after the gateway came back", () => received.find((m) => m.fields.To === "+34612345678"), 20_000);
  assert.match(sms.fields.Body, /^Lumen Aesthetics & Wellness: your forms for your visit on 2031-05-07 at 09:00: /);
  await new Promise((r) => setTimeout(r, 3_000));
  assert.equal(received.filter((m) => m.fields.To === "+34612345678").length, 1, "sent once");
  assert.match(cli("appointments", "day", "--db", db, "2031-05-07"), /\tsent by text message\t/);
});
