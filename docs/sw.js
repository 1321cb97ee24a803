/* Service worker du guide : les pages et fichiers déjà vus s'ouvrent sans connexion.
   - Pages : réseau d'abord, puis copie en cache, puis page « hors ligne » de la langue.
   - Fichiers (CSS, JS, images, index de recherche) : cache d'abord.
   - Recherche (<langue>/pagefind/) : à la première recherche, tout l'index de la langue est gardé (liste fichiers.json,
     écrite par guide/recherche.py) pour chercher ensuite sans connexion.
   - Les requêtes du rechargement automatique de `mkdocs serve` (/livereload/) ne passent jamais par ici.
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

const SEARCH_DIR = "/pagefind/";

function searchFile(event, request, url) {
  const dir = url.origin + url.pathname.slice(0, url.pathname.lastIndexOf(SEARCH_DIR) + SEARCH_DIR.length);
  if (url.pathname.endsWith(SEARCH_DIR + "pagefind-entry.json")) {
    // Pagefind ajoute ?ts=… : l'entrée est gardée sans, réseau d'abord (une nouvelle construction la change).
    const entry = dir + "pagefind-entry.json";
    return fetch(request).then(function (response) {
      if (response.ok) {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(entry, copy); }).then(function () { return keepSearch(dir); }));
      }
      return response;
    }).catch(function () { return caches.match(entry); });
  }
  return caches.match(request, { ignoreSearch: true }).then(function (hit) { return hit || fetch(request).then(function (response) { return keep(request, response); }); });
}

function keepSearch(dir) {
  return caches.open(CACHE).then(function (cache) {
    return fetch(dir + "fichiers.json").then(function (response) { return response.json(); }).then(function (files) {
      return Promise.all(files.map(function (name) {
        return cache.match(dir + name).then(function (hit) { return hit || cache.add(dir + name); }).catch(function () { /* un fichier manqué : réessayé à la prochaine recherche */ });
      }));
    });
  }).catch(function () { /* hors connexion : rien à garder de plus */ });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/livereload/")) return;
  if (url.pathname.indexOf(SEARCH_DIR) >= 0) {
    event.respondWith(searchFile(event, request, url));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).then(function (response) { return keep(request, response); }).catch(function () {
        // Une page vue avec une autre requête (?fiche=… du formulaire des partenaires) est la même page : son script lit l'adresse.
        return caches.match(request).then(function (hit) { return hit || caches.match(request, { ignoreSearch: true }); })
          .then(function (hit) { return hit || caches.match(offlinePageFor(request.url)); });
      })
    );
    return;
  }
  event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request).then(function (response) { return keep(request, response); }); }));
});
