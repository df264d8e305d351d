import { expect, test } from "./support/test";
import { expectNoAxeViolations } from "./support/axe";
import { adult, fillDetails, next, pick, primary, startWith, walkEveryStep } from "./support/flow";
import { Patient } from "./support/patient";

/** Every visible line of text on the page. */
async function lines(page: import("@playwright/test").Page) {
  const text = await page.locator("body").innerText();
  return text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
}

/** Lines that are the same in both languages on purpose: names, language names, numbers, true cognates. */
const SAME_IN_BOTH = new Set(["Lumen Aesthetics & Wellness", "English", "Español", "Diabetes", "Psoriasis", "No", "Normal", "Error:", "Abdomen"]);

test("every step has no axe-core violations and no English is left in the Spanish flow", async ({ page }) => {
  test.setTimeout(180_000);
  const patient = new Patient(page);
  const english = new Set<string>();
  await patient.arrive();
  const stepsEn = await walkEveryStep(patient, async (step) => {
    await expectNoAxeViolations(page, `${step} (English)`);
    for (const l of await lines(page)) english.add(l);
  });
  expect(stepsEn).toBe(14);

  await patient.arrive();
  await patient.press(page.getByRole("button", { name: "Español" }));
  await expect(patient.heading()).toHaveText("Le damos la bienvenida a Lumen Aesthetics & Wellness");
  const leftovers: string[] = [];
  const stepsEs = await walkEveryStep(patient, async (step) => {
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    if (step === "details") {
      // The emergency contact's fields name that person, not the patient ("Su nombre" read as the patient's own).
      const contact = page.getByRole("group", { name: "Contacto de emergencia" });
      await expect(contact.getByRole("textbox", { name: "Nombre de esa persona" })).toBeVisible();
      await expect(contact.getByRole("textbox", { name: "Teléfono de esa persona" })).toBeVisible();
    }
    if (step === "review") {
      // The emergency contact has its own heading, and its rows say whose they are.
      const contact = page.getByRole("region", { name: "Contacto de emergencia" });
      await expect(contact).toContainText("Nombre del contacto de emergencia");
      await expect(contact).toContainText(adult.emergency);
      await expect(contact).toContainText("Teléfono del contacto de emergencia");
      const own = page.getByRole("region", { name: "Sus datos" });
      await expect(own).not.toContainText(adult.emergency);
      await expect(own).not.toContainText("Su nombre");
    }
    await expectNoAxeViolations(page, `${step} (Spanish)`);
    const allowed = new Set([...SAME_IN_BOTH, adult.legalName, adult.mobile, adult.emergency, adult.emergencyPhone]);
    for (const l of await lines(page)) {
      if (english.has(l) && !allowed.has(l) && !/^[\d\s/().,:-]+$/.test(l)) leftovers.push(`${step}: ${l}`);
    }
  });
  expect(stepsEs).toBe(14);
  expect(leftovers, "English lines on Spanish screens").toEqual([]);
});

test("switching to Spanish in the middle of the flow and back loses no answer", async ({ page }) => {
  const patient = new Patient(page);
  await patient.arrive();
  await startWith(patient, ["massage"]);
  await fillDetails(patient);
  await next(patient);
  await expect(patient.heading()).toHaveText("Your health");
  await pick(patient, "q-conditions-cold_sores");

  await patient.press(page.getByRole("button", { name: "Español" }));
  await expect(patient.heading()).toHaveText("Su salud");
  await expect(page.locator("#q-conditions-cold_sores")).toBeChecked();
  await expect(page.getByText("¿Cuándo tuvo herpes labial por última vez?")).toBeVisible();
  await patient.press(page.getByRole("button", { name: "Atrás" }));
  await expect(patient.heading()).toHaveText("Sus datos");
  await expect(page.getByLabel("Nombre legal completo")).toHaveValue(adult.legalName);
  await expect(page.locator("#dob-day")).toHaveValue(adult.dob[0]);
  // Spanish puts the day first.
  const boxes = await page.locator(".date-parts input").evaluateAll((els) => els.map((e) => e.id));
  expect(boxes).toEqual(["dob-day", "dob-month", "dob-year"]);

  await patient.press(page.getByRole("button", { name: "English" }));
  await expect(patient.heading()).toHaveText("Your details");
  await expect(page.getByLabel("Full legal name")).toHaveValue(adult.legalName);
  await next(patient);
  await expect(page.locator("#q-conditions-cold_sores")).toBeChecked();
});

test("Change on the review returns to the field and comes back to the review", async ({ page }) => {
  test.setTimeout(90_000);
  const patient = new Patient(page);
  await patient.arrive();
  await walkEveryStep(patient, async () => {});
  await expect(patient.heading()).toHaveText("Check your answers");
  await patient.press(page.getByRole("button", { name: "Change Mobile phone number" }));
  await expect(patient.heading()).toHaveText("Your details");
  await expect(page.getByLabel("Mobile phone number")).toBeFocused();
  await page.getByLabel("Mobile phone number").fill("555 010 9999");
  await expect(primary(page)).toHaveText("Save and go back to the review");
  await patient.press(primary(page));
  await expect(patient.heading()).toHaveText("Check your answers");
  await expect(page.locator("main.page")).toContainText("555 010 9999");
});

test("reflows at 320 CSS pixels on every step", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 320, height: 640 });
  const patient = new Patient(page);
  await patient.arrive();
  await walkEveryStep(patient, async (step) => {
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    expect(scroll, `${step}: ${scroll}px wide in ${width}px`).toBeLessThanOrEqual(width);
  });
});
