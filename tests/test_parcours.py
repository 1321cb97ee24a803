"""Les douze situations de l'issue 26, en parcours sur le site construit : de l'accueil, par « Je cherche… » ou par
la recherche, jusqu'à une fiche utile qui donne une prochaine étape honnête en français (un numéro, un courriel, un
site, un relais, ou l'annuaire officiel « Trouver l'adresse la plus proche »).

Le tableau des parcours (situation, gestes, prochaine étape) est dans /work/prompts/parcours.md. Les parcours par
« Je cherche… » suivent de vrais liens de page en page (le site marche sans JavaScript) ; les parcours par la
recherche vérifient que la fiche porte le mot tapé dans ses mots de recherche (palier build), puis que la vraie
recherche de Chromium la donne dans les 3 premiers résultats (palier browser).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from support import PHONE, search


@dataclass(frozen=True)
class Journey:
    """A resident's situation, how they go (finder answers, or a search word) and the fiches that answer it."""

    situation: str
    fiches: tuple[str, ...]  # any of these fiches (or organisation pages) is a relevant end
    finder: tuple[str, ...] = ()  # the answers, in order: « Pour qui », situation (when asked), besoin
    query: str = ""  # or the word typed in the search


JOURNEYS = [
    Journey(
        "J'ai 19 ans, j'ai quitté l'école, je n'ai pas de travail.",
        ("fiches/contrat-engagement-jeune/", "organisations/mission-locale/", "fiches/ecole-de-la-deuxieme-chance/"),
        finder=("18-25-ans", "sans-emploi-ni-formation", "emploi"),
    ),
    Journey("Mon fils de 13 ans est harcelé en ligne.", ("fiches/numero-3018/",), query="harcelement"),
    Journey(
        "Je cherche une place en crèche.",
        ("fiches/creches-planoise/", "fiches/monenfant-fr/", "fiches/creche-conventionnee/"),
        finder=("parents", "parent-jeune-enfant", "enfants-parentalite"),
    ),
    Journey(
        "Je suis une maman mahoraise, je parle peu français, je veux de l'aide pour l'école de mon fils.",
        ("fiches/accompagnement-scolarite-centre-social/", "fiches/accompagnement-scolaire-pari/", "fiches/bourses-college-lycee/", "fiches/orientation-cio/"),
        finder=("parents", "parent-enfant-scolarise", "formation-orientation"),
    ),
    Journey("Je veux passer le BAFA.", ("fiches/aide-bafa/",), query="bafa"),
    Journey(
        "Je cherche une aide pour le permis.",
        ("fiches/permis-un-euro-par-jour/", "fiches/aide-permis-france-travail/", "fiches/aide-permis-apprentis/"),
        query="permis",
    ),
    Journey("Mon fils deale.", ("fiches/drogues-info-service/", "fiches/allo-119/", "fiches/equipe-prevention-specialisee-addsea/"), query="deal"),
    Journey(
        "J'ai 16 ans, j'ai décroché, je veux une formation.",
        ("fiches/ecole-de-la-deuxieme-chance/", "fiches/contrat-engagement-jeune/", "fiches/foquale/", "organisations/mission-locale/"),
        finder=("16-18-ans", "sans-emploi-ni-formation", "formation-orientation"),
    ),
    Journey("Je cherche un stage de 3e.", ("fiches/decouverte-metiers-college/",), query="stage de 3e"),
    Journey("J'ai 17 ans, je pense au suicide.", ("fiches/numero-3114/",), query="suicide"),
    Journey("J'ai 14 ans, je veux faire de la musique.", ("fiches/idencite-caem/",), finder=("11-15-ans", "ecole-formation", "culture-loisirs")),
    Journey(
        "J'ai 22 ans, pas de médecin, je veux un bilan de santé.",
        ("fiches/centre-examen-sante-cpam/", "fiches/medecins-generalistes-planoise/"),
        finder=("18-25-ans", "sans-emploi-ni-formation", "sante"),
    ),
]


