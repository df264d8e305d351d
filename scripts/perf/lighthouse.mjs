// Lighthouse's mobile preset (simulated slow 4G, 4x CPU slowdown, Moto G Power screen),
// run RUNS times (default 5) against the release build in dist/ served by the reference
// receiver, exactly as a clinic running `./run` serves it (precompressed, with its
// security headers). Prints the median and the spread of the score, FCP, LCP, TBT, TTI
// and bytes, and writes the figures to target/perf/lighthouse.json.
//
// A report, not a pass/fail test: figures move with the machine's load. It fails only
// when Lighthouse cannot run or the page does not load.
//
// Usage: node scripts/perf/lighthouse.mjs [runs]   (CANDOR_RECEIVER, CANDOR_CHROMIUM)

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { startReceiver, median, spread } from "./serve.mjs";

const runs = Number(process.argv[2] ?? 5);
const chromePath = process.env.CANDOR_CHROMIUM ?? "/usr/bin/chromium";

const receiver = await startReceiver(8121);
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});

/** The audits we report, by Lighthouse id, with how to print them. */
const METRICS = [
  ["score", "performance score", (v) => v.toFixed(0)],
  ["first-contentful-paint", "First Contentful Paint", ms],
  ["largest-contentful-paint", "Largest Contentful Paint", ms],
  ["total-blocking-time", "Total Blocking Time", ms],
  ["interactive", "Time to Interactive", ms],
  ["speed-index", "Speed Index", ms],
  ["cumulative-layout-shift", "Cumulative Layout Shift", (v) => v.toFixed(3)],
  ["total-byte-weight", "bytes transferred", (v) => `${(v / 1000).toFixed(1)} KB`],
  ["requests", "requests", (v) => v.toFixed(0)],
  ["render-blocking", "render-blocking requests", (v) => v.toFixed(0)],
  ["bootup-time", "script evaluation and compile (4x)", ms],
  ["mainthread-work-breakdown", "main-thread work (4x)", ms],
];
function ms(v) {
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`;
}

const samples = Object.fromEntries(METRICS.map(([id]) => [id, []]));
try {
  for (let i = 0; i < runs; i++) {
    // Lighthouse sometimes fails to record a trace on a busy machine (NO_NAVSTART):
    // such a run is repeated, up to three times, and said.
    let lhr;
    for (let attempt = 1; ; attempt++) {
      const result = await lighthouse(receiver.url, {
        port: chrome.port,
        onlyCategories: ["performance"],
        output: "json",
        logLevel: "error",
      });
      lhr = result.lhr;
      if (!lhr.runtimeError) break;
      const why = `${lhr.runtimeError.code} ${lhr.runtimeError.message}`;
      if (attempt === 3) throw new Error(`Lighthouse: ${why}`);
      process.stdout.write(`  run ${i + 1}/${runs}: Lighthouse could not record (${lhr.runtimeError.code}); running it again\n`);
    }
    const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
    samples.score.push(lhr.categories.performance.score * 100);
    for (const [id] of METRICS.slice(1)) {
      if (id === "requests") samples[id].push(lhr.audits["network-requests"].details.items.length);
      else if (id === "render-blocking") samples[id].push(lhr.audits["render-blocking-resources"].details?.items?.length ?? 0);
      else samples[id].push(audit(id));
    }
    process.stdout.write(
      `  run ${i + 1}/${runs}: score ${samples.score.at(-1).toFixed(0)}, TBT ${ms(samples["total-blocking-time"].at(-1))}, LCP ${ms(samples["largest-contentful-paint"].at(-1))}\n`,
    );
  }
} finally {
  await chrome.kill();
  receiver.stop();
}

console.log(`\nLighthouse ${lighthouseVersion()} mobile preset (slow 4G, 4x CPU), ${runs} runs, median [min to max]:`);
const report = {};
for (const [id, label, show] of METRICS) {
  const values = samples[id].filter((v) => Number.isFinite(v));
  if (values.length === 0) {
    console.log(`  ${label.padEnd(36)} not reported by this Lighthouse`);
    continue;
  }
  const [lo, hi] = spread(values);
  report[id] = { median: median(values), min: lo, max: hi, runs: values };
  console.log(`  ${label.padEnd(36)} ${show(median(values)).padStart(9)}   [${show(lo)} to ${show(hi)}]`);
}
mkdirSync("target/perf", { recursive: true });
writeFileSync("target/perf/lighthouse.json", JSON.stringify(report, null, 2));

function lighthouseVersion() {
  return JSON.parse(readFileSync("node_modules/lighthouse/package.json", "utf8")).version;
}
