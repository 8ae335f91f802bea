// Skiff's keyboard shortcuts, the focus kept in dialogs, the note of a new release and the
// offline banner: loaded by index.html once the page is up, or before on the first key that
// may be a shortcut (it costs the first view nothing). No shortcut while typing in a field.
//
//   ?        this sheet                 /        the page's search or filter box
//   g p      the instance's projects    g a      its activity
//   g s      its settings               g i      all instances
//   [ ]      the previous, next tab     Ctrl K   the command palette (index.html)
const KEYS = [
  ["?", "Show these shortcuts"],
  ["Ctrl K / ⌘ K", "Find anything (the command palette)"],
  ["/", "Search or filter this page"],
  ["g then p", "Go to the projects"],
  ["g then a", "Go to the activity"],
  ["g then s", "Go to the settings"],
  ["g then i", "Go to all instances"],
  ["[ and ]", "Previous and next tab"],
  ["Esc", "Close a dialog or the palette"],
];

let pending = null;

/** Whether the key comes from a field (or a dialog other than this sheet). */
const typing = (e) => {
  const t = e.target;
  return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
};

/** The instance of the page (`#/i/ID/...`), else the last used one. */
const instance = () => {
  const m = /^#\/i\/([^/?]+)/.exec(location.hash);
  if (m) return m[1];
  try { return localStorage.getItem("skiff.last"); } catch (e) { return null; }
};

const go = (section) => {
  const inst = instance();
  if (section === "instances") return void (location.hash = "#/instances");
  if (!inst) return;
  location.hash = `#/i/${inst}/${section}`;
};

const tab = (step) => {
  const tabs = [...document.querySelectorAll("main .tabs a")].filter((a) => a.offsetParent);
  const at = tabs.findIndex((a) => a.getAttribute("aria-selected") === "true" || a.getAttribute("aria-current") === "page");
  const next = tabs[at + step];
  if (at >= 0 && next) {
    next.click();
    next.focus();
  }
};

const search = () => {
  const box = document.querySelector("main input[type=search]");
  if (box) box.focus();
};

/** The sheet: a dialog that keeps the focus inside and gives it back when closed. */
const sheet = () => {
  if (document.querySelector("[data-test=shortcuts]")) return;
  const back = document.activeElement;
  const make = (tag, className, text) => Object.assign(document.createElement(tag), { className: className || "", textContent: text || "" });
  const box = make("div", "dialog-backdrop");
  box.dataset.test = "shortcuts";
  const dialog = make("div", "dialog");
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-modal", "true");
  dialog.setAttribute("aria-labelledby", "shortcuts-title");
  const title = make("h2", "", "Keyboard shortcuts");
  title.id = "shortcuts-title";
  const list = make("dl", "shortcuts");
  for (const [key, what] of KEYS) {
    const dt = make("dt");
    dt.append(make("kbd", "", key));
    list.append(dt, make("dd", "", what));
  }
  const foot = make("p", "small muted", "Not while typing in a field.");
  const close = make("button", "btn", "Close");
  close.type = "button";
  const done = () => {
    box.remove();
    removeEventListener("keydown", trap, true);
    if (back && back.focus) back.focus();
  };
  const trap = (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      done();
    } else if (e.key === "Tab") {
      // One control: the focus stays on it.
      e.preventDefault();
      close.focus();
    }
  };
  close.onclick = done;
  box.onclick = (e) => { if (e.target === box) done(); };
  addEventListener("keydown", trap, true);
  dialog.append(title, list, foot, close);
  box.append(dialog);
  document.body.append(box);
  close.focus();
};

/** Handles one key (index.html passes the first, then this module listens itself). */
export function key(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
  if (pending) {
    clearTimeout(pending);
    pending = null;
    const to = { p: "projects", a: "activity", s: "admin", i: "instances" }[e.key];
    if (to) {
      e.preventDefault();
      go(to);
    }
    return;
  }
  switch (e.key) {
    case "?":
      e.preventDefault();
      sheet();
      break;
    case "/":
      e.preventDefault();
      search();
      break;
    case "g":
      pending = setTimeout(() => { pending = null; }, 1500);
      break;
    case "[":
      tab(-1);
      break;
    case "]":
      tab(1);
      break;
  }
}

addEventListener("keydown", key);

