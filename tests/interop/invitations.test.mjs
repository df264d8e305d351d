// Invitations that reach the patient, through a real SMTP server (npm `smtp-server`,
// started here on loopback) and the receiver's binary: appointments imported from a
// booking export are invited by email in the patient's language, with the link and
// the clinic's name and no treatment named; with the mail server down the
// appointment is kept and shown "not sent" with the reason, and the message arrives
// once the server is back, once, even after the receiver was killed meanwhile.
//
//   node --test tests/interop/   (CANDOR_RECEIVER=path to the binary; default target/debug)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { cli, freePort, root, serve, waitFor } from "./support.mjs";

let dir, db, smtpPort, smtp, receiver;
const received = [];


/** The mail server: every message kept with its recipients. */
async function startSmtp() {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, done) {
      let raw = "";
      stream.on("data", (chunk) => (raw += chunk));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise((resolve) => server.listen(smtpPort, "127.0.0.1", resolve));
  return server;
}

/** `serve` with the mail server, retrying a failed message after a second. */
function startReceiver() {
  return serve(["--listen", "127.0.0.1:0", "--db", db, "--dist", join(dir, "dist"),
    "--smtp-url", `smtp://127.0.0.1:${smtpPort}`, "--mail-from", "Lumen <forms@lumen.example>",
    "--public-url", "https://intake.lumen.example/", "--retry-seconds", "1"]);
}


function importRows(...rows) {
  const file = join(dir, `export-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, ["Appointment ID,Start Time,Staff,Service,Client Name,Client Email,Language", ...rows].join("\n"));
  return cli("appointments", "import", "--db", db, "--source", "boulevard", file);
}


/** A message's text with its quoted-printable encoding undone. */
function text(raw) {
  const bytes = raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "candor-invitations-"));
  mkdirSync(join(dir, "dist"));
  writeFileSync(join(dir, "dist", "index.html"), "<!doctype html><title>invitations</title>");
  copyFileSync(join(root, "crates/core/profiles/demo.json"), join(dir, "dist", "profile.json"));
  db = join(dir, "db.sqlite");
  process.env.CANDOR_KEY_FILE = join(dir, "db.key");
  smtpPort = await freePort();
  smtp = await startSmtp();
  receiver = await startReceiver();
});

after(() => {
  receiver?.kill("SIGKILL");
  smtp?.close();
});

test("an invitation arrives in the patient's language, with the clinic, the time and the link, and no treatment named", async () => {
  importRows(
    "B-1,2031-05-06T10:30:00-05:00,Dr. Ruiz,ha_filler,Ximena Ortega,ximena@example.org,es",
    "B-2,2031-05-06T11:00:00-05:00,Dr. Ruiz,neurotoxin;chemical_peel,Zora Ivanova,zora@example.org,en",
  );
  const es = await waitFor("the Spanish invitation", () => received.find((m) => m.to.includes("ximena@example.org")));
  const en = await waitFor("the English invitation", () => received.find((m) => m.to.includes("zora@example.org")));
  const spanish = text(es.raw);
  assert.match(spanish, /Subject: Sus formularios para Lumen Aesthetics & Wellness/);
  assert.match(spanish, /Hola Ximena:/);
  assert.match(spanish, /2031-05-06 a las 10:30/);
  assert.match(spanish, /https:\/\/intake\.lumen\.example\/#invite=inv-[\w-]+\.[\w-]+&draft=[\w-]+/);
  assert.match(spanish, /\(555\) 010-4477/);
  const english = text(en.raw);
  assert.match(english, /Subject: Your forms for Lumen Aesthetics & Wellness/);
  assert.match(english, /Hello Zora,/);
  for (const message of [spanish, english]) {
    for (const treatment of ["filler", "relleno", "neurotoxin", "toxina", "peel", "peeling", "botox"]) {
      assert.ok(!message.toLowerCase().includes(treatment), `an invitation names ${treatment}`);
    }
  }
  // The receiver marks an appointment sent once the server has taken the message, a
  // moment after the message can be read here: both are shown sent within that moment.
  const sent = (day) => day.split("\n").filter((l) => l.includes("\tsent by email\t")).length;
  const day = await waitFor("both appointments shown sent", () => {
    const d = cli("appointments", "day", "--db", db, "2031-05-06");
    return sent(d) === 2 ? d : undefined;
  });
  assert.equal(sent(day), 2, day);
});

test("with the mail server down the appointment is kept and shown not sent, and the message arrives once the server is back, once, even after the receiver was killed", async () => {
  await new Promise((resolve) => smtp.close(resolve));
  importRows("B-3,2031-05-07T09:00:00-05:00,Nurse Lee,chemical_peel,Yusuf Demir,yusuf@example.org,en");
  const day = await waitFor("the reason shown", () => {
    const listed = cli("appointments", "day", "--db", db, "2031-05-07");
    return listed.includes("not sent: the mail server could not be reached") && listed;
  });
  assert.match(day, /Yusuf Demir/);
  // The receiver dies while the message waits; the mail server comes back; a new
  // receiver sends it, once.
  receiver.kill("SIGKILL");
  await new Promise((r) => setTimeout(r, 200));
  smtp = await startSmtp();
  receiver = await startReceiver();
  await waitFor("the invitation after the restart", () => received.find((m) => m.to.includes("yusuf@example.org")));
  await new Promise((r) => setTimeout(r, 4_000));
  assert.equal(received.filter((m) => m.to.includes("yusuf@example.org")).length, 1, "sent once");
  assert.match(cli("appointments", "day", "--db", db, "2031-05-07"), /\tsent by email\t/);
});
