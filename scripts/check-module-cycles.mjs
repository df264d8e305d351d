#!/usr/bin/env node
// Fails when the modules of a crate import each other in a circle.
//
//   node scripts/check-module-cycles.mjs SRC_DIR [SRC_DIR ...]
//
// For each crate (its `src` folder), every `.rs` file belongs to a top-level module
// (`src/risk/evaluate.rs` to `risk`, `src/state/mod.rs` to `state`); `lib.rs` and
// `main.rs` are the crate root, which may name every module. A module depends on
// another when its code names a path into it: `use crate::profile::…`,
// `crate::risk::matching::…` in an expression, `super::super::vocabulary::…`, or a
// nested `use crate::{profile::X, risk::Y}`. The top-level modules must form a graph
// without circles; the check prints each circle it finds, with one file and line
// for each of its edges, and exits 1. With --graph it prints the edges (the code map
// in ARCHITECTURE.md is written from them).
//
// Written here rather than taken from `cargo-modules` (which can refuse a cyclic
// graph): that tool builds rust-analyzer's crates, about ten minutes of compiling on
// a fresh CI machine, for a question that the paths in the source answer exactly.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const args = process.argv.slice(2);
const printGraph = args.includes("--graph");
const roots = args.filter((a) => !a.startsWith("--"));
if (roots.length === 0) {
  console.error("usage: check-module-cycles.mjs [--graph] SRC_DIR [SRC_DIR ...]");
  process.exit(2);
}

/** Every `.rs` file under a folder. */
function rustFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rustFiles(path);
    return name.endsWith(".rs") ? [path] : [];
  });
}

/** The module path of a file: `risk/evaluate.rs` is [risk, evaluate]; `risk/mod.rs` [risk]. */
function modulePath(src, file) {
  const parts = relative(src, file).split(sep);
  const last = parts.pop().replace(/\.rs$/, "");
  if (last !== "mod" && !(parts.length === 0 && (last === "lib" || last === "main"))) parts.push(last);
  return parts;
}

/** The source without comments, string and char literals (kept as blanks, so lines stay). */
function codeOnly(text) {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      let depth = 0;
      do {
        if (text[i] === "/" && text[i + 1] === "*") { depth++; i += 2; }
        else if (text[i] === "*" && text[i + 1] === "/") { depth--; i += 2; }
        else { if (text[i] === "\n") out += "\n"; i++; }
      } while (depth > 0 && i < text.length);
    } else if (c === "r" && /^r#*"/.test(text.slice(i, i + 10)) && !/\w/.test(text[i - 1] ?? "")) {
      const hashes = text.slice(i + 1).match(/^#*/)[0];
      const end = text.indexOf(`"${hashes}`, i + 2 + hashes.length);
      const body = text.slice(i, end < 0 ? text.length : end + 1 + hashes.length);
      out += body.replace(/[^\n]/g, " ");
      i += body.length;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1).replace(/[^\n]/g, " ");
      i = j + 1;
    } else if (c === "'" && /^'(\\.|[^\\'])'/.test(text.slice(i, i + 4))) {
      const m = text.slice(i).match(/^'(\\.[^']*|[^\\'])'/);
      out += " ".repeat(m[0].length);
      i += m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Resolves a path's leading `crate`/`super`/`self` segments against the file's module. */
function resolve(segments, here) {
  let base;
  let i = 0;
  if (segments[0] === "crate") { base = []; i = 1; }
  else if (segments[0] === "self") { base = [...here]; i = 1; }
  else if (segments[0] === "super") {
    base = [...here];
    while (segments[i] === "super") { base.pop(); i++; }
  } else return null;
  return [...base, ...segments.slice(i)];
}

/** Paths a `use` tree names, each as its segments: `a::{b, c::d}` gives [a,b], [a,c,d]. */
function useTreePaths(tree) {
  const paths = [];
  function walk(prefix, s) {
    s = s.trim();
    if (!s) return;
    const brace = s.indexOf("{");
    if (brace < 0) {
      const segs = s.split(/\s+as\s+/)[0].split("::").map((x) => x.trim()).filter(Boolean);
      paths.push([...prefix, ...segs]);
      return;
    }
    const head = s.slice(0, brace).split("::").map((x) => x.trim()).filter(Boolean);
    const inner = s.slice(brace + 1, s.lastIndexOf("}"));
    let depth = 0;
    let start = 0;
    for (let k = 0; k <= inner.length; k++) {
      const ch = inner[k];
      if (ch === "{") depth++;
      else if (ch === "}") depth--;
      else if ((ch === "," && depth === 0) || k === inner.length) {
        walk([...prefix, ...head], inner.slice(start, k));
        start = k + 1;
      }
    }
  }
  walk([], tree);
  return paths;
}

let circles = 0;
for (const src of roots) {
  const topLevel = new Set();
  const edges = new Map(); // "a -> b" to the first place it is seen
  const files = rustFiles(src);
  for (const file of files) {
    const here = modulePath(src, file);
    if (here.length > 0) topLevel.add(here[0]);
  }
  for (const file of files) {
    const here = modulePath(src, file);
    if (here.length === 0) continue; // the crate root names every module
    const code = codeOnly(readFileSync(file, "utf8"));
    const lineOf = (index) => code.slice(0, index).split("\n").length;
    const found = [];
    for (const m of code.matchAll(/\buse\s+((?:crate|super|self)\b[^;]*);/g)) {
      for (const segs of useTreePaths(m[1])) found.push([segs, m.index]);
    }
    for (const m of code.matchAll(/\b((?:crate|super|self)(?:\s*::\s*(?:super|[A-Za-z_]\w*))+)/g)) {
      found.push([m[1].split("::").map((x) => x.trim()), m.index]);
    }
    for (const [segs, index] of found) {
      const target = resolve(segs, here);
      if (!target || target.length === 0) continue;
      const to = target[0];
      if (to === here[0] || !topLevel.has(to)) continue;
      const key = `${here[0]} -> ${to}`;
      if (!edges.has(key)) edges.set(key, `${relative(process.cwd(), file)}:${lineOf(index)}`);
    }
  }
  const graph = new Map([...topLevel].map((m) => [m, []]));
  for (const key of edges.keys()) {
    const [from, to] = key.split(" -> ");
    graph.get(from).push(to);
  }
  if (printGraph) {
    console.log(`${src}:`);
    for (const [from, tos] of [...graph].sort()) {
      if (tos.length) console.log(`  ${from} -> ${tos.sort().join(", ")}`);
    }
  }
  // Tarjan's strongly connected components: each one of more than one module is a circle.
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  function connect(v) {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)) {
      if (!idx.has(w)) { connect(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const component = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  }
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) connect(v);
  for (const component of components) {
    circles++;
    console.error(`${src}: modules in a circle: ${component.join(", ")}`);
    for (const [key, where] of edges) {
      const [from, to] = key.split(" -> ");
      if (component.includes(from) && component.includes(to)) console.error(`  ${key}  (${where})`);
    }
  }
  if (components.length === 0) console.log(`${src}: ${topLevel.size} modules, ${edges.size} dependencies, no circle`);
}
process.exit(circles > 0 ? 1 : 0);
