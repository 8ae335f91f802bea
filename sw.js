// Skiff's service worker: Skiff opens with no network, from any static host and sub-path.
//
// It keeps the files of one release (their names carry their content's hash) and the page that
// loads them. scripts/csp.mjs writes the release's file list and version in place of the two
// placeholders below at build time. Nothing else passes through it: a request to a
// Dokploy instance (any other origin, or /api on this one) never touches the cache, so no
// answer and no key is ever kept.
//
// - The page (a navigation, ./ or index.html): from the network, the cached copy when the
//   network fails. A new release is therefore what the next load gets; index.html announces it.
// - The release's files: from the cache, else from the network (and kept).
// - A new release's worker takes over at once and deletes the older releases' caches.
const FILES = ["SKIFF_FILES"];
const CACHE = "skiff-SKIFF_VERSION";
const SCOPE = new URL("./", self.location).href;
const PAGE = new URL("./index.html", self.location).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      // The settings build is an admin's: kept when first opened, not at install.
      .then((cache) => cache.addAll([PAGE, ...FILES.filter((f) => !f.startsWith("skiff-settings")).map((f) => new URL(f, SCOPE).href)]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("skiff-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const path = request.url.slice(SCOPE.length).split(/[?#]/)[0];
  if (path.startsWith("api/") || request.headers.has("x-api-key") || request.headers.has("authorization")) return;
  if (request.mode === "navigate" || path === "" || path === "index.html") {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(PAGE, copy));
          }
          return response;
        })
        .catch(() => caches.match(PAGE).then((cached) => cached || Response.error())),
    );
    return;
  }
  if (!FILES.includes(path)) return;
  event.respondWith(
    caches.match(request).then((cached) => cached || fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    })),
  );
});
