// Protocol governance end to end, on a receiver of this test's own (its own clinic
// profile file and database): the medical director approves the profile version with
// a passkey (Chromium's virtual authenticator); a patient's visit then shows "Checks
// approved by Ana Ruiz, MD, …" (the name and credential as the director gave them) and their signed summary carries the approved hash; a changed
// profile is not served until approved (the director reads what changed, sentence by
// sentence, and approves it); a submission made under a hash nobody approved is
// stored and flagged in the console.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { type Browser, type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { expectNoAxeViolations } from "./support/axe";
import { receiver, reference, signEverything } from "./support/submit";
import { Patient } from "./support/patient";
import { adult } from "./support/flow";
import { signedByJose } from "../support/jose-signing.mjs";

test.skip(({ isMobile }) => isMobile, "the console runs on the desktop project");

const port = Number(process.env.CANDOR_E2E_PORT ?? 8091) + 6;
const widget = `http://127.0.0.1:${port}/`;
const consoleOrigin = `http://localhost:${port}`;
const folder = mkdtempSync(join(tmpdir(), "candor-protocol-"));
const database = join(folder, "receiver.sqlite");
const profileFile = join(folder, "clinic.json");
let server: ChildProcess | undefined;

/** The demo clinic's profile as a real clinic would keep it: not a demonstration. */
function clinicProfile(edit: (profile: any) => void = () => {}) {
  const profile = JSON.parse(readFileSync("dist/profile.json", "utf8"));
  profile.demo = false;
  edit(profile);
  return JSON.stringify(profile, null, 2);
}

