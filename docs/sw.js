/* Service worker du guide : les pages et fichiers déjà vus s'ouvrent sans connexion.
   - Pages : réseau d'abord, puis copie en cache, puis page « hors ligne » de la langue.
   - Fichiers (CSS, JS, images, index de recherche) : cache d'abord.
   - Rien d'un autre site n'est jamais mis en cache.
   Le numéro de version est écrit à la construction (guide/site_files.py, stamp_service_worker) :
   une nouvelle construction crée un nouveau cache et efface les anciens. */
"use strict";
const VERSION = "__VERSION__";
const LOCALES = __LOCALES__;
const CACHE = "guide-" + VERSION;
const SCOPE = self.registration.scope;
const OFFLINE_PAGES = [""].concat(LOCALES.map(function (l) { return l + "/"; })).map(function (p) { return SCOPE + p + "hors-ligne/"; });

function offlinePageFor(url) {
  const first = url.slice(SCOPE.length).split("/")[0];
  return SCOPE + (LOCALES.indexOf(first) >= 0 ? first + "/" : "") + "hors-ligne/";
}

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(OFFLINE_PAGES); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (keys) { return Promise.all(keys.filter(function (k) { return k.indexOf("guide-") === 0 && k !== CACHE; }).map(function (k) { return caches.delete(k); })); })
      .then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).then(function (response) { return keep(request, response); }).catch(function () {
        return caches.match(request).then(function (hit) { return hit || caches.match(offlinePageFor(request.url)); });
      })
    );
    return;
  }
  event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request).then(function (response) { return keep(request, response); }); }));
});
