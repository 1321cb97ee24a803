/* Enregistrement audio d'une fiche : le lien vers le fichier devient, au toucher, un lecteur <audio preload="none">.
   Rien n'est téléchargé avant ce geste, et rien ne démarre tout seul sans lui. */
(function () {
  "use strict";
  document.querySelectorAll("a[data-guide-audio]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var player = document.createElement("audio");
      player.controls = true;
      player.preload = "none";
      player.src = link.getAttribute("href");
      player.textContent = link.getAttribute("data-texte-non-lu") || "";
      link.parentNode.insertBefore(player, link.nextSibling);
      link.hidden = true;
      player.play().catch(function () { /* le lecteur reste là, avec ses boutons */ });
    });
  });
})();
