// The benchmark driver behind scripts/bench: drives headless Chromium over CDP against running
// sandboxes and prints (and optionally writes to BENCHMARKS.md) a table with PASS/FAIL budgets.
//
// Usage: node --experimental-websocket scripts/bench.mjs --dist DIR --small URL,KEY --large URL,KEY
//        [--runs N] [--rate-seconds S] [--write BENCHMARKS.md] [--command "..."] [--json out.json]
// URL is the sandbox origin (http://127.0.0.1:PORT); KEY its API key. "small" is 50 x 6, "large"
// 1,000 x 10. See BENCHMARKS.md for what every figure means.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { cpus, totalmem, loadavg } from "node:os";
import { execSync } from "node:child_process";
import { Browser, sleep } from "./cdp.mjs";
import { shipped, KINDS } from "./shipped.mjs";

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const DIST = opt("--dist", "dist");
const RUNS = Number(opt("--runs", "9"));
const RATE_SECONDS = Number(opt("--rate-seconds", "60"));
const WRITE = opt("--write", null);
const COMMAND = opt("--command", "scripts/bench");
const JSON_OUT = opt("--json", null);
// For debugging the driver: only these steps (load,memory,search,scroll,open,palette,rate,project,activity,lastdeploy,returning).
const ONLY = opt("--only", null)?.split(",");
const step = (name) => !ONLY || ONLY.includes(name);
const sizes = {};
for (const [flag, label, projects, services] of [
  ["--small", "small", 50, 6],
  ["--large", "large", 1000, 10],
  ["--wide", "wide", 1, 500],
]) {
  const v = opt(flag, null);
  if (v) {
    const [url, key] = v.split(",");
    sizes[label] = { url, key, projects, services, label: `${projects} x ${services}` };
  }
}
const log = (...a) => console.error("[bench]", ...a);
// "URL,KEY;URL,KEY;URL,KEY": the activity center's instances (the first serves Skiff).
const history = opt("--history", null)?.split(";").map((v) => { const [url, key] = v.split(","); return { url, key }; });

// ---------------------------------------------------------------------------------------------
// Bytes shipped (static: the files of the dist, compressed as a server would), by kind, for
// the first view and for the full build loaded when a page needs it (scripts/shipped.mjs).
function bytesShipped(dist) {
  const s = shipped(dist);
  const byKind = {};
  for (const k of KINDS) byKind[k.slice(1)] = { raw: 0, gzip: 0, br: 0, files: 0 };
  for (const f of s.files.filter((f) => f.first)) {
    const k = byKind[f.kind];
    k.files += 1;
    for (const m of ["raw", "gzip", "br"]) k[m] += f[m];
  }
  return { byKind, total: s.first, later: s.later, settings: s.settings };
}

// ---------------------------------------------------------------------------------------------
// Page-side helpers, installed before any script of the page runs.
const PAGE_HOOKS = `
(() => {
  window.__bench = { paints: [], wasm: null };
  addEventListener("TrunkApplicationStarted", (e) => { window.__bench.wasm = e.detail && e.detail.wasm; });
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.paints.push({ id: e.identifier, t: e.renderTime || e.loadTime }); })
      .observe({ type: "element", buffered: true });
  } catch (e) {}
  // First time a project card is in the DOM, and the frame after it (a paint-time fallback);
  // the same for a card of the overview kept from the last visit (src/kept.rs).
  const mo = new MutationObserver(() => {
    const b = window.__bench;
    if (!b.keptInDom && document.querySelector('[data-kept-test="project-card"]')) {
      b.keptInDom = performance.now();
      requestAnimationFrame(() => { b.keptFrame = performance.now(); });
    }
    if (b.cardInDom) return;
    if (document.querySelector('[data-test="project-card"]')) {
      b.cardInDom = performance.now();
      requestAnimationFrame(() => { b.cardFrame = performance.now(); });
      mo.disconnect();
    }
  });
  document.addEventListener("DOMContentLoaded", () => mo.observe(document.body, { childList: true, subtree: true }));
  /// Resolves with performance.now() when cond() holds, checked on each DOM change.
  window.__bench.when = (cond, timeout = 30000) => new Promise((resolve, reject) => {
    if (cond()) return resolve(performance.now());
    const t = setTimeout(() => { o.disconnect(); reject(new Error("timeout: " + cond)); }, timeout);
    const o = new MutationObserver(() => { if (cond()) { clearTimeout(t); o.disconnect(); resolve(performance.now()); } });
    o.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  });
  window.__bench.frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
})();
`;

const CARD = '[data-test="project-card"]';

async function stats(url) {
  const r = await fetch(url + "/__sandbox/stats");
  return r.json();
}
async function resetStats(url) {
  await fetch(url + "/__sandbox/stats/reset", { method: "POST" });
}

/// A fresh browser whose only state is Skiff's localStorage for `size`: the key is written from
/// a same-origin page that is not Skiff (/__sandbox/stats), so no Skiff file was ever fetched.
async function freshBrowserWithKey(size) {
  const browser = await Browser.launch();
  const page = await browser.newPage();
  await page.navigate(size.url + "/__sandbox/stats");
  const instances = [{ id: "bench", name: "Bench sandbox", url: size.url + "/api", auth: "ApiKey", key_store: "Local" }];
  await page.eval(`localStorage.setItem("skiff.instances.v1", ${JSON.stringify(JSON.stringify(instances))});
    localStorage.setItem("skiff.key.bench", ${JSON.stringify(size.key)});
    localStorage.setItem(${JSON.stringify(`skiff.era.${size.url}/api`)}, Date.now() + "|v0.30.2");
    localStorage.setItem("skiff.last", "bench"); true`);
  await page.send("Network.enable");
  await page.send("Network.clearBrowserCache");
  await page.send("Page.addScriptToEvaluateOnNewDocument", { source: PAGE_HOOKS });
  await page.navigate("about:blank");
  return { browser, page };
}

