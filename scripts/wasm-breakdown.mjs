// Where the widget's wasm bytes go, by crate and by function (the `twiggy top` view,
// without a tool to install: twiggy's repository was archived with the rustwasm
// organisation, and the two sections we need are simple to read).
//
// Trunk strips function names from what it ships, so this optimises wasm-bindgen's
// output again exactly as Trunk does (`wasm-opt -Oz`) but keeps the names (`-g`), then
// reads each function's body size from the code section and its name from the name
// section. Sizes are raw (before brotli), of the code section only.
//
// Usage: node scripts/wasm-breakdown.mjs [bindgen-output.wasm] [rows]

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";

/** Every function's name and body size in the wasm module `bytes`. */
export function functionSizes(bytes) {
  let at = 8;
  const u32 = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  const text = (len) => new TextDecoder().decode(bytes.subarray(at, (at += len)));
  let importedFunctions = 0;
  const bodies = [];
  const names = new Map();
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    const end = at + size;
    if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        text(u32());
        text(u32());
        const kind = bytes[at++];
        if (kind === 0) {
          importedFunctions++;
          u32();
        } else if (kind === 1) {
          at++;
          const flags = u32();
          u32();
          if (flags & 1) u32();
        } else if (kind === 2) {
          const flags = u32();
          u32();
          if (flags & 1) u32();
        } else if (kind === 3) {
          at += 2;
        } else at++;
      }
    } else if (id === 10) {
      for (let n = u32(); n > 0; n--) {
        const len = u32();
        bodies.push(len);
        at += len;
      }
    } else if (id === 0 && text(u32()) === "name") {
      while (at < end) {
        const sub = bytes[at++];
        const length = u32();
        const subEnd = at + length;
        if (sub === 1) {
          for (let n = u32(); n > 0; n--) {
            const index = u32();
            names.set(index, text(u32()));
          }
        }
        at = subEnd;
      }
    }
    at = end;
  }
  return bodies.map((size, i) => ({ size, name: names.get(i + importedFunctions) ?? `function ${i + importedFunctions}` }));
}

/** The crate a (demangled) function name belongs to: the first path segment of the
 * implementing type for `<T as Trait>::f`, else of the path. */
export function crateOf(name) {
  const bare = name.replace(/^[<&*\s]+(mut |dyn |const )?/, "").replace(/^[<&*\s]+/, "");
  const first = bare.match(/^[A-Za-z_][A-Za-z0-9_]*/)?.[0];
  if (!first || !bare.startsWith(`${first}::`)) return /^(__|wasm|externref|function )/.test(name) ? "(glue and runtime)" : "(primitive types)";
  return first;
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const input = process.argv[2] ?? "target/wasm-bindgen/release/candor_bg.wasm";
  const rows = Number(process.argv[3] ?? 12);
  if (!existsSync(input)) {
    console.log(`wasm breakdown: ${input} is missing (run the release build first)`);
    process.exit(0);
  }
  mkdirSync("target/perf", { recursive: true });
  const named = "target/perf/candor-named.wasm";
  execFileSync("node_modules/.bin/wasm-opt", ["-Oz", "-g", input, "-o", named]);
  const functions = functionSizes(readFileSync(named));
  const total = functions.reduce((s, f) => s + f.size, 0);
  const byCrate = new Map();
  for (const f of functions) {
    const c = crateOf(f.name);
    const e = byCrate.get(c) ?? { size: 0, count: 0 };
    e.size += f.size;
    e.count++;
    byCrate.set(c, e);
  }
  console.log(`wasm code by crate (raw bytes of function bodies after wasm-opt -Oz; ${functions.length} functions, ${kb(total)}):`);
  for (const [c, e] of [...byCrate].sort((a, b) => b[1].size - a[1].size).slice(0, rows)) {
    console.log(`  ${c.padEnd(28)} ${kb(e.size).padStart(9)}  ${((100 * e.size) / total).toFixed(1).padStart(5)} %  ${String(e.count).padStart(5)} functions`);
  }
  console.log(`largest functions:`);
  for (const f of [...functions].sort((a, b) => b.size - a.size).slice(0, rows)) {
    console.log(`  ${kb(f.size).padStart(9)}  ${f.name.length > 110 ? `${f.name.slice(0, 107)}...` : f.name}`);
  }
}
