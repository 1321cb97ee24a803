"""Le rapport « à compléter » en CSV pour Excel : relu avec le module csv, comme un tableur le lirait."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys

import pytest

from guide.donnees.paths import ROOT
from guide.rendu.report import CSV_COLUMNS, build_report, report_csv
from support import MINIMAL, validate_fixture

LATER = dt.date(2024, 6, 1)  # plus de 12 mois après la vérification des fiches du jeu de test


def _rows(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf"), "le fichier doit commencer par la marque UTF-8 (BOM) pour Excel"
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].count(";") == len(CSV_COLUMNS) - 1
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.mark.unit
def test_une_ligne_par_fiche_a_completer_avec_ses_colonnes():
    validation = validate_fixture(LATER)
    reports = build_report(validation.guide, LATER)
    rows = _rows(report_csv(reports, "data/schemes.yaml"))
    gaps = [(report.owner.id, gap) for report in reports for gap in report.gaps]
    assert len(rows) == len(gaps) > 0
    assert {(r["Identifiant"], r["Vérifiée le"], r["Vérifiée par"]) for r in rows if r["Vérifiée le"]} == {
        ("service-a", "2023-02-15", "Organisation A"),
        ("org-a", "2023-02-15", "Organisation A"),
    }
    assert list(rows[0]) == list(CSV_COLUMNS)
    for row, (owner, gap) in zip(rows, gaps, strict=True):
        assert row["Partenaire (identifiant)"] == owner
        assert (row["Type"], row["Identifiant"], row["Titre"]) == (gap.kind, gap.record.id, gap.record.nom)
        assert row["Ce qui manque"] == " ; ".join(gap.missing)
        assert row["Fraîcheur"] == gap.stale and "plus de 12 mois" in gap.stale
        verified = gap.record.verification
        assert (row["Vérifiée le"], row["Vérifiée par"]) == ((verified.date.isoformat(), verified.par.nom) if verified else ("", ""))
        assert row["Date de la source"] == "2023-01-31"
        assert row["Ligne"] == str(gap.record.line) and int(row["Ligne"]) > 1
        assert row["Fichier"] == "data/schemes.yaml"


@pytest.mark.unit
def test_les_accents_points_virgules_et_retours_a_la_ligne_restent_dans_leur_colonne():
    validation = validate_fixture(LATER)
    reports = build_report(validation.guide, LATER)
    gap = reports[0].gaps[0]
    original = gap.record.note
    note = 'Horaires ; adresse à vérifier.\nDeuxième ligne « été », "guillemets"'
    try:
        gap.record.note = note
        rows = _rows(report_csv(reports, "data/schemes.yaml"))
    finally:
        gap.record.note = original
    row = next(r for r in rows if r["Identifiant"] == gap.record.id)
    assert row["Note"] == note
    assert all(len(r) == len(CSV_COLUMNS) and None not in r for r in rows)


@pytest.mark.unit
def test_une_formule_n_est_jamais_executee_par_le_tableur():
    validation = validate_fixture(LATER)
    reports = build_report(validation.guide, LATER)
    gap = reports[0].gaps[0]
    original = gap.record.note
    try:
        gap.record.note = '=HYPERLINK("https://exemple.invalid")'
        row = next(r for r in _rows(report_csv(reports, "x.yaml")) if r["Identifiant"] == gap.record.id)
    finally:
        gap.record.note = original
    assert row["Note"].startswith("'=")


@pytest.mark.outils
def test_la_commande_ecrit_le_fichier_csv(tmp_path):
    target = tmp_path / "rapport.csv"
    command = [sys.executable, "-m", "guide", "report", str(MINIMAL), "--date", LATER.isoformat()]
    run = subprocess.run([*command, "--csv", str(target)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    rows = _rows(target.read_bytes())
    assert {r["Identifiant"] for r in rows} >= {"org-a"}
    assert all(r["Fichier"] == "tests/fixtures/minimal.yaml" for r in rows)
    to_screen = subprocess.run([*command, "--csv"], cwd=ROOT, capture_output=True)
    assert to_screen.returncode == 0
    assert to_screen.stdout == target.read_bytes()