/// One cold load of `/` to the projects list; returns the timings (ms from navigation start).
async function coldLoad(size) {
  const { browser, page } = await freshBrowserWithKey(size);
  const requests = [];
  page.on("Network.requestWillBeSent", (p) => requests.push({ id: p.requestId, url: p.request.url, t: p.timestamp }));
  const fromCache = [];
  page.on("Network.responseReceived", (p) => {
    if (p.response.fromDiskCache || p.response.fromPrefetchCache) fromCache.push(p.response.url);
  });
  try {
    await page.navigate(size.url + "/", { waitLoad: false });
    await page.until(`document.querySelector('${CARD}') !== null`, 30000, "the projects list");
    await sleep(300); // let the paint entries arrive
    const r = await page.eval(`(async () => {
      const nav = performance.getEntriesByType("navigation")[0];
      const res = performance.getEntriesByType("resource").map((e) => ({ name: e.name, type: e.initiatorType, start: e.startTime, end: e.responseEnd, size: e.transferSize }));
      const mark = (n) => { const m = performance.getEntriesByName(n, "mark")[0]; return m ? m.startTime : null; };
      const paints = window.__bench.paints.filter((p) => p.id === "skiff-list").map((p) => p.t).filter((t) => t > 0);
      return { nav: { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd },
        res, wasmStart: mark("skiff:wasm-start"), apiAnswer: mark("skiff:api-answer"), prepared: mark("skiff:prepared"), listRendered: mark("skiff:list-rendered"),
        cardInDom: window.__bench.cardInDom, cardFrame: window.__bench.cardFrame,
        listPaint: paints.length ? Math.min(...paints) : null };
    })()`);
    const is = (re) => r.res.filter((e) => re.test(e.name));
    // The first view's files (keys.js and the full build load after the list).
    const bundle = [...is(/\/skiff-[0-9a-f]+(_bg\.wasm|\.js)$/), ...is(/\/main-[0-9a-f]+\.css$/)];
    const api = is(/\/api\/project\.all/)[0];
    const visible = r.listPaint ?? r.cardFrame;
    const bundleEnd = Math.max(r.nav.responseEnd, ...bundle.map((e) => e.end));
    // Requests that started before the list was visible (the document counts as one).
    const before = 1 + r.res.filter((e) => e.start < visible).length;
    return {
      bundleLoaded: bundleEnd,
      wasmStart: r.wasmStart,
      apiStart: api ? api.start : null,
      apiAnswer: api ? api.end : null,
      apiDecoded: r.apiAnswer,
      prepared: r.prepared,
      listRendered: r.listRendered ?? r.cardInDom,
      visible,
      visibleFrom: r.listPaint ? "element timing" : "next frame",
      requestsBeforeVisible: before,
      requestUrls: [size.url + "/", ...r.res.filter((e) => e.start < visible).map((e) => e.name)],
      // A waterfall: the API call waits for something other than the wasm starting.
      apiWait: api && r.wasmStart !== null ? api.start - r.wasmStart : null,
      fromCache,
      domContentLoaded: r.nav.domContentLoaded,
    };
  } finally {
    await browser.close();
  }
}

/// A returning user: one browser loads `/` to the projects list (cold), then loads it again
/// as it is (warm: the files in the HTTP cache, the compiled code cached, the overview kept),
/// then with project.all 3 s slow, then with every API request refused. Each later load is
/// timed from navigation to the list visible (the next frame after its first card): the live
/// list for the warm load, the kept one for the other two.
async function returningLoads(size) {
  const { browser, page } = await freshBrowserWithKey(size);
  const faults = (spec) => fetch(size.url + "/__sandbox/faults", { method: "POST", body: JSON.stringify({ faults: spec }) });
  const timed = async (kept) => {
    await page.navigate(size.url + "/", { waitLoad: false });
    const key = kept ? "keptFrame" : "cardFrame";
    await page.until(`window.__bench && window.__bench.${key} !== undefined`, 30000, kept ? "the kept list" : "the projects list");
    return page.eval(`window.__bench.${key}`);
  };
  try {
    await timed(false);
    await page.until(`(localStorage.getItem("skiff.kept.bench") || "").includes("project-card")`, 10000, "the overview kept");
    const warm = await timed(false);
    await faults("project.all:latency=3000:1");
    const delayed = await timed(true);
    await faults("*:refuse:1");
    const down = await timed(true);
    return { warm, delayed, down };
  } finally {
    await faults("");
    await browser.close();
  }
}

/// Memory after load: JS heap (V8, after a GC) and the wasm linear memory.
async function memoryAfterLoad(size) {
  const { browser, page } = await freshBrowserWithKey(size);
  try {
    await page.navigate(size.url + "/", { waitLoad: false });
    await page.until(`document.querySelector('${CARD}') !== null`, 60000, "the projects list");
    await sleep(1500);
    await page.send("HeapProfiler.enable");
    await page.send("HeapProfiler.collectGarbage");
    await sleep(200);
    const heap = await page.send("Runtime.getHeapUsage");
    const wasm = await page.eval(`(() => { const w = window.__bench.wasm; return w && w.memory ? w.memory.buffer.byteLength : null; })()`);
    return { jsHeap: heap.usedSize, wasm };
  } finally {
    await browser.close();
  }
}

