import { expect, test } from "./support/test";

test("a browser without WebAssembly gets a plain explanation, not a blank page", async ({ page, pageProblems }) => {
  pageProblems.allow(/WebAssembly is not defined/);
  await page.addInitScript(() => {
    // @ts-expect-error: iOS Lockdown Mode removes WebAssembly entirely.
    delete window.WebAssembly;
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "This browser cannot open the form" })).toBeVisible();
  await expect(page.getByText("Lockdown Mode")).toBeVisible();
  await expect(page.getByText("Loading your forms")).toBeHidden();
});

test("when the widget cannot be downloaded the patient is told what to do", async ({ page, pageProblems }) => {
  pageProblems.allow(/ERR_INTERNET_DISCONNECTED/);
  pageProblems.allow(/Failed to fetch/);
  await page.route(/\.wasm$/, (route) => route.abort("internetdisconnected"));
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "The form has not loaded" })).toBeVisible();
  await expect(page.getByRole("link", { name: "try again" })).toBeVisible();
});

test("when the clinic's profile cannot be downloaded the patient is told to check the connection, and trying again works", async ({ page, pageProblems }) => {
  pageProblems.allow(/ERR_INTERNET_DISCONNECTED/);
  pageProblems.allow(/preloaded using link preload but not used/);
  let offline = true;
  await page.route(/profile\.json$/, (route) => (offline ? route.abort("internetdisconnected") : route.continue()));
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This form is not available right now");
  await expect(page.getByText("Check your internet connection, then try again.")).toBeVisible();
  await expect(page.getByText("Compruebe su conexión a internet y vuelva a intentarlo.")).toBeVisible();
  offline = false;
  await page.getByRole("link", { name: "Try again" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Lumen Aesthetics & Wellness");
});

test("the widget starts under its strict Content-Security-Policy with no errors and no other hosts", async ({ page }) => {
  const problems: string[] = [];
  const hosts = new Set<string>();
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("request", (r) => hosts.add(new URL(r.url()).host));
  const response = await page.goto("/");
  expect(response!.headers()["content-security-policy"]).toContain("'wasm-unsafe-eval'");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Lumen Aesthetics & Wellness");
  await expect(page.locator("#boot")).toHaveCount(0);
  expect(problems).toEqual([]);
  expect([...hosts]).toEqual([new URL(page.url()).host]);
});
