// Prints the raw, gzip and brotli sizes of what a dist/ ships (html, js, wasm, css).
// Usage: node scripts/size.mjs [dist] [--markdown]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dist = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "dist";
const markdown = process.argv.includes("--markdown");
const kinds = [".html", ".js", ".wasm", ".css"];
const rows = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (kinds.includes(extname(name))) rows.push(path);
  }
};
walk(dist);
rows.sort();
const kb = (n) => (n / 1024).toFixed(1);
let total = { raw: 0, gzip: 0, br: 0 };
const lines = [];
for (const path of rows) {
  const data = readFileSync(path);
  const raw = data.length;
  const gzip = gzipSync(data, { level: 9 }).length;
  const br = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw },
  }).length;
  total.raw += raw; total.gzip += gzip; total.br += br;
  lines.push([path.slice(dist.length + 1), kb(raw), kb(gzip), kb(br)]);
}
lines.push(["total", kb(total.raw), kb(total.gzip), kb(total.br)]);
if (markdown) {
  console.log("| file | raw KB | gzip KB | brotli KB |\n|---|---:|---:|---:|");
  for (const l of lines) console.log(`| ${l.join(" | ")} |`);
} else {
  console.log("size of " + dist + " (KB):");
  console.log("  " + ["file".padEnd(40), "raw".padStart(9), "gzip".padStart(9), "brotli".padStart(9)].join(""));
  for (const l of lines) console.log("  " + l[0].padEnd(40) + l.slice(1).map((v) => v.padStart(9)).join(""));
}
