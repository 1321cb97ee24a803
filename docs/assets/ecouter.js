/* Lecture à voix haute : la synthèse vocale du navigateur lit le contenu de la page, dans sa langue.
   Aucun serveur, aucun service extérieur. Le bouton reste caché s'il n'y a pas de voix pour la langue. */
(function () {
  "use strict";
  var box = document.querySelector(".guide-ecouter");
  var synth = window.speechSynthesis;
  if (!box || !synth || typeof window.SpeechSynthesisUtterance !== "function") return;
  var lang = (document.documentElement.getAttribute("lang") || "fr").toLowerCase();
  var play = box.querySelector('[data-action="lire"]');
  var pause = box.querySelector('[data-action="pause"]');
  var stop = box.querySelector('[data-action="arreter"]');

  function hasVoice() {
    var base = lang.split("-")[0];
    return synth.getVoices().some(function (v) {
      return (v.lang || "").toLowerCase().replace("_", "-").split("-")[0] === base;
    });
  }
  function show() { box.hidden = !hasVoice(); }
  function reading(on) {
    play.hidden = on; pause.hidden = !on; stop.hidden = !on;
    pause.querySelector("span").textContent = box.dataset.textePause;
  }
  function pageText() {
    var article = document.querySelector("article.md-content__inner") || document.querySelector("main");
    var copy = article.cloneNode(true);
    copy.querySelectorAll(".guide-outils, .headerlink, script, style, svg").forEach(function (n) { n.remove(); });
    return copy.innerText || copy.textContent || "";
  }

  play.addEventListener("click", function () {
    synth.cancel();
    var utterance = new SpeechSynthesisUtterance(pageText());
    utterance.lang = lang;
    utterance.onend = function () { reading(false); };
    reading(true);
    synth.speak(utterance);
  });
  pause.addEventListener("click", function () {
    if (synth.paused) { synth.resume(); pause.querySelector("span").textContent = box.dataset.textePause; }
    else { synth.pause(); pause.querySelector("span").textContent = box.dataset.texteReprendre; }
  });
  stop.addEventListener("click", function () { synth.cancel(); reading(false); });

  show();
  if ("onvoiceschanged" in synth) synth.addEventListener("voiceschanged", show);
})();
