"""Importer data·inclusion : propositions exactes sur un export fictif, data/ intact, application relue, aller-retour,
messages en français, rapprochements refusés, source montrée aux lecteurs.

L'export de tests/fixtures/data-inclusion/ est inventé (adresses example.org, numéros 01 99 00 xx xx
réservés à la fiction par le plan de numérotation). Il est importé dans un jeu de données figé, à ces tests
(tests/fixtures/data-inclusion/donnees/schemes.yaml : une copie réduite des fiches de data/, jamais mise à jour
avec data/), et n'est jamais appliqué qu'à une copie de ce jeu : une modification juste d'un partenaire dans data/
(le téléphone de la Mission locale, une vérification datée du jour) ne change rien à ce que ces tests attendent.
Seul l'aller-retour de notre propre export (une règle vraie pour toutes données valides) lit data/ (marqueur `donnees`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from data_inclusion.schema import v1

from guide import importer
from guide.__main__ import main
from guide.donnees.paths import ROOT
from guide.rendu.render import render_pages
from guide.sorties.opendata import export_files
from guide.validate import validate
from support import data_folder, yaml_load

# The importer's command, run in-process on the frozen data, then rendered: a tool, not a fast rule check (the slowest tests
# of the former `unit` tier).
pytestmark = pytest.mark.outils

FIXTURE = ROOT / "tests" / "fixtures" / "data-inclusion"
# The records these tests import into: a trimmed copy of data/schemes.yaml, frozen on purpose (see its header).
FIGE = FIXTURE / "donnees" / "schemes.yaml"
TODAY = dt.date(2026, 12, 1)

# What the fixture run prints, line by line (the README of the closing note shows it too).
SORTIE_ATTENDUE = """\
structures.json, ligne 5 (id « fictif--ligne-invalide »), champ nom : texte trop court (au moins 3 caractères) ; ligne ignorée
structures.json, ligne 5 (id « fictif--ligne-invalide »), champ courriel : « pas-une-adresse » n'est pas une adresse électronique valide ; ligne ignorée
10 ligne(s) lue(s) : 1 refusée(s), 2 hors des communes demandées, 7 gardée(s).
11 valeur(s) proposée(s) pour 5 fiche(s), 1 correspondance(s) à décider, 3 différence(s) non proposée(s), 1 ligne(s) sans fiche.
Propositions écrites dans propositions.yaml ; data/schemes.yaml n'a pas changé.
À relire avec les partenaires, puis : python -m guide appliquer propositions.yaml
"""


def _empreinte(folder: Path) -> str:
    """The content of every file of the folder (test_contribution's short-lived `_test_*` copies excepted: it runs in parallel)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("_test_"):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def donnees_figees(folder: Path) -> Path:
    """A copy of the frozen data under folder/data, with the project's interface strings beside it; the path of its schemes.yaml."""
    return data_folder(folder / "data", FIGE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validation_figee(tmp_path_factory):
    """The frozen data, validated once (the matching rules and the round trip read its records)."""
    validation = validate(donnees_figees(tmp_path_factory.mktemp("fige")), on=TODAY)
    assert validation.ok, [p.format() for p in validation.errors]
    return validation


@pytest.fixture(scope="module")
def fige(validation_figee):
    """The frozen data's records, linked."""
    return validation_figee.guide


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The fixture run, from a folder of its own, on a copy of the frozen data:
    `python -m guide importer export --commune 25056 --sortie propositions.yaml --donnees data/schemes.yaml`."""
    folder = tmp_path_factory.mktemp("import")
    shutil.copytree(FIXTURE, folder / "export", ignore=shutil.ignore_patterns("donnees"))
    donnees_figees(folder)
    before = _empreinte(folder / "data")
    return folder, before


@pytest.fixture(scope="module")
def fixture_output(run):
    folder, _ = run
    import contextlib
    import io
    import os

    out = io.StringIO()
    here = Path.cwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out):
            code = main(["importer", "export", "--commune", "25056", "--sortie", "propositions.yaml", "--donnees", "data/schemes.yaml"])
    finally:
        os.chdir(here)
    return code, out.getvalue(), (folder / "propositions.yaml").read_text(encoding="utf-8")


@pytest.fixture
def copie(tmp_path) -> Path:
    """A copy of the frozen data to apply proposals to."""
    return donnees_figees(tmp_path)


# ---------------------------------------------------------------- the fixture itself


def test_l_export_fictif_suit_le_schema_officiel_sauf_la_ligne_invalide():
    invalid = []
    for name, model in (("structures", v1.Structure), ("services", v1.Service)):
        for row in json.loads((FIXTURE / f"{name}.json").read_text(encoding="utf-8")):
            try:
                model.model_validate(row, context={"ignore_warnings": False})
            except Exception:
                invalid.append(row["id"])
            assert set(row) <= set(model.model_fields), row["id"]
            for key in ("courriel", "site_web", "lien_source"):
                assert row.get(key) in (None, "pas-une-adresse") or "example.org" in row[key], (row["id"], key)
            phone = (row.get("telephone") or "").replace(" ", "").replace("+33", "0")
            assert phone == "" or phone.startswith("019900"), "numéros de la tranche réservée à la fiction seulement"
    assert invalid == ["fictif--ligne-invalide"]


def test_le_jeu_fige_passe_guide_check(capsys):
    """The frozen data is valid on its own: `python -m guide check tests/fixtures/data-inclusion/donnees/schemes.yaml`."""
    code = main(["check", str(FIGE)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "Données valides : 0 erreur" in printed


# ---------------------------------------------------------------- proposals


def test_les_propositions_sont_exactement_celles_ecrites_a_la_main(fixture_output):
    code, _, written = fixture_output
    assert code == 0
    expected = (FIXTURE / "propositions-attendues.yaml").read_text(encoding="utf-8")
    assert written == expected, "".join(difflib.unified_diff(expected.splitlines(True), written.splitlines(True), "attendu", "écrit"))


def test_la_commande_dit_ce_qu_elle_a_fait_en_francais(fixture_output):
    _, printed, _ = fixture_output
    assert printed == SORTIE_ATTENDUE


def test_data_n_est_pas_touche_sans_appliquer(run, fixture_output):
    folder, before = run
    assert _empreinte(folder / "data") == before


def test_le_fichier_de_propositions_se_relit_en_yaml(fixture_output):

    data = yaml_load(fixture_output[2])
    assert [p["fiche"] for p in data["propositions"]] == [
        "mission-locale",
        "france-travail",
        "agence-france-travail-planoise",
        "contrat-engagement-jeune",
        "cite-de-l-emploi",
    ]
    assert data["propositions"][0]["champs"][0] == {"champ": "telephone", "actuel": None, "propose": "01 99 00 10 01"}
    assert data["propositions"][2]["champs"][1]["propose"] == 47.2188


# ---------------------------------------------------------------- applying


def _retirer_proposition(text: str, fiche: str) -> str:
    """What a partner does to refuse a record's proposals: delete its block."""
    lines = text.splitlines(keepends=True)
    start = lines.index(f"  - fiche: {fiche}\n")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  - fiche:") or not lines[i].startswith("    "))
    return "".join(lines[:start] + lines[end:])


def _insertions_apres_une_ligne_vide_ou_un_commentaire(before: str, after: str) -> list[str]:
    """Old blank or comment lines that new lines now follow directly (the layout moved)."""
    old, new = before.splitlines(), after.splitlines()
    where = {}
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            where.update({i1 + k: j1 + k for k in range(i2 - i1)})
    return [
        f"ligne {i + 1} : {old[i]!r} suivie de {new[where[i] + 1]!r}"
        for i in range(len(old) - 1)
        if (not old[i].strip() or old[i].lstrip().startswith("#")) and i in where and new[where[i] + 1] != old[i + 1]
    ]


def test_appliquer_n_ecrit_que_les_propositions_gardees_et_les_donnees_restent_valides(fixture_output, copie, tmp_path, capsys):
    reviewed = tmp_path / "relues.yaml"
    reviewed.write_text(_retirer_proposition(fixture_output[2], "france-travail"), encoding="utf-8")
    before = copie.read_text(encoding="utf-8")
    assert main(["importer", "--appliquer", str(reviewed), "--donnees", str(copie)]) == 0
    after = copie.read_text(encoding="utf-8")
    removed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]
    added = [line[2:] for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("+ ")]
    assert removed == ["-     a_confirmer: [organisations]"], "une seule ligne existante change : les champs à confirmer de la Cité de l'emploi"
    assert added == [
        "  - id: data-inclusion-fictif-ml-grand-besancon",
        '    titre: "data·inclusion : Mission locale du Grand Besançon (fictif)"',
        '    date: "2026-10-01"',
        "    url: https://example.org/data-inclusion/structures/ml-grand-besancon",
        '    data_inclusion: {source: fictif, id: "fictif--ml-grand-besancon", fichier: structures}',
        "  - id: data-inclusion-fictif-ft-planoise",
        '    titre: "data·inclusion : France Travail Besançon Planoise (fictif)"',
        '    date: "2026-09-15"',
        "    url: https://example.org/data-inclusion/structures/ft-planoise",
        '    data_inclusion: {source: fictif, id: "fictif--ft-planoise", fichier: structures}',
        "  - id: data-inclusion-fictif-ml-cej",
        '    titre: "data·inclusion : Contrat d\'engagement jeune (fictif)"',
        '    date: "2026-10-02"',
        "    url: https://example.org/data-inclusion/services/ml-cej",
        '    data_inclusion: {source: fictif, id: "fictif--ml-cej", fichier: services}',
        "  - id: data-inclusion-fictif-ft-cite-emploi",
        '    titre: "data·inclusion : Cité de l\'emploi (fictif)"',
        '    date: "2026-09-15"',
        "    url: https://example.org/data-inclusion/services/ft-cite-emploi",
        '    data_inclusion: {source: fictif, id: "fictif--ft-cite-emploi", fichier: services}',
        "    telephone: 01 99 00 10 01",
        "    courriel: accueil-ml@example.org",
        "    site_web: https://example.org/mission-locale",
        "    provenance:",
        '      telephone: {document: data-inclusion-fictif-ml-grand-besancon, date: "2026-10-01"}',
        '      courriel: {document: data-inclusion-fictif-ml-grand-besancon, date: "2026-10-01"}',
        '      site_web: {document: data-inclusion-fictif-ml-grand-besancon, date: "2026-10-01"}',
        "    a_confirmer: [telephone, courriel, site_web]",
        "    adresse: 2 rue de l'Exemple, Bâtiment B",
        "    latitude: 47.2188",
        "    longitude: 5.9421",
        "    provenance:",
        '      adresse: {document: data-inclusion-fictif-ft-planoise, date: "2026-09-15"}',
        '      latitude: {document: data-inclusion-fictif-ft-planoise, date: "2026-09-15"}',
        '      longitude: {document: data-inclusion-fictif-ft-planoise, date: "2026-09-15"}',
        "    a_confirmer: [adresse, latitude, longitude]",
        "    telephone: 01 99 00 10 10",
        "    courriel: cej@example.org",
        "    horaires_accueil: Mo-Fr 09:00-12:00; We 14:00-17:00",
        "    provenance:",
        '      telephone: {document: data-inclusion-fictif-ml-cej, date: "2026-10-02"}',
        '      courriel: {document: data-inclusion-fictif-ml-cej, date: "2026-10-02"}',
        '      horaires_accueil: {document: data-inclusion-fictif-ml-cej, date: "2026-10-02"}',
        "    a_confirmer: [telephone, courriel, horaires_accueil]",
        "    courriel: cite-emploi@example.org",
        "    provenance:",
        '      courriel: {document: data-inclusion-fictif-ft-cite-emploi, date: "2026-09-15"}',
        "    a_confirmer: [organisations, courriel]",
    ]
    assert _insertions_apres_une_ligne_vide_ou_un_commentaire(before, after) == [], "les blancs et commentaires restent à leur place"
    assert "agence-planoise@example.org" not in after, "la proposition refusée (France Travail) n'est pas écrite"
    assert main(["check", str(copie)]) == 0
    printed = capsys.readouterr().out
    assert "10 valeur(s) écrite(s)" in printed and "Données valides : 0 erreur" in printed


@pytest.fixture(scope="module")
def appliquee(tmp_path_factory, fixture_output) -> Path:
    """A copy of the frozen data with every proposal of the fixture applied (none refused)."""
    folder = tmp_path_factory.mktemp("appliquee")
    data = donnees_figees(folder)
    (folder / "propositions.yaml").write_text(fixture_output[2], encoding="utf-8")
    assert main(["importer", "--appliquer", str(folder / "propositions.yaml"), "--donnees", str(data)]) == 0
    return data


def test_appliquer_et_importer_appliquer_sont_la_meme_commande(appliquee, fixture_output, tmp_path):
    """One code path for every proposal source: `python -m guide appliquer` writes the importer's proposals byte for byte as `importer --appliquer`."""
    data = donnees_figees(tmp_path)
    (tmp_path / "propositions.yaml").write_text(fixture_output[2], encoding="utf-8")
    assert fixture_output[2].count("\norigine: data-inclusion\n") == 1
    assert main(["appliquer", str(tmp_path / "propositions.yaml"), "--donnees", str(data)]) == 0
    assert data.read_bytes() == appliquee.read_bytes()


def test_appliquer_deux_fois_n_ajoute_rien(appliquee, capsys):
    once = appliquee.read_bytes()
    assert main(["importer", "--appliquer", str(appliquee.parent.parent / "propositions.yaml"), "--donnees", str(appliquee)]) == 1
    assert appliquee.read_bytes() == once
    printed = capsys.readouterr().out
    assert printed.count("la fiche a changé depuis les propositions") == 11, "les valeurs actuelles ont changé : tout est refusé"


def test_une_proposition_perimee_est_refusee_en_francais(fixture_output, copie, tmp_path, capsys):
    proposals = tmp_path / "propositions.yaml"
    proposals.write_text(fixture_output[2], encoding="utf-8")
    text = copie.read_text(encoding="utf-8").replace("    sigle: MILO\n", '    sigle: MILO\n    telephone: "01 99 00 99 99"\n', 1)
    copie.write_text(text, encoding="utf-8")
    main(["importer", "--appliquer", str(proposals), "--donnees", str(copie)])
    printed = capsys.readouterr().out
    assert "mission-locale › telephone : la fiche a changé depuis les propositions" in printed
    assert "01 99 00 10 01" not in copie.read_text(encoding="utf-8")
    assert "Traceback" not in printed


def test_un_resultat_invalide_n_est_pas_ecrit(fixture_output, copie, tmp_path, capsys):
    proposals = tmp_path / "propositions.yaml"
    proposals.write_text(fixture_output[2].replace("propose: 01 99 00 10 01", "propose: 12 34"), encoding="utf-8")
    before = copie.read_bytes()
    assert main(["importer", "--appliquer", str(proposals), "--donnees", str(copie)]) == 1
    assert copie.read_bytes() == before
    printed = capsys.readouterr()
    assert "mission-locale" in printed.out and "n'est pas un numéro français valide" in printed.out
    assert "n'a pas changé" in printed.err


# ---------------------------------------------------------------- round trip


def _own_export(validation, folder: Path, change=None) -> Path:
    files = export_files(validation.guide, validation.schema, validation.localizers(["fr"])[0].raw, "https://exemple.fr/", TODAY)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("structures", "services"):
        rows = json.loads(files[f"data-inclusion/{name}.json"])
        if change:
            change(name, rows)
        (folder / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.mark.donnees
def test_importer_notre_propre_export_ne_propose_rien(validation, tmp_path):
    """A rule for any valid data, so checked on the project's own (or GUIDE_DATA's copy)."""
    lecture = importer.lire_export(_own_export(validation, tmp_path / "export"), None)
    assert lecture.problemes == [] and lecture.invalides == 0
    found = importer.proposer(validation.guide, lecture, None)
    assert len(found.rapprochement.surs) == len(lecture.structures) + len(lecture.services)
    assert found.propositions == [] and found.non_proposees == [] and found.rapprochement.a_decider == []
    assert found.rapprochement.sans_correspondance == []


def test_l_aller_retour_voit_une_valeur_changee(validation_figee, tmp_path):
    def change(name, rows):
        if name == "structures":
            next(r for r in rows if r["id"] == "guide-planoise--caf-doubs")["telephone"] = "+33199000707"

    export = _own_export(validation_figee, tmp_path / "export", change)
    found = importer.proposer(validation_figee.guide, importer.lire_export(export, None), None)
    assert [(p.candidat.fiche.id, [(c.champ, c.actuel, c.propose) for c in p.changements]) for p in found.propositions] == [
        ("caf-doubs", [("telephone", "3230", "01 99 00 07 07")])
    ]


# ---------------------------------------------------------------- rows refused, in French


@pytest.mark.parametrize(
    "row, expected",
    [
        (
            {"source": "x", "id": "x--1", "nom": "Structure", "date_maj": "2099-01-01"},
            "date_maj : La date de dernière modification ne peut pas être dans le futur.",
        ),
        ({"source": "x", "nom": "Structure", "date_maj": "2026-01-01"}, "id : champ obligatoire absent"),
        ({"source": "x", "id": "x--1", "nom": "Structure", "date_maj": "01/02/2026"}, "date_maj : « 01/02/2026 » n'est pas une date au format AAAA-MM-JJ"),
        ({"source": "x", "id": "x--1", "nom": "Structure", "date_maj": "2026-01-01", "siret": "123"}, "siret : texte trop court (au moins 14 caractères)"),
        (
            {"source": "x", "id": "x--1", "nom": "Structure", "date_maj": "2026-01-01", "site_web": "pas un lien"},
            "site_web : « pas un lien » n'est pas une adresse web valide",
        ),
        (
            {"source": "x", "id": "x--1", "nom": "Structure", "date_maj": "2026-01-01", "reseaux_porteurs": ["inconnu"]},
            "reseaux_porteurs.0 : « inconnu » n'est pas dans la liste du schéma data·inclusion",
        ),
        ("pas un objet", "(ligne) : un objet JSON { … } était attendu"),
    ],
)
def test_une_ligne_invalide_est_expliquee_en_francais_et_ignoree(tmp_path, row, expected):
    (tmp_path / "structures.json").write_text(json.dumps([row]), encoding="utf-8")
    (tmp_path / "services.json").write_text("[]", encoding="utf-8")
    lecture = importer.lire_export(tmp_path, None)
    assert lecture.invalides == 1 and lecture.structures == []
    assert any(expected in message for message in lecture.problemes), lecture.problemes
    assert all(message.startswith("structures.json, ligne 1") for message in lecture.problemes)


def test_une_ligne_invalide_hors_des_communes_demandees_n_est_pas_signalee(tmp_path):
    """A national export has faults everywhere: only the rows of the communes asked for are checked."""
    rows = [{"source": "x", "id": "x--1", "nom": "MQ", "date_maj": "2026-01-01", "code_insee": "39198"}]
    (tmp_path / "structures.json").write_text(json.dumps(rows), encoding="utf-8")
    (tmp_path / "services.json").write_text("[]", encoding="utf-8")
    lecture = importer.lire_export(tmp_path, ["25056"])
    assert (lecture.invalides, lecture.hors_communes, lecture.problemes) == (0, 1, [])
    assert importer.lire_export(tmp_path, ["39198"]).invalides == 1


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "fichier introuvable"),
        ('[{"id": 1,}]', "structures.json:1:11 : JSON invalide (nom de champ entre guillemets attendu)"),
        ('{"id": "x"}', "un tableau JSON de lignes était attendu"),
    ],
)
def test_un_export_illisible_arrete_l_import_sans_trace_python(tmp_path, capsys, content, expected):
    if content is not None:
        (tmp_path / "structures.json").write_text(content, encoding="utf-8")
    (tmp_path / "services.json").write_text("[]", encoding="utf-8")
    assert main(["importer", str(tmp_path), "--commune", "25056", "--sortie", str(tmp_path / "p.yaml")]) == 1
    printed = capsys.readouterr()
    assert expected in printed.out and "Traceback" not in printed.out + printed.err
    assert not (tmp_path / "p.yaml").exists()


