// The medical director connects the booking system: on the console's Integrations page
// a key is made with the appointments scope and shown once; the booking system (here
// Playwright's request client, outside the page) creates an appointment with it, twice
// with one Idempotency-Key, and the day's board shows it once; the key is listed
// with its last use, and once revoked the API refuses it. axe-core clean.

import { randomUUID } from "node:crypto";
import { expect, test } from "./support/test";
import { expectNoAxeViolations } from "./support/axe";
import { inviteStaff, virtualAuthenticator } from "./support/console";

test.skip(({ isMobile }) => isMobile, "the console runs on the desktop project");

const DAY = `2032-04-${String(1 + Math.floor(Math.random() * 28)).padStart(2, "0")}`;

test("a key made on the Integrations page books an appointment once through the API, and revoked it is refused", async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  const origin = new URL(baseURL!).origin.replace("127.0.0.1", "localhost");
  const director = `Dr. Ana Ruiz ${randomUUID().slice(0, 8)}`;
  await virtualAuthenticator(page);
  await page.goto(inviteStaff(director, "director", origin));
  await page.getByRole("button", { name: "Create my passkey" }).click();
  await expect(page.locator("#who")).toHaveText(director);

  await page.getByRole("link", { name: "Integrations" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Integrations");
  await expectNoAxeViolations(page, "integrations");
  const name = `Boulevard sync ${randomUUID().slice(0, 8)}`;
  await page.getByLabel("What uses it").fill(name);
  await page.getByRole("checkbox", { name: /^appointments:/ }).check();
  await page.getByRole("button", { name: "Make the key" }).click();
  const shown = page.locator("#new-key-text");
  await expect(shown).toHaveText(/^cnd_live_[0-9a-f]{12}_[0-9A-Za-z]{49}$/);
  await expect(page.locator("#key-status")).toContainText("shown below, once");
  await expectNoAxeViolations(page, "a key shown once");
  const key = (await shown.textContent())!;

  // The booking system creates the appointment, and sends it again with the same key.
  const patient = `Lior Apibooked ${randomUUID().slice(0, 6)}`;
  const externalId = `E2E-API-${randomUUID().slice(0, 8)}`;
  const create = () =>
    page.request.post(`${origin}/api/v1/appointments`, {
      headers: { Authorization: `Bearer ${key}`, "Idempotency-Key": "e2e-create-1" },
      data: {
        source: "boulevard",
        external_id: externalId,
        start: `${DAY}T09:45:00-05:00`,
        provider: "Dr. Ruiz",
        treatments: ["neurotoxin"],
        patient: { name: patient, email: "lior@example.org" },
      },
    });
  const first = await create();
  expect(first.status()).toBe(201);
  const made = await first.json();
  expect(made.invitation_link).toMatch(/#invite=inv-/);
  const again = await create();
  expect(again.status()).toBe(201);
  expect(await again.text()).toBe(await first.text());

  await page.goto(`${origin}/console/today?day=${DAY}`);
  const row = page.locator("#board tbody tr", { hasText: patient });
  await expect(row).toHaveCount(1);
  await expect(row.locator("td").first()).toHaveText("09:45");

  // Listed with its last use; revoked, it is refused.
  await page.goto(`${origin}/console/integrations`);
  const listed = page.locator("#keys tbody tr", { hasText: name });
  await expect(listed).toContainText(`cnd_live_${key.slice(9, 21)}_…`);
  await expect(listed.locator("td").nth(4)).not.toHaveText("never");
  await expect(page.locator("#new-key-text")).toHaveText("");
  page.once("dialog", (confirm) => void confirm.accept());
  await listed.getByRole("button", { name: `Revoke the key for ${name}` }).click();
  await expect(page.locator("#keys tbody tr", { hasText: name }).locator("td").nth(5)).toContainText("revoked");
  const refused = await page.request.get(`${origin}/api/v1/appointments/${made.id}`, { headers: { Authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
});
