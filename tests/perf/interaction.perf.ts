// The interaction report: a patient on a slow phone (CPU slowed 4x through CDP), the
// release build served by the reference receiver on loopback (the network is not
// throttled here; Lighthouse's report covers the network). Prints, and writes to
// target/perf/interaction.json:
//   - navigation to the start button painted (median of five loads: the receiver's
//     rendered welcome, before any script), then to the widget's own start button
//     painted once it has taken over, with the widget's own start-up measures (`candor:*`, see src/browser/marks.rs);
//   - a keystroke to the next frame (keys KEY_GAP ms apart, as a person types), and the step's button to the next step painted, on
//     "Your details", on the medicines step with suggestions open, and on the consents
//     (a finger drawing on the signature pad, the typed name).
// The figures are a report, not a pass/fail test; the test fails only when the patient
// cannot get through or a measurement is missing.

import { mkdirSync, writeFileSync } from "node:fs";
import { type CDPSession, type Page } from "@playwright/test";
import { expect, test } from "../e2e/support/test";
import { Patient } from "../e2e/support/patient";
import { adult, answerToReview, fillDetails, next, NONE_ANSWERS, pick, primary, startWith, typeInto } from "../e2e/support/flow";
import { drawWithFinger } from "../e2e/support/pad";
import { installProbe, type Probe } from "./probe";

const SLOWDOWN = 4;
/** Milliseconds between keys: a quick typist on a phone (so keys do not queue). */
const KEY_GAP = 90;

async function slowPhone(page: Page): Promise<CDPSession> {
  await page.addInitScript(installProbe);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: SLOWDOWN });
  return cdp;
}

const probe = (page: Page) => page.evaluate(() => window.candorProbe);
const arm = (page: Page, what: keyof Probe["armed"], on = true) =>
  page.evaluate(([w, o]) => (window.candorProbe.armed[w as keyof Probe["armed"]] = o as boolean), [what, on] as const);

/** Presses the step's button and waits for the next step's measurement. */
async function timedNext(patient: Patient, button = primary(patient.page)) {
  const page = patient.page as Page;
  const count = (await probe(page)).steps.length;
  await arm(page, "step");
  await patient.press(button);
  await expect
    .poll(async () => (await probe(page)).steps.length, {
      message: `the next step after "${await patient.heading().textContent()}"`,
    })
    .toBe(count + 1)
    .catch(async (e) => {
      const alerts = await page.locator("[role=alert]").allTextContents();
      throw new Error(`${e.message}\nstill on "${await patient.heading().textContent()}"; alerts: ${alerts.join(" | ")}`);
    });
}

type Row = { step: string; keystrokes: number[]; continueMs: number[]; slowestField?: string };

/** The keystrokes from index `from` on, with the field of the slowest. */
async function keysSince(page: Page, from: number) {
  const p = await probe(page);
  const keys = p.keys.slice(from);
  const fields = p.keyFields.slice(from);
  return { keys, slowestField: fields[keys.indexOf(Math.max(...keys))] };
}
const rows: Row[] = [];
const starts: { painted: number; widget: number; measures: Record<string, number>; wasmArrived: number }[] = [];

