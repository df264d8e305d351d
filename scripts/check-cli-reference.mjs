#!/usr/bin/env node
// The README's command reference is what `--help` prints, for every command and
// subcommand of each binary given:
//
//   node scripts/check-cli-reference.mjs [--write] README.md BINARY [BINARY ...]
//
// The reference lives between `<!-- cli-reference:start -->` and
// `<!-- cli-reference:end -->`: one fenced block per command, each headed by
// `<!-- cli: NAME SUBCOMMAND … -->`. Without --write the check fails (exit 1) naming
// every command whose block is missing, stale or left over; with --write it rewrites
// the reference from the binaries. The commands are found by walking each `--help`'s
// "Commands:" list, so a new subcommand cannot be left out.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const args = process.argv.slice(2);
const write = args.includes("--write");
const [readme, ...binaries] = args.filter((a) => a !== "--write");
if (!readme || binaries.length === 0) {
  console.error("usage: check-cli-reference.mjs [--write] README.md BINARY [BINARY ...]");
  process.exit(2);
}

const START = "<!-- cli-reference:start -->";
const END = "<!-- cli-reference:end -->";

/** `--help` of a command path, without trailing spaces. */
function help(binary, path) {
  const text = execFileSync(binary, [...path, "--help"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return text.split("\n").map((l) => l.trimEnd()).join("\n").trim();
}

/** The subcommands a help text lists under "Commands:", `help` excepted. */
function subcommands(text) {
  const lines = text.split("\n");
  const start = lines.indexOf("Commands:");
  if (start < 0) return [];
  const names = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("  ")) break;
    const name = line.trim().split(/\s+/)[0];
    if (name && name !== "help" && /^  \S/.test(line)) names.push(name);
  }
  return names;
}

/** Every command path of a binary with its help text, the binary itself first. */
function commands(binary) {
  const name = basename(binary);
  const found = [];
  const walk = (path) => {
    const text = help(binary, path);
    found.push({ key: [name, ...path].join(" "), text });
    for (const sub of subcommands(text)) walk([...path, sub]);
  };
  walk([]);
  return found;
}

const wanted = binaries.flatMap(commands);
const document = readFileSync(readme, "utf8");
const from = document.indexOf(START);
const to = document.indexOf(END);
if (from < 0 || to < from) {
  console.error(`${readme}: no ${START} … ${END} section`);
  process.exit(1);
}

if (write) {
  const body = wanted.map(({ key, text }) => `<!-- cli: ${key} -->\n\`${key} --help\`:\n\n\`\`\`text\n${text}\n\`\`\``).join("\n\n");
  writeFileSync(readme, `${document.slice(0, from + START.length)}\n${body}\n${document.slice(to)}`);
  console.log(`${readme}: command reference written (${wanted.length} commands)`);
  process.exit(0);
}

const section = document.slice(from, to);
const blocks = new Map();
for (const m of section.matchAll(/<!-- cli: (.+?) -->\n[^\n]*\n\n```text\n([\s\S]*?)\n```/g)) blocks.set(m[1], m[2]);
const problems = [];
for (const { key, text } of wanted) {
  if (!blocks.has(key)) problems.push(`${key}: no block in the README's command reference`);
  else if (blocks.get(key) !== text) problems.push(`${key}: the README's block differs from --help`);
  blocks.delete(key);
}
for (const key of blocks.keys()) problems.push(`${key}: in the README but no such command`);
for (const p of problems) console.error(p);
if (problems.length) {
  console.error(`regenerate with: node scripts/check-cli-reference.mjs --write ${readme} ${binaries.join(" ")}`);
  process.exit(1);
}
console.log(`command reference: ${wanted.length} commands match --help`);
