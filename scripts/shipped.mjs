// What a dist ships, split as a browser loads it: the first view (index.html and every file its
// <link> tags name: stylesheet, JS glue, wasm), what loads when a page needs the rest of Skiff
// (the full build and the pages' stylesheet) and what loads when an instance's settings open
// (the settings build: src/handoff.rs). Each file with its raw, gzip and brotli size (as a
// server would compress it). Used by size.mjs and bench.mjs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

export const KINDS = [".html", ".js", ".wasm", ".css"];

export function shipped(dist) {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const first = new Set(["index.html"]);
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const href = tag.match(/href="?\.?\/?([^"\s>]+)"?/i);
    if (href && !href[1].startsWith("data:")) first.add(basename(href[1]));
  }
  const files = [];
  for (const name of readdirSync(dist).sort()) {
    const path = join(dist, name);
    if (statSync(path).isDirectory() || !KINDS.includes(extname(name))) continue;
    const data = readFileSync(path);
    files.push({
      name,
      kind: extname(name).slice(1),
      first: first.has(name),
      settings: name.startsWith("skiff-settings-"),
      raw: data.length,
      gzip: gzipSync(data, { level: 9 }).length,
      br: brotliCompressSync(data, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
      }).length,
    });
  }
  const sum = (list) => list.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, br: t.br + f.br }), { raw: 0, gzip: 0, br: 0 });
  return {
    files,
    first: sum(files.filter((f) => f.first)),
    later: sum(files.filter((f) => !f.first && !f.settings)),
    settings: sum(files.filter((f) => f.settings)),
  };
}

// The first view's budget (issue 7): everything shipped before the projects list shows.
export const FIRST_VIEW_BUDGET_KB = 150;
// The full build's budget: what a page past the overview loads (the full build and the pages'
// stylesheet).
export const FULL_BUILD_BUDGET_KB = 600;
// The settings build's (an instance's settings, eight pages: loaded only when they open; 250 KB
// until notifications, BENCHMARKS.md says why it grew).
export const SETTINGS_BUDGET_KB = 300;
