// The clinic's day, end to end, with a real mail server (npm `smtp-server`, started
// here on loopback) and a receiver of this test's own that sends through it: the day's
// appointment is imported, its invitation arrives by email (in the patient's language,
// no treatment named), the patient opens the link from that message on a phone, finds
// the booked treatment already chosen, and completes the visit; meanwhile the medical
// director's Today board on another page moves the appointment from invited to
// opened, in progress, and submitted and flagged, without a reload. The record names
// its appointment.

import { type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devices } from "@playwright/test";
import { expect, test } from "./support/test";
import { type Mail, mailServer, text } from "./support/mail";
import { expectNoAxeViolations } from "./support/axe";
import { virtualAuthenticator } from "./support/console";
import { Patient } from "./support/patient";
import { adult, fillDetails, next, pick, primary } from "./support/flow";
import { cli, freePort, ownReceiver } from "./support/own-receiver";
import { finish, signConsentsButLast } from "./support/submit";

test.skip(({ isMobile }) => isMobile, "the console runs on the desktop project; the patient's phone is a context of its own");

/** `serve` on `port` with its own database, sending through the mail server. */
function clinicReceiver(port: number, smtpPort: number, db: string): Promise<ChildProcess> {
  return ownReceiver(
    ["--listen", `127.0.0.1:${port}`, "--dist", "dist", "--db", db,
     "--smtp-url", `smtp://127.0.0.1:${smtpPort}`, "--mail-from", "Lumen <forms@lumen.example>",
     "--public-url", `http://127.0.0.1:${port}/`, "--retry-seconds", "1"],
  );
}

