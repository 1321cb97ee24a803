/* Page « Enregistrer une fiche » (docs/enregistrer.md) : enregistre au micro dans le navigateur
   (MediaRecorder, voix en Opus à 24 kbit/s), fait réécouter, et donne le fichier audio-<id>-swb.webm et les lignes YAML.
   Rien n'est envoyé : ni au guide, ni à un tiers. */
(function () {
  "use strict";
  var box = document.querySelector("[data-enregistreur]");
  if (!box || !window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  box.hidden = false;
  var id = box.querySelector("#enregistrer-fiche");
  var by = box.querySelector("#enregistrer-par");
  var start = box.querySelector('[data-action="enregistrer"]');
  var stop = box.querySelector('[data-action="arreter"]');
  var state = box.querySelector("[data-etat]");
  var result = box.querySelector("[data-resultat]");
  var player = box.querySelector("[data-reecoute]");
  var download = box.querySelector("[data-telecharger]");
  var yaml = box.querySelector("[data-yaml]");
  var recorder = null;
  var chunks = [];
  var began = 0;
  var url = null;

  function quoted(text) {
    return JSON.stringify(text);
  }

  start.addEventListener("click", function () {
    var record = id.value.trim();
    if (!/^[a-z0-9-]+$/.test(record)) {
      state.textContent = "Écrivez d'abord l'identifiant de la fiche : des lettres minuscules, des chiffres et des tirets.";
      id.focus();
      return;
    }
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var options = { audioBitsPerSecond: 24000 };
      if (MediaRecorder.isTypeSupported("audio/webm;codecs=opus")) options.mimeType = "audio/webm;codecs=opus";
      recorder = new MediaRecorder(stream, options);
      chunks = [];
      recorder.addEventListener("dataavailable", function (event) {
        if (event.data.size) chunks.push(event.data);
      });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        var seconds = Math.max(1, Math.round((Date.now() - began) / 1000));
        var name = "audio-" + record + "-swb.webm";
        if (url) URL.revokeObjectURL(url);
        url = URL.createObjectURL(new Blob(chunks, { type: "audio/webm" }));
        player.src = url;
        download.href = url;
        download.download = name;
        download.textContent = "Télécharger le fichier " + name;
        yaml.textContent = [
          "services:",
          "  " + record + ":",
          "    audio:",
          "      fichier: audio/swb/" + name,
          "      statut: brouillon",
          "      par: " + quoted(by.value.trim()),
          "      duree: " + seconds,
          '      consentement: ""',
          '      transcription: ""'
        ].join("\n");
        result.hidden = false;
        state.textContent = "Enregistrement terminé (" + seconds + " s). Réécoutez-le, puis téléchargez-le.";
        start.disabled = false;
        stop.disabled = true;
      });
      began = Date.now();
      recorder.start();
      state.textContent = "Enregistrement en cours… Lisez la fiche, puis touchez « Arrêter ».";
      start.disabled = true;
      stop.disabled = false;
    }).catch(function () {
      state.textContent = "Le navigateur n'a pas accès au micro. Autorisez le micro pour cette page, ou enregistrez avec le téléphone.";
    });
  });

  stop.addEventListener("click", function () {
    if (recorder && recorder.state !== "inactive") recorder.stop();
  });
})();