/** A new release, said once on its first load (index.html calls this), as Skiff's toasts are. */
export function released() {
  const make = (tag, className, text) => Object.assign(document.createElement(tag), { className, textContent: text || "" });
  const show = () => {
    const box = make("div", "dialog-backdrop dialog-backdrop--toast");
    const note = make("div", "dialog", "Skiff was updated to a new release. ");
    const ok = make("button", "btn btn--small", "OK");
    box.dataset.test = "release-note";
    note.setAttribute("role", "status");
    ok.type = "button";
    ok.onclick = () => box.remove();
    note.append(ok);
    box.append(note);
    document.body.append(box);
  };
  if (document.body) show(); else addEventListener("DOMContentLoaded", show);
}

// Dialogs (every `[aria-modal=true]` Skiff draws): the focus moves into the open one, Tab and
// Shift-Tab stay inside it, Esc cancels it (as a click beside it does), and when it closes the
// focus goes back to what had it before.
const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
const modal = () => [...document.querySelectorAll("[aria-modal=true]")].pop() || null;
const inside = (m) => [...m.querySelectorAll(FOCUSABLE)].filter((el) => el.offsetParent !== null);
let before = null;
let open = null;
addEventListener("focusin", (e) => {
  if (!modal()) before = e.target;
}, true);
const watch = () => {
  const m = modal();
  if (m && m !== open) {
    open = m;
    if (!m.contains(document.activeElement)) {
      const first = inside(m)[0];
      if (first) first.focus();
    }
  } else if (!m && open) {
    open = null;
    if (before && before.isConnected && before.focus) before.focus();
  }
};
new MutationObserver(watch).observe(document.body, { childList: true, subtree: true });
watch();
addEventListener("keydown", (e) => {
  const m = modal();
  if (!m || e.defaultPrevented) return;
  if (e.key === "Escape" && m.parentElement && m.parentElement.classList.contains("dialog-backdrop")) {
    e.preventDefault();
    m.parentElement.click();
  } else if (e.key === "Tab") {
    const all = inside(m);
    if (!all.length) return;
    const first = all[0];
    const last = all[all.length - 1];
    const at = document.activeElement;
    if (!m.contains(at) || (e.shiftKey && at === first) || (!e.shiftKey && at === last)) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  }
}, true);

// The offline banner: the page's instance has not answered since a time src/state/reach.rs
// keeps (localStorage `skiff.reach.<address>`: `up`, or when it stopped answering; it sends
// `skiff-reach` when that changes). The banner says since when; `<html data-offline>` makes
// the guard below refuse the page's buttons but those marked data-free, and main.css draw
// them disabled. It goes at the next answer: the pages keep asking, and at once when the
// browser says it is online again (src/state/poll.rs).
const reach = () => {
  let down = null;
  try {
    // The page's own instance only (the pages of every instance say which is down themselves).
    const m = /^#\/i\/([^/?]+)/.exec(location.hash);
    const id = m && m[1];
    const list = JSON.parse(localStorage.getItem("skiff.instances.v1") || "[]");
    const inst = id && list.find((i) => i.id === decodeURIComponent(id));
    const since = inst && Number(localStorage.getItem("skiff.reach." + inst.url));
    if (since) down = [inst.name, new Date(since)];
  } catch (e) {}
  let banner = document.querySelector("[data-test=offline]");
  if (!down) {
    delete document.documentElement.dataset.offline;
    if (banner) banner.remove();
    return;
  }
  document.documentElement.dataset.offline = "";
  if (!banner) {
    banner = Object.assign(document.createElement("div"), { className: "offline" });
    banner.dataset.test = "offline";
    banner.setAttribute("role", "status");
    document.body.append(banner);
  }
  const [name, at] = down;
  const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  banner.textContent = `${name} has not answered since ${time}. This page shows what it had then; actions are off until it answers again. Skiff keeps asking.`;
};
// While the banner shows, the page's buttons and forms do nothing, but those marked
// data-free (filters, Retry, Cancel, reveal and copy); a refused one makes the pages ask the
// instance at once (as the browser coming back online does), so when it is back the banner
// goes and the action can be done.
const off = (e) => {
  const t = e.submitter || e.target;
  if (document.documentElement.dataset.offline != null && t.closest && t.closest("main") && (t.tagName == "FORM" || t.closest("button:not([data-free])"))) {
    e.preventDefault();
    e.stopImmediatePropagation();
    dispatchEvent(new Event("online"));
  }
};
addEventListener("click", off, true);
addEventListener("submit", off, true);
addEventListener("skiff-reach", reach);
addEventListener("hashchange", reach);
reach();
