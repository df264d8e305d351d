// Another clinic's profile (examples/profiles/harbor-skin.json: other products, other
// treatment ids, no massage), loaded with ?profile= from the widget's origin as a clinic
// would serve it: a patient allergic to human albumin books wrinkle-relaxing
// injections, is told what that allergy means for the products this clinic uses, signs,
// and the clinic receives findings that name Jeuveau and Botox but not Daxxify.

import { expect, test } from "./support/test";
import { Patient } from "./support/patient";
import { addAllergy, answerToReview, fillDetails, NONE_ANSWERS, next, pick, primary } from "./support/flow";
import { reference, storedSummary } from "./support/submit";

test("a toxin patient allergic to human albumin, at another clinic, is routed by product", async ({ page }) => {
  const patient = new Patient(page);
  await page.goto("/?profile=profiles/harbor-skin.json");
  await expect(patient.heading()).toHaveText("Welcome to Harbor Skin & Laser");
  await expect(page.getByText("Massage", { exact: false })).toHaveCount(0);
  await patient.press(primary(page));
  await expect(page.getByRole("checkbox", { name: /Jeuveau, Daxxify, Botox/ })).toBeVisible();
  await pick(patient, "treatments-toxin");
  await next(patient);
  await fillDetails(patient);
  await next(patient);
  for (const id of NONE_ANSWERS.health) await pick(patient, id);
  await next(patient);
  for (const id of NONE_ANSWERS.medications) await pick(patient, id);
  await next(patient);

  // Typed as a patient would, without picking a suggestion.
  await addAllergy(patient, "albumin");
  await next(patient);
  await answerToReview(patient);

  const talk = page.locator("main.page");
  await expect(talk).toContainText("You told us about an allergy to human albumin, which some injection products contain.");

  await patient.press(page.getByRole("button", { name: "Continue to the consent forms" }));
  await patient.press(page.getByRole("button", { name: "I agree to use electronic records" }));
  while ((await patient.heading().textContent()) !== "Photographs (optional)") {
    for (const box of await page.locator("main input[type=checkbox]").all()) if (!(await box.isChecked())) await patient.press(box);
    await patient.press(page.getByRole("button", { name: "Type my name instead" }));
    await page.locator("[id=signature-typed]").fill("Rosa Delgado");
    const heading = await patient.heading().textContent();
    await patient.press(page.getByRole("button", { name: /^Sign and / }));
    await expect(patient.heading()).not.toHaveText(heading ?? "");
  }
  await patient.press(page.getByRole("button", { name: "No, thank you" }));
  await expect(patient.heading()).toHaveText("Your signed forms");

  const id = await reference(page);
  await expect(page.locator("#send-status")).toContainText("Received by the clinic", { timeout: 20_000 });
  const summary = storedSummary(id);
  expect(summary.clinic.id).toBe("harbor-skin");
  const albumin = summary.findings
    .filter((f: { rule: string }) => f.rule === "neurotoxin.albumin")
    .map((f: { product: string }) => f.product)
    .sort();
  expect(albumin).toEqual(["botox", "jeuveau"]);
  expect(summary.answers.treatments).toEqual(["toxin"]);
});
