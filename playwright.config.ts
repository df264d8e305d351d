import { defineConfig, devices } from "@playwright/test";
import { tmpdir } from "node:os";
import { join } from "node:path";

// End-to-end tests drive Debian's Chromium (Playwright cannot download browsers here)
// against the release build in dist/, served by the reference receiver (its security
// headers, its submission endpoint) with a database of the run's own.
const receiver = process.env.CANDOR_RECEIVER ?? "target/debug/candor-receiver";
const database = join(tmpdir(), `candor-e2e-${Date.now()}.sqlite`);
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
    command: `${receiver} serve --listen 127.0.0.1:${port} --dist dist --db ${database}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
