// Names the full and settings builds (src/handoff.rs) in a staged dist: Trunk builds
// `skiff-full` and `skiff-settings` as "workers" (built, not started) under fixed names
// (skiff-full.js, skiff-full_bg.wasm, …), and copies their stylesheet as pages.css. This gives
// them all a content hash in their names, as Trunk does for the first view, so a browser never
// pairs a cached build with a newer first view, and writes the names into the loaders
// (window.skiffFull, window.skiffSettings) in index.html. Called by scripts/csp.mjs before it hashes the
// inline scripts (Trunk runs hooks of one stage concurrently, so one hook does both in order).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function nameFull(dir) {
  const file = join(dir, "index.html");
  let html = readFileSync(file, "utf8");
  if (!html.includes("SKIFF_FULL_JS")) return; // already named
  const css = join(dir, "pages.css");
  if (!existsSync(css)) throw new Error(`full.mjs: ${dir} has no pages.css`);
  // Trunk copies this stylesheet as it is (only the first view's, a `rel="css"` link, goes
  // through its minifier): comments and indentation were 0.6 KB of its 4.4 KB brotli.
  writeFileSync(css, minifyCss(readFileSync(css, "utf8")));
  const hash = (path) => createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
  const names = { SKIFF_FULL_CSS: [css, `pages-${hash(css)}.css`] };
  for (const [build, placeholder] of [["skiff-full", "FULL"], ["skiff-settings", "SETTINGS"]]) {
    const js = join(dir, `${build}.js`);
    const wasm = join(dir, `${build}_bg.wasm`);
    if (!existsSync(js) || !existsSync(wasm)) {
      throw new Error(`full.mjs: ${dir} has no ${build}.js / ${build}_bg.wasm`);
    }
    const code = createHash("sha256").update(hash(js)).update(hash(wasm)).digest("hex").slice(0, 16);
    names[`SKIFF_${placeholder}_JS`] = [js, `${build}-${code}.js`];
    names[`SKIFF_${placeholder}_WASM`] = [wasm, `${build}-${code}_bg.wasm`];
  }
  for (const [placeholder, [from, name]] of Object.entries(names)) {
    renameSync(from, join(dir, name));
    html = html.replaceAll(placeholder, name);
  }
  writeFileSync(file, html);
}

// Comments out, whitespace runs as one space, none around `{ } ; ,` nor after a property's
// colon, no `;` before `}`. Nothing else is touched (a space before `:` or around `>` can
// matter in a selector); the stylesheet has no string with a comment, a run of spaces or those
// characters in it.
export function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\s+/g, " ")
    .replace(/ ?([{};,]) ?/g, "$1")
    .replace(/;}/g, "}")
    .replace(/([{;][-\w]+): /g, "$1:")
    .trim();
}
