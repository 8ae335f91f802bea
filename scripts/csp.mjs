// Trunk post_build hook (Trunk.toml): seals the Content-Security-Policy of the built index.html.
//
// index.html carries the whole policy in a <meta http-equiv="Content-Security-Policy"> tag, with
// the placeholder 'sha256-LOADER' where the hash of Trunk's inline loader belongs (Trunk 0.21
// emits one inline <script type="module"> that imports the wasm-bindgen glue and starts the
// wasm; index.html adds the full build's loader, src/handoff.rs). This hook hashes every inline <script> of the staged index.html (sha256, base64, as
// browsers compute it over the element's exact text) and puts the hashes in place of the
// placeholder, so `script-src` allows Skiff's own files, those loaders and nothing else.
//
// It also writes `_headers` (Netlify / Cloudflare Pages format) next to index.html with the
// same policy as an HTTP header, plus what a <meta> cannot say: frame-ancestors, and the other
// headers docs/security.md recommends. If the placeholder is left (hook not run), the loader is
// blocked and Skiff does not start: the build fails closed, never open.
//
// Usage: run by Trunk with TRUNK_STAGING_DIR set; or `node scripts/csp.mjs DIR` on a built dist.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nameFull } from "./full.mjs";
import { minifyGlue, minifyInline } from "./minify.mjs";
import { trimBuilds } from "./trim.mjs";

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error("csp.mjs: set TRUNK_STAGING_DIR or pass the dist directory");
  process.exit(2);
}
// First the builds trimmed (trim.mjs), then the full build's names, which are part of the
// loader script hashed below, the minified JS glue (whose integrity hashes are in index.html)
// and the minified inline scripts.
trimBuilds(dir);
nameFull(dir);
await minifyGlue(dir);
await minifyInline(dir);

const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");

// The release: its files (each name carries its content's hash, but for the manifest and the
// icons) and a version drawn from them, written into the service worker (sw.js) and into
// index.html's release note, before the inline scripts are hashed below.
const files = readdirSync(dir)
  .filter((f) => !["index.html", "sw.js", "_headers"].includes(f) && statSync(join(dir, f)).isFile())
  .sort();
const release = createHash("sha256")
  .update(files.map((f) => `${f}:${createHash("sha256").update(readFileSync(join(dir, f))).digest("hex")}`).join("\n"))
  .digest("hex")
  .slice(0, 12);
const sw = join(dir, "sw.js");
const worker = readFileSync(sw, "utf8");
if (!worker.includes('["SKIFF_FILES"]') || !worker.includes("skiff-SKIFF_VERSION")) {
  console.error("csp.mjs: sw.js lacks its placeholders");
  process.exit(1);
}
writeFileSync(sw, worker.replace('["SKIFF_FILES"]', JSON.stringify(files)).replace("skiff-SKIFF_VERSION", `skiff-${release}`));
if (!html.includes("SKIFF_VERSION")) {
  console.error("csp.mjs: index.html has no SKIFF_VERSION for the release note");
  process.exit(1);
}
html = html.replace("SKIFF_VERSION", release);

const PLACEHOLDER = "'sha256-LOADER'";
// The policy's <meta>, in any attribute order and quoting (Trunk's minifier reorders attributes
// and drops quotes that are not needed).
const metas = [...html.matchAll(/<meta\b[^>]*>/gi)]
  .filter((m) => /http-equiv="?Content-Security-Policy"?/i.test(m[0]))
  .map((m) => [m[0], (m[0].match(/content="([^"]*)"/i) || [])[1]]);
if (metas.length !== 1 || metas[0][1] === undefined) {
  console.error(`csp.mjs: expected one CSP <meta> in ${file}, found ${metas.length}`);
  process.exit(1);
}
const policyIn = metas[0][1];
if (!policyIn.includes(PLACEHOLDER)) {
  console.error(`csp.mjs: the CSP <meta> has no ${PLACEHOLDER} placeholder (already sealed?)`);
  process.exit(1);
}

// Inline scripts: <script ...>TEXT</script> without a src attribute.
const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  const [, attrs, text] = m;
  if (/\bsrc\s*=/i.test(attrs)) continue;
  const digest = createHash("sha256").update(text, "utf8").digest("base64");
  hashes.push(`'sha256-${digest}'`);
}
if (hashes.length === 0) {
  console.error("csp.mjs: no inline loader script found; nothing to hash");
  process.exit(1);
}

const policy = policyIn.replace(PLACEHOLDER, [...new Set(hashes)].join(" "));
html = html.replace(metas[0][0], metas[0][0].replace(policyIn, policy));
writeFileSync(file, html);

// The same policy for static hosts that read a _headers file, plus frame-ancestors (which a
// <meta> policy cannot carry) and the other protective headers.
const headerPolicy = `${policy}; frame-ancestors 'none'`.replace(/;\s*;/g, ";");
const headers = `/*
  Content-Security-Policy: ${headerPolicy}
  X-Frame-Options: DENY
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
  Cross-Origin-Opener-Policy: same-origin
  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=()
`;
writeFileSync(join(dir, "_headers"), headers);
console.log(`csp.mjs: script-src sealed with ${hashes.length} inline script hash(es)`);
