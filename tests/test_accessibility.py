"""Accessibilité et validité : axe-core dans Chromium sur un échantillon de chaque sorte de page de chaque langue,
validateur du W3C, clavier, requêtes, bouton Partager.

L'échantillon (support.sample_pages) : toutes les pages écrites à la main ; pour chaque sorte de page faite d'un gabarit
(fiches, organisations, imprimer, Je cherche…), 3 pages réparties en français (la première, celle du milieu, la dernière)
et la première dans les autres langues, la plus longue, et les quelques pages qui, ensemble, montrent chaque élément,
classe et attribut qu'a une page de la sorte (support.covering).
Les pages des partenaires n'existent qu'en français : toutes en français, et la plus courte dans chaque autre langue.
Toutes les pages avec GUIDE_COMPLET=1 (la suite complète de la forge, chaque nuit). Le validateur du W3C lit le même échantillon.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from support import (
    ALL_LOCALES,
    DESKTOP,
    FRENCH_ONLY_KINDS,
    PER_KIND,
    PER_KIND_FR,
    PHONE,
    UNIQUE_KINDS,
    WHOLE_LOCALES,
    W3CReport,
    covering,
    features_of,
    locale_pages,
    longest,
    page_features,
    page_file,
    pages_by_kind,
    phone_sweep,
    run_w3c,
    sample_pages,
    spread,
    wait_for,
)

SAMPLE = [
    "",
    "fiches/contrat-engagement-jeune/",
    "je-cherche/",
    "je-cherche/18-25-ans/sans-emploi-ni-formation/emploi/",
    "suivi-du-pacte/",
    "mesures/mesure-51/",
    "themes/sante/",
    "a-z/",
]
DESKTOP_OTHER_LOCALES = [SAMPLE[0], SAMPLE[1], SAMPLE[3], SAMPLE[4]]


@pytest.mark.build
def test_l_echantillon_couvre_chaque_sorte_de_page(site):
    for locale in ALL_LOCALES:
        chosen, groups = sample_pages(site, locale, everything=False), pages_by_kind(locale_pages(site, locale), locale)
        assert {"fiches", "mesures", "organisations", "themes", "je-cherche", "livrets", "pages"} <= set(groups)
        for kind, group in groups.items():
            taken = [p for p in chosen if p in group]
            count = PER_KIND_FR if locale == "fr" else PER_KIND
            assert kind not in FRENCH_ONLY_KINDS or locale == "fr", (locale, kind, "page des partenaires hors du français")
            if (kind in UNIQUE_KINDS and locale in WHOLE_LOCALES) or len(group) <= 2 * count:
                assert taken == group, (locale, kind)
                continue
            assert set(spread(group, count)) | set(longest(site, group)) <= set(taken), (locale, kind)
            # Every feature of the kind's pages (element, class, attribute, kind of link) is on a page of the sample.
            assert set().union(*(features_of(page_file(site, p)) for p in group)) == set().union(*(features_of(page_file(site, p)) for p in taken)), (
                locale,
                kind,
            )
            assert len(group) < 20 or len(taken) < len(group) / 2, (locale, kind)


@pytest.mark.unit
def test_les_pages_reparties_sont_les_memes_a_chaque_fois_premiere_et_derniere_comprises():
    pages = [f"{n}/" for n in range(10)]
    assert spread(pages, 3) == ["0/", "4/", "9/"] and spread(pages, 2) == ["0/", "9/"]
    assert spread(pages, 1) == ["0/"], "une seule : la première"
    assert spread(pages[:2], 3) == pages[:2]


@pytest.mark.unit
def test_le_recouvrement_prend_la_page_qui_seule_montre_une_variante(tmp_path):
    """covering() picks the page that alone has a feature (here a phone link), however far down the list it is."""
    for name, body in {"a": "<p>Texte</p>", "b": "<p>Texte</p>", "c": '<p><a href="tel:+33">Appeler</a></p>', "d": "<p>Texte</p>"}.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(f"<nav><ul></ul></nav><article>{body}</article>", encoding="utf-8")
    assert covering(tmp_path, ["a/", "b/", "c/", "d/"]) == ["c/"]
    assert "a[href=tel]" in page_features('<article><a href="tel:+33">x</a></article>')
    assert "ul" not in page_features("<nav><ul></ul></nav><article><p>x</p></article>"), "only the article counts"


@pytest.mark.browser
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_au_telephone_ni_violation_axe_ni_refus_de_la_politique_ni_defilement_de_cote(locale, axe, site, server):
    """The sample of every kind of page (support.sample_pages), each step of « Je cherche… » and the pact's list, at phone
    size (support.phone_sweep): no axe violation, nothing refused by the page's Content-Security-Policy (tests/test_csp.py),
    and no page for residents' screens wider than the phone (tests/test_telephone.py)."""
    paths, fit = phone_sweep(site, locale)
    assert len(paths) > 25 and len(fit) > 20
    assert axe.violations(server, paths, PHONE, fit=fit) == {}


