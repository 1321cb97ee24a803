"""Le contenu du guide : les 30 mesures du pacte, des sources et des responsables, des données honnêtes (numéros
nationaux seulement, aucune adresse inventée, projets annoncés comme tels) ; le rapport « à compléter » (jeu de test)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from guide.rendu.report import build_report, format_report
from guide.validate import validate
from numeros_nationaux import NATIONAL_NUMBERS
from support import MINIMAL, TODAY

pytestmark = pytest.mark.unit

PACT_MEASURES = {6: [10, 11, 12, 13], 7: list(range(20, 27)), 8: list(range(30, 36)), 9: list(range(40, 46)), 10: list(range(50, 57))}
PACT_DATE = dt.date(2023, 1, 31)


def test_exactement_les_30_mesures_du_pacte(guide):
    expected = {n: article for article, numbers in PACT_MEASURES.items() for n in numbers}
    assert len(expected) == 30
    assert {m.numero: m.article for m in guide.mesures} == expected


def test_chaque_mesure_a_un_service_ou_une_raison(guide):
    lonely = [f"{m.id} (data/schemes.yaml:{m.line})" for m in guide.mesures if not m.services and not m.sans_service_motif]
    assert lonely == [], f"mesures sans service ni sans_service_motif (un service qui la cite dans « mesures », ou le motif) : {lonely}"


def test_aucune_mesure_n_est_dite_realisee_sans_source(guide):
    for measure in guide.mesures:
        assert measure.statut == "a-confirmer" or measure.statut_source is not None, (
            f"mesure {measure.id} (data/schemes.yaml:{measure.line}) : statut « {measure.statut} » sans statut_source ; citez la source ou mettez a-confirmer"
        )


def test_chaque_service_a_une_source_datee_et_un_responsable(guide):
    for record in [*guide.services, *guide.mesures, *guide.organisations]:
        where = f"{record.collection} {record.id} (data/schemes.yaml:{record.line})"
        assert record.source.document and (record.source.article or record.source.url), f"{where} : la source n'a ni article ni page web"
        assert record.owner is not None, f"{where} : owner manque (l'organisation qui tient la fiche à jour)"
        if record.source.document == "pacte-planoise-2023":
            assert record.source.date == PACT_DATE, f"{where} : le pacte est daté du 2023-01-31"


def test_pas_d_organisation_orpheline(guide):
    used = set()
    for service in guide.services:
        used |= {o.id for o in service.organisations} | {service.owner.id}
    for measure in guide.mesures:
        used |= {o.id for o in measure.organisations} | {measure.owner.id}
    for place in guide.lieux:
        if place.gestionnaire:
            used.add(place.gestionnaire.id)
    orphans = [f"{o.id} (data/schemes.yaml:{o.line})" for o in guide.organisations if o.id not in used and not o.signataire]
    assert orphans == [], f"organisations que ni un service, ni une mesure, ni un lieu ne nomme (et non signataires) : {orphans}"


def test_chaque_telephone_local_a_sa_source(guide):
    """Never an invented number: a phone is one of the sure national numbers, or comes with its own source (provenance, e.g. a
    data·inclusion row or a partner's page) or from the record's source when it is not the pact (which gives no local number)."""
    for record in [*guide.services, *guide.organisations]:
        if record.telephone and record.telephone not in NATIONAL_NUMBERS:
            source = record.provenance.get("telephone") or record.source
            assert not source.is_pact, (
                f"{record.collection} {record.id} (data/schemes.yaml:{record.line}) : le numéro « {record.telephone} » n'est pas un numéro "
                'national sûr et n\'a pas de source ; ajoutez provenance: {telephone: {document: …, date: "AAAA-MM-JJ"}}'
            )


def test_chaque_numero_cite_son_site_officiel(guide):
    """The record that gives a national number cites, as its source or its website, the official site of the allowlist."""
    carriers = [r for r in [*guide.services, *guide.organisations] if r.telephone]
    assert {r.telephone for r in carriers} >= {"112", "119", "3114", "3018", "0 800 235 236", "0 800 23 13 13", "3949", "3230"}
    for record in carriers:
        if record.telephone in NATIONAL_NUMBERS:  # a local number has its own source (test_chaque_telephone_local_a_sa_source)
            assert NATIONAL_NUMBERS[record.telephone] in {record.site_web, record.source.url}, (
                f"{record.collection} {record.id} (data/schemes.yaml:{record.line}) : "
                f"le {record.telephone} cite le site officiel {NATIONAL_NUMBERS[record.telephone]}"
            )


def test_le_filet_de_securite_est_complet(guide):
    from guide.donnees.contacts import helplines

    assert [s.id for s in helplines(guide)] == ["urgences", "allo-119", "numero-3114", "fil-sante-jeunes", "numero-3018", "drogues-info-service"]
    for service in helplines(guide):
        assert service.is_national and service.is_free and service.telephone in NATIONAL_NUMBERS, service.id


def test_chaque_adresse_et_chaque_coordonnee_a_sa_source(guide):
    """Never an invented address: a place's address or coordinates come with their own source (provenance: a dated document,
    a data·inclusion row) or from the place's own source, never from the pact, which gives none."""
    for place in guide.lieux:
        for name, value in (("adresse", place.adresse), ("latitude", place.latitude), ("longitude", place.longitude)):
            if value is not None:
                source = place.provenance.get(name) or place.source
                assert not source.is_pact, (
                    f"lieu {place.id} : « {name} » est rempli sans source qui le donne ; ajoutez "
                    f'provenance: {{{name}: {{document: …, date: "AAAA-MM-JJ"}}}} (le pacte ne donne aucune adresse)'
                )


