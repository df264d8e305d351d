import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "./support/test";
import * as jose from "jose";
import { Patient } from "./support/patient";
import { adult } from "./support/flow";
import { signedByJose } from "../support/jose-signing.mjs";
import { verifySummary } from "../../examples/verify-summary.mjs";
import { database, finish, outboxAtRest, outboxItems, receiver, reference, signAllButLast, stored, storedSummaries, storedSummary, TYP } from "./support/submit";

test("a signed submission reaches the receiver once and its JWS verifies with jose", async ({ page, isMobile }) => {
  test.skip(!isMobile, "runs on the phone project");
  const patient = new Patient(page);
  await signAllButLast(patient);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText(/Received by the clinic at \d{1,2}:\d{2} [AP]M\./);
  const id = await reference(page);
  expect(stored().filter((s) => s === id)).toHaveLength(1);
  await expect.poll(() => outboxItems(page), "the outbox is empty").toEqual([]);

  const jws = spawnSync(receiver, ["export", "--db", database, id], { encoding: "utf8" }).stdout.trim().split("\n")[0];
  const { summary } = await verifySummary(jws);
  expect(summary.submission_id).toBe(id);
  expect(summary.answers.details.legal_name).toBe(adult.legalName);
  expect(summary.consents.map((c: { decision: string }) => c.decision)).toEqual(["consented", "consented", "declined"]);
  expect(summary.audit.map((e: { event: string }) => e.event)).toContain("disclosure_accepted");

  const [h, p, s] = jws.split(".");
  const changed = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
  changed.answers.details.legal_name = "Someone Else";
  const tampered = [h, Buffer.from(JSON.stringify(changed)).toString("base64url"), s].join(".");
  await expect(verifySummary(tampered)).rejects.toThrow();
  const file = join(mkdtempSync(join(tmpdir(), "candor-tamper-")), "tampered.jws");
  writeFileSync(file, tampered);
  expect(spawnSync(receiver, ["verify", file], { encoding: "utf8" }).status).toBe(1);
});

test("offline at the last signature: saved on this device, then received once back online", async ({ page, context, isMobile, pageProblems }) => {
  pageProblems.allow(/ERR_INTERNET_DISCONNECTED/);
  test.skip(isMobile, "runs on the desktop project");
  const patient = new Patient(page);
  await signAllButLast(patient);
  await context.setOffline(true);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("Your signed forms are saved on this device, encrypted");
  const id = await reference(page);
  expect(stored()).not.toContain(id);
  // The welcome screen's "if you are offline, they wait on this device, encrypted": the
  // outbox holds this submission, and what is stored is ciphertext.
  expect(await outboxItems(page)).toEqual([id]);
  const atRest = await outboxAtRest(page);
  for (const answer of [adult.legalName, adult.mobile]) expect(atRest).not.toContain(answer);
  await context.setOffline(false);
  await expect(page.locator("#send-status")).toContainText("Received by the clinic at", { timeout: 15_000 });
  expect(stored().filter((s) => s === id)).toHaveLength(1);
  await expect.poll(() => outboxItems(page), "the outbox is empty").toEqual([]);
});

test("three server errors, then success: one record", async ({ page, isMobile, pageProblems }) => {
  pageProblems.allow(/status of 500/);
  test.skip(isMobile, "runs on the desktop project");
  let failures = 0;
  await page.route("**/api/submissions", async (route) => {
    if (failures < 3) {
      failures++;
      await route.fulfill({ status: 500, body: "{}" });
    } else {
      await route.continue();
    }
  });
  const patient = new Patient(page);
  await signAllButLast(patient);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("Received by the clinic at", { timeout: 20_000 });
  expect(failures).toBe(3);
  const id = await reference(page);
  expect(stored().filter((s) => s === id)).toHaveLength(1);
  await expect.poll(() => outboxItems(page), "the outbox is empty").toEqual([]);
});

