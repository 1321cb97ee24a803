"""Recherche : les mots des habitants (données vérifiées), l'index par langue, et la vraie recherche dans Chromium.

Le tableau tests/fixtures/recherche-requetes.yaml donne, par langue, ce que tapent les habitants et la page qui doit
sortir dans les 3 premiers résultats.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from guide import build
from guide.langues.locales import Locales
from guide.langues.recherche import FILE_LIST, SearchIndexes, load_search_words
from guide.sorties.site_files import script_sources
from support import AXE, FIXTURES, PHONE, search, wait_for, yaml_load

TABLE = yaml_load((FIXTURES / "recherche-requetes.yaml").read_text(encoding="utf-8"))
# Requêtes qui échouent aujourd'hui, dites ici plutôt que retirées du tableau (le test échoue si l'une se met à marcher).
KNOWN_MISSES = {
    ("en", "work"),  # « work » est dans trop de pages anglaises (workshop, working…) : France Travail sort 13e
    ("ar", "عمل"),  # « عمل » (travail, faire, atelier) est dans la plupart des fiches arabes depuis leur mise à jour
}


# ---------------------------------------------------------------- the residents' words are data, checked (unit)


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fr.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.unit
def test_les_mots_des_habitants_sont_lus_par_fiche(validation):
    assert validation.ok
    fr = validation.search_words["fr"]
    assert "job" in fr["france-travail"] and "pole emploi" in fr["france-travail"]
    assert "حضانة" in validation.search_words["ar"]["creche-conventionnee"]


@pytest.mark.unit
def test_un_identifiant_inconnu_est_dit_en_francais_avec_sa_ligne(tmp_path):
    data = {"services": [{"id": "france-travail-planoise"}], "organisations": [{"id": "france-travail"}]}
    folder = _write(tmp_path / "recherche", "mots:\n  - mots: [job]\n    fiches: [france-travial]\n")
    words, problems = load_search_words(folder, data)
    assert words == {} and len(problems) == 1
    line = problems[0].format()
    assert line.startswith(f"{folder / 'fr.yaml'}:3:14: mots n°1 › fiches[1] : « france-travial » ne correspond à aucun enregistrement")
    assert "peut-être « france-travail » ?" in line and "exemple : france-travail" in line


@pytest.mark.unit
def test_une_entree_mal_formee_est_refusee_par_le_schema(tmp_path):
    folder = _write(tmp_path / "recherche", "mots:\n  - mots: [job, 3]\n    pages: [france-travail]\n")
    _, problems = load_search_words(folder, {"organisations": [{"id": "france-travail"}]})
    messages = " | ".join(p.format() for p in problems)
    assert "le champ « pages » n'existe pas" in messages and "le champ obligatoire « fiches » manque" in messages, messages
    assert "la valeur « 3 » n'est pas du bon type" in messages, messages


@pytest.mark.unit
def test_sous_servir_sh_la_politique_permet_le_rechargement_automatique():
    assert script_sources(serving=True) == "'self' 'wasm-unsafe-eval' 'unsafe-inline'"
    assert script_sources(serving=False) == "'self' 'wasm-unsafe-eval'"


@pytest.mark.unit
def test_chaque_langue_du_tableau_a_au_moins_30_requetes():
    assert {locale: len(queries) >= 30 for locale, queries in TABLE.items()} == {"fr": True, "facile": True, "en": True, "ar": True}


# ---------------------------------------------------------------- what is indexed (build)


def _pages(site: Path, pages: dict[str, str]) -> None:
    """Built pages: address → language; those ending in `/sans` carry no resident content (no data-pagefind-body)."""
    for address, lang in pages.items():
        mark = "" if address.endswith("/sans") else " data-pagefind-body"
        html = f'<!doctype html><html lang="{lang}"><head><title>{address}</title></head><body><main{mark}><h1>Crèche {address}</h1></main></body></html>'
        (site / address).mkdir(parents=True, exist_ok=True)
        (site / address / "index.html").write_text(html, encoding="utf-8")


@pytest.mark.outils
def test_l_index_d_une_langue_se_fait_pendant_que_la_suivante_se_construit(tmp_path):
    site = tmp_path / "site"
    _pages(site, {"": "fr", "fiches/creche": "fr", "fiches/sans": "fr"})  # the French pass is over…
    indexes = SearchIndexes(site, ["fr", "en"], "fr", {"fr": "fr", "en": "en"})
    indexes.start("fr")  # …and English is being built: its pages are not there yet
    assert list(indexes.runs) == ["fr"]
    _pages(site, {"en": "en", "en/fiches/creche": "en", "en/fiches/sans": "en"})
    assert indexes.finish() == {"fr": 2, "en": 2}, "les pages sans contenu pour les habitants ne sont pas lues ; l'anglais est fait à la fin"
    for root in (site, site / "en"):
        listed = json.loads((root / "pagefind" / FILE_LIST).read_text(encoding="utf-8"))
        assert "pagefind.js" in listed and all((root / "pagefind" / name).is_file() for name in listed)
    assert not (site / "en" / "en" / "pagefind").exists() and not indexes.scratch.exists(), "chaque index à sa place ; la copie de travail effacée"


class _Indexes:
    """SearchIndexes as the snapshot drives it: which language is started, and when."""

    made: list[_Indexes] = []

    def __init__(self, site_dir, codes, default, languages):
        self.runs, self.closed = [], False
        _Indexes.made.append(self)

    def start(self, locale):
        self.runs.append(locale)

    def close(self):
        self.closed = True


@pytest.mark.unit
def test_chaque_passe_lance_l_index_de_la_langue_d_avant(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "SearchIndexes", _Indexes)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # begin_pass gives it to MkDocs: restored after the test
    _Indexes.made = []
    locales = Locales(("fr", "facile", "en"), {}, {}, {})
    made = build.Snapshot(None, locales, None, "/", tmp_path)
    for locale in ("fr", "facile", "en"):  # mkdocs-static-i18n builds the default language first
        made.begin_pass(tmp_path, locale, "1700000000")
    assert [i.runs for i in _Indexes.made] == [["fr", "facile"]], "l'anglais, construit en dernier, est indexé par finish_site"
    made.begin_pass(tmp_path, "fr", "1700000000")  # the next build (`mkdocs serve`), or one after a build that failed half-way
    assert _Indexes.made[0].closed and len(_Indexes.made) == 2 and _Indexes.made[1].runs == []


@pytest.mark.build
def test_seules_les_pages_pour_les_habitants_sont_lues_par_la_recherche(site):
    fiche = (site / "fiches" / "creche-conventionnee" / "index.html").read_text(encoding="utf-8")
    assert "<div data-pagefind-body>" in fiche
    # The words are in the page for the index, hidden from every reader (screen readers included).
    assert '<p hidden data-pagefind-weight="10" data-pagefind-meta="mots">' in fiche and "nounou" in fiche
    assert 'data-pagefind-meta="resume[content]"' in fiche
    for other in ["", "themes/", "a-z/", "livrets/", "partenaires/traductions/", "suivi-du-pacte/", "je-cherche/", "en/imprimer/tapaj/"]:
        assert "data-pagefind-body" not in (site / other / "index.html").read_text(encoding="utf-8"), other


@pytest.mark.build
def test_chaque_langue_a_son_index_et_la_liste_de_ses_fichiers(site):
    for prefix in ["", "facile/", "en/", "ar/", "swb/"]:
        folder = site / prefix / "pagefind"
        files = json.loads((folder / "fichiers.json").read_text(encoding="utf-8"))
        assert "pagefind.js" in files and any(f.startswith("fragment/") for f in files), prefix
        assert all((folder / f).is_file() for f in files), prefix
        assert not (folder / "pagefind-ui.js").exists() and not (folder / "pagefind-worker.js").exists()
        # Every compressed file of the bundle is whole (an empty engine file once broke the search in Shimaore).
        for name in files:
            if name.endswith((".pagefind", ".pf_meta", ".pf_index", ".pf_fragment")):
                assert gzip.decompress((folder / name).read_bytes()), (prefix, name)
    assert (site / "ar" / "pagefind" / "wasm.ar.pagefind").exists() and not (site / "ar" / "pagefind" / "wasm.unknown.pagefind").exists()
    assert (site / "swb" / "pagefind" / "wasm.fr.pagefind").exists()  # Shimaoré pages are shown in French until reviewed


# ---------------------------------------------------------------- the real search, in Chromium (browser)


@pytest.mark.browser
@pytest.mark.parametrize("locale", sorted(TABLE))
def test_ce_que_tapent_les_habitants_trouve_la_bonne_page(locale, browser, server):
    prefix = "" if locale == "fr" else f"{locale}/"
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    page.goto(server + prefix + "fiches/contrat-engagement-jeune/")
    misses = set()
    for query, wanted in TABLE[locale].items():
        links = search(page, query, typed=False)  # what is found; typing key by key: the other searches of the tests
        if "/" + prefix + wanted not in links[:3]:
            misses.add((locale, query))
    context.close()
    assert misses == {m for m in KNOWN_MISSES if m[0] == locale}


@pytest.mark.browser
def test_l_exemple_de_l_accueil_trouve_france_travail_en_premier(browser, server):
    page = browser.new_page()
    page.goto(server)
    assert search(page, "pole emploi")[0] == "/organisations/france-travail/"
    page.close()


@pytest.mark.browser
def test_un_mot_arabe_trouve_la_creche(browser, server):
    page = browser.new_page()
    page.goto(server + "ar/")
    links = search(page, "حضانة")
    page.close()
    childcare = {"/ar/fiches/creche-conventionnee/", "/ar/fiches/monenfant-fr/"}  # the crèche, and the site that finds one
    assert links[0] in childcare and "/ar/fiches/creche-conventionnee/" in links[:2], links


# Latin text of the results that the reader's right-to-left text does not isolate: not inside a <bdi> or an element with dir.
_LATIN_UNISOLATED = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector('[data-recherche-liste]'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/[A-Za-z\u00c0-\u024f]{2}/.test(node.data)) continue;
    if (!node.parentElement.closest('[data-recherche-liste] bdi, [data-recherche-liste] [dir]')) found.push(node.data);
  }
  return { unisolated: found, isolated: [...document.querySelectorAll('[data-recherche-liste] bdi[dir=ltr]')].map(b => b.textContent) };
}"""


