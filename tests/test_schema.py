"""Le schéma JSON : valide, complet (description et exemple pour chaque champ), relié aux données."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from guide.donnees.paths import SCHEMA_FILE
from guide.donnees.schema import Schema
from support import REAL_DATA

pytestmark = pytest.mark.unit

SCHEMA = Schema.load(SCHEMA_FILE)
RECORD_DEFS = ["document", "service", "mesure", "organisation", "lieu", "source"]


def test_le_schema_est_un_json_schema_2020_12_valide():
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


def _fields():
    for name in RECORD_DEFS:
        for field, prop in SCHEMA.document["$defs"][name]["properties"].items():
            yield name, field, prop


@pytest.mark.parametrize("record, field, prop", list(_fields()), ids=lambda v: v if isinstance(v, str) else "")
def test_chaque_champ_a_une_description_francaise_et_un_exemple(record, field, prop):
    resolved = SCHEMA._resolve(prop)
    assert resolved.get("description") or resolved.get("oneOf"), f"{record}.{field} : pas de description"
    assert resolved.get("examples"), f"{record}.{field} : pas d'exemple"


def test_les_exemples_du_schema_sont_eux_memes_valides():
    """An example that fails its own field would teach partners a mistake."""
    checked = 0
    for record, field, prop in _fields():
        resolved = SCHEMA._resolve(prop)
        validator = Draft202012Validator({**resolved, "$defs": SCHEMA.document["$defs"]}, format_checker=Draft202012Validator.FORMAT_CHECKER)
        for example in resolved.get("examples", []):
            errors = list(validator.iter_errors(example))
            assert not errors, f"{record}.{field} : l'exemple {example!r} est refusé ({errors[0].message})"
            checked += 1
    assert checked > 40


def test_chaque_liste_fermee_a_des_libelles_francais_distincts():
    for name, definition in SCHEMA.document["$defs"].items():
        if "oneOf" not in definition:
            continue
        terms = SCHEMA.taxonomy(name)
        slugs = [t.slug for t in terms]
        assert len(slugs) == len(set(slugs)), name
        assert all(t.label and t.label != t.slug for t in terms), name


def test_les_cinq_thematiques_du_pacte():
    assert [t.slug for t in SCHEMA.taxonomy("thematique")] == ["metiers", "emploi-insertion", "culture", "sante", "famille-parentalite"]


def test_les_valeurs_communes_avec_data_inclusion_v1():
    """frais and publics keep data·inclusion v1's slugs where the two overlap."""
    assert {"gratuit", "payant"} <= {t.slug for t in SCHEMA.taxonomy("frais")}
    assert {"jeunes", "familles", "femmes", "demandeurs-emploi", "tous-publics", "personnes-exilees"} <= {t.slug for t in SCHEMA.taxonomy("public")}


@pytest.mark.donnees
def test_le_fichier_de_donnees_annonce_son_schema_a_l_editeur():
    first = REAL_DATA.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./schemes.schema.json", f"{REAL_DATA.name}:1 : la première ligne annonce le schéma à l'éditeur"
    assert (REAL_DATA.parent / "schemes.schema.json").is_file()
