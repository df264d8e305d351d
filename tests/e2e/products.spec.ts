// Choosing the product: a patient booked for Xeomin who is allergic to cow's milk
// protein is not told about Dysport's milk protein, the review and the clinic's
// summary name the product, and a patient who is not sure leaves it to the provider.

import { expect, test } from "./support/test";
import { Patient } from "./support/patient";
import { addAllergy, answerToReview, fillDetails, NONE_ANSWERS, next, pick, primary } from "./support/flow";
import { expectNoAxeViolations } from "./support/axe";

const MILK = "You told us about an allergy to cow's milk protein";

async function toxinWithMilkAllergy(patient: Patient, product: RegExp | null) {
  const page = patient.page;
  await patient.arrive();
  await patient.press(primary(page));
  await pick(patient, "treatments-neurotoxin");
  const group = page.getByRole("group", { name: /^Wrinkle-relaxing injections \(Botox, Dysport, Xeomin\): which product, if you know\?/ });
  await expect(group).toBeVisible();
  if (product) await patient.press(group.getByRole("radio", { name: product }));
  return group;
}

async function milkAllergyToReview(patient: Patient) {
  await next(patient);
  await fillDetails(patient);
  await next(patient);
  for (const id of NONE_ANSWERS.health) await pick(patient, id);
  await next(patient);
  for (const id of NONE_ANSWERS.medications) await pick(patient, id);
  await next(patient);
  await addAllergy(patient, "leche");
  await next(patient);
  await answerToReview(patient);
}

test("booked for Xeomin, a milk-protein allergy says nothing of Dysport", async ({ page }) => {
  const patient = new Patient(page);
  const group = await toxinWithMilkAllergy(patient, /^Xeomin/);
  await expect(group.getByRole("radio", { name: /^Xeomin/ })).toBeChecked();
  await expectNoAxeViolations(page, "treatments with the product choice");
  await milkAllergyToReview(patient);
  const review = page.locator("main.page");
  await expect(review).toContainText("Wrinkle-relaxing injections (Botox, Dysport, Xeomin) \u2014 Xeomin");
  await expect(review).not.toContainText(MILK);
});

test("not sure of the product: the milk-protein finding names Dysport for the provider", async ({ page }) => {
  const patient = new Patient(page);
  const group = await toxinWithMilkAllergy(patient, /^Not sure/);
  await expect(group.getByRole("radio", { name: /^Not sure/ })).toBeChecked();
  await milkAllergyToReview(patient);
  await expect(page.locator("main.page")).toContainText(MILK);
});

test("a treatment offered with one product or none asks nothing about products", async ({ page }) => {
  const patient = new Patient(page);
  await patient.arrive();
  await patient.press(primary(page));
  await pick(patient, "treatments-massage");
  await pick(patient, "treatments-laser_hair_removal");
  await expect(page.getByRole("group", { name: /which product, if you know/ })).toHaveCount(0);
});

test("a generic product's name is in the patient's language, a brand's the same in both", async ({ page }) => {
  const patient = new Patient(page);
  await patient.arrive();
  await patient.press(page.getByRole("button", { name: "Español" }));
  await patient.press(primary(page));
  await pick(patient, "treatments-chemical_peel");
  await pick(patient, "treatments-neurotoxin");
  const peels = page.locator('fieldset:has(input[name="product-chemical_peel"])');
  for (const name of ["Peeling de ácido glicólico", "Peeling de ácido salicílico", "Peeling de Jessner"]) {
    await expect(peels.getByRole("radio", { name })).toBeVisible();
  }
  await expect(peels).not.toContainText("Glycolic acid peel");
  await expect(page.locator('fieldset:has(input[name="product-neurotoxin"])').getByRole("radio", { name: "Xeomin" })).toBeVisible();
  await expectNoAxeViolations(page, "treatments with the product choice (Spanish)");
  await patient.press(page.getByRole("button", { name: "English" }));
  await expect(peels.getByRole("radio", { name: "Glycolic acid peel" })).toBeVisible();
});
