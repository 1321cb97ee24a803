"""Un courriel est une adresse, rien d'autre ; un lien mailto: ne porte qu'une adresse, un lien tel: que des chiffres.

Un lien `mailto:accueil@exemple.fr?bcc=…&body=…` derrière un texte anodin fait ajouter par la messagerie du lecteur une
copie cachée ou un texte ; data·inclusion accepte même `accueil?bcc=…&body=…@exemple.fr` (RFC 5322). Les charges sont
celles de la section « courriels et liens à paramètres » de tests/fixtures/attaques.yaml : refusées par le schéma (champ
courriel), par la vérification du petit Markdown (liens des textes longs, voir aussi tests/test_securite.py), par
l'import data·inclusion, et jamais rendues en lien.
"""

from __future__ import annotations

import json

import pytest

from guide import importer
from guide.donnees import markup
from support import FIXTURES, minimal_text, yaml_load

pytestmark = pytest.mark.unit

# Entries with a « texte » only: the section « fichiers-hostiles » holds whole files (tests/test_robustesse_fuzz.py).
ATTACKS = {name: entry for name, entry in yaml_load((FIXTURES / "attaques.yaml").read_text(encoding="utf-8")).items() if "texte" in entry}
COURRIELS = [(name, entry["courriel"]) for name, entry in ATTACKS.items() if "courriel" in entry]
LIENS = [(name, entry["texte"]) for name, entry in ATTACKS.items() if entry["famille"] in ("mailto-parametres", "tel-parametres")]
BONS = ["accueil@exemple.fr", "contact.jeunes+planoise@besancon.fr", "Accueil@Mairie-Besancon.FR", "info@sous.domaine.exemple.org"]
ROLE = "    role: Porte le service de test."


def _with_email(value: str) -> tuple[str, int]:
    """The fixture data with a courriel for organisation A, and the line it is on."""
    text = minimal_text()
    assert text.count(ROLE) == 1
    text = text.replace(ROLE, f"{ROLE}\n    courriel: {json.dumps(value, ensure_ascii=False)}")
    return text, text[: text.index("    courriel:")].count("\n") + 1


def test_la_section_des_courriels_a_des_cas():
    assert len(COURRIELS) >= 6 and len(LIENS) >= 9


@pytest.mark.parametrize("value", BONS)
def test_une_simple_adresse_est_acceptee(value, check_text):
    text, _ = _with_email(value)
    validation = check_text(text)
    assert validation.errors == [], [p.format() for p in validation.errors]
    assert markup.is_bare_email(value) and markup.link_problem(f"mailto:{value}") is None


@pytest.mark.parametrize("name,value", COURRIELS, ids=[name for name, _ in COURRIELS])
def test_un_courriel_avec_parametres_est_refuse_par_le_schema(name, value, check_text):
    text, line = _with_email(value)
    validation = check_text(text)
    errors = [p.format() for p in validation.errors]
    assert len(errors) == 1, errors
    message = errors[0]
    assert f":{line}:" in message and "org-a › courriel" in message, message
    assert "n'a pas la bonne forme" in message and "une seule adresse" in message and "exemple : accueil@exemple.fr" in message, message
    assert not markup.is_bare_email(value)


def test_un_retour_a_la_ligne_ne_fait_pas_une_adresse():
    assert not markup.is_bare_email("accueil@exemple.fr\n") and not markup.is_bare_email("accueil@exemple.fr\nBcc: x@y.fr")


@pytest.mark.parametrize("name,text", LIENS, ids=[name for name, _ in LIENS])
def test_un_lien_a_parametres_est_refuse_et_jamais_rendu(name, text):
    found = markup.problems(text, formatted=True)
    assert len(found) == 1, found
    assert found[0].startswith(("un lien « mailto: »", "un lien « tel: »")) and "par exemple [" in found[0], found
    # Without the check, the renderer makes no link of it.
    assert "href" not in markup.markdown_text(text, formatted=True)


def test_le_lien_d_un_gabarit_n_est_garde_que_s_il_est_simple():
    assert markup.safe_url("mailto:accueil@exemple.fr") == "mailto:accueil@exemple.fr"
    assert markup.safe_url("tel:+33381000000") == "tel:+33381000000"
    assert markup.safe_url("mailto:accueil@exemple.fr?bcc=espion@exemple.org") == ""
    assert markup.safe_url("tel:*21*0600000000%23") == ""


@pytest.mark.parametrize("name,value", COURRIELS, ids=[name for name, _ in COURRIELS])
def test_l_import_ne_propose_pas_un_courriel_a_parametres(name, value):
    ligne = importer.Ligne("structures.json", 1, {"courriel": value})
    proposed, why = importer.valeur_proposee("courriel", ligne)
    assert proposed is None and why and "n'est pas une simple adresse" in why and "exemple : accueil@exemple.fr" in why


def test_l_import_propose_une_simple_adresse():
    assert importer.valeur_proposee("courriel", importer.Ligne("structures.json", 1, {"courriel": "accueil@exemple.fr"})) == ("accueil@exemple.fr", None)


def test_l_export_data_inclusion_lu_par_l_import_garde_la_ligne_mais_pas_le_courriel(tmp_path):
    """data·inclusion's own check (RFC 5322) lets « accueil?bcc=…@exemple.fr » through: the importer's rule is what stops it."""
    value = ATTACKS["mailto-parametres-dans-l-adresse"]["courriel"]
    row = {"source": "x", "id": "x--1", "nom": "Structure", "date_maj": "2026-01-01", "courriel": value}
    (tmp_path / "structures.json").write_text(json.dumps([row]), encoding="utf-8")
    (tmp_path / "services.json").write_text("[]", encoding="utf-8")
    lecture = importer.lire_export(tmp_path, None)
    assert lecture.invalides == 0 and len(lecture.structures) == 1
    assert importer.valeur_proposee("courriel", lecture.structures[0])[0] is None
