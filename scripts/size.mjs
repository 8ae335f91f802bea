// Prints the raw, gzip and brotli sizes of what a dist/ ships (html, js, wasm, css): the first
// view (what a browser loads before the projects list shows), the full build that loads when a
// page needs it and the settings build, each against its budget (scripts/shipped.mjs), and
// the total, what a browser has loaded once it has opened every page.
// Usage: node scripts/size.mjs [dist] [--markdown]
import { shipped, FIRST_VIEW_BUDGET_KB, FULL_BUILD_BUDGET_KB, SETTINGS_BUDGET_KB } from "./shipped.mjs";

const dist = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "dist";
const markdown = process.argv.includes("--markdown");
const s = shipped(dist);
const kb = (n) => (n / 1024).toFixed(1);
const row = (name, f) => [name, kb(f.raw), kb(f.gzip), kb(f.br)];
const lines = [
  ...s.files.filter((f) => f.first).map((f) => row(f.name, f)),
  row("first view", s.first),
  ...s.files.filter((f) => !f.first && !f.settings).map((f) => row(f.name, f)),
  row("full build (loaded when needed)", s.later),
  ...s.files.filter((f) => f.settings).map((f) => row(f.name, f)),
  row("settings build (loaded when they open)", s.settings),
  row("total", ["raw", "gzip", "br"].reduce((t, k) => ({ ...t, [k]: s.first[k] + s.later[k] + s.settings[k] }), {})),
];
const check = (name, size, budget) => `${name}: ${kb(size)} KB brotli, budget ${budget} KB: ${size < budget * 1024 ? "PASS" : "FAIL"}`;
const verdict = [
  check("first view", s.first.br, FIRST_VIEW_BUDGET_KB),
  check("full build", s.later.br, FULL_BUILD_BUDGET_KB),
  check("settings build", s.settings.br, SETTINGS_BUDGET_KB),
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