test("an emailed invitation is opened on a phone and the Today board follows the visit live to submitted and flagged", async ({ page, browser, pageProblems }) => {
  test.setTimeout(120_000);
  pageProblems.allow(/status of 410/); // the director's spent registration link, if revisited
  const dir = mkdtempSync(join(tmpdir(), "candor-clinic-day-"));
  const db = join(dir, "day.sqlite");
  const [port, smtpPort] = [await freePort(), await freePort()];
  const received: Mail[] = [];
  const smtp = await mailServer(smtpPort, received);
  const clinic = await clinicReceiver(port, smtpPort, db);
  try {
    // The medical director's board (a passkey on this receiver's own console).
    const consoleOrigin = `http://localhost:${port}`;
    const director = `Dr. Ana Ruiz ${randomUUID().slice(0, 8)}`;
    const link = JSON.parse(
      cli("staff", "invite", "--db", db, "--name", director, "--role", "director", "--console-origin", consoleOrigin),
    ).link;
    await virtualAuthenticator(page);
    await page.goto(link);
    await page.getByRole("button", { name: "Create my passkey" }).click();
    await expect(page.locator("#who")).toHaveText(director);

    // Today's appointment, from the booking system's export.
    const day = new Date().toISOString().slice(0, 10);
    const patientName = `Rosa Delgado`;
    const email = `rosa-${randomUUID().slice(0, 8)}@example.org`;
    const file = join(dir, "export.csv");
    writeFileSync(file, [
      "Appointment ID,Start Time,Staff,Service,Client Name,Client Email,Language",
      `DAY-1,${day}T15:00:00+00:00,Nurse Lee,massage,${patientName},${email},en`,
    ].join("\n"));
    cli("appointments", "import", "--db", db, "--source", "boulevard", file);

    await page.goto(`${consoleOrigin}/console/today?day=${day}`);
    const row = page.locator("#board tbody tr", { hasText: patientName });
    await expect(row).toBeVisible();
    await expect(row.locator("td").nth(5)).toHaveText("sent by email", { timeout: 10_000 });
    await expect(row.locator("td").nth(6)).toHaveText("not opened yet");
    await expectNoAxeViolations(page, "the Today board");

    // The invitation, as the mail server received it: the patient's language, the
    // link, no treatment named.
    await expect.poll(() => received.filter((m) => m.to.includes(email)).length, { timeout: 10_000 }).toBe(1);
    const message = text(received.find((m) => m.to.includes(email))!.raw);
    expect(message).toMatch(/Subject: Your forms for /);
    expect(message.toLowerCase()).not.toContain("massage");
    const invitation = message.match(/http:\/\/127\.0\.0\.1:\d+\/#invite=[\w.-]+&draft=[\w-]+/)?.[0];
    expect(invitation, "the message carries the link").toBeTruthy();

    // The patient, on their phone, opens the link from the message.
    const phone = await browser.newContext({ ...devices["Pixel 7"] });
    const patient = new Patient(await phone.newPage());
    const widget = patient.page;
    await widget.goto(invitation!);
    await expect(patient.heading()).toHaveText(/^Welcome to /);
    await expect(row.locator("td").nth(6), "the board hears the invitation opened").toHaveText("opened, not submitted yet", { timeout: 5_000 });
    await expect(page.locator("#board-status")).toContainText("Updated at");

    // The booked treatment is already chosen; the patient keeps their answers.
    await patient.press(primary(widget));
    await expect(patient.heading()).toHaveText("What are you coming in for?");
    await expect(widget.getByRole("checkbox", { name: /Massage therapy/ }), "chosen from the booking").toBeChecked();
    await next(patient);
    await fillDetails(patient, { ...adult, legalName: patientName });
    await next(patient);
    await patient.press(widget.getByRole("checkbox", { name: /on this or another device, with my invitation link/ }));
    await expect(row.locator("td").nth(6), "the board hears the answers kept").toHaveText(/^in progress/, { timeout: 5_000 });

    // A fever today: a stop finding.
    const answers: [string, string[]][] = [
      ["q-conditions-none", ["q-conditions-none", "q-doctor_care-no"]],
      ["q-takes_medications-no", ["q-takes_medications-no", "q-gold_therapy_ever-no"]],
      ["q-has_allergies-no", ["q-has_allergies-no"]],
      ["q-pregnancy_status-none", ["q-pregnancy_status-none"]],
      ["q-previous_treatments-none", ["q-previous_treatments-none"]],
      ["q-implants-none", ["q-implants-none"]],
      ["q-smoking-never", ["q-smoking-never"]],
      ["q-massage_today-fever", ["q-massage_today-fever", "q-massage_pressure-light"]],
    ];
    while ((await primary(widget).count()) > 0) {
      for (const [marker, ids] of answers) {
        if ((await widget.locator(`[id="${marker}"]`).count()) === 0) continue;
        for (const id of ids) if ((await widget.locator(`[id="${id}"]`).count()) > 0) await pick(patient, id);
      }
      await next(patient);
    }
    await signConsentsButLast(patient, patientName);
    await finish(patient);
    await expect(widget.locator("#send-status")).toContainText("Received by the clinic at");
    await phone.close();

    await expect(row.locator("td").nth(6), "the board hears the forms sent, and what they raised").toHaveText(
      "submitted; flagged: stop; with the medical director",
      { timeout: 5_000 },
    );
    await page.getByLabel("Status").selectOption("flagged");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page.locator("#board tbody tr")).toHaveCount(1);
    await page.getByLabel("Status").selectOption("not_opened");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page.locator("#board tbody tr")).toHaveText(["No appointments match these filters."]);
    await expectNoAxeViolations(page, "the Today board, filtered");

    // The record names the appointment it was made for.
    await page.goto(`${consoleOrigin}/console`);
    await page.locator("#queue tr", { hasText: patientName }).getByRole("link").first().click();
    await expect(page.getByRole("definition").filter({ hasText: "with Nurse Lee, booked for massage" })).toContainText(
      `${day} 15:00:00+00:00 with Nurse Lee, booked for massage (boulevard DAY-1)`,
    );
  } finally {
    clinic.kill("SIGKILL");
    smtp.close();
  }
});
