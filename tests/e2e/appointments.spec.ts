// The front desk's appointments page with a real passkey: a booking system's export
// with a bad row is refused with the row and column named and nothing kept; the good
// export imports, and the day lists its appointments by time; a link is handed over at
// the desk with its QR code, an invitation sent again and revoked, and an appointment
// booked at the desk (its problem listed by field first) and cancelled. axe-core clean.

import { randomUUID } from "node:crypto";
import { expect, test } from "./support/test";
import { expectNoAxeViolations } from "./support/axe";
import { inviteStaff, virtualAuthenticator } from "./support/console";

test.skip(({ isMobile }) => isMobile, "the console runs on the desktop project");

// A day of its own, so a retry or another test's appointments never share it.
const DAY = `2031-03-${String(1 + Math.floor(Math.random() * 28)).padStart(2, "0")}`;
const SOURCE = `boulevard-${randomUUID().slice(0, 8)}`;
const EXPORT = [
  "Appointment ID,Start Time,Staff,Service,Client Name,Client Email,Client Phone,Language",
  `E2E-100,${DAY}T10:30:00-05:00,Dr. Ruiz,ha_filler,Ximena Ortega,ximena@example.org,+1 555 271 8281,es`,
  `E2E-101,${DAY}T09:15:00-05:00,Dr. Ruiz,neurotoxin;ha_filler,Yusuf Demir,,+34 612 345 678,`,
  `E2E-102,${DAY}T16:00:00-05:00,Nurse Lee,chemical_peel,Zora Ivanova,zora@example.org,,en`,
].join("\n");

test("the front desk imports a booking export from the console and sees the day by time", async ({ page, baseURL, pageProblems }) => {
  test.setTimeout(60_000);
  pageProblems.allow(/status of 400/); // the refused import, answered 400 with its problems
  const origin = new URL(baseURL!).origin.replace("127.0.0.1", "localhost");
  const desk = `Sam Front ${randomUUID().slice(0, 8)}`;
  await virtualAuthenticator(page);
  await page.goto(inviteStaff(desk, "front_desk", origin));
  await page.getByRole("button", { name: "Create my passkey" }).click();
  await expect(page.locator("#who")).toHaveText(desk);

  await page.getByRole("link", { name: "Appointments" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Appointments");
  await page.getByLabel("Day").fill(DAY);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("cell", { name: "No appointments on this day." })).toBeVisible();
  await expectNoAxeViolations(page, "appointments");

  // A row without its provider: named by row and column, nothing imported.
  await page.getByRole("textbox", { name: "Booking system" }).fill(SOURCE);
  const file = page.getByLabel("CSV file");
  await file.setInputFiles({ name: "export.csv", mimeType: "text/csv", buffer: Buffer.from(EXPORT.replace("Nurse Lee", "")) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.locator("#import-problems li")).toHaveText(["Row 4, Staff: is missing"]);
  await expect(page.locator("#import-status")).toContainText("Nothing was imported");
  await expectNoAxeViolations(page, "an import's problems");

  await file.setInputFiles({ name: "export.csv", mimeType: "text/csv", buffer: Buffer.from(EXPORT) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.locator("#import-status")).toHaveText("Imported: 3 added, 0 updated, 0 already up to date.");
  await expect(page.locator("tbody tr")).toHaveCount(3, { timeout: 5_000 });
  await expect(page.locator("tbody tr td:nth-child(2)")).toHaveText(["Yusuf Demir", "Ximena Ortega", "Zora Ivanova"]);
  await expect(page.locator("tbody tr td:first-child")).toHaveText(["09:15", "10:30", "16:00"]);
  await expectNoAxeViolations(page, "the day's appointments");

  // A link handed over at the desk: a dialog with the QR code and the link, shown once;
  // closing it returns to the button and leaves nothing of the link on the page.
  const ximena = page.locator("#board tbody tr", { hasText: "Ximena Ortega" });
  const handOver = ximena.getByRole("button", { name: "Desk link for Ximena Ortega" });
  await handOver.click();
  const dialog = page.getByRole("dialog", { name: "Link for the desk" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("img", { name: "QR code of the link" })).toBeVisible();
  await expect(dialog.locator("#desk-link-text")).toHaveText(/^http:\/\/localhost:\d+\/#invite=inv-[\w-]+\.[\w-]+&draft=[\w-]{43}$/);
  await expectNoAxeViolations(page, "the desk link");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  await expect(handOver).toBeFocused();
  await expect(page.locator("#desk-link-text")).toHaveText("");

  // Sent again, then revoked (after saying what revoking does).
  await ximena.getByRole("button", { name: "Send again to Ximena Ortega" }).click();
  await expect(page.locator("#invitation-status")).toContainText("Sent again");
  page.once("dialog", (confirm) => {
    expect(confirm.message()).toContain("Its links will no longer open");
    void confirm.accept();
  });
  await ximena.getByRole("button", { name: "Revoke Ximena Ortega's invitation" }).click();
  await expect(page.locator("#invitation-status")).toContainText("Revoked");
  await expect(ximena.locator("td").nth(5)).toHaveText("revoked: its links no longer open", { timeout: 5_000 });

  // Booked at the desk: a wrong booking lists each problem, linked to its field; the
  // right one is on the board at once, its invitation waiting.
  const book = page.getByRole("region", { name: "Book an appointment" });
  await book.getByLabel("Date and time").fill(`${DAY}T11:45`);
  await book.getByLabel("Provider").fill("Nurse Lee");
  await book.getByRole("checkbox", { name: /Chemical peel/ }).check();
  await book.getByLabel("Patient's name").fill("Wen Deskbooked");
  await book.getByRole("button", { name: "Book and invite" }).click();
  const problem = book.locator("#book-problems a");
  await expect(problem).toHaveText(["Email: or a mobile number is needed to send the invitation"]);
  await expect(problem).toBeFocused();
  await expectNoAxeViolations(page, "a booking's problems");
  await problem.press("Enter");
  await expect(book.getByLabel("Email")).toBeFocused();
  await page.keyboard.type("wen@example.org");
  await book.getByRole("button", { name: "Book and invite" }).click();
  await expect(book.getByRole("status")).toHaveText("Booked: Wen Deskbooked. The invitation is on its way.");
  const wen = page.locator("#board tbody tr", { hasText: "Wen Deskbooked" });
  await expect(wen.locator("td").first()).toHaveText("11:45", { timeout: 5_000 });
  await expect(wen.locator("td").nth(5)).toHaveText("not sent: no mail server is configured (--smtp-url)", { timeout: 10_000 });

  // Cancelled (after saying what it does): still on the board, as cancelled.
  page.once("dialog", (confirm) => void confirm.accept());
  await wen.getByRole("button", { name: "Cancel Wen Deskbooked's appointment" }).click();
  await expect(page.locator("#invitation-status")).toContainText("Cancelled");
  await expect(wen.locator("td").nth(4)).toHaveText("cancelled", { timeout: 5_000 });
  await expect(wen.getByRole("button", { name: /^Cancel/ })).toHaveCount(0);
});
