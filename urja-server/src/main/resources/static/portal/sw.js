// Urja consumer portal service worker: caches the static assets only (styles, scripts, icons) so the portal opens fast
// on a slow phone connection. Pages and anything personal are never cached: they always come from the network.
var CACHE = 'urja-portal-static-v1';
var ASSETS = [
  '/css/urja.css',
  '/js/urja.js',
  '/webjars/htmx.org/dist/htmx.min.js',
  '/portal/assets/portal.css',
  '/portal/assets/portal.js',
  '/portal/icons/icon-192.png',
  '/portal/icons/icon-512.png'
];

function isStatic(url) {
  return url.origin === self.location.origin && ASSETS.indexOf(url.pathname) >= 0;
}

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(ASSETS); }));
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var url = new URL(event.request.url);
  if (event.request.method !== 'GET' || !isStatic(url)) {
    return; // pages, forms and data: straight to the network, never stored
  }
  event.respondWith(caches.match(event.request).then(function (hit) {
    return hit || fetch(event.request);
  }));
});
