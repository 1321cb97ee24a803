/* Enregistre le service worker (pages déjà vues disponibles sans connexion). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  window.addEventListener("load", function () {
    // Sous `mkdocs serve` (sh scripts/servir.sh), la page porte le script de rechargement automatique : pas de service
    // worker, et celui d'une visite précédente est retiré (il garderait des pages périmées pendant qu'on écrit).
    var served = Array.prototype.some.call(document.scripts, function (s) { return !s.src && s.textContent.indexOf("livereload(") >= 0; });
    if (served) {
      navigator.serviceWorker.getRegistrations().then(function (all) { all.forEach(function (r) { r.unregister(); }); });
      return;
    }
    navigator.serviceWorker.register(script.dataset.sw).catch(function () { /* sans service worker, le site marche en ligne */ });
  });
})();
