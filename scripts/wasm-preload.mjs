// Trunk's post-build hook: the wasm preload link (`as="fetch"`) loses its `integrity`
// attribute, which Chromium ignores for fetch preloads and warns about on every load
// (crbug.com/981419). The script tag keeps its own integrity hash.
//
//   node scripts/wasm-preload.mjs [index.html]   (Trunk passes TRUNK_STAGING_DIR)

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const file = process.argv[2] ?? join(process.env.TRUNK_STAGING_DIR ?? "dist", "index.html");
const html = readFileSync(file, "utf8");
const fixed = html.replace(/<link rel="preload"[^>]*type="application\/wasm"[^>]*>/g, (link) =>
  link.replace(/ integrity="[^"]*"/, ""),
);
writeFileSync(file, fixed);