/// Page-side timing of keystrokes in the input `css` (focused): each key's keydown time, when
/// the list under <main> last changed, the next frame, and when the input event was processed.
function keyHooks(css) {
  return `(() => {
      const b = window.__bench; b.keys = [];
      addEventListener("keydown", (e) => { b.keys.push({ t0: e.timeStamp, dom: null, settled: null, frame: null });
        const k = b.keys[b.keys.length - 1];
        requestAnimationFrame(() => { k.frame = performance.now(); }); }, true);
      // After the input event's task and its microtasks (where the app's reactive updates
      // run): the list is up to date, whether or not it had to change. Measured by Event
      // Timing (the input event's processingEnd, after its microtasks) when the browser
      // reports the event (those of 16 ms and more), else by a message posted from the input
      // handler (which a rendering step can delay, so it only stands in for fast keys).
      addEventListener("input", () => { const k = b.keys[b.keys.length - 1]; const ch = new MessageChannel();
        ch.port1.onmessage = () => { k.settled = performance.now(); }; ch.port2.postMessage(0); }, true);
      new PerformanceObserver((l) => { for (const e of l.getEntries()) {
        if (e.name !== "input") continue;
        const k = [...b.keys].reverse().find((k) => k.t0 <= e.startTime + 1);
        if (k) { k.processed = e.processingEnd; k.painted = e.startTime + e.duration; }
      } }).observe({ type: "event", durationThreshold: 16, buffered: true });
      new MutationObserver(() => { const k = b.keys[b.keys.length - 1]; if (k) k.dom = performance.now(); })
        .observe(document.querySelector("main"), { childList: true, subtree: true, characterData: true, attributes: true });
      document.querySelector(${JSON.stringify(css)}).focus(); return true; })()`;
}

/// Types `text` one key at a time into the input `keyHooks` focused, 400 ms apart; each key's
/// time to the list updated, to the next frame and to painted, and the `rows` shown after it.
async function typeKeys(page, text, rows) {
  const keys = [];
  for (const ch of text) {
    await page.send("Input.dispatchKeyEvent", { type: "keyDown", key: ch, text: ch, unmodifiedText: ch });
    await page.send("Input.dispatchKeyEvent", { type: "keyUp", key: ch });
    await sleep(400);
    keys.push({ ch, ...(await page.eval(`(() => { const b = window.__bench; const k = b.keys[b.keys.length - 1];
      const done = Math.max(k.processed ?? k.settled ?? 0, k.dom ?? 0);
      return { dom: done ? done - k.t0 : null, frame: k.frame - k.t0, painted: k.painted ? k.painted - k.t0 : null,
        rows: document.querySelectorAll('${rows}').length }; })()`)) });
  }
  return keys;
}

/// Typing in the overview search: one keystroke at a time, each timed from the keydown event to
/// the list being updated (last DOM change) and to the next frame.
async function searchKeystrokes(size, text) {
  const { browser, page } = await freshBrowserWithKey(size);
  try {
    await page.navigate(size.url + "/", { waitLoad: false });
    await page.until(`document.querySelector('${CARD}') !== null`, 60000, "the projects list");
    await sleep(1000);
    await page.eval(keyHooks("#project-search"));
    await resetStats(size.url);
    const started = Date.now();
    const out = [];
    for (const ch of text) {
      await page.send("Input.dispatchKeyEvent", { type: "keyDown", key: ch, text: ch, unmodifiedText: ch });
      await page.send("Input.dispatchKeyEvent", { type: "keyUp", key: ch });
      await sleep(400);
      const k = await page.eval(`(() => { const b = window.__bench; const k = b.keys[b.keys.length - 1];
        const done = Math.max(k.processed ?? k.settled ?? 0, k.dom ?? 0);
        return { dom: done ? done - k.t0 : null, mutated: k.dom !== null, frame: k.frame - k.t0,
          painted: k.painted ? k.painted - k.t0 : null,
          cards: document.querySelectorAll('${CARD}').length, value: document.getElementById("project-search").value,
          hash: location.hash }; })()`);
      out.push({ ch, ...k });
    }
    const st = await stats(size.url);
    // Typing asks nothing; the 15 s refresh may fall inside the typing time.
    const refreshes = Math.floor((Date.now() - started) / 15000);
    // project.one: the rounds that fill in the databases project.all gives as bare ids follow
    // the refreshes (and the load), not the keys (src/pages/projects.rs, fill_details).
    const details = st.procedures["project.one"] || 0;
    return { keys: out, requests: st.total - details, details, projectAll: st.procedures["project.all"] || 0, refreshes };
  } finally {
    await browser.close();
  }
}

/// The activity center over every instance (`#/activity`): how long after the last instance's
/// answer (the response end of its `deployment.allCentralized`) the first screen of rows is
/// drawn (last DOM change, then the next frame), and typing a filter one key at a time (keydown
/// to the list updated and to the next frame), at 10,080 deployments across three instances.
async function activityCenter(instances, text) {
  const browser = await Browser.launch();
  const page = await browser.newPage();
  try {
    await page.navigate(instances[0].url + "/__sandbox/stats");
    const list = instances.map((s, i) => ({ id: `h${i + 1}`, name: `History ${i + 1}`, url: s.url + "/api", auth: "ApiKey", key_store: "Local" }));
    await page.eval(`localStorage.setItem("skiff.instances.v1", ${JSON.stringify(JSON.stringify(list))});
      ${instances.map((s, i) => `localStorage.setItem("skiff.key.h${i + 1}", ${JSON.stringify(s.key)});`).join("\n")}
      localStorage.setItem("skiff.last", "h1"); true`);
    await page.send("Page.addScriptToEvaluateOnNewDocument", { source: PAGE_HOOKS + `
      window.__bench.mutations = [];
      document.addEventListener("DOMContentLoaded", () => new MutationObserver(() => window.__bench.mutations.push(performance.now()))
        .observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true }));` });
    await page.navigate(instances[0].url + "/#/activity", { waitLoad: false });
    const rows = '[data-test="activity-row"]';
    await page.until(`performance.getEntriesByType("resource").filter((e) => e.name.includes("deployment.allCentralized")).length >= ${instances.length}
      && document.querySelectorAll('${rows}').length > 0`, 120000, "the activity rows");
    await sleep(2000);
    const first = await page.eval(`(() => {
      const answers = performance.getEntriesByType("resource").filter((e) => /deployment\.(allCentralized|queueList)/.test(e.name));
      const data = Math.max(...answers.map((e) => e.responseEnd));
      const after = window.__bench.mutations.filter((t) => t >= data && t < data + 1500);
      return { data, drawn: after.length ? Math.max(...after) - data : 0, rows: document.querySelectorAll('${rows}').length,
        total: document.querySelector('[data-test="activity-count"]')?.textContent ?? null };
    })()`);
    await page.eval(keyHooks('[data-test="activity-search"]'));
    const keys = await typeKeys(page, text, rows);
    return { ...first, keys };
  } finally {
    await browser.close();
  }
}

