/* Recherche du guide (partials/guide-recherche.html).
   - Rien de l'index n'est téléchargé au chargement de la page : le moteur (Pagefind, <langue>/pagefind/) est chargé
     quand le lecteur ouvre la recherche, puis seules les parties de l'index utiles à ses mots.
   - Chaque langue a son index (guide/recherche.py) : la racine de la langue vient de la configuration de Material.
   - Résultats : le titre de la fiche et son résumé en une ligne ; le nombre de fiches est annoncé (role="status") ;
     de droite à gauche, les passages en lettres latines sont isolés dans un <bdi>.
   - Sans <dialog> ni import() (très vieux navigateurs), le bouton reste caché, et la recherche de l'accueil aussi.
   - Recherche de l'accueil (form.recherche-accueil, docs/index*.md) : la politique de sécurité ne laisse envoyer aucun
     formulaire (form-action 'none') ; « Chercher » ouvre cette recherche avec les mots tapés. Une adresse en ?q=…
     l'ouvre aussi. Sans JavaScript, ce formulaire est caché (guide.css, .no-js) : l'accueil garde ses liens. */
(function () {
  "use strict";
  var dialog = document.getElementById("guide-recherche");
  var opener = document.querySelector("[data-recherche-ouvrir]");
  var settings = document.getElementById("__config");
  var home = document.querySelector("form.recherche-accueil");
  if (!dialog || !opener || !settings || typeof dialog.showModal !== "function") {
    if (home) home.hidden = true;
    return;
  }
  var input = dialog.querySelector("input[type=search]");
  var state = dialog.querySelector("[data-recherche-etat]");
  var list = dialog.querySelector("[data-recherche-liste]");
  var elsewhere = dialog.querySelector("[data-recherche-ailleurs]");
  var base = JSON.parse(settings.textContent).base || ".";
  var root = new URL(base.replace(/\/?$/, "/"), window.location.href);
  var SHOWN = 12;
  // Classement : la longueur de la page compte peu (une fiche complète ne doit pas passer après une page courte
  // qui cite le même sigle) ; les titres et les mots des habitants pèsent déjà plus (data-pagefind-weight).
  var RANKING = { pageLength: 0.3 };
  var SEPARATOR = " · "; // entre les alias et les mots des habitants d'une fiche (meta « mots », overrides/pages/_macros.jinja.md)
  // Page écrite de droite à gauche (arabe) : chaque passage en lettres latines d'un titre ou d'un résumé (« CAF »,
  // « (Contrat d'engagement jeune, CEJ) ») est mis dans un <bdi dir="ltr">, comme dans les pages (guide/markup.py,
  // latin_runs : mêmes expressions) ; sinon l'algorithme bidirectionnel mélange ses mots et ses parenthèses.
  var RTL = document.documentElement.dir === "rtl";
  var LATIN = "A-Za-z\u00c0-\u024f";
  var WORD = "[0-9" + LATIN + "](?:[0-9" + LATIN + "'’.\\-/@_&+:?=#%~·]*[0-9" + LATIN + "/])?";
  var LATIN_RUN = new RegExp(WORD + "(?:(?:,? |\u00a0)+" + WORD + ")*", "g");
  var HAS_LATIN = new RegExp("[" + LATIN + "]");
  var DIGIT_GROUPS = /^[0-9]+(?:[ .\u00a0][0-9]+)+$/;
  var engine = null;
  var timer = 0;
  var asked = 0;
  var back = opener; // ce qui reprend le focus quand la fenêtre se ferme

  opener.hidden = false;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return Promise.resolve(pagefind.options({ baseUrl: root.pathname, noWorker: true, ranking: RANKING })).then(function () {
          return Promise.resolve(pagefind.init());
        }).then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function open(from) {
    back = from && from.focus ? from : opener;
    if (!dialog.open) dialog.showModal();
    input.focus();
    load().catch(function () { /* dit au moment de chercher */ });
    if (input.value.trim()) run();
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++asked;
    if (!query) {
      list.replaceChildren();
      state.textContent = "";
      elsewhere.hidden = true;
      return Promise.resolve();
    }
    state.textContent = dialog.dataset.chargement;
    return load()
      .then(function (pagefind) { return pagefind.search(query); })
      .then(function (search) {
        var results = (search && search.results) || [];
        return Promise.all(results.slice(0, SHOWN).map(function (r) { return r.data(); })).then(function (items) {
          return { total: results.length, items: reorder(items, query) };
        });
      })
      .then(function (found) { if (ticket === asked) show(found); })
      .catch(function () { if (ticket === asked) { list.replaceChildren(); state.textContent = dialog.dataset.erreur; elsewhere.hidden = false; } });
  }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // Ce qui a été tapé est exactement le nom ou le sigle d'une fiche : elle passe en tête, la plus courte d'abord
  // (« CEJ » : le contrat d'engagement jeune avant les réunions d'information sur le CEJ) ; puis les fiches dont c'est
  // exactement un alias ou un mot des habitants ; puis le reste, dans l'ordre de Pagefind.
  function reorder(items, query) {
    var wanted = fold(query);
    function tier(data) {
      var meta = data.meta || {};
      var title = meta.title || "";
      var acronym = /\(([^()]+)\)\s*$/.exec(title);
      var names = [title].concat(acronym ? acronym[1].split(",") : []);
      if (names.some(function (name) { return fold(name) === wanted; })) return 0;
      if ((meta.mots || "").split(SEPARATOR).some(function (word) { return fold(word) === wanted; })) return 1;
      return 2;
    }
    return items
      .map(function (data, rank) { return { data: data, rank: rank, tier: tier(data), size: ((data.meta || {}).title || "").length }; })
      .sort(function (a, b) { return a.tier - b.tier || (a.tier === 0 ? a.size - b.size : 0) || a.rank - b.rank; })
      .map(function (entry) { return entry.data; });
  }

  // Le texte d'un résultat dans un élément : du texte seulement (jamais de HTML), les passages latins isolés de droite à gauche.
  function write(element, text) {
    var last = 0;
    var found;
    LATIN_RUN.lastIndex = 0;
    while (RTL && (found = LATIN_RUN.exec(text))) {
      if (!HAS_LATIN.test(found[0]) && !DIGIT_GROUPS.test(found[0])) continue;
      var isolated = document.createElement("bdi");
      isolated.dir = "ltr";
      isolated.textContent = found[0];
      element.append(text.slice(last, found.index), isolated);
      last = found.index + found[0].length;
    }
    element.append(text.slice(last));
  }

  function show(found) {
    var items = found.items.map(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      write(link, String((data.meta && data.meta.title) || data.url));
      item.appendChild(link);
      var summary = data.meta && data.meta.resume;
      if (summary) {
        var line = document.createElement("p");
        write(line, String(summary));
        item.appendChild(line);
      }
      return item;
    });
    list.replaceChildren.apply(list, items);
    var total = found.total;
    state.textContent = total === 0 ? dialog.dataset.aucun : total === 1 ? dialog.dataset.un : dialog.dataset.plusieurs.replace("{n}", String(total));
    elsewhere.hidden = total > 0;
  }

  opener.addEventListener("click", function () { open(opener); });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !dialog.open && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
    }
  });
  dialog.querySelector("[data-recherche-fermer]").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("close", function () { back.focus(); });
  dialog.querySelector("[data-recherche-formulaire]").addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run().then(function () {
      var first = list.querySelector("a");
      if (first) first.focus();
    });
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    if (input.value.trim()) state.textContent = dialog.dataset.chargement;
    timer = setTimeout(run, 120);
  });

  if (home) {
    home.addEventListener("submit", function (event) {
      event.preventDefault();
      var field = home.querySelector("input[type=search]");
      input.value = field ? field.value : "";
      open(field || opener);
    });
  }
  var wanted = new URLSearchParams(location.search).get("q");
  if (wanted && wanted.trim()) {
    input.value = wanted;
    if (home && home.querySelector("input[type=search]")) home.querySelector("input[type=search]").value = wanted;
    open(opener);
  }
})();
