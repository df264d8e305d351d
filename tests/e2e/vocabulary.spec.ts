// The medicine and allergy vocabulary as data beside the page (issue 33): not part of
// the first visit, fetched once the patient starts, used only when its SHA-256 is the
// one the clinic profile names; offline before it arrived, the review says so plainly,
// keeps every answer, and runs the check when the network returns.

import { expect, test } from "./support/test";
import { Patient } from "./support/patient";
import { fillDetails, next, NONE_ANSWERS, pick, startWith, typeInto } from "./support/flow";
import { expectNoAxeViolations } from "./support/axe";

test.skip(({ isMobile }) => isMobile, "runs on the desktop project");

/** The month and year `n` months before today, as the patient would type them. */
function monthsAgo(n: number): [string, string] {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - n);
  return [String(d.getMonth() + 1), String(d.getFullYear())];
}

/** From the details step of a laser visit to the review, with Accutane stopped three
 * months ago typed as it is (no suggestion picked). */
async function laserWithAccutane(patient: Patient) {
  const page = patient.page;
  await fillDetails(patient);
  await next(patient);
  for (const id of NONE_ANSWERS.health) await pick(patient, id);
  await next(patient);
  await pick(patient, "q-takes_medications-yes");
  await patient.press(page.getByRole("button", { name: "Add a medicine" }));
  await page.getByRole("combobox", { name: "Name of the medicine or supplement" }).pressSequentially("Accutane");
  await patient.press(page.getByRole("radio", { name: "No, I have stopped" }));
  const [month, year] = monthsAgo(3);
  await typeInto(patient, "q-medications-0-stopped-month", month);
  await typeInto(patient, "q-medications-0-stopped-year", year);
  await pick(patient, "q-gold_therapy_ever-no");
  await next(patient);
  for (const step of ["allergies", "pregnancy", "aesthetic_history"]) {
    for (const id of NONE_ANSWERS[step]) await pick(patient, id);
    await next(patient);
  }
  for (const id of ["fitz_eye", "fitz_hair", "fitz_skin", "fitz_freckles", "fitz_burn", "fitz_tan_degree", "fitz_tan_hours", "fitz_face", "fitz_last_exposure", "fitz_area_exposed"]) {
    await pick(patient, `q-${id}-s2`);
  }
  await pick(patient, "q-recent_tanning-none");
  await next(patient);
  for (const step of ["devices", "lifestyle"]) {
    for (const id of NONE_ANSWERS[step]) await pick(patient, id);
    await next(patient);
  }
  await pick(patient, "q-laser_areas-legs");
  await pick(patient, "q-hair_removal_recent-none");
  await pick(patient, "q-tattoo_in_area-no");
  await next(patient);
  await expect(patient.heading()).toHaveText("Check your answers");
}

test("the vocabulary is not part of the first visit: it is fetched once the patient starts, checked, and used", async ({ page }) => {
  const fetched: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/vocabulary.json")) fetched.push(request.url());
  });
  const patient = new Patient(page);
  await patient.arrive();
  await page.waitForLoadState("networkidle");
  expect(fetched, "nothing of the vocabulary before the patient's first tap").toEqual([]);

  await startWith(patient, ["laser_hair_removal"]);
  await expect.poll(() => fetched.length, "asked for once the patient starts").toBe(1);
  await fillDetails(patient);
  await next(patient);
  for (const id of NONE_ANSWERS.health) await pick(patient, id);
  await next(patient);
  await pick(patient, "q-takes_medications-yes");
  await patient.press(page.getByRole("button", { name: "Add a medicine" }));
  // A Spanish brand the vocabulary file names (it is not in the wasm).
  await page.getByRole("combobox", { name: "Name of the medicine or supplement" }).pressSequentially("Isdib");
  await expect(page.getByRole("option", { name: /isotretinoin.*Isdiben/ })).toBeVisible();
  expect(fetched, "fetched once").toHaveLength(1);
});

test("a vocabulary that is not the one the profile names is never used: every entry goes to the provider", async ({ page }) => {
  // A file beside the page that someone changed after the director approved the profile.
  await page.route("**/vocabulary.json", async (route) => {
    const response = await route.fetch();
    const file = await response.json();
    file.medications = file.medications.filter((m: { id: string }) => m.id !== "med.isotretinoin");
    await route.fulfill({ response, body: JSON.stringify(file) });
  });
  const patient = new Patient(page);
  await patient.arrive();
  await startWith(patient, ["laser_hair_removal"]);
  await laserWithAccutane(patient);
  const talk = page.getByRole("region", { name: "Things to talk about with your provider" });
  await expect(talk).toContainText("The form could not check your medicines and allergies on this device.");
  await expect(talk, "the typed medicine still reaches the provider").toContainText("Accutane");
  await expectNoAxeViolations(page, "review, vocabulary unusable");
  await patient.press(page.getByRole("button", { name: "Continue to the consent forms" }));
  await expect(patient.heading()).not.toHaveText("Check your answers");
});

test("offline before the vocabulary arrived: told plainly, every answer kept, checked and continued once back online", async ({ page, context, pageProblems }) => {
  pageProblems.allow(/ERR_INTERNET_DISCONNECTED/);
  const patient = new Patient(page);
  await patient.arrive();
  await context.setOffline(true);
  await startWith(patient, ["laser_hair_removal"]);
  await laserWithAccutane(patient);

  const talk = page.getByRole("region", { name: "Things to talk about with your provider" });
  await expect(talk).toContainText("You are offline. To check your medicines and allergies, the form needs the clinic's list");
  const review = page.locator("main.page");
  await expect(review, "the answers are kept").toContainText("Accutane (stopped in");
  await patient.press(page.getByRole("button", { name: "Continue to the consent forms" }));
  await expect(patient.heading(), "no consent before the check").toHaveText("Check your answers");
  await expect(page.locator("[aria-live=polite]").last()).toContainText("You are offline.");
  await expectNoAxeViolations(page, "review, offline before the vocabulary (en)");
  await patient.press(page.getByRole("button", { name: "Español" }));
  await expect(page.getByRole("region", { name: "Temas para hablar con su profesional" })).toContainText("No tiene conexión.");
  await expectNoAxeViolations(page, "review, offline before the vocabulary (es)");
  await patient.press(page.getByRole("button", { name: "English" }));

  await context.setOffline(false);
  await expect(talk).toContainText("You take or recently took isotretinoin (Accutane), which affects how skin heals.", { timeout: 15_000 });
  await expect(review).toContainText("Accutane (stopped in");
  await patient.press(page.getByRole("button", { name: "Continue to the consent forms" }));
  await expect(patient.heading()).not.toHaveText("Check your answers");
});
