// Scope of practice, as the medical director and the desk meet it, on a receiver of
// this test's own serving a profile where only physicians and nurse practitioners may
// perform dermal filler: the director records a registered nurse's licence (which
// expires within 30 days, so it is listed to renew); filler booked with her is refused
// with the reason, linked to the provider field; the director records an exception,
// and the same booking goes through, then is changed from the board; the director,
// with no credential on record, may not mark the visit treated, and is told why. The
// audit log holds the exception and the booking it let through. axe-core clean.

import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "./support/test";
import { expectNoAxeViolations } from "./support/axe";
import { virtualAuthenticator } from "./support/console";
import { cli, freePort, ownReceiver } from "./support/own-receiver";

test.skip(({ isMobile }) => isMobile, "the console runs on the desktop project");

/** `YYYY-MM-DD`, `days` from today. */
function dayIn(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test("filler booked with a nurse the protocol does not list is refused with the reason until the director records an exception", async ({ page, pageProblems }) => {
  test.setTimeout(90_000);
  pageProblems.allow(/status of 400/); // the refused booking and marking, answered 400 with their reasons
  const dir = mkdtempSync(join(tmpdir(), "candor-scope-"));
  const db = join(dir, "scope.sqlite");
  const profile = JSON.parse(readFileSync("dist/profile.json", "utf8"));
  for (const t of profile.treatments) {
    if (t.id === "ha_filler") t.performed_by = ["physician", "nurse_practitioner"];
  }
  const profileFile = join(dir, "profile.json");
  writeFileSync(profileFile, JSON.stringify(profile));
  const port = await freePort();
  const clinic = await ownReceiver(["--listen", `127.0.0.1:${port}`, "--dist", "dist", "--db", db, "--profile", profileFile]);
  try {
    const origin = `http://localhost:${port}`;
    const director = `Dr. Ana Ruiz ${randomUUID().slice(0, 8)}`;
    const link = JSON.parse(cli("staff", "invite", "--db", db, "--name", director, "--role", "director", "--console-origin", origin)).link;
    await virtualAuthenticator(page);
    await page.goto(link);
    await page.getByRole("button", { name: "Create my passkey" }).click();
    await expect(page.locator("#who")).toHaveText(director);

    // A nurse joins; the director records her licence, and the names she is booked as.
    await page.goto(`${origin}/console/staff`);
    await page.getByLabel("Name", { exact: true }).fill("Dana Lee");
    await page.getByLabel("Role", { exact: true }).selectOption("provider");
    await page.getByRole("button", { name: "Make the invitation link" }).click();
    await expect(page.locator("#staff-status")).toContainText("Invitation made for Dana Lee");
    await page.reload();
    const opener = page.getByRole("button", { name: "Licence of Dana Lee" });
    await opener.click();
    const dialog = page.getByRole("dialog", { name: "Licence" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Credential")).toBeFocused();
    await dialog.getByLabel("Credential").selectOption("registered_nurse");
    await dialog.getByLabel("Licence number").fill("RN-4411");
    await dialog.getByLabel("Valid through").fill(dayIn(10));
    await dialog.getByLabel(/Booked as/).fill("Nurse Lee\nD. Lee");
    await expectNoAxeViolations(page, "the licence dialog");
    await dialog.getByRole("button", { name: "Save the licence" }).click();
    const dana = page.locator("tr", { hasText: "Dana Lee" }).first();
    await expect(dana).toContainText(`registered nurse, RN-4411, valid through ${dayIn(10)}`);
    await expect(dana).toContainText("Booked as: Nurse Lee; D. Lee");
    const renew = page.getByRole("region", { name: "Licences to renew" });
    await expect(renew).toContainText(`Dana Lee (registered nurse): expires on ${dayIn(10)}, in 10 days`);
    await expectNoAxeViolations(page, "the staff page with licences");

    // Filler booked with her: refused, the reason linked to the provider field.
    const day = dayIn(3);
    await page.goto(`${origin}/console/today?day=${day}`);
    await expect(page.getByRole("region", { name: "Licences to renew" })).toContainText("Dana Lee");
    const book = page.locator("#book");
    await book.getByLabel("Date and time").fill(`${day}T10:30`);
    await book.getByLabel("Provider").fill("Nurse Lee");
    await book.getByRole("checkbox", { name: /dermal filler/ }).check();
    await book.getByLabel("Patient's name").fill("Noor Scope");
    await book.getByLabel("Email").fill("noor@example.org");
    await book.getByRole("button", { name: "Book and invite" }).click();
    const problem = page.locator("#book-problems a");
    await expect(problem).toHaveText([
      "Provider: Hyaluronic-acid dermal filler: the protocol lists physician, nurse practitioner; Dana Lee is a registered nurse",
    ]);
    await expect(page.locator("#book-status")).toContainText("outside the protocol's scope of practice");
    await expect(problem).toBeFocused();
    await expectNoAxeViolations(page, "a booking outside the scope");
    await problem.press("Enter");
    await expect(book.getByLabel("Provider")).toBeFocused();

    // The director's exception, through a day after the visit.
    await page.goto(`${origin}/console/staff`);
    const exception = page.locator("#exception-form");
    await exception.getByLabel("Member").selectOption({ label: "Dana Lee" });
    await exception.getByLabel("Treatment").selectOption("ha_filler");
    await exception.getByLabel("Through").fill(dayIn(10));
    await exception.getByLabel(/Reason/).fill("Supervised by Dr. Ruiz while she certifies as a nurse practitioner");
    await exception.getByRole("button", { name: "Record the exception" }).click();
    const inForce = page.getByRole("table", { name: "Exceptions in force" });
    await expect(inForce.locator("tbody tr")).toHaveCount(1);
    await expect(inForce).toContainText("Hyaluronic-acid dermal filler");
    await expect(inForce).toContainText("Supervised by Dr. Ruiz");
    await expectNoAxeViolations(page, "the exceptions");

    // The same booking goes through now.
    await page.goto(`${origin}/console/today?day=${day}`);
    await book.getByLabel("Date and time").fill(`${day}T10:30`);
    await book.getByLabel("Provider").fill("Nurse Lee");
    await book.getByRole("checkbox", { name: /dermal filler/ }).check();
    await book.getByLabel("Patient's name").fill("Noor Scope");
    await book.getByLabel("Email").fill("noor@example.org");
    await book.getByRole("button", { name: "Book and invite" }).click();
    await expect(page.locator("#book-status")).toHaveText("Booked: Noor Scope. The invitation is on its way.");
    const noor = page.locator("#board tbody tr", { hasText: "Noor Scope" });
    await expect(noor.locator("td").first()).toHaveText("10:30", { timeout: 5_000 });

    // Changed from the board: the form is filled with the booking, saved, and the
    // board follows.
    await noor.getByRole("button", { name: "Change Noor Scope's appointment" }).click();
    await expect(page.locator("#h-book")).toHaveText("Change Noor Scope's appointment");
    await expect(book.getByLabel("Date and time")).toBeFocused();
    await expect(book.getByLabel("Email")).toHaveValue("noor@example.org");
    await expect(book.getByRole("checkbox", { name: /dermal filler/ })).toBeChecked();
    await book.getByLabel("Date and time").fill(`${day}T14:15`);
    await expectNoAxeViolations(page, "changing an appointment");
    await book.getByRole("button", { name: "Save the changes" }).click();
    await expect(page.locator("#book-status")).toHaveText("Changed: Noor Scope's appointment.");
    await expect(page.locator("#h-book")).toHaveText("Book an appointment");
    await expect(noor.locator("td").first()).toHaveText("14:15", { timeout: 5_000 });

    // The director has no credential on record: not marked treated, and told why in
    // the dialog that asked what was used.
    await noor.getByRole("button", { name: "Mark treated (Noor Scope)" }).click();
    const treated = page.getByRole("dialog", { name: "Mark treated" });
    await expect(treated.getByRole("group", { name: /dermal filler/ })).toBeVisible();
    await expect(treated.getByRole("group", { name: /Wrinkle-relaxing/ })).toBeHidden();
    await treated.getByRole("textbox", { name: "Lot number" }).fill("LOT-4411");
    await expectNoAxeViolations(page, "marking a visit treated");
    await treated.getByRole("button", { name: "Mark treated" }).click();
    await expect(page.locator("#treated-problems")).toContainText(
      `Not marked treated: you are outside the protocol's scope of practice for this visit.Hyaluronic-acid dermal filler: ${director} has no credential on record`,
    );
    await treated.getByRole("button", { name: "Cancel" }).click();
    await expect(treated).toBeHidden();
    await expect(noor.getByRole("button", { name: "Mark treated (Noor Scope)" })).toBeFocused();

    // The audit log holds the exception and the booking it let through.
    const log = await (await page.request.get(`${origin}/console/audit.csv`)).text();
    expect(log).toContain("scope_exception_recorded");
    expect(log).toContain("licence_recorded");
    expect(log).toContain("appointment_edited");
    expect(log).toMatch(/appointment_booked[^\n]*exceptions[^\n]*exc-/);
    expect(log).not.toContain("Noor");
  } finally {
    clinic.kill();
  }
});
