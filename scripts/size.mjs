// Prints the raw, gzip and brotli sizes of what a dist/ ships (html, js, wasm, css): the first
// view (what a browser loads before the projects list shows) against its budget, then the full
// build that loads when a page needs it (scripts/shipped.mjs).
// Usage: node scripts/size.mjs [dist] [--markdown]
import { shipped, FIRST_VIEW_BUDGET_KB, FULL_BUILD_BUDGET_KB } from "./shipped.mjs";

const dist = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "dist";
const markdown = process.argv.includes("--markdown");
const s = shipped(dist);
const kb = (n) => (n / 1024).toFixed(1);
const row = (name, f) => [name, kb(f.raw), kb(f.gzip), kb(f.br)];
const lines = [
  ...s.files.filter((f) => f.first).map((f) => row(f.name, f)),
  row("first view", s.first),
  ...s.files.filter((f) => !f.first).map((f) => row(f.name, f)),
  row("full build (loaded when needed)", s.later),
  row("total", { raw: s.first.raw + s.later.raw, gzip: s.first.gzip + s.later.gzip, br: s.first.br + s.later.br }),
];
const verdict = [
  `first view: ${kb(s.first.br)} KB brotli, budget ${FIRST_VIEW_BUDGET_KB} KB: ${s.first.br < FIRST_VIEW_BUDGET_KB * 1024 ? "PASS" : "FAIL"}`,
  `full build: ${kb(s.later.br)} KB brotli, budget ${FULL_BUILD_BUDGET_KB} KB: ${s.later.br < FULL_BUILD_BUDGET_KB * 1024 ? "PASS" : "FAIL"}`,
].join("\n  ");
if (markdown) {
  console.log("| file | raw KB | gzip KB | brotli KB |\n|---|---:|---:|---:|");
  for (const l of lines) console.log(`| ${l.join(" | ")} |`);
  console.log(`\n${verdict}`);
} else {
  console.log("size of " + dist + " (KB):");
  console.log("  " + ["file".padEnd(44), "raw".padStart(9), "gzip".padStart(9), "brotli".padStart(9)].join(""));
  for (const l of lines) console.log("  " + l[0].padEnd(44) + l.slice(1).map((v) => v.padStart(9)).join(""));
  console.log("  " + verdict);
}
