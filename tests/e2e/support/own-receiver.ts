// A receiver of a test's own, for what the shared one cannot show (a mail server, a
// clinic profile of the test's own): a free loopback port, `serve` started with the
// test's arguments and awaited until it says it is serving, and the command line.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { expect } from "./test";
import { receiver } from "./submit";

/** A loopback port nothing listens on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `candor-receiver serve` with `args`, once it is serving. */
export async function ownReceiver(args: string[]): Promise<ChildProcess> {
  const child = spawn(receiver, ["serve", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let text = "";
    child.stderr!.on("data", (chunk) => {
      text += chunk;
      if (text.includes("serving")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the receiver exited (${code}): ${text}`)));
  });
  return child;
}

/** A `candor-receiver` command that must succeed; its output. */
export function cli(...args: string[]): string {
  const run = spawnSync(receiver, args, { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}
