// Minifies the wasm-bindgen JS glue of a staged dist (Trunk's own minifier gives up on it:
// "Failed to minify JS") with terser, pinned in package.json, and updates the Subresource
// Integrity hash Trunk put on the <link rel="modulepreload"> of the first view's glue. The file
// names keep Trunk's content hashes (they name the source, which is what caching needs).
// Called by scripts/csp.mjs after full.mjs and before the inline scripts are hashed.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";

export async function minifyGlue(dir) {
  const file = join(dir, "index.html");
  let html = readFileSync(file, "utf8");
  for (const name of readdirSync(dir).filter((n) => /^skiff-.*\.js$/.test(n))) {
    const path = join(dir, name);
    const out = await minify(readFileSync(path, "utf8"), {
      module: true,
      compress: { passes: 2 },
      mangle: true,
      format: { comments: false },
    });
    writeFileSync(path, out.code);
    const sri = "sha384-" + createHash("sha384").update(out.code).digest("base64");
    html = html.replace(/<link\b[^>]*>/gi, (tag) =>
      tag.includes(name) ? tag.replace(/integrity="?sha384-[A-Za-z0-9+/=]+"?/i, `integrity=${sri}`) : tag,
    );
  }
  writeFileSync(file, html);
}

// Minifies index.html's inline scripts (Trunk's loader, index.html's own loader and early
// request) with terser: comments and indentation are a quarter of the first view's HTML.
// Called by scripts/csp.mjs before it hashes them.
export async function minifyInline(dir) {
  const file = join(dir, "index.html");
  let html = readFileSync(file, "utf8");
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  for (const [whole, attrs, text] of scripts) {
    if (/\bsrc\s*=/i.test(attrs) || !text.trim()) continue;
    const out = await minify(text, {
      module: /type="?module"?/i.test(attrs),
      compress: { passes: 2 },
      mangle: true,
      format: { comments: false },
    });
    html = html.replace(whole, `<script${attrs}>${out.code}</script>`);
  }
  writeFileSync(file, html);
}
