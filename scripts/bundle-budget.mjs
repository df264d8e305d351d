// Bundle budget: what a patient's first visit downloads (the HTML page and every
// script, wasm module and stylesheet it loads from dist/), compressed with brotli at
// quality 11, as a server or CDN would send it. Prints each file and the total, and
// exits 1 when the total is over the budget.
//
//   node scripts/bundle-budget.mjs [dist] [budget-bytes]

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const budget = Number(process.argv[3] ?? 160_000);
const downloaded = /\.(html|js|wasm|css)$/;

const files = readdirSync(dist)
  .filter((name) => downloaded.test(name) && statSync(join(dist, name)).isFile())
  .sort();
if (!files.includes("index.html")) {
  console.error(`bundle budget: no index.html in ${dist}; build first`);
  process.exit(1);
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
let total = 0;
for (const name of files) {
  const raw = readFileSync(join(dist, name));
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }).length;
  total += br;
  console.log(`  ${name.padEnd(44)} ${kb(raw.length).padStart(10)} raw ${kb(br).padStart(10)} brotli`);
}
const verdict = total <= budget ? "within" : "OVER";
console.log(`bundle budget: first visit downloads ${kb(total)} brotli, ${verdict} the ${kb(budget)} budget`);
process.exit(total <= budget ? 0 : 1);
