// The console as staff reach it in the tests: a passkey on Chromium's virtual
// authenticator (CDP WebAuthn, standing in for the phone's screen lock) and an
// invitation made with `candor-receiver staff invite` on the test receiver's database.

import { spawnSync } from "node:child_process";
import { type Page } from "@playwright/test";
import { expect } from "./test";
import { database, receiver } from "./submit";

/** Gives the page a platform authenticator that keeps passkeys and verifies its user. */
export async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** `staff invite` on the test receiver's database; the link to open. */
export function inviteStaff(name: string, role: string, origin: string): string {
  const run = spawnSync(receiver, ["staff", "invite", "--db", database, "--name", name, "--role", role, "--console-origin", origin], {
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout).link;
}

