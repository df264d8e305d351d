// Check-ins after a treatment, the patient's side, end to end on a receiver of this
// test's own with a real mail server (npm `smtp-server` on loopback) and a "day" of
// two seconds (`--check-in-day-seconds 2`): a provider books a filler visit and marks
// it treated with its lot number through the Today board's dialog; the day-1 check-in
// arrives by email, and the patient opens its link on a phone. The token leaves the
// address bar at once. Ticking "pale or white skin" (by keyboard) raises the
// call-the-clinic alert before anything is sent, with a working tel: link, in English
// and Spanish; a change in vision asks for 911 first. The answers are sent and
// confirmed, the call repeated, the on-call address told. The day-14 check-in, with
// only bruising and a photo carrying EXIF GPS (a text file refused first), sends with no
// alert, and what the page sent has no EXIF left. axe-core on the check-in screen and
// the alerts in both languages, on the phone and the desktop; text at 200% on the phone.
// The clinic's side: the provider's board, open all along, shows the urgent check-in
// within two seconds without a reload; the provider reads it (and the check-ins, urgent
// first) and the draft incident it opened with the lot, and hands it to the medical
// director, who grades it, signs it off and closes it; the patterns page counts the
// lot; the audit log has every step and no patient's name or words. axe-core on each
// of those console pages.

import { type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devices, type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { type Mail, mailServer, text } from "./support/mail";
import { expectNoAxeViolations } from "./support/axe";
import { virtualAuthenticator } from "./support/console";
import { cli, freePort, ownReceiver } from "./support/own-receiver";

test.skip(({ isMobile }) => isMobile, "the console runs on the desktop project; the patient's phone is a context of its own");

/** The check-in links the patient was sent, oldest first. */
function checkInLinks(received: Mail[], to: string): string[] {
  return received
    .filter((m) => m.to.includes(to))
    .map((m) => text(m.raw).match(/http:\/\/127\.0\.0\.1:\d+\/#check-in=[\w.~-]+/)?.[0])
    .filter((link): link is string => !!link);
}

/** A JPEG drawn by the browser, with an APP1 Exif segment naming a GPS position
 * spliced in after its start-of-image marker. */
async function jpegWithGps(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#c98";
    context.fillRect(0, 0, 64, 48);
    return canvas.toDataURL("image/jpeg", 0.9);
  });
  const jpeg = Buffer.from(dataUrl.split(",")[1], "base64");
  // TIFF, big-endian: IFD0 with one entry (GPSInfo → the GPS IFD), the GPS IFD with
  // GPSLatitudeRef "N" and GPSLatitude 40/1 44/1 30/1.
  const tiff = Buffer.alloc(8 + 2 + 12 + 4 + 2 + 24 + 4 + 24);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x8825, 10); // GPSInfo
  tiff.writeUInt16BE(4, 12); // LONG
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18); // the GPS IFD's offset
  tiff.writeUInt32BE(0, 22);
  tiff.writeUInt16BE(2, 26);
  tiff.writeUInt16BE(1, 28); // GPSLatitudeRef
  tiff.writeUInt16BE(2, 30); // ASCII
  tiff.writeUInt32BE(2, 32);
  tiff.write("N\0", 36, "latin1");
  tiff.writeUInt16BE(2, 40); // GPSLatitude
  tiff.writeUInt16BE(5, 42); // RATIONAL
  tiff.writeUInt32BE(3, 44);
  tiff.writeUInt32BE(56, 48); // the rationals' offset
  tiff.writeUInt32BE(0, 52);
  [40, 1, 44, 1, 30, 1].forEach((n, i) => tiff.writeUInt32BE(n, 56 + 4 * i));
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, payload, jpeg.subarray(2)]);
}

