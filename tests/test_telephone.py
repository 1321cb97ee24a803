"""Au téléphone (360×740), comme un habitant : le premier écran de chaque fiche dit ce que c'est et qui joindre ;
rien ne défile de côté ; les actions principales se touchent du pouce ; « Je cherche… » tient en 5 aides avant
« Voir aussi » ; en arabe, chaque passage en lettres latines est isolé (sinon ses mots et parenthèses se mélangent)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from guide.donnees import markup
from support import ALL_LOCALES, NOT_FOR_RESIDENTS_SCREENS, PER_KIND, PER_KIND_FR, PHONE, locale_pages, page_file, pages_by_kind, phone_sweep, spread

CEJ = "fiches/contrat-engagement-jeune/"
FINDER_CEJ = "je-cherche/18-25-ans/sans-emploi-ni-formation/emploi/"
# Fiches chosen for what they test: a phone number, a website only (no phone anywhere), a 2023 project, long names.
FICHES = [CEJ, "fiches/tickets-culture/", "fiches/cej-jeunes-en-rupture/", "fiches/fil-sante-jeunes/", "fiches/ecole-de-la-deuxieme-chance/"]
TITLE_TOP_MAX = 200
SCREEN = PHONE["height"]
BDI = '<bdi dir="ltr">'  # what the isolation writes around a Latin run
THUMB = 44  # px: WCAG 2.5.5 target size, for the primary actions


def _prefix(locale: str) -> str:
    return "" if locale == "fr" else f"{locale}/"


# ---------------------------------------------------------------- Arabic: Latin runs isolated


class _LatinOutsideIsolation(HTMLParser):
    """The text runs with Latin letters that are not inside an isolating element (bdi, an element with dir, code, svg…),
    in the page's article (the part made from the guide's data and pages)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    ISOLATING = {"bdi", "code", "pre", "script", "style", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, inside the article, isolated)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        article = tag == "article" and "md-content__inner" in (attributes.get("class") or "")
        inside = article or bool(self.stack and self.stack[-1][1])
        isolated = inside and not article and (tag in self.ISOLATING or "dir" in attributes or bool(self.stack and self.stack[-1][2]))
        self.stack.append((tag, inside, isolated))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and not self.stack[-1][2] and re.search("[A-Za-z\u00c0-\u024f]", data):
            self.found.append(" ".join(data.split())[:90])

    @classmethod
    def of(cls, html: str) -> list[str]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.found


@pytest.mark.unit
def test_un_passage_latin_dans_du_texte_arabe_est_isole():
    assert markup.markdown_text("عقد التزام الشباب (Contrat d'engagement jeune, CEJ)", isolate=True) == (
        "عقد التزام الشباب (" + BDI + "Contrat d'engagement jeune, CEJ</bdi>)"
    )
    assert markup.markdown_text("اتصل على 03 81 00 00 00 أو 3949", isolate=True) == "اتصل على " + BDI + "03 81 00 00 00</bdi> أو 3949"
    assert markup.interface_text("اتصل بـ {who}: {phone}", isolate=True) == "اتصل بـ {who}: {phone}"
    # Only for right-to-left pages: the same text elsewhere is left as it is.
    assert markup.markdown_text("Contrat d'engagement jeune (CEJ)") == "Contrat d'engagement jeune (CEJ)"


@pytest.mark.unit
def test_l_isolation_n_ajoute_aucune_autre_balise_que_bdi():
    """Partner text stays data: isolating its Latin runs adds <bdi dir="ltr"> around text that is still escaped."""
    attacks = ["<script>alert(1)</script> نص", 'نص <img src=x onerror="alert(1)">', "نص [lien](javascript:alert(1)) **gras**", "</bdi><b>x</b>"]
    for text in attacks:
        for formatted in (False, True):
            out = markup.markdown_text(text, formatted, isolate=True)
            assert set(re.findall(r"</?([a-zA-Z]+)", out)) <= {"bdi"}, out
            assert set(re.findall(r"<bdi[^>]*>", out)) <= {'<bdi dir="ltr">'}, out
            assert "](javascript" not in out