# ---------------------------------------------------------------- matching rules


def _ligne(**fields) -> importer.Ligne:
    return importer.Ligne("structures", 1, {"source": "fictif", "id": "fictif--1", "date_maj": "2026-10-01", **fields})


def _ids(candidats):
    return [(c.fiche.id, c.regle) for c in candidats]


def test_le_meme_reseau_dans_une_autre_commune_ne_correspond_pas(fige):
    dole = _ligne(nom="Mission locale de Dole", code_insee="39198", commune="Dole", reseaux_porteurs=["mission-locale"])
    assert importer.candidats_structure(dole, fige.organisations, ["25056"]) == []
    assert importer.candidats_structure(dole, fige.lieux, ["25056"]) == []
    assert importer.candidats_structure(dole, fige.organisations, None) == [], "sans commune demandée, ni réseau ni nom ne suffisent"
    ici = _ligne(nom="Mission locale de Dole", code_insee="25056", commune="Besançon", reseaux_porteurs=["mission-locale"])
    assert _ids(importer.candidats_structure(ici, fige.organisations, ["25056"])) == [("mission-locale", "reseau-commune")]


def test_une_structure_sans_rapport_dans_la_meme_commune_ne_correspond_pas(fige):
    jardins = _ligne(nom="Association Les Jardins des Tilleuls", code_insee="25056", commune="Besançon")
    assert importer.candidats_structure(jardins, fige.organisations, ["25056"]) == []
    assert importer.candidats_structure(jardins, fige.lieux, ["25056"]) == []


