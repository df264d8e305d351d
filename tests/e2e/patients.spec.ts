// Patients as records across visits (issue 31, part 1), as a provider meets them in
// the console with a real passkey (Chromium's virtual authenticator): the same patient
// sends two visits, signed and posted as the widget posts them; on the first nothing
// is suggested and the provider makes a patient record from it; on the second the
// record is suggested (same name and date of birth), never linked until the provider
// links it; the patient's chart then shows both visits as a timeline, newest first,
// each linking to its record. The second visit adds a medication (issue 31, part 4):
// the chart leads with "New since …: isotretinoin", the provider accepts it into the
// patient record, and the chart then shows the accepted record with no pending
// change. No name or medication in any address or title; axe-core clean on the
// changed record page and the chart, before and after accepting.

import { readFileSync } from "node:fs";
import { randomInt, randomUUID } from "node:crypto";
import { expect, test } from "./support/test";
import { expectNoAxeViolations } from "./support/axe";
import { inviteStaff, virtualAuthenticator } from "./support/console";
import { signedByJose } from "../support/jose-signing.mjs";

test.skip(({ isMobile }) => isMobile, "the console runs on the desktop project");

/** Posts a visit by `name` born on `dob` (`[day, month, year]`), taking `medicines`
 * (names as typed), signed as the widget signs it; its record's console path (`id/kid`). */
async function visit(baseURL: string, name: string, dob: [string, string, string], medicines: string[] = []) {
  const summary = JSON.parse(readFileSync("crates/core/tests/fixtures/summary-neurotoxin.json", "utf8"));
  summary.submission_id = randomUUID();
  if (medicines.length > 0) {
    summary.answers.values.takes_medications = { type: "yes_no", value: true };
    summary.answers.values.medications = {
      type: "medications",
      value: medicines.map((name) => ({ name, current: true, stopped: { day: "", month: "", year: "" } })),
    };
  }
  summary.answers.details.legal_name = name;
  summary.answers.details.date_of_birth = { day: dob[0], month: dob[1], year: dob[2] };
  const { jws, kid } = await signedByJose(summary);
  const answer = await fetch(`${baseURL}api/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `"${summary.submission_id}"` },
    body: JSON.stringify({ jws, summary }),
  });
  expect(answer.status).toBe(201);
  return `${summary.submission_id}/${kid}`;
}

test("a returning patient's second visit is suggested, linked by staff, and both visits show on the chart's timeline", async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  const origin = new URL(baseURL!).origin.replace("127.0.0.1", "localhost");
  // A name and a date of birth no other test uses: the shared database holds theirs.
  const name = `Perpetua Linkmarker ${randomUUID().slice(0, 8)}`;
  const dob: [string, string, string] = [String(randomInt(1, 29)), String(randomInt(1, 13)), String(randomInt(1930, 1960))];
  const born = `${dob[2]}-${dob[1].padStart(2, "0")}-${dob[0].padStart(2, "0")}`;
  const first = await visit(baseURL!, name, dob);
  // Received a second later, so the timeline's order is the visits' own.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const second = await visit(baseURL!, `  ${name.toUpperCase()} `, dob, ["isotretinoin"]);

  const provider = `Nurse Lee ${randomUUID().slice(0, 8)}`;
  await virtualAuthenticator(page);
  await page.goto(inviteStaff(provider, "provider", origin));
  await page.getByRole("button", { name: "Create my passkey" }).click();
  await expect(page.locator("#who")).toHaveText(provider);

  // The first visit: nothing to suggest; the provider makes the patient's record.
  await page.goto(`${origin}/console/submission/${first}`);
  const panel = page.getByRole("region", { name: "Patient record" });
  await expect(panel).toContainText("This visit is not linked to a patient record");
  await expect(panel.locator("#no-suggestions")).toBeVisible();
  await expectNoAxeViolations(page, "a record with no patient to suggest");
  await panel.getByRole("button", { name: "New patient record from this submission" }).click();
  await expect(panel.locator("#patient-linked")).toContainText(`This visit is linked to ${name}, born ${born}.`);

  // The second visit: the record is suggested, with why; nothing is linked yet.
  await page.goto(`${origin}/console/submission/${second}`);
  await expect(panel).toContainText("This visit is not linked to a patient record");
  const suggestion = panel.locator("#patient-suggestions tbody tr");
  await expect(suggestion).toHaveCount(1);
  await expect(suggestion).toContainText(name);
  await expect(suggestion).toContainText(born);
  await expect(suggestion).toContainText("Same name and date of birth");
  await expect(suggestion.locator("td").nth(2), "one visit so far").toHaveText("1");
  await expectNoAxeViolations(page, "a record with a suggested patient");
  await page.reload();
  await expect(panel.locator("#patient-linked")).toHaveCount(0);
  await suggestion.getByRole("button", { name: "Link to this patient" }).click();
  await expect(panel.locator("#patient-linked")).toContainText(`This visit is linked to ${name}`);
  await expectNoAxeViolations(page, "a record linked to its patient");

  // The chart: both visits, newest first, each a link to its record.
  await panel.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/console\/patients\/pat-[0-9a-f]{24}$/);
  await expect(page).toHaveTitle("Patient record · Candor console");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.locator("#patient-details")).toContainText(born);
  const visits = page.locator("#timeline > li");
  await expect(visits).toHaveCount(2);
  await expect(visits.nth(0).getByRole("link")).toHaveAttribute("href", `/console/submission/${second}`);
  await expect(visits.nth(1).getByRole("link")).toHaveAttribute("href", `/console/submission/${first}`);
  for (const i of [0, 1]) {
    await expect(visits.nth(i)).toContainText("neurotoxin");
    await expect(visits.nth(i)).toContainText("Consented");
  }

  // The chart leads with what changed since the first visit (nothing is accepted yet).
  const changes = page.getByRole("region", { name: "What changed" });
  await expect(page.locator("main > section").first()).toHaveId("patient-changes");
  await expect(changes.locator("#changes")).toContainText(/New since \d{1,2} [A-Z][a-z]+ \d{4}: isotretinoin \(still taking\)/);
  const accepted = page.getByRole("region", { name: "Accepted record" });
  await expect(accepted).toContainText("Nothing has been accepted into this record yet.");
  await expectNoAxeViolations(page, "the patient's chart with a change to accept");
  expect(page.url()).not.toContain("isotretinoin");

  // The provider accepts it: the chart shows the accepted record, nothing pending.
  await changes.getByRole("button", { name: "Accept these changes into the patient record" }).click();
  await expect(accepted.locator("#accepted-from")).toContainText(/Accepted from the visit of \d{1,2} [A-Z][a-z]+ \d{4}, by /);
  await expect(accepted.locator("#accepted-from")).toContainText(`by ${provider}`);
  await expect(accepted.locator("#accepted-items")).toContainText("isotretinoin (still taking)");
  await expect(changes.locator("#no-pending")).toBeVisible();
  await expect(changes.locator("#changes")).toHaveCount(0);
  await expect(changes.getByRole("button")).toHaveCount(0);
  await expectNoAxeViolations(page, "the patient's chart with the record accepted");
  expect(page.url()).not.toContain("isotretinoin");
  await visits.nth(1).getByRole("link").click();
  await expect(page).toHaveURL(`${origin}/console/submission/${first}`);
});