/// The overview's last deployments (issue 24): the overview of an instance of 84 projects and
/// 3,360 deployments, as a user who connected to it opens it (its version remembered, so the
/// cards ask `deployment.allCentralized`): from that answer's response end to the cards' lines
/// drawn (the last DOM change after it), and the longest task of the main thread meanwhile.
async function lastDeployments(size) {
  const { browser, page } = await freshBrowserWithKey(size);
  try {
    await page.send("Page.addScriptToEvaluateOnNewDocument", { source: `
      window.__mutations = []; window.__tasks = [];
      try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([e.startTime, e.duration]); })
        .observe({ type: "longtask", buffered: true }); } catch (e) {}
      document.addEventListener("DOMContentLoaded", () => new MutationObserver(() => window.__mutations.push(performance.now()))
        .observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true }));` });
    await page.navigate(size.url + "/", { waitLoad: false });
    await page.until(`document.querySelector('[data-test="card-last-deploy"]') !== null`, 60000, "the cards' last deployments");
    await sleep(1500);
    return await page.eval(`(() => {
      const answer = performance.getEntriesByType("resource").find((e) => e.name.includes("deployment.allCentralized"));
      const data = answer.responseEnd;
      const after = window.__mutations.filter((t) => t >= data && t < data + 1500);
      const during = window.__tasks.filter(([t, d]) => t + d >= data).map(([, d]) => d);
      return { bytes: answer.encodedBodySize, decoded: answer.decodedBodySize, drawn: after.length ? Math.max(...after) - data : null,
        longest: during.length ? Math.max(...during) : 0, lines: document.querySelectorAll('[data-test="card-last-deploy"]').length };
    })()`);
  } finally {
    await browser.close();
  }
}

/// A project page of 500 services (one environment): typing in its filter box, one key at a
/// time, each timed from the keydown event to the list being updated and to the next frame.
async function projectFilter(size, text) {
  const { browser, page } = await freshBrowserWithKey(size);
  try {
    await page.navigate(size.url + "/", { waitLoad: false });
    await page.until(`document.querySelector('${CARD} a.card__title') !== null`, 60000, "the projects list");
    const href = await page.eval(`document.querySelector('${CARD} a.card__title').getAttribute("href")`);
    await page.eval(`(() => { location.hash = ${JSON.stringify(href)}; return true; })()`);
    const rows = '[data-test="service-row"]:not([hidden])';
    await page.until(`document.querySelectorAll('${rows}').length === ${size.services}`, 60000, "the project's services");
    await sleep(1000);
    await page.eval(keyHooks('[data-test="service-filter"]'));
    const keys = await typeKeys(page, text, rows);
    return { keys };
  } finally {
    await browser.close();
  }
}

/// The command palette over an instance of 10,000 services (`#/find`): typing one key at a
/// time, each timed from the keydown event to the results being updated and to the next frame
/// (the entries are built once, when the palette opens; no request per keystroke).
async function paletteKeystrokes(size, text) {
  const { browser, page } = await freshBrowserWithKey(size);
  try {
    await page.navigate(size.url + "/#/find", { waitLoad: false });
    const rows = '[data-test="palette-item"]';
    await page.until(`document.querySelector('${rows}') !== null && !document.querySelector('.palette__foot').textContent.includes('Reading')`, 120000, "the palette's entries");
    await sleep(1500);
    await resetStats(size.url);
    await page.eval(keyHooks('[data-test="palette-input"]'));
    const keys = await typeKeys(page, text, rows);
    const st = await stats(size.url);
    const first = await page.eval(`document.querySelector('${rows} .palette__label')?.textContent ?? null`);
    return { keys, first, requests: st.total };
  } finally {
    await browser.close();
  }
}

/// Scrolling the overview to the end (with every "Show more" page opened up to `cards` cards):
/// frame intervals during a synthetic scroll gesture.
async function scrolling(size, cards) {
  const { browser, page } = await freshBrowserWithKey(size);
  try {
    await page.navigate(size.url + "/", { waitLoad: false });
    await page.until(`document.querySelector('${CARD}') !== null`, 60000, "the projects list");
    await sleep(500);
    const showMore = [];
    for (;;) {
      const n = await page.eval(`document.querySelectorAll('${CARD}').length`);
      if (n >= cards) break;
      const t = await page.eval(`(async () => {
        const btn = [...document.querySelectorAll("main button")].find((b) => b.textContent.startsWith("Show more"));
        if (!btn) return null;
        const before = document.querySelectorAll('${CARD}').length;
        const t0 = performance.now(); btn.click();
        const dom = await window.__bench.when(() => document.querySelectorAll('${CARD}').length > before);
        const frame = await window.__bench.frame();
        return { dom: dom - t0, frame: frame - t0, cards: document.querySelectorAll('${CARD}').length };
      })()`);
      if (!t) break;
      showMore.push(t);
    }
    const shown = await page.eval(`document.querySelectorAll('${CARD}').length`);
    await page.eval(`window.scrollTo(0, 0); true`);
    await sleep(200);
    await page.eval(`(() => { const b = window.__bench; b.frames = []; b.scrolling = true;
      const tick = (t) => { b.frames.push(t); if (b.scrolling) requestAnimationFrame(tick); }; requestAnimationFrame(tick); return true; })()`);
    const height = await page.eval(`document.documentElement.scrollHeight - innerHeight`);
    await page.send("Input.synthesizeScrollGesture", {
      x: 640, y: 450, yDistance: -Math.min(height, 20000), speed: 3000, gestureSourceType: "mouse",
    });
    const f = await page.eval(`(() => { const b = window.__bench; b.scrolling = false;
      const d = []; for (let i = 1; i < b.frames.length; i++) d.push(b.frames[i] - b.frames[i - 1]); return { d, y: scrollY }; })()`);
    const d = f.d.sort((a, b) => a - b);
    return {
      shown,
      showMore,
      frames: d.length,
      p50: d[Math.floor(d.length / 2)],
      p95: d[Math.floor(d.length * 0.95)],
      max: d[d.length - 1],
      long: d.filter((x) => x > 50).length,
      scrolledTo: f.y,
    };
  } finally {
    await browser.close();
  }
}