function median(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const f = (ms: number) => `${ms.toFixed(0)} ms`;

test.afterAll(() => {
  const lines = [`\nInteraction report (phone, CPU ${SLOWDOWN}x slower, loopback network):`];
  if (starts.length) {
    const painted = starts.map((s) => s.painted);
    const widget = starts.map((s) => s.widget);
    lines.push(`  navigation to the start button painted: ${f(median(painted))} median [${f(Math.min(...painted))} to ${f(Math.max(...painted))}] over ${starts.length} loads`);
    lines.push(`  navigation to the widget's own start button painted (taken over): ${f(median(widget))} median [${f(Math.min(...widget))} to ${f(Math.max(...widget))}]`);
    lines.push(`    wasm and glue arrived at ${f(median(starts.map((s) => s.wasmArrived)))}; widget start-up measures (median):`);
    for (const name of Object.keys(starts[0].measures)) lines.push(`      ${name.padEnd(24)} ${f(median(starts.map((s) => s.measures[name] ?? NaN)))}`);
  }
  lines.push("  step                               keystroke to next frame: median / worst (count)   button to next step painted");
  for (const r of rows) {
    const where = r.slowestField ? `, worst in #${r.slowestField}` : "";
    const keys = r.keystrokes.length ? `${f(median(r.keystrokes))} / ${f(Math.max(...r.keystrokes))} (${r.keystrokes.length}${where})` : "-";
    lines.push(`  ${r.step.padEnd(34)} ${keys.padEnd(42)} ${r.continueMs.map(f).join(", ")}`);
  }
  console.log(lines.join("\n"));
  mkdirSync("target/perf", { recursive: true });
  writeFileSync("target/perf/interaction.json", JSON.stringify({ slowdown: SLOWDOWN, starts, rows }, null, 2));
});

test("start-up: navigation to the start button painted", async ({ page }) => {
  await slowPhone(page);
  for (let i = 0; i < 5; i++) {
    await page.goto(`/?load=${i}`);
    await expect.poll(async () => (await probe(page)).widgetPainted).not.toBeNull();
    const got = await page.evaluate(() => ({
      painted: window.candorProbe.startPainted!,
      widget: window.candorProbe.widgetPainted!,
      measures: Object.fromEntries(
        performance.getEntriesByType("measure").filter((m) => m.name.startsWith("candor:")).map((m) => [m.name, m.duration]),
      ),
      wasmArrived: Math.max(
        ...performance.getEntriesByType("resource").filter((r) => /\.(wasm|js)$/.test(r.name)).map((r) => (r as PerformanceResourceTiming).responseEnd),
      ),
    }));
    expect(Object.keys(got.measures), "the widget records its start-up measures").toContain("candor:first-screen");
    starts.push(got);
  }
});

test("details, medicines with suggestions open, and the consents with the signature pad", async ({ page }) => {
  const cdp = await slowPhone(page);
  const patient = new Patient(page);
  await patient.arrive();
  await timedNext(patient);
  await expect(patient.heading()).toHaveText("What are you coming in for?");
  await pick(patient, "treatments-laser_hair_removal");
  await pick(patient, "treatments-massage");
  await next(patient);

  // Your details: every field typed key by key.
  await arm(page, "keys");
  await fillDetails(patient, adult, KEY_GAP);
  await arm(page, "keys", false);
  let seen = await keysSince(page, 0);
  await timedNext(patient);
  rows.push({ step: "Your details", keystrokes: seen.keys, slowestField: seen.slowestField, continueMs: [(await probe(page)).steps.at(-1)!.ms] });

  for (const id of NONE_ANSWERS.health) await pick(patient, id);
  await next(patient);

  // Medicines: typing with the suggestion list open, then picking one.
  await pick(patient, "q-takes_medications-yes");
  await patient.press(page.getByRole("button", { name: "Add a medicine" }));
  const name = page.getByRole("combobox", { name: "Name of the medicine or supplement" });
  await patient.press(name);
  const before = (await probe(page)).keys.length;
  await arm(page, "keys");
  await name.pressSequentially("accut", { delay: KEY_GAP });
  await expect(page.getByRole("option", { name: /Accutane/ })).toBeVisible();
  await name.pressSequentially("ane", { delay: KEY_GAP });
  await arm(page, "keys", false);
  await patient.press(page.getByRole("radio", { name: "No, I have stopped" }));
  await typeInto(patient, "q-medications-0-stopped-month", "1");
  await typeInto(patient, "q-medications-0-stopped-year", "2020");
  await pick(patient, "q-gold_therapy_ever-no");
  seen = await keysSince(page, before);
  await timedNext(patient);
  rows.push({ step: "Medicines (suggestions open)", keystrokes: seen.keys, slowestField: seen.slowestField, continueMs: [(await probe(page)).steps.at(-1)!.ms] });

  await answerToReview(patient);
  await patient.press(page.getByRole("button", { name: "Continue to the consent forms" }));
  await patient.press(page.getByRole("button", { name: "I agree to use electronic records" }));

  // Consents: drawing on the pad, then a typed name, each signed with the step's button.
  const consents: Row = { step: "Consents (pad, then typed name)", keystrokes: [], continueMs: [] };
  const strokes: number[] = [];
  let signed = 0;
  while ((await page.locator("#signature-pad").count()) > 0 && signed < 4) {
    for (const box of await page.locator("main input[type=checkbox]").all()) if (!(await box.isChecked())) await patient.press(box);
    const sign = page.getByRole("button", { name: /^Sign and / });
    if (signed % 2 === 0) {
      const from = (await probe(page)).strokes.length;
      await arm(page, "strokes");
      await drawWithFinger(page);
      await arm(page, "strokes", false);
      strokes.push(...(await probe(page)).strokes.slice(from));
    } else {
      await patient.press(page.getByRole("button", { name: "Type my name instead" }));
      const from = (await probe(page)).keys.length;
      await patient.press(page.locator("[id=signature-typed]"));
      await arm(page, "keys");
      await page.locator("[id=signature-typed]").pressSequentially("Rosa Delgado", { delay: KEY_GAP });
      await arm(page, "keys", false);
      consents.keystrokes.push(...(await probe(page)).keys.slice(from));
    }
    await timedNext(patient, sign);
    consents.continueMs.push((await probe(page)).steps.at(-1)!.ms);
    signed++;
  }
  expect(signed, "at least a drawn and a typed signature").toBeGreaterThanOrEqual(2);
  rows.push(consents);
  rows.push({ step: "  finger on the pad (touchmove)", keystrokes: strokes, continueMs: [] });
  await cdp.detach();
});
