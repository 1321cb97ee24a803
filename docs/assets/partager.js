/* « Imprimer » : le bouton n'apparaît qu'avec JavaScript (sans lui, le menu Imprimer du navigateur reste là). */
(function () {
  "use strict";
  document.querySelectorAll("[data-imprimer]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

/* « Partager » : le menu de partage du téléphone (Web Share API), sinon copie du lien. Caché si aucun des deux n'existe. */
(function () {
  "use strict";
  var button = document.querySelector("[data-partager]");
  if (!button) return;
  var canShare = typeof navigator.share === "function";
  var canCopy = navigator.clipboard && typeof navigator.clipboard.writeText === "function";
  if (!canShare && !canCopy) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var url = location.href.split("#")[0];
    if (canShare) {
      navigator.share({ title: document.title, url: url }).catch(function () { /* partage annulé */ });
      return;
    }
    navigator.clipboard.writeText(url).then(function () {
      var label = button.querySelector("span") || button;
      button.setAttribute("aria-live", "polite");
      label.textContent = button.dataset.copie;
    });
  });
})();
