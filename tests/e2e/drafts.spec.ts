// Save and resume on the patient's own phone: kept only when they choose, sealed in
// IndexedDB (no answer readable in the stored bytes), offered back with Continue or
// Start again, and gone after Start again, at expiry and after submission. An invited
// visit's draft is kept by the clinic's receiver instead, sealed with the key in the
// link, so the same link finishes it on another device.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { Patient } from "./support/patient";
import { adult, answerToReview, fillDetails, NONE_ANSWERS, next, pick, startWith, type Person } from "./support/flow";
import { database, finish, receiver, reference, signConsentsButLast, signEverything, storedSummaries } from "./support/submit";
import { expectNoAxeViolations } from "./support/axe";

test.skip(({ isMobile }) => !isMobile, "save and resume runs on the phone project");

/** The names of this origin's IndexedDB databases. */
const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

/** Every stored draft record's bytes, decoded as text (what someone with the device would see). */
const rawDraft = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open("candor-draft");
        open.onerror = () => reject(new Error("no draft database"));
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction("draft").objectStore("draft").get("draft");
          get.onsuccess = () => {
            const record = get.result as { iv: Uint8Array; ciphertext: Uint8Array } | undefined;
            db.close();
            resolve(record ? new TextDecoder("latin1").decode(record.ciphertext) + JSON.stringify(Object.keys(record)) : "");
          };
        };
      }),
  );

/**
 * Resolves once every draft write the widget began has finished: each write records a
 * `candor:draft-save:start` mark and, when stored, a `candor:draft-save` measure. The
 * write that follows the last Next is still sealing when the heading changes; closing
 * the page then would lose it (the tab was closed mid-write, as a patient might).
 */
async function draftWritesSettled(page: Page) {
  const pending = () =>
    page.evaluate(
      () => performance.getEntriesByName("candor:draft-save:start").length - performance.getEntriesByName("candor:draft-save").length,
    );
  await expect.poll(pending, { message: "every draft write finished" }).toBe(0);
}

/** Starts a massage visit, keeps the answers on this device, and answers four sections. */
async function fourSectionsKept(patient: Patient) {
  const page = patient.page;
  await patient.arrive();
  await startWith(patient, ["massage"]);
  await fillDetails(patient);
  await next(patient);
  await expect(patient.heading()).toHaveText("Your health");
  const keep = page.getByRole("checkbox", { name: /Keep my answers on this device for 3 days/ });
  await expect(keep, "off until chosen").not.toBeChecked();
  await patient.press(keep);
  await expect(keep).toBeChecked();
  await expectNoAxeViolations(page, "the offer to keep answers on this device");
  for (const step of ["health", "medications", "allergies", "pregnancy"]) {
    for (const id of NONE_ANSWERS[step]) await pick(patient, id);
    await next(patient);
  }
  await expect(patient.heading()).toHaveText("Previous treatments");
  await draftWritesSettled(page);
}

/** Closes the page and opens the widget again in the same browser. */
async function reopen(page: Page) {
  const context = page.context();
  await page.close();
  const again = await context.newPage();
  await again.goto("/");
  return again;
}

test("kept answers come back after the page is closed, and the stored bytes show none of them", async ({ page }) => {
  await fourSectionsKept(new Patient(page));
  const again = await reopen(page);
  const patient = new Patient(again);
  const welcome = again.getByRole("region", { name: "Welcome back" });
  await expect(welcome).toContainText("Continue where you left off?");
  const today = new Date().toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric" });
  await expect(welcome).toContainText(today);
  await expectNoAxeViolations(again, "welcome back");

  const stored = await rawDraft(again);
  expect(stored).toContain("ciphertext");
  for (const answer of [adult.legalName, adult.mobile, adult.emergency, "massage", "conditions", "none"]) {
    expect(stored, `"${answer}" is not readable at rest`).not.toContain(answer);
  }

  await patient.press(welcome.getByRole("button", { name: "Continue" }));
  await expect(patient.heading()).toHaveText("Previous treatments");
  await patient.press(patient.button("Back"));
  await expect(patient.heading()).toHaveText("Pregnancy and breastfeeding");
  await expect(again.locator("[id=q-pregnancy_status-none]")).toBeChecked();
  await patient.press(patient.button("Back"));
  await patient.press(patient.button("Back"));
  await patient.press(patient.button("Back"));
  await expect(patient.heading()).toHaveText("Your health");
  await expect(again.locator("[id=q-conditions-none]")).toBeChecked();
  await patient.press(patient.button("Back"));
  await expect(again.locator("[id=legal-name]")).toHaveValue(adult.legalName);
});

