import { expect, test } from "./support/test";
import { Patient } from "./support/patient";
import { toMedicines } from "./support/flow";

test.skip(({ isMobile }) => !isMobile, "suggestions are tested on the phone project");

/** A laser patient on the medicines step with one empty medicine entry. */
async function onMedicines(patient: Patient) {
  await patient.arrive();
  return toMedicines(patient);
}

test("a tap on the field under an open suggestion list reaches that field and picks nothing", async ({ page }) => {
  const patient = new Patient(page);
  const name = await onMedicines(patient);
  await name.pressSequentially("Accu");
  const list = page.getByRole("listbox");
  await expect(list).toBeVisible();
  const stopped = page.getByRole("radio", { name: "No, I have stopped" });
  const [listBox, radioBox] = [(await list.boundingBox())!, (await stopped.boundingBox())!];
  expect(radioBox.y, "the next field is below the list, not under it").toBeGreaterThanOrEqual(listBox.y + listBox.height);

  // Where the patient sees "No, I have stopped", with a finger.
  await page.touchscreen.tap(radioBox.x + radioBox.width / 2, radioBox.y + radioBox.height / 2);
  await expect(stopped).toBeChecked();
  await expect(name, "no suggestion was picked").toHaveValue("Accu");
  await expect(list).toBeHidden();
  await expect(page.getByRole("textbox", { name: "Month" }).first()).toBeVisible();
});

test("picking a suggestion completes the name being typed and keeps the brand", async ({ page }) => {
  const patient = new Patient(page);
  const name = await onMedicines(patient);
  await name.pressSequentially("accut");
  const option = page.getByRole("option", { name: /Accutane/ });
  await expect(option).toBeVisible();
  await patient.press(option);
  await expect(name).toHaveValue("Accutane");
  await expect(page.getByRole("listbox")).toBeHidden();
});
