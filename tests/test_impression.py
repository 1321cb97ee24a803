"""Impression pour les médiateurs, vérifiée dans Chromium : chaque fiche (en français, Facile à lire, arabe et anglais)
tient sur une page A4, avec un QR code qui ouvre la même page ; feuilles en 2 langues (toutes en arabe et en shimaoré,
une vingtaine réparties en anglais) ; livrets par thème dans chaque langue.

Chromium imprime la page en PDF (comme « Enregistrer au format PDF ») ; poppler compte les pages (pdfinfo), en
extrait le texte (pdftotext) et en fait une image (pdftoppm) où zxing-cpp lit le QR code.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import zxingcpp

from guide.donnees.paths import SCHEMA_FILE
from guide.donnees.schema import Schema
from guide.rendu.printing import is_published_address, page_url, site_path
from guide.rendu.render import render_pages
from guide.rendu.selection import services_for_theme
from support import OTHER_LOCALES, SITE_URL, TODAY, complete_run, longest, sample_of, validate_fixture

PRINTED_LOCALES = ["fr", "facile", "ar", "en"]  # the issue asks for French, FALC, Arabic and one more
PRINTS_QR = is_published_address(SITE_URL)  # the tests build without GUIDE_SITE_URL: no QR code (test_adresse_du_site.py)
_HOST = SITE_URL.split("//")[-1].strip("/")
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad]")
# pdftotext gives the Arabic lam-alef ligature (لا, لأ…) back with its two letters in an order of its own:
# lam and alef are left out of both sides of the comparison; the other letters keep each word distinct.
# Its Arabic vowel marks come out as separate characters between spaces: marks are left out, and words are looked
# for in the text without its spaces.
LAM_ALEF = re.compile("[\u0644\u0627\u0623\u0625\u0622\u064b-\u065f\u0670]")


def fold(text: str) -> str:
    """Text as compared between the page and its PDF: Unicode compatibility forms, no bidi marks, no lam or alef, no vowel marks."""
    return LAM_ALEF.sub("", BIDI_MARKS.sub("", unicodedata.normalize("NFKC", text)))


# ---------------------------------------------------------------- addresses and pages (no browser)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("site_url", "source", "prefix", "expected"),
    [
        ("https://x.fr/", "fiches/cej.md", "", "https://x.fr/fiches/cej/"),
        ("https://x.fr", "fiches/cej.md", "ar/", "https://x.fr/ar/fiches/cej/"),
        ("https://x.fr/guide/", "themes/index.md", "en/", "https://x.fr/guide/en/themes/"),
        ("https://x.fr/guide", "index.md", "", "https://x.fr/guide/"),
    ],
)
def test_adresse_complete_d_une_page_generee(site_url, source, prefix, expected):
    assert page_url(site_url, source, prefix) == expected


@pytest.mark.unit
def test_chemin_du_site_sur_son_serveur():
    assert [site_path(u) for u in ["https://x.fr", "https://x.fr/", "https://x.fr/guide", "/"]] == ["/", "/", "/guide/", "/"]


@pytest.mark.unit
def test_feuilles_en_2_langues_seulement_pour_les_autres_langues():
    """French beside Facile à lire would print French twice: only locales in another language get a sheet."""
    validation = validate_fixture()
    pages = render_pages(validation.guide, validation.schema, TODAY, validation.localizers(["fr", "facile", "en"], "fr"), "https://x.fr/")
    sheets = sorted(p for p in pages if p.startswith("imprimer/"))
    assert sheets == ["imprimer/service-a.en.md", "imprimer/service-b.en.md"]
    sheet = pages["imprimer/service-a.en.md"]
    for block in ["titre", "resume", "essentiel", "etapes", "provenance", "qr"]:  # one grid row per block: aligned paragraphs
        assert f'<div class="bilingue-colonne bilingue-{block}" lang="fr" dir="ltr" markdown>' in sheet
        assert f'<div class="bilingue-colonne bilingue-{block}" lang="en" dir="ltr" markdown>' in sheet
    assert "https://x.fr/fiches/service-a/" in sheet and "https://x.fr/en/fiches/service-a/" in sheet
    assert 'chemin: "en/imprimer/service-a/"' in pages["fiches/service-a.md"]
    assert "deux_langues" in pages["fiches/service-a.facile.md"] and "facile/imprimer" not in pages["fiches/service-a.md"]
    assert {"livrets/index.md", "livrets/index.en.md", "livrets/index.facile.md"} <= set(pages)


# ---------------------------------------------------------------- PDF helpers


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE).group(1))


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """The text of a PDF (or of one page), folded so that Arabic presentation forms and line breaks do not matter."""
    span = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", *span, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(fold(out).split())


def pdf_page_texts(pdf: Path) -> list[str]:
    """The text of each page of a PDF, folded like pdf_text, from one pdftotext run (it ends each page with a form feed)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(fold(page).split()) for page in out.split("\f")[:-1]]


