/* « Imprimer » : le bouton n'apparaît qu'avec JavaScript (sans lui, le menu Imprimer du navigateur reste là).
   Le menu « Outils » qui le contient apparaît avec lui (sans JavaScript, il n'est là que s'il a des liens). */
(function () {
  "use strict";
  document.querySelectorAll("[data-imprimer]").forEach(function (button) {
    button.hidden = false;
    var menu = button.closest("[data-outils]");
    if (menu) menu.hidden = false;
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
  var menu = button.closest("[data-outils]");
  if (menu) menu.hidden = false;
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
