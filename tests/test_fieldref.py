"""La référence des champs pour les partenaires vient du schéma : elle ne peut pas s'en écarter."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from guide.donnees.paths import ROOT, SCHEMA_FILE
from guide.donnees.schema import Schema
from guide.rendu.fieldref import field_reference, value_lists
from guide.rendu.plan import FIELD_REFERENCE
from guide.rendu.render import render_field_reference, render_pages
from support import TODAY, validate_fixture


@pytest.fixture(scope="module")
def schema():
    return Schema.load(SCHEMA_FILE)


@pytest.fixture(scope="module")
def page(schema):
    return render_field_reference(schema)


def _all_properties(node, found=None):
    """Every property name declared anywhere in a JSON schema."""
    found = set() if found is None else found
    if isinstance(node, dict):
        found.update(node.get("properties", {}))
        for value in node.values():
            _all_properties(value, found)
    elif isinstance(node, list):
        for value in node:
            _all_properties(value, found)
    return found


@pytest.mark.unit
def test_chaque_propriete_du_schema_apparait_dans_la_reference(schema, page):
    names = _all_properties(schema.document)
    assert len(names) > 40  # le test porte bien sur tout le schéma
    absents = [name for name in names if f"`{name}`" not in page and f".{name}`" not in page]
    assert absents == []


@pytest.mark.unit
def test_chaque_type_de_fiche_a_tous_ses_champs_et_ses_obligatoires(schema):
    types = {t.collection: t for t in field_reference(schema)}
    assert list(types) == ["documents", "services", "mesures", "organisations", "lieux"]
    for record_type in types.values():
        spec = schema.document["$defs"][record_type.definition]
        top = [row for row in record_type.rows if "." not in row.name]
        assert [row.name for row in top] == list(spec["properties"])
        assert {row.name for row in top if row.required} == set(spec["required"])


@pytest.mark.unit
def test_les_valeurs_permises_et_leurs_libelles_sont_ceux_du_schema(schema, page):
    lists = {v.name: v for v in value_lists(field_reference(schema))}
    assert {"thematique", "public", "frais", "etat_service", "statut_mesure", "type_organisation", "type_lieu"} <= set(lists)
    for name, listed in lists.items():
        assert [(t.slug, t.label) for t in listed.values] == [(t.slug, t.label) for t in schema.taxonomy(name)]
    assert "- `sous-conditions` : **Gratuit ou aidé sous conditions**. Le prix dépend" in page
    services = {t.collection: t for t in field_reference(schema)}["services"]
    publics = next(row for row in services.rows if row.name == "publics")
    assert publics.required and publics.values_list == "public" and publics.example == "[jeunes, demandeurs-emploi]"


@pytest.mark.unit
def test_un_champ_ajoute_au_schema_apparait_dans_la_page_du_site(tmp_path):
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    document["$defs"]["service"]["properties"]["champ_de_test_ajoute"] = {
        "title": "Champ de test ajouté",
        "description": "Un champ qui n'existe que dans cette copie du schéma.",
        "oneOf": [{"const": "valeur-essai", "title": "Valeur d'essai"}],
        "examples": ["valeur-essai"],
    }
    document["$defs"]["service"]["required"].append("champ_de_test_ajoute")
    copy = tmp_path / "schema.json"
    copy.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    validation = validate_fixture()
    before = render_pages(validation.guide, validation.schema, TODAY, validation.localizers(["fr"]))[FIELD_REFERENCE]
    after = render_pages(validation.guide, Schema.load(copy), TODAY, validation.localizers(["fr"]))[FIELD_REFERENCE]
    assert "champ_de_test_ajoute" not in before
    assert (
        "- **`champ_de_test_ajoute`** — obligatoire — une valeur de la liste : [Champ de test ajouté](#liste-champ_de_test_ajoute)  \n"
        "  **Champ de test ajouté**. Un champ qui n'existe que dans cette copie du schéma.  \n  Exemple : `valeur-essai`\n"
    ) in after
    assert "- `valeur-essai` : **Valeur d'essai**" in after


@pytest.mark.unit
def test_la_page_est_hors_recherche_et_hors_menu(page):
    assert page.startswith("---\n") and "search:\n  exclude: true" in page.split("\n---\n")[0]
    not_in_nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("not_in_nav:")[1].split("\nnav:")[0]
    assert "/partenaires/" in not_in_nav


@pytest.mark.outils
def test_python_m_guide_champs_imprime_la_meme_page(page):
    run = subprocess.run([sys.executable, "-m", "guide", "champs"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout == page


@pytest.mark.unit
def test_le_rapport_partenaires_renvoie_a_la_reference():
    template = (ROOT / "overrides" / "pages" / "partners-report.jinja.md").read_text(encoding="utf-8")
    assert "(champs.md)" in template