def test_un_reseau_contraire_empeche_la_correspondance_par_le_nom(fige):
    caf = _ligne(nom="Agence France Travail de Planoise", code_insee="25056", commune="Besançon", reseaux_porteurs=["caf"])
    assert importer.candidats_structure(caf, fige.lieux, ["25056"]) == []
    sans_reseau = _ligne(nom="Agence France Travail de Planoise", code_insee="25056", commune="Besançon")
    assert _ids(importer.candidats_structure(sans_reseau, fige.lieux, ["25056"])) == [("agence-france-travail-planoise", "nom")]


def test_un_lieu_d_une_autre_commune_ne_correspond_pas_par_le_nom(fige):
    ailleurs = _ligne(nom="Médiathèque Nelson-Mandela", code_insee="25056", commune="Dole")
    assert importer.candidats_structure(ailleurs, fige.lieux, ["25056"]) == []


def test_le_siret_passe_avant_tout_et_permet_de_remplacer_une_valeur(fige, monkeypatch):
    france_travail = next(o for o in fige.organisations if o.id == "france-travail")
    monkeypatch.setattr(france_travail, "siret", "12345678900011")
    row = _ligne(nom="Nom sans rapport", siret="12345678900011", code_insee="39198", telephone="+33199000808")
    assert _ids(importer.candidats_structure(row, fige.organisations, ["25056"])) == [("france-travail", "siret")]
    lecture = importer.Lecture(structures=[row])
    found = importer.proposer(fige, lecture, ["25056"])
    assert [(c.champ, c.actuel, c.propose) for p in found.propositions for c in p.changements] == [("telephone", "3949", "01 99 00 08 08")]