/// From the overview, search a service and open it (client-side navigation) until its page
/// shows its data: the service's name in the heading and nothing left loading.
async function openService(size, query) {
  const { browser, page } = await freshBrowserWithKey(size);
  try {
    await page.navigate(size.url + "/", { waitLoad: false });
    await page.until(`document.querySelector('${CARD}') !== null`, 60000, "the projects list");
    // The bare address's URL becomes the overview's once the page is drawn.
    await page.until(`location.hash.startsWith("#/i/")`, 10000, "the overview's URL");
    const hash = await page.eval(`location.hash`);
    await page.eval(`(() => { location.hash = ${JSON.stringify(hash.split("?")[0])} + "?q=" + encodeURIComponent(${JSON.stringify(query)}); return true; })()`);
    await page.until(`document.querySelector('[data-test="matched-services"] a') !== null`, 30000, "a matched service");
    await sleep(500);
    await resetStats(size.url);
    const r = await page.eval(`(async () => {
      const a = document.querySelector('[data-test="matched-services"] a');
      const name = a.textContent.trim();
      const busy = () => document.querySelector('main .loading, main [aria-busy="true"], main .spinner, main .spinner-line');
      const t0 = performance.now();
      a.click();
      const dom = await window.__bench.when(() => !document.querySelector('${CARD}')
        && [...document.querySelectorAll("main h1")].some((h) => h.textContent.includes(name)) && !busy(), 30000);
      const frame = await window.__bench.frame();
      return { name, href: a.getAttribute("href"), dom: dom - t0, frame: frame - t0 };
    })()`);
    await sleep(1000);
    const st = await stats(size.url);
    return { ...r, procedures: st.procedures };
  } finally {
    await browser.close();
  }
}

/// API requests while the overview stays open: `seconds` visible, then `seconds` with another
/// tab in front (the overview's tab is hidden: document.visibilityState === "hidden").
async function requestRate(size, seconds) {
  const { browser, page } = await freshBrowserWithKey(size);
  try {
    await page.navigate(size.url + "/", { waitLoad: false });
    await page.until(`document.querySelector('${CARD}') !== null`, 60000, "the projects list");
    await sleep(1000);
    await resetStats(size.url);
    await sleep(seconds * 1000);
    const visible = await stats(size.url);
    const other = await browser.newPage();
    await browser.send("Target.activateTarget", { targetId: other.targetId });
    await sleep(300);
    const state = await page.eval(`document.visibilityState`);
    await resetStats(size.url);
    await sleep(seconds * 1000);
    const hidden = await stats(size.url);
    await browser.send("Target.activateTarget", { targetId: page.targetId });
    await sleep(1000);
    const back = await stats(size.url);
    const perMin = (s) => (s.total * 60) / seconds;
    return {
      seconds,
      visible: { total: visible.total, perMinute: perMin(visible), procedures: visible.procedures },
      hidden: { state, total: hidden.total, perMinute: perMin(hidden), procedures: hidden.procedures },
      onReturn: back.total - hidden.total,
    };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------
const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const range = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined);
  return s.length ? [Math.min(...s), Math.max(...s)] : [null, null];
};
const ms = (x) => (x === null || x === undefined ? "n/a" : `${Math.round(x)} ms`);
const ms1 = (x) => (x === null || x === undefined ? "n/a" : `${x.toFixed(1)} ms`);
const kb = (n) => (n / 1024).toFixed(1);
const mb = (n) => (n === null || n === undefined ? "n/a" : (n / 1048576).toFixed(1) + " MB");

function machine() {
  const cpu = cpus()[0]?.model?.trim() || "unknown CPU";
  let chromium = "";
  try {
    chromium = execSync("/usr/bin/chromium --version 2>/dev/null", { encoding: "utf8" }).trim();
  } catch {}
  return `${cpus().length} cores (nproc), ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM; ${chromium}; Node ${process.version}`;
}

/// The 1-minute load average: other work on the machine slows every timing below.
function load() {
  return loadavg()[0].toFixed(2);
}

