import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type Frame, type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { expectNoAxeViolations } from "./support/axe";
import { Patient } from "./support/patient";
import { toMedicines, walkEveryStep } from "./support/flow";
import { reference, signEverything, stored } from "./support/submit";

// The embedding snippet on a clinic's page: the widget at http://127.0.0.1:PORT/, the
// clinic's page at http://localhost:PORT+2 for the phone project and PORT+3 for the
// desktop one (both listed in the receiver's frame-ancestors by playwright.config.ts),
// and the same page at http://127.0.0.1:PORT+2 or +3, which is not listed.
const port = Number(process.env.CANDOR_E2E_PORT ?? 8091);
const widget = `http://127.0.0.1:${port}/`;
const PROFILE = "e2e-kit-profile.json";
let clinicPort = port + 2;
let clinicOrigin = "";
let unlistedOrigin = "";

let clinicPage = "";
let server: Server;
test.describe.configure({ mode: "serial" });
test.beforeAll(async ({}, info) => {
  clinicPort = port + (info.project.name === "phone" ? 2 : 3);
  clinicOrigin = `http://localhost:${clinicPort}`;
  unlistedOrigin = `http://127.0.0.1:${clinicPort}`;
  server = createServer((_, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(clinicPage);
  });
  await new Promise<void>((resolve) => server.listen(clinicPort, "127.0.0.1", resolve));
});
test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

/** The demo profile naming the clinic's page as the page the widget may talk to. */
async function serveProfile(page: Page) {
  const profile = JSON.parse(readFileSync("crates/core/profiles/demo.json", "utf8"));
  profile.delivery.push({ type: "parent_page", id: "clinic-site", origin: clinicOrigin });
  await page.route(`${widget}${PROFILE}`, (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify(profile) }),
  );
}

/**
 * Opens the clinic's page (at `origin`) with the pasted snippet; `attributes` are the
 * snippet's options. The page records every `candor:*` event on the host element.
 */
async function openWithSnippet(page: Page, attributes = "", origin = clinicOrigin) {
  await serveProfile(page);
  clinicPage = `<!doctype html><html lang="en"><title>Lumen Aesthetics: book your visit</title>
<main><h1>Before your visit</h1><p>Please fill in your forms below.</p>
<div id="intake" data-candor-widget data-src="${widget}?profile=%2F${PROFILE}" data-loading="eager" ${attributes}></div>
<p>Questions? Call us.</p></main>
<script>
window.events = [];
for (const name of ["ready", "started", "paper_chosen", "signed", "queued", "received", "failed", "resize", "step"]) {
  document.getElementById("intake").addEventListener("candor:" + name, (e) => window.events.push({ type: e.type, detail: e.detail }));
}
</script>
<script src="${widget}embed/candor-embed.js" async></script>`;
  await page.goto(`${origin}/clinic.html`);
}

/** The widget's frame once the snippet made it and it shows its welcome. */
async function widgetFrame(page: Page, welcome = /^Welcome to /): Promise<Frame> {
  const element = page.locator("#intake iframe");
  await expect(element).toHaveCount(1);
  const frame = (await (await element.elementHandle())!.contentFrame())!;
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText(welcome);
  return frame;
}

/** The frame's height on the clinic's page and the height of what it shows. */
async function heights(page: Page, frame: Frame) {
  const outer = await page.locator("#intake iframe").evaluate((f) => f.getBoundingClientRect().height);
  const inner = await frame.evaluate(() => ({
    content: document.documentElement.scrollHeight,
    viewport: window.innerHeight,
  }));
  return { outer, ...inner };
}

/** The frame is as tall as its content, within 2 px, so there is no inner scrollbar. */
async function expectExactHeight(page: Page, frame: Frame, where: string) {
  await expect
    .poll(async () => {
      const h = await heights(page, frame);
      return Math.abs(h.outer - h.content) <= 2 && h.content <= h.viewport + 2;
    }, { message: `frame height follows the content on ${where}` })
    .toBe(true);
}

const events = (page: Page) =>
  page.evaluate(() => (window as unknown as { events: { type: string; detail: Record<string, unknown> }[] }).events);

