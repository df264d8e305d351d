// Shared by the performance reports: the reference receiver serving dist/ on loopback
// with a throwaway database, and the statistics they print.

import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Starts `candor-receiver serve` on 127.0.0.1:`port`; resolves once it answers. */
export async function startReceiver(port) {
  const bin = process.env.CANDOR_RECEIVER ?? "target/debug/candor-receiver";
  const db = join(tmpdir(), `candor-perf-${port}-${process.pid}.sqlite`);
  const child = spawn(bin, ["serve", "--listen", `127.0.0.1:${port}`, "--dist", "dist", "--db", db, "--key-file", `${db}.key`], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => {
    child.kill();
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${bin} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`${bin} did not answer on ${url}`);
}

/** The median of `values`. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The smallest and largest of `values`. */
export function spread(values) {
  return [Math.min(...values), Math.max(...values)];
}