test("the connection drops after the clinic stored it: the retry gets the same receipt, one record", async ({ page, isMobile, pageProblems }) => {
  pageProblems.allow(/ERR_CONNECTION_RESET/);
  test.skip(isMobile, "runs on the desktop project");
  let cut = false;
  await page.route("**/api/submissions", async (route) => {
    if (!cut) {
      cut = true;
      await route.fetch();
      await route.abort("connectionreset");
    } else {
      await route.continue();
    }
  });
  const patient = new Patient(page);
  await signAllButLast(patient);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("Received by the clinic at", { timeout: 20_000 });
  const id = await reference(page);
  expect(stored().filter((s) => s === id)).toHaveLength(1);
  await expect.poll(() => outboxItems(page), "the outbox is empty").toEqual([]);
});

test("someone else's submission under the patient's id first: the patient's own still reaches the clinic", async ({ page, baseURL, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  // Before the widget's request reaches the receiver, another payload under the same
  // submission id (validly signed, by another key) gets there first.
  let requests = 0;
  await page.route("**/api/submissions", async (route) => {
    requests++;
    if (requests === 1) {
      const { summary } = JSON.parse(route.request().postData()!);
      const changed = { ...summary, answers: { ...summary.answers, details: { ...summary.answers.details, legal_name: "Someone Else" } } };
      const { jws } = await signedByJose(changed);
      const first = await fetch(`${baseURL}api/submissions`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": `"${summary.submission_id}"` },
        body: JSON.stringify({ jws, summary: changed }),
      });
      expect(first.status).toBe(201);
    }
    await route.continue();
  });
  const patient = new Patient(page);
  await signAllButLast(patient);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("Received by the clinic at");
  const id = await reference(page);
  expect(requests, "sent once").toBe(1);
  await expect.poll(() => outboxItems(page)).toEqual([]);
  const kept = storedSummaries(id).map((s) => s.answers.details.legal_name);
  expect(kept, "both kept, each with its signer; the patient's is not replaced").toEqual(["Someone Else", adult.legalName]);
});

test("a refusal retrying cannot fix (422): shown for the front desk, never retried, the submission kept", async ({ page, isMobile, pageProblems }) => {
  test.skip(isMobile, "runs on the desktop project");
  pageProblems.allow(/status of 422/);
  let requests = 0;
  await page.route("**/api/submissions", async (route) => {
    requests++;
    await route.fulfill({
      status: 422,
      contentType: "application/json",
      body: JSON.stringify({ error: "idempotency_conflict", message: "already signed by the same key with different content" }),
    });
  });
  const patient = new Patient(page);
  await signAllButLast(patient);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("Could not be sent: please show this screen at the front desk (error 422).");
  const id = await reference(page);
  await page.waitForTimeout(3000);
  expect(requests, "never retried").toBe(1);
  expect(await outboxItems(page), "the signed submission is kept on the device").toEqual([id]);
  expect(stored()).not.toContain(id);
});

test("a double tap on the last decision sends one submission", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(r.headers()["idempotency-key"]);
  });
  const patient = new Patient(page);
  await signAllButLast(patient);
  await page.getByRole("button", { name: "No, thank you" }).dblclick();
  await expect(page.locator("#send-status")).toContainText("Received by the clinic at");
  const id = await reference(page);
  expect(new Set(posts)).toEqual(new Set([`"${id}"`]));
  expect(stored().filter((s) => s === id)).toHaveLength(1);
  await expect.poll(() => outboxItems(page), "the outbox is empty").toEqual([]);
});

