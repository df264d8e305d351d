import { type Page } from "@playwright/test";

/** Draws a signature on the pad with a finger (real touch events through Chromium). */
export async function drawWithFinger(page: Page, lift = 0) {
  const pad = page.locator("#signature-pad");
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const at = (i: number) => ({ x: box.x + 20 + i * 12, y: box.y + box.height / 2 - lift + Math.sin(i / 2) * 25 });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [at(0)] });
  for (let i = 1; i < 20; i++) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [at(i)] });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}