test("Start again leaves nothing of the visit in IndexedDB", async ({ page }) => {
  await fourSectionsKept(new Patient(page));
  const again = await reopen(page);
  await expect(again.getByRole("region", { name: "Welcome back" })).toBeVisible();
  expect(await databases(again)).toContain("candor-draft");
  await new Patient(again).press(again.getByRole("button", { name: "Start again" }));
  await expect(again.getByRole("region", { name: "Welcome back" })).toHaveCount(0);
  await expect.poll(() => databases(again)).not.toContain("candor-draft");
  const third = await reopen(again);
  await expect(third.getByRole("heading", { level: 1 })).toHaveText(/^Welcome to /);
  await expect(third.getByRole("region", { name: "Welcome back" })).toHaveCount(0);
});

test("kept answers stay on this device only, and choosing paper deletes them", async ({ page }) => {
  // "They are kept encrypted on this device only, and deleted when you … choose paper".
  const sent: string[] = [];
  page.on("request", (r) => r.method() !== "GET" && sent.push(`${r.method()} ${r.url()}`));
  const patient = new Patient(page);
  await fourSectionsKept(patient);
  expect(await databases(page)).toContain("candor-draft");
  await answerToReview(patient);
  expect(sent, "nothing kept left the device").toEqual([]);
  await patient.press(page.getByRole("button", { name: "Continue to the consent forms" }));
  await patient.press(page.getByRole("button", { name: "I would rather use paper" }));
  await expect(patient.heading()).toHaveText("Please ask the front desk for paper forms");
  await expect(page.getByText("Nothing you entered was sent, and your answers have been cleared from this device.")).toBeVisible();
  await expect.poll(() => databases(page)).not.toContain("candor-draft");
  expect(sent, "paper sends nothing").toEqual([]);
  const again = await reopen(page);
  await expect(again.getByRole("heading", { level: 1 })).toHaveText(/^Welcome to /);
  await expect(again.getByRole("region", { name: "Welcome back" })).toHaveCount(0);
});

test("after three days nothing is offered and nothing remains", async ({ page }) => {
  await fourSectionsKept(new Patient(page));
  const context = page.context();
  await page.close();
  const later = await context.newPage();
  await later.clock.install({ time: new Date(Date.now() + 4 * 86_400_000) });
  await later.goto("/");
  await expect(later.getByRole("heading", { level: 1 })).toHaveText(/^Welcome to /);
  await expect.poll(() => databases(later)).not.toContain("candor-draft");
  await expect(later.getByRole("region", { name: "Welcome back" })).toHaveCount(0);
});

test("answers not kept are not stored, and a submitted visit leaves no draft", async ({ page }) => {
  const patient = new Patient(page);
  await patient.arrive();
  await startWith(patient, ["massage"]);
  await fillDetails(patient);
  await next(patient);
  for (const id of NONE_ANSWERS.health) await pick(patient, id);
  await next(patient);
  expect(await databases(page), "nothing kept without the patient's choice").not.toContain("candor-draft");

  const second = await page.context().newPage();
  const signer = new Patient(second);
  await signEverything(signer, true, async () => {
    await signer.press(second.getByRole("checkbox", { name: /Keep my answers on this device/ }));
    await expect.poll(() => databases(second)).toContain("candor-draft");
  });
  await expect.poll(() => databases(second)).not.toContain("candor-draft");
});