test("the snippet mounts the widget, and the frame is exactly as tall as every step", async ({ page }) => {
  test.setTimeout(120_000);
  await openWithSnippet(page);
  const iframe = page.locator("#intake iframe");
  await expect(iframe).toHaveAttribute("title", "Health questions and consent forms");
  await expect(iframe).toHaveAttribute("referrerpolicy", "no-referrer");
  await expect(iframe).toHaveAttribute("allow", /camera 'none'/);
  const frame = await widgetFrame(page);
  await expect(page.locator(".candor-embed-status")).toBeHidden();
  const patient = new Patient(frame);
  const steps = await walkEveryStep(patient, async (step) => {
    await expectExactHeight(page, frame, step);
    const top = await iframe.evaluate((f) => f.getBoundingClientRect().top);
    expect(top, `the frame's top is in view on ${step}`).toBeGreaterThanOrEqual(-1);
  });
  expect(steps).toBe(14);
});

test("suggestions opening and closing resize the frame", async ({ page, isMobile }) => {
  test.skip(!isMobile, "runs on the phone project");
  await openWithSnippet(page);
  const frame = await widgetFrame(page);
  const patient = new Patient(frame);
  await toMedicines(patient);
  const before = (await heights(page, frame)).outer;
  await frame.getByRole("combobox", { name: "Name of the medicine or supplement" }).pressSequentially("ibu");
  await expect(frame.getByRole("listbox")).toBeVisible();
  await expect.poll(async () => (await heights(page, frame)).outer).toBeGreaterThan(before);
  await expectExactHeight(page, frame, "medicines with suggestions open");
  await frame.getByRole("combobox", { name: "Name of the medicine or supplement" }).press("Escape");
  await expectExactHeight(page, frame, "medicines with suggestions closed");
});

test("a full visit through the snippet on a phone: one verified record, and the page hears only ids", async ({ page, isMobile }) => {
  test.skip(!isMobile, "runs on the phone project");
  await openWithSnippet(page);
  const frame = await widgetFrame(page);
  const patient = new Patient(frame);
  await signEverything(patient, false);
  await expect(frame.locator("#send-status")).toContainText("Received by the clinic at");
  const id = await reference(frame);
  expect(stored().filter((s) => s === id)).toHaveLength(1);

  await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain("candor:received");
  const heard = await events(page);
  expect(heard.map((e) => e.type)).toEqual(["candor:ready", "candor:started", "candor:signed", "candor:received"]);
  for (const e of heard) {
    for (const [key, value] of Object.entries(e.detail)) {
      expect(key).toBe("submissionId");
      expect(value).toBe(id);
    }
  }
  expect(JSON.stringify(heard)).not.toContain("Delgado");
});

test("messages forged by another frame, the page itself or in another shape are ignored", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  await openWithSnippet(page);
  const frame = await widgetFrame(page);
  await expectExactHeight(page, frame, "the welcome screen");
  const height = () => page.locator("#intake iframe").evaluate((f) => f.getBoundingClientRect().height);
  const before = await height();

  // A third frame on the clinic's page, and the page itself, pretending to be the widget.
  await page.evaluate(() => {
    const forged = document.createElement("iframe");
    forged.srcdoc = `<script>parent.postMessage({ source: "candor", event: "resize", height: 7 }, "*");
      parent.postMessage({ source: "candor", event: "received", submission_id: "0b7a5d1e-3c2f-4a9b-8e6d-1f2a3b4c5d6e" }, "*");</script>`;
    document.body.appendChild(forged);
    window.postMessage({ source: "candor", event: "resize", height: 9 }, "*");
  });
  // From the widget's own frame and origin, but not in a documented shape.
  await frame.evaluate(() => {
    parent.postMessage({ source: "candor", event: "resize", height: 11, legal_name: "Ana" }, "*");
    parent.postMessage({ source: "candor", event: "received", submission_id: "Ana María" }, "*");
    parent.postMessage({ source: "candor", event: "exfiltrate" }, "*");
    parent.postMessage("candor:received", "*");
  });
  await page.waitForTimeout(500);
  expect(await height()).toBe(before);
  expect((await events(page)).map((e) => e.type)).toEqual(["candor:ready"]);

  // The widget listens to no message at all: one from the page changes nothing.
  await page.evaluate(() => {
    const f = document.querySelector("#intake iframe") as HTMLIFrameElement;
    f.contentWindow!.postMessage({ source: "candor-embed", accent: "#ff0000", step: "review" }, "*");
  });
  await page.waitForTimeout(300);
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText(/^Welcome to /);
  const accent = await frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--candor-color-accent").trim());
  expect(accent).toBe("#0b5e55");

  // The check is not vacuous: the same shape from the widget's frame is applied.
  await frame.evaluate(() => parent.postMessage({ source: "candor", event: "resize", height: 321 }, "*"));
  await expect.poll(height).toBe(321);
});