@pytest.mark.unit
def test_les_pages_ecrites_a_la_main_en_arabe_sont_isolees_aussi():
    html = '<p>مرجع (RGAA) &amp; <code>axe-core</code> <span dir="ltr">W3C Nu</span><br>Chromium</p><!-- a > b -->'
    assert markup.isolate_latin_html(html) == (
        '<p>مرجع (<bdi dir="ltr">RGAA</bdi>) &amp; <code>axe-core</code> <span dir="ltr">W3C Nu</span><br><bdi dir="ltr">Chromium</bdi></p><!-- a > b -->'
    )


@pytest.mark.unit
def test_le_controle_des_passages_latins_trouve_un_passage_non_isole():
    """The build test below can fail: the same checker flags Latin text outside an isolating element."""
    bad = '<article class="md-content__inner"><h1>عقد (Contrat d\'engagement jeune)</h1><p>نص <bdi dir="ltr">CEJ</bdi></p></article>'
    assert _LatinOutsideIsolation.of(bad) == ["عقد (Contrat d'engagement jeune)"]
    assert _LatinOutsideIsolation.of(bad.replace("(Contrat d'engagement jeune)", "(" + BDI + "Contrat d'engagement jeune</bdi>)")) == []


@pytest.mark.build
def test_en_arabe_chaque_passage_latin_des_pages_des_habitants_est_isole(site):
    pages = [p for p in locale_pages(site, "ar") if not p.startswith("ar/partenaires/")]
    assert len(pages) > 300
    found = {p: runs for p in pages if (runs := _LatinOutsideIsolation.of(page_file(site, p).read_text(encoding="utf-8")))}
    assert found == {}, f"{len(found)} page(s) arabe(s) avec du latin non isolé, par exemple : {dict(list(found.items())[:5])}"


@pytest.mark.build
def test_en_arabe_les_listes_sont_separees_par_la_virgule_arabe(site):
    html = page_file(site, "ar/" + CEJ).read_text(encoding="utf-8")
    who = re.search(r"<strong>لمن:</strong>(.*?)</li>", html, re.S)
    assert who, "ligne « Pour qui » introuvable"
    assert "، " in who.group(1) and ", " not in re.sub(r"<bdi[^>]*>.*?</bdi>", "", who.group(1))
    assert BDI + "Contrat d'engagement jeune, CEJ</bdi>" in re.search(r"<h1.*?</h1>", html, re.S).group()


@pytest.mark.build
def test_les_milliers_ne_se_coupent_pas_en_fin_de_ligne(site):
    assert markup.markdown_text("0 800 235 236, 12 345 678") == "0 800 235 236, 12\u00a0345\u00a0678"  # a phone number keeps its spaces
    html = page_file(site, "fiches/cite-educative-planoise/").read_text(encoding="utf-8")
    assert "350\u00a0000" in html and "350 000" not in html


# ---------------------------------------------------------------- finder: short results


@pytest.mark.build
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_je_cherche_cinq_aides_puis_voir_aussi_puis_projets_replies(locale, site):
    html = page_file(site, _prefix(locale) + FINDER_CEJ).read_text(encoding="utf-8")
    block = html[html.index("data-je-cherche") :]
    first = re.findall(r'<h3[^>]*><a href="([^"]+)"', block)
    assert len(first) == 5
    assert first[0].endswith("/fiches/contrat-engagement-jeune/")
    first_cards = block[: block.index('class="je-cherche-liste"')]
    assert "/organisations/mission-locale/" in first_cards and "/organisations/france-travail/" in first_cards
    later = re.search(r'<details class="je-cherche-plus-tard">(.*?)</details>', block, re.S)
    assert later, "les projets de 2023 et plans collectifs doivent être repliés (details fermé)"
    assert "/fiches/paqte/" in later.group(1) and "/fiches/cej-jeunes-en-rupture/" in later.group(1)
    assert "<h3" not in later.group(1)
    # The translation notice is shown once, outside the block the script replaces at each answer.
    assert html.count('class="admonition warning"') <= 1 and 'class="admonition warning"' not in block


