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

/** The summary the receiver stored for `id`, read from its JWS. */
export function storedSummary(id: string) {
  const jws = spawnSync(receiver, ["export", "--db", database, id], { encoding: "utf8" }).stdout.trim();
  return JSON.parse(Buffer.from(jws.split(".")[1], "base64url").toString("utf8"));
}

/**
 * A massage client walks the whole visit and signs everything with a typed name.
 * `arrive: false` when the test has already opened the widget (embedded, invited).
 */
export async function signEverything(patient: Patient, arrive = true) {
  const page = patient.page;
  if (arrive) await patient.arrive();
  await startWith(patient, ["massage"]);
  await fillDetails(patient);
  await next(patient);
  await answerToReview(patient);
  await patient.press(page.getByRole("button", { name: "Continue to the consent forms" }));
  await patient.press(page.getByRole("button", { name: "I agree to use electronic records" }));
  for (const [ack, sign] of [
    [/I have read the risks of massage therapy/, "Sign and consent to Massage therapy"],
    [/Notice of Privacy Practices/, "Sign: Privacy notice"],
  ] as const) {
    await patient.press(page.getByRole("checkbox", { name: ack }));
    await patient.press(page.getByRole("button", { name: "Type my name instead" }));
    await typeInto(patient, "signature-typed", adult.legalName);
    await patient.press(page.getByRole("button", { name: sign }));
  }
  await patient.press(page.getByRole("button", { name: "No, thank you" }));
  await expect(patient.heading()).toHaveText("Your signed forms");
}

/** The submission id the page shows once it has one. */
export async function reference(page: Page | Frame) {
  await expect(page.locator("#send-status")).toContainText("Reference: ");
  const text = (await page.locator("#send-status").textContent())!;
  return text.split("Reference: ")[1].trim();
}

/** The submissions waiting in the widget's IndexedDB outbox (none when it is empty). */
export async function outboxItems(page: Page | Frame): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open("candor");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("outbox")) return resolve([]);
          const get = db.transaction("outbox").objectStore("outbox").get("outbox");
          get.onsuccess = () => {
            const value = get.result;
            const outbox = typeof value === "string" ? JSON.parse(value) : value;
            resolve((outbox?.items ?? []).map((i: { submission_id: string }) => i.submission_id));
            db.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}