test("an invited visit begun on the phone is finished on a laptop with the same link, sent once, and the clinic never holds a readable draft", async ({ page, browser, baseURL, pageProblems }) => {
  pageProblems.allow(/status of 410/);
  const invite = JSON.parse(spawnSync(receiver, ["invite", "--db", database], { encoding: "utf8" }).stdout);
  // Words no other test (or repeat of this one) types, so the receiver's files can be
  // searched for them.
  const family = `Okonkwo${[...crypto.getRandomValues(new Uint8Array(6))].map((b) => "abcdefghijklmnopqrstuvwxyz"[b % 26]).join("")}`;
  const person: Person = { ...adult, legalName: `Wilhelmina ${family}`, mobile: "555 013 2468", emergency: `Theodora ${family}` };
  const drafts = `${baseURL}api/drafts`;
  const put = (p: Page) => p.waitForResponse((r) => r.url() === drafts && r.request().method() === "PUT");

  const phone = new Patient(page);
  await page.goto(`/${invite.fragment}`);
  await expect(phone.heading()).toHaveText(/^Welcome to /);
  expect(await page.evaluate(() => location.hash), "the key leaves the address bar").toBe("");
  await startWith(phone, ["massage"]);
  await fillDetails(phone, person);
  await next(phone);
  const keep = page.getByRole("checkbox", { name: /finish later, on this or another device, with my invitation link/ });
  await expect(keep, "off until chosen").not.toBeChecked();
  let saved = put(page);
  await phone.press(keep);
  expect((await saved).status()).toBe(204);
  await expectNoAxeViolations(page, "the offer to keep answers for the invitation link");
  for (const step of ["health", "medications", "allergies", "pregnancy"]) {
    for (const id of NONE_ANSWERS[step]) await pick(phone, id);
    saved = put(page);
    await next(phone);
    expect((await saved).status()).toBe(204);
  }
  await expect(phone.heading()).toHaveText("Previous treatments");
  expect(await databases(page), "the clinic keeps it, not this phone").not.toContain("candor-draft");
  await page.close();

  // What the clinic keeps is ciphertext: none of the answers in it, or anywhere in the
  // receiver's files; the key in the link opens it.
  const kept = await fetch(drafts, { headers: { Authorization: `Bearer ${invite.token}` } });
  expect(kept.status).toBe(200);
  const bytes = Buffer.from(await kept.arrayBuffer());
  const atRest = [database, `${database}-wal`]
    .filter(existsSync)
    .map((file) => readFileSync(file).toString("latin1"))
    .concat(bytes.toString("latin1"))
    .join("\n");
  for (const answer of [person.legalName, person.emergency, family]) {
    expect(atRest, `"${answer}" is not readable at the clinic`).not.toContain(answer);
  }
  const draftKey = new URLSearchParams(invite.fragment.slice(1)).get("draft")!;
  const key = await crypto.subtle.importKey("raw", Buffer.from(draftKey, "base64url"), "AES-GCM", false, ["decrypt"]);
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.subarray(0, 12) }, key, bytes.subarray(12));
  expect(new TextDecoder().decode(plain), "the draft holds the answers, for the link's holder only").toContain(person.legalName);

  // Another device, the same link.
  const laptop = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const second = await laptop.newPage();
  const patient = new Patient(second);
  await second.goto(`/${invite.fragment}`);
  const welcome = second.getByRole("region", { name: "Welcome back" });
  await expect(welcome).toContainText("Your answers were kept for your invitation link");
  await expectNoAxeViolations(second, "welcome back on another device");
  await patient.press(welcome.getByRole("button", { name: "Continue" }));
  await expect(patient.heading()).toHaveText("Previous treatments");
  await answerToReview(patient);
  await expect(second.getByText(person.legalName).first()).toBeVisible();
  await signConsentsButLast(patient, person.legalName);
  await finish(patient);
  await expect(second.locator("#send-status")).toContainText("Received by the clinic at");
  const id = await reference(second);
  const summaries = storedSummaries(id);
  expect(summaries, "sent once").toHaveLength(1);
  expect(summaries[0].invite).toBe(invite.invite);
  expect(summaries[0].answers.details.legal_name).toBe(person.legalName);
  const after = await fetch(drafts, { headers: { Authorization: `Bearer ${invite.token}` } });
  expect(after.status, "the draft went with the submission").toBe(204);
  await laptop.close();

  // The phone, later, with the same link: nothing to resume, and keeping answers says
  // the forms were already sent.
  const later = await page.context().newPage();
  const back = new Patient(later);
  await later.goto(`/${invite.fragment}`);
  await expect(back.heading()).toHaveText(/^Welcome to /);
  await expect(later.getByRole("region", { name: "Welcome back" })).toHaveCount(0);
  await startWith(back, ["massage"]);
  await fillDetails(back, person);
  await next(back);
  saved = put(later);
  await back.press(later.getByRole("checkbox", { name: /on this or another device/ }));
  expect((await saved).status()).toBe(410);
  await expect(later.locator(".draft-offer [role=status]")).toHaveText(/already sent, from another device/);
  await expect(later.getByRole("checkbox", { name: /on this or another device/ })).not.toBeChecked();
});