def test_france_travail_garde_pole_emploi_comme_alias(guide):
    france_travail = guide.by_id()["france-travail"]
    assert france_travail.nom == "France Travail"
    assert "Pôle emploi" in france_travail.alias
    assert not any(o.nom.startswith("Pôle emploi") for o in guide.organisations)


def test_les_projets_annonces_ne_sont_pas_presentes_comme_ouverts(guide):
    projects = [s for s in guide.services if s.is_project]
    assert projects, "le pacte annonce des créations (second LAEP, 3e crèche, équipe de soins primaires…)"
    for service in projects:
        assert not service.horaires_accueil, f"{service.id} : un projet n'a pas d'horaires"


def test_le_rapport_liste_ce_qui_manque_vraiment():
    result = validate(MINIMAL, on=TODAY)
    reports = {r.owner.id: r for r in build_report(result.guide, TODAY)}
    gaps = {g.record.id: g for r in reports.values() for g in r.gaps}
    assert gaps["service-b"].missing == ["contact (téléphone, courriel ou site)", "lieu", "horaires", "à confirmer : age_max"]
    assert "service-a" not in gaps, "service-a est complet et récent"
    assert gaps["mesure-20"].missing == ["statut (engagement 2023 à confirmer)"]
    assert gaps["org-a"].missing == ["contact (téléphone, courriel ou site)"]
    assert gaps["service-b"] in reports["org-b"].gaps and gaps["service-b"] not in reports["org-a"].gaps


def test_le_rapport_signale_les_fiches_trop_anciennes():
    result = validate(MINIMAL, on=TODAY)
    later = dt.date(2024, 6, 1)
    gaps = {g.record.id: g for r in build_report(result.guide, later) for g in r.gaps}
    assert gaps["service-a"].stale == "vérifiée il y a plus de 12 mois" and gaps["service-a"].missing == []
    assert gaps["service-b"].stale == "jamais vérifiée ; source de plus de 12 mois"
    text = format_report(build_report(result.guide, later), "fixture.yaml", later)
    assert re.search(r"^fixture\.yaml:\d+: service service-a — vérifiée il y a plus de 12 mois$", text, flags=re.MULTILINE)


def test_aucune_aide_n_est_proposee_a_un_age_qu_elle_exclut(guide, validation):
    """Every finder result's ages (when known) overlap the person's; 11–15-year-olds never get an adult work scheme."""
    from guide.rendu import finder

    schema = validation.schema
    shown_to_young = set()
    for profile in finder.profiles(schema):
        low, high = profile.ages
        for need in finder.needs_for(schema, profile.band):
            for match in finder.find(guide, schema, profile, need):
                s = match.service
                assert (s.age_min or 0) <= high and (99 if s.age_max is None else s.age_max) >= low, (profile.band.slug, s.id)
                if profile.band.slug == "11-15-ans":
                    shown_to_young.add(s.id)
    adult_schemes = {"tapaj", "sport-sesame-emploi", "contrat-engagement-jeune", "ecole-de-la-deuxieme-chance"}
    assert not adult_schemes & shown_to_young
    by_id = guide.by_id()
    assert all(by_id[i].age_min is not None and by_id[i].age_min >= 16 for i in adult_schemes), "les dispositifs d'emploi des adultes ont un âge minimum"
