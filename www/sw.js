// Service worker: keeps a copy of the app so it opens offline after the first visit.
// Network first (always the current files when online), the cache when offline. The cache
// name carries a version; a new version deletes the old caches on activation.
// Only the app's own static files are cached: leads are never fetched, so never cached.
const VERSION = 'leadscore-v7';
const APP = [
  './', 'index.html', 'style.css', 'app.js', 'worker.js', 'block-worker.js', 'js/block-pool.js',
  'js/cancel.js', 'js/condition-text.js', 'js/dom.js', 'js/drop-zone.js', 'js/json-format.js',
  'js/lead-table.js', 'js/mapping-view.js', 'js/model-form.js', 'js/models.js',
  'js/problems-view.js', 'js/receipt-view.js', 'js/results-view.js', 'js/rule-adder.js',
  'js/share.js', 'js/sheet-picker.js', 'js/sort-order.js', 'js/worker-client.js',
  'js/charts.js', 'js/compare-view.js', 'js/train-report.js', 'js/train-view.js', 'train.css',
  'js/wasm-support.js',
  'pkg/leadscore.js', 'pkg/leadscore_bg.wasm',
  'models/b2b-saas.json', 'models/calculator.json', 'samples/leads.csv',
  // The widgets and their demo pages, so the demos linked from the app open offline too.
  'widget/adapters.js', 'widget/api.js', 'widget/dom.js', 'widget/engine.js',
  'widget/lead-calculator.js', 'widget/lead-chat.js', 'widget/model-source.js',
  'widget/session.js', 'widget/theme.js', 'widget/pkg/leadscore.js', 'widget/pkg/leadscore_bg.wasm',
  'demo/adapters.html', 'demo/adapters.js', 'demo/calculator.html', 'demo/chat.html',
  'demo/demo.css', 'demo/event-log.js', 'demo/frame.html', 'demo/frame.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(APP)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) =>
    Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k)))));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(VERSION).then((cache) => cache.put(event.request, copy));
    }
    return response;
  }).catch(() => caches.match(event.request, { ignoreSearch: true })
    .then((hit) => hit ?? Response.error())));
});
