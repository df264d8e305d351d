import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { Patient } from "./support/patient";
import { adult, fillDetails, next, startWith } from "./support/flow";
import { finish, outboxItems, reference, signAllButLast, signEverything, stored } from "./support/submit";

// A clinic's page on another origin than the widget: http://localhost:PORT+1, served
// by a small server of the test's own on the loopback interface, embeds the widget at
// http://127.0.0.1:PORT/ (playwright.config.ts allows that page in frame-ancestors).
const port = Number(process.env.CANDOR_E2E_PORT ?? 8091);
const clinicOrigin = `http://localhost:${port + 1}`;
const widget = `http://127.0.0.1:${port}/`;

let clinicPage = "";
let server: Server;
// Desktop only: one clinic server on PORT+1, never started twice.
test.skip(({ isMobile }) => isMobile, "the embedding tests run on the desktop project");
test.describe.configure({ mode: "serial" });
test.beforeAll(async ({}, info) => {
  // Playwright still runs this hook in the phone project's worker, where every test
  // is skipped; only the desktop worker may hold the port.
  if (info.project.name !== "desktop") return;
  server = createServer((_, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(clinicPage);
  });
  await new Promise<void>((resolve) => server.listen(port + 1, "127.0.0.1", resolve));
});
test.afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve));
});

type Heard = { origin: string; data: unknown };

/** Opens the clinic's page with the widget in an iframe (`sandbox` as given) and
 * returns the widget's frame; the page records every message it receives. */
async function openClinicPage(page: Page, src: string, sandbox?: string) {
  clinicPage = `<!doctype html><html lang="en"><title>Our clinic</title>
<script>window.heard = []; addEventListener("message", (e) => window.heard.push({ origin: e.origin, data: e.data }));</script>
<h1>Book with us</h1>
<iframe id="candor" title="Intake forms" ${sandbox === undefined ? "" : `sandbox="${sandbox}"`}
  src="${src}" style="width: 100%; height: 1600px; border: 0"></iframe>`;
  await page.goto(`${clinicOrigin}/clinic.html`);
  const frame = (await (await page.locator("#candor").elementHandle())!.contentFrame())!;
  expect(frame, "the widget's frame").toBeTruthy();
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText(/^Welcome to /);
  return frame;
}

/** The demo profile with one more delivery target: the embedding page at `origin`. */
async function serveProfileNaming(page: Page, origin: string) {
  const profile = JSON.parse(readFileSync("crates/core/profiles/demo.json", "utf8"));
  profile.delivery.push({ type: "parent_page", id: "clinic-site", origin });
  await page.route(`${widget}e2e-embedded-profile.json`, (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify(profile) }),
  );
  return `${widget}?profile=%2Fe2e-embedded-profile.json`;
}

const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: Heard[] }).heard);

test("the embedding page hears the visit's lifecycle and never an answer, a name or a date of birth", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  const frame = await openClinicPage(page, await serveProfileNaming(page, clinicOrigin));
  const patient = new Patient(frame);
  await signEverything(patient, false);
  await expect(frame.locator("#send-status")).toContainText("Received by the clinic at");
  const id = await reference(frame);
  expect(stored().filter((s) => s === id)).toHaveLength(1);

  // The frame's own messages (its height, a new step, whether it can store; this
  // browser may refuse storage to a frame of another site) are checked apart: they
  // carry a number of pixels or nothing.
  const FRAME_EVENTS = ["resize", "step", "no_storage"];
  const lifecycle = async () => (await heard(page)).filter((m) => !FRAME_EVENTS.includes((m.data as { event: string }).event));
  await expect.poll(async () => (await lifecycle()).map((m) => (m.data as { event: string }).event)).toEqual([
    "ready",
    "started",
    "signed",
    "received",
  ]);
  for (const m of await heard(page)) {
    const data = m.data as Record<string, unknown>;
    if (!FRAME_EVENTS.includes(data.event as string)) continue;
    expect(m.origin).toBe(new URL(widget).origin);
    expect(Object.keys(data).sort(), JSON.stringify(data)).toEqual(data.event === "resize" ? ["event", "height", "source"] : ["event", "source"]);
    if (data.event === "resize") expect(Number.isInteger(data.height)).toBe(true);
  }
  const messages = await lifecycle();
  for (const m of messages) {
    expect(m.origin).toBe(new URL(widget).origin);
    const data = m.data as Record<string, unknown>;
    expect(data.source).toBe("candor");
    expect(Object.keys(data).every((k) => ["source", "event", "submission_id", "status"].includes(k)), JSON.stringify(data)).toBe(true);
    if ("submission_id" in data) expect(data.submission_id).toBe(id);
  }
  // The submission id (checked above) is random: "555" or "1985" may be in it by chance.
  const everything = JSON.stringify(messages).replaceAll(id, "<id>");
  for (const secret of [adult.legalName, "Rosa", "Delgado", adult.mobile, "555", "1985", adult.emergency, "massage", "light"]) {
    expect(everything, `no "${secret}" in any message`).not.toContain(secret);
  }
});

test("a page whose origin the profile does not name hears nothing", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  const frame = await openClinicPage(page, await serveProfileNaming(page, "https://www.other-clinic.example"));
  const patient = new Patient(frame);
  await patient.press(frame.locator("form.step button[type=submit]"));
  await expect(frame.locator("input[name=treatments]").first()).toBeVisible();
  await page.waitForTimeout(500);
  expect(await heard(page)).toEqual([]);
});

test("in a sandboxed iframe with no storage the page never claims saved, and the submission arrives once", async ({ page, context, isMobile, pageProblems }) => {
  pageProblems.allow(/ERR_INTERNET_DISCONNECTED/);
  test.skip(isMobile, "runs on the desktop project");
  const frame = await openClinicPage(page, widget, "allow-scripts allow-forms");
  const storage = await frame.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        try {
          const probe = indexedDB.open("probe");
          probe.onsuccess = () => resolve(true);
          probe.onerror = () => resolve(false);
        } catch {
          resolve(false);
        }
      }),
  );
  expect(storage, "no IndexedDB in an opaque origin").toBe(false);
  const patient = new Patient(frame);
  await signAllButLast(patient, false);
  await frame.evaluate(() => {
    const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
    new MutationObserver(() => seen.push(document.getElementById("send-status")?.textContent ?? "")).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  await context.setOffline(true);
  await finish(patient);
  await expect(frame.locator("#send-status")).toContainText("keep this page open");
  const id = await reference(frame);
  expect(stored()).not.toContain(id);
  await context.setOffline(false);
  await expect(frame.locator("#send-status")).toContainText("Received by the clinic at", { timeout: 20_000 });
  expect(stored().filter((s) => s === id)).toHaveLength(1);
  const seen = await frame.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((t) => /saved on this device/i.test(t))).toEqual([]);
});

test("in a sandboxed frame with no storage, keeping answers is never offered, and the patient is told why", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  const frame = await openClinicPage(page, widget, "allow-scripts allow-forms");
  const patient = new Patient(frame);
  await startWith(patient, ["massage"]);
  await fillDetails(patient);
  await next(patient);
  await expect(frame.getByText("This browser cannot keep your answers on this device")).toBeVisible();
  await expect(frame.getByRole("checkbox", { name: /Keep my answers/ })).toHaveCount(0);
});