@pytest.mark.browser
def test_les_resultats_arabes_isolent_les_noms_en_lettres_latines(browser, server):
    """« عقد التزام الشباب (Contrat d'engagement jeune, CEJ) »: without isolation the brackets and words of the Latin
    name are reordered by the bidirectional algorithm. The results are built as text, each Latin run in a <bdi dir="ltr">."""
    page = browser.new_page()
    page.goto(server + "ar/")
    links = search(page, "CEJ")
    assert "/ar/fiches/contrat-engagement-jeune/" in links[:3], links
    found = page.evaluate(_LATIN_UNISOLATED)
    assert found["unisolated"] == [], found
    assert "Contrat d'engagement jeune, CEJ" in found["isolated"], found
    page.goto(server + "en/")  # left to right: the same titles as plain text
    search(page, "CEJ")
    assert page.locator("[data-recherche-liste] bdi").count() == 0
    page.close()


@pytest.mark.browser
def test_rien_de_l_index_au_chargement_tout_a_la_premiere_recherche(browser, server):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(server + "fiches/contrat-engagement-jeune/", wait_until="networkidle")
    assert [u for u in asked if "/pagefind/" in u or "search_index" in u] == []
    assert page.locator("[data-recherche-ouvrir]").is_visible()
    assert search(page, "cej")[0] == "/fiches/contrat-engagement-jeune/"
    used = [u for u in asked if "/pagefind/" in u]
    assert any(u.endswith("/pagefind/pagefind.js") for u in used) and any(u.endswith(".pf_index") for u in used), used
    assert all(u.startswith(server) for u in asked)  # aucune requête vers un autre site
    context.close()


