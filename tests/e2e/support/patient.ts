import { expect, type Frame, type Locator, type Page } from "@playwright/test";

/** What a patient types on "Your details". */
export type Details = {
  legalName: string;
  preferredName?: string;
  birth: { month: string; day: string; year: string };
  mobile: string;
  email?: string;
  emergencyName: string;
  emergencyRelationship?: string;
  emergencyPhone: string;
};

export const ana: Details = {
  legalName: "Ana María López",
  preferredName: "Ana",
  birth: { month: "5", day: "14", year: "1990" },
  mobile: "(555) 010-2030",
  email: "ana.lopez@example.com",
  emergencyName: "Luis López",
  emergencyRelationship: "Brother",
  emergencyPhone: "555 010 9988",
};

/**
 * A patient using the widget: taps on a touch screen, clicks elsewhere, types keys.
 * `page` is the widget's page, or its frame when a clinic's page embeds it.
 */
export class Patient {
  constructor(readonly page: Page | Frame) {}

  /** Opens the widget and waits for the welcome screen, the widget's own (the receiver
   * renders the same screen into the page before the widget takes its place). */
  async arrive() {
    await this.page.goto("/");
    await expect(this.page.getByRole("heading", { level: 1 })).toHaveText(/^Welcome to /);
    await expect(this.page.locator("#app[data-rendered]")).toHaveCount(0);
  }

  /** Taps on a touch device, clicks otherwise. */
  async press(target: Locator) {
    const touch = await this.page.evaluate(() => matchMedia("(pointer: coarse)").matches);
    await (touch ? target.tap() : target.click());
  }

  button(name: string | RegExp) {
    return this.page.getByRole("button", { name });
  }

  heading() {
    return this.page.getByRole("heading", { level: 1 });
  }

  /** Taps into a text box, clears it and types like a person, key by key. */
  async type(label: string | RegExp, text: string, within: Locator | Page | Frame = this.page) {
    const box = within.getByLabel(label, { exact: typeof label === "string" });
    await this.press(box);
    await box.clear();
    await box.pressSequentially(text);
  }

  /** Starts, chooses massage therapy, and arrives on "Your details". */
  async start() {
    await this.press(this.button("Start"));
    await expect(this.heading()).toHaveText("What are you coming in for?");
    await this.press(this.page.getByRole("checkbox", { name: /Massage therapy/ }));
    await this.press(this.button("Continue"));
    await expect(this.heading()).toHaveText("Your details");
  }

  async fillDetails(d: Details) {
    const page = this.page;
    await this.type("Full legal name", d.legalName);
    if (d.preferredName) await this.type(/^Name you would like us to use/, d.preferredName);
    const dob = page.getByRole("group", { name: "Date of birth" });
    await this.type("Month", d.birth.month, dob);
    await this.type("Day", d.birth.day, dob);
    await this.type("Year", d.birth.year, dob);
    await this.type("Mobile phone number", d.mobile);
    if (d.email) await this.type(/^Email address/, d.email);
    const emergency = page.getByRole("group", { name: "Emergency contact" });
    await this.type("Their name", d.emergencyName, emergency);
    if (d.emergencyRelationship) await this.type(/^How they are related to you/, d.emergencyRelationship, emergency);
    await this.type("Their phone number", d.emergencyPhone, emergency);
  }

  /** The page address must never carry an answer: it may end up in logs and history. */
  async expectNoAnswersInUrl(d: Details) {
    const url = decodeURIComponent(this.page.url());
    const parsed = new URL(this.page.url());
    expect(parsed.search, "no query string").toBe("");
    expect(parsed.hash, "no fragment").toBe("");
    for (const answer of [d.legalName, d.mobile, d.email ?? "", d.emergencyName, d.birth.year]) {
      if (answer) expect(url).not.toContain(answer);
    }
  }
}
