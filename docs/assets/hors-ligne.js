/* Enregistre le service worker (pages déjà vues disponibles sans connexion). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(script.dataset.sw).catch(function () { /* sans service worker, le site marche en ligne */ });
  });
})();