# ---------------------------------------------------------------- pact tracking: no wide table


@pytest.mark.build
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_aucun_tableau_dans_les_pages_des_habitants(locale, site):
    pages = [p for p in locale_pages(site, locale) if "partenaires/" not in p]
    with_table = [p for p in pages if "<table" in page_file(site, p).read_text(encoding="utf-8")]
    assert with_table == []


# ---------------------------------------------------------------- in Chromium at 360×740


FIRST_SCREEN = """() => {
  const article = document.querySelector('article.md-content__inner');
  const title = article.querySelector('h1');
  const summary = article.querySelector('.fiche-resume');
  const action = article.querySelector('.guide-action--principale');
  const box = (e) => e ? e.getBoundingClientRect() : null;
  return {title: box(title).top, summary: box(summary) && box(summary).bottom, action: box(action) && box(action).bottom,
          actionSize: action && [box(action).width, box(action).height], href: action && action.getAttribute('href')};
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_le_premier_ecran_d_une_fiche_dit_quoi_et_qui_joindre(locale, server, phone):
    problems = []
    for fiche in FICHES:
        phone.goto(server + _prefix(locale) + fiche)
        seen = phone.evaluate(FIRST_SCREEN)
        if seen["title"] > TITLE_TOP_MAX:
            problems.append(f"{fiche} : titre à {seen['title']:.0f} px")
        if seen["action"] is None or seen["action"] > SCREEN:
            problems.append(f"{fiche} : action principale en bas à {seen['action']} px")
        elif min(seen["actionSize"]) < THUMB:
            problems.append(f"{fiche} : action principale de {seen['actionSize']} px")
        if seen["summary"] is None or seen["summary"] > SCREEN:
            problems.append(f"{fiche} : résumé en bas à {seen['summary']} px")
    assert problems == []


@pytest.mark.browser
def test_sans_telephone_l_action_principale_mene_au_site(server, phone):
    phone.goto(server + "fiches/tickets-culture/")
    assert phone.evaluate(FIRST_SCREEN)["href"].startswith("https://")
    phone.goto(server + CEJ)  # its own site comes before its organisation's phone (guide/donnees/contacts.py)
    assert phone.evaluate(FIRST_SCREEN)["href"] == "https://www.1jeune1solution.gouv.fr"


@pytest.mark.browser
def test_les_outils_sont_sous_le_titre_dans_un_menu_de_la_langue_de_la_page(server, phone):
    for locale, word in [("fr", "Outils"), ("en", "Tools"), ("ar", "أدوات")]:
        phone.goto(server + _prefix(locale) + CEJ)
        order = phone.evaluate(
            """() => { const body = document.querySelector('article > [data-pagefind-body]') || document.querySelector('article');
                       return [...body.children].slice(0, 3).map(e => e.tagName + '.' + e.className); }"""
        )  # a fiche's content sits in the part search reads (data-pagefind-body)
        assert order[0].startswith("H1") and order[1] == "DIV.guide-outils", order
        summary = phone.locator(".guide-menu-outils summary")
        assert summary.inner_text().strip() == word
        assert not phone.locator("[data-imprimer]").is_visible()  # closed menu
        summary.click()
        assert phone.locator("[data-imprimer]").is_visible()
        box = summary.bounding_box()
        assert box["height"] >= THUMB and box["width"] >= THUMB


@pytest.mark.browser
def test_l_accueil_francais_propose_facile_a_lire_une_seule_fois(server, phone):
    phone.goto(server)
    assert phone.locator("article").get_by_text("Facile à lire", exact=True).count() == 1


@pytest.mark.browser
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_le_nom_du_guide_n_est_pas_coupe_dans_l_en_tete(locale, server, phone):
    """At 360 px the guide's name takes two lines at most in the header: a longer one is cut by Material's ellipsis
    (« Guide des jeunes de Planoise –… » in Facile à lire and Shimaoré before the short names of data/interface/)."""
    for path in ["", CEJ]:
        phone.goto(server + _prefix(locale) + path)
        found = phone.evaluate(
            """() => { const e = document.querySelector('.md-header__topic .md-ellipsis');
                        return { text: e.textContent.trim(), height: e.clientHeight,
                                 clipped: e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1 }; }"""
        )
        assert found["text"] and found["height"] > 0 and found["clipped"] is False, (locale, path, found)


def _resident_sample(site: Path, locale: str) -> list[str]:
    """The spread pages of each kind for the residents (not the partners' pages, not the printable sheets): the first,
    and in French the middle one and the last (support.PER_KIND_FR); the pact's list and the « Je cherche… » result for
    a young jobseeker."""
    groups = pages_by_kind(locale_pages(site, locale), locale)
    count = PER_KIND_FR if locale == "fr" else PER_KIND
    spread_pages = [p for kind, group in groups.items() if kind not in NOT_FOR_RESIDENTS_SCREENS for p in spread(group, count)]
    return [*spread_pages, _prefix(locale) + "suivi-du-pacte/", _prefix(locale) + FINDER_CEJ]


@pytest.mark.build
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_la_largeur_de_chaque_sorte_de_page_des_habitants_est_mesuree_au_telephone(locale, site):
    """The width of the residents' pages is measured where axe-core reads them at 360 px (test_accessibility,
    support.phone_sweep: a page wider than the screen fails there): that sweep holds the spread pages of every kind for
    residents' screens (_resident_sample), and measures each of them."""
    paths, fit = phone_sweep(site, locale)
    residents = set(_resident_sample(site, locale))
    assert residents <= set(fit) <= set(paths), sorted(residents - set(fit))
    measured_kinds = set(pages_by_kind(fit, locale))
    assert not measured_kinds & set(NOT_FOR_RESIDENTS_SCREENS), "les feuilles et les pages des partenaires ne sont pas mesurées"


