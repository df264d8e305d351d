// Precompresses the release build: next to every page, script, wasm module,
// stylesheet and JSON file in dist/ (and its folders), a `.br` (brotli, quality 11)
// and a `.gz` (gzip, level 9), made once by the build so the receiver sends them as
// they are, never compressing at request time.
//
//   node scripts/precompress.mjs [dist]

import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const compressible = /\.(html|js|mjs|wasm|css|json|svg|txt)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (compressible.test(name)) yield path;
  }
}

let count = 0;
let raw = 0;
let br = 0;
for (const path of files(dist)) {
  const bytes = readFileSync(path);
  const brotli = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  writeFileSync(`${path}.br`, brotli);
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  count++;
  raw += bytes.length;
  br += brotli.length;
}
console.log(`precompressed ${count} files: ${(raw / 1000).toFixed(1)} KB raw, ${(br / 1000).toFixed(1)} KB as brotli`);