test("a treated filler visit's check-ins: a warning sign says call the clinic before anything is sent, a routine one sends a photo without its EXIF", async ({ page, browser, pageProblems }) => {
  test.setTimeout(150_000);
  const dir = mkdtempSync(join(tmpdir(), "candor-check-ins-"));
  const db = join(dir, "check-ins.sqlite");
  const [port, smtpPort] = [await freePort(), await freePort()];
  const received: Mail[] = [];
  const smtp = await mailServer(smtpPort, received);
  const clinic: ChildProcess = await ownReceiver(
    ["--listen", `127.0.0.1:${port}`, "--dist", "dist", "--db", db,
     "--smtp-url", `smtp://127.0.0.1:${smtpPort}`, "--mail-from", "Lumen <forms@lumen.example>",
     "--public-url", `http://127.0.0.1:${port}/`, "--retry-seconds", "1",
     "--check-in-day-seconds", "2", "--on-call-email", "oncall@lumen.example"],
  );
  try {
    // A provider on the clinic's console (a passkey on this receiver's own console).
    const consoleOrigin = `http://localhost:${port}`;
    const provider = `Nurse Dana Lee ${randomUUID().slice(0, 8)}`;
    const link = JSON.parse(
      cli("staff", "invite", "--db", db, "--name", provider, "--role", "provider", "--console-origin", consoleOrigin),
    ).link;
    await virtualAuthenticator(page);
    await page.goto(link);
    await page.getByRole("button", { name: "Create my passkey" }).click();
    await expect(page.locator("#who")).toHaveText(provider);

    // Filler booked for today at the desk, then marked treated with its lot number.
    const day = new Date().toISOString().slice(0, 10);
    const patientName = "Rosa Delgado";
    const email = `rosa-${randomUUID().slice(0, 8)}@example.org`;
    await page.goto(`${consoleOrigin}/console/today?day=${day}`);
    const book = page.locator("#book");
    await book.getByLabel("Date and time").fill(`${day}T10:30`);
    await book.getByLabel("Provider").fill("Nurse Lee");
    await book.getByRole("checkbox", { name: /dermal filler/ }).check();
    await book.getByLabel("Patient's name").fill(patientName);
    await book.getByLabel("Email").fill(email);
    await book.getByRole("button", { name: "Book and invite" }).click();
    await expect(page.locator("#book-status")).toHaveText(`Booked: ${patientName}. The invitation is on its way.`);
    const row = page.locator("#board tbody tr", { hasText: patientName });
    await row.getByRole("button", { name: `Mark treated (${patientName})` }).click();
    const treated = page.getByRole("dialog", { name: "Mark treated" });
    const filler = treated.getByRole("group", { name: /dermal filler/ });
    await expect(filler).toBeVisible();
    await filler.getByRole("textbox", { name: "Lot number" }).fill("LOT-4411");
    await treated.getByRole("button", { name: "Mark treated" }).click();
    await expect(treated).toBeHidden();
    await expect(row).toContainText("treated by", { timeout: 5_000 });

    // The day-1 check-in arrives by email.
    await expect.poll(() => checkInLinks(received, email).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const [dayOne] = checkInLinks(received, email);

    // The patient opens it on a phone: the token leaves the address bar at once.
    const phone = await browser.newContext({ ...devices["Pixel 7"] });
    const widget = await phone.newPage();
    await widget.goto(dayOne);
    const heading = widget.getByRole("heading", { level: 1 });
    await expect(heading).toHaveText("How are you feeling after your treatment?");
    expect(widget.url()).toBe(`http://127.0.0.1:${port}/`);

    // Nothing chosen or ticked at first; 0 and 10 say what they mean.
    const pain = widget.getByRole("group", { name: "How much pain do you have now?" });
    await expect(pain.getByRole("radio")).toHaveCount(11);
    for (const radio of await pain.getByRole("radio").all()) await expect(radio).not.toBeChecked();
    await expect(pain.getByRole("radio", { name: "0 no pain" })).toBeVisible();
    await expect(pain.getByRole("radio", { name: "10 worst pain" })).toBeVisible();
    const signs = widget.getByRole("group", { name: "Have you noticed any of these?" });
    await expect(signs.getByRole("checkbox")).toHaveCount(6);
    for (const box of await signs.getByRole("checkbox").all()) await expect(box).not.toBeChecked();
    await expect(widget.getByText("Add a photo of the treated area")).toBeVisible();
    await expect(widget.getByText(/normal/i)).toHaveCount(0);
    await expectNoAxeViolations(widget, "the check-in screen (phone, English)");
    // Text at 200%: still no sideways scrolling on the phone.
    await widget.evaluate(() => document.documentElement.style.setProperty("font-size", "200%"));
    expect(await widget.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await widget.evaluate(() => document.documentElement.style.removeProperty("font-size"));

    // Spanish: the signs in the patient's language, then the alert.
    await widget.getByRole("button", { name: "Español" }).click();
    await expect(heading).toHaveText("¿Cómo se siente después de su tratamiento?");
    await expect(widget.locator("html")).toHaveAttribute("lang", "es");
    await expectNoAxeViolations(widget, "the check-in screen (phone, Spanish)");
    // By keyboard: the box focused, ticked with the space bar.
    await widget.getByRole("checkbox", { name: "Piel pálida o blanca en la zona tratada" }).focus();
    await widget.keyboard.press("Space");
    const alert = widget.getByRole("alert");
    await expect(alert).toContainText("Llame a la clínica ahora");
    await expect(alert, "focus moves to the alert").toBeFocused();
    await expect(alert.getByRole("link", { name: "Llamar a la clínica: (555) 010-4477" })).toHaveAttribute("href", "tel:+15550104477");
    await expectNoAxeViolations(widget, "the call-the-clinic alert (phone, Spanish)");

    // English: the alert comes before Send, has the focus, and its link calls the clinic.
    await widget.getByRole("button", { name: "English" }).click();
    await expect(alert.getByRole("heading")).toHaveText("Call the clinic now");
    const call = alert.getByRole("link", { name: "Call the clinic: (555) 010-4477" });
    await expect(call).toHaveAttribute("href", "tel:+15550104477");
    const send = widget.getByRole("button", { name: "Send your answers to the clinic too" });
    expect(await alert.evaluate((a, s) => !!(a.compareDocumentPosition(s!) & Node.DOCUMENT_POSITION_FOLLOWING), await send.elementHandle())).toBe(true);
    expect(checkInReports(received).length, "nothing was sent yet").toBe(0);
    await expectNoAxeViolations(widget, "the call-the-clinic alert (phone, English)");

    // The same on the desktop: the screen and the alert, both languages.
    const desk = await (await browser.newContext()).newPage();
    await desk.goto(dayOne);
    await expect(desk.getByRole("heading", { level: 1 })).toHaveText("How are you feeling after your treatment?");
    await expectNoAxeViolations(desk, "the check-in screen (desktop, English)");
    await desk.getByRole("checkbox", { name: "Pale or white skin where you were treated" }).check();
    await expect(desk.getByRole("alert")).toContainText("Call the clinic now");
    await expectNoAxeViolations(desk, "the call-the-clinic alert (desktop, English)");
    await desk.getByRole("button", { name: "Español" }).click();
    await expect(desk.getByRole("alert")).toContainText("Llame a la clínica ahora");
    await expectNoAxeViolations(desk, "the call-the-clinic alert (desktop, Spanish)");
    // A change in vision: the emergency number first, then the clinic.
    await desk.getByRole("button", { name: "English" }).click();
    await desk.getByRole("checkbox", { name: /change in your vision/ }).check();
    const emergency = desk.getByRole("alert");
    await expect(emergency.getByRole("heading")).toHaveText("Call 911 now");
    await expect(emergency).toBeFocused();
    await expect(emergency.getByRole("link")).toHaveText(["Call 911", "Call the clinic: (555) 010-4477"]);
    await expect(emergency.getByRole("link").first()).toHaveAttribute("href", "tel:911");
    await expectNoAxeViolations(desk, "the emergency alert (desktop, English)");
    await desk.context().close();

    // Sent: the confirmation says so and repeats the call.
    await pain.getByRole("radio", { name: "6" }).check();
    let reported: { report: { urgency: string; answers: { signs: string[] } } } | undefined;
    widget.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith("/api/check-ins/current")) reported = r.postDataJSON();
    });
    const answered = widget.waitForResponse((r) => r.url().endsWith("/api/check-ins/current") && r.request().method() === "POST");
    await send.click();
    expect((await answered).status()).toBe(200);
    expect(reported!.report.urgency, "the report carries the browser's urgency").toBe("call_clinic");
    expect(reported!.report.answers.signs).toEqual(["blanching"]);
    await expect(heading).toHaveText("Thank you");
    await expect(widget.locator("#check-in-sent")).toHaveText(/The clinic has your answers. Please still call now/);
    await expect(widget.getByRole("link", { name: "Call the clinic: (555) 010-4477" })).toHaveAttribute("href", "tel:+15550104477");
    await expect.poll(() => received.some((m) => m.to.includes("oncall@lumen.example")), { timeout: 10_000 }).toBe(true);
    // The provider's board, open all along, shows it within two seconds, unreloaded.
    const urgentNotice = page.locator("#urgent-check-ins");
    await expect(urgentNotice).toContainText(`Urgent: told to call the clinic: ${patientName}, day 1 after Hyaluronic-acid dermal filler`, { timeout: 2_000 });
    const alertMail = received.find((m) => m.to.includes("oncall@lumen.example"))!;
    expect(alertMail.raw, "the on-call alert names no patient").not.toContain("Rosa");

    // Opened again in the same tab (only the fragment changes; the page starts again):
    // already answered.
    await widget.goto(dayOne);
    await expect(heading).toHaveText("Thank you, the clinic has your answers");

    // The day-14 check-in (28 seconds later): only bruising, and a photo with GPS.
    await expect.poll(() => checkInLinks(received, email).length, { timeout: 45_000 }).toBeGreaterThanOrEqual(2);
    const dayFourteen = checkInLinks(received, email)[1];
    // Opened in the same tab, where only the address's fragment changes: the page
    // starts again with the new link.
    await widget.goto(dayFourteen);
    await expect(heading).toHaveText("How are you feeling after your treatment?");
    await widget.getByRole("checkbox", { name: "Bruising where you were treated" }).check();
    await widget.locator("#check-in-photo").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a photo") });
    await expect(widget.locator("#check-in-photo-status")).toHaveText("This file is not a photo. Please choose a photo.");
    const photo = await jpegWithGps(widget);
    expect(photo.includes(Buffer.from("Exif")), "the test's photo carries EXIF").toBe(true);
    await widget.locator("#check-in-photo").setInputFiles({ name: "IMG_0001.jpg", mimeType: "image/jpeg", buffer: photo });
    await expect(widget.getByRole("img", { name: "Your photo of the treated area" })).toBeVisible();
    await expect(widget.getByRole("button", { name: "Remove photo" })).toBeVisible();
    await expect(widget.locator("#check-in-photo-status")).toHaveText("");
    await expect(widget.getByRole("alert")).toHaveCount(0);
    await expect(widget.getByRole("button", { name: "Send", exact: true })).toBeVisible();
    let body = "";
    await widget.route("**/api/check-ins/current", async (route) => {
      if (route.request().method() === "POST") body = route.request().postData() ?? "";
      await route.continue();
    });
    const second = widget.waitForResponse((r) => r.url().endsWith("/api/check-ins/current") && r.request().method() === "POST");
    await widget.getByRole("button", { name: "Send", exact: true }).click();
    expect((await second).status()).toBe(200);
    const sent = JSON.parse(body);
    expect(sent.report.urgency).toBe("routine");
    expect(sent.report.answers).toMatchObject({ signs: ["bruising"], photo: true });
    const jpeg = Buffer.from(sent.photo, "base64");
    expect(jpeg.subarray(0, 2).toString("hex"), "a JPEG").toBe("ffd8");
    expect(jpeg.includes(Buffer.from("Exif")), "no EXIF in what the page sent").toBe(false);
    expect(jpeg.includes(Buffer.from([0x88, 0x25])) && jpeg.includes(Buffer.from("MM\0*")), "no GPS IFD").toBe(false);
    await expect(heading).toHaveText("Thank you");
    await expect(widget.locator("#check-in-sent")).toHaveText("The clinic has your answers.");
    await expect(widget.getByRole("link", { name: /^Call the clinic/ })).toBeVisible();
    await expect(widget.getByRole("alert")).toHaveCount(0);
    await phone.close();

    // The provider reads the check-ins (urgent first), the urgent one whole, and the
    // draft incident it opened, and hands it to the medical director.
    await urgentNotice.getByRole("link", { name: `Open ${patientName}'s check-in` }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Check-in: ${patientName}`);
    await expect(page.locator("main")).toContainText("Pale or white skin where you were treated");
    await expect(page.locator("main")).toContainText("LOT-4411");
    await expectNoAxeViolations(page, "a check-in (console)");
    await page.goto(`${consoleOrigin}/console/check-ins`);
    const rows = page.locator("#check-in-table tbody tr");
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText("Urgent: told to call the clinic");
    await expect(rows.nth(1)).toContainText("Routine");
    await expectNoAxeViolations(page, "the check-ins (console)");
    await rows.first().getByRole("link", { name: patientName }).click();
    await page.getByRole("link", { name: "open the incident" }).click();
    await expect(page.locator("#incident-state")).toHaveText(/open/i);
    await expect(page.getByLabel("Lot number")).toHaveValue("LOT-4411");
    await expect(page.getByLabel("Patient's name")).toHaveValue(patientName);
    await expectNoAxeViolations(page, "a draft incident (provider)");
    const incidentUrl = page.url();
    await page.getByRole("button", { name: "Hand to the medical director" }).click();
    await expect(page.locator("#incident-state")).toHaveText(/under review/i);

    // The medical director grades it, signs it off and closes it.
    const director = `Dr. Ana Ruiz ${randomUUID().slice(0, 8)}`;
    const directorLink = JSON.parse(
      cli("staff", "invite", "--db", db, "--name", director, "--role", "director", "--console-origin", consoleOrigin),
    ).link;
    const boss = await (await browser.newContext()).newPage();
    await virtualAuthenticator(boss);
    await boss.goto(directorLink);
    await boss.getByRole("button", { name: "Create my passkey" }).click();
    await expect(boss.locator("#who")).toHaveText(director);
    await boss.goto(`${consoleOrigin}/console/incidents`);
    await expect(boss.locator("main")).toContainText(patientName);
    await expectNoAxeViolations(boss, "the incidents (director)");
    await boss.goto(incidentUrl);
    await boss.getByLabel("Grade (CTCAE-style)").selectOption({ label: "2 Moderate: local or non-invasive intervention" });
    await boss.getByLabel("Actions taken").fill("Called back at once; seen the same afternoon; hyaluronidase given.");
    await boss.getByRole("button", { name: "Save changes" }).click();
    // Saved, the page loads again: the grade is then the record's, not the form's.
    await expect(boss.locator("main dl")).toContainText("Grade2 Moderate");
    await boss.getByRole("button", { name: "Sign off as medical director" }).click();
    await expect(boss.locator("main")).toContainText(`By ${director}`);
    await boss.getByRole("button", { name: "Close" }).click();
    await expect(boss.locator("#incident-state")).toHaveText(/closed/i);
    await expectNoAxeViolations(boss, "a closed incident (director)");
    await boss.goto(`${consoleOrigin}/console/incidents/patterns`);
    await expect(boss.locator("main")).toContainText("LOT-4411");
    await expectNoAxeViolations(boss, "the incidents' patterns (director)");

    // Every step is in the audit log, and no patient's name or answer is.
    const log = await (await boss.request.get(`${consoleOrigin}/console/audit.csv`)).text();
    for (const action of ["visit_treated", "check_in_received", "incident_opened", "incident_state_changed", "incident_updated", "incident_signed_off"]) {
      expect(log, action).toContain(action);
    }
    expect(log).not.toContain("Rosa");
    expect(log).not.toContain("hyaluronidase");
    await boss.context().close();

    // A provider records one by hand: an empty form names each missing field, as a
    // link that takes the focus there.
    await page.goto(`${consoleOrigin}/console/incidents/new`);
    await expectNoAxeViolations(page, "a new incident (provider)");
    pageProblems.allow(/status of 400/); // from here on: the empty form, answered 400 with its problems
    await page.getByRole("button", { name: "Record the incident" }).click();
    const problems = page.locator("#incident-problems a");
    await expect(problems.first()).toBeFocused();
    await expect(problems.first()).toContainText("Patient's name");
    await expectNoAxeViolations(page, "a new incident's problems (provider)");
  } finally {
    clinic.kill("SIGKILL");
    smtp.close();
  }
});

/** Messages to the on-call address (urgent check-ins' alerts), which name no patient. */
function checkInReports(received: Mail[]): Mail[] {
  return received.filter((m) => m.to.includes("oncall@lumen.example"));
}
