"""Au téléphone (320 et 360 px) : le menu « Outils » reste dans l'écran, et chaque lien d'une liste se touche du doigt.

- Le menu « Outils » d'une fiche, ouvert, tient dans la largeur de l'écran, et la page ne défile pas de côté.
- Chaque lien d'une liste ou d'un tableau du contenu (« 3949 », « site web », « changer ») a au moins 24 px de haut
  sur chacune de ses lignes (WCAG 2.5.8, taille de la cible) ; les liens au fil d'une phrase n'en ont pas besoin.
"""

from __future__ import annotations

import pytest

from support import ALL_LOCALES

pytestmark = pytest.mark.browser

WIDTHS = (320, 360)
FICHE = "fiches/contrat-engagement-jeune/"
# A page of each kind with dense lists of links: fiche, useful numbers, theme, « Je cherche… » result.
DENSE_PAGES = (FICHE, "numeros-utiles/", "themes/emploi-insertion/", "je-cherche/18-25-ans/sans-emploi-ni-formation/emploi/")

MENU = """() => {
  const menu = document.querySelector(".guide-menu-outils");
  if (!menu || menu.hidden) return null;
  menu.querySelector("summary").click();
  const list = menu.querySelector("ul").getBoundingClientRect();
  return { open: menu.open, left: list.left, right: list.right, page: document.documentElement.scrollWidth, screen: innerWidth };
}"""

SMALL_LINKS = """() => [...document.querySelectorAll(".md-content li a[href], .md-content td a[href]")]
  .filter(a => a.getClientRects().length && getComputedStyle(a).visibility !== "hidden")
  .filter(a => [...a.getClientRects()].some(r => r.height < 24))
  .map(a => a.textContent.trim().slice(0, 40) + " (" + [...a.getClientRects()].map(r => Math.round(r.height)).join(", ") + " px)")"""


def _prefix(locale: str) -> str:
    return "" if locale == "fr" else f"{locale}/"


def test_le_menu_outils_tient_dans_l_ecran(browser, server):
    problems = []
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    for locale in ALL_LOCALES:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 740})
            page.goto(server + _prefix(locale) + FICHE, wait_until="load")
            found = page.evaluate(MENU)
            assert found and found["open"], f"{locale} : pas de menu « Outils » ouvert sur {FICHE}"
            if found["left"] < 0 or found["right"] > found["screen"] or found["page"] > found["screen"]:
                problems.append(f"{locale} à {width} px : menu de {found['left']:.0f} à {found['right']:.0f} px, page de {found['page']} px")
    context.close()
    assert problems == [], "le menu « Outils » sort de l'écran :\n" + "\n".join(problems)


def test_chaque_lien_d_une_liste_a_24_px_de_haut(browser, server):
    small = {}
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    for locale in ALL_LOCALES:
        for path in DENSE_PAGES:
            response = page.goto(server + _prefix(locale) + path, wait_until="load")
            assert response and response.ok, _prefix(locale) + path
            found = page.evaluate(SMALL_LINKS)
            if found:
                small[_prefix(locale) + path] = found[:5]
    context.close()
    assert small == {}, "liens de moins de 24 px de haut :\n" + "\n".join(f"{k} : {v}" for k, v in small.items())
