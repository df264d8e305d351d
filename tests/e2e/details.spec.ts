import { expect, test } from "./support/test";
import { ana, Patient } from "./support/patient";

test("a patient fills in their details, fixes the errors the summary points to, and Back keeps every answer", async ({ page }) => {
  const patient = new Patient(page);
  await patient.arrive();
  await expect(page.getByText(/^Step 1 of \d+$/)).toBeVisible();
  await patient.start();
  await expect(page.getByText(/^Step 3 of \d+$/)).toBeVisible();
  await expect(patient.heading()).toBeFocused();

  await patient.fillDetails({ ...ana, email: "ana.lopez@example", birth: { month: "5", day: "14", year: "2099" } });
  await patient.press(patient.button("Continue"));

  // The error summary appears at the top, takes focus and links to each problem.
  const summary = page.locator("#error-summary");
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("heading")).toHaveText("There is a problem");
  const links = summary.getByRole("link");
  await expect(links).toHaveText([
    "Date of birth must be today or in the past",
    "Enter an email address like name@example.com",
  ]);
  await expect(page.getByRole("status").filter({ hasText: "answers need fixing" })).toHaveText("2 answers need fixing.");
  await expect(patient.heading()).toHaveText("Your details");

  // Each field shows its own message, linked with aria-describedby and marked invalid.
  const email = page.getByLabel(/^Email address/);
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription(/Enter an email address like name@example.com/);
  const year = page.getByRole("group", { name: "Date of birth" }).getByLabel("Year");
  await expect(year).toHaveAttribute("aria-invalid", "true");
  await expect(year).toHaveAccessibleDescription(/Date of birth must be today or in the past/);
  await expect(page.getByLabel("Full legal name")).toHaveAttribute("aria-invalid", "false");

  // Following a link moves focus to the field; fixing it clears its message at once.
  await patient.press(links.filter({ hasText: "email" }));
  await expect(email).toBeFocused();
  await email.clear();
  await email.pressSequentially(ana.email!);
  await expect(page.locator("#email-error")).toHaveCount(0);
  await expect(links).toHaveText(["Date of birth must be today or in the past"]);

  await patient.type("Year", ana.birth.year, page.getByRole("group", { name: "Date of birth" }));
  await expect(summary).toHaveCount(0);
  await expect(page.getByText(/^Age: \d+$/)).toBeVisible();
  await patient.expectNoAnswersInUrl(ana);

  await patient.press(patient.button("Continue"));
  await expect(patient.heading()).toHaveText("Your health");
  await expect(patient.heading()).toBeFocused();
  await patient.expectNoAnswersInUrl(ana);

  await patient.press(patient.button("Back"));
  await expect(patient.heading()).toHaveText("Your details");
  await expect(page.getByLabel("Full legal name")).toHaveValue(ana.legalName);
  await expect(page.getByLabel(/^Name you would like us to use/)).toHaveValue(ana.preferredName!);
  const dob = page.getByRole("group", { name: "Date of birth" });
  await expect(dob.getByLabel("Month")).toHaveValue("5");
  await expect(dob.getByLabel("Day")).toHaveValue("14");
  await expect(dob.getByLabel("Year")).toHaveValue("1990");
  await expect(page.getByLabel("Mobile phone number")).toHaveValue(ana.mobile);
  await expect(page.getByLabel(/^Email address/)).toHaveValue(ana.email!);
  await expect(page.getByLabel("Their phone number")).toHaveValue(ana.emergencyPhone);

  await patient.press(patient.button("Back"));
  await expect(patient.heading()).toHaveText("What are you coming in for?");
  await expect(page.getByRole("checkbox", { name: /Massage therapy/ })).toBeChecked();
  await patient.press(patient.button("Continue"));
  await expect(page.getByLabel("Full legal name")).toHaveValue(ana.legalName);
  await patient.expectNoAnswersInUrl(ana);
});

test("an empty form lists every required answer, in the order of the form", async ({ page }) => {
  const patient = new Patient(page);
  await patient.arrive();
  await patient.start();
  await patient.press(patient.button("Continue"));
  await expect(page.locator("#error-summary").getByRole("link")).toHaveText([
    "Enter your full legal name",
    "Enter your date of birth",
    "Enter your mobile phone number",
    "Enter your emergency contact's name",
    "Enter your emergency contact's phone number",
  ]);
  await expect(patient.heading()).toHaveText("Your details");
});

test("the whole form works with the keyboard alone", async ({ page }, info) => {
  test.skip(info.project.name === "phone", "keyboard-only use is a desktop path");
  const patient = new Patient(page);
  await patient.arrive();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(patient.button("Start")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(patient.heading()).toHaveText("What are you coming in for?");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await expect(page.getByRole("checkbox", { name: /Wrinkle-relaxing/ })).toBeChecked();
  // The other five treatments, then the product question the chosen one brings (one
  // stop for its radio group), then Continue.
  for (let i = 0; i < 6; i++) await page.keyboard.press("Tab");
  await expect(page.getByRole("radio", { name: "Botox" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(patient.button("Continue")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(patient.heading()).toHaveText("Your details");
  await expect(patient.heading()).toBeFocused();
  const typeNext = async (text: string) => {
    await page.keyboard.press("Tab");
    if (text) await page.keyboard.type(text);
  };
  // Focus order follows the form: name, preferred name, month, day, year, phone,
  // email, emergency name, relationship, emergency phone, Continue.
  for (const text of [ana.legalName, "", "5", "14", "1990", ana.mobile, "", ana.emergencyName, "", ana.emergencyPhone]) {
    await typeNext(text);
  }
  await page.keyboard.press("Tab");
  await expect(patient.button("Continue")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(patient.heading()).toHaveText("Your health");
});