def printed_qr_codes(pdf: Path, facts: dict, page: int = 1, dpi: int = 110) -> list[str]:
    """The QR codes printed on a page. Without a real site address the page has none to print (its HTML is checked for
    that on every page, test_adresse_du_site.py): the page's DOM is asked, and the PDF is not rasterised for nothing."""
    if PRINTS_QR:
        return pdf_qr_codes(pdf, page, dpi)
    return [f"{facts['qr']} QR code(s) dans la page"] if facts["qr"] else []


def pdf_qr_codes(pdf: Path, page: int = 1, dpi: int = 110) -> list[str]:
    """The QR codes zxing-cpp reads on one page rendered in grey levels."""
    out = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), "-singlefile", str(pdf)], capture_output=True, check=True
    ).stdout
    magic, size, _depth, pixels = out.split(b"\n", 3)
    assert magic == b"P5", "pdftoppm -gray doit donner une image PGM"
    width, height = map(int, size.split())
    image = zxingcpp.ImageView(pixels, width, height, zxingcpp.ImageFormat.Lum)
    return sorted(code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


def words_of(text: str) -> list[str]:
    """The words of a title, folded like pdf_text (a title may wrap or be reordered by the bidi algorithm)."""
    punctuation = "()«»,.:;!?\"'،؛؟"
    return [w.strip(punctuation) for w in fold(text).split() if len(w.strip(punctuation)) > 1]


@pytest.fixture(scope="module")
def schema():
    return Schema.load(SCHEMA_FILE)


@pytest.fixture(scope="module")
def printer(browser, server, tmp_path_factory):
    """print(path) → the PDF Chromium makes of that page (A4, the page's own @page rules), and the page's DOM facts."""
    folder = tmp_path_factory.mktemp("pdf")
    # Printing needs no script: without JavaScript, Material's search and the service worker stay off and each page loads twice as fast.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    def print_page(path: str) -> tuple[Path, dict]:
        page.goto(server + path, wait_until="load")
        facts = page.evaluate(
            """() => ({
                title: document.querySelector('article h1, article h2')?.innerText || '',
                nav: [...document.querySelectorAll('.md-tabs a, nav.md-nav--primary > ul > li > a, nav.md-nav--primary > ul > li > label')]
                    .map(a => a.innerText.trim()).filter(Boolean),
                tools: [...document.querySelectorAll('.guide-outils button span, .guide-outils summary span, .guide-outils a span')]
                    .map(s => s.innerText.trim()).filter(Boolean),
                article: document.querySelector('article').innerText,
                phones: [...document.querySelectorAll('.fiche-essentiel a[href^="tel:"]')].map(a => a.innerText.trim()),
                qr: document.querySelectorAll('.guide-qr-bloc').length,
            })"""
        )
        target = folder / ((path.strip("/").replace("/", "_") or "index") + ".pdf")
        target.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
        return target, facts

    yield print_page
    context.close()


def _expected_codes(*addresses: str) -> list[str]:
    """The QR codes a printed page must hold: its addresses when the site address is real, none otherwise."""
    return sorted(addresses) if PRINTS_QR else []


LONGEST = 5  # the fiches with the most text: the first that would need a second sheet (all of them: GUIDE_COMPLET=1, every night)


def _to_print(site: Path, paths: list[str], ids: list[str]) -> list[str]:
    """The fiches printed (ids, in order): the LONGEST longest pages, a spread and every variant of the template
    (support.sample_of); all of them with GUIDE_COMPLET=1 (the forge's complete suite, every night)."""
    if complete_run():
        return ids
    taken = {*longest(site, paths, LONGEST), *sample_of(site, paths, 4)}
    return [fiche for fiche, path in zip(ids, paths, strict=True) if path in taken]


def fiche_ids(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "fiches").iterdir() if p.is_dir())


# ---------------------------------------------------------------- one fiche, one sheet