class _Page(HTMLParser):
    """The links of a page, the text of its hidden search words, and the links and text of its fiche's contact line."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.hidden = ""
        self.contact_links: list[str] = []
        self.contact_text = ""
        self._hidden_depth = 0
        self._in_item = False
        self._item_links: list[str] = []
        self._item_text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self._in_item:
                self._item_links.append(attrs["href"])
        if tag == "p" and "hidden" in attrs:
            self._hidden_depth = 1
        if tag == "li":
            self._in_item, self._item_links, self._item_text = True, [], ""

    def handle_endtag(self, tag):
        if tag == "p" and self._hidden_depth:
            self._hidden_depth = 0
        if tag == "li" and self._in_item:
            self._in_item = False
            if self._item_text.strip().startswith("Contact :") and not self.contact_text:
                self.contact_text, self.contact_links = self._item_text, self._item_links

    def handle_data(self, data):
        if self._hidden_depth:
            self.hidden += " " + data
        if self._in_item:
            self._item_text += data


def _read(site: Path, path: str) -> _Page:
    page = _Page()
    page.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return page


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def _follow(site: Path, here: str, target: str) -> str:
    """The page `target` if `here` links to it (relative link), else fail: the resident can tap from one to the other."""
    page = _read(site, here)
    reached = {urljoin("/" + here, link).lstrip("/") for link in page.links}
    assert target in reached, f"/{here} n'a pas de lien vers /{target}"
    return target


def next_step(site: Path, fiche: str) -> str:
    """What the fiche offers to do next: a phone, an e-mail, a website, or the official directory. '' when nothing."""
    page = _read(site, fiche)
    if fiche.startswith("organisations/"):
        outside = [link for link in page.links if link.startswith(("tel:", "mailto:", "https://"))]
        return outside[0] if outside else ""
    for link in page.contact_links:
        if link.startswith(("tel:", "mailto:", "https://")):
            return link
    return ""


def journey_end(site: Path, journey: Journey) -> tuple[list[str], str]:
    """Walk the journey on the built site; the pages seen and the fiche reached."""
    seen = [""]
    if journey.finder:
        seen.append(_follow(site, "", "je-cherche/"))
        for depth in range(1, len(journey.finder) + 1):
            target = "je-cherche/" + "/".join(journey.finder[:depth]) + "/"
            links = {urljoin("/" + seen[-1], link).lstrip("/") for link in _read(site, seen[-1]).links}
            if target not in links and depth < len(journey.finder):
                continue  # a question with one answer is skipped: the next answer is on the same page
            seen.append(_follow(site, seen[-1], target))
        results = {urljoin("/" + seen[-1], link).lstrip("/") for link in _read(site, seen[-1]).links}
        found = [f for f in journey.fiches if f in results]
        assert found, f"« {journey.situation} » : /{seen[-1]} ne propose aucune de {journey.fiches}"
        return seen, found[0]
    words = {f: _plain(_read(site, f).hidden) for f in journey.fiches}
    found = [f for f, hidden in words.items() if _plain(journey.query) in hidden]
    assert found, f"« {journey.situation} » : « {journey.query} » n'est dans les mots de recherche d'aucune de {journey.fiches}"
    return seen, found[0]


@pytest.mark.build
@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda j: j.fiches[0].split("/")[1])
def test_chaque_situation_mene_a_une_fiche_utile_avec_une_prochaine_etape(journey, site):
    _, fiche = journey_end(site, journey)
    step = next_step(site, fiche)
    assert step, f"« {journey.situation} » : /{fiche} ne donne ni numéro, ni courriel, ni site, ni annuaire officiel"


@pytest.mark.build
def test_douze_situations():
    assert len(JOURNEYS) == 12 and len({j.situation for j in JOURNEYS}) == 12


@pytest.mark.browser
def test_les_parcours_par_la_recherche_trouvent_la_fiche_et_permis_ne_trouve_pas_les_permanences(browser, server):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    page.goto(server)
    misses = []
    for journey in (j for j in JOURNEYS if j.query):
        links = search(page, journey.query)
        if not any("/" + fiche in links[:3] for fiche in journey.fiches):
            misses.append((journey.query, links[:3]))
    permis = search(page, "permis")
    context.close()
    assert misses == []
    assert not any(re.search(r"depistage-dentaire|permanence", link) for link in permis[:5]), permis[:5]