def test_deux_lignes_aussi_proches_d_une_fiche_vont_a_une_personne(fige):
    nord = importer.Ligne("structures", 1, {"source": "f", "id": "f--n", "nom": "Centre social Planoise Nord", "code_insee": "25056", "adresse": "x"})
    sud = importer.Ligne("structures", 2, {"source": "f", "id": "f--s", "nom": "Centre social Planoise Sud", "code_insee": "25056", "adresse": "y"})
    found = importer.proposer(fige, importer.Lecture(structures=[nord, sud]), ["25056"])
    assert found.propositions == []
    assert [(r.id, [c.ligne.id for c in cs]) for r, cs, _ in found.rapprochement.a_decider] == [("centre-social-planoise", ["f--n", "f--s"])]
    seule = importer.proposer(fige, importer.Lecture(structures=[nord]), ["25056"])
    assert [p.candidat.fiche.id for p in seule.propositions] == ["centre-social-planoise"]


def test_les_horaires_et_les_numeros_sont_verifies_avant_d_etre_proposes():
    assert importer.valeur_proposee("horaires_accueil", _ligne(horaires_accueil="Mo-Fr 09:00-12:00")) == ("Mo-Fr 09:00-12:00", None)
    assert importer.valeur_proposee("horaires_accueil", _ligne(horaires_accueil="du lundi au vendredi"))[0] is None
    assert importer.valeur_proposee("telephone", _ligne(telephone="+33199001001")) == ("01 99 00 10 01", None)
    assert importer.valeur_proposee("telephone", _ligne(telephone="12"))[0] is None
    assert importer.valeur_proposee("site_web", _ligne(site_web="http://example.org"))[0] is None


