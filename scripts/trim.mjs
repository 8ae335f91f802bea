// Trims what wasm-bindgen leaves in each build of a staged dist (the first view's, skiff-full,
// skiff-settings), with binaryen's JS API (npm, pinned in package.json). Called by
// scripts/csp.mjs first, before the builds are named and the glue minified.
//
// - Leptos always links wasm-streams (through server_fn's `browser` feature), whose three
//   #[wasm_bindgen] classes are exported, so their code stays in every build though Skiff never
//   makes a stream: their exports and JS classes go, and binaryen drops what only they used
//   (code, and the imports the JS glue then no longer needs to give).
// - wasm-bindgen names each import and export after its Rust path and a 16-digit hash
//   (`__wbg_getItem_49556a3e59cfb688`): some 5 KB of names a build, written twice (in the wasm
//   and in the glue), that brotli cannot shrink much. They are renamed to one or two letters,
//   in both files; a name the glue uses in any other way than expected is left as it is.
//
// The wasm's Subresource Integrity hash in index.html is updated (the glue's is, by
// minify.mjs).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import binaryen from "binaryen";

export function trimBuilds(dir) {
  const file = join(dir, "index.html");
  let html = readFileSync(file, "utf8");
  for (const js of readdirSync(dir).filter((n) => /^skiff(-full|-settings)?(-[0-9a-f]{16})?\.js$/.test(n))) {
    const wasm = js.replace(/\.js$/, "_bg.wasm");
    const [code, bytes] = trim(readFileSync(join(dir, js), "utf8"), readFileSync(join(dir, wasm)), js);
    writeFileSync(join(dir, js), code);
    writeFileSync(join(dir, wasm), bytes);
    const sri = "sha384-" + createHash("sha384").update(bytes).digest("base64");
    html = html.replace(/<link\b[^>]*>/gi, (tag) =>
      tag.includes(wasm) ? tag.replace(/integrity="?sha384-[A-Za-z0-9+/=]+"?/i, `integrity=${sri}`) : tag,
    );
  }
  writeFileSync(file, html);
}

const STREAMS = /intounderlying/;

function trim(code, bytes, what) {
  // The streams' exports out, and what only they reached.
  const mod = binaryen.readBinary(bytes);
  for (let i = mod.getNumExports() - 1; i >= 0; i--) {
    const { name } = binaryen.getExportInfo(mod.getExportByIndex(i));
    if (STREAMS.test(name)) mod.removeExport(name);
  }
  mod.runPasses(["remove-unused-module-elements"]);
  bytes = mod.emitBinary();
  mod.dispose();

  // Their classes out of the glue (terser then drops the helpers only they used).
  code = code
    .replace(/^export class IntoUnderlying\w+ \{\n[\s\S]*?^\}\n(if \(Symbol\.dispose\).*\n)?/gm, "")
    .replace(/^const IntoUnderlying\w+Finalization = [\s\S]*?;\n/gm, "");
  if (/IntoUnderlying|intounderlying/.test(code)) throw new Error(`trim.mjs: ${what} still names the streams`);

  const sections = readSections(bytes);
  const imports = sections.find((s) => s.id === 2);
  const exports = sections.find((s) => s.id === 7);
  const entries = readImports(imports.body);
  const wanted = new Set(entries.map((e) => e.name));
  // The glue's import object: an entry from `name: function(…) {` to the next line that
  // closes at its indentation (eight spaces: `},` or `}, arguments); },`).
  const entry = /^ {8}(\w+): function\([\s\S]*?\n {8}\}[^\n]*\n/gm;
  code = code.replace(entry, (whole, name) => (wanted.has(name) ? whole : ""));
  const keys = new Set([...code.matchAll(entry)].map((m) => m[1]));
  for (const name of wanted) {
    if (!keys.has(name)) throw new Error(`trim.mjs: ${what}'s glue gives no import ${name}`);
  }

  // Short names for the imports the glue gives once, as a key of its import object.
  let next = 0;
  for (const e of entries) {
    const key = new RegExp(`^ {8}${e.name}: function`, "m");
    if (!keys.has(e.name) || count(code, e.name) !== 1) continue;
    const short = shortName(next++);
    code = code.replace(key, `        ${short}: function`);
    e.name = short;
  }
  imports.body = writeImports(entries);

  // And for the exports it reads only as `wasm.name` (a function of the glue may carry the
  // same name: terser renames those).
  const outs = readExports(exports.body);
  next = 0;
  for (const e of outs) {
    const uses = new RegExp(`\\bwasm\\.${e.name}\\b`, "g");
    const n = (code.match(uses) || []).length;
    const read = (code.match(new RegExp(`\\.${e.name}\\b`, "g")) || []).length;
    const quoted = new RegExp(`["'\`]${e.name}["'\`]`).test(code);
    if (e.name === "memory" || n === 0 || n !== read || quoted) continue;
    const short = shortName(next++);
    code = code.replace(uses, `wasm.${short}`);
    e.name = short;
  }
  exports.body = writeExports(outs);
  return [code, writeSections(bytes, sections)];
}

