"""La politique de sécurité du contenu (Content-Security-Policy) dans Chromium : aucune violation, tout marche encore.

Chaque page a sa politique dans un <meta http-equiv> (overrides/main.html), avec l'empreinte de ses scripts en ligne
(guide/site_files.py). Chromium signale chaque chose refusée par un événement `securitypolicyviolation` et un message
« Content Security Policy » dans la console : on écoute les deux, sur deux pages de chaque sorte dans chaque langue
(la première et la dernière), la page 404 comprise, puis en se servant de la recherche, de « Je cherche… », du
partage, de l'écoute, de l'impression, du hors-ligne et du sélecteur de langue.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide.site_files import CSP_SCRIPTS_MARK, inline_scripts
from support import OTHER_LOCALES, search, wait_for

pytestmark = pytest.mark.browser

ALL_LOCALES = ["fr", *OTHER_LOCALES]
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# Record every refusal, and make the speech, share and print buttons usable without a real voice, menu or printer.
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));
window.print = () => { window.__imprime = true; };
navigator.share = data => { window.__partage = data.url; return Promise.resolve(); };
Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
  getVoices: () => [{lang: 'fr-FR', name: 'Voix de test'}], speaking: false, paused: false,
  speak(u) { window.__parle = u.text.length; }, pause() {}, resume() {}, cancel() {}, addEventListener() {},
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
"""


def _sample(site: Path) -> list[str]:
    """Two pages of every kind (the first folder of the address) in every locale, and each locale's 404 page."""
    chosen = []
    for locale in ALL_LOCALES:
        root = site if locale == "fr" else site / locale
        groups: dict[str, list[str]] = {}
        for page in sorted(root.rglob("index.html")):
            relative = page.relative_to(site).as_posix()
            parts = page.relative_to(root).parts
            if locale == "fr" and parts[0] in OTHER_LOCALES or parts[0] in ("search", "assets"):
                continue
            groups.setdefault(parts[0] if len(parts) > 2 else "pages", []).append(relative[: -len("index.html")])
        chosen += [path for group in groups.values() for path in dict.fromkeys([group[0], group[-1]])]
        chosen.append(("" if locale == "fr" else f"{locale}/") + "404.html")
    return chosen


def _watched(browser, **options):
    context = browser.new_context(**options)
    context.add_init_script(WATCH)
    console: list[str] = []
    context.on("console", lambda message: "Content Security Policy" in message.text and console.append(message.text))
    return context, console


def test_chaque_page_a_sa_politique_complete(site):
    pages = [p for p in site.rglob("*.html")]
    assert len(pages) > 1000
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = POLICY.findall(html)
        assert len(found) == 1, page
        policy = dict((d.split(" ", 1) + [""])[:2] for d in found[0].split("; "))
        assert CSP_SCRIPTS_MARK not in html, page
        assert policy["default-src"] == "'self'" and policy["style-src"] == "'self'" and policy["img-src"] == "'self' data:", page
        assert (policy["connect-src"], policy["object-src"], policy["base-uri"], policy["form-action"]) == ("'self'", "'none'", "'self'", "'none'"), page
        # Only 'wasm-unsafe-eval' (the search engine's WebAssembly): never 'unsafe-inline' nor 'unsafe-eval'.
        assert found[0].replace("'wasm-unsafe-eval'", "").count("unsafe") == 0, page
        sources = policy["script-src"].split()
        assert sources[:2] == ["'self'", "'wasm-unsafe-eval'"] and sources == [*dict.fromkeys(sources)], page
        assert len(sources) - 2 == len(set(inline_scripts(html))), page
        assert html.index("Content-Security-Policy") < html.index("<script"), f"{page} : la politique doit précéder tout script"


def test_l_echantillon_couvre_chaque_sorte_de_page_et_chaque_langue(site):
    sample = _sample(site)
    for locale in ALL_LOCALES:
        prefix = "" if locale == "fr" else f"{locale}/"
        mine = [p for p in sample if p.startswith(prefix) and (locale != "fr" or p.split("/")[0] not in OTHER_LOCALES)]
        for kind in ("fiches", "mesures", "organisations", "themes", "je-cherche", "livrets", "pour-qui"):
            assert any(p.startswith(f"{prefix}{kind}/") for p in mine), (locale, kind)
        assert f"{prefix}404.html" in mine


def test_aucune_violation_sur_chaque_sorte_de_page_de_chaque_langue(browser, server, site):
    context, console = _watched(browser, service_workers="block")
    page = context.new_page()
    refused = {}
    for path in _sample(site):
        page.goto(server + path, wait_until="load")
        page.wait_for_timeout(50)  # the violation events are queued as tasks
        found = page.evaluate("window.__csp")
        if found:
            refused[path] = found
    context.close()
    assert len(_sample(site)) > 60
    assert refused == {} and console == []


def test_tout_marche_encore_sous_la_politique(browser, server):
    context, console = _watched(browser)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    # Search: Pagefind's WebAssembly compiles ('wasm-unsafe-eval') and answers.
    page.goto(server + "ar/")
    assert search(page, "عمل")
    # Share, listen, print.
    page.goto(server + "fiches/contrat-engagement-jeune/")
    page.click(".guide-menu-outils summary")
    page.locator("[data-partager]").click()
    wait_for(page, "window.__partage !== undefined")
    page.locator("[data-imprimer]").click()
    assert page.evaluate("window.__imprime") is True
    page.locator(".guide-ecouter [data-action='lire']").click()
    wait_for(page, "window.__parle > 0")
    # Offline: the service worker is registered and controls the page.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    wait_for(page, "navigator.serviceWorker.controller !== null")
    # « Je cherche… »: an answer replaces the question in place.
    page.goto(server + "je-cherche/")
    before = page.url
    page.locator("[data-je-cherche] a").first.click()
    wait_for(page, "u => location.href !== u && !document.querySelector('[data-je-cherche]').hasAttribute('aria-busy')", arg=before)
    # Language switch: the home page's list of languages leads to the Arabic home page.
    page.goto(server)
    page.locator(".guide-langues a[hreflang='ar']").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "ar"
    violations = page.evaluate("window.__csp")
    context.close()
    assert violations == [] and console == []


def test_le_guet_voit_bien_une_violation(browser, server):
    """The watch of these tests can fail: a script without its hash is refused, and both signals say so."""
    context, console = _watched(browser, service_workers="block")
    page = context.new_page()
    page.route(
        "**/essai-csp.html",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body=(
                "<!doctype html><html lang='fr'><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'\">"
                "<title>essai</title></head><body><script>document.title = 'exécuté';</script></body></html>"
            ),
        ),
    )
    page.goto(server + "essai-csp.html", wait_until="load")
    page.wait_for_timeout(50)
    found = page.evaluate("window.__csp")
    title = page.title()
    context.close()
    assert title == "essai" and found and found[0].startswith("script-src") and console