@pytest.mark.browser
def test_la_fenetre_de_recherche_au_clavier(browser, server):
    page = browser.new_page(viewport=PHONE)
    page.goto(server + "en/")
    page.keyboard.press("/")
    wait_for(page, "document.getElementById('guide-recherche').open && document.activeElement.id === 'guide-recherche-champ'")
    page.keyboard.type("daycare")
    page.keyboard.press("Enter")  # Entrée : le focus va au premier résultat
    wait_for(page, "document.activeElement.closest('[data-recherche-liste]') !== null")
    assert page.evaluate("document.activeElement === document.querySelector('[data-recherche-liste] a')")
    assert page.evaluate("new URL(document.activeElement.href).pathname") in {"/en/fiches/creche-conventionnee/", "/en/fiches/monenfant-fr/"}
    page.keyboard.press("Escape")
    wait_for(page, "!document.getElementById('guide-recherche').open && document.activeElement.matches('[data-recherche-ouvrir]')")
    width = page.evaluate("document.getElementById('guide-recherche').getBoundingClientRect().width")
    assert width <= 360
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "facile/", "en/", "ar/", "swb/"])
def test_la_fenetre_de_recherche_a_un_nom_et_passe_axe(prefix, browser, server):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    context.add_init_script(AXE.read_text(encoding="utf-8"))
    page = context.new_page()
    page.goto(server + prefix + "fiches/tapaj/")
    assert search(page, "tapaj")[0] == f"/{prefix}fiches/tapaj/"  # the search works in every language (swb: no stemming)
    name = page.evaluate("document.getElementById(document.getElementById('guide-recherche').getAttribute('aria-labelledby')).textContent.trim()")
    assert name
    result = page.evaluate("() => axe.run(document.getElementById('guide-recherche'), {resultTypes: ['violations']})")
    context.close()
    assert [v["id"] for v in result["violations"]] == []


@pytest.mark.browser
def test_la_recherche_marche_hors_connexion_apres_un_premier_usage(browser, server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(server + "fiches/tapaj/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    wait_for(page, "navigator.serviceWorker.controller !== null")
    search(page, "creche")
    # The worker keeps the whole index of the language (fichiers.json) after the first search.
    wait_for(
        page,
        "async () => { const c = await caches.keys(); if (!c.length) return false; const k = await (await caches.open(c[0])).keys();"
        " const n = k.filter(r => r.url.includes('/pagefind/fragment/')).length; return n > 100; }",
        timeout=60,
    )
    context.set_offline(True)
    page.reload()
    links = search(page, "dentiste")
    context.close()
    assert links and links[0] == "/fiches/depistage-dentaire/", links
