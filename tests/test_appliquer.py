"""`python -m guide appliquer` : une proposition du formulaire (confirmer, corriger, proposer une fiche) écrite dans les données
par l'éditeur aller-retour, tout ou rien, refusée en français quand le schéma ou les règles la refusent ; la source « partenaire »
(« Confirmé par … ») montrée dans chaque langue.

Tout se passe sur le jeu de test tests/fixtures/propositions/ (un petit fichier de données avec des commentaires, et trois
propositions), copié dans un dossier temporaire : jamais sur data/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import io
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from guide.__main__ import main
from guide.donnees.paths import ROOT
from guide.rendu.render import render_pages
from guide.validate import validate
from support import data_folder

pytestmark = pytest.mark.unit

FIXTURES = ROOT / "tests" / "fixtures" / "propositions"
DONNEES = (FIXTURES / "schemes.yaml").read_text(encoding="utf-8")
TODAY = dt.date(2026, 12, 7)


def _lancer(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(list(args))
    return code, out.getvalue()


@pytest.fixture
def donnees(tmp_path) -> Path:
    """A data folder with the fixture's data file (and the interface strings the check reads)."""
    return data_folder(tmp_path / "data", DONNEES)


def _proposition(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """One fixture proposal, with some text replaced (what a partner, or a stale form, would send)."""
    text = (FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _diff(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines removed, lines added)."""
    lines = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [line[2:] for line in lines if line.startswith("- ")], [line[2:] for line in lines if line.startswith("+ ")]


def _commentaires(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line and not line.strip().startswith(("- http", "url"))]


# ---------------------------------------------------------------- the three cases


def test_une_confirmation_n_ecrit_que_la_verification(tmp_path, donnees):
    code, out = _lancer("appliquer", str(FIXTURES / "confirmation.yaml"), "--donnees", str(donnees))
    assert code == 0, out
    removed, added = _diff(DONNEES, donnees.read_text(encoding="utf-8"))
    assert removed == []
    assert added == ['    verification: {date: "2026-12-07", par: org-b, moyen: appel, note: Numéro confirmé par l\'accueil.}']
    assert _lancer("check", str(donnees))[0] == 0


def test_une_correction_du_resume_change_sa_ligne_et_dit_qui_l_a_confirmee(tmp_path, donnees):
    code, out = _lancer("appliquer", str(FIXTURES / "correction-resume.yaml"), "--donnees", str(donnees))
    assert code == 0, out
    after = donnees.read_text(encoding="utf-8")
    removed, added = _diff(DONNEES, after)
    assert removed == ["    resume: Un service de test pour trouver un emploi près de chez vous.  # commentaire en fin de ligne, à garder"]
    assert added == [
        "    resume: Un service de test pour trouver un emploi ou une formation près de chez vous. # commentaire en fin de ligne, à garder",
        "    provenance:",
        '      resume: {organisation: org-a, moyen: courriel, date: "2026-12-07"}',
    ], "l'organisation du service confirme elle-même : pas de « à confirmer »"
    assert _commentaires(after) == _commentaires(DONNEES), "chaque commentaire reste, dans le même ordre"
    assert _lancer("check", str(donnees))[0] == 0


def test_une_correction_par_une_autre_organisation_reste_a_confirmer(tmp_path, donnees):
    proposal = _proposition(tmp_path, "correction-resume", ("organisation: org-a", "organisation: org-b"))
    code, out = _lancer("appliquer", str(proposal), "--donnees", str(donnees))
    assert code == 0, out
    assert "écrit : services › service-a › resume (à confirmer)" in out
    after = donnees.read_text(encoding="utf-8")
    assert "    a_confirmer: [resume]\n" in after
    assert _lancer("check", str(donnees))[0] == 0
    donnees.write_text(after.replace("    a_confirmer: [resume]\n", ""), encoding="utf-8")
    code, out = _lancer("check", str(donnees))
    assert code == 1
    assert "service-a › provenance.resume : la valeur de « resume » a été donnée par « org-b », qui n'est pas l'organisation de cette fiche" in out


def test_une_fiche_nouvelle_est_ajoutee_a_sa_liste_avec_le_partenaire_pour_source(tmp_path, donnees):
    code, out = _lancer("appliquer", str(FIXTURES / "nouveau-service.yaml"), "--donnees", str(donnees))
    assert code == 0, out
    after = donnees.read_text(encoding="utf-8")
    removed, added = _diff(DONNEES, after)
    assert removed == []
    assert added[0] == "  - id: service-c" and added[-1] == ""
    assert '    source: {organisation: org-a, moyen: rencontre, date: "2026-12-07"}' in added
    assert after.index("  - id: service-c") > after.index("  - id: service-b") and after.endswith("# Fin du fichier (commentaire à garder).\n")
    validation = validate(donnees)
    assert validation.ok, [p.format() for p in validation.errors]
    assert [s.id for s in validation.guide.services] == ["service-a", "service-b", "service-c"]


def test_une_fiche_nouvelle_se_range_a_sa_place_quand_la_liste_est_en_ordre(tmp_path, donnees):
    proposal = _proposition(tmp_path, "nouveau-service", ("fiche: service-c", "fiche: service-ab"))
    assert _lancer("appliquer", str(proposal), "--donnees", str(donnees))[0] == 0
    after = donnees.read_text(encoding="utf-8")
    assert after.index("  - id: service-a\n") < after.index("  - id: service-ab\n") < after.index("  # Le service B est un projet")


def test_un_document_choisi_dans_le_formulaire_prend_sa_date_de_la_liste_des_documents(tmp_path, donnees):
    """The form lets a partner pick the cited document, not type its date: the applier takes it from the documents list."""
    proposal = _proposition(tmp_path, "nouveau-service", ("      owner: org-a", "      owner: org-a\n      source: {document: doc-test, article: 7}"))
    code, out = _lancer("appliquer", str(proposal), "--donnees", str(donnees))
    assert code == 0, out
    after = donnees.read_text(encoding="utf-8")
    assert 'source: {document: doc-test, article: 7, date: "2023-01-31"}' in after.replace("'", '"'), after[-800:]
    assert validate(donnees).ok


# ---------------------------------------------------------------- refusals: nothing written, the fiche and the field named


REFUS = [
    pytest.param(
        "correction-resume",
        [("moyen: courriel", "moyen: fax")],
        ["service-a › provenance.moyen : la valeur « fax » n'est pas dans la liste", "appel"],
        id="schema-moyen",
    ),
    pytest.param(
        "correction-resume",
        [("      date: 2026-12-07\n", "")],
        ["service-a › provenance : il manque « date »", "soit « organisation », « moyen », « date »"],
        id="schema-provenance-incomplete",
    ),
    pytest.param(
        "correction-resume",
        [("organisation: org-a", "organisation: org-z")],
        ["service-a › provenance.organisation : aucune organisation « org-z »", "exemple"],
        id="organisation-inconnue",
    ),
    pytest.param(
        "correction-resume",
        [("fiche: service-a", "fiche: service-z")],
        ["service-z : aucune fiche « service-z » dans la liste « services »"],
        id="fiche-inconnue",
    ),
    pytest.param(
        "correction-resume",
        [('actuel: "Un service de test', 'actuel: "Un ancien service de test')],
        ["service-a › resume : la fiche a changé depuis les propositions", "valeur actuelle"],
        id="changee-depuis",
    ),
    pytest.param(
        "correction-resume",
        [("champ: resume", "champ: provenance")],
        ["service-a › provenance : ce champ ne se corrige pas par une proposition", "exemple : champ: resume"],
        id="champ-gere-par-la-commande",
    ),
    pytest.param(
        "correction-resume",
        [
            ("champ: resume", "champ: telephone"),
            ('actuel: "Un service de test pour trouver un emploi près de chez vous."', 'actuel: "03 81 00 00 00"'),
            ('propose: "Un service de test pour trouver un emploi ou une formation près de chez vous."', 'propose: "12 34"'),
        ],
        ["service-a › telephone", "n'est pas un numéro français valide", "Rien n'est écrit"],
        id="regle-telephone",
    ),
    pytest.param(
        "nouveau-service",
        [("      etapes:\n        - Appelez l'organisation A.\n        - Venez avec vos papiers.\n", "")],
        ["service-c › etapes : le champ obligatoire « etapes » manque", "Rien n'est écrit"],
        id="schema-fiche-nouvelle",
    ),
    pytest.param(
        "nouveau-service",
        [("fiche: service-c", "fiche: service-a")],
        ["service-a : la liste « services » a déjà une fiche « service-a »"],
        id="fiche-existante",
    ),
    pytest.param(
        "confirmation",
        [("verification: true", "verification: false")],
        ["service-b : la proposition ne change rien", "verification: true"],
        id="rien-a-faire",
    ),
]


@pytest.mark.parametrize("name, replacements, expected", REFUS)
def test_une_proposition_refusee_n_ecrit_rien_et_dit_pourquoi_en_francais(tmp_path, donnees, name, replacements, expected):
    proposal = _proposition(tmp_path, name, *replacements)
    before = donnees.read_bytes()
    code, out = _lancer("appliquer", str(proposal), "--donnees", str(donnees))
    assert code == 1
    assert donnees.read_bytes() == before
    assert not list(donnees.parent.glob(".*")), "le résultat essayé ne reste pas à côté des données"
    for fragment in expected:
        assert fragment in out, out
    assert "Traceback" not in out


def test_une_seule_proposition_refusee_et_rien_n_est_ecrit(tmp_path, donnees):
    good = (FIXTURES / "correction-resume.yaml").read_text(encoding="utf-8")
    bad = (FIXTURES / "confirmation.yaml").read_text(encoding="utf-8").split("propositions:\n", 1)[1].replace("organisation: org-b", "organisation: org-z")
    proposal = tmp_path / "deux.yaml"
    proposal.write_text(good + bad, encoding="utf-8")
    before = donnees.read_bytes()
    code, out = _lancer("appliquer", str(proposal), "--donnees", str(donnees))
    assert code == 1 and donnees.read_bytes() == before
    assert "aucune organisation « org-z »" in out and "Rien n'est appliqué" in out


# ---------------------------------------------------------------- the partner as a source, on the site


@pytest.fixture
def corrigee(tmp_path, donnees) -> Path:
    assert _lancer("appliquer", str(FIXTURES / "correction-resume.yaml"), "--donnees", str(donnees))[0] == 0
    return donnees


@pytest.mark.parametrize(
    "locale, expected",
    [
        ("fr", "Confirmé par Organisation A, par courriel, le 7 décembre 2026"),
        ("facile", "a dit que c'est juste, par courriel, le 7 décembre 2026"),
        ("en", "by e-mail, on 7 December 2026"),
        ("ar", "أكّدتها"),
        ("swb", "Confirmé par Organisation A, par courriel, le 7 décembre 2026"),
    ],
)
def test_la_page_dit_quel_partenaire_a_confirme_comment_et_quand(corrigee, locale, expected):
    validation = validate(corrigee)
    assert validation.ok
    localizers = validation.localizers(["fr", "facile", "en", "ar", "swb"])
    pages = render_pages(validation.guide, validation.schema, TODAY, localizers, "https://exemple.fr/", only=frozenset({"fiches/service-a.md"}))
    page = pages["fiches/service-a.md" if locale == "fr" else f"fiches/service-a.{locale}.md"]
    assert expected in page
    assert f"{expected}, article" not in page, "aucun article n'est inventé"


def test_une_source_peut_etre_le_partenaire_lui_meme_sans_document_ni_article(tmp_path):
    source = '    source: {organisation: org-a, moyen: courriel, date: "2026-12-07"}\n'
    start = DONNEES.index("  - id: service-a")
    text = DONNEES[:start] + DONNEES[start:].replace('    source: {document: doc-test, article: 7, mesure: 20, date: "2023-01-31"}\n', source, 1)
    assert _lancer("check", str(data_folder(tmp_path / "ok", text)))[0] == 0
    code, out = _lancer("check", str(data_folder(tmp_path / "rien", text.replace(source, "    source: {moyen: courriel}\n", 1))))
    assert (
        code == 1
        and "service-a › source : il manque « organisation », « date »" in out
        and "soit « document » ; soit « organisation », « moyen », « date »" in out
    )
    both = source.replace("{organisation", "{document: doc-test, article: 7, organisation")
    code, out = _lancer("check", str(data_folder(tmp_path / "deux", text.replace(source, both, 1))))
    assert code == 1 and "service-a › source : le bloc mélange deux façons" in out
    code, out = _lancer("check", str(data_folder(tmp_path / "inconnue", text.replace("organisation: org-a, moyen", "organisation: org-z, moyen", 1))))
    assert code == 1 and "service-a › source.organisation : « org-z » ne correspond à aucun enregistrement de la liste « organisations »" in out


# ---------------------------------------------------------------- the proposals schema


def test_le_schema_des_propositions_est_valide_et_reprend_les_moyens_de_verification():
    schema = json.loads((ROOT / "data" / "propositions.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    schemes = json.loads((ROOT / "data" / "schemes.schema.json").read_text(encoding="utf-8"))
    moyens = [c["const"] for c in schemes["$defs"]["moyen_verification"]["oneOf"]]
    assert [c["const"] for c in schema["$defs"]["provenance"]["properties"]["moyen"]["oneOf"]] == moyens
    for path in sorted(FIXTURES.glob("*.yaml")):
        if path.name != "schemes.yaml":
            assert not list(Draft202012Validator(schema).iter_errors(yaml.load(path.read_text(encoding="utf-8"), Loader=_SansDates))), path.name


class _SansDates(yaml.SafeLoader):
    """Dates stay text, as the guide's loader reads them."""


_SansDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"] for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
