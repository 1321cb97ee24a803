/* « Je cherche… » sans rechargement : chaque réponse est un vrai lien vers une page construite d'avance.
   Ici, on va chercher cette page, on remplace seulement le bloc des questions et des aides, on change l'adresse
   (pour la partager ou l'imprimer), on place le focus sur le nouveau titre et on l'annonce. Sans JavaScript, les liens marchent. */
(function () {
  "use strict";
  var block = document.querySelector("[data-je-cherche]");
  var status = document.querySelector("[data-je-cherche-annonce]");
  var at = location.pathname.indexOf("/je-cherche/");
  if (!block || !status || at < 0 || !window.fetch || !window.DOMParser || !history.pushState) return;
  var root = location.origin + location.pathname.slice(0, at + "/je-cherche/".length);

  // Links outside the block keep working once the address changes, and so do the icon and the manifest of the page
  // (relative addresses : Chromium asks the icon again after each change of address, « ../assets/… » would be 404).
  document.querySelectorAll("a[href]").forEach(function (a) {
    var href = a.getAttribute("href");
    if (!block.contains(a) && href.charAt(0) !== "#") a.setAttribute("href", a.href);
  });
  document.querySelectorAll("link[rel~='icon'][href], link[rel='manifest'][href]").forEach(function (link) {
    link.setAttribute("href", link.href);
  });
  document.querySelectorAll("script[data-sw]").forEach(function (script) {
    script.setAttribute("data-sw", new URL(script.getAttribute("data-sw"), location.href).href);
  });

  function show(doc, url) {
    var fresh = doc.querySelector("[data-je-cherche]");
    if (!fresh) throw new Error("pas de bloc");
    block.innerHTML = fresh.innerHTML;
    block.setAttribute("data-annonce", fresh.getAttribute("data-annonce") || "");
    document.title = doc.title;
    // The other languages and the Facile à lire switch point at the same step.
    doc.querySelectorAll("a[hreflang]").forEach(function (a) {
      var mine = document.querySelector('a[hreflang="' + a.getAttribute("hreflang") + '"].' + (a.classList[0] || "x"));
      if (mine) mine.setAttribute("href", new URL(a.getAttribute("href"), url).href);
    });
    var heading = block.querySelector("h2");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    status.textContent = "";
    setTimeout(function () { status.textContent = block.getAttribute("data-annonce"); }, 50);
  }

  function go(url, push) {
    block.setAttribute("aria-busy", "true");
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (push) history.pushState({ jeCherche: true }, "", url);
        show(doc, url);
      })
      .catch(function () { location.href = url; })
      .then(function () { block.removeAttribute("aria-busy"); });
  }

  block.addEventListener("click", function (event) {
    var a = event.target.closest("a[href]");
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var url = a.href.split("#")[0];
    if (url.indexOf(root) !== 0) return;  // a service's page: ordinary link
    event.preventDefault();
    go(url, true);
  });

  history.replaceState({ jeCherche: true }, "", location.href);
  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.jeCherche) go(location.href, false);
  });
})();