async function main() {
  const results = { date: new Date().toISOString().replace(/\.\d+Z$/, "Z"), machine: machine(), command: COMMAND, runs: RUNS, loadBefore: load() };
  log("bytes shipped:", DIST);
  results.bytes = bytesShipped(DIST);

  for (const [label, size] of Object.entries(sizes)) {
    // The wide project is there for the project page's filter only.
    if (label === "wide") continue;
    const loads = [];
    for (let i = 0; i < (step("load") ? RUNS : 0); i++) {
      log(`cold load ${size.label} (${i + 1}/${RUNS})`);
      loads.push(await coldLoad(size));
    }
    results[label] = { size: size.label, loads };
    if (step("memory")) {
      log(`memory ${size.label}`);
      results[label].memory = await memoryAfterLoad(size);
    }
  }
  if (sizes.large) {
    if (step("search")) {
      log("search keystrokes at", sizes.large.label);
      results.large.search = await searchKeystrokes(sizes.large, "project-09");
    }
    if (step("scroll")) {
      log("scrolling at", sizes.large.label);
      results.large.scroll = await scrolling(sizes.large, 240);
    }
    if (step("open")) {
      log("open a service at", sizes.large.label);
      results.large.openService = await openService(sizes.large, "project-0999 compose");
    }
    if (step("palette")) {
      log("palette keystrokes at", sizes.large.label);
      results.large.palette = await paletteKeystrokes(sizes.large, "cmp0999");
    }
  }
  if (sizes.small && step("returning")) {
    const runs = [];
    for (let i = 0; i < Math.min(RUNS, 5); i++) {
      log(`returning user at ${sizes.small.label} (${i + 1})`);
      runs.push(await returningLoads(sizes.small));
    }
    results.small.returning = runs;
  }
  if (sizes.small) {
    if (step("open")) {
      log("open a service at", sizes.small.label);
      results.small.openService = await openService(sizes.small, "project-0042 application");
    }
    if (step("rate")) {
      log(`requests per minute at ${sizes.small.label} (${RATE_SECONDS} s visible, ${RATE_SECONDS} s hidden)`);
      results.small.rate = await requestRate(sizes.small, RATE_SECONDS);
    }
  }
  if (sizes.wide && step("project")) {
    log("project page filter at", sizes.wide.label);
    results.project = await projectFilter(sizes.wide, "postgres-12");
  }
  if (history && step("activity")) {
    log("activity center across", history.length, "instances");
    results.activity = await activityCenter(history, "project-0042");
  }
  if (history && step("lastdeploy")) {
    log("the overview's last deployments at", history[0].url);
    results.lastDeploy = await lastDeployments(history[0]);
  }
  results.loadAfter = load();
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
  const md = report(results);
  console.log(md);
  if (WRITE) writeBenchmarks(WRITE, md);
}

function loadTable(loads) {
  const rows = [
    ["API request sent (by index.html, with the page)", "apiStart"],
    ["API answered (response end)", "apiAnswer"],
    ["document + bundle loaded", "bundleLoaded"],
    ["wasm instantiated (main runs)", "wasmStart"],
    ["answer decoded (text to wasm, JSON decoded)", "apiDecoded"],
    ["overview prepared (cards, orders, totals)", "prepared"],
    ["list rendered (DOM)", "listRendered"],
    ["list visible (painted)", "visible"],
  ];
  const lines = ["| step (ms from navigation start) | median | min - max |", "|---|---:|---:|"];
  for (const [name, key] of rows) {
    const xs = loads.map((l) => l[key]);
    const [lo, hi] = range(xs);
    lines.push(`| ${name} | ${ms(median(xs))} | ${ms(lo)} - ${ms(hi)} |`);
  }
  return lines.join("\n");
}

