// The `test` every end-to-end spec uses: Playwright's, with one automatic fixture that
// fails the test on any uncaught page error or console error in any page the test
// opens (its own page, pop-ups, frames and pages of contexts it creates), so a fault
// the patient would not see still fails the run.
//
// A test that provokes an error on purpose (a 500 from the server, the network cut)
// says which messages it expects with `pageProblems.allow(/pattern/)`; anything else
// still fails it.

import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/** Page and console errors seen during one test. */
export class PageProblems {
  private seen: string[] = [];
  private allowed: RegExp[] = [];

  /** Messages matching `pattern` are expected in this test and do not fail it. */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  /** Starts listening to `page`. */
  watch(page: Page): void {
    page.on("console", (message) => {
      if (message.type() === "error") this.record(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => this.record(`page error: ${error.message}`));
  }

  /** Starts listening to every page of `context`, now and later. */
  watchContext(context: BrowserContext): void {
    context.pages().forEach((page) => this.watch(page));
    context.on("page", (page) => this.watch(page));
  }

  private record(text: string): void {
    if (!this.allowed.some((pattern) => pattern.test(text))) this.seen.push(text);
  }

  /** Every unexpected problem seen so far. */
  get unexpected(): string[] {
    return [...this.seen];
  }
}

export const test = base.extend<{ pageProblems: PageProblems }>({
  pageProblems: [
    async ({ context, browser }, use) => {
      const problems = new PageProblems();
      problems.watchContext(context);
      // Contexts the test makes itself (a second device, a storage-less visit).
      const original = browser.newContext.bind(browser);
      const patched: Browser["newContext"] = async (options) => {
        const made = await original(options);
        problems.watchContext(made);
        return made;
      };
      browser.newContext = patched;
      try {
        await use(problems);
      } finally {
        browser.newContext = original;
      }
      expect(problems.unexpected, "page errors and console errors during the test").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
