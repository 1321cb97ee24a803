"""Hors connexion : service worker, cache versionné, page hors ligne, jamais d'autre origine."""

from __future__ import annotations

import re

import pytest

from guide.sorties.site_files import stamp_service_worker, with_absolute_urls
from support import PHONE, wait_for


@pytest.mark.unit
def test_le_service_worker_change_de_version_a_chaque_nouvelle_construction(tmp_path):
    builds = iter(range(100))

    def build(content: str) -> str:
        site = tmp_path / f"build-{next(builds)}"
        (site / "fiches").mkdir(parents=True)
        (site / "fiches" / "a.html").write_text(content, encoding="utf-8")
        (site / "sw.js").write_text('const VERSION = "__VERSION__"; const LOCALES = __LOCALES__;', encoding="utf-8")
        version = stamp_service_worker(site, ["fr", "en"], "fr")
        assert (site / "sw.js").read_text(encoding="utf-8") == f'const VERSION = "{version}"; const LOCALES = ["en"];'
        return version

    assert build("un") == build("un"), "même contenu, même version"
    assert build("un") != build("deux"), "nouveau contenu, nouveau cache"


@pytest.mark.build
def test_le_service_worker_ignore_les_autres_origines(site):
    worker = (site / "sw.js").read_text(encoding="utf-8")
    assert "url.origin !== self.location.origin) return;" in worker
    assert re.search(r'const VERSION = "[0-9a-f]{16}";', worker)


CACHED_URLS = """async () => {
  const urls = [];
  for (const k of await caches.keys()) { for (const r of await (await caches.open(k)).keys()) urls.push(r.url); }
  return urls;
}"""


def _offline_title(site, prefix: str) -> str:
    """The title of a language's offline page, as built."""
    html = (site / prefix / "hors-ligne" / "index.html").read_text(encoding="utf-8")
    return re.search(r'<h1 id="[^"]*">([^<]+)</h1>', html).group(1)


@pytest.mark.browser
def test_une_page_vue_se_rouvre_sans_connexion(browser, server, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "fiches/contrat-engagement-jeune/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the service worker, which caches the page and its assets
    wait_for(page, "navigator.serviceWorker.controller !== null")
    title = page.locator("article h1").inner_text()
    origin = server.rstrip("/")
    cached = page.evaluate(CACHED_URLS)
    context.set_offline(True)
    page.reload()
    assert page.locator("article h1").inner_text() == title, "la fiche déjà vue s'ouvre sans connexion"
    header_position = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
    assert header_position in ("sticky", "fixed"), "les styles aussi viennent du cache"
    page.goto(server + "ar/fiches/tapaj/")
    assert page.locator("article h1").inner_text() == _offline_title(site, "ar") != _offline_title(site, "")
    assert page.evaluate("document.documentElement.lang") == "ar", "la page hors ligne est dans la langue demandée"
    page.goto(server + "fiches/tapaj/")
    assert page.locator("article h1").inner_text() == "Vous n'êtes pas connecté à Internet"
    context.set_offline(False)
    context.close()
    assert cached and all(url.startswith(origin) for url in cached)
    assert any(url.endswith("/hors-ligne/") for url in cached)


@pytest.mark.unit
def test_la_page_hors_ligne_n_a_que_des_adresses_absolues():
    html = (
        '<script>__md_scope=new URL("../..",location)</script><link rel="stylesheet" href="../../assets/guide.css">'
        '<a href="./">ici</a> <a href="../../fiches/x/">x</a> <a href="#__main">aller</a> <a href="tel:3949">3949</a>'
        '<script id="__config" type="application/json">{"base": "../../en/"}</script><p title="...">Attendre...</p>'
    )
    assert with_absolute_urls(html, "/en/hors-ligne/") == (
        '<script>__md_scope=new URL("/",location)</script><link rel="stylesheet" href="/assets/guide.css">'
        '<a href="/en/hors-ligne/">ici</a> <a href="/fiches/x/">x</a> <a href="#__main">aller</a> <a href="tel:3949">3949</a>'
        '<script id="__config" type="application/json">{"base": "/en/"}</script><p title="...">Attendre...</p>'
    )
    assert 'href="/guide/assets/guide.css"' in with_absolute_urls(html, "/guide/en/hors-ligne/"), "un site publié dans un dossier"


@pytest.mark.browser
def test_une_page_jamais_vue_a_toute_profondeur_montre_la_page_hors_ligne_mise_en_forme(browser, server, site):
    """Served at the address that failed (« /fiches/x/ », « /ar/je-cherche/…/emploi/ »), the offline page keeps its styles,
    and its message is on the first screen of a phone."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(server)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # controlled now: the home page's styles and scripts go into the cache
    wait_for(page, "navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    problems = []
    for prefix, path in (("", "fiches/tapaj/"), ("en", "en/fiches/tapaj/"), ("ar", "ar/je-cherche/18-25-ans/sans-emploi-ni-formation/emploi/")):
        page.goto(server + path)
        title = page.locator("article h1")
        if title.inner_text() != _offline_title(site, prefix):
            problems.append(f"{path} : pas la page hors ligne")
            continue
        styled = page.evaluate(
            "() => ['sticky', 'fixed'].includes(getComputedStyle(document.querySelector('.md-header')).position)"
            " && getComputedStyle(document.documentElement).getPropertyValue('--guide-bord').trim() !== ''"
        )
        bottom = title.bounding_box()["y"] + title.bounding_box()["height"]
        if not styled:
            problems.append(f"{path} : la page hors ligne n'a pas ses styles")
        if bottom > PHONE["height"]:
            problems.append(f"{path} : le message commence à {bottom:.0f} px, sous le premier écran")
    context.set_offline(False)
    context.close()
    assert problems == []
