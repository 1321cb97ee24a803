"""Chaque numéro de téléphone se lit d'un trait, au téléphone, dans chaque langue.

Un numéro coupé en fin de ligne (« 32 / 30 », « 39 / 49 » en arabe) ne se lit plus et ne se compose plus. Dans
Chromium, à 320 et 360 px de large, on mesure la place de chaque chiffre (Range.getClientRects, caractère par
caractère) : tous les chiffres d'un numéro sont sur la même ligne. Numéros regardés : le texte de chaque lien
d'appel (boutons « Appeler », numéros utiles) et chaque numéro français à 10 chiffres écrit dans le texte.

Pages : en français, les fiches à bouton d'appel qui, ensemble, montrent chaque numéro (dans un bouton, et tel qu'il est
écrit dans le texte), avec 8 d'entre elles réparties sur la liste (toutes avec GUIDE_COMPLET=1) ; dans les autres
langues, 8 d'entre elles réparties sur la liste ; dans chaque langue, l'accueil (numéros d'urgence), les numéros utiles
et la page hors connexion.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import ALL_LOCALES, complete_run, greedy_cover, page_file, spread

pytestmark = pytest.mark.browser

WIDTHS = (320, 360)
OTHER_LOCALES_SAMPLE = 8
CALL_BUTTON = re.compile(r'<a class="guide-action[^"]*" href="tel:')

# For each number a reader sees, whether all its digits are drawn on one line. A call link's numbers are its runs of
# digits (a label may hold other digits: « 1jeune1solution ») ; in the text, the French numbers of 10 digits.
MEASURE = r"""() => {
  const RUN = /\+?[0-9](?:[0-9\s\u00a0.]*[0-9])?/g;
  const PHONE = /(?:\+33[\s\u00a0.]?|\b0)[1-9](?:[\s\u00a0.]?[0-9]{2}){4}\b/g;
  const found = { count: 0, split: [] };
  function shown(element) { return element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden"; }
  function check(node, start, end) {
    const rects = [];
    for (let i = start; i < end; i++) {
      if (!/[0-9]/.test(node.data[i])) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect && rect.width > 0) rects.push(rect);
    }
    if (rects.length < 2) return;
    found.count++;
    const middle = r => (r.top + r.bottom) / 2;
    const first = rects[0];
    if (rects.some(r => Math.abs(middle(r) - middle(first)) > first.height / 2)) {
      found.split.push(node.data.slice(start, end) + " (lignes : " + [...new Set(rects.map(r => Math.round(r.top)))].join(", ") + ")");
    }
  }
  const inLinks = new Set();
  for (const link of document.querySelectorAll('a[href^="tel:"]')) {
    if (!shown(link)) continue;
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      inLinks.add(node);
      for (const m of node.data.matchAll(RUN)) check(node, m.index, m.index + m[0].length);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (inLinks.has(node) || !node.parentElement || !shown(node.parentElement) || node.parentElement.closest("script, style")) continue;
    for (const m of node.data.matchAll(PHONE)) check(node, m.index, m.index + m[0].length);
  }
  return found;
}"""


def _prefix(locale: str) -> str:
    return "" if locale == "fr" else f"{locale}/"


def _fiches_with_call_buttons(site: Path, locale: str) -> list[str]:
    """The fiches of one locale whose page has a call button, sorted."""
    root = site / _prefix(locale) / "fiches"
    return sorted(
        f"{_prefix(locale)}fiches/{folder.name}/"
        for folder in root.iterdir()
        if (folder / "index.html").is_file() and CALL_BUTTON.search((folder / "index.html").read_text(encoding="utf-8"))
    )


TEL = re.compile(r'href="tel:([^"]+)"')
WRITTEN = re.compile(r"(?:\+33|\b0)[1-9](?:(?:\s|&nbsp;|&#160;|\u00a0|\.)?[0-9]{2}){4}\b")


def _numbers(html: str) -> set[str]:
    """The numbers a page shows: each call link's number, and each French number written in its text, as written."""
    article = html.split("<article", 1)[-1]
    return {f"tel:{n}" for n in TEL.findall(article)} | {f"texte:{n}" for n in WRITTEN.findall(article)}


def _each_number_once(site: Path, fiches: list[str]) -> list[str]:
    """Fiches that together show every number (in a button and as written in the text) any of them shows, and a spread of
    8: a number is drawn the same way wherever it is written (its spaces are no-break spaces or it is not)."""
    numbers = {path: _numbers(page_file(site, path).read_text(encoding="utf-8")) for path in fiches}
    return greedy_cover(numbers, start=spread(fiches, OTHER_LOCALES_SAMPLE))


def _sample(site: Path) -> dict[str, list[str]]:
    pages = {}
    for locale in ALL_LOCALES:
        fiches = _fiches_with_call_buttons(site, locale)
        chosen = fiches if complete_run() else _each_number_once(site, fiches) if locale == "fr" else spread(fiches, OTHER_LOCALES_SAMPLE)
        others = [_prefix(locale) + path for path in ("", "numeros-utiles/", "hors-ligne/")]
        pages[locale] = [path for path in [*others, *chosen] if page_file(site, path).is_file()]
    return pages


def test_l_echantillon_a_des_boutons_d_appel_dans_chaque_langue(site):
    sample = _sample(site)
    for locale in ALL_LOCALES:
        assert any("/fiches/" in f"/{path}" for path in sample[locale]), f"{locale} : aucune fiche avec un bouton d'appel"
        assert any(path.endswith("numeros-utiles/") for path in sample[locale]), locale


def test_aucun_numero_n_est_coupe_a_320_et_360_px(browser, server, site):
    split: dict[str, list[str]] = {}
    measured = 0
    for paths in _sample(site).values():
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 740}, service_workers="block")
        page = context.new_page()
        for path in paths:
            page.goto(server + path, wait_until="load")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 740})
                found = page.evaluate(MEASURE)
                measured += found["count"]
                if found["split"]:
                    split[f"{path} à {width} px"] = found["split"]
            page.set_viewport_size({"width": WIDTHS[0], "height": 740})
        context.close()
    assert measured > 100, "trop peu de numéros mesurés : la mesure ne trouve plus les liens d'appel"
    assert split == {}, "numéros coupés sur deux lignes :\n" + "\n".join(f"{k} : {v}" for k, v in split.items())


def test_la_mesure_voit_un_numero_coupe(browser, server):
    """The measure can fail: a number squeezed into a narrow box is drawn on two lines, and it says so."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    page.goto(server + "numeros-utiles/", wait_until="load")
    page.evaluate(
        """() => {
        const box = document.createElement("p");
        box.style.setProperty("width", "2ch");
        const link = document.createElement("a");
        link.href = "tel:0381000000";
        link.textContent = "03 81 00 00 00";
        box.append(link, document.createTextNode(" Écrire au 03 81 00 00 01."));
        document.querySelector("article").prepend(box);
    }"""
    )
    found = page.evaluate(MEASURE)
    context.close()
    assert len([s for s in found["split"] if s.startswith("03 81 00 00 0")]) == 2