test.beforeAll(async () => {
  writeFileSync(profileFile, clinicProfile());
  server = spawn(receiver, ["serve", "--listen", `127.0.0.1:${port}`, "--dist", "dist", "--db", database, "--profile", profileFile], {
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${widget}profile.json`).then((r) => r.ok).catch(() => false);
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the test's receiver did not start");
});

test.afterAll(() => {
  server?.kill();
  rmSync(folder, { recursive: true, force: true });
});

/** The hash patients get now: the profile's ETag (then, once approved, its approval's). */
async function servedHash() {
  const answer = await fetch(`${widget}profile.json`);
  expect(answer.status).toBe(200);
  return answer.headers.get("etag")!.replaceAll('"', "").split(".")[0];
}

async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
}

/** A patient's whole visit on a device of their own; the summary the receiver stored. */
async function patientVisit(browser: Browser, name: string, expectLine: string) {
  const context = await browser.newContext({ baseURL: widget });
  const patient = new Patient(await context.newPage());
  await patient.arrive();
  await expect(patient.page.locator(".approval-line")).toHaveText(expectLine);
  await expect(patient.page.locator(".demo-banner")).toHaveCount(0);
  // In Spanish too (no "Dr."/"Dra.": Spanish marks a gender the console does not record).
  await patient.press(patient.page.getByRole("button", { name: "Español" }));
  await expect(patient.page.locator(".approval-line")).toHaveText(/^Revisiones de seguridad aprobadas por Ana Ruiz, MD, el \d{1,2} de [a-z]+ de \d{4}$/);
  await patient.press(patient.page.getByRole("button", { name: "English" }));
  await expect(patient.page.locator(".approval-line")).toHaveText(expectLine);
  await signEverything(patient, false);
  const id = await reference(patient.page);
  await expect(patient.page.locator("#send-status")).toContainText("Received by the clinic at");
  await context.close();
  const jws = spawnSync(receiver, ["export", "--db", database, id], { encoding: "utf8" }).stdout.trim();
  return JSON.parse(Buffer.from(jws.split(".")[1], "base64url").toString("utf8"));
}

test("a director's passkey approval reaches patients; a changed profile waits for it; an unapproved hash is flagged", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const first = await servedHash();
  // The protocol tool names the file by the same hash (and so does the widget's
  // summary, below).
  const tool = spawnSync("cargo", ["run", "--quiet", "-p", "candor-protocol", "--", "hash", profileFile], { encoding: "utf8" });
  expect(tool.status, tool.stderr).toBe(0);
  expect(tool.stdout.trim()).toBe(first);
  const invite = spawnSync(receiver, ["staff", "invite", "--db", database, "--name", "Ana Ruiz", "--role", "director", "--console-origin", consoleOrigin], {
    encoding: "utf8",
  });
  expect(invite.status, invite.stderr).toBe(0);
  await virtualAuthenticator(page);
  await page.goto(JSON.parse(invite.stdout).link);
  await page.getByRole("button", { name: "Create my passkey" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Submissions");

  // The version the file holds waits for approval; its page shows the checks, the
  // rules and the consent texts.
  await page.getByRole("link", { name: "Protocol" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Clinic profile versions");
  const firstRow = page.locator(`#versions tr[data-sha256="${first}"]`);
  await expect(firstRow).toContainText("Waiting for the medical director's approval");
  await expect(firstRow).toContainText("Served to patients now");
  await expectNoAxeViolations(page, "the protocol versions");
  await firstRow.getByRole("link").click();
  await expect(page.locator("#checks-summary")).toContainText("0 lint errors");
  await expect(page.locator("#checks-summary")).toContainText(", 0 failed");
  await expect(page.getByRole("heading", { name: /^Risk rules \(\d+\)/ })).toBeVisible();
  await expectNoAxeViolations(page, "a profile version before approval");
  await page.getByLabel("Your credential, as patients will read it").fill("MD");
  await page.getByRole("button", { name: "Approve this version with my passkey" }).click();
  await expect(page.locator("#approval")).toContainText("Approved by Ana Ruiz, MD");

  // A patient now reads the approval line, and their summary records the hash.
  const day = new Date().toLocaleDateString("en-US", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  // The name as the director wrote it, the credential as given: no "Dr." added.
  const line = `Checks approved by Ana Ruiz, MD, on ${day}`;
  const summary = await patientVisit(browser, adult.legalName, line);
  expect(summary.clinic.profile_sha256).toBe(first);
  expect(summary.protocol.approval).toEqual({ approver: "Ana Ruiz", credential: "MD", date: new Date().toISOString().slice(0, 10) });

  // The clinic edits its profile: patients keep getting the approved version.
  const sentence = `Ask the front desk for a printed copy at any time (${randomUUID().slice(0, 8)}).`;
  writeFileSync(
    profileFile,
    clinicProfile((p) => {
      const privacy = p.consents.find((c: any) => c.id === "privacy-acknowledgement");
      privacy.sections[0].content.en[0].p[0] += ` ${sentence}`;
    }),
  );
  expect(await servedHash(), "the changed version waits for approval").toBe(first);
  await page.goto("/console/protocol".replace(/^/, consoleOrigin));
  const second = await page.locator("#versions tbody tr").first().getAttribute("data-sha256");
  expect(second).not.toBe(first);
  await expect(page.locator(`#versions tr[data-sha256="${second}"]`)).toContainText("patients get the approved version until this one is approved");
  await page.locator(`#versions tr[data-sha256="${second}"]`).getByRole("link").click();
  await expect(page.locator(".sentence-changes")).toContainText(`Added: ${sentence}`);
  await expectNoAxeViolations(page, "what changed");
  await page.getByRole("button", { name: "Approve this version with my passkey" }).click();
  await expect(page.locator("#approval")).toContainText("Approved by Ana Ruiz, MD");
  expect(await servedHash(), "approved, it reaches patients").toBe(second);

  // A submission signed under a hash no director approved is stored, and flagged.
  const fixture = JSON.parse(readFileSync("crates/core/tests/fixtures/summary-massage.json", "utf8"));
  fixture.submission_id = randomUUID();
  fixture.answers.details.legal_name = "Unapproved Version Patient";
  fixture.clinic.profile_sha256 = "c".repeat(64);
  const { jws } = await signedByJose(fixture);
  const answer = await fetch(`${widget}api/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `"${fixture.submission_id}"` },
    body: JSON.stringify({ jws, summary: fixture }),
  });
  expect(answer.status).toBe(201);
  await page.goto(`${consoleOrigin}/console`);
  const flagged = page.locator("#queue tr", { hasText: "Unapproved Version Patient" });
  await expect(flagged).toContainText("(profile not approved)");
  const approved = page.locator("#queue tr", { hasText: adult.legalName });
  await expect(approved).not.toContainText("(profile not approved)");
  await flagged.getByRole("link").click();
  await expect(page.locator("#profile-standing")).toContainText("not approved: no medical director approved this profile version");
});