@pytest.mark.print
@pytest.mark.parametrize("locale", PRINTED_LOCALES)
def test_chaque_fiche_s_imprime_sur_une_page_a4_avec_son_qr_code(locale, site, printer):
    prefix = "" if locale == "fr" else f"{locale}/"
    ids = fiche_ids(site)
    assert len(ids) > 70
    printed = _to_print(site, [f"{prefix}fiches/{fiche}/" for fiche in ids], ids)
    overflow, missing, leaked, bad_qr = [], [], [], []
    for fiche in printed:
        path = f"{prefix}fiches/{fiche}/"
        pdf, facts = printer(path)
        texts = pdf_page_texts(pdf)
        if len(texts) != 1:
            overflow.append(f"{fiche} ({len(texts)} pages)")
        text = texts[0]
        packed = "".join(text.split())
        absent = [w for w in words_of(facts["title"]) if w not in packed] + [p for p in facts["phones"] if p not in text]
        if absent or not facts["title"]:
            missing.append(f"{fiche} : {absent or 'pas de titre'}")
        # Navigation and buttons must not print: their labels, unless the fiche itself uses the same words.
        chrome = [label for label in facts["nav"] + facts["tools"] if label not in facts["article"]]
        if any(label in text for label in chrome):
            leaked.append(f"{fiche} : {[label for label in chrome if label in text]}")
        codes = printed_qr_codes(pdf, facts)
        if codes != _expected_codes(SITE_URL + path) or (not PRINTS_QR and _HOST in text):
            bad_qr.append(f"{fiche} : {codes}")
    assert not overflow, f"Fiches {locale} trop longues pour une page A4 : {overflow}"
    assert not missing, f"Titre ou téléphone absent du PDF : {missing}"
    assert not leaked, f"Menu ou boutons imprimés : {leaked}"
    assert not bad_qr, f"QR code illisible ou vers une autre adresse : {bad_qr}"


@pytest.mark.print
def test_le_qr_code_imprime_donne_l_adresse_complete_de_la_page(site, printer):
    """One fiche looked at closely: the URL is the site's own, in the reader's language, and is also printed in words."""
    pdf, _ = printer("ar/fiches/contrat-engagement-jeune/")
    expected = SITE_URL + "ar/fiches/contrat-engagement-jeune/"
    assert expected.startswith("https://")
    if not PRINTS_QR:  # built without GUIDE_SITE_URL: neither a QR code nor an address that leads nowhere (test_adresse_du_site.py)
        assert pdf_qr_codes(pdf) == [] and _HOST not in pdf_text(pdf)
        return
    assert pdf_qr_codes(pdf) == [expected]
    assert expected in pdf_text(pdf)


# ---------------------------------------------------------------- two languages on one sheet


# The two-language sheets: languages other than French whose pages show their own texts. Not Facile à lire (French),
# nor Shimaoré while no speaker has written or reviewed its texts (its pages show the French: a sheet would print it twice).
BILINGUAL = [code for code in OTHER_LOCALES if code not in ("facile", "swb")]


@pytest.mark.print
@pytest.mark.parametrize("locale", BILINGUAL)
def test_chaque_feuille_en_2_langues_tient_sur_une_page_avec_les_deux_qr_codes(locale, site, printer):
    ids = fiche_ids(site)
    assert sorted(p.name for p in (site / locale / "imprimer").iterdir() if p.is_dir()) == ids
    printed = _to_print(site, [f"{locale}/imprimer/{fiche}/" for fiche in ids], ids)
    overflow, bad = [], []
    for fiche in printed:
        pdf, facts = printer(f"{locale}/imprimer/{fiche}/")
        if (pages := pdf_pages(pdf)) != 1:
            overflow.append(f"{fiche} ({pages} pages)")
        codes = printed_qr_codes(pdf, facts, dpi=150)
        if codes != _expected_codes(f"{SITE_URL}fiches/{fiche}/", f"{SITE_URL}{locale}/fiches/{fiche}/"):
            bad.append(f"{fiche} : {codes}")
    assert not overflow, f"Feuilles français + {locale} trop longues pour une page A4 : {overflow}"
    assert not bad, f"QR codes des feuilles en 2 langues : {bad}"


