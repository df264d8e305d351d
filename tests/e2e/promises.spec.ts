// The welcome screen's privacy statement and the privacy notice, held to what the
// widget does: each sentence a patient reads about sharing, storage and sending is
// checked against the requests the page makes and what it leaves in the browser.
// (Save and resume: drafts.spec.ts; the kiosk's start screen: kiosk.spec.ts; offline
// delivery: submission.spec.ts.)

import { type Page, type Request } from "@playwright/test";
import { expect, test } from "./support/test";
import { Patient } from "./support/patient";
import { adult, answerToReview, fillDetails, next, startWith } from "./support/flow";
import { finish, outboxItems, reference, signConsentsButLast, stored } from "./support/submit";

/** The privacy statement, word for word: a change to it must come here and be proved. */
const STATEMENT = [
  "Only the care team at Lumen Aesthetics & Wellness sees your answers.",
  "Nothing is sent until you sign at the end. You can go back and change any answer before then.",
  "While you fill in the form, your answers stay only in this browser tab, unless you choose to keep them to finish later. Once you sign, your signed forms go straight to the clinic; if you are offline, they wait on this device, encrypted, until they can be sent.",
];

/** Everything this origin's page can read back: web storage, cookies, Cache Storage and
 * every IndexedDB record, as text. */
async function everythingStored(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const text = (value: unknown): string =>
      value instanceof Uint8Array || value instanceof ArrayBuffer
        ? new TextDecoder("latin1").decode(value)
        : typeof value === "object" && value !== null && !(value instanceof CryptoKey)
          ? Object.values(value).map(text).join(" ")
          : String(value);
    const parts = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) parts.push(request.url);
    }
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name!);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => resolve(open.result);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const get = db.transaction(store).objectStore(store).getAll();
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error);
        });
        parts.push(`${name}/${store}: ${all.map(text).join(" ")}`);
      }
      db.close();
    }
    return parts.join("\n");
  });
}

test("the welcome screen's privacy statement holds for a whole visit, word for word", async ({ page, baseURL, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  const origin = new URL(baseURL!).origin;
  const patient = new Patient(page);
  await patient.arrive();
  await expect(page.getByRole("region", { name: "Your privacy" }).getByRole("listitem")).toHaveText(STATEMENT);

  const requests: Request[] = [];
  page.on("request", (r) => requests.push(r));
  await startWith(patient, ["massage"]);
  await fillDetails(patient);
  await next(patient);
  await answerToReview(patient);
  await expect(page.getByText("Nothing has been sent yet.")).toBeVisible();

  // "Nothing is sent until you sign at the end": not one request carried anything.
  expect(requests.filter((r) => r.method() !== "GET" || r.postData() !== null).map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
  // "your answers stay only in this browser tab": nothing of them anywhere the page can store.
  const stored_ = await everythingStored(page);
  for (const answer of [adult.legalName, adult.mobile, adult.emergency]) expect(stored_).not.toContain(answer);
  expect(await outboxItems(page)).toEqual([]);
  // "You can go back and change any answer before then": Back from the review, and on.
  await patient.press(patient.button("Back"));
  await expect(patient.heading()).not.toHaveText("Check your answers");
  await next(patient);
  await expect(patient.heading()).toHaveText("Check your answers");

  await signConsentsButLast(patient);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("Received by the clinic at");
  const id = await reference(page);
  // "Once you sign, your signed forms go straight to the clinic", and "Only the care
  // team at … sees your answers": one POST, to the clinic's own receiver, and no request
  // anywhere else.
  const sent = requests.filter((r) => r.method() !== "GET");
  expect(sent.map((r) => `${r.method()} ${r.url()}`)).toEqual([`POST ${origin}/api/submissions`]);
  expect(requests.filter((r) => new URL(r.url()).origin !== origin).map((r) => r.url())).toEqual([]);
  expect(stored().filter((s) => s === id)).toHaveLength(1);
  await expect.poll(() => outboxItems(page), "nothing waits on the device once received").toEqual([]);
});

test("the privacy notice's \"Your answers go only to\" the clinic, in both languages, as the statement does", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  const patient = new Patient(page);
  await patient.arrive();
  await startWith(patient, ["massage"]);
  await fillDetails(patient);
  await next(patient);
  await answerToReview(patient);
  await patient.press(page.getByRole("button", { name: "Continue to the consent forms" }));
  await patient.press(page.getByRole("button", { name: "I agree to use electronic records" }));
  await patient.press(page.getByRole("checkbox", { name: /I have read the risks of massage therapy/ }));
  await patient.press(page.getByRole("button", { name: "Type my name instead" }));
  await page.locator("[id=signature-typed]").fill(adult.legalName);
  await patient.press(page.getByRole("button", { name: "Sign and consent" }));
  await expect(patient.heading()).toHaveText("Privacy notice");
  await expect(page.locator("body")).toContainText("Your answers go only to Lumen Aesthetics & Wellness and are used for your care");
  await patient.press(page.getByRole("button", { name: "Español" }));
  await expect(page.locator("body")).toContainText("Sus respuestas solo llegan a Lumen Aesthetics & Wellness y se usan para su atención");
  await expect(page.getByRole("region", { name: "Su privacidad" })).toHaveCount(0);
  // What "only to the clinic" means for the page's code is proved by the test above
  // (every request to the clinic's receiver) and by embedding.spec.ts (the embedding
  // page hears no answer, name or date of birth).
});
