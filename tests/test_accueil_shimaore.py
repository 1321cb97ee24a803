"""L'accueil de la version shimaoré (/swb/) : une page pour les familles mahoraises en Facile à lire, en français, qui
commence par les numéros à connaître (liens tel:, à un geste), chacun avec sa source officielle, puis la page
« Familles mahoraises »."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide.donnees.contacts import FAMILY_ESSENTIALS, family_essentials
from guide.donnees.formatting import tel_uri

_LINK = re.compile(r'<a href="([^"]+)"')


def _content(site: Path) -> str:
    """The text of /swb/ after its title (the notice comes before it)."""
    page = (site / "swb" / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    return article[article.index("<h1") :]


@pytest.mark.build
def test_l_accueil_shimaore_commence_par_les_numeros_a_un_geste(site, guide):
    content = _content(site)
    links = _LINK.findall(content)
    by_id = guide.by_id()
    expected = [tel_uri(by_id[i].telephone) for i in FAMILY_ESSENTIALS if i in by_id and by_id[i].telephone]
    assert len(expected) == len(FAMILY_ESSENTIALS), "une fiche des numéros à connaître manque ou n'a pas de téléphone"
    calls = [link for link in links if link.startswith("tel:")]
    assert calls[: len(expected)] == expected
    # Les numéros viennent avant tout autre contenu : chaque lien avant le dernier numéro est un numéro, sa fiche ou sa source.
    last = links.index(expected[-1])
    assert all(link.startswith(("tel:", "https://", "fiches/", "organisations/")) for link in links[:last])
    # Puis, d'abord, la page des familles mahoraises.
    after = [link for link in links[last + 1 :] if not link.startswith(("tel:", "https://", "fiches/", "organisations/"))]
    assert after[0] == "familles-mahoraises/"
    assert 'lang="fr"' in (site / "swb" / "index.html").read_text(encoding="utf-8")


@pytest.mark.unit
def test_chaque_numero_a_connaitre_cite_une_source_officielle_en_ligne(guide):
    found = family_essentials(guide)
    assert [e.record.id for e in found] == [i for i in FAMILY_ESSENTIALS if i in {e.record.id for e in found}]
    assert found, "aucun numéro à connaître"
    for essential in found:
        assert essential.source in essential.record.sources
        assert essential.source.url.startswith("https://"), essential.record.id