@pytest.mark.browser
def test_la_mesure_voit_une_page_qui_defile_de_cote(axe, tmp_path):
    """The width check can fail: a page with a box wider than the phone is reported (and the same page is not, when its width is not asked)."""
    wide = (
        '<!doctype html><html lang="fr"><head><meta name="viewport" content="width=device-width,initial-scale=1"><title>Large</title></head>'
        "<body><main><h1>Large</h1><table><tr><td>" + "mot&nbsp;" * 120 + "</td></tr></table></main></body></html>"
    )
    found = axe.page_problems(tmp_path, wide, PHONE, fit=True)
    unasked = axe.page_problems(tmp_path, wide, PHONE)
    assert [v for v in found if v.startswith("défile de côté")], found
    assert unasked == [], unasked


@pytest.mark.browser
def test_les_actions_principales_font_au_moins_44_px(server, phone):
    small = []
    for path, selector in [
        (CEJ, ".guide-action, .guide-outils .guide-bascule, .guide-outils summary"),
        ("je-cherche/", ".je-cherche-choix a"),
        ("je-cherche/18-25-ans/", ".je-cherche-choix a"),
        (FINDER_CEJ, ".je-cherche-recommencer, .je-cherche-plus-tard summary"),
        ("suivi-du-pacte/", ".suivi-liste > ul > li > p > strong > a, .suivi-liste > ul > li > strong > a"),
        ("", ".guide-langues a, .entree"),
    ]:
        phone.goto(server + path)
        boxes = [b for b in (e.bounding_box() for e in phone.locator(selector).all()) if b]
        assert boxes, f"rien trouvé : {path} {selector}"
        small += [f"{path} {selector} : {b['width']:.0f}×{b['height']:.0f}" for b in boxes if b["width"] < THUMB or b["height"] < THUMB]
    assert small == []
