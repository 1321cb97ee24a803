"""Langues : chaque page dans chaque langue, bonne langue et bon sens d'écriture, sélecteur, recherche séparée,
tableau de bord, ajout d'une langue sans code, enregistrement audio par langue."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from guide.donnees.paths import ROOT
from guide.langues.locales import default_language_only
from guide.langues.translations import fingerprint
from guide.rendu.report import coverage
from guide.validate import validate
from support import FIXTURES, OTHER_LOCALES, REAL_DATA_DIR, TODAY, RightToLeftText, french_pages, is_partners_page, search, validate_fixture, yaml_load

# Shimaoré pages are French (lang="fr") as long as no Shimaoré speaker has written or reviewed their texts (data/interface/swb.yaml).
LOCALES = {"facile": ("fr", "ltr"), "en": ("en", "ltr"), "ar": ("ar", "rtl"), "swb": ("fr", "ltr")}
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?(-x(-[a-z0-9]{1,8})+)?$")
HTML_TAG = re.compile(r'<html dir="(\w+)" lang="([^"]+)"')


@pytest.mark.build
def test_chaque_page_existe_dans_chaque_langue_avec_lang_et_dir(site):
    """Every page for residents exists in every language; the partners' pages (partenaires/) in French only."""
    assert sorted(LOCALES) == sorted(OTHER_LOCALES), "chaque langue de mkdocs.yml est vérifiée ici"
    pages = french_pages(site)
    assert len(pages) > 150
    for page in pages:
        assert HTML_TAG.search(page.read_text(encoding="utf-8")[:400]).groups() == ("ltr", "fr")
        for locale, (lang, direction) in LOCALES.items():
            other = site / locale / page.relative_to(site)
            if is_partners_page(site, page):
                assert not other.exists(), f"{other} : copie française d'une page des partenaires"
                continue
            assert other.exists(), other
            assert HTML_TAG.search(other.read_text(encoding="utf-8")[:400]).groups() == (direction, lang), other


@pytest.mark.unit
def test_les_pages_faites_en_francais_seulement_sont_celles_sans_autre_langue():
    made = ["a.md", "a.en.md", "a.ar.md", "partenaires/champs.md", "partenaires/relire-en/page-2.md", "imprimer/cej.en.md", "b.md", "b.facile.md"]
    assert default_language_only(made, ["fr", "facile", "en", "ar"]) == {"partenaires/champs.md", "partenaires/relire-en/page-2.md"}
    assert default_language_only(["x.md", "x.ar.md"], ["fr", "en", "ar"]) == set()  # one translation is enough to be built in every language
    assert default_language_only([], ["fr", "en"]) == set()


@pytest.mark.build
def test_une_page_des_partenaires_mene_a_l_accueil_de_chaque_langue(site, real_pages):
    """The partners' pages are made in French only (guide/rendu/plan.py): each is built once, under no other language.
    Its language selector leads to each language's home, the sitemap lists it once, and a page of another language
    that links to one leads to the French page."""
    made_in_french_only = {_source_url(uri) for uri in default_language_only(real_pages, ["fr", "facile", "en", "ar"])}
    partners = {page.parent.relative_to(site).as_posix() + "/" for page in french_pages(site) if is_partners_page(site, page)}
    assert made_in_french_only <= partners and len(made_in_french_only) > 10
    assert {p for p in partners - made_in_french_only if not p.startswith("partenaires/relire-swb/")} == set()  # real_pages: no Shimaoré
    page = site / "partenaires" / "champs" / "index.html"
    found = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+" dir="\w+" class="md-select__link">', page.read_text(encoding="utf-8"))
    homes = {lang: href for href, lang in found if lang != "fr"}
    assert set(homes) == {"fr-x-falc", "en", "ar", "swb"}
    for lang, href in homes.items():
        target = (site / href.lstrip("/")) if href.startswith("/") else (page.parent / href)
        assert (target / "index.html").resolve() == (site / {"fr-x-falc": "facile"}.get(lang, lang) / "index.html").resolve(), (lang, href)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entry = sitemap.split("<loc>https://guide-planoise.invalid/partenaires/champs/</loc>", 1)[1].split("</url>", 1)[0]
    assert re.findall(r'hreflang="([^"]+)"', entry) == ["fr"]
    assert "/en/partenaires/" not in sitemap and "/ar/partenaires/" not in sitemap
    for locale in ("en", "ar", "swb"):
        about = site / locale / "a-propos" / "index.html"
        links = re.findall(r'href="([^"]*partenaires/a-completer/)"', about.read_text(encoding="utf-8"))
        report = (site / "partenaires" / "a-completer" / "index.html").resolve()
        assert links and all((about.parent / link / "index.html").resolve() == report for link in links), (locale, links)


