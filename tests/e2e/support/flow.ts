import { expect, type Frame, type Page } from "@playwright/test";
import { Patient } from "./patient";

/** The submit button of the step on screen (Start, Continue, or Save and go back). */
export function primary(page: Page | Frame) {
  return page.locator("form.step button[type=submit]");
}

/** Ticks or chooses the input with `id` the way the patient would. */
export async function pick(patient: Patient, id: string) {
  await patient.press(patient.page.locator(`[id="${id}"]`));
}

/** Types into the input with `id`, `delay` ms between keys (0: as fast as possible). */
export async function typeInto(patient: Patient, id: string, text: string, delay = 0) {
  const box = patient.page.locator(`[id="${id}"]`);
  await patient.press(box);
  await box.fill("");
  await box.pressSequentially(text, { delay });
}

/** Moves on, checking that the step had no problems. */
export async function next(patient: Patient) {
  const before = await patient.heading().textContent();
  await patient.press(primary(patient.page));
  await expect(patient.heading()).not.toHaveText(before ?? "");
}

export type Person = { legalName: string; dob: [string, string, string]; mobile: string; emergency: string; emergencyPhone: string };

export const adult: Person = {
  legalName: "Rosa Delgado",
  dob: ["3", "9", "1985"],
  mobile: "555 010 4455",
  emergency: "Marta Delgado",
  emergencyPhone: "555 010 7788",
};

/** Fills "Your details" by element id (language independent), `delay` ms between keys. */
export async function fillDetails(patient: Patient, p: Person = adult, delay = 0) {
  await typeInto(patient, "legal-name", p.legalName, delay);
  await typeInto(patient, "dob-month", p.dob[1], delay);
  await typeInto(patient, "dob-day", p.dob[0], delay);
  await typeInto(patient, "dob-year", p.dob[2], delay);
  await typeInto(patient, "mobile-phone", p.mobile, delay);
  await typeInto(patient, "emergency-name", p.emergency, delay);
  await typeInto(patient, "emergency-phone", p.emergencyPhone, delay);
}

/** Starts the visit and chooses `treatments` (by id) on the treatments step. */
export async function startWith(patient: Patient, treatments: string[]) {
  await patient.press(primary(patient.page));
  await expect(patient.page.locator("input[name=treatments]").first()).toBeVisible();
  for (const t of treatments) {
    await pick(patient, `treatments-${t}`);
  }
  await next(patient);
}

/** Answers "no" or "none" to the critical questions of a health step, by its id. */
export const NONE_ANSWERS: Record<string, string[]> = {
  health: ["q-conditions-none", "q-doctor_care-no"],
  medications: ["q-takes_medications-no"],
  allergies: ["q-has_allergies-no"],
  pregnancy: ["q-pregnancy_status-none"],
  aesthetic_history: ["q-previous_treatments-none"],
  devices: ["q-implants-none"],
  lifestyle: ["q-smoking-never"],
  massage: ["q-massage_today-none", "q-massage_pressure-light"],
};

/** The six demo treatments, by id. */
export const ALL_TREATMENTS = ["neurotoxin", "ha_filler", "laser_hair_removal", "chemical_peel", "microneedling", "massage"];

/** How to answer each section, keyed by the id of an input that only that section has. */
const SECTION_ANSWERS: [string, string[]][] = [
  ["q-conditions-none", ["q-conditions-none", "q-doctor_care-no"]],
  ["q-takes_medications-yes", ["q-takes_medications-no", "q-gold_therapy_ever-no"]],
  ["q-has_allergies-yes", ["q-has_allergies-no"]],
  ["q-pregnancy_status-none", ["q-pregnancy_status-none"]],
  ["q-previous_treatments-none", ["q-previous_treatments-none"]],
  ["q-fitz_eye-s0", [
    ...["fitz_eye", "fitz_hair", "fitz_skin", "fitz_freckles", "fitz_burn", "fitz_tan_degree", "fitz_tan_hours", "fitz_face", "fitz_last_exposure", "fitz_area_exposed"].map((q) => `q-${q}-s1`),
    "q-recent_tanning-none",
  ]],
  ["q-implants-none", ["q-implants-none"]],
  ["q-smoking-never", ["q-smoking-never"]],
  ["q-toxin_areas-forehead", ["q-toxin_areas-forehead", "q-filler_areas-lips", "q-laser_areas-face", "q-hair_removal_recent-none", "q-tattoo_in_area-no", "q-microneedling_recent_scars-no"]],
  ["q-massage_today-none", ["q-massage_today-none", "q-massage_pressure-light"]],
];

/**
 * Walks the whole flow with every treatment chosen, answering the minimum, and calls
 * `visit` on every step (once before answering, with the step's name) up to the review.
 * Returns the number of steps seen.
 */
export async function walkEveryStep(patient: Patient, visit: (step: string) => Promise<void>) {
  const page = patient.page;
  let steps = 0;
  await visit("welcome");
  steps++;
  await patient.press(primary(page));
  await expect(page.locator("input[name=treatments]").first()).toBeVisible();
  await visit("treatments");
  steps++;
  for (const box of await page.locator("input[name=treatments]").all()) await patient.press(box);
  await next(patient);
  await visit("details");
  steps++;
  await fillDetails(patient);
  await next(patient);
  while ((await primary(page).count()) > 0) {
    const entry = await (async () => {
      for (const e of SECTION_ANSWERS) if ((await page.locator(`[id="${e[0]}"]`).count()) > 0) return e;
      return undefined;
    })();
    expect(entry, `a known section: ${await patient.heading().textContent()}`).toBeDefined();
    await visit(entry![0]);
    steps++;
    for (const id of entry![1]) await pick(patient, id);
    await next(patient);
  }
  await visit("review");
  return steps + 1;
}

/** From the first health section, answers every section with the minimum until the
 * review: each known answer whose input is on screen (sections differ by treatment). */
export async function answerToReview(patient: Patient) {
  const page = patient.page;
  const present = async (id: string) => (await page.locator(`[id="${id}"]`).count()) > 0;
  while ((await primary(page).count()) > 0) {
    let answered = 0;
    for (const [, ids] of SECTION_ANSWERS) {
      for (const id of ids) {
        if (await present(id)) {
          await pick(patient, id);
          answered++;
        }
      }
    }
    expect(answered, `a known section: ${await patient.heading().textContent()}`).toBeGreaterThan(0);
    await next(patient);
  }
  await expect(patient.heading()).toHaveText(/Check your answers|Revise sus respuestas/);
}

/** On the allergies step: yes, and one allergy typed (no suggestion picked), a moderate hives reaction. */
export async function addAllergy(patient: Patient, typed: string) {
  const page = patient.page;
  await pick(patient, "q-has_allergies-yes");
  await patient.press(page.getByRole("button", { name: "Add an allergy" }));
  await page.getByRole("combobox", { name: "What are you allergic to?" }).pressSequentially(typed);
  await typeInto(patient, "q-allergies-0-reaction", "hives");
  await patient.press(page.getByRole("radio", { name: /^Moderate/ }));
}

/** A laser patient on the medicines step with one empty medicine entry; returns its name box. */
export async function toMedicines(patient: Patient) {
  await startWith(patient, ["laser_hair_removal"]);
  await fillDetails(patient);
  await next(patient);
  for (const id of NONE_ANSWERS.health) await pick(patient, id);
  await next(patient);
  await pick(patient, "q-takes_medications-yes");
  await patient.press(patient.page.getByRole("button", { name: "Add a medicine" }));
  return patient.page.getByRole("combobox", { name: "Name of the medicine or supplement" });
}
