// Webhooks as a clinic's own service receives them: the receiver's binary delivers to
// a webhook receiver started here on loopback, which verifies every delivery with the
// official Standard Webhooks library (npm `standardwebhooks`; the deliveries are then
// verified again with the PyPI one, tests/interop/verify_webhooks.py). A changed body
// and a replay ten minutes later are refused; during a secret rotation a delivery
// verifies with either secret; a receiver killed mid-delivery delivers the event after
// its restart; and two receivers on one PostgreSQL database never both deliver one
// event; an https endpoint is trusted under the clinic's own certificate authority
// (`--webhook-ca`). No delivery carries a patient's name, contact or treatment.
//
//   node --test tests/interop/   (CANDOR_RECEIVER=path to the binary; default target/debug;
//   CANDOR_TEST_POSTGRES=postgres://… for the two receivers, which ./test starts)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createTls } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { cli, freePort, root, serve, waitFor } from "./support.mjs";

let dir, sink, sinkPort;
const running = [];
/** Every delivery that reached the sink: headers, the raw body, and how it was answered. */
const got = [];
/** `ok`: answer 204; `hang`: hold the request without answering (kept in `held`). */
let mode = "ok";
const held = [];


function startSink() {
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const delivery = { headers: request.headers, body, answered: mode === "ok" };
      got.push(delivery);
      if (mode === "hang") {
        held.push(response);
        return;
      }
      response.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(sinkPort, "127.0.0.1", () => resolve(server)));
}


/** `serve` on `db` at `port`, webhooks allowed to loopback and retried after 200 ms. */
async function startReceiver(db, port, ...more) {
  const child = await serve(["--listen", `127.0.0.1:${port}`, "--db", db, "--dist", join(dir, "dist"),
    "--webhook-allow-internal", "127.0.0.1", "--webhook-first-retry-ms", "200", ...more]);
  running.push(child);
  return child;
}


/** A POST to the receiver's API with `key` and a new Idempotency-Key. */
async function post(port, key, path, body) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    body: JSON.stringify(body ?? {}),
  });
  const answer = await response.json();
  assert.ok(response.ok, JSON.stringify(answer));
  return answer;
}

let n = 0;
/** Books appointments through a booking export (each one `appointment.booked`); their names. */
function book(db, count) {
  const names = [];
  const rows = [];
  for (let i = 0; i < count; i++) {
    n += 1;
    const name = `Hookpatient${String.fromCharCode(65 + (n % 26))}${n} Webmarker`;
    names.push(name);
    rows.push(`W-${n},2031-05-06T10:${String(n % 60).padStart(2, "0")}:00-05:00,Dr. Ruiz,ha_filler,${name},hook${n}@example.org,en`);
  }
  const file = join(dir, `export-${n}.csv`);
  writeFileSync(file, ["Appointment ID,Start Time,Staff,Service,Client Name,Client Email,Language", ...rows].join("\n"));
  cli("appointments", "import", "--db", db, "--source", "boulevard", file);
  return names;
}

/** The deliveries of `type` that were answered, by webhook-id. */
const delivered = (type) => got.filter((d) => d.answered && JSON.parse(d.body).type === type);

/** Checks a delivery carries none of `names` (nor their emails, nor the treatment). */
function thin(delivery, names) {
  for (const text of [...names, "example.org", "ha_filler", "filler", "Dr. Ruiz"]) {
    assert.ok(!delivery.body.includes(text), `${text} in ${delivery.body}`);
  }
}

const checked = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "candor-webhooks-"));
  mkdirSync(join(dir, "dist"));
  writeFileSync(join(dir, "dist", "index.html"), "<!doctype html><title>webhooks</title>");
  copyFileSync(join(root, "crates/core/profiles/demo.json"), join(dir, "dist", "profile.json"));
  process.env.CANDOR_KEY_FILE = join(dir, "db.key");
  sinkPort = await freePort();
  sink = await startSink();
});

after(() => {
  for (const child of running) child.kill("SIGKILL");
  for (const response of held) response.destroy();
  sink?.close();
});

