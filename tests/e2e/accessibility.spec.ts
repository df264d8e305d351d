import { expect, test } from "./support/test";
import { expectNoAxeViolations } from "./support/axe";
import { ana, Patient } from "./support/patient";

test("every screen of the flow has no axe-core violations (WCAG 2.2 A and AA)", async ({ page }) => {
  const patient = new Patient(page);
  await patient.arrive();
  await expectNoAxeViolations(page, "welcome");

  await patient.start();
  await expectNoAxeViolations(page, "your details, empty");

  await patient.type("Full legal name", ana.legalName);
  await patient.type(/^Email address/, "not-an-email");
  await patient.press(patient.button("Continue"));
  await expect(page.locator("#error-summary")).toBeVisible();
  await expectNoAxeViolations(page, "your details, with errors");

  await patient.fillDetails(ana);
  await expect(page.getByText(/^Age: \d+$/)).toBeVisible();
  await expectNoAxeViolations(page, "your details, complete");

  await patient.press(patient.button("Continue"));
  await expect(patient.heading()).toHaveText("Your health");
  await patient.press(patient.button("Continue"));
  await expect(page.locator("#error-summary")).toBeVisible();
  await expectNoAxeViolations(page, "your health, with errors");
});

test("the dark colour scheme has no axe-core violations either", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const patient = new Patient(page);
  await patient.arrive();
  await expectNoAxeViolations(page, "welcome, dark");
  await patient.start();
  await patient.press(patient.button("Continue"));
  await expect(page.locator("#error-summary")).toBeVisible();
  await expectNoAxeViolations(page, "your details with errors, dark");
});

test("the screens index.html shows without the widget have no axe-core violations", async ({ page, pageProblems }) => {
  pageProblems.allow(/WebAssembly is not defined/);
  await page.addInitScript(() => {
    // @ts-expect-error: simulate a browser without WebAssembly (iOS Lockdown Mode).
    delete window.WebAssembly;
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "This browser cannot open the form" })).toBeVisible();
  await expectNoAxeViolations(page, "no WebAssembly");

  // The crash screen as the panic hook leaves it (tests/web.rs proves the hook does this).
  await page.evaluate(() => {
    document.getElementById("boot")?.remove();
    const crash = document.getElementById("crash")!;
    crash.hidden = false;
    crash.focus();
  });
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
  await expectNoAxeViolations(page, "crash");
});
