"""Confiance, sur le site construit.

Aucune vérification inventée, aucune date de construction présentée comme une mise à jour,
chaque fiche mène à quelqu'un, le filet de sécurité est sur l'accueil.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.dates import format_date

from guide.pages import build_date, validate_once
from support import OTHER_LOCALES, REAL_DATA

pytestmark = pytest.mark.build

LOCALES = ["fr", *OTHER_LOCALES]
# What each locale prints for a recorded verification (interface key verifie_par, before its first placeholder or after its last).
VERIFIED = {"fr": "Vérifié le", "en": "Checked on", "ar": "تم التحقق في", "facile": "a vérifié cette fiche le", "swb": "Vérifié le"}
HELPLINES = ["tel:112", "tel:119", "tel:3114", "tel:0800235236", "tel:3018"]


def _root(site: Path, locale: str) -> Path:
    return site if locale == "fr" else site / locale


def _article(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    return page[page.index("<article") : page.index("</article>")]


@pytest.mark.parametrize("locale", LOCALES)
def test_aucune_page_ne_montre_une_verification_que_les_donnees_n_ont_pas(site, guide, locale):
    pages = {"fiches": guide.services, "mesures": guide.mesures, "organisations": guide.organisations}
    checked = 0
    for folder, records in pages.items():
        for record in records:
            article = _article(_root(site, locale) / folder / record.id / "index.html")
            assert (VERIFIED[locale] in article) == (record.verification is not None), f"{locale}/{folder}/{record.id}"
            checked += 1
    assert checked == len(guide.services) + len(guide.mesures) + len(guide.organisations)


@pytest.mark.donnees
@pytest.mark.parametrize("locale", LOCALES)
def test_aucun_livret_ne_se_dit_a_jour_a_la_date_de_construction(site, locale):
    validation = validate_once(REAL_DATA)
    day = build_date(validation)
    babel = validation.interfaces[locale]["babel"]  # the raw setting (Localizer.t returns it escaped as page text)
    forms = {format_date(day, format="long", locale=babel), day.isoformat()}
    booklets = sorted((_root(site, locale) / "livrets").glob("*/index.html"))
    assert len(booklets) == 5
    for booklet in booklets:
        # A partner's verification or a source may be dated on the day of the build: the fiche's own provenance paragraph
        # says so, rightly (the date of a fact, not of the booklet), and is left out.
        text = re.sub(r'<p class="fiche-verification">.*?</p>', "", _article(booklet), flags=re.DOTALL)
        assert not any(form in text for form in forms), booklet


@pytest.mark.parametrize("locale", LOCALES)
def test_chaque_fiche_donne_un_moyen_de_joindre_quelqu_un(site, guide, locale):
    """A tel: or mailto: link, or an official site outside the guide, in the fiche's « Contact » line; without any contact of
    its own, its organisations' or a relay of its domain (guide/donnees/contacts.py), the line names who can tell more: a link to
    the page of one of its organisations, never nothing."""
    for service in guide.services:
        article = _article(_root(site, locale) / "fiches" / service.id / "index.html")
        contact = article[article.index("fiche-essentiel") :]
        contact = contact[: contact.index("</ul>")]
        reachable = re.search(r'href="(tel:|mailto:|https://(?!guide-planoise\.invalid))', contact)
        assert reachable or re.search(r'href="[^"]*organisations/[^"]+"', contact), f"{locale}/fiches/{service.id}"


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "swb"])  # swb : test_accueil_shimaore.py
def test_les_numeros_d_urgence_sont_sur_l_accueil(site, locale):
    home = _article(_root(site, locale) / "index.html")
    for link in HELPLINES:
        assert f'href="{link}"' in home, (locale, link)
    assert "numeros-utiles/" in home


def test_la_page_des_numeros_utiles_donne_chaque_numero(site):
    page = _article(site / "numeros-utiles" / "index.html")
    for link in [*HELPLINES, "tel:3949", "tel:3230"]:
        assert f'href="{link}"' in page, link
    assert "médiateur" not in page
