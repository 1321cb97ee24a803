"""Sur le site construit : aucune page pour les habitants ne montre le code des horaires, dans aucune langue ; une fiche qui a
des horaires les dit en mots ; aucun gros bouton ne va à un relais hors de son domaine."""

from __future__ import annotations

import html
import re

import pytest

from guide.donnees import hours
from guide.donnees.contacts import contact_plans
from guide.donnees.formatting import tel_uri
from support import OSM_CODE

pytestmark = pytest.mark.build

LOCALES = ("", "facile/", "en/", "ar/", "swb/")


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_aucune_page_construite_ne_montre_le_code_des_horaires(site, guide):
    stored = {s.horaires_accueil for s in guide.services if s.horaires_accueil}
    patterns = [re.compile(rf"(?<![\w/]){re.escape(value)}(?![\w/])") for value in stored] + [OSM_CODE]
    checked = 0
    for page in site.rglob("*.html"):
        relative = page.relative_to(site).as_posix()
        if "/partenaires/" in f"/{relative}" or "/pagefind/" in f"/{relative}":
            continue  # partner pages quote partners' notes
        text = _text(page.read_text(encoding="utf-8"))
        checked += 1
        assert "OpenStreetMap)" not in text, relative
        for pattern in patterns:
            found = pattern.search(text)
            assert found is None, f"{relative} montre « {found and found.group(0)} »"
    assert checked > 500


def test_chaque_fiche_qui_a_des_horaires_les_dit_en_mots(site, guide):
    for service in guide.services:
        if not service.horaires_accueil:
            continue
        french = hours.in_french(service.horaires_accueil)
        for locale in ("", "swb/"):
            text = _text((site / f"{locale}fiches/{service.id}/index.html").read_text(encoding="utf-8"))
            assert french in text, f"{locale}{service.id} : « {french} » absent"


def test_aucun_gros_bouton_ne_va_a_un_relais_hors_de_son_domaine(site, guide, validation):
    plans = contact_plans(guide, validation.schema)
    for locale in LOCALES:
        for service in guide.services:
            page = (site / f"{locale}fiches/{service.id}/index.html").read_text(encoding="utf-8")
            found = re.search(r'<a[^>]*class="[^"]*guide-action--principale[^"]*"[^>]*>', page)
            main = plans[service.id].main
            if main is None:
                assert found is None, f"{locale}{service.id} : pas de gros bouton attendu"
                continue
            assert found, f"{locale}{service.id} : gros bouton attendu"
            href = html.unescape(re.search(r'href="([^"]*)"', found.group(0)).group(1))
            expected = tel_uri(main.phone) if main.phone else ("mailto:" + main.email if main.email else main.website)
            assert href.rstrip("/") == expected.rstrip("/"), f"{locale}{service.id} : {href} au lieu de {expected}"
