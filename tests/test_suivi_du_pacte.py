"""La page « Suivi du pacte » : une mesure par élément de liste, dans chaque langue."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest

from guide.rendu.render import render_pages
from support import TODAY

MEASURE_LINK = re.compile(r'href="(?:\.\./)*mesures/([^"/]+?)(?:\.md|/)"')


class _Items(HTMLParser):
    """The HTML of each item of the lists inside `.suivi-liste`."""

    def __init__(self):
        super().__init__()
        self.items: list[str] = []
        self._depth = 0  # inside .suivi-liste
        self._li = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div" and "suivi-liste" in (attributes.get("class") or ""):
            self._depth = 1
        elif self._depth and tag == "div":
            self._depth += 1
        if self._depth and tag == "li":
            self._li += 1
            if self._li == 1:
                self.items.append("")
        if self._depth and self._li:
            self.items[-1] += self.get_starttag_text()

    def handle_endtag(self, tag):
        if self._depth and tag == "li":
            self._li -= 1
        if self._depth and tag == "div":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth and self._li:
            self.items[-1] += data


def _items(page: str) -> list[str]:
    body = page.split("---", 2)[2]
    parser = _Items()
    parser.feed(markdown.markdown(body, extensions=["md_in_html", "attr_list", "admonition"]))
    return parser.items


def _check(page: str, measures: list) -> None:
    items = _items(page)
    assert len(items) == len(measures), f"{len(items)} éléments de liste pour {len(measures)} mesures"
    for item in items:
        linked = MEASURE_LINK.findall(item)
        assert len(linked) == 1, f"un élément de liste porte {len(linked)} mesures : {item[:300]}"
        text = re.sub(r"<[^>]+>", "", item)
        assert not re.search(r"(^|\s)-\s", text), f"« - » égaré dans : {text[:300]}"
    assert sorted(m for item in items for m in MEASURE_LINK.findall(item)) == sorted(m.id for m in measures)


@pytest.mark.rendu
def test_chaque_mesure_est_son_propre_element_de_liste_dans_chaque_langue(real_pages, guide):
    pages = {path: text for path, text in real_pages.items() if path.startswith("suivi-du-pacte.")}
    assert set(pages) == {"suivi-du-pacte.md", "suivi-du-pacte.facile.md", "suivi-du-pacte.en.md", "suivi-du-pacte.ar.md"}
    for text in pages.values():
        _check(text, guide.mesures)


@pytest.mark.unit
def test_en_shimaore_aussi_chaque_mesure_est_son_propre_element_de_liste(validation):
    only = frozenset({"suivi-du-pacte.md"})  # this page only, in both locales (not every page of the guide)
    pages = render_pages(validation.guide, validation.schema, TODAY, validation.localizers(["fr", "swb"]), only=only)
    _check(pages["suivi-du-pacte.swb.md"], validation.guide.mesures)