test("a clinic page not listed in frame-ancestors cannot show the widget", async ({ page, isMobile, pageProblems }) => {
  test.skip(isMobile, "runs on the desktop project");
  pageProblems.allow(/frame-ancestors|Refused to frame|Failed to load resource/);
  await openWithSnippet(page, "", unlistedOrigin);
  const iframe = page.locator("#intake iframe");
  await expect(iframe).toHaveCount(1);
  await page.waitForTimeout(1_500);
  const frame = (await (await iframe.elementHandle())!.contentFrame())!;
  expect(frame.url(), "the browser refused to show the widget there").toMatch(/^chrome-error:/);
  await expect(frame.getByRole("heading", { name: /Welcome to/ })).toHaveCount(0);
  expect(await events(page)).toEqual([]);
  await expect(page.locator(".candor-embed-status")).toHaveText("Loading the form…");
});

test("the clinic's colour and text size are applied when they keep the contrast, refused with a warning otherwise", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  const warnings: string[] = [];
  page.on("console", (m) => m.type() === "warning" && m.text().startsWith("Candor:") && warnings.push(m.text()));
  await openWithSnippet(page, 'data-accent="#6b2c91" data-font-size="18" data-lang="es"');
  let frame = await widgetFrame(page, /^Le damos la bienvenida/);
  await expect(frame.locator("html")).toHaveAttribute("lang", "es");
  const start = frame.locator("form.step button[type=submit]");
  expect(await start.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe("rgb(107, 44, 145)");
  expect(await frame.evaluate(() => getComputedStyle(document.body).fontSize)).toBe("18px");
  expect(warnings).toEqual([]);

  await page.goto("about:blank");
  await openWithSnippet(page, 'data-accent="#ffcc00" data-font-size="40"');
  frame = await widgetFrame(page);
  await expect.poll(() => warnings.length).toBe(2);
  expect(warnings.join("\n")).toContain("accent colour was refused");
  expect(warnings.join("\n")).toContain("font size was refused");
  const button = frame.locator("form.step button[type=submit]");
  expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe("rgb(11, 94, 85)");
});

test("where the frame cannot store, the page offers the form in a tab of its own", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  // Storage blocked in the widget's frame, as some browsers' privacy settings do.
  await page.addInitScript((origin) => {
    if (location.origin === origin) Object.defineProperty(window, "indexedDB", { get: () => undefined });
  }, new URL(widget).origin);
  await openWithSnippet(page);
  await widgetFrame(page);
  const link = page.getByRole("link", { name: "Open the form in a new tab" });
  await expect(link).toBeVisible();
  expect(await link.getAttribute("href")).toContain(widget);
  await expect(link).toHaveAttribute("target", "_blank");
});

test("the clinic's page with the widget embedded has no axe-core violations", async ({ page }) => {
  await openWithSnippet(page);
  await widgetFrame(page);
  await expectNoAxeViolations(page, "a clinic's page with the widget embedded");
});

test("the embedding guide served at /embed/ shows the snippet and a live example that follows its height", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  await page.goto(`${widget}embed/`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Put Candor on your clinic's website");
  await expect(page.locator("#snippet")).toContainText("data-candor-widget");
  await expect(page.locator("#snippet")).toContainText("candor-embed.js");
  const element = page.locator("#example iframe");
  await expect(element).toHaveCount(1);
  const frame = (await (await element.elementHandle())!.contentFrame())!;
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText(/^Welcome to /);
  await expect
    .poll(async () => {
      const outer = await element.evaluate((f) => f.getBoundingClientRect().height);
      const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
      return Math.abs(outer - inner) <= 2;
    })
    .toBe(true);
  await expectNoAxeViolations(page, "the embedding guide");
});
