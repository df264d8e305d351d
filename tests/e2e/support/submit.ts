import { spawnSync } from "node:child_process";
import { expect, type Frame, type Page } from "@playwright/test";
import { Patient } from "./patient";
import { adult, answerToReview, fillDetails, next, startWith, typeInto } from "./flow";

/** The reference receiver's binary and the database the test server writes. */
export const receiver = process.env.CANDOR_RECEIVER_BIN!;
export const database = process.env.CANDOR_E2E_DB!;
export const TYP = "intake-summary+jws";

/** The submission ids the receiver has stored. */
export function stored(): string[] {
  const out = spawnSync(receiver, ["export", "--db", database], { encoding: "utf8" });
  return out.stdout.split("\n").filter(Boolean);
}

/** The summaries the receiver stored under `id`, first received first (two when
 * another key also signed something under the same id). */
export function storedSummaries(id: string) {
  const lines = spawnSync(receiver, ["export", "--db", database, id], { encoding: "utf8" }).stdout.trim().split("\n");
  return lines.filter(Boolean).map((jws) => JSON.parse(Buffer.from(jws.split(".")[1], "base64url").toString("utf8")));
}

/** The summary the receiver stored first under `id`, read from its JWS. */
export function storedSummary(id: string) {
  return storedSummaries(id)[0];
}

/**
 * A massage client walks the whole visit and signs everything with a typed name, up to
 * the last decision (the optional photo consent), which [`finish`] makes: deciding it
 * sends the signed forms at once. `arrive: false` when the test has already opened the
 * widget (embedded, invited).
 */
export async function signAllButLast(patient: Patient, arrive = true, onFirstSection?: () => Promise<void>) {
  if (arrive) await patient.arrive();
  await startWith(patient, ["massage"]);
  await fillDetails(patient);
  await next(patient);
  if (onFirstSection) await onFirstSection();
  await answerToReview(patient);
  await signConsentsButLast(patient);
}

/** From "Check your answers": the disclosure and each consent signed with a typed
 * `name`, up to the last decision (the optional photo consent). */
export async function signConsentsButLast(patient: Patient, name = adult.legalName) {
  const page = patient.page;
  await patient.press(page.getByRole("button", { name: "Continue to the consent forms" }));
  await patient.press(page.getByRole("button", { name: "I agree to use electronic records" }));
  for (const [ack, sign] of [
    [/I have read the risks of massage therapy/, "Sign and consent"],
    [/Notice of Privacy Practices/, "Sign and agree"],
  ] as const) {
    await patient.press(page.getByRole("checkbox", { name: ack }));
    await patient.press(page.getByRole("button", { name: "Type my name instead" }));
    await typeInto(patient, "signature-typed", name);
    await patient.press(page.getByRole("button", { name: sign }));
  }
  await expect(patient.heading()).toHaveText("Photographs (optional)");
}

/** The last decision (no photographs): the forms are signed and on their way. */
export async function finish(patient: Patient) {
  await patient.press(patient.page.getByRole("button", { name: "No, thank you" }));
  await expect(patient.heading()).toHaveText("Your signed forms");
}

/** The whole visit, signed and sent. */
export async function signEverything(patient: Patient, arrive = true, onFirstSection?: () => Promise<void>) {
  await signAllButLast(patient, arrive, onFirstSection);
  await finish(patient);
}

/** The submission id the page shows once it has one. */
export async function reference(page: Page | Frame) {
  await expect(page.locator("#send-status")).toContainText("Reference: ");
  const text = (await page.locator("#send-status").textContent())!;
  return text.split("Reference: ")[1].trim();
}

/**
 * The submissions waiting in the widget's IndexedDB outbox (none when it is empty),
 * read the way the widget reads them: decrypted with the page's own sealing key.
 */
export async function outboxItems(page: Page | Frame): Promise<string[]> {
  const outbox = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("candor");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => resolve(open.result);
    });
    if (!db.objectStoreNames.contains("outbox")) return null;
    const read = (key: string) =>
      new Promise<any>((resolve, reject) => {
        const get = db.transaction("outbox").objectStore("outbox").get(key);
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => reject(get.error);
      });
    const [record, key] = [await read("outbox"), await read("sealing-key")];
    db.close();
    if (!record) return null;
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: record.iv }, key, record.ciphertext);
    return JSON.parse(new TextDecoder().decode(plain));
  });
  return (outbox?.items ?? []).map((i: { submission_id: string }) => i.submission_id);
}

/** Everything the outbox's database holds, as stored (keys and records), as text. */
export async function outboxAtRest(page: Page | Frame): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("candor");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => resolve(open.result);
    });
    if (!db.objectStoreNames.contains("outbox")) return "";
    const all = await new Promise<any[]>((resolve, reject) => {
      const get = db.transaction("outbox").objectStore("outbox").getAll();
      get.onsuccess = () => resolve(get.result);
      get.onerror = () => reject(get.error);
    });
    db.close();
    const text = (value: any): string =>
      value instanceof Uint8Array
        ? new TextDecoder("latin1").decode(value)
        : typeof value === "object" && value !== null && !(value instanceof CryptoKey)
          ? Object.values(value).map(text).join(" ")
          : String(value);
    return all.map(text).join("\n");
  });
}
