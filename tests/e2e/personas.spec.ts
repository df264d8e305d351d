import { expect, test } from "./support/test";
import { Patient } from "./support/patient";
import { adult, fillDetails, next, NONE_ANSWERS, pick, primary, startWith, typeInto } from "./support/flow";

test.skip(({ isMobile }) => !isMobile, "personas run on the phone project");

/** The month and year `monthsAgo` months before today, as the patient would type them. */
function monthsAgo(n: number): [string, string] {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - n);
  return [String(d.getMonth() + 1), String(d.getFullYear())];
}

async function answerNone(patient: Patient, step: string) {
  for (const id of NONE_ANSWERS[step]) await pick(patient, id);
}

test("a neurotoxin patient with myasthenia gravis and a milk-protein allergy reaches the review", async ({ page }) => {
  const patient = new Patient(page);
  await patient.arrive();
  await startWith(patient, ["neurotoxin"]);
  await fillDetails(patient);
  await next(patient);

  await expect(patient.heading()).toHaveText("Your health");
  await patient.press(page.getByRole("checkbox", { name: /nerve or muscle disorder/ }));
  await patient.press(page.getByRole("radio", { name: "Myasthenia gravis" }));
  await pick(patient, "q-doctor_care-no");
  await next(patient);

  await answerNone(patient, "medications");
  await next(patient);

  await expect(patient.heading()).toHaveText("Allergies");
  await pick(patient, "q-has_allergies-yes");
  await patient.press(page.getByRole("button", { name: "Add an allergy" }));
  const substance = page.getByRole("combobox", { name: "What are you allergic to?" });
  await substance.pressSequentially("milk prot");
  await expect(page.getByRole("option", { name: /cow's milk protein/ })).toBeVisible();
  await patient.press(page.getByRole("option", { name: /cow's milk protein/ }));
  await expect(substance, "the name being typed, completed").toHaveValue("milk protein");
  await typeInto(patient, "q-allergies-0-reaction", "hives");
  await patient.press(page.getByRole("radio", { name: /^Moderate/ }));
  await next(patient);

  for (const step of ["pregnancy", "aesthetic_history", "devices", "lifestyle"]) {
    await answerNone(patient, step);
    await next(patient);
  }
  await expect(patient.heading()).toHaveText("About your treatment");
  await pick(patient, "q-toxin_areas-frown");
  await next(patient);

  await expect(patient.heading()).toHaveText("Check your answers");
  const review = page.locator("main.page");
  for (const shown of [
    "Wrinkle-relaxing injections (Botox, Dysport, Xeomin)",
    adult.legalName,
    "September 3, 1985",
    "A nerve or muscle disorder (such as myasthenia gravis or ALS)",
    "Myasthenia gravis",
    "milk protein: hives, Moderate",
    "Frown lines between the brows",
  ]) {
    await expect(review).toContainText(shown);
  }
  await expect(review).not.toContainText("Your massage");

  // The risk engine's stop-level items, in plain words, never a verdict.
  const talk = page.getByRole("region", { name: "Things to talk about with your provider" });
  await expect(talk.locator(".talk-item--stop")).toHaveText([
    "You told us about an allergy to cow's milk protein, which one of the injection products may contain. The clinic's medical director will review your answers before any treatment. You can still continue with this form.",
    "You told us about a nerve or muscle disorder. The clinic's medical director will review your answers before any treatment. You can still continue with this form.",
  ]);
  await patient.press(page.getByRole("button", { name: "Español" }));
  const talkEs = page.getByRole("region", { name: "Temas para hablar con su profesional" });
  await expect(talkEs.locator(".talk-item--stop").nth(1)).toHaveText(
    "Nos dijo que tiene o ha tenido un trastorno de nervios o músculos. La dirección médica de la clínica revisará sus respuestas antes de cualquier tratamiento. Puede seguir completando este formulario.",
  );
  await expect(page.getByText("Solo para demostración: las revisiones de salud de este formulario aún no están aprobadas por la dirección médica.")).toBeVisible();
});

test("a laser patient who stopped isotretinoin three months ago and tanned last week reaches the review", async ({ page }) => {
  const patient = new Patient(page);
  await patient.arrive();
  await startWith(patient, ["laser_hair_removal"]);
  await fillDetails(patient);
  await next(patient);
  await answerNone(patient, "health");
  await next(patient);

  await pick(patient, "q-takes_medications-yes");
  await patient.press(page.getByRole("button", { name: "Add a medicine" }));
  const name = page.getByRole("combobox", { name: "Name of the medicine or supplement" });
  await name.pressSequentially("Accutane");
  await patient.press(page.getByRole("radio", { name: "No, I have stopped" }));
  const [month, year] = monthsAgo(3);
  await typeInto(patient, "q-medications-0-stopped-month", month);
  await typeInto(patient, "q-medications-0-stopped-year", year);
  await pick(patient, "q-gold_therapy_ever-no");
  await next(patient);

  for (const step of ["allergies", "pregnancy", "aesthetic_history"]) {
    await answerNone(patient, step);
    await next(patient);
  }
  await expect(patient.heading()).toHaveText("Skin and sun");
  for (const id of ["fitz_eye", "fitz_hair", "fitz_skin", "fitz_freckles", "fitz_burn", "fitz_tan_degree", "fitz_tan_hours", "fitz_face", "fitz_last_exposure", "fitz_area_exposed"]) {
    await pick(patient, `q-${id}-s2`);
  }
  await expect(page.getByText(/Fitzpatrick type III/)).toBeVisible();
  await pick(patient, "q-recent_tanning-sun_tan");
  const lastWeek = new Date(Date.now() - 7 * 86_400_000);
  await typeInto(patient, "q-last_tan-month", String(lastWeek.getMonth() + 1));
  await typeInto(patient, "q-last_tan-day", String(lastWeek.getDate()));
  await typeInto(patient, "q-last_tan-year", String(lastWeek.getFullYear()));
  await next(patient);

  for (const step of ["devices", "lifestyle"]) {
    await answerNone(patient, step);
    await next(patient);
  }
  await pick(patient, "q-laser_areas-legs");
  await pick(patient, "q-hair_removal_recent-none");
  await pick(patient, "q-tattoo_in_area-no");
  await next(patient);

  await expect(patient.heading()).toHaveText("Check your answers");
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const review = page.locator("main.page");
  await expect(review).toContainText(`Accutane (stopped in ${months[Number(month) - 1]} ${year})`);
  await expect(review).toContainText("A tan from the sun");
  await expect(review).toContainText(`${months[lastWeek.getMonth()]} ${lastWeek.getDate()}, ${lastWeek.getFullYear()}`);
  await expect(review).toContainText("Legs");

  const talk = page.getByRole("region", { name: "Things to talk about with your provider" });
  await expect(talk).toContainText("You take or recently took isotretinoin (Accutane), which affects how skin heals.");
  await expect(talk).toContainText("In the last 4 weeks you have tanned, used a tanning bed or self-tanner, or had a sunburn.");
  await patient.press(page.getByRole("button", { name: "Español" }));
  const talkEs = page.getByRole("region", { name: "Temas para hablar con su profesional" });
  await expect(talkEs).toContainText("Toma o tomó hace poco isotretinoína (Accutane), que afecta a la cicatrización de la piel.");
  await expect(talkEs).toContainText("En las últimas 4 semanas se ha bronceado, ha usado cama de bronceado o autobronceador, o se ha quemado con el sol.");
  // A month and a year take "en"; only a full date takes "el".
  const meses = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
  await expect(review).toContainText(`Accutane (lo dejó en ${meses[Number(month) - 1]} de ${year})`);
});

test("a massage client who avoids the lower back and prefers light pressure reaches the review", async ({ page }) => {
  const patient = new Patient(page);
  await patient.arrive();
  await startWith(patient, ["massage"]);
  await fillDetails(patient);
  await next(patient);
  for (const step of ["health", "medications", "allergies", "pregnancy", "aesthetic_history", "devices", "lifestyle"]) {
    await answerNone(patient, step);
    await next(patient);
  }
  await expect(patient.heading()).toHaveText("Your massage");
  await pick(patient, "q-massage_today-none");
  await patient.press(page.getByRole("radio", { name: "Light" }));
  await patient.press(page.getByRole("radio", { name: "Avoid" }));
  await patient.press(page.getByRole("button", { name: /^Lower back/ }));
  await expect(page.getByRole("button", { name: /^Lower back/ })).toHaveAttribute("aria-pressed", "true");
  await next(patient);

  await expect(patient.heading()).toHaveText("Check your answers");
  const review = page.locator("main.page");
  await expect(review).toContainText("Massage therapy");
  await expect(review).toContainText("Light");
  await expect(review).toContainText("Lower back: Avoid");
  await expect(review).not.toContainText("About your treatment");
  await expect(page.getByRole("region", { name: "Things to talk about with your provider" })).toContainText(
    "The form found nothing to point out. Your provider will still go over all your answers with you before any treatment.",
  );
});

test("a hidden answer is removed, not just hidden, and never reaches the review", async ({ page }) => {
  const patient = new Patient(page);
  await patient.arrive();
  await startWith(patient, ["massage"]);
  await fillDetails(patient);
  await next(patient);
  await pick(patient, "q-conditions-none");
  await pick(patient, "q-doctor_care-yes");
  await typeInto(patient, "q-doctor_care_what", "thyroid follow-up");
  await pick(patient, "q-doctor_care-no");
  await expect(page.locator("#q-doctor_care_what")).toHaveCount(0);
  await pick(patient, "q-doctor_care-yes");
  await expect(page.locator("#q-doctor_care_what")).toHaveValue("");
  await pick(patient, "q-doctor_care-no");
  await next(patient);
  for (const step of ["medications", "allergies", "pregnancy", "aesthetic_history", "devices", "lifestyle", "massage"]) {
    await answerNone(patient, step);
    await next(patient);
  }
  await expect(patient.heading()).toHaveText("Check your answers");
  await expect(page.locator("main.page")).not.toContainText("thyroid follow-up");
  await expect(page.locator("main.page")).not.toContainText("What for?");
  await expect(primary(page)).toHaveCount(0);
});
