// A minimal Chrome DevTools Protocol client over Node's built-in WebSocket (no npm packages):
// launches Debian's /usr/bin/chromium headless with a fresh profile and talks to it.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Browsers still running when the driver exits (an error, Ctrl-C) are killed with it.
const live = new Set();
const killAll = () => {
  for (const p of live) {
    try {
      p.kill("SIGKILL");
    } catch {}
  }
};
process.on("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

export class Browser {
  static async launch({ chromium = process.env.CHROMIUM || "/usr/bin/chromium", width = 1280, height = 900 } = {}) {
    const profile = mkdtempSync(join(tmpdir(), "skiff-bench-profile-"));
    const args = [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-extensions",
      // Chromium 156 builds its omnibox popup (chrome://omnibox-popup.top-chrome: about 260
      // requests and 100 ms of CPU) during a new profile's first navigations, the very window
      // of a cold load; a headless browser never shows it, and on 2 cores it slowed the page.
      "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI",
      `--user-data-dir=${profile}`,
      `--window-size=${width},${height}`,
      "--remote-debugging-port=0",
      "about:blank",
    ];
    const proc = spawn(chromium, args, { stdio: ["ignore", "ignore", "pipe"], detached: false });
    live.add(proc);
    proc.once("exit", () => live.delete(proc));
    let stderr = "";
    proc.stderr.on("data", (d) => (stderr += d));
    const portFile = join(profile, "DevToolsActivePort");
    for (let i = 0; i < 300 && !existsSync(portFile); i++) await sleep(50);
    if (!existsSync(portFile)) {
      proc.kill("SIGKILL");
      throw new Error("chromium did not start:\n" + stderr.slice(-2000));
    }
    await sleep(50);
    const [port, path] = readFileSync(portFile, "utf8").trim().split("\n");
    const b = new Browser(proc, profile);
    await b.connect(`ws://127.0.0.1:${port}${path}`);
    return b;
  }

  constructor(proc, profile) {
    this.proc = proc;
    this.profile = profile;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
  }

  connect(url) {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(url);
      this.ws.onopen = () => resolve();
      this.ws.onerror = (e) => reject(new Error("CDP websocket error: " + (e.message || e.type)));
      this.ws.onmessage = (ev) => {
        const msg = JSON.parse(ev.data);
        if (msg.id !== undefined) {
          const p = this.pending.get(msg.id);
          if (!p) return;
          this.pending.delete(msg.id);
          if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message} ${msg.error.data || ""}`));
          else p.resolve(msg.result);
        } else {
          for (const l of this.listeners) l(msg);
        }
      };
    });
  }

  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.ws.send(JSON.stringify(msg));
    });
  }

  on(fn) {
    this.listeners.push(fn);
    return () => (this.listeners = this.listeners.filter((l) => l !== fn));
  }

  /// A new tab (in front), attached.
  async newPage(url = "about:blank") {
    const { targetId } = await this.send("Target.createTarget", { url });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(this, targetId, sessionId);
    await page.send("Page.enable");
    await page.send("Runtime.enable");
    return page;
  }

  async close() {
    try {
      await Promise.race([this.send("Browser.close"), sleep(3000)]);
    } catch {}
    try {
      this.ws.close();
    } catch {}
    const exited = new Promise((r) => this.proc.once("exit", r));
    if (this.proc.exitCode === null) await Promise.race([exited, sleep(3000)]);
    if (this.proc.exitCode === null) this.proc.kill("SIGKILL");
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  constructor(browser, targetId, sessionId) {
    this.browser = browser;
    this.targetId = targetId;
    this.sessionId = sessionId;
  }
  send(method, params = {}) {
    return this.browser.send(method, params, this.sessionId);
  }
  /// Subscribes to this page's events; returns an unsubscribe function.
  on(method, fn) {
    return this.browser.on((m) => {
      if (m.sessionId === this.sessionId && m.method === method) fn(m.params);
    });
  }
  waitFor(method, pred = () => true, timeout = 30000) {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        off();
        reject(new Error(`timeout waiting for ${method}`));
      }, timeout);
      const off = this.on(method, (p) => {
        if (pred(p)) {
          clearTimeout(t);
          off();
          resolve(p);
        }
      });
    });
  }
  /// Evaluates an expression (awaiting promises) and returns its JSON value.
  async eval(expression, timeout = 60000) {
    const r = await this.send("Runtime.evaluate", {
      expression,
      awaitPromise: true,
      returnByValue: true,
      timeout,
    });
    if (r.exceptionDetails) {
      const d = r.exceptionDetails;
      throw new Error("page error: " + (d.exception?.description || d.text));
    }
    return r.result.value;
  }
  async navigate(url, { waitLoad = true } = {}) {
    const loaded = waitLoad ? this.waitFor("Page.loadEventFired") : null;
    const r = await this.send("Page.navigate", { url });
    if (r.errorText) throw new Error(`navigate ${url}: ${r.errorText}`);
    if (loaded) await loaded;
  }
  /// Polls `expression` in the page until it is truthy.
  async until(expression, timeout = 30000, what = expression) {
    const end = Date.now() + timeout;
    for (;;) {
      const v = await this.eval(expression);
      if (v) return v;
      if (Date.now() > end) throw new Error("timeout waiting for " + what);
      await sleep(20);
    }
  }
}

export { sleep };
