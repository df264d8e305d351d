// Interoperability of the signed summary with an independent JOSE implementation
// (npm `jose`), through the real receiver binary and its SQLite file:
// a summary signed by jose is accepted and stored once; the stored JWS verifies with
// jose and its thumbprint matches; a tampered payload is refused by jose, by the
// receiver's API and by `candor-receiver verify`.
//
//   node --test tests/interop/   (CANDOR_RECEIVER=path to the binary; default target/debug)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createHash, randomUUID } from "node:crypto";
import * as jose from "jose";
import { TYP, canonical, signedByJose } from "../support/jose-signing.mjs";
import { verifySummary } from "../../examples/verify-summary.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const binary = process.env.CANDOR_RECEIVER ?? join(root, "target", "debug", "candor-receiver");
const fixture = JSON.parse(readFileSync(join(root, "crates/core/tests/fixtures/summary-neurotoxin.json"), "utf8"));

let dir, server, origin;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "candor-interop-"));
  mkdirSync(join(dir, "dist"));
  writeFileSync(join(dir, "dist", "index.html"), "<!doctype html><title>interop</title>");
  // The key that seals health data, beside the database (the receiver makes it, and
  // the `export` commands below read it through the same variable).
  process.env.CANDOR_KEY_FILE = join(dir, "db.key");
  server = spawn(binary, ["serve", "--listen", "127.0.0.1:0", "--db", join(dir, "db.sqlite"), "--dist", join(dir, "dist")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  origin = await new Promise((resolve, reject) => {
    let text = "";
    server.stderr.on("data", (chunk) => {
      text += chunk;
      const m = text.match(/on (http:\/\/[^/\s]+)\//);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`receiver exited (${code}): ${text}`)));
  });
});

after(() => {
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

function post(jws, summary) {
  return fetch(`${origin}/api/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `"${summary.submission_id}"` },
    body: JSON.stringify({ jws, summary }),
  });
}

function receiver(...args) {
  return spawnSync(binary, args, { encoding: "utf8" });
}

function tamper(jws) {
  const [h, p, s] = jws.split(".");
  const payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
  payload.findings = [];
  return [h, Buffer.from(canonical(payload)).toString("base64url"), s].join(".");
}

test("a jose-signed summary is stored once and its stored JWS verifies with jose", async () => {
  const summary = { ...fixture, submission_id: randomUUID() };
  const { jws, kid } = await signedByJose(summary);

  const first = await post(jws, summary);
  assert.equal(first.status, 201, await first.clone().text());
  const receipt = await first.json();
  assert.equal(receipt.submission_id, summary.submission_id);
  assert.equal(receipt.jws_sha256, createHash("sha256").update(jws).digest("hex"));

  const again = await post(jws, summary);
  assert.equal(again.status, 201);
  assert.equal(again.headers.get("idempotent-replayed"), "true");
  assert.deepEqual(await again.json(), receipt);

  const ids = receiver("export", "--db", join(dir, "db.sqlite")).stdout.trim().split("\n");
  assert.equal(ids.filter((id) => id === summary.submission_id).length, 1);
  const stored = receiver("export", "--db", join(dir, "db.sqlite"), summary.submission_id).stdout.trim();
  assert.equal(stored, jws);

  const verified = await verifySummary(stored);
  assert.deepEqual(verified.summary, summary);
  assert.equal(verified.thumbprint, kid);

  const exported = join(dir, "stored.jws");
  writeFileSync(exported, stored);
  const report = receiver("verify", exported);
  assert.equal(report.status, 0, report.stdout + report.stderr);
  assert.equal(JSON.parse(report.stdout).kid, kid);
});

test("a tampered payload is refused by jose, by the receiver and by verify", async () => {
  const summary = { ...fixture, submission_id: randomUUID() };
  const { jws } = await signedByJose(summary);
  const tampered = tamper(jws);

  await assert.rejects(verifySummary(tampered), {
    code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
  });

  const readable = JSON.parse(Buffer.from(tampered.split(".")[1], "base64url").toString("utf8"));
  const response = await post(tampered, readable);
  assert.equal(response.status, 400);
  assert.equal((await response.json()).error, "jws_signature");

  const file = join(dir, "tampered.jws");
  writeFileSync(file, tampered);
  const report = receiver("verify", file);
  assert.equal(report.status, 1);
  assert.equal(JSON.parse(report.stdout).error, "jws_signature");

  const ids = receiver("export", "--db", join(dir, "db.sqlite")).stdout;
  assert.ok(!ids.includes(summary.submission_id));
});

test("the receiver refuses what jose would refuse: another algorithm, another type", async () => {
  const summary = { ...fixture, submission_id: randomUUID() };
  const secret = new TextEncoder().encode("a shared secret is not a signature");
  const hs = await new jose.CompactSign(new TextEncoder().encode(canonical(summary))).setProtectedHeader({ alg: "HS256", typ: TYP }).sign(secret);
  let response = await post(hs, summary);
  assert.equal(response.status, 400);
  assert.match((await response.json()).message, /only ES256/);

  const { publicKey, privateKey } = await jose.generateKeyPair("ES256");
  const { kty, crv, x, y } = await jose.exportJWK(publicKey);
  const jwk = { kty, crv, x, y };
  const jwt = await new jose.CompactSign(new TextEncoder().encode(canonical(summary)))
    .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: await jose.calculateJwkThumbprint(jwk), jwk })
    .sign(privateKey);
  response = await post(jwt, summary);
  assert.equal(response.status, 400);
  assert.match((await response.json()).message, /typ/);
});

test("the README's verification example refuses another type, another algorithm and a kid that is not the key's", async () => {
  const summary = { ...fixture, submission_id: randomUUID() };
  const bytes = new TextEncoder().encode(canonical(summary));
  const signed = async (alg, header) => {
    const { publicKey, privateKey } = await jose.generateKeyPair(alg);
    const { kty, crv, x, y, n, e } = await jose.exportJWK(publicKey);
    const jwk = alg === "ES256" ? { kty, crv, x, y } : { kty, n, e };
    const kid = await jose.calculateJwkThumbprint(jwk, "sha256");
    return new jose.CompactSign(bytes).setProtectedHeader({ alg, typ: TYP, kid, jwk, ...header }).sign(privateKey);
  };
  assert.equal((await verifySummary(await signed("ES256", {}))).summary.submission_id, summary.submission_id);
  await assert.rejects(verifySummary(await signed("ES256", { typ: "JWT" })), /not a Candor summary/);
  await assert.rejects(verifySummary(await signed("ES256", { typ: undefined })), /not a Candor summary/);
  await assert.rejects(verifySummary(await signed("ES256", { kid: "someone-else" })), /thumbprint/);
  await assert.rejects(verifySummary(await signed("PS256", {})), { code: "ERR_JOSE_ALG_NOT_ALLOWED" });
});