test("every delivery verifies with the official library, survives a rotation and a killed receiver; Python agrees", async () => {
  const db = join(dir, "db.sqlite");
  const key = cli("api-keys", "create", "--db", db, "--name", "EHR hooks", "--scope", "webhooks").trim();
  const port = await freePort();
  let receiver = await startReceiver(db, port);
  const endpoint = await post(port, key, "/api/v1/webhooks", {
    url: `http://127.0.0.1:${sinkPort}/hooks`,
    description: "EHR",
    event_types: ["appointment.booked", "appointment.opened"],
  });
  const secret = endpoint.secret;
  assert.match(secret, /^whsec_/);

  const names = book(db, 2);
  await waitFor("two deliveries", () => delivered("appointment.booked").length === 2);
  const hook = new Webhook(secret);
  for (const d of delivered("appointment.booked")) {
    const payload = hook.verify(d.body, d.headers);
    assert.equal(payload.type, "appointment.booked");
    assert.match(payload.data.appointment_id, /^apt-/);
    assert.equal(payload.data.source, "boulevard");
    thin(d, names);
    checked.push({ headers: d.headers, body: d.body, secrets: [secret] });
  }
  // A changed body is refused; so is the same delivery replayed ten minutes later.
  const first = delivered("appointment.booked")[0];
  assert.throws(() => hook.verify(first.body.replace('"boulevard"', '"elsewhere"'), first.headers), WebhookVerificationError);
  const now = Date.now;
  Date.now = () => now() + 10 * 60 * 1000;
  try {
    assert.throws(() => hook.verify(first.body, first.headers), /too old/);
  } finally {
    Date.now = now;
  }
  assert.throws(() => new Webhook("whsec_" + Buffer.alloc(32, 7).toString("base64")).verify(first.body, first.headers), WebhookVerificationError);

  // Rotated: for a day, each delivery verifies with the new secret and with the old.
  const rotated = await post(port, key, `/api/v1/webhooks/${endpoint.id}/rotate`);
  assert.notEqual(rotated.secret, secret);
  const more = book(db, 1);
  await waitFor("the delivery after the rotation", () => delivered("appointment.booked").length === 3);
  const later = delivered("appointment.booked")[2];
  assert.equal(new Webhook(rotated.secret).verify(later.body, later.headers).type, "appointment.booked");
  assert.equal(new Webhook(secret).verify(later.body, later.headers).type, "appointment.booked");
  thin(later, more);
  checked.push({ headers: later.headers, body: later.body, secrets: [rotated.secret, secret] });

  // Killed while the endpoint has the request and has not answered: after the restart
  // the same event (the same webhook-id) is delivered, and verifies.
  mode = "hang";
  const third = book(db, 1);
  const hanging = await waitFor("the held delivery", () => got.find((d) => !d.answered));
  receiver.kill("SIGKILL");
  await new Promise((resolve) => receiver.once("exit", resolve));
  for (const response of held.splice(0)) response.destroy();
  mode = "ok";
  receiver = await startReceiver(db, port);
  const again = await waitFor("the delivery after the restart", () =>
    got.find((d) => d.answered && d.headers["webhook-id"] === hanging.headers["webhook-id"]),
  );
  assert.equal(new Webhook(rotated.secret).verify(again.body, again.headers).type, "appointment.booked");
  thin(again, third);
  checked.push({ headers: again.headers, body: again.body, secrets: [rotated.secret, secret] });
  receiver.kill("SIGKILL");

  // The same deliveries, verified by the Python library.
  const file = join(dir, "deliveries.json");
  writeFileSync(file, JSON.stringify(checked));
  const python = spawnSync(join(root, ".tools", "python", "bin", "python"), [join(root, "tests", "interop", "verify_webhooks.py"), file], { encoding: "utf8" });
  assert.equal(python.status, 0, python.stderr + python.stdout);
  console.log(python.stdout.trim());
});

test("two receivers on one PostgreSQL database never both deliver one event", async () => {
  const server = process.env.CANDOR_TEST_POSTGRES;
  assert.ok(server, "./test starts PostgreSQL and sets CANDOR_TEST_POSTGRES; set it to run this test alone");
  const bin = readdirSync("/usr/lib/postgresql").sort().map((v) => `/usr/lib/postgresql/${v}/bin`).pop();
  const name = `candor_webhooks_${process.pid}`;
  const url = new URL(server);
  const created = spawnSync(join(bin, "createdb"), ["-h", url.hostname, "-p", url.port, "-U", url.username || "postgres", name], { encoding: "utf8" });
  assert.equal(created.status, 0, created.stderr);
  const db = `${server}/${name}`;
  process.env.CANDOR_KEY_FILE = join(dir, "pg.key");
  const key = cli("api-keys", "create", "--db", db, "--name", "EHR hooks", "--scope", "webhooks").trim();
  const [portA, portB] = [await freePort(), await freePort()];
  await startReceiver(db, portA);
  await startReceiver(db, portB);
  const endpoint = await post(portB, key, "/api/v1/webhooks", {
    url: `http://127.0.0.1:${sinkPort}/pg`,
    event_types: ["appointment.booked"],
  });
  got.length = 0;
  const names = book(db, 40);
  await waitFor("forty deliveries", () => new Set(got.map((d) => d.headers["webhook-id"])).size === 40);
  // Time for a second delivery of any of them to arrive, if one were made.
  await new Promise((r) => setTimeout(r, 3_000));
  const counts = new Map();
  const hook = new Webhook(endpoint.secret);
  for (const d of got) {
    hook.verify(d.body, d.headers);
    thin(d, names);
    counts.set(d.headers["webhook-id"], (counts.get(d.headers["webhook-id"]) ?? 0) + 1);
  }
  assert.deepEqual([...counts.values()].filter((c) => c !== 1), [], "an event delivered twice");
  assert.equal(got.length, 40);
});

test("an https endpoint on the clinic's network is trusted under the clinic's own certificate authority", async () => {
  const tls = join(root, "tests", "interop", "tls");
  const bodies = [];
  const server = createTls({ key: readFileSync(join(tls, "gateway.key")), cert: readFileSync(join(tls, "gateway.pem")) }, (request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      bodies.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  const tlsPort = await freePort();
  await new Promise((resolve) => server.listen(tlsPort, "127.0.0.1", resolve));
  try {
    const db = join(dir, "tls.sqlite");
    process.env.CANDOR_KEY_FILE = join(dir, "tls.key");
    const key = cli("api-keys", "create", "--db", db, "--name", "EHR on the clinic's network", "--scope", "webhooks").trim();
    const port = await freePort();
    await startReceiver(db, port, "--webhook-ca", join(tls, "gateway-ca.pem"));
    const endpoint = await post(port, key, "/api/v1/webhooks", {
      url: `https://127.0.0.1:${tlsPort}/tls`,
      event_types: ["appointment.booked"],
    });
    const names = book(db, 1);
    const d = await waitFor("the delivery over TLS", () => bodies[0]);
    assert.equal(new Webhook(endpoint.secret).verify(d.body, d.headers).type, "appointment.booked");
    thin(d, names);
  } finally {
    server.close();
  }
});