# ---------------------------------------------------------------- readers


@pytest.fixture(scope="module")
def pages_importees(appliquee):
    validation = validate(appliquee)
    pages = {"organisations/mission-locale.md", "organisations/caf-doubs.md", "fiches/contrat-engagement-jeune.md", "fiches/accompagnement-numerique.md"}
    pages |= {"imprimer/contrat-engagement-jeune.md", "livrets/emploi-insertion.md"}
    localizers = validation.localizers(["fr", "facile", "en", "ar", "swb"])
    return render_pages(validation.guide, validation.schema, TODAY, localizers, "https://exemple.fr/", only=frozenset(pages))


@pytest.mark.parametrize(
    "page, expected",
    [
        ("organisations/mission-locale.md", "(Source : data·inclusion, mis à jour le 1 octobre 2026)"),
        ("fiches/contrat-engagement-jeune.md", "(Source : data·inclusion, mis à jour le 2 octobre 2026)"),
        ("fiches/contrat-engagement-jeune.facile.md", "(Source : data·inclusion, mis à jour le 2 octobre 2026)"),
        ("fiches/contrat-engagement-jeune.en.md", "(Source: data·inclusion, updated on 2 October 2026)"),
        ("fiches/contrat-engagement-jeune.ar.md", '(المصدر: <bdi dir="ltr">data·inclusion</bdi>، تم تحديثه في 2 أكتوبر 2026)'),
        ("fiches/contrat-engagement-jeune.swb.md", "(Source : data·inclusion, mis à jour le 2 octobre 2026)"),
        ("imprimer/contrat-engagement-jeune.ar.md", '(المصدر: <bdi dir="ltr">data·inclusion</bdi>، تم تحديثه في 2 أكتوبر 2026)'),
        (
            "livrets/emploi-insertion.md",
            'Bâtiment B <span class="guide-a-confirmer">(à confirmer)</span> '
            '<span class="guide-provenance-donnees">(Source : data·inclusion, mis à jour le 15 septembre 2026)',
        ),
    ],
)
def test_un_contact_importe_dit_sa_source_et_sa_date(pages_importees, page, expected):
    assert expected in pages_importees[page]