test("every request of a full visit goes to the widget's own origin", async ({ page, baseURL, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  const patient = new Patient(page);
  await signAllButLast(patient);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("Received by the clinic at");
  expect(requests.length).toBeGreaterThan(3);
  expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  expect(requests.filter((url) => new URL(url).search !== ""), "no answer or id in any URL").toEqual([]);
});

test("503 with Retry-After: the widget waits as told, then one record and an empty outbox", async ({ page, isMobile, pageProblems }) => {
  pageProblems.allow(/status of 503/);
  test.skip(isMobile, "runs on the desktop project");
  const posts: number[] = [];
  await page.route("**/api/submissions", async (route) => {
    posts.push(Date.now());
    if (posts.length === 1) {
      await route.fulfill({ status: 503, headers: { "Retry-After": "3" }, contentType: "application/json", body: '{"error":"maintenance"}' });
    } else {
      await route.continue();
    }
  });
  const patient = new Patient(page);
  await signAllButLast(patient);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("saved on this device, encrypted");
  await expect(page.locator("#send-status")).toContainText("Received by the clinic at", { timeout: 20_000 });
  expect(posts).toHaveLength(2);
  expect(posts[1] - posts[0], "waited the 3 s the server asked for").toBeGreaterThanOrEqual(2_900);
  const id = await reference(page);
  expect(stored().filter((s) => s === id)).toHaveLength(1);
  await expect.poll(() => outboxItems(page), "the outbox is empty").toEqual([]);
});

test("reload while queued: the outbox survives the reload and is delivered once", async ({ page, isMobile, pageProblems }) => {
  pageProblems.allow(/ERR_INTERNET_DISCONNECTED/);
  test.skip(isMobile, "runs on the desktop project");
  await page.route("**/api/submissions", (route) => route.abort("internetdisconnected"));
  const patient = new Patient(page);
  await signAllButLast(patient);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("Your signed forms are saved on this device, encrypted");
  const id = await reference(page);
  expect(await outboxItems(page)).toEqual([id]);
  expect(stored()).not.toContain(id);

  await page.unroute("**/api/submissions");
  await page.reload();
  await expect(patient.heading()).toHaveText(/^Welcome to /);
  await expect.poll(() => stored().filter((s) => s === id).length, { timeout: 15_000 }).toBe(1);
  await expect.poll(() => outboxItems(page)).toEqual([]);
  expect(await page.locator("body").textContent(), "the next patient sees nothing of the last").not.toContain(adult.legalName);
});

test("an invited visit: the token leaves the address bar at once, goes only as a bearer token, and the invite is named", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  const invite = JSON.parse(spawnSync(receiver, ["invite", "--db", database], { encoding: "utf8" }).stdout);
  const bearers: (string | undefined)[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") bearers.push(r.headers()["authorization"]);
    expect(r.url(), "the token is in no request's address").not.toContain(invite.token);
  });
  const patient = new Patient(page);
  await page.goto(`/${invite.fragment}`);
  await expect(patient.heading()).toHaveText(/^Welcome to /);
  expect(page.url()).not.toContain("invite");
  expect(await page.evaluate(() => location.hash)).toBe("");
  await signAllButLast(patient, false);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("Received by the clinic at");
  const id = await reference(page);
  expect(bearers).toEqual([`Bearer ${invite.token}`]);
  expect(storedSummary(id).invite).toBe(invite.invite);
  expect(JSON.stringify(storedSummary(id))).not.toContain(invite.token);
});