@pytest.mark.browser
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_axe_zero_violation_sur_un_echantillon_en_grand_ecran_et_en_mode_sombre(locale, axe, server):
    """At desktop width, what the phone does not show (the menu and the table of contents beside the page, open) in every
    language: every page of SAMPLE in French and Arabic; elsewhere the home page, a fiche, a finder result and the pact's
    list (the menu's words are the same on every page of a language; each page's content is read at phone size)."""
    prefix = "" if locale == "fr" else f"{locale}/"
    paths = [prefix + path for path in SAMPLE]
    wide = paths if locale in WHOLE_LOCALES else [prefix + path for path in DESKTOP_OTHER_LOCALES]
    assert axe.violations(server, wide, DESKTOP) == {}
    # Dark mode (prefers-color-scheme: dark, as a phone set to dark would ask): the home page, a fiche, the finder, the pact's list.
    if locale in WHOLE_LOCALES:  # colours do not depend on the language: French, and the right-to-left layout
        assert axe.violations(server, paths[:5], PHONE, color_scheme="dark") == {}


@pytest.mark.browser
def test_axe_signale_bien_une_page_fautive(axe, tmp_path):
    """The axe tests pass for a reason: the same runner finds an image without text and a field without a label."""
    found = axe.page_problems(
        tmp_path,
        '<!doctype html><html lang="fr"><head><title>Fautive</title></head><body><main><h1>Page</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>',
    )
    assert found != []
    assert {line.split(" ")[0] for line in found} >= {"image-alt", "label"}, found


@pytest.mark.build
def test_le_validateur_du_w3c_ne_trouve_aucune_erreur(w3c):
    """The sample of each kind in every language (support.sample_pages; every page with GUIDE_COMPLET=1)."""
    assert len(w3c.groups["echantillon"]) > 180
    assert w3c.errors("echantillon") == {}


@pytest.mark.build
def test_le_validateur_du_w3c_signale_bien_une_page_fautive(tmp_path):
    """The test above passes for a reason: the same run and the same reading of its answer find a real error."""
    (tmp_path / "bonne").mkdir()
    (tmp_path / "bonne" / "index.html").write_text('<!doctype html><html lang="fr"><title>Bonne</title><p>Texte.</p></html>', encoding="utf-8")
    (tmp_path / "404.html").write_text('<!doctype html><html lang="fr"><title>Fautive</title><p><div></p></html>', encoding="utf-8")
    report = run_w3c(tmp_path, ["bonne/", "404.html"])
    errors = W3CReport(report, {"deux": ["bonne/", "404.html"]}).errors("deux")
    assert list(errors) == ["404.html"]
    assert any("“p”" in line for line in errors["404.html"]), errors


# ---------------------------------------------------------------- keyboard


_FOCUS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return { tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40),
           outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 || style.boxShadow !== 'none',
           visible: box.width > 0 && box.height > 0 };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "fiches/contrat-engagement-jeune/"])
def test_navigation_au_clavier_et_focus_visible(path, browser, server):
    page = browser.new_page(viewport=PHONE)
    page.goto(server + path)
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(_FOCUS))
    page.close()
    assert seen[0]["text"] == "Aller au contenu", "le premier arrêt est le lien d'évitement"
    shown = [s for s in seen if s["visible"]]
    assert len(shown) >= 6
    assert all(s["outline"] for s in shown), [s for s in shown if not s["outline"]]
    assert any(s["text"] == "Facile à lire" for s in seen), "la bascule Facile à lire est atteignable au clavier"


# ---------------------------------------------------------------- requests


@pytest.mark.browser
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_aucune_requete_en_echec_ni_vers_un_autre_site(locale, browser, server):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(server))
    prefix = "" if locale == "fr" else f"{locale}/"
    failed, foreign = [], []
    page = browser.new_page(viewport=PHONE)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    page.on("request", lambda request: not request.url.startswith((origin, "data:", "blob:")) and foreign.append(request.url))
    for path in ["", "fiches/contrat-engagement-jeune/"]:
        page.goto(server + prefix + path, wait_until="networkidle")
        page.locator(".md-header__button.md-icon[aria-label]").first.hover()  # menus that load on demand
    page.close()
    assert failed == [] and foreign == []


# ---------------------------------------------------------------- share


@pytest.mark.browser
@pytest.mark.parametrize("api", ["share", "clipboard"])
def test_partager_une_fiche(api, browser, server):
    context = browser.new_context(viewport=PHONE)
    stub = {
        "share": "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };",
        "clipboard": "delete Navigator.prototype.share; Object.defineProperty(navigator, 'clipboard', "
        "{ value: { writeText: (t) => { window.__copied = t; return Promise.resolve(); } } });",
    }[api]
    context.add_init_script(stub)
    page = context.new_page()
    page.goto(server + "fiches/contrat-engagement-jeune/#comment-faire")
    page.click(".guide-menu-outils summary")  # Partager is in the « Outils » menu under the title
    button = page.locator("[data-partager]")
    assert button.is_visible()
    button.click()
    if api == "share":
        shared = page.evaluate("window.__shared")
        assert shared["url"] == server + "fiches/contrat-engagement-jeune/" and "Contrat" in shared["title"]
    else:
        wait_for(page, "window.__copied !== undefined")
        assert page.evaluate("window.__copied") == server + "fiches/contrat-engagement-jeune/"
        assert button.inner_text().strip() == "Lien copié"
    context.close()
