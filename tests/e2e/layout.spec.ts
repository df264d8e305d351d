import { type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { ana, Patient } from "./support/patient";

/** Fails if the page scrolls sideways: content must reflow (WCAG 1.4.10). */
async function expectNoSidewaysScroll(page: Page, screen: string) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  expect(scroll, `${screen}: content ${scroll}px wide in a ${width}px viewport`).toBeLessThanOrEqual(width);
}

/** Visits every screen, with errors shown on "Your details", checking each. */
async function visitEveryScreen(page: Page, check: (screen: string) => Promise<void>) {
  const patient = new Patient(page);
  await patient.arrive();
  await check("welcome");
  await patient.start();
  await patient.press(patient.button("Continue"));
  await check("your details with errors");
  await patient.fillDetails(ana);
  await patient.press(patient.button("Continue"));
  await expect(patient.heading()).toHaveText("Your health");
  await patient.press(patient.button("Continue"));
  await check("your health with errors");
}

test("reflows at 320 CSS pixels wide", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await visitEveryScreen(page, (screen) => expectNoSidewaysScroll(page, screen));
});

test("text at 200% stays readable without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 800 });
  await page.addInitScript(() => {
    addEventListener("DOMContentLoaded", () => {
      document.documentElement.style.fontSize = "200%";
    });
  });
  await visitEveryScreen(page, async (screen) => {
    const size = await page.evaluate(() => getComputedStyle(document.body).fontSize);
    expect(parseFloat(size), `${screen}: body text doubled`).toBeGreaterThanOrEqual(32);
    await expectNoSidewaysScroll(page, screen);
  });
});

test("every button and text box is at least 44 by 44 CSS pixels", async ({ page }) => {
  await visitEveryScreen(page, async (screen) => {
    const small = await page.evaluate(() =>
      [...document.querySelectorAll("button, input")]
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.width < 44 || box.height < 44))
        .map(({ el, box }) => `${el.outerHTML.slice(0, 60)} ${box.width}x${box.height}`),
    );
    expect(small, `${screen}: targets under 44px`).toEqual([]);
  });
});

test("the phone can be rotated mid-form without losing an answer", async ({ page }, info) => {
  test.skip(info.project.name !== "phone", "rotation is a phone concern");
  const patient = new Patient(page);
  await patient.arrive();
  await patient.start();
  await patient.type("Full legal name", ana.legalName);
  const portrait = page.viewportSize()!;
  await page.setViewportSize({ width: portrait.height, height: portrait.width });
  await expect(page.getByLabel("Full legal name")).toHaveValue(ana.legalName);
  await expectNoSidewaysScroll(page, "landscape");
  await page.setViewportSize(portrait);
  await expect(page.getByLabel("Full legal name")).toHaveValue(ana.legalName);
});