def _menu(page: Path) -> list[str]:
    """The labels of the site's main menu on a built page."""
    html = re.sub(r'<nav class="md-nav md-nav--secondary".*?</nav>', "", page.read_text(encoding="utf-8"), flags=re.S)  # the page's table of contents
    nav = html.split("md-nav--primary", 1)[1].split("</nav>", 1)[0]
    return [" ".join(label.split()) for label in re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">([^<]+)</span>', nav)]


@pytest.mark.build
def test_les_menus_et_titres_sont_dans_la_langue_de_la_page(site):
    interface = {locale: yaml_load((ROOT / "data" / "interface" / f"{locale}.yaml").read_text(encoding="utf-8")) for locale in ("fr", "en", "ar")}
    french = {v for k, v in interface["fr"].items() if k.startswith("menu.")}
    assert len(french) == 13
    wanted = {locale: {v["texte"] for k, v in interface[locale].items() if k.startswith("menu.")} for locale in ("en", "ar")}
    for page in ("a-propos/index.html", "themes/index.html", "fiches/contrat-engagement-jeune/index.html"):
        assert set(_menu(site / page)) == french, page
        arabic, english = _menu(site / "ar" / page), _menu(site / "en" / page)
        assert set(arabic) == wanted["ar"] and set(english) == wanted["en"], (page, arabic, english)
        assert all(re.search("[\u0600-\u06ff]", label) for label in arabic), (page, arabic)
        assert "Accueil" not in english and "Je cherche une aide" not in english
    assert "<title>المواضيع - " in (site / "ar" / "themes" / "index.html").read_text(encoding="utf-8")
    assert "<title>Themes - " in (site / "en" / "themes" / "index.html").read_text(encoding="utf-8")
    # Shimaoré: the menu stays French (its labels are machine drafts, not shown), on a page marked French.
    assert set(_menu(site / "swb" / "themes" / "index.html")) == french


NOTICE_TITLE = re.compile(r'<div class="admonition warning guide-avis">\s*<p class="admonition-title">([^<]+)</p>')


@pytest.mark.donnees
@pytest.mark.build
def test_chaque_page_qui_montre_un_texte_non_relu_porte_l_avis(site):
    """A rule, whatever the data: in a locale where no speaker has reviewed any text yet (no `statut: relu` in its
    translations nor in its interface words), every page shows a machine text or French in the place of one, so each carries
    the notice (the partners' pages are French only, by design). Once a speaker has reviewed texts (a partner's correct
    edit), a page that shows only reviewed texts has no notice: tests/test_avis_par_page.py holds that case on fixtures.
    Whatever is reviewed, a notice is one of the locale's own notices."""
    for locale in LOCALES:
        pages = list((site / locale).rglob("index.html"))  # the partners' pages are not built under the other languages
        assert len(pages) > 20, locale
        files = [REAL_DATA_DIR / "translations" / f"{locale}.yaml", REAL_DATA_DIR / "interface" / f"{locale}.yaml"]
        reviewed = any(re.search(r"\bstatut: relu\b", f.read_text(encoding="utf-8")) for f in files if f.exists())
        titles: dict[str, int] = {}
        for page in pages:
            found = NOTICE_TITLE.search(page.read_text(encoding="utf-8"))
            assert found or reviewed, f"{page.relative_to(site)} : un texte non relu sans avis (aucun texte relu en {locale})"
            if found:
                titles[found.group(1).strip()] = titles.get(found.group(1).strip(), 0) + 1
        if locale == "swb":
            allowed = {"Pas encore de version relue en shimaoré"}
        else:
            strings = yaml_load((REAL_DATA_DIR / "interface" / f"{locale}.yaml").read_text(encoding="utf-8"))
            allowed = {strings[key]["texte"] for key in strings if re.fullmatch(r"avis_[a-z_]+_titre", key) and isinstance(strings[key], dict)}
        assert set(titles) <= allowed, (locale, titles)


NUMBER = re.compile(r"(?<!\d)(?<!\d )(?<!\d\u00a0)\d[\d \u00a0]*\d")


@pytest.mark.build
def test_les_nombres_arabes_ne_se_retournent_pas(site):
    """« 350 000 » written with a plain space shows as « 000 350 » in right-to-left text: a no-break space keeps it whole.
    (Phone numbers, which start with 0, are isolated with <bdi> elsewhere.)"""
    split, seen = [], 0
    for page in (site / "ar").rglob("index.html"):  # the partners' pages, French only, are not built under ar/
        html = page.read_text(encoding="utf-8")
        seen += len(re.findall(r"[1-9]\d{0,2}(?:\u00a0|&nbsp;)\d{3}(?!\d)", html))  # amounts kept whole (and often also in a <bdi>)
        for text in RightToLeftText.of(html):
            for number in NUMBER.findall(text):
                if not number.startswith("0") and re.search(r"\d \d{3}(?!\d)", number):
                    split.append(f"{page.relative_to(site)} : {number}")
    assert not split, split
    assert seen >= 2, "les montants de la cité éducative et des quartiers 2030 gardent leur espace insécable"


@pytest.mark.build
def test_une_page_montree_en_francais_dans_une_langue_rtl_est_marquee_fr(site):
    """« Familles mahoraises » has no Arabic version: its French text is marked French, left to right, under the Arabic notice."""
    page = (site / "ar" / "familles-mahoraises" / "index.html").read_text(encoding="utf-8")
    french = re.search(r'<div dir="ltr" lang="fr">\s*<h1 id="familles-mahoraises', page)
    assert french, "le texte français de la page est marqué lang=fr dir=ltr"
    assert page.index("admonition warning guide-avis") < french.start()


class _ArticleLanguage(HTMLParser):
    """The text of a page's article (outside scripts and icons), each piece with the language an element of the article
    gives it (None: the page's own, from <html>) and whether it is in the parts the theme writes in the reader's language
    around the page's text (the notice, « Signaler une erreur » at the end)."""

    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, str | None, bool, bool]] = []  # tag, in article, lang, in notice, skipped
        self.texts: list[tuple[str, str | None, bool]] = []
        self.marks: dict[str, str | None] = {}  # header title, table of contents, tools under the title: their lang

    def handle_starttag(self, tag, attrs):
        if tag in self._VOID:
            return
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        up = self.stack[-1] if self.stack else ("", False, None, False, False)
        article = up[1] or "md-content__inner" in classes
        lang = a.get("lang", up[2]) if article else None
        if a.get("data-md-component") == "header-topic":
            self.marks["titre"] = "?"
        elif self.marks.get("titre") == "?" and tag == "span":
            self.marks["titre"] = a.get("lang")
        if a.get("data-md-component") == "toc":
            self.marks["sommaire"] = a.get("lang")
        if "guide-outils" in classes:
            self.marks["outils"] = a.get("lang")
        self.stack.append((tag, article, lang, up[3] or bool({"guide-avis", "guide-modifier"} & set(classes)), up[4] or tag in ("script", "style", "svg")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and not self.stack[-1][4] and data.strip():
            self.texts.append((data.strip(), self.stack[-1][2], self.stack[-1][3]))


def _source_url(src_uri: str) -> str:
    """`partenaires/champs.md` → `partenaires/champs/`, `themes/index.md` → `themes/` (use_directory_urls)."""
    stem = src_uri[: -len(".md")]
    return "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else f"{stem}/"


@pytest.mark.build
def test_une_page_sans_version_dans_la_langue_montre_son_texte_marque_fr(site, real_pages):
    """WCAG 3.1.1/3.1.2: a page that has no source in a locale (a hand-written page not translated) is shown in French by
    the language plugin (not the partners' pages, made in French only and not built again under each language); under
    /en/ and /ar/ its text, the title repeated in the header and its table of contents are marked lang="fr" dir="ltr";
    the notice and the tools stay in the reader's language."""
    made = set(real_pages)  # the generated pages in fr, facile, en and ar, rendered once per run (tests/conftest.py)
    written = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    sources = made | written
    french = {uri for uri in sources if not re.search(r"\.[a-z]+\.md$", uri)}
    for locale in ("en", "ar"):
        missing = sorted(uri for uri in french if f"{uri[: -len('.md')]}.{locale}.md" not in sources)
        missing = [uri for uri in missing if not uri.startswith("partenaires/")]  # made in French only: not built under /en/ or /ar/
        assert len(missing) >= 2, (locale, missing)
        for uri in missing:
            page = site / locale / _source_url(uri) / "index.html"
            parser = _ArticleLanguage()
            parser.feed(page.read_text(encoding="utf-8"))
            unmarked = [text for text, lang, chrome in parser.texts if lang is None and not chrome]
            assert not unmarked, f'{page.relative_to(site)} : texte français sans lang="fr" : {unmarked[:5]}'
            marked = " ".join(text for text, lang, _ in parser.texts if lang == "fr")
            assert len(marked) > 200, page
            chrome = [text for text, lang, in_chrome in parser.texts if in_chrome and lang is None]
            assert chrome and not re.search(r"\b(la|les|une|est)\b", " ".join(chrome)), (page, chrome)  # the reader's language
            assert parser.marks.get("titre") == "fr", page
            assert parser.marks.get("sommaire", "fr") == "fr", page
            assert parser.marks["outils"] == locale, page  # the buttons under the French title stay in the reader's language


class _UnisolatedLatin(HTMLParser):
    """Latin runs of two letters or more in the header, the menus (and table of contents) and the footer of a
    right-to-left page that are neither in a <bdi> nor in an element with its own dir (<html> and <body> set the page's)."""

    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
    _LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # tag, in the chrome, isolated
        self.found: list[str] = []
        self.seen = 0  # pieces of text read in the chrome

    def handle_starttag(self, tag, attrs):
        if tag in self._VOID:
            return
        a = dict(attrs)
        up = self.stack[-1] if self.stack else ("", False, False)
        chrome = up[1] or tag in ("header", "nav", "footer")
        isolated = up[2] or tag in ("bdi", "script", "style", "svg") or ("dir" in a and tag not in ("html", "body"))
        self.stack.append((tag, chrome, isolated))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and data.strip():
            self.seen += 1
            if not self.stack[-1][2]:
                self.found += self._LATIN.findall(data)


@pytest.mark.build
def test_les_menus_et_l_en_tete_arabes_isolent_les_passages_en_lettres_latines(site):
    """« CAF », « France Travail », « (CEJ) » in the Arabic header title, menu, table of contents, language list and
    footer: each Latin run is in a <bdi> (or an element with dir), or the bidirectional algorithm reorders it."""
    pages = sorted((site / "ar").rglob("*.html"))
    assert len(pages) > 250
    problems, isolated = [], 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        parser = _UnisolatedLatin()
        parser.feed(html)
        assert parser.seen > 10, page  # the parser did read the header and the menu
        if parser.found:
            problems.append(f"{page.relative_to(site)} : {sorted(set(parser.found))[:6]}")
        isolated += html.count('<bdi dir="ltr">')
    assert not problems, f"{len(problems)} pages : {problems[:5]}"
    page = (site / "ar" / "fiches" / "contrat-engagement-jeune" / "index.html").read_text(encoding="utf-8")
    header = page.split('data-md-component="header-topic"', 1)[1].split("</div>", 1)[0]
    assert '(<bdi dir="ltr">Contrat d\'engagement jeune, CEJ</bdi>)' in header, header


@pytest.mark.build
def test_le_shimaore_montre_le_francais_marque_fr(site):
    page = (site / "swb" / "fiches" / "contrat-engagement-jeune" / "index.html").read_text(encoding="utf-8")
    assert HTML_TAG.search(page[:400]).groups() == ("ltr", "fr")
    for word in ("Upiha", "Ntsaha msada", "Msada (accompagnement intensif)", "mababa"):
        assert word not in page, word
    assert "Contrat d'engagement jeune" in page


@pytest.mark.build
def test_le_selecteur_de_langue_reste_sur_la_meme_page(site):
    page = site / "fiches" / "contrat-engagement-jeune" / "index.html"
    found = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+" dir="(\w+)" class="md-select__link">', page.read_text(encoding="utf-8"))
    by_lang = {lang: href for href, lang, _ in found}
    assert set(by_lang) == {"fr", "fr-x-falc", "en", "ar", "swb"}
    assert {lang: direction for _, lang, direction in found if direction != "ltr"} == {"ar": "rtl"}  # each name in its own direction
    for lang, href in by_lang.items():
        target = (page.parent / href / "index.html").resolve()
        assert target.relative_to(site.resolve()).as_posix().endswith("fiches/contrat-engagement-jeune/index.html"), (lang, href)


@pytest.mark.build
def test_les_hreflang_sont_des_etiquettes_bcp47(site):
    for source in [site / "index.html", site / "ar" / "fiches" / "contrat-engagement-jeune" / "index.html", site / "sitemap.xml"]:
        tags = set(re.findall(r'hreflang="([^"]+)"', source.read_text(encoding="utf-8")))
        assert tags == {"fr", "fr-x-falc", "en", "ar", "swb"}, source
        assert all(BCP47.match(tag) for tag in tags)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="fr-x-falc" href="https://guide-planoise.invalid/facile/fiches/contrat-engagement-jeune/"' in sitemap


@pytest.mark.build
def test_chaque_langue_a_son_404_et_son_plan_du_site(site):
    assert HTML_TAG.search((site / "404.html").read_text(encoding="utf-8")).groups() == ("ltr", "fr")
    for locale, (lang, direction) in LOCALES.items():
        page = (site / locale / "404.html").read_text(encoding="utf-8")
        assert HTML_TAG.search(page).groups() == (direction, lang)
        assert (site / locale / "sitemap.xml").exists()


@pytest.mark.build
def test_les_index_de_recherche_ne_melangent_pas_les_langues(site):
    """One Pagefind index per language, with the stemming of the language its pages are shown in (Shimaoré: French,
    as long as no speaker has reviewed its texts)."""
    expected = {"fr": "fr", "facile": "fr", "en": "en", "ar": "ar", "swb": "fr"}
    for locale in ["fr", *LOCALES]:
        folder = site / ("" if locale == "fr" else locale) / "pagefind"
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [expected[locale]], locale
        assert entry["languages"][expected[locale]]["page_count"] > 100, locale


def _search(browser, server, path: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(server + path)
    links = search(page, query)
    page.close()
    return links


@pytest.mark.browser
def test_une_recherche_en_anglais_ne_donne_que_des_pages_anglaises(browser, server):
    links = _search(browser, server, "en/", "job")
    assert links and all(link.startswith("/en/") for link in links), links


@pytest.mark.browser
def test_une_recherche_en_arabe_trouve_les_pages_arabes(browser, server):
    links = _search(browser, server, "ar/", "عمل")
    assert links and all(link.startswith("/ar/") for link in links), links


@pytest.mark.browser
def test_arabe_de_droite_a_gauche_et_numeros_de_gauche_a_droite(browser, server, tmp_path):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(server + "ar/fiches/contrat-engagement-jeune/")
    assert page.evaluate("getComputedStyle(document.querySelector('article h1')).direction") == "rtl"
    heading = page.locator("article h1").bounding_box()
    assert heading["x"] + heading["width"] > 300, "le titre arabe commence à droite"
    links = page.locator('article a[href^="tel:"]')
    phones = page.locator('article a[href^="tel:"] bdi[dir="ltr"]')
    assert links.count() >= 1 and phones.count() >= links.count(), "chaque numéro est isolé, de gauche à droite"
    assert "3949" in phones.all_inner_texts()
    shot = tmp_path / "arabe-360.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 5000
    page.close()


# ---------------------------------------------------------------- dashboard (fixture)


@pytest.mark.unit
def test_le_tableau_de_bord_compte_juste():
    validation = validate_fixture()
    (cov,) = coverage(validation.guide, validation.localizers(["fr", "facile"]))
    assert (cov.fields, cov.translated, cov.reviewed, cov.outdated, cov.missing, cov.withheld) == (19, 13, 9, 1, 5, 0)
    assert cov.statuses == {"relu": 10, "brouillon": 4}  # the outdated title (relu) is counted by its status too
    todo = {r.id: (missing, outdated) for r, missing, outdated in cov.todo}
    assert todo["mesure-20"] == ([], ["titre"])
    assert todo["mesure-21"] == (["titre", "engagement", "sans_service_motif"], [])
    assert set(todo) == {"mesure-20", "mesure-21", "org-a", "org-b"}


@pytest.mark.unit
def test_l_anglais_et_l_arabe_ont_chaque_chaine_d_interface(validation):
    """Every interface string (data/interface/fr.yaml, the labels and descriptions of the schema's lists) exists in
    English and in Arabic: none is shown in French in their place. In Arabic, each is written in Arabic letters, but
    for a file name (the names of offices stay in Latin letters, in brackets, isolated when the page is made)."""
    for localizer in validation.localizers(["fr", "en", "ar"])[1:]:
        missing = sorted(key for key in localizer.sources if localizer.string_state(key) == "manquant")
        assert missing == [], (localizer.locale, len(missing), missing[:10])
        if localizer.locale == "ar":
            latin = sorted(key for key in localizer.sources if not re.search("[\u0600-\u06ff]", localizer.raw(key)))
            assert latin == ["fichier_data_inclusion.services", "fichier_data_inclusion.structures"], latin


# ---------------------------------------------------------------- adding a language needs no code


@pytest.mark.build
def test_ajouter_une_langue_sans_code(tmp_path):
    """One entry in mkdocs.yml, one translation file, one interface-strings file: a German site appears."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data, ignore=shutil.ignore_patterns("*.py"))
    shutil.move(str(data / "minimal.yaml"), str(data / "schemes.yaml"))
    (data / "interface").mkdir()
    shutil.copy(ROOT / "data" / "interface" / "fr.yaml", data / "interface" / "fr.yaml")
    (data / "interface" / "de.yaml").write_text('babel: de_DE\nlang: de\npour_qui: "Für wen"\nfacile_a_lire: "Leichte Sprache"\n', encoding="utf-8")
    (data / "translations" / "de.yaml").write_text(
        f'services:\n  service-a:\n    nom:\n      texte: Dienst A\n      statut: brouillon\n      par: Test\n      empreinte: "{fingerprint("Service A")}"\n'
        "    audio:\n      fichier: audio/de/service-a.wav\n      statut: brouillon\n      par: Vermittlerin\n"
        "      duree: 0.2\n      consentement: accord écrit de test\n      transcription: Un son de test.\n",
        encoding="utf-8",
    )
    docs = tmp_path / "docs"
    (docs / "audio" / "de").mkdir(parents=True)
    _write_tone(docs / "audio" / "de" / "service-a.wav")
    (docs / "index.md").write_text("# Accueil\n\n<!-- guide:themes -->\n", encoding="utf-8")
    text = re.sub(r'!ENV\s*\[\s*\w+\s*,\s*("[^"]*"|null)\s*\]', r"\1", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))  # the defaults of !ENV
    config = yaml_load(text.replace("!!python/name:", "PYNAME:"))
    config["docs_dir"] = str(docs)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["extra_css"] = []
    config["nav"] = [{"Accueil": "index.md"}]
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]  # relative to mkdocs.yml, which moves here
    config.pop("watch", None)
    i18n = next(p["guide-i18n"] for p in config["plugins"] if isinstance(p, dict) and "guide-i18n" in p)
    i18n["languages"] = [lang for lang in i18n["languages"] if lang["locale"] == "fr"] + [{"locale": "de", "name": "Deutsch", "build": True}]
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False).replace("PYNAME:", "!!python/name:")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_DATA": str(data / "schemes.yaml")},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    german = (site / "de" / "fiches" / "service-a" / "index.html").read_text(encoding="utf-8")
    assert HTML_TAG.search(german).groups() == ("ltr", "de")
    assert "Dienst A" in german and "Für wen" in german
    assert "Deutsch" in (site / "fiches" / "service-a" / "index.html").read_text(encoding="utf-8")
    assert (site / "de" / "pagefind" / "pagefind-entry.json").exists()
    # Rien à charger avant un geste : un lien vers le fichier (docs/assets/audio.js en fait un lecteur au toucher), pas de <audio>.
    audio = re.search(r'<a class="guide-bouton" href="([^"]+)" data-guide-audio', german)
    assert audio and audio.group(1) == "/audio/de/service-a.wav"
    assert "<audio" not in german and "Un son de test." in german
    assert (site / audio.group(1).lstrip("/")).stat().st_size > 1000
    assert "<audio" not in (site / "fiches" / "service-a" / "index.html").read_text(encoding="utf-8"), (
        "l'enregistrement allemand n'est que sur la page allemande"
    )


def _write_tone(path: Path) -> None:
    """A real, tiny WAV file (0.2 s of a 440 Hz tone) generated for the test, not fake content in the data."""
    import math
    import struct
    import wave

    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / 8000))) for i in range(1600)))


@pytest.mark.unit
def test_un_enregistrement_absent_est_une_erreur(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data)
    shutil.move(str(data / "minimal.yaml"), str(data / "schemes.yaml"))
    (data / "translations" / "swb.yaml").write_text(
        "services:\n  service-a:\n    audio:\n      fichier: audio/swb/service-a.mp3\n      statut: brouillon\n      par: médiatrice\n"
        "      duree: 3\n      consentement: accord écrit de test\n      transcription: Un son de test.\n",
        encoding="utf-8",
    )
    result = validate(data / "schemes.yaml", on=TODAY)
    assert [(p.record_id, p.field, p.line) for p in result.errors] == [("service-a", "audio.fichier", 4)]
    assert "docs/audio/swb/service-a.mp3 n'existe pas" in result.errors[0].message


@pytest.mark.unit
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_une_page_entierement_en_francais_le_dit_pour_toute_la_page(validation, locale):
    """A page with no version in the reader's language is French as a whole: the notice says the page is missing, not
    « part of this page », in the reader's language, and the text that follows is marked French."""
    from guide.rendu.handwritten import in_default_language

    localizer = validation.localizers(["fr", locale])[1]
    meta: dict = {}
    page = in_default_language("# Référence des champs\n\nUn texte pour les partenaires.", meta, localizer)
    notice, _, text = page.partition('<div lang="fr" dir="ltr" markdown>')
    assert localizer.raw("avis_page_manquante") in notice and localizer.raw("avis_manquant") not in notice
    assert localizer.raw("avis_page_manquante") != validation.localizers(["fr"])[0].raw("avis_page_manquante"), "dans la langue du lecteur"
    assert "Un texte pour les partenaires." in text and meta["guide_langue_texte"]["lang"] == "fr"
