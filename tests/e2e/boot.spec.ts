import { readFileSync } from "node:fs";
import { expect, test } from "./support/test";
import { expectNoAxeViolations } from "./support/axe";

test("a browser without WebAssembly gets a plain explanation, not a blank page", async ({ page, pageProblems }) => {
  pageProblems.allow(/WebAssembly is not defined/);
  await page.addInitScript(() => {
    // @ts-expect-error: iOS Lockdown Mode removes WebAssembly entirely.
    delete window.WebAssembly;
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "This browser cannot open the form" })).toBeVisible();
  await expect(page.getByText("On an iPhone or iPad this happens in Lockdown Mode.")).toBeVisible();
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

test("when the widget's script cannot be downloaded under the rendered welcome the patient is told too", async ({ page, pageProblems }) => {
  pageProblems.allow(/ERR_INTERNET_DISCONNECTED/);
  pageProblems.allow(/Failed to fetch dynamically imported module/);
  await page.route(/candor-[0-9a-f]+\.js$/, (route) => route.abort("internetdisconnected"));
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

test.describe("on a browser set to Spanish", () => {
  test.use({ locale: "es-ES" });

  test("a browser without WebAssembly explains itself in Spanish, and only in Spanish", async ({ page, pageProblems }) => {
    pageProblems.allow(/WebAssembly is not defined/);
    await page.addInitScript(() => {
      // @ts-expect-error: iOS Lockdown Mode removes WebAssembly entirely.
      delete window.WebAssembly;
    });
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { name: "Este navegador no puede abrir el formulario" })).toBeVisible();
    await expect(page.getByText("Abra esta página en otro navegador o dispositivo")).toBeVisible();
    await expect(page.getByRole("heading", { name: "This browser cannot open the form" })).toBeHidden();
    await expect(page.getByText("Cargando sus formularios")).toBeHidden();
    await expectNoAxeViolations(page, "no WebAssembly (Spanish)");
  });

  test("when the widget cannot be downloaded the patient is told what to do in Spanish", async ({ page, pageProblems }) => {
    pageProblems.allow(/ERR_INTERNET_DISCONNECTED/);
    pageProblems.allow(/Failed to fetch/);
    await page.route(/\.wasm$/, (route) => route.abort("internetdisconnected"));
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "El formulario no se ha cargado" })).toBeVisible();
    await expect(page.getByRole("link", { name: "vuelva a intentarlo" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "The form has not loaded" })).toBeHidden();
  });
});

test("the page's ?lang=es picks Spanish for the loading message, as it does for the widget", async ({ page }) => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  // The page as a static file (the receiver renders the welcome in its place: the
  // Spanish welcome, below).
  const built = readFileSync("dist/index.html", "utf8");
  await page.route(/\/\?lang=es$/, (route) => route.fulfill({ body: built, contentType: "text/html" }), { times: 1 });
  await page.goto("/?lang=es", { waitUntil: "commit" });
  await expect(page.getByRole("status").getByText("Cargando sus formularios…")).toBeVisible();
  await expect(page.getByText("Loading your forms…")).toBeHidden();
  release();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Le damos la bienvenida a Lumen Aesthetics & Wellness");
  // From the receiver, the welcome itself arrives in Spanish, in the page.
  const rendered = await (await page.request.get("/?lang=es")).text();
  expect(rendered).toContain('<div id="app" data-rendered="es">');
  expect(rendered).toContain("Le damos la bienvenida a Lumen Aesthetics &amp; Wellness");
});

test("the crash screen speaks the language the patient chose", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("#app[data-rendered]"), "the widget's own buttons").toHaveCount(0);
  await page.getByRole("button", { name: "Español" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  // The crash screen as the panic hook leaves it (tests/web.rs proves the hook does this).
  await page.evaluate(() => {
    document.getElementById("app")!.textContent = "";
    const crash = document.getElementById("crash")!;
    crash.hidden = false;
    crash.focus();
  });
  await expect(page.getByRole("heading", { name: "Algo salió mal" })).toBeVisible();
  await expect(page.getByText("Las respuestas que aún no había firmado no se enviaron.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Empiece de nuevo" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toBeHidden();
  await expectNoAxeViolations(page, "crash (Spanish)");
});

test("without JavaScript the page says so in English and in Spanish", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Please turn on JavaScript" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Active JavaScript" })).toBeVisible();
  // (Playwright's text matching skips <noscript>: the paragraph is found by place.)
  await expect(page.locator(".boot-message--noscript [lang=es] p").first()).toHaveText(
    "Este formulario necesita JavaScript para funcionar. No se envía nada de lo que escriba hasta que firme al final.",
  );
  await expect(page.locator(".boot-loading")).toBeHidden();
  await context.close();
});
