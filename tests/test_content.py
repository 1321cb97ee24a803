"""Le contenu du guide : les 30 mesures du pacte, des sources et des responsables, des données honnêtes (numéros
nationaux seulement, aucune adresse inventée, projets annoncés comme tels) ; le rapport « à compléter » (jeu de test)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from guide.rendu import plan
from guide.rendu.render import render_pages
from guide.rendu.report import build_report, first_pages, format_report, report_parts
from guide.validate import validate
from numeros_nationaux import NATIONAL_NUMBERS
from support import MINIMAL, TODAY, validate_fixture, walk_paged_list

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


LATER = dt.date(2024, 6, 1)  # every fixture record is old by then: more rows in the report


def test_le_rapport_coupe_en_pages_garde_chaque_ligne_une_fois_dans_l_ordre():
    """report_parts: every row once, in the report's order, at most `size` a page; a partner's part is marked as
    continued only at the top of a page after its first rows; first_pages says where each partner's rows begin."""
    reports = build_report(validate(MINIMAL, on=TODAY).guide, LATER)
    rows = [(r.owner.id, g.record.id) for r in reports for g in r.gaps]
    assert len(rows) >= 3 and len(reports) >= 2
    for size in (1, 2, len(rows), 10_000):
        parts = report_parts(reports, size)
        assert [(section.report.owner.id, g.record.id) for part in parts for section in part for g in section.gaps] == rows
        assert len(parts) == -(-len(rows) // size) and all(0 < sum(len(section.gaps) for section in part) <= size for part in parts)
        starts = first_pages(parts)
        assert list(starts) == [r.owner.id for r in reports]
        for number, part in enumerate(parts, start=1):
            for index, section in enumerate(part):
                after_break = index == 0 and number > 1 and parts[number - 2][-1].report is section.report
                assert section.continued == after_break, (size, number, section.report.owner.id)
                assert section.continued or starts[section.report.owner.id] == number
    assert report_parts([], 2) == [[]], "un rapport vide a encore sa page"


def _report_rows(text: str) -> list[str]:
    """The rows of the partners' tables of a report page (not the table of where each partner begins), their links
    without the `../` that depend on how deep the page is."""
    body = text.split("\n## ", 1)[1] if "\n## " in text else ""
    return [re.sub(r"\]\((?:\.\./)+", "](", line) for line in body.splitlines() if line.startswith("| ") and not line.startswith("| Fiche |")]


def test_chaque_page_du_rapport_a_completer_a_son_titre_ses_liens_et_ses_lignes(monkeypatch):
    """With 2 rows a page, the fixture's report spans several pages: the first keeps the address, the explanation, the
    counts and where each partner begins; each page says its number, links to every other page, and shows the rows of
    the one-page report, each once, in the same order."""
    validation = validate_fixture()
    localizers = validation.localizers(["fr", "facile"])
    monkeypatch.setattr(plan, "A_COMPLETER_PAR_PAGE", 10_000)
    whole = render_pages(validation.guide, validation.schema, LATER, localizers)["partenaires/a-completer.md"]
    assert "guide-pages" not in whole and "| Partenaire |" not in whole, "un rapport qui tient sur une page n'a ni liens ni table des parties"
    monkeypatch.setattr(plan, "A_COMPLETER_PAR_PAGE", 2)
    pages = render_pages(validation.guide, validation.schema, LATER, localizers)
    paths, found = walk_paged_list(pages, "partenaires/a-completer.md", _report_rows, "À compléter : rapport pour les partenaires", 2)
    assert not any(p.startswith("partenaires/a-completer") and p.endswith(".facile.md") for p in pages), "pour les partenaires, en français"
    for number, path in enumerate(paths, start=1):
        assert ("fiche(s) à compléter chez" in pages[path].split("\n## ")[0]) == (number == 1), path
    assert found == _report_rows(whole) and len(found) > 2
    # « (suite) » on a partner's heading exactly where its rows continue from the previous page.
    parts = report_parts(build_report(validation.guide, LATER), 2)
    for path, part in zip(paths, parts, strict=True):
        heading = next(line for line in pages[path].splitlines() if line.startswith("## "))
        assert heading.endswith("(suite)") == part[0].continued, (path, heading)
    # The first page says where each partner's rows begin: a link to the page, for those that begin further on.
    first = pages[paths[0]]
    assert "\n\n| Partenaire |" in first, "un tableau Markdown commence après une ligne vide (sinon il reste du texte)"
    index = [line for line in first.split("\n## ", 1)[0].splitlines() if line.startswith("| ") and not line.startswith("| Partenaire |")]
    reports = build_report(validation.guide, LATER)
    starts = first_pages(parts)
    assert len(index) == len(reports) and any(start > 1 for start in starts.values())
    for line, report in zip(index, reports, strict=True):
        start = starts[report.owner.id]
        where = "sur cette page" if start == 1 else f"[Page {start}](a-completer/page-{start}.md)"
        assert line == f"| {report.owner.nom} | {len(report.gaps)} | {where} |", line


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
