/* Formulaire des partenaires (partenaires/formulaire/) : confirmer ou corriger une fiche, ou proposer un nouveau service.
   - Les champs, leurs libellés, aides, exemples, listes fermées et règles viennent du schéma, décrits à la construction
     (guide/formulaire.py) dans la page (<script type="application/json" id="guide-formulaire-description">).
   - Les valeurs actuelles viennent des données publiées (donnees/guide.json) : rien n'est demandé à un autre site.
   - Les contrôles disent les mêmes phrases que `python -m guide check` : elles sont écrites par guide/schema.py à la
     construction, avec des repères {n}, {limite}, {valeur}, {champ} à remplir ici.
   - Le résultat est une proposition en YAML (chaque texte écrit entre guillemets, comme en JSON : toujours du YAML valide),
     à télécharger, à envoyer par courriel (si le guide a une adresse : extra.contact.courriel) ou à proposer sur la forge.
   Aucun envoi sans geste du partenaire, aucun compte, aucun script en ligne (politique de sécurité du site). */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = document.getElementById("guide-formulaire");
  var descriptionNode = document.getElementById("guide-formulaire-description");
  if (!root || !descriptionNode || !script) return;
  var D = JSON.parse(descriptionNode.textContent);
  var M = D.messages;
  var settings = { donnees: script.dataset.donnees, courriel: script.dataset.courriel || "", depot: script.dataset.depot || "", branche: script.dataset.branche || "main" };
  var LISTS = Object.keys(D.listes);
  var NEW_TITLES = { services: "Proposer un nouveau service", mesures: "Proposer une nouvelle mesure", organisations: "Proposer une nouvelle organisation", lieux: "Proposer un nouveau lieu" };
  var counter = 0;
  var data = null;
  // Retenu sur cet appareil seulement (localStorage), pour le formulaire suivant : l'organisation et le moyen, rien d'autre.
  var MEMORY = "guide-formulaire-provenance";
  function remembered() {
    try { var v = JSON.parse(window.localStorage.getItem(MEMORY) || "{}"); return v && typeof v === "object" ? v : {}; } catch (e) { return {}; }
  }
  function remember(prov) {
    try { window.localStorage.setItem(MEMORY, JSON.stringify({ organisation: prov.organisation, moyen: prov.moyen })); } catch (e) { /* stockage refusé : rien retenu */ }
  }
  // « Aide au permis » → « aide-au-permis » : l'identifiant d'une nouvelle fiche, tiré de son nom (on peut le changer).
  function slug(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  }

  // ------------------------------------------------------------ petits outils

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) return;
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function uid(name) { counter += 1; return "gf-" + name.replace(/[^a-z0-9_-]/gi, "-") + "-" + counter; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function fill(text, values) { return String(text).replace(/\{(n|limite|valeur|champ)\}/g, function (m, k) { return values[k] !== undefined ? String(values[k]) : m; }); }
  function length(text) { return Array.from(text).length; }
  function shown(value) {
    // guide/schema.py, _show : « valeur » coupée après N caractères.
    if (typeof value === "string") { var chars = Array.from(value), n = M.valeur_montree.longueur; return "« " + chars.slice(0, n).join("") + (chars.length > n ? "…" : "") + " »"; }
    if (typeof value === "boolean") return value ? "« true »" : "« false »";
    return "« " + value + " »";
  }
  // Equal values, whatever the order of a block's keys (guide.json sorts them, the form keeps the schema's order).
  function canonical(v) {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === "object") { var out = {}; Object.keys(v).sort().forEach(function (k) { out[k] = canonical(v[k]); }); return out; }
    return v === undefined ? null : v;
  }
  function same(a, b) { return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b)); }
  function recordName(list, record) { return record.nom || record.titre || record.id; }
  function readable(list, id) {
    var found = (data[list] || []).filter(function (r) { return r.id === id; })[0];
    if (!found) return id;
    return recordName(list, found) + (found.sigle && found.sigle !== found.nom ? " (" + found.sigle + ")" : "");
  }
  function sortedRecords(list) { return (data[list] || []).slice().sort(function (a, b) { return readable(list, a.id).localeCompare(readable(list, b.id), "fr"); }); }

  // ------------------------------------------------------------ contrôles : les phrases de guide check

  function problem(champ, template, values, expected, example) {
    var text = champ + " : " + fill(template.message, values);
    var hints = [];
    var attendu = expected !== undefined ? expected : (template.attendu ? fill(template.attendu, values) : null);
    if (attendu) hints.push("attendu : " + attendu);
    if (example) hints.push("exemple : " + String(example).split(/\r?\n/).map(function (s) { return s.trim(); }).filter(Boolean).join(" ⏎ "));
    return hints.length ? text + " (" + hints.join(" ; ") + ")" : text;
  }
  // guide/schema.py : le sujet est le chemin du champ (source.document), le message nomme le champ seul.
  function missing(field, prefix) { return problem((prefix ? prefix + "." : "") + field.nom, M.required, { champ: field.nom }, field.requis_attendu, field.requis_exemple); }

  function checkScalar(rules, value, champ) {
    var r = rules || {}, found = [];
    if (typeof value === "string") {
      var n = length(value);
      if (r.format && r.format.valeur === "date" && !validDate(value)) found.push(problem(champ, M.format_date, { valeur: shown(value) }, undefined, r.format.exemple));
      if (r.format && r.format.valeur === "email" && value.indexOf("@") < 0) found.push(problem(champ, M.format_email, { valeur: shown(value) }, undefined, r.format.exemple));
      if (r.maxLength && n > r.maxLength.valeur) found.push(problem(champ, M.maxLength, { n: n, limite: r.maxLength.valeur }, undefined, r.maxLength.exemple));
      if (r.minLength && n < r.minLength.valeur) found.push(problem(champ, M.minLength, { n: n, limite: r.minLength.valeur }, undefined, r.minLength.exemple));
      if (r.pattern && !new RegExp(r.pattern.valeur, "u").test(value)) found.push(problem(champ, M.pattern, { valeur: shown(value) }, r.pattern.attendu, r.pattern.exemple));
    } else if (typeof value === "number") {
      if (r.maximum && value > r.maximum.valeur) found.push(problem(champ, M.maximum, { valeur: shown(value), limite: r.maximum.valeur }, undefined, r.maximum.exemple));
      if (r.minimum && value < r.minimum.valeur) found.push(problem(champ, M.minimum, { valeur: shown(value), limite: r.minimum.valeur }, undefined, r.minimum.exemple));
    }
    return found;
  }
  function validDate(text) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return false;
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === text;
  }
  function checkList(field, items, champ) {
    var r = field.regles || {}, found = [];
    if (r.maxItems && items.length > r.maxItems.valeur) found.push(problem(champ, M.maxItems, { n: items.length, limite: r.maxItems.valeur }, undefined, r.maxItems.exemple));
    if (r.minItems && items.length < r.minItems.valeur) found.push(problem(champ, items.length ? M.minItems : M.minItems_vide, { limite: r.minItems.valeur }, undefined, r.minItems.exemple));
    if (r.uniqueItems && new Set(items.map(function (v) { return JSON.stringify(v); })).size !== items.length) found.push(problem(champ, M.uniqueItems, {}, undefined, r.uniqueItems.exemple));
    items.forEach(function (v, i) { found = found.concat(checkScalar(field.element || {}, v, champ + "[" + (i + 1) + "]")); });
    return found;
  }

  // ------------------------------------------------------------ champs

  // Each control: {field, node, read() → {value, problems}}; `value` undefined means « absent ».
  function help(field, id) {
    var parts = [field.aide];
    if (field.exemple_saisie) parts.push("Exemple : " + field.exemple_saisie);
    var p = el("p", { id: id, class: "guide-formulaire__aide", text: parts.filter(Boolean).join(" ") });
    if (field.horaires) {
      var words = D.horaires.exemples.map(function (e) { return e.valeur + " : " + e.mots; }).join(" ; ");
      var days = Object.keys(D.horaires.jours).map(function (k) { return k + " = " + D.horaires.jours[k]; }).join(", ");
      p.appendChild(el("span", { class: "guide-formulaire__horaires", text: " Forme à écrire et ce que le site en dit : " + words + ". Jours : " + days + "." }));
    }
    return p;
  }
  function errorSlot(id) { return el("p", { id: id, class: "guide-formulaire__erreur", hidden: true }); }
  function showErrors(control, problems) {
    var slot = control.errorNode;
    slot.textContent = problems.join(" ");
    slot.hidden = !problems.length;
    control.inputs().forEach(function (input) { if (problems.length) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid"); });
  }

  function optionList(select, options, current, empty) {
    select.appendChild(el("option", { value: "", text: empty || "— choisir —" }));
    options.forEach(function (o) { var opt = el("option", { value: o.valeur, text: o.libelle }); if (o.valeur === current) opt.selected = true; select.appendChild(opt); });
  }
  function referenceOptions(list) { return sortedRecords(list).map(function (r) { return { valeur: r.id, libelle: readable(list, r.id) }; }); }

  function scalarInput(field, value, id, describedBy) {
    var input;
    if (field.sorte === "choix" || field.sorte === "renvoi") {
      input = el("select", { id: id, "aria-describedby": describedBy });
      optionList(input, field.sorte === "choix" ? field.choix : referenceOptions(field.liste), value, field.requis ? "— choisir —" : "(aucun)");
    } else if (field.sorte === "oui_non") {
      input = el("select", { id: id, "aria-describedby": describedBy });
      optionList(input, [{ valeur: "true", libelle: "oui" }, { valeur: "false", libelle: "non" }], value === undefined ? undefined : String(value), "(non précisé)");
    } else if (field.long) {
      input = el("textarea", { id: id, rows: 4, "aria-describedby": describedBy });
      input.value = value === undefined || value === null ? "" : String(value);
    } else {
      var numeric = field.sorte === "entier" || field.sorte === "nombre";
      input = el("input", { id: id, type: field.regles && field.regles.format && field.regles.format.valeur === "date" ? "date" : "text", inputmode: numeric ? (field.sorte === "entier" ? "numeric" : "decimal") : null, autocomplete: "off", "aria-describedby": describedBy });
      input.value = value === undefined || value === null ? "" : String(value);
    }
    return input;
  }
  function readScalar(field, input, champ) {
    var raw = input.value.trim();
    if (raw === "") return { value: undefined, problems: [] };
    if (field.sorte === "oui_non") return { value: raw === "true", problems: [] };
    if (field.sorte === "entier" || field.sorte === "nombre") {
      var ok = field.sorte === "entier" ? /^-?[0-9]+$/.test(raw) : /^-?[0-9]+(\.[0-9]+)?$/.test(raw);
      if (!ok) return { value: raw, problems: [problem(champ, field.sorte === "entier" ? M.type_integer : M.type_number, { valeur: shown(raw) }, undefined, field.regles.type_exemple)] };
      var number = Number(raw);
      return { value: number, problems: checkScalar(field.regles, number, champ) };
    }
    return { value: raw, problems: checkScalar(field.regles, raw, champ) };
  }

  function makeControl(field, value, prefix) {
    var champ = (prefix ? prefix + "." : "") + field.nom;
    var id = uid(champ), helpId = id + "-aide", errId = id + "-erreur";
    var control = { field: field, champ: champ, errorNode: errorSlot(errId) };
    var label = field.titre + (field.requis ? " (obligatoire)" : "");
    var described = helpId + " " + errId;
    if (field.sorte === "bloc") {
      var inner = field.champs.map(function (f) { return makeControl(f, value ? value[f.nom] : undefined, champ); });
      control.node = el("fieldset", { class: "guide-formulaire__bloc", "aria-describedby": described }, [el("legend", { text: label }), help(field, helpId), control.errorNode].concat(inner.map(function (c) { return c.node; })));
      control.inputs = function () { return []; };
      control.read = function () {
        // A block left empty (no value, or only empty lists) is absent: its own rules do not apply.
        var out = {}, problems = [], any = false;
        inner.forEach(function (c) {
          var r = c.read();
          problems = problems.concat(r.problems);
          if (r.value !== undefined) { out[c.field.nom] = r.value; if (!(Array.isArray(r.value) && !r.value.length)) any = true; }
        });
        if (!any) return { value: undefined, problems: [] };
        inner.forEach(function (c) { if (c.field.requis && out[c.field.nom] === undefined) problems.push(missing(c.field, champ)); });
        return { value: out, problems: problems };
      };
      control.inner = inner;
      return control;
    }
    if (field.sorte === "choix_multiples") {
      var boxes = field.choix.map(function (o) {
        var boxId = uid(champ + "-" + o.valeur);
        var box = el("input", { type: "checkbox", id: boxId, value: o.valeur });
        box.checked = (value || []).indexOf(o.valeur) >= 0;
        return { box: box, node: el("div", { class: "guide-formulaire__case" }, [box, el("label", { for: boxId, text: o.libelle })]) };
      });
      control.node = el("fieldset", { class: "guide-formulaire__cases", "aria-describedby": described }, [el("legend", { text: label }), help(field, helpId), control.errorNode].concat(boxes.map(function (b) { return b.node; })));
      control.inputs = function () { return boxes.map(function (b) { return b.box; }); };
      control.read = function () {
        // The order of the values that were already there is kept (the first need is the main one), new ones follow.
        var chosen = boxes.filter(function (b) { return b.box.checked; }).map(function (b) { return b.box.value; });
        var kept = (value || []).filter(function (v) { return chosen.indexOf(v) >= 0; });
        var items = kept.concat(chosen.filter(function (v) { return kept.indexOf(v) < 0; }));
        if (!items.length && !field.requis) return { value: undefined, problems: [] };
        return { value: items, problems: checkList(field, items, champ) };
      };
      return control;
    }
    if (field.sorte === "lignes" || field.sorte === "renvois") {
      var rows = el("ol", { class: "guide-formulaire__lignes" });
      var itemField = field.sorte === "renvois" ? { sorte: "renvoi", liste: field.liste, requis: false } : { sorte: field.element_type === "string" ? "texte" : "entier", regles: field.element, long: field.element && field.element.maxLength && field.element.maxLength.valeur > 200 };
      var add = el("button", { type: "button", class: "md-button guide-formulaire__ajouter", text: "Ajouter une ligne" });
      var addRow = function (v, focus) {
        var n = rows.children.length + 1, rowId = uid(champ + "-" + n);
        var input = scalarInput(itemField, v, rowId, helpId + " " + errId);
        var remove = el("button", { type: "button", class: "md-button guide-formulaire__retirer", text: "Retirer" });
        var li = el("li", {}, [el("label", { for: rowId, class: "guide-formulaire__ligne-nom", text: field.titre + ", ligne " + n }), input, remove]);
        remove.addEventListener("click", function () {
          var next = li.nextElementSibling || li.previousElementSibling;
          li.remove();
          Array.prototype.forEach.call(rows.children, function (row, i) { row.querySelector("label").textContent = field.titre + ", ligne " + (i + 1); });
          (next ? next.querySelector("input, select, textarea") : add).focus();
        });
        rows.appendChild(li);
        if (focus) input.focus();
      };
      (value || []).forEach(function (v) { addRow(v, false); });
      control.addRow = addRow;
      add.addEventListener("click", function () { addRow(undefined, true); });
      control.node = el("fieldset", { class: "guide-formulaire__liste", "aria-describedby": described }, [el("legend", { text: label }), help(field, helpId), control.errorNode, rows, add]);
      control.inputs = function () { return Array.prototype.map.call(rows.querySelectorAll("input, select, textarea"), function (i) { return i; }); };
      control.read = function () {
        var items = [], problems = [];
        control.inputs().forEach(function (input) {
          var raw = input.value.trim();
          if (raw === "") return;
          if (itemField.sorte === "entier") { var r = readScalar(itemField, input, champ + "[" + (items.length + 1) + "]"); items.push(r.value); problems = problems.concat(r.problems); } else items.push(raw);
        });
        if (!items.length && !field.requis) return { value: undefined, problems: problems };
        return { value: items, problems: problems.concat(checkList(field, items, champ)) };
      };
      return control;
    }
    var input = scalarInput(field, value, id, described);
    control.node = el("div", { class: "guide-formulaire__champ" }, [el("label", { for: id, text: label }), help(field, helpId), control.errorNode, input]);
    control.inputs = function () { return [input]; };
    control.read = function () { return readScalar(field, input, champ); };
    return control;
  }

  // ------------------------------------------------------------ la proposition (YAML)

  // The proposal's own date (provenance.date) is a YAML date, as in data/schemes.yaml; every other text is quoted.
  function YamlDate(text) { this.text = text; }
  function scalarYaml(value) {
    if (value instanceof YamlDate) return value.text;
    if (value === null || value === undefined) return "null";
    if (typeof value === "boolean" || typeof value === "number") return String(value);
    return JSON.stringify(String(value)); // a double-quoted YAML string: JSON's escapes are YAML's
  }
  function yaml(value, indent) {
    var pad = " ".repeat(indent);
    if (Array.isArray(value)) {
      if (!value.length) return " []";
      return value.map(function (item) {
        if (item && typeof item === "object" && !Array.isArray(item)) {
          var body = yaml(item, indent + 2).replace(/^\n/, "");
          return "\n" + pad + "- " + body.slice(indent + 2);
        }
        return "\n" + pad + "-" + (Array.isArray(item) ? yaml(item, indent + 2) : " " + scalarYaml(item));
      }).join("");
    }
    if (value && typeof value === "object" && !(value instanceof YamlDate)) {
      var keys = Object.keys(value);
      if (!keys.length) return " {}";
      return keys.map(function (k) {
        var v = value[k];
        var nested = v && typeof v === "object" && !(v instanceof YamlDate);
        return "\n" + pad + k + ":" + (nested ? yaml(v, indent + 2) : " " + scalarYaml(v));
      }).join("");
    }
    return " " + scalarYaml(value);
  }
  function proposalText(entry) {
    return "# Proposition pour le Guide des jeunes de Planoise, envoyée depuis le formulaire du site le " + today() + ".\n" +
      "origine: formulaire\npropositions:" + yaml([entry], 2) + "\n";
  }

  // ------------------------------------------------------------ pages du formulaire

  function provenanceBlock(record) {
    var spec = D.verification;
    var known = remembered();
    var block = el("fieldset", { class: "guide-formulaire__provenance" }, [el("legend", { text: "Qui confirme, comment, quand" })]);
    var controls = {
      organisation: makeControl({ nom: "organisation", titre: spec.par.titre, aide: "L'organisation qui confirme (la vôtre). " + (spec.par.aide || ""), requis: true, requis_attendu: spec.par.requis_attendu, requis_exemple: spec.par.requis_exemple, sorte: "renvoi", liste: "organisations", regles: spec.par.regles }, (data.organisations || []).some(function (o) { return o.id === known.organisation; }) ? known.organisation : undefined, "provenance"),
      moyen: makeControl({ nom: "moyen", titre: spec.moyen.titre, aide: spec.moyen.aide, requis: true, requis_attendu: spec.moyen.requis_attendu, requis_exemple: spec.moyen.requis_exemple, sorte: "choix", choix: D.moyens }, D.moyens.some(function (m) { return m.valeur === known.moyen; }) ? known.moyen : undefined, "provenance"),
      date: makeControl(Object.assign({}, spec.date, { nom: "date", requis: true }), today(), "provenance"),
      note: makeControl(Object.assign({}, spec.note, { nom: "note", requis: false }), undefined, "provenance"),
    };
    Object.keys(controls).forEach(function (k) { block.appendChild(controls[k].node); });
    block.appendChild(el("p", { class: "guide-formulaire__aide", text: "Votre organisation et le moyen sont retenus sur cet appareil seulement, pour le prochain formulaire : rien n'est envoyé sans vous." }));
    return {
      node: block,
      controls: controls,
      read: function () {
        var out = {}, all = [];
        Object.keys(controls).forEach(function (k) {
          var c = controls[k], r = c.read(), problems = r.problems;
          if (r.value === undefined && c.field.requis) problems = [missing(c.field, "provenance")].concat(problems);
          if (r.value !== undefined) out[k] = r.value;
          showErrors(c, problems);
          all = all.concat(problems.map(function (p) { return { control: c, text: p }; }));
        });
        return { value: out, problems: all };
      },
    };
  }

  function summary(problems, summaryNode) {
    summaryNode.replaceChildren();
    if (!problems.length) { summaryNode.hidden = true; return; }
    summaryNode.hidden = false;
    // In the order of the page (a new record shows its required fields first), so that the first one listed is the first one met.
    var target = function (p) { return p.control.inputs()[0]; };
    problems = problems.slice().sort(function (a, b) {
      var x = target(a), y = target(b);
      if (!x || !y || x === y) return 0;
      return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    summaryNode.appendChild(el("h2", { text: problems.length === 1 ? "Une chose à corriger avant de continuer" : problems.length + " choses à corriger avant de continuer", tabindex: "-1" }));
    var list = el("ul");
    problems.forEach(function (p) {
      var target = p.control.inputs()[0];
      var link = el("a", { href: "#" + (target ? target.id : ""), text: p.text });
      link.addEventListener("click", function (e) { e.preventDefault(); if (target) target.focus(); });
      list.appendChild(el("li", {}, [link]));
    });
    summaryNode.appendChild(list);
    // Toutes les erreurs d'un coup, et le curseur sur le premier champ à corriger (replié : on l'ouvre).
    var first = problems[0].control.inputs()[0];
    if (first) {
      var folded = first.closest("details");
      if (folded) folded.open = true;
      // Le champ au milieu de l'écran, avec son libellé et son message (l'en-tête du site ne le cache pas).
      first.focus({ preventScroll: true });
      (first.closest(".guide-formulaire__champ, fieldset") || first).scrollIntoView({ block: "start" });
      var header = document.querySelector(".md-header");
      window.scrollBy(0, -((header ? header.offsetHeight : 0) + 8));
    } else summaryNode.querySelector("h2").focus();
  }

  function resultView(text, fileId, resultNode) {
    var name = "proposition-" + fileId + "-" + today() + ".yaml";
    resultNode.replaceChildren();
    resultNode.hidden = false;
    var heading = el("h2", { text: "Votre proposition est prête", tabindex: "-1" });
    var pre = el("pre", { class: "guide-formulaire__yaml", tabindex: "0", "aria-label": "Texte de la proposition" }, [el("code", { text: text })]);
    var download = el("button", { type: "button", class: "md-button md-button--primary", text: "Télécharger le fichier" });
    download.addEventListener("click", function () {
      var url = URL.createObjectURL(new Blob([text], { type: "application/yaml;charset=utf-8" }));
      var a = el("a", { href: url, download: name, hidden: true });
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
    var actions = el("div", { class: "guide-formulaire__actions" }, [download]);
    var steps = el("ul", { class: "guide-formulaire__envois" });
    if (settings.courriel) {
      var mail = "mailto:" + settings.courriel + "?subject=" + encodeURIComponent("Proposition pour le guide : " + fileId) + "&body=" + encodeURIComponent(text);
      actions.appendChild(el("a", { href: mail, class: "md-button", text: "Envoyer par courriel" }));
      steps.appendChild(el("li", { text: "Par courriel : le bouton ouvre votre messagerie avec la proposition dans le message, adressé à " + settings.courriel + ". Vous pouvez aussi joindre le fichier téléchargé." }));
    } else {
      steps.appendChild(el("li", { text: "Par courriel : le guide n'a pas encore d'adresse de courriel publiée. Téléchargez le fichier et donnez-le à l'équipe du guide, ou proposez-le sur la forge." }));
    }
    if (settings.depot) {
      var forge = settings.depot.replace(/\/$/, "") + "/new/" + encodeURIComponent(settings.branche) + "?filename=" + encodeURIComponent("propositions/" + name) + "&value=" + encodeURIComponent(text);
      actions.appendChild(el("a", { href: forge, class: "md-button", text: "Proposer sur GitHub" }));
      steps.appendChild(el("li", { text: "Sur GitHub (avec un compte) : le bouton ouvre un nouveau fichier déjà rempli dans le dossier propositions ; validez-le (« Commit changes », puis « Propose changes ») : une vérification automatique le relit et prépare la modification." }));
    }
    resultNode.appendChild(heading);
    resultNode.appendChild(el("p", { text: "Relisez-la : c'est tout ce qui sera envoyé. Puis choisissez comment l'envoyer." }));
    resultNode.appendChild(pre);
    resultNode.appendChild(actions);
    resultNode.appendChild(steps);
    heading.focus();
  }

  // A new record's fields the guide fills from the proposing organisation (formFor, prefill).
  var PREFILLED = ["id", "organisations", "owner", "source"];
  // Sensible starting values of a new record: the price is « non précisé » until the partner says it; one empty step row.
  function newDefaults(spec) {
    var start = {};
    spec.champs.forEach(function (f) {
      if (f.nom === "frais" && f.sorte === "choix" && f.choix.some(function (c) { return c.valeur === "non-precise"; })) start.frais = "non-precise";
      if (f.sorte === "lignes" && f.requis) start[f.nom] = [""];
    });
    return start;
  }

  function formFor(list, record) {
    var spec = D.listes[list];
    var isNew = !record;
    root.replaceChildren();
    var title = isNew ? NEW_TITLES[list] : recordName(list, record);
    root.appendChild(el("h2", { text: title, id: "gf-titre" }));
    if (!isNew) root.appendChild(el("p", { text: spec.titre + " « " + record.id + " ». Les valeurs actuelles sont celles du site publié." }));
    var form = el("form", { class: "guide-formulaire__form", novalidate: true, "aria-labelledby": "gf-titre" });
    var summaryNode = el("div", { class: "guide-formulaire__resume", role: "alert", hidden: true });
    var resultNode = el("section", { class: "guide-formulaire__resultat", "aria-live": "polite", hidden: true });
    var provenance = provenanceBlock(record);
    form.appendChild(summaryNode);
    form.appendChild(provenance.node);
    var confirmAll = null;
    if (!isNew) {
      confirmAll = el("button", { type: "button", class: "md-button md-button--primary guide-formulaire__juste", text: "Tout est toujours juste" });
      form.appendChild(el("p", { class: "guide-formulaire__explication", text: "Tout est juste ? Un seul bouton : la fiche sera marquée « vérifiée » à cette date, par votre organisation, sans rien changer d'autre." }));
      form.appendChild(confirmAll);
    }
    var fields = spec.champs.filter(function (f) { return isNew || f.nom !== "id"; });
    var starting = isNew ? newDefaults(spec) : record;
    var controls = fields.map(function (f) { return makeControl(f, starting ? starting[f.nom] : undefined, ""); });
    var byName = {};
    controls.forEach(function (c) { byName[c.field.nom] = c; });
    var section = el("fieldset", { class: "guide-formulaire__champs" }, [el("legend", { text: isNew ? "La nouvelle fiche" : "Corriger la fiche" })]);
    if (!isNew) section.appendChild(el("p", { text: "Changez seulement ce qui n'est plus juste ; le reste ne bouge pas." }));
    var more = null;
    if (isNew) {
      // Une nouvelle fiche : d'abord ce que seul le partenaire sait (les champs obligatoires) ; ce que le guide peut
      // préremplir (identifiant tiré du nom ; organisation, responsable et source : l'organisation qui propose) et les
      // champs facultatifs sont repliés dans « Plus de détails ». Rien d'obligatoire n'est retiré : tout est dans la proposition.
      section.appendChild(el("p", { text: "Les champs obligatoires d'abord. Votre organisation (ci-dessus) est mise comme organisation qui porte le service, responsable de la fiche et source, à la date choisie ; changez-les dans « Plus de détails » si besoin." }));
      more = el("details", { class: "guide-formulaire__plus" }, [el("summary", { text: "Plus de détails (facultatif)" })]);
      controls.forEach(function (c) { (c.field.requis && PREFILLED.indexOf(c.field.nom) < 0 ? section : more).appendChild(c.node); });
      section.appendChild(more);
    } else controls.forEach(function (c) { section.appendChild(c.node); });
    if (spec.hors_formulaire.length) (more || section).appendChild(el("p", { class: "guide-formulaire__aide", text: "Ces champs ne se changent pas ici (écrivez-le dans la précision ci-dessus) : " + spec.hors_formulaire.join(", ") + "." }));
    var restRight = null;
    if (!isNew) {
      var boxId = uid("reste");
      restRight = el("input", { type: "checkbox", id: boxId });
      restRight.checked = true;
      section.appendChild(el("div", { class: "guide-formulaire__case" }, [restRight, el("label", { for: boxId, text: "Le reste de la fiche est juste : enregistrer aussi la vérification" })]));
    }
    var submit = el("button", { type: "submit", class: "md-button md-button--primary", text: "Préparer la proposition" });
    section.appendChild(submit);
    form.appendChild(section);
    root.appendChild(form);
    root.appendChild(resultNode);

    // What the guide knows for a new record, put in the fields still empty (or still holding what it put there before).
    var auto = {};
    function prefill() {
      if (!isNew) return;
      var org = provenance.controls.organisation.inputs()[0].value;
      var means = provenance.controls.moyen.inputs()[0].value;
      var day = provenance.controls.date.inputs()[0].value;
      var nameInput = byName.nom && byName.nom.inputs()[0];
      setIfAuto("id", byName.id && byName.id.inputs()[0], nameInput ? slug(nameInput.value) : "");
      if (byName.owner) setIfAuto("owner", byName.owner.inputs()[0], org);
      if (byName.organisations) {
        var rowsNow = byName.organisations.inputs();
        if (!rowsNow.length && org) { byName.organisations.addRow(undefined, false); rowsNow = byName.organisations.inputs(); }
        if (rowsNow.length === 1) setIfAuto("organisations", rowsNow[0], org);
      }
      if (byName.source && byName.source.inner) {
        var parts = {};
        byName.source.inner.forEach(function (c) { parts[c.field.nom] = c; });
        var document_ = parts.document && parts.document.inputs()[0];
        if (!document_ || !document_.value) {
          if (parts.organisation) setIfAuto("source.organisation", parts.organisation.inputs()[0], org);
          if (parts.moyen) setIfAuto("source.moyen", parts.moyen.inputs()[0], means);
          if (parts.date) setIfAuto("source.date", parts.date.inputs()[0], day);
        }
      }
    }
    function setIfAuto(key, input, value) {
      if (!input) return;
      if (input.value === "" || input.value === auto[key]) { input.value = value; auto[key] = value; }
    }
    if (isNew) {
      form.addEventListener("input", prefill);
      form.addEventListener("change", prefill);
      prefill();
    }

    function finish(changes) {
      prefill();
      var prov = provenance.read();
      var problems = prov.problems;
      var values = {};
      if (changes) {
        controls.forEach(function (c) {
          var r = c.read(), found = r.problems.slice();
          if (r.value === undefined && c.field.requis) found = [missing(c.field, "")].concat(found);
          showErrors(c, found);
          if (c.inner) c.inner.forEach(function (i) { showErrors(i, []); });
          problems = problems.concat(found.map(function (t) { return { control: c.inner ? c.inner[0] : c, text: t }; }));
          values[c.field.nom] = r.value;
        });
      }
      summary(problems, summaryNode);
      if (problems.length) { resultNode.hidden = true; return; }
      var entry = { fiche: isNew ? values.id : record.id, liste: list };
      if (isNew) entry.nouvelle = true; else entry.nom = recordName(list, record);
      remember(prov.value);
      entry.provenance = prov.value;
      if (prov.value.date) prov.value.date = new YamlDate(prov.value.date);
      if (isNew) {
        var valeurs = {};
        fields.forEach(function (f) { if (f.nom !== "id" && values[f.nom] !== undefined) valeurs[f.nom] = values[f.nom]; });
        entry.valeurs = valeurs;
      } else {
        entry.verification = changes ? restRight.checked : true;
        entry.champs = [];
        if (changes) fields.forEach(function (f) {
          if (!same(record[f.nom], values[f.nom])) entry.champs.push({ champ: f.nom, actuel: record[f.nom] === undefined ? null : record[f.nom], propose: values[f.nom] === undefined ? null : values[f.nom] });
        });
      }
      resultView(proposalText(entry), entry.fiche, resultNode);
    }
    if (confirmAll) confirmAll.addEventListener("click", function () { finish(false); });
    form.addEventListener("submit", function (e) { e.preventDefault(); finish(true); });
  }

  function chooser() {
    root.replaceChildren();
    var form = el("form", { class: "guide-formulaire__form", novalidate: true });
    var listId = uid("liste"), ficheId = uid("fiche");
    var listSelect = el("select", { id: listId });
    LISTS.forEach(function (l) { listSelect.appendChild(el("option", { value: l, text: D.listes[l].liste_titre })); });
    var ficheSelect = el("select", { id: ficheId });
    var fillFiches = function () { ficheSelect.replaceChildren(); sortedRecords(listSelect.value).forEach(function (r) { ficheSelect.appendChild(el("option", { value: r.id, text: readable(listSelect.value, r.id) })); }); };
    listSelect.addEventListener("change", fillFiches);
    fillFiches();
    form.appendChild(el("h2", { text: "Quelle fiche ?" }));
    form.appendChild(el("div", { class: "guide-formulaire__champ" }, [el("label", { for: listId, text: "Sorte de fiche" }), listSelect]));
    form.appendChild(el("div", { class: "guide-formulaire__champ" }, [el("label", { for: ficheId, text: "Fiche" }), ficheSelect]));
    form.appendChild(el("button", { type: "submit", class: "md-button md-button--primary", text: "Ouvrir cette fiche" }));
    form.addEventListener("submit", function (e) { e.preventDefault(); go({ liste: listSelect.value, fiche: ficheSelect.value }); });
    root.appendChild(form);
    var news = el("ul", { class: "guide-formulaire__nouveau" });
    LISTS.forEach(function (l) {
      var a = el("a", { href: "?liste=" + l + "&nouvelle=1", text: NEW_TITLES[l] });
      a.addEventListener("click", function (e) { e.preventDefault(); go({ liste: l, nouvelle: "1" }); });
      news.appendChild(el("li", {}, [a]));
    });
    root.appendChild(el("h2", { text: "Une fiche qui manque ?" }));
    root.appendChild(news);
  }

  function go(params) {
    history.pushState(null, "", "?" + new URLSearchParams(params).toString());
    route();
    var h = root.querySelector("h2");
    if (h) { h.setAttribute("tabindex", "-1"); h.focus(); }
  }

  function route() {
    var params = new URLSearchParams(location.search);
    var list = params.get("liste");
    if (list && D.listes[list] && params.get("nouvelle")) return formFor(list, null);
    var record = list && D.listes[list] ? (data[list] || []).filter(function (r) { return r.id === params.get("fiche"); })[0] : null;
    if (record) return formFor(list, record);
    chooser();
    if (params.get("fiche")) root.insertBefore(el("p", { class: "guide-formulaire__erreur", role: "alert", text: "La fiche « " + params.get("fiche") + " » n'existe pas (ou plus) dans le guide publié : choisissez-la dans la liste." }), root.firstChild);
  }

  // Hors connexion : à la première visite, la page et les fiches arrivent avant le service worker (docs/sw.js) ; dès qu'il
  // prend la page en main, on les lui redemande pour qu'il les garde (la page avec son adresse ?liste=…&fiche=…).
  function keepForOffline() {
    if (!("serviceWorker" in navigator) || navigator.serviceWorker.controller) return;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      var styles = Array.prototype.map.call(document.querySelectorAll("link[rel=stylesheet]"), function (l) { return l.href; });
      var scripts = Array.prototype.map.call(document.querySelectorAll("script[src]"), function (x) { return x.src; });
      [location.href, settings.donnees].concat(styles, scripts).forEach(function (url) { fetch(url).catch(function () { /* réessayé à la prochaine visite */ }); });
    }, { once: true });
  }

  root.replaceChildren(el("p", { text: "Chargement des fiches…" }));
  fetch(settings.donnees).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(function (json) {
    data = json;
    route();
    window.addEventListener("popstate", route);
    root.setAttribute("data-pret", "oui");
    keepForOffline();
  }).catch(function () {
    root.replaceChildren(el("p", { class: "guide-formulaire__erreur", role: "alert", text: "Les fiches n'ont pas pu être chargées (pas de connexion ?). Rouvrez cette page une fois connecté : elle marchera ensuite aussi sans connexion." }));
  });
})();