def test_un_contact_du_pacte_ne_dit_pas_data_inclusion(pages_importees):
    assert "data·inclusion" not in pages_importees["organisations/caf-doubs.md"]
    assert "data·inclusion" not in pages_importees["fiches/accompagnement-numerique.md"]


def test_un_lieu_importe_avec_ses_coordonnees_a_le_lien_de_carte(pages_importees):
    assert "https://www.openstreetmap.org/?mlat=47.2188&mlon=5.9421" in pages_importees["fiches/contrat-engagement-jeune.md"]
    assert "openstreetmap.org/?mlat" not in pages_importees["fiches/accompagnement-numerique.md"]


# ---------------------------------------------------------------- provenance rules


def test_une_provenance_sur_un_champ_vide_ou_un_document_absent_est_une_erreur(copie, capsys):
    text = copie.read_text(encoding="utf-8").replace(
        "    owner: mission-locale\n", '    owner: mission-locale\n    provenance:\n      telephone: {document: inconnu, date: "2026-10-01"}\n', 1
    )
    copie.write_text(text, encoding="utf-8")
    assert main(["check", str(copie)]) == 1
    printed = capsys.readouterr().out
    assert "provenance.telephone.document : « inconnu » ne correspond à aucun enregistrement de la liste « documents »" in printed
    assert "provenance.telephone : la provenance du champ « telephone » est donnée, mais le champ est vide" in printed


def test_une_valeur_importee_reste_a_confirmer_jusqu_a_une_verification(appliquee, tmp_path, capsys):
    folder = tmp_path / "v"
    shutil.copytree(appliquee.parent, folder / "data")
    data = folder / "data" / "schemes.yaml"
    text = data.read_text(encoding="utf-8").replace("    a_confirmer: [telephone, courriel, site_web]\n", "", 1)
    data.write_text(text, encoding="utf-8")
    assert main(["check", str(data)]) == 1
    printed = capsys.readouterr().out
    assert "mission-locale › provenance.telephone : la valeur de « telephone » vient de data·inclusion et n'est plus « à confirmer »" in printed
    verified = text.replace(
        "    owner: mission-locale\n", '    verification: {date: "2026-11-20", par: mission-locale, moyen: appel}\n    owner: mission-locale\n', 1
    )
    data.write_text(verified, encoding="utf-8")
    assert main(["check", str(data)]) == 0, capsys.readouterr().out
