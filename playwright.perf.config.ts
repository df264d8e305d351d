import { defineConfig, devices } from "@playwright/test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rmSync } from "node:fs";

// The interaction report (tests/perf): one worker, a phone, the CPU slowed 4x through
// CDP, the release build served by the reference receiver on loopback. It prints
// figures; it is not a timed pass/fail test (see README, "Performance report").
const receiver = process.env.CANDOR_RECEIVER ?? "target/debug/candor-receiver";
const port = Number(process.env.CANDOR_PERF_PORT ?? 8131);
const database = join(tmpdir(), `candor-perf-${port}.sqlite`);
if (!process.env.TEST_WORKER_INDEX) for (const f of [database, `${database}-wal`, `${database}-shm`]) rmSync(f, { force: true });
// The key that seals the run's health data, beside its database.
process.env.CANDOR_KEY_FILE = `${database}.key`;

export default defineConfig({
  testDir: "tests/perf",
  testMatch: "*.perf.ts",
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  timeout: 180_000,
  use: { baseURL: `http://127.0.0.1:${port}/`, trace: "off" },
  projects: [
    {
      name: "phone",
      use: {
        ...devices["Pixel 7"],
        launchOptions: {
          executablePath: process.env.CANDOR_CHROMIUM ?? "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        },
      },
    },
  ],
  webServer: {
    command: `${receiver} serve --listen 127.0.0.1:${port} --dist dist --db ${database}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
