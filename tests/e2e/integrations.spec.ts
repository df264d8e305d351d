// The medical director connects the booking system: on the console's Integrations page
// a key is made with the appointments scope and shown once; the booking system (here
// Playwright's request client, outside the page) creates an appointment with it, twice
// with one Idempotency-Key, and the day's board shows it once; the key is listed
// with its last use, and once revoked the API refuses it. A webhook endpoint registered
// there (an internal address refused) hears of a booking, signed and verified with the
// official standardwebhooks library, its delivery sent again from its log; one that
// answers 410 is disabled and the director told. axe-core clean.

import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";
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

test("a webhook endpoint registered on the Integrations page hears of a booking, signed; its log sends it again; a gone endpoint is disabled with a notice", async ({ page, baseURL, pageProblems }) => {
  test.setTimeout(90_000);
  // The refused internal address is answered 400, which the browser reports.
  pageProblems.allow(/status of 400 \(Bad Request\)/);
  const origin = new URL(baseURL!).origin.replace("127.0.0.1", "localhost");
  // The clinic's service: keeps each delivery; the second endpoint is gone (410).
  const got: { path: string; headers: Record<string, string>; body: string }[] = [];
  const sink = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      got.push({ path: request.url!, headers: request.headers as Record<string, string>, body });
      response.writeHead(request.url === "/gone" ? 410 : 204).end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const sinkPort = (sink.address() as { port: number }).port;
  try {
    const director = `Dr. Hook Ruiz ${randomUUID().slice(0, 8)}`;
    await virtualAuthenticator(page);
    await page.goto(inviteStaff(director, "director", origin));
    await page.getByRole("button", { name: "Create my passkey" }).click();
    await expect(page.locator("#who")).toHaveText(director);
    await page.goto(`${origin}/console/integrations`);

    // An internal address is refused, saying why.
    await page.getByLabel("Endpoint URL (https)").fill("http://169.254.169.254/latest/meta-data/");
    await page.getByRole("checkbox", { name: /^appointment\.booked\b/ }).check();
    await page.getByRole("button", { name: "Register the endpoint" }).click();
    await expect(page.locator("#webhook-status")).toContainText("169.254.169.254 is internal");

    // Registered (loopback is allowed on this receiver): the secret is shown once.
    const description = `EHR ${randomUUID().slice(0, 6)}`;
    await page.getByLabel("Endpoint URL (https)").fill(`http://127.0.0.1:${sinkPort}/hooks`);
    await page.getByLabel("What it is").fill(description);
    await page.getByRole("button", { name: "Register the endpoint" }).click();
    const shown = page.locator("#new-secret-text");
    await expect(shown).toHaveText(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await expectNoAxeViolations(page, "a webhook secret shown once");
    const secret = (await shown.textContent())!;

    // A booking system's appointment is heard of, signed: verified with the official library.
    await page.getByLabel("What uses it").fill(`Booking ${randomUUID().slice(0, 6)}`);
    await page.getByRole("checkbox", { name: /^appointments:/ }).check();
    await page.getByRole("button", { name: "Make the key" }).click();
    await expect(page.locator("#new-key-text")).toHaveText(/^cnd_live_/);
    const key = (await page.locator("#new-key-text").textContent())!;
    const patient = `Noor Hookbooked ${randomUUID().slice(0, 6)}`;
    const made = await page.request.post(`${origin}/api/v1/appointments`, {
      headers: { Authorization: `Bearer ${key}`, "Idempotency-Key": randomUUID() },
      data: { start: `${DAY}T11:15:00-05:00`, provider: "Dr. Ruiz", treatments: ["neurotoxin"], patient: { name: patient, email: "noor@example.org" } },
    });
    expect(made.status()).toBe(201);
    const appointment = (await made.json()).id as string;
    const mine = () => got.filter((d) => d.path === "/hooks" && d.body.includes(appointment));
    await expect.poll(() => mine().length, { timeout: 15_000 }).toBe(1);
    const delivery = mine()[0];
    const payload = new Webhook(secret).verify(delivery.body, delivery.headers) as { type: string; data: unknown };
    expect(payload.type).toBe("appointment.booked");
    expect(delivery.body).not.toContain("Noor");
    expect(delivery.body).not.toContain("neurotoxin");

    // The endpoint's page lists the delivery; Send again delivers it again, same id.
    await page.goto(`${origin}/console/integrations`);
    await page.getByRole("link", { name: description }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Deliveries to ${description}`);
    const row = page.locator("#deliveries tbody tr", { hasText: delivery.headers["webhook-id"] });
    await expect(row).toContainText("Delivered");
    await expectNoAxeViolations(page, "an endpoint's deliveries");
    await row.getByRole("button", { name: /^Send again/ }).click();
    await expect(page.locator("#webhook-status")).toContainText("will be sent again");
    await expect.poll(() => mine().length, { timeout: 15_000 }).toBe(2);
    expect(mine()[1].headers["webhook-id"]).toBe(delivery.headers["webhook-id"]);

    // An endpoint that answers 410 is disabled at once, and the director is told.
    await page.goto(`${origin}/console/integrations`);
    await page.getByLabel("Endpoint URL (https)").fill(`http://127.0.0.1:${sinkPort}/gone`);
    await page.getByLabel("What it is").fill(`Old CRM ${description}`);
    await page.getByRole("checkbox", { name: /^appointment\.cancelled\b/ }).check();
    await page.getByRole("button", { name: "Register the endpoint" }).click();
    await expect(page.locator("#new-secret-text")).toHaveText(/^whsec_/);
    const cancelled = await page.request.post(`${origin}/api/v1/appointments/${appointment}/cancel`, {
      headers: { Authorization: `Bearer ${key}`, "Idempotency-Key": randomUUID() },
    });
    expect(cancelled.status()).toBe(200);
    await expect.poll(() => got.filter((d) => d.path === "/gone").length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect(async () => {
      await page.goto(`${origin}/console`);
      await expect(page.locator("#webhooks-disabled")).toContainText(`127.0.0.1:${sinkPort}/gone`);
    }).toPass({ timeout: 10_000 });
    await expect(page.locator("#webhooks-disabled")).toContainText("410 Gone");
    await expectNoAxeViolations(page, "the disabled endpoint's notice");
    // Deleted, it is no longer shown (the run's other directors do not see it).
    await page.goto(`${origin}/console/integrations`);
    const gone = page.locator("#webhooks tbody tr", { hasText: "/gone" });
    await expect(gone).toContainText("Disabled");
    page.once("dialog", (confirm) => void confirm.accept());
    await gone.getByRole("button", { name: /^Delete/ }).click();
    await expect(page.locator("#webhooks tbody tr", { hasText: "/gone" })).toHaveCount(0);
    await expect(page.locator("#webhooks-disabled")).toHaveCount(0);
    page.once("dialog", (confirm) => void confirm.accept());
    await page.locator("#webhooks tbody tr", { hasText: "/hooks" }).getByRole("button", { name: /^Delete/ }).click();
    await expect(page.locator("#webhooks tbody tr", { hasText: `127.0.0.1:${sinkPort}` })).toHaveCount(0);
  } finally {
    sink.close();
  }
});