test("a clinic with a FHIR server gets a transaction Bundle that fhir.resources validates, the same Bundle on every retry", async ({ page, baseURL, isMobile, pageProblems }) => {
  pageProblems.allow(/status of 500/);
  test.skip(isMobile, "runs on the desktop project");
  const fhirBase = `${baseURL}fhir`;
  const profile = JSON.parse(readFileSync("crates/core/profiles/demo.json", "utf8"));
  profile.delivery.push({ type: "fhir", id: "clinic-fhir", base_url: fhirBase });
  await page.route("**/e2e-fhir-profile.json", (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify(profile) }),
  );
  const bodies: string[] = [];
  const types: string[] = [];
  await page.route(fhirBase, async (route) => {
    bodies.push(route.request().postData() ?? "");
    types.push(route.request().headers()["content-type"]);
    if (bodies.length === 1) return route.fulfill({ status: 500, contentType: "application/fhir+json", body: '{"resourceType":"OperationOutcome"}' });
    await route.fulfill({
      status: 200,
      contentType: "application/fhir+json",
      body: JSON.stringify({ resourceType: "Bundle", type: "transaction-response", entry: [] }),
    });
  });
  const patient = new Patient(page);
  await page.goto("/?profile=%2Fe2e-fhir-profile.json");
  await expect(patient.heading()).toHaveText(/^Welcome to /);
  await signAllButLast(patient, false);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("Received by the clinic at", { timeout: 20_000 });
  const id = await reference(page);
  expect(stored().filter((s) => s === id)).toHaveLength(1);
  await expect.poll(() => outboxItems(page), "the outbox is empty").toEqual([]);

  expect(bodies).toHaveLength(2);
  expect(bodies[1], "the retry sends the same Bundle").toBe(bodies[0]);
  expect(types).toEqual(["application/fhir+json", "application/fhir+json"]);
  const bundle = JSON.parse(bodies[0]);
  expect(bundle.type).toBe("transaction");
  const kinds = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType);
  expect(kinds).toEqual(expect.arrayContaining(["Patient", "QuestionnaireResponse", "Consent", "Provenance"]));
  const provenance = bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === "Provenance").resource;
  expect(provenance.signature[0].sigFormat).toBe("application/jose");
  const response = bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === "QuestionnaireResponse");
  expect(response.request.ifNoneExist).toContain(id);

  const file = join(mkdtempSync(join(tmpdir(), "candor-fhir-")), "bundle.json");
  writeFileSync(file, bodies[0]);
  const python = existsSync(".tools/python/bin/python") ? ".tools/python/bin/python" : "python3";
  const validated = spawnSync(python, ["tests/fhir/validate.py", "--bundle", file], { encoding: "utf8" });
  expect(validated.status, validated.stderr + validated.stdout).toBe(0);
});

test("closing the page right after the last signature still reaches the clinic exactly once", async ({ page, context, isMobile }) => {
  test.skip(!isMobile, "runs on the phone project");
  // The first page's request never gets an answer: the patient closes the tab while
  // it is on its way. Nothing more was tapped after the last decision.
  await page.route("**/api/submissions", () => {});
  const patient = new Patient(page);
  await signAllButLast(patient);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("saved on this device, encrypted");
  const id = await reference(page);
  expect(stored()).not.toContain(id);
  const atRest = await outboxAtRest(page);
  expect(atRest.length, "something is stored").toBeGreaterThan(100);
  for (const clear of [adult.legalName, id, "legal_name", "massage"]) {
    expect(atRest, `the outbox holds no "${clear}" in the clear`).not.toContain(clear);
  }
  await page.close({ runBeforeUnload: true });

  const later = await context.newPage();
  await later.goto("/");
  await expect(later.getByRole("heading", { level: 1 })).toHaveText(/^Welcome to /);
  await expect.poll(() => stored().filter((s) => s === id).length, { timeout: 15_000 }).toBe(1);
  await expect.poll(() => outboxItems(later)).toEqual([]);
  await later.reload();
  await later.waitForTimeout(1_000);
  expect(stored().filter((s) => s === id), "exactly once").toHaveLength(1);
});

test("reloading right after the last signature: the forms reach the clinic once, without another tap", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  await page.route("**/api/submissions", () => {});
  const patient = new Patient(page);
  await signAllButLast(patient);
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("saved on this device, encrypted");
  const id = await reference(page);
  await page.unroute("**/api/submissions");
  await page.reload();
  await expect(patient.heading()).toHaveText(/^Welcome to /);
  await expect.poll(() => stored().filter((s) => s === id).length, { timeout: 15_000 }).toBe(1);
  await expect.poll(() => outboxItems(page)).toEqual([]);
});

test("a patient halfway through who closes the tab is asked to stay, and staying keeps every answer", async ({ page, isMobile }) => {
  test.skip(isMobile, "runs on the desktop project");
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.type());
    await dialog.dismiss();
  });
  const patient = new Patient(page);
  await signAllButLast(patient);
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => dialogs).toEqual(["beforeunload"]);
  expect(page.isClosed(), "staying keeps the page").toBe(false);
  await expect(patient.heading()).toHaveText("Photographs (optional)");
  await finish(patient);
  await expect(page.locator("#send-status")).toContainText("Received by the clinic at");
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => page.isClosed()).toBe(true);
  expect(dialogs, "no question once the clinic has it").toEqual(["beforeunload"]);
});