// How often `name` stands in `code` as a word of its own.
function count(code, name) {
  return (code.match(new RegExp(`\\b${name}\\b`, "g")) || []).length;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
function shortName(i) {
  return i < LETTERS.length ? LETTERS[i] : shortName(Math.floor(i / LETTERS.length) - 1) + LETTERS[i % LETTERS.length];
}

// The wasm binary format, as far as names go: sections, and the import and export entries.
function readSections(bytes) {
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    const [size, from] = leb(bytes, at);
    out.push({ id, body: bytes.subarray(from, from + size) });
    at = from + size;
  }
  return out;
}

function writeSections(bytes, sections) {
  const parts = [bytes.subarray(0, 8)];
  for (const s of sections) parts.push(Uint8Array.of(s.id), uleb(s.body.length), s.body);
  return Buffer.concat(parts);
}

function readImports(body) {
  const r = reader(body);
  const n = r.u();
  const out = [];
  for (let i = 0; i < n; i++) {
    const module = r.str();
    const name = r.str();
    const start = r.at;
    const kind = r.byte();
    if (kind === 0) r.u(); // function: its type
    else if (kind === 1) (r.byte(), r.limits()); // table: element type, limits
    else if (kind === 2) r.limits(); // memory
    else if (kind === 3) (r.byte(), r.byte()); // global: type, mutability
    else if (kind === 4) (r.byte(), r.u()); // tag
    else throw new Error(`trim.mjs: an import of kind ${kind}`);
    out.push({ module, name, desc: body.subarray(start, r.at) });
  }
  return out;
}

function writeImports(entries) {
  return Buffer.concat([uleb(entries.length), ...entries.flatMap((e) => [str(e.module), str(e.name), e.desc])]);
}

function readExports(body) {
  const r = reader(body);
  const n = r.u();
  const out = [];
  for (let i = 0; i < n; i++) {
    const name = r.str();
    const start = r.at;
    r.byte();
    r.u();
    out.push({ name, desc: body.subarray(start, r.at) });
  }
  return out;
}

function writeExports(entries) {
  return Buffer.concat([uleb(entries.length), ...entries.flatMap((e) => [str(e.name), e.desc])]);
}

function reader(bytes) {
  const r = {
    at: 0,
    byte: () => bytes[r.at++],
    u: () => {
      const [v, next] = leb(bytes, r.at);
      r.at = next;
      return v;
    },
    str: () => {
      const n = r.u();
      const s = Buffer.from(bytes.subarray(r.at, r.at + n)).toString("utf8");
      r.at += n;
      return s;
    },
    limits: () => {
      const flags = r.byte();
      r.u();
      if (flags & 1) r.u();
    },
  };
  return r;
}

function leb(bytes, at) {
  let v = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    v += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [v, at];
  }
}

function uleb(v) {
  const out = [];
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Uint8Array.from(out);
}

function str(s) {
  const b = Buffer.from(s, "utf8");
  return Buffer.concat([uleb(b.length), b]);
}