function report(r) {
  const out = [];
  const budgets = [];
  const budget = (name, pass, value) => budgets.push(`| ${pass === null ? "n/a" : pass ? "PASS" : "FAIL"} | ${name} | ${value} |`);
  out.push(`Date: ${r.date}  `);
  out.push(`Machine: ${r.machine}; load average ${r.loadBefore} at the start, ${r.loadAfter} at the end (other work on the machine slows every timing)  `);
  out.push(`Command: \`${r.command}\` (${r.runs} cold loads per size)\n`);

  out.push("#### Bytes shipped for the first view (index.html and the files it links; the full build loads when a page needs it)\n");
  out.push("| kind | files | raw KB | gzip KB | brotli KB |\n|---|---:|---:|---:|---:|");
  for (const [k, v] of Object.entries(r.bytes.byKind)) out.push(`| ${k} | ${v.files} | ${kb(v.raw)} | ${kb(v.gzip)} | ${kb(v.br)} |`);
  const t = r.bytes.total;
  out.push(`| total | | ${kb(t.raw)} | ${kb(t.gzip)} | ${kb(t.br)} |`);
  const l = r.bytes.later;
  if (l) out.push(`| full build, loaded when needed (not in the first view) | | ${kb(l.raw)} | ${kb(l.gzip)} | ${kb(l.br)} |`);
  const st = r.bytes.settings;
  if (st) out.push(`| settings build, loaded when the settings open | | ${kb(st.raw)} | ${kb(st.gzip)} | ${kb(st.br)} |`);
  out.push("");
  budget("first view shipped < 150 KB brotli", t.br < 150 * 1024, `${kb(t.br)} KB`);

  for (const label of ["small", "large"]) {
    const s = r[label];
    if (!s || !s.loads.length) continue;
    out.push(`#### Cold load to the projects list, ${s.size} (${s.loads.length} runs)\n`);
    out.push(loadTable(s.loads));
    const reqs = s.loads.map((l) => l.requestsBeforeVisible);
    const cached = s.loads.flatMap((l) => l.fromCache);
    out.push(`\nRequests before the list is visible: ${[...new Set(reqs)].join(", ")} (${s.loads[0].requestUrls.map((u) => u.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*/, "")).join(", ")}).` +
      ` DOMContentLoaded ${ms(median(s.loads.map((l) => l.domContentLoaded)))}. Visible measured by ${s.loads[0].visibleFrom}.` +
      (cached.length ? ` WARNING: served from cache: ${cached.join(", ")}` : " Nothing came from a cache."));
    if (s.memory) out.push(`Memory after load: JS heap ${mb(s.memory.jsHeap)}, wasm memory ${mb(s.memory.wasm)}, together ${mb(s.memory.jsHeap + (s.memory.wasm || 0))}.\n`);
    const vis = median(s.loads.map((l) => l.visible));
    // The answer may be in before the wasm runs (index.html sends the request with the page):
    // what Skiff does with an answer counts from when it can have it, the later of the two.
    const sinceAnswer = (l) => l.visible - Math.max(l.apiAnswer, l.wasmStart ?? l.apiAnswer);
    const after = median(s.loads.map(sinceAnswer));
    out.push(`List visible after the API answer (response end): ${ms(median(s.loads.map((l) => l.visible - l.apiAnswer)))}; after main started: ${ms(median(s.loads.map((l) => l.visible - l.wasmStart)))}; after the later of the two: ${ms(after)}.\n`);
    const maxReq = Math.max(...reqs);
    const wait = median(s.loads.map((l) => l.apiWait));
    const memTotal = s.memory ? s.memory.jsHeap + (s.memory.wasm || 0) : null;
    if (label === "small") {
      budget(`${s.size}: cold load to list visible < 320 ms (median)`, vis < 320, ms(vis));
      budget(`${s.size}: list visible within 50 ms of the API answer (median; from the answer or main starting, the later)`, after < 50, ms(after));
      budget(`${s.size}: at most 5 requests before the list is visible`, maxReq <= 5, String(maxReq));
      budget(`${s.size}: no waterfall: API request starts as the wasm runs (< 10 ms after main, or before it)`, wait !== null && wait < 10, wait !== null && wait < 0 ? `${ms1(-wait)} before main` : ms1(wait));
      if (memTotal !== null) budget(`${s.size}: JS heap + wasm memory < 11 MB`, memTotal < 11 * 1048576, mb(memTotal));
    } else {
      budget(`${s.size}: overview rendered < 100 ms after the answer (median, decode + render + paint; from the answer or main starting, the later)`, after < 100, ms(after));
      if (memTotal !== null) budget(`${s.size}: JS heap + wasm memory < 50 MB`, memTotal < 50 * 1048576, mb(memTotal));
    }
  }

  const back = r.small?.returning;
  if (back) {
    const m = (k) => median(back.map((x) => x[k]));
    out.push(`#### A returning user at ${r.small.size}\n`);
    out.push("The same browser loads the overview again (its files cached, its code compiled, the last overview kept: src/kept.rs); the median of " + back.length + " runs, from navigation to the list visible:\n");
    out.push("| load | list visible |\n|---|---:|");
    out.push(`| warm (nothing slow): the live list | ${ms(m("warm"))} |`);
    out.push(`| project.all delayed 3 s: the kept list | ${ms(m("delayed"))} |`);
    out.push(`| every API request refused: the kept list | ${ms(m("down"))} |\n`);
    budget(`${r.small.size}: returning user, API delayed 3 s: the last overview visible < 250 ms`, m("delayed") < 250, ms(m("delayed")));
    budget(`${r.small.size}: returning user, API down: the last overview visible < 250 ms`, m("down") < 250, ms(m("down")));
  }
  const L = r.large;
  if (L?.search) {
    out.push(`#### Search keystrokes at ${L.size} (10,000 services), typing "${L.search.keys.map((k) => k.ch).join("")}"\n`);
    out.push("| key | to list updated | to next frame | to painted (Event Timing, keys of 16 ms and more) | cards shown | list changed |\n|---|---:|---:|---:|---:|---|");
    for (const k of L.search.keys) out.push(`| \`${k.ch}\` | ${ms1(k.dom)} | ${ms1(k.frame)} | ${k.painted == null ? "under 16 ms" : ms1(k.painted)} | ${k.cards} | ${k.mutated ? "yes" : "no"} |`);
    const doms = L.search.keys.map((k) => k.dom);
    out.push(`\nMedian ${ms1(median(doms))}, max ${ms1(Math.max(...doms))}; requests while typing: ${L.search.requests} (project.all ${L.search.projectAll}; refreshes due: ${L.search.refreshes}; besides, ${L.search.details} project.one of the database rounds).\n`);
    const worst = Math.max(...doms.map((d) => d ?? Infinity));
    budget(`${L.size}: search keystroke < 16 ms (every key, keydown to list updated)`, worst < 16, `median ${ms1(median(doms))}, max ${ms1(worst)}`);
    budget(`${L.size}: typing sends no request (beyond the 15 s refresh)`, L.search.requests <= L.search.refreshes, `${L.search.requests} while typing`);
  }
  if (L?.scroll) {
    const s = L.scroll;
    out.push(`#### Scrolling at ${L.size}\n`);
    out.push(`"Show more" clicks up to ${s.shown} cards: ${s.showMore.map((x) => `${ms(x.dom)}`).join(", ")} each (click to DOM updated).  `);
    out.push(`Scrolling ${s.shown} cards top to bottom: ${s.frames} frames, p50 ${ms1(s.p50)}, p95 ${ms1(s.p95)}, max ${ms1(s.max)}, frames over 50 ms: ${s.long}.\n`);
    budget(`${L.size}: scroll without jank (p95 frame < 20 ms, none over 50 ms)`, s.p95 < 20 && s.long === 0, `p95 ${ms1(s.p95)}, ${s.long} long`);
    const worst = Math.max(0, ...s.showMore.map((x) => x.dom));
    budget(`${L.size}: "Show more" < 100 ms`, worst < 100, ms(worst));
  }
  for (const label of ["small", "large"]) {
    const o = r[label]?.openService;
    if (!o) continue;
    out.push(`Opening a service from the overview at ${r[label].size} (client-side, \`${o.href}\`): data visible after ${ms(o.dom)} (next frame ${ms(o.frame)}). Requests from the click: ${Object.entries(o.procedures).map(([k, v]) => `${k} ${v}`).join(", ")}.\n`);
  }
  const R = r.small?.rate;
  if (R) {
    out.push(`#### API requests at ${r.small.size}, overview open\n`);
    out.push(`Visible for ${R.seconds} s: ${R.visible.total} requests (${R.visible.perMinute.toFixed(1)}/min): ${JSON.stringify(R.visible.procedures)}.  `);
    out.push(`Hidden (another tab in front, visibilityState "${R.hidden.state}") for ${R.seconds} s: ${R.hidden.total} requests (${R.hidden.perMinute.toFixed(1)}/min). On return: ${R.onReturn} request(s) at once.\n`);
    // Besides project.all, only the bounded rounds of project.one that fill in the databases
    // project.all gives as bare ids (v0.25+): at most 24 per refresh, and one
    // deployment.allCentralized a minute for the cards' last deployments (src/pages/projects.rs).
    const known = ["project.all", "project.one", "deployment.allCentralized"];
    const others = Object.keys(R.visible.procedures).filter((p) => !known.includes(p));
    const refreshesDue = Math.ceil(R.seconds / 15) + 1;
    const all = R.visible.procedures["project.all"] || 0;
    const one = R.visible.procedures["project.one"] || 0;
    const runs = R.visible.procedures["deployment.allCentralized"] || 0;
    budget("one project.all per refresh, at most 24 project.one per refresh, one deployment.allCentralized a minute, no request per service (visible)", others.length === 0 && all <= refreshesDue && one <= 24 * refreshesDue && runs <= Math.ceil(R.seconds / 60) + 1, `${all} project.all, ${one} project.one and ${runs} deployment.allCentralized in ${R.seconds} s${others.length ? ", also " + others.join(", ") : ""}`);
    budget("no requests while the tab is hidden", R.hidden.total === 0 && R.hidden.state === "hidden", `${R.hidden.total} in ${R.seconds} s`);
  }
  if (r.activity) {
    const A = r.activity;
    out.push("#### Activity center: 10,080 deployments across three instances (`#/activity`)\n");
    out.push(`First screen: ${A.rows} rows drawn ${ms(A.drawn)} after the last instance's answer (last DOM change after it; ${A.total ?? ""}).\n`);
    out.push("| key | to list updated | to next frame | to painted (Event Timing, keys of 16 ms and more) | rows shown |\n|---|---:|---:|---:|---:|");
    for (const k of A.keys) out.push(`| ${k.ch} | ${ms(k.dom)} | ${ms(k.frame)} | ${k.painted === null ? "< 16" : ms(k.painted)} | ${k.rows} |`);
    out.push("");
    const worst = Math.max(...A.keys.map((k) => k.dom ?? 0));
    budget("activity center: first screen within 100 ms of the data", A.drawn < 100, ms(A.drawn));
    budget("activity center: each filter keystroke within 16 ms (to list updated)", worst < 16, `worst ${ms(worst)}`);
  }
  if (r.lastDeploy) {
    const L = r.lastDeploy;
    out.push("#### The overview's last deployments: 84 projects, 3,360 deployments (one `deployment.allCentralized`)\n");
    out.push(`Answer ${kb(L.bytes)} KB on the wire (${kb(L.decoded)} KB of JSON); the cards' ${L.lines} lines drawn ${ms(L.drawn)} after it (last DOM change; they are drawn with the round of \`project.one\` the answer rides with); longest main-thread task meanwhile ${L.longest ? ms(L.longest) : "none of 50 ms or more"}.\n`);
    budget("overview: reading 3,360 deployments for the cards' last deployments makes no main-thread task of 50 ms or more", L.longest < 50, L.longest ? ms(L.longest) : "none of 50 ms or more");
  }
  if (r.large?.palette) {
    const P = r.large.palette;
    out.push(`#### Command palette at ${r.large.size} (10,000 services), typing "${P.keys.map((k) => k.ch).join("")}"\n`);
    out.push("| key | to results updated | to next frame | to painted (Event Timing, keys of 16 ms and more) | results shown |\n|---|---:|---:|---:|---:|");
    for (const k of P.keys) out.push(`| ${k.ch} | ${ms(k.dom)} | ${ms(k.frame)} | ${k.painted === null ? "< 16" : ms(k.painted)} | ${k.rows} |`);
    out.push(`\nFirst result after the last key: ${P.first ?? "none"}; requests while typing: ${P.requests}.\n`);
    const worst = Math.max(...P.keys.map((k) => k.dom ?? 0));
    budget("palette: each keystroke within 16 ms at 10,000 services (to results updated)", worst < 16, `worst ${ms(worst)}`);
    budget("palette: no request while typing", P.requests === 0, String(P.requests));
  }
  if (r.project) {
    const P = r.project;
    out.push("#### Project page: one environment of 500 services, typing in its filter box\n");
    out.push("| key | to list updated | to next frame | to painted (Event Timing, keys of 16 ms and more) | rows shown |\n|---|---:|---:|---:|---:|");
    for (const k of P.keys) out.push(`| ${k.ch} | ${ms(k.dom)} | ${ms(k.frame)} | ${k.painted === null ? "< 16" : ms(k.painted)} | ${k.rows} |`);
    out.push("");
    const worst = Math.max(...P.keys.map((k) => k.dom ?? 0));
    budget("project page: each filter keystroke within 16 ms at 500 services (to list updated)", worst < 16, `worst ${ms(worst)}`);
  }
  out.push("#### Budgets\n");
  out.push("| result | budget | measured |\n|---|---|---|");
  out.push(...budgets);
  return out.join("\n");
}

/// Replaces the generated part of BENCHMARKS.md (between the markers), keeping the rest.
function writeBenchmarks(path, md) {
  const begin = "<!-- bench:begin (written by scripts/bench) -->";
  const end = "<!-- bench:end -->";
  let text = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n\n## Latest run\n\n";
  const block = `${begin}\n${md}\n${end}`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) text = text.slice(0, i) + block + text.slice(j + end.length);
  else text = text.trimEnd() + "\n\n## Latest run\n\n" + block + "\n";
  writeFileSync(path, text);
  log("wrote", path);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
