import { defineConfig, devices } from "@playwright/test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rmSync } from "node:fs";

// End-to-end tests drive Debian's Chromium (Playwright cannot download browsers here)
// against the release build in dist/, served by the reference receiver (its security
// headers, its submission endpoint) with a database of the run's own.
const receiver = process.env.CANDOR_RECEIVER ?? "target/debug/candor-receiver";
const port0 = Number(process.env.CANDOR_E2E_PORT ?? 8091);
// One database per run, named by port so tests can read it; the runner (not its
// workers, which load this file too) starts it empty.
const database = join(tmpdir(), `candor-e2e-${port0}.sqlite`);
if (!process.env.TEST_WORKER_INDEX) for (const f of [database, `${database}-wal`, `${database}-shm`]) rmSync(f, { force: true });
process.env.CANDOR_E2E_DB = database;
// The key that seals the run's health data, beside its database: read by the receiver
// and by every `candor-receiver` command the tests run (they inherit the environment).
process.env.CANDOR_KEY_FILE = `${database}.key`;
process.env.CANDOR_RECEIVER_BIN = receiver;
const port = Number(process.env.CANDOR_E2E_PORT ?? 8091);
const launchOptions = {
  executablePath: process.env.CANDOR_CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    trace: "off",
  },
  projects: [
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions } },
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions } },
  ],
  webServer: {
    // The embedding tests put the widget in an iframe on a clinic page at
    // http://localhost:PORT+1 (embedding.spec.ts) and PORT+2 and +3 (embed-kit.spec.ts), other
    // origins than the widget's http://127.0.0.1:PORT. Webhooks may reach loopback, where
    // integrations.spec.ts listens for them.
    command: `${receiver} serve --listen 127.0.0.1:${port} --dist dist --db ${database} --frame-ancestors "'self' http://localhost:${port + 1} http://localhost:${port + 2} http://localhost:${port + 3}" --webhook-allow-internal 127.0.0.1 --webhook-first-retry-ms 500`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
