"""Les objets de vue des pages (guide/rendu/views.py, guide/rendu/finder.py) : ce que chaque page montre, décidé en Python."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from guide.donnees.contacts import ContactPlan, contact_plans
from guide.donnees.model import Measure, Place, Service, SourceCitation
from guide.donnees.schema import Term
from guide.langues.recherche import search_terms
from guide.rendu import finder
from guide.rendu.plan import page_plan
from guide.rendu.views import SheetLanguage, fiche_view, map_spot, measure_groups, sheet_links
from support import TODAY

pytestmark = pytest.mark.unit

SOURCE = SourceCitation("pacte", None, dt.date(2023, 3, 1))


def _place(pid: str, latitude: float | None = None, longitude: float | None = None) -> Place:
    return Place(pid, pid, SOURCE, 1, latitude=latitude, longitude=longitude)


def _service(*places: Place) -> Service:
    return Service("essai", "Essai", SOURCE, 1, lieux=list(places))


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
            assert fiche.spot in service.lieux and fiche.spot.has_coordinates
        else:
            assert not any(p.has_coordinates for p in service.lieux)
    assert all(not spec.context["fiche"].sheets for spec in page_plan(guide, validation.schema, TODAY) if spec.template == "service.jinja.md")


def _measure(number: int, theme: str) -> Measure:
    return Measure(f"mesure-{number}", SOURCE, number, titre=f"Mesure {number}", numero=number, thematique=theme)


def test_les_mesures_sont_groupees_par_theme_dans_l_ordre_des_themes_puis_du_pacte():
    themes = [Term("emploi", "Emploi"), Term("sante", "Santé"), Term("sport", "Sport")]
    m1, m2, m3, m4 = _measure(1, "sante"), _measure(2, "emploi"), _measure(3, "sante"), _measure(4, "inconnu")
    groups = measure_groups([m1, m2, m3, m4], themes)
    assert [(g.theme.slug, [m.numero for m in g.measures]) for g in groups] == [("emploi", [2]), ("sante", [1, 3]), ("sport", [])]


def test_le_suivi_du_pacte_montre_chaque_mesure_une_fois_sous_son_theme_sans_theme_vide(validation, guide):
    plan = {spec.path: spec for spec in page_plan(guide, validation.schema, TODAY)}
    groups = plan["suivi-du-pacte.md"].context["groups"]
    order = [t.slug for t in validation.schema.taxonomy("thematique")]
    assert [g.theme.slug for g in groups] == [slug for slug in order if any(m.thematique == slug for m in guide.mesures)]
    assert all(g.measures for g in groups)
    assert sorted(m.id for g in groups for m in g.measures) == sorted(m.id for m in guide.mesures)
    for g in groups:
        assert all(m.thematique == g.theme.slug for m in g.measures)
        assert [m.numero for m in g.measures] == sorted(m.numero for m in g.measures), "dans l'ordre du pacte"
        assert plan[f"themes/{g.theme.slug}.md"].context["measures"] == g.measures


def test_un_theme_sans_mesure_n_a_pas_de_titre_dans_le_suivi_du_pacte(validation, guide):
    without = dataclasses.replace(guide, mesures=[m for m in guide.mesures if m.thematique != "culture"])
    plan = {spec.path: spec for spec in page_plan(without, validation.schema, TODAY)}
    shown = [g.theme.slug for g in plan["suivi-du-pacte.md"].context["groups"]]
    assert "culture" not in shown and len(shown) == len(validation.schema.taxonomy("thematique")) - 1
    assert plan["themes/culture.md"].context["measures"] == [], "la page du thème dit qu'il n'a pas d'engagement"


# ---------------------------------------------------------------- « Je cherche… » (guide/rendu/finder.py FinderPage)


def _finder_pages(validation) -> dict:
    return {path: context["view"] for path, _, context, _ in finder.finder_plan(validation.guide, validation.schema)}


def _matches(*flags: bool) -> list[finder.Match]:
    """Matches of services a resident can ask for now (True) or not (False: a 2023 project)."""
    return [finder.Match(Service(f"s{i}", f"S{i}", SOURCE, 1, etat="projet" if not now else "actif"), 1) for i, now in enumerate(flags)]


def test_le_titre_des_resultats_dit_aucune_une_ou_combien_d_aides():
    assert finder.results_heading(finder.grouped([])) == finder.Heading("je_cherche_aucune_titre")
    assert finder.results_heading(finder.grouped(_matches(False))) == finder.Heading("je_cherche_aucune_titre"), "un projet ne compte pas"
    assert finder.results_heading(finder.grouped(_matches(True, False))) == finder.Heading("je_cherche_resultats_un")
    assert finder.results_heading(finder.grouped(_matches(*[True] * 7, False))) == finder.Heading("je_cherche_resultats", count=7)


def test_chaque_question_porte_son_numero_et_la_question_sautee_n_est_pas_comptee(validation):
    pages = _finder_pages(validation)
    assert pages["je-cherche/index.md"].heading == finder.Heading("je_cherche_q_tranche", question=1)
    assert pages["je-cherche/index.md"].answers == []
    assert pages["je-cherche/parents/index.md"].heading == finder.Heading("je_cherche_q_situation_parents", question=2)
    assert pages["je-cherche/18-25-ans/index.md"].heading == finder.Heading("je_cherche_q_situation", question=2)
    asked = pages["je-cherche/18-25-ans/sans-emploi-ni-formation/emploi.md"]
    assert [(a.taxonomy, a.slug, a.question, a.change) for a in asked.answers] == [
        ("tranche_age", "18-25-ans", 1, "je-cherche/index.md"),
        ("situation", "sans-emploi-ni-formation", 2, "je-cherche/18-25-ans/index.md"),
        ("besoin", "emploi", 3, "je-cherche/18-25-ans/sans-emploi-ni-formation/index.md"),
    ]
    skipped = pages["je-cherche/11-15-ans/ecole-formation/sante.md"]
    assert [(a.slug, a.question) for a in skipped.answers] == [("11-15-ans", 1), ("sante", 2)], "une seule situation : pas de question 2 affichée"
    assert pages["je-cherche/11-15-ans/ecole-formation/index.md"].heading == finder.Heading("je_cherche_q_besoin", question=2)


def test_changer_une_reponse_ramene_a_sa_question_et_chaque_choix_ajoute_une_reponse(validation):
    pages = _finder_pages(validation)
    for path, view in pages.items():
        for answer in view.answers:
            assert pages[answer.change].heading.question == answer.question, (path, answer)
        for choice in view.choices:
            following = pages[choice.path]
            assert following.answers[: len(view.answers)] == view.answers, (path, choice.path)
            given = [(a.taxonomy, a.slug) for a in following.answers[len(view.answers) :]]
            assert given == [(choice.taxonomy, choice.term.slug)], (path, choice.path)
        assert (view.results is None) == (view.step != "resultats") and bool(view.choices) == (view.step != "resultats")


# ---------------------------------------------------------------- small decisions the macros used to make


def test_les_mots_de_recherche_sont_les_alias_puis_les_mots_des_habitants_de_la_langue(validation, guide):
    record = Service("essai", "Essai", SOURCE, 1, alias=["Alias"])
    assert search_terms(record, {"essai": ["taf", "boulot"], "autre": ["ailleurs"]}) == ["Alias", "taf", "boulot"]
    assert search_terms(Service("vide", "Vide", SOURCE, 1), {"essai": ["taf"]}) == []
    mission = guide.by_id()["mission-locale"]
    fr, ar = search_terms(mission, validation.search_words["fr"]), search_terms(mission, validation.search_words.get("ar", {}))
    assert fr[: len(mission.alias)] == mission.alias and "taf" in fr and "taf" not in ar


def test_le_bouton_principal_dit_quand_il_joint_une_autre_structure_que_le_service(validation, guide):
    plans = contact_plans(guide, validation.schema)
    assert plans["cite-de-l-emploi"].main_is_own, "la Cité de l'emploi a son propre contact"
    other = next(p for p in plans.values() if p.main and p.main.who is not p.service)
    assert not other.main_is_own, "un bouton qui joint une organisation ou un relais le dit"
    assert not ContactPlan(_service(), None).main_is_own
