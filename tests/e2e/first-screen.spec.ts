// The first screen in the first response (issue 34): the reference receiver renders the
// clinic's welcome into the page, in the patient's language, before any script runs;
// the widget takes its place without anything moving or any word changing, and a tap
// on Start while it loads is honoured as soon as it is ready. A page
// served as a static file (an integrator hosting dist/) starts as it always did.

import { readFileSync } from "node:fs";
import { type Page, type Route } from "@playwright/test";
import { expect, test } from "./support/test";
import { expectNoAxeViolations } from "./support/axe";

const clinic = "Lumen Aesthetics & Wellness";

/** Holds the widget's wasm until `release()` is called (the page then loads it). */
async function holdWasm(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let seen!: () => void;
  const requested = new Promise<void>((resolve) => (seen = resolve));
  await page.route(/\.wasm$/, async (route: Route) => {
    seen();
    await released;
    await route.continue();
  });
  return { requested, release };
}

/** Sums every layout shift of the page from its start (CLS as the browser reports it). */
async function recordLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { shifts: number };
    w.shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) w.shifts += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/** Two frames later, so every shift of the last change has been reported. */
async function settled(page: Page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The widget has taken the rendered screen's place and the loading screen is gone. */
async function widgetReady(page: Page) {
  await expect(page.locator("#app[data-rendered]")).toHaveCount(0);
  await expect(page.locator("#boot")).toHaveCount(0);
}

test("the clinic's welcome is painted with no script at all", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("h1.step-title")).toHaveText(`Welcome to ${clinic}`);
  await expect(page.locator(".clinic-name")).toHaveText(clinic);
  await expect(page.getByRole("heading", { name: "What we will ask" })).toBeVisible();
  await expect(page.getByText("Which treatments you are interested in")).toBeVisible();
  await expect(page.getByText(/^It takes about \d+ minutes\.$/)).toBeVisible();
  await expect(page.getByText(`Only the care team at ${clinic} sees your answers.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Start" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Español" })).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByText("Loading your forms")).toBeHidden();
  // Without JavaScript the form cannot run: the page says so above the welcome.
  await expect(page.getByRole("heading", { name: "Please turn on JavaScript" })).toBeVisible();
  await context.close();
});

test("the rendered welcome passes axe with the widget's script held back", async ({ page }) => {
  // Never answered: the welcome stays the receiver's (a script that fails to load
  // instead says the form has not loaded; boot.spec.ts).
  await page.route(/\.(js|wasm)$/, () => {});
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome to ${clinic}`);
  await expect(page.locator("#app[data-rendered=en]")).toBeVisible();
  await expectNoAxeViolations(page, "the rendered welcome");
});

test("the widget takes over without a layout shift, a word changed or the focus lost", async ({ page }) => {
  await recordLayoutShifts(page);
  const wasm = await holdWasm(page);
  await page.goto("/");
  await wasm.requested;
  const start = page.getByRole("button", { name: "Start" });
  await expect(start).toBeVisible();
  await expect(page.locator("#app[data-rendered]")).toHaveCount(1);
  await start.focus();
  const before = await page.locator("body").innerText();
  const boxes = async () =>
    Promise.all([".step-title", "form.step button[type=submit]", ".privacy", ".progress-fill", "#app .clinic-bar"].map((s) => page.locator(s).boundingBox()));
  const boxesBefore = await boxes();
  wasm.release();
  await widgetReady(page);
  await settled(page);
  expect(await page.locator("body").innerText(), "the same words, in the same order").toBe(before);
  expect(await boxes(), "every part where it was").toEqual(boxesBefore);
  expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts), "cumulative layout shift").toBe(0);
  await expect(page.getByRole("button", { name: "Start" }), "the focus stays on Start").toBeFocused();
  // It is the widget's now: Start moves on.
  await start.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What are you coming in for?");
});

test("Start tapped while the widget loads is honoured as soon as it is ready", async ({ page }) => {
  const wasm = await holdWasm(page);
  await page.goto("/");
  await wasm.requested;
  await page.getByRole("button", { name: "Start" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-early-start", "");
  await expect(page.getByRole("heading", { level: 1 }), "nothing happens without the widget").toHaveText(`Welcome to ${clinic}`);
  wasm.release();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What are you coming in for?");
  await expect(page.getByText("Step 2 of")).toBeVisible();
});

test.describe("on a browser set to Spanish", () => {
  test.use({ locale: "es-MX" });

  test("the welcome arrives in Spanish and the widget stays in Spanish", async ({ page }) => {
    await recordLayoutShifts(page);
    const wasm = await holdWasm(page);
    await page.goto("/");
    await wasm.requested;
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page).toHaveTitle("Antes de su visita");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Le damos la bienvenida a ${clinic}`);
    await expect(page.getByRole("button", { name: "Español" })).toHaveAttribute("aria-pressed", "true");
    const before = await page.locator("body").innerText();
    wasm.release();
    await widgetReady(page);
    await settled(page);
    expect(await page.locator("body").innerText()).toBe(before);
    expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBe(0);
    await page.getByRole("button", { name: "Empezar" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("¿Para qué viene?");
  });
});

test("served as a static file, the page starts as it always did", async ({ page }) => {
  // What an integrator hosting dist/ serves: the built page as it is.
  const built = readFileSync("dist/index.html", "utf8");
  await page.route(/\/$/, (route) => route.fulfill({ body: built, contentType: "text/html" }));
  const wasm = await holdWasm(page);
  await page.goto("/");
  await wasm.requested;
  await expect(page.locator("#app")).toBeEmpty();
  await expect(page.getByText("Loading your forms")).toBeVisible();
  wasm.release();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome to ${clinic}`);
  await widgetReady(page);
});