@pytest.mark.browser
def test_la_feuille_en_2_langues_a_une_colonne_par_langue(site, browser, server):
    page = browser.new_page()
    page.goto(server + "ar/imprimer/contrat-engagement-jeune/")
    columns = page.eval_on_selector_all(".bilingue-titre", "cols => cols.map(c => [c.lang, c.dir, c.querySelector('h2').innerText])")
    page.close()
    assert [c[:2] for c in columns] == [["fr", "ltr"], ["ar", "rtl"]]
    assert columns[0][2].startswith("Contrat d'engagement jeune")
    assert re.search("[\u0600-\u06ff]", columns[1][2]), "la colonne arabe doit avoir son titre en arabe"


@pytest.mark.browser
def test_la_fiche_propose_l_impression_en_2_langues(site, browser, server):
    page = browser.new_page()
    page.goto(server + "fiches/contrat-engagement-jeune/")
    page.click(".guide-menu-outils summary")
    links = page.eval_on_selector_all(".guide-menu-outils a", "links => links.map(a => a.href)")
    page.click(".guide-menu-outils a[hreflang=ar]")
    page.wait_for_load_state()
    columns = page.eval_on_selector_all(".bilingue-titre", "cols => cols.map(c => c.lang)")
    page.close()
    assert links == [f"{server}{code}/imprimer/contrat-engagement-jeune/" for code in BILINGUAL]
    assert columns == ["fr", "ar"]


@pytest.mark.browser
def test_le_bouton_imprimer_ouvre_l_impression_du_navigateur(browser, server):
    context = browser.new_context()
    context.add_init_script("window.print = () => { window.__imprime = (window.__imprime || 0) + 1; };")
    page = context.new_page()
    page.goto(server + "fiches/contrat-engagement-jeune/")
    page.click(".guide-menu-outils summary")
    page.click("[data-imprimer]")
    printed = page.evaluate("window.__imprime")
    context.close()
    assert printed == 1


@pytest.mark.browser
def test_sans_javascript_le_bouton_imprimer_reste_cache(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "fiches/contrat-engagement-jeune/")
    hidden = page.eval_on_selector("[data-imprimer]", "b => b.hidden")
    context.close()
    assert hidden is True


# ---------------------------------------------------------------- booklets


@pytest.mark.print
@pytest.mark.parametrize("locale", ["fr", *OTHER_LOCALES])
def test_chaque_livret_a_une_couverture_puis_une_page_par_fiche(locale, site, guide, schema, printer):
    prefix = "" if locale == "fr" else f"{locale}/"
    themes = [t.slug for t in schema.taxonomy("thematique")]
    wrong = []
    for theme in themes:
        services = services_for_theme(guide, theme)
        pdf, facts = printer(f"{prefix}livrets/{theme}/")
        pages = pdf_pages(pdf)
        if pages != 1 + len(services):
            wrong.append(f"{theme} : {pages} pages pour {len(services)} fiches")
            continue
        if locale in ("fr", "ar"):  # each sheet's QR code opens its own fiche, in the booklet's language
            for number, service in enumerate(services, start=2):
                codes = printed_qr_codes(pdf, facts, number)
                if codes != _expected_codes(f"{SITE_URL}{prefix}fiches/{service.id}/"):
                    wrong.append(f"{theme} page {number} ({service.id}) : QR {codes}")
    assert not wrong, f"Livrets {locale} : {wrong}"


@pytest.mark.build
def test_le_sommaire_du_livret_liste_les_fiches_dans_l_ordre(site, guide):
    html = (site / "livrets" / "sante" / "index.html").read_text(encoding="utf-8")
    toc = re.findall(r'<li><a href="#([a-z0-9-]+)">', html.split('class="livret-sommaire"')[1].split("</nav>")[0])
    assert toc == [s.id for s in services_for_theme(guide, "sante")]
    for anchor in toc:
        assert f'id="{anchor}"' in html


@pytest.mark.build
def test_les_pages_a_imprimer_sont_hors_de_la_recherche(site):
    """Sheets and booklets repeat the fiches: none of them is read by the search (no data-pagefind-body), the fiches are."""
    for locale in ["fr", "ar"]:
        prefix = "" if locale == "fr" else f"{locale}/"
        assert "data-pagefind-body" in (site / prefix / "fiches" / "contrat-engagement-jeune" / "index.html").read_text(encoding="utf-8")
        printed = [p for folder in ("imprimer", "livrets") for p in (site / prefix / folder).rglob("index.html")]
        assert len(printed) > 3, locale
        assert [str(p) for p in printed if "data-pagefind-body" in p.read_text(encoding="utf-8")] == []
