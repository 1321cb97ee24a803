"""Les objets de vue des pages (guide/views.py, guide/finder.py) : ce que chaque page montre, décidé en Python."""

from __future__ import annotations

import datetime as dt

import pytest

from guide.contacts import ContactPlan, contact_plans
from guide.model import Place, Service, SourceCitation
from guide.render import page_plan
from guide.views import SheetLanguage, fiche_view, map_spot, sheet_links
from support import TODAY

pytestmark = pytest.mark.unit

SOURCE = SourceCitation("pacte", None, dt.date(2023, 3, 1))


def _place(pid: str, latitude: float | None = None, longitude: float | None = None) -> Place:
    return Place(pid, pid, SOURCE, 1, latitude=latitude, longitude=longitude)


def _service(*places: Place) -> Service:
    return Service("essai", "Essai", SOURCE, 1, places=list(places))


LANGUAGES = [SheetLanguage("en", "en", "English"), SheetLanguage("ar", "ar", "العربية")]


def test_le_point_sur_la_carte_est_le_premier_lieu_qui_a_des_coordonnees():
    sans, moitie = _place("sans"), _place("moitie", latitude=47.2)  # a latitude alone is not a spot
    premier, second = _place("premier", 47.21, 5.94), _place("second", 47.22, 5.95)
    assert map_spot(_service(sans, moitie, premier, second)) is premier
    assert map_spot(_service(second, premier)) is second
    assert map_spot(_service(sans, moitie)) is None
    assert map_spot(_service()) is None


def test_sans_contact_ni_lieu_sur_la_carte_la_fiche_n_a_pas_de_bouton():
    service = _service(_place("sans"))
    nobody = ContactPlan(service, None)
    assert not fiche_view(service, nobody).has_actions
    assert fiche_view(_service(_place("ici", 47.2, 5.9)), nobody).has_actions, "un lieu sur la carte suffit (Itinéraire)"


def test_les_feuilles_en_deux_langues_d_une_fiche_suivent_l_ordre_des_langues():
    links = sheet_links(_service(), LANGUAGES)
    assert [(s.path, s.lang, s.name) for s in links] == [("en/imprimer/essai/", "en", "English"), ("ar/imprimer/essai/", "ar", "العربية")]
    assert sheet_links(_service(), []) == []


def test_chaque_fiche_du_plan_a_sa_vue_et_ses_feuilles_sont_des_pages_du_plan(validation, guide):
    plan = page_plan(guide, validation.schema, TODAY, LANGUAGES)
    paths = {spec.path for spec in plan}
    plans = contact_plans(guide, validation.schema)
    fiches = [spec for spec in plan if spec.template == "service.jinja.md"]
    assert len(fiches) == len(guide.services)
    for spec in fiches:
        fiche, service = spec.context["fiche"], spec.context["service"]
        assert fiche.service is service and fiche.plan == plans[service.id]
        assert [s.lang for s in fiche.sheets] == ["en", "ar"]
        for sheet in fiche.sheets:
            assert f"imprimer/{service.id}.md" in paths and sheet.path == f"{sheet.lang}/imprimer/{service.id}/"
        if fiche.spot:
            assert fiche.spot in service.places and fiche.spot.has_coordinates
        else:
            assert not any(p.has_coordinates for p in service.places)
    assert all(not spec.context["fiche"].sheets for spec in page_plan(guide, validation.schema, TODAY) if spec.template == "service.jinja.md")
