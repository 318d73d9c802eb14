/**
 * The service worker: keeps the app working offline once it has been opened. The build writes it
 * to sw.js at the site's root (beside index.html) with PRECACHE, the list of every file the app
 * can load (the shell, the lazily loaded chunks, TensorFlow.js's wasm files), and VERSION, a hash
 * of that list. Paths are relative to the worker, so the site works from any sub-path.
 *
 * Install caches the whole list; fetches are answered from the cache first, then the network (and
 * what the network returns is kept); a page navigation offline gets the cached index.html. A new
 * build installs beside the old one and takes over when no tab uses the old one any more, so a
 * page never loses a chunk it was built with.
 */
/* global self, caches, fetch, URL, Response */
/* PRECACHE and VERSION are defined above this line by the build. */

const CACHE = `convcost-${VERSION}`;
const scope = new URL(self.registration.scope);

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE.map((p) => new URL(p, scope).href))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('convcost-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  if (req.mode === 'navigate') {
    // The page itself: the network when it answers (a new build shows at once), else the cached shell.
    event.respondWith(
      fetch(req).catch(() =>
        caches
          .match(new URL('index.html', scope).href)
          .then((r) => r ?? new Response('offline', { status: 503 })),
      ),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(req).then(
        (hit) =>
          hit ??
          fetch(req).then((res) => {
            if (res.ok && res.type === 'basic') cache.put(req, res.clone());
            return res;
          }),
      ),
    ),
  );
});
