// What the interop tests share: the receiver's binary, a free loopback port, `serve`
// started and awaited until it says it is serving, a command that must succeed, and
// waiting for something to happen.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The receiver's binary (CANDOR_RECEIVER, or target/debug's). */
export const binary = process.env.CANDOR_RECEIVER ?? join(root, "target", "debug", "candor-receiver");

/** A loopback port nothing listens on. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `candor-receiver serve` with `args` (and `env`), once it says it is serving. */
export async function serve(args, env = process.env) {
  const child = spawn(binary, ["serve", ...args], { stdio: ["ignore", "ignore", "pipe"], env });
  await new Promise((resolve, reject) => {
    let text = "";
    child.stderr.on("data", (chunk) => {
      text += chunk;
      if (text.includes("serving")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the receiver exited (${code}): ${text}`)));
  });
  return child;
}

/** A `candor-receiver` command that must succeed; its output. */
export function cli(...args) {
  const run = spawnSync(binary, args, { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

/** What `check` finds, once it finds something within `ms`; fails the test after. */
export async function waitFor(what, check, ms = 15_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const found = check();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`waited ${ms} ms for ${what}`);
}
