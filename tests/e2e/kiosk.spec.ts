// Kiosk mode on a waiting-room tablet: enrolment with a one-time link, patients one
// after another with nothing of the last one left anywhere (screen, storage, history,
// back/forward cache, autofill), the idle warning and its wipe under a controlled
// clock, a form signed offline delivered once after the wipe, and a revoked tablet
// whose refusal the staff screen explains.

import { spawnSync } from "node:child_process";
import { type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { Patient } from "./support/patient";
import { adult, answerToReview, fillDetails, next, pick, type Person } from "./support/flow";
import { database, outboxAtRest, outboxItems, receiver, signConsentsButLast, stored, storedSummary } from "./support/submit";
import { expectNoAxeViolations } from "./support/axe";

test.beforeEach(({}, info) => test.skip(info.project.name !== "desktop", "kiosk mode runs once, on a tablet viewport"));
test.use({ viewport: { width: 810, height: 1080 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

const PIN = "2468";
/** The start screen's promise, which the tests below hold the tablet to: the wipe at the
 * end of every visit, and signed forms kept sealed only until the clinic has them. */
const PROMISE = {
  en: "Your answers are cleared from this tablet when you finish; signed forms stay on it, encrypted, only until the clinic receives them.",
  es: "Sus respuestas se borran de esta tableta al terminar; los formularios firmados se quedan en ella, cifrados, solo hasta que la clínica los recibe.",
};
/** A patient of one test only (tests share the receiver), told apart by surname. */
const person = (surname: string, mobile: string): Person => ({ ...adult, legalName: `Kiosk Patient ${surname}`, mobile, emergency: `Inés ${surname}` });

/** `candor-receiver kiosk …` against the test server's database. */
function kioskCli(...args: string[]) {
  const out = spawnSync(receiver, ["kiosk", ...args, "--db", database], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(out.stderr);
  return out.stdout;
}

/** A name no other test uses, so tests can run side by side on one receiver. */
const tabletName = () => `Tablet ${test.info().title.slice(0, 24)} ${Math.random().toString(36).slice(2, 8)}`;

/** Staff enrol the tablet with a fresh link and set the PIN; the start screen follows. */
async function enrol(page: Page, name: string, checkAxe = false) {
  const { code, link } = JSON.parse(kioskCli("enrol", "--name", name));
  expect(link).toContain(`#kiosk-enrol=${code}`);
  await page.goto(`/#kiosk-enrol=${code}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set up this tablet as a kiosk");
  expect(await page.evaluate(() => location.hash), "the code leaves the address bar").toBe("");
  if (checkAxe) await expectNoAxeViolations(page, "the enrolment screen");
  await page.getByLabel("Staff PIN", { exact: true }).fill("24");
  await page.getByRole("button", { name: "Enroll this tablet" }).click();
  await expect(page.getByRole("alert")).toHaveText("Enter 4 to 8 digits.");
  await page.getByLabel("Staff PIN", { exact: true }).fill(PIN);
  await page.getByLabel("Type the staff PIN again").fill(PIN);
  await page.getByRole("button", { name: "Enroll this tablet" }).click();
  await expect(page.getByRole("button", { name: "Tap to begin" })).toBeVisible();
  return code as string;
}

/** A patient taps "Tap to begin", chooses massage and fills in their details. */
async function begin(patient: Patient, person: Person) {
  await patient.press(patient.page.getByRole("button", { name: "Tap to begin" }));
  await pick(patient, "treatments-massage");
  await next(patient);
  await fillDetails(patient, person);
}

/** From "Your details" to the hand-back screen: every section, every signature. */
async function finishVisit(patient: Patient, person: Person) {
  await next(patient);
  await answerToReview(patient);
  await signConsentsButLast(patient, person.legalName);
  await patient.press(patient.page.getByRole("button", { name: "No, thank you" }));
  await expect(patient.heading()).toHaveText("Thank you");
}

/** Nothing of `person` on screen or readable in any storage area of the page. */
async function expectNothingOf(page: Page, person: Person) {
  await expect(page.getByRole("button", { name: "Tap to begin" })).toBeVisible();
  const html = await page.content();
  for (const trace of [person.legalName, person.mobile, person.emergency]) expect(html).not.toContain(trace);
  const areas = await page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name).sort(),
    session: sessionStorage.length,
    local: localStorage.length,
    caches: (await caches.keys()).length,
  }));
  expect(areas.databases.filter((d) => d !== "candor"), "only the device key (and the sealed outbox)").toEqual(["candor-device"]);
  expect([areas.session, areas.local, areas.caches]).toEqual([0, 0, 0]);
  expect(await outboxAtRest(page)).not.toContain(person.legalName);
}

/** Leaves something in every storage area a page script could use. */
async function litter(page: Page, person: Person) {
  await page.evaluate(async (name) => {
    sessionStorage.setItem("note", name);
    localStorage.setItem("note", name);
    await (await caches.open("scratch")).put("/scratch", new Response(name));
  }, person.legalName);
}

/** Opens the staff panel: press and hold, then the PIN. */
async function openStaffPanel(page: Page) {
  const control = page.getByRole("button", { name: "Staff (press and hold)" });
  await control.click();
  await expect(page.getByRole("dialog"), "a tap does not open it").toHaveCount(0);
  await control.click({ delay: 2300 });
  const pin = page.getByRole("dialog", { name: "Staff PIN" });
  await expect(pin).toBeVisible();
  await pin.getByLabel("Staff PIN").fill("1111");
  await pin.getByRole("button", { name: "Open" }).click();
  await expect(page.getByRole("dialog", { name: "Staff PIN" }).getByRole("alert")).toHaveText("That PIN is not right.");
  await page.getByRole("dialog", { name: "Staff PIN" }).getByLabel("Staff PIN").fill(PIN);
  await page.getByRole("dialog", { name: "Staff PIN" }).getByRole("button", { name: "Open" }).click();
  const panel = page.getByRole("dialog", { name: "Tablet status" });
  await expect(panel).toBeVisible();
  return panel;
}

test("two patients in a row: after the hand-back nothing of the first is on screen, in storage, in history or in autofill", async ({ page }) => {
  const [first, second] = [person("Alvarado", "555 014 1111"), person("Brennan", "555 014 2222")];
  const name = tabletName();
  await enrol(page, name, true);
  await expect(page.getByText(PROMISE.en)).toBeVisible();
  await expectNoAxeViolations(page, "the kiosk start screen");
  // In Spanish, and turned to landscape: still one large button, nothing cut off.
  await page.getByRole("group", { name: "Language" }).getByRole("button", { name: "Español" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Le damos la bienvenida a /);
  await expect(page.getByText(PROMISE.es)).toBeVisible();
  await page.setViewportSize({ width: 1080, height: 810 });
  const tap = page.getByRole("button", { name: "Toque para empezar" });
  await expect(tap).toBeInViewport();
  expect((await tap.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
  await expectNoAxeViolations(page, "the kiosk start screen in Spanish");
  await page.getByRole("group", { name: "Idioma" }).getByRole("button", { name: "English" }).click();
  await page.setViewportSize({ width: 810, height: 1080 });
  await expect(page.getByRole("region", { name: "Welcome back" })).toHaveCount(0);

  const patient = new Patient(page);
  await begin(patient, first);
  for (const input of await page.locator("form.step input[type=text], form.step input[type=tel], form.step input[type=email]").all()) {
    expect(await input.getAttribute("autocomplete"), "autofill learns nothing on a kiosk").toBe("off");
  }
  expect(await page.locator("form.step").getAttribute("autocomplete")).toBe("off");
  await next(patient);
  await expect(page.getByRole("checkbox", { name: /Keep my answers/ }), "a kiosk never offers a draft").toHaveCount(0);
  await expect(page.getByText(/cannot keep your answers/)).toHaveCount(0);
  await litter(page, first);
  await patient.press(patient.button("Back"));
  await finishVisit(patient, first);
  await expect(page.locator("#send-status")).toContainText(/Your forms were received by the clinic at \d{1,2}:\d{2} [AP]M\./);
  await expect(page.getByText(first.legalName)).toHaveCount(0);
  await expectNoAxeViolations(page, "the hand-back screen");
  await patient.press(page.getByRole("button", { name: "Finish now" }));
  await expectNothingOf(page, first);

  const id = stored().find((s) => storedSummary(s).answers.details.legal_name === first.legalName)!;
  expect(storedSummary(id).kiosk).toBe(name);
  expect(kioskCli("list")).toMatch(new RegExp(`${name}\\tenrolled .*\\tlast submission: 20`));

  // History: nothing behind the start screen leads back into the visit.
  await page.goBack();
  expect(await page.content()).not.toContain(first.legalName);
  if (!(await page.getByRole("button", { name: "Tap to begin" }).isVisible())) await page.goForward();
  await expectNothingOf(page, first);

  // The second patient; leaving for another page and coming back (a back/forward-cache
  // restore where the browser keeps one) shows the start screen, not their answers.
  await begin(patient, second);
  await page.goto("/embed/");
  await page.goBack();
  await expectNothingOf(page, second);
  await begin(patient, second);
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true })));
  await expectNothingOf(page, second);
});

test("an abandoned visit is wiped after the idle warning; Continue within the countdown keeps every answer", async ({ page }) => {
  const first = person("Castillo", "555 014 3333");
  await page.clock.install();
  await enrol(page, tabletName());
  const patient = new Patient(page);
  await begin(patient, first);

  await page.clock.fastForward(119_000);
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await page.clock.fastForward(2_000);
  const dialog = page.getByRole("alertdialog", { name: "Are you still there?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/cleared in (29|30) seconds/);
  await expect(dialog.getByRole("button", { name: "Continue" })).toBeFocused();
  await expectNoAxeViolations(page, "the idle warning");
  await page.clock.fastForward(20_000);
  await patient.press(dialog.getByRole("button", { name: "Continue" }));
  await expect(dialog).toHaveCount(0);
  await expect(page.locator("[id=legal-name]")).toHaveValue(first.legalName);
  await expect(page.locator("[id=mobile-phone]")).toHaveValue(first.mobile);

  await page.clock.fastForward(121_000);
  await expect(page.getByRole("alertdialog", { name: "Are you still there?" })).toBeVisible();
  await page.clock.fastForward(31_000);
  await expectNothingOf(page, first);

  // A finished visit: the hand-back screen returns to the start by itself.
  await begin(patient, first);
  await finishVisit(patient, first);
  await expect(page.locator("#send-status")).toContainText("Your forms were received by the clinic");
  await expect(page.getByText(/This screen clears itself in (19|20) seconds/)).toBeVisible();
  await page.clock.fastForward(21_000);
  await expectNothingOf(page, first);
});

test("a form signed offline waits sealed on the tablet only until the clinic receives it, once, while the next patient fills in theirs", async ({ page, context, pageProblems }) => {
  pageProblems.allow(/ERR_INTERNET_DISCONNECTED|Failed to load resource/);
  const [first, second] = [person("Dominguez", "555 014 4444"), person("Esposito", "555 014 5555")];
  await enrol(page, tabletName());
  const patient = new Patient(page);
  await begin(patient, first);
  await next(patient);
  await patient.press(patient.button("Back"));
  await context.setOffline(true);
  await finishVisit(patient, first);
  await expect(page.locator("#send-status")).toContainText("saved on this tablet, encrypted");
  await patient.press(page.getByRole("button", { name: "Finish now" }));
  await expect(page.getByRole("status")).toHaveText(/starts again as soon as it is connected/);
  expect(await page.content()).not.toContain(first.legalName);
  // "signed forms stay on it, encrypted": the one signed form waits in the outbox (read
  // with the page's own key), and what is stored is ciphertext.
  const waiting = await outboxItems(page);
  expect(waiting).toHaveLength(1);
  expect(await outboxAtRest(page)).not.toContain(first.legalName);
  const ofFirst = () => stored().filter((s) => storedSummary(s).answers.details.legal_name === first.legalName);
  expect(ofFirst()).toEqual([]);

  await context.setOffline(false);
  await expectNothingOf(page, first);
  await begin(patient, second);
  await expect.poll(ofFirst, { timeout: 15_000 }).toHaveLength(1);
  expect(ofFirst(), "the form that waited is the one the clinic received").toEqual(waiting);
  await expect(page.locator("[id=legal-name]")).toHaveValue(second.legalName);
  await page.waitForTimeout(1_000);
  expect(ofFirst(), "delivered once").toHaveLength(1);
  // "only until the clinic receives them": once received, nothing of it is left here.
  await expect.poll(() => outboxItems(page), { timeout: 15_000 }).toEqual([]);
});

test("a revoked tablet's forms are refused, and the staff screen says why without showing any patient data", async ({ page, pageProblems }) => {
  pageProblems.allow(/status of 403/);
  const first = person("Fairbanks", "555 014 6666");
  const name = tabletName();
  await enrol(page, name);
  expect(kioskCli("revoke", name)).toContain("revoked");
  const patient = new Patient(page);
  await begin(patient, first);
  await finishVisit(patient, first);
  await expect(page.locator("#send-status")).toHaveText("The front desk needs to look at your forms with you.");
  const panel = await openStaffPanel(page);
  await expect(panel).toContainText(name);
  await expect(panel).toContainText("This tablet was revoked by the clinic");
  await expect(panel).toContainText(/Forms waiting to be sent\s*1 \(1 refused/);
  await expect(panel).not.toContainText(first.legalName);
  await expectNoAxeViolations(page, "the staff screen");
  expect(stored().filter((s) => storedSummary(s).answers.details.legal_name === first.legalName)).toEqual([]);
  await panel.getByRole("button", { name: "Clear this visit" }).click();
  await expectNothingOf(page, first);
});

test("the staff control also opens by holding Enter, and five wrong PINs lock it for a minute", async ({ page }) => {
  await page.clock.install();
  await enrol(page, tabletName());
  const control = page.getByRole("button", { name: "Staff (press and hold)" });
  await control.focus();
  await page.keyboard.down("Enter");
  await page.clock.fastForward(1_000);
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await page.clock.fastForward(1_100);
  await page.keyboard.up("Enter");
  const dialog = page.getByRole("dialog", { name: "Staff PIN" });
  await expect(dialog).toBeVisible();
  const box = dialog.getByLabel("Staff PIN");
  await expect(box).toBeFocused();
  for (let n = 1; n <= 5; n++) {
    await box.fill(`000${n}`);
    await box.press("Enter");
    await expect(dialog.getByRole("alert")).toHaveText(n < 5 ? "That PIN is not right." : /Too many wrong PINs. Try again in (59|60) seconds./);
    await page.waitForTimeout(200);
  }
  await box.fill(PIN);
  await box.press("Enter");
  await page.waitForTimeout(500);
  await expect(page.getByRole("dialog", { name: "Tablet status" }), "locked even for the right PIN").toHaveCount(0);
  await page.clock.fastForward(61_000);
  await box.fill(PIN);
  await box.press("Enter");
  await expect(page.getByRole("dialog", { name: "Tablet status" })).toBeVisible();
});
