"""Une seule description d'une fiche : le schéma JSON. Le modèle (guide/donnees/model.py) doit lire chaque champ du schéma,
et rien d'autre ; sinon ce test dit lequel manque ou est en trop.

Les champs lus sont trouvés dans le code du modèle (`raw["champ"]`, `raw.get("champ")`, et ceux des fonctions
communes qu'il appelle avec `raw`, comme `_base` ou `_verification`).
"""

from __future__ import annotations

import ast
import json

import pytest

from guide.donnees.paths import ROOT, SCHEMA_FILE
from guide.donnees.schema import COLLECTIONS, Schema
from support import yaml_load

pytestmark = pytest.mark.unit

MODEL = ROOT / "guide" / "donnees" / "model.py"
# Record type in the schema → the function of guide/donnees/model.py that builds it.
BUILDERS = {"service": "_service", "mesure": "_measure", "organisation": "_organisation", "lieu": "_place", "document": "build_guide"}
# An organisation's owner and verification name other organisations: build_guide reads them once all exist.
READ_IN_BUILD_GUIDE = {"organisation": {"owner", "verification"}}
# Documents stay plain dictionaries in the model, keyed by id: their other fields are read where a source cites one.
DOCUMENT_READER = ("_source", "document")


def _reads(functions: dict[str, ast.FunctionDef], name: str, bound: dict | None = None, variable: str = "raw") -> set[str]:
    """The keys a builder reads from its `raw` argument, with those of the helpers it passes `raw` to.

    `bound` gives the constant values of parameters used as keys (`raw[name_key]`); otherwise their default.
    """
    function = functions[name]
    defaults = dict(zip([a.arg for a in function.args.args][-len(function.args.defaults) or len(function.args.args) :], function.args.defaults, strict=False))
    values = {arg: node.value for arg, node in defaults.items() if isinstance(node, ast.Constant)} | (bound or {})
    keys: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == variable:
            if isinstance(node.slice, ast.Constant):
                keys.add(node.slice.value)
            elif isinstance(node.slice, ast.Name) and node.slice.id in values:
                keys.add(values[node.slice.id])
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            if isinstance(node.func.value, ast.Name) and node.func.value.id == variable and isinstance(node.args[0], ast.Constant):
                keys.add(node.args[0].value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions and node.func.id != name:
            if node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == "raw":
                passed = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
                keys |= _reads(functions, node.func.id, passed)
    return keys


def _model_reads() -> dict[str, set[str]]:
    tree = ast.parse(MODEL.read_text(encoding="utf-8"))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    found = {kind: _reads(functions, builder) for kind, builder in BUILDERS.items() if kind != "document"}
    for kind, extra in READ_IN_BUILD_GUIDE.items():
        found[kind] |= extra
    found["document"] = {"id"} | _reads(functions, DOCUMENT_READER[0], variable=DOCUMENT_READER[1])
    return found


def _schema_fields() -> dict[str, set[str]]:
    definitions = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["$defs"]
    return {kind: set(definitions[kind]["properties"]) for kind in BUILDERS}


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_le_modele_lit_chaque_champ_du_schema_et_rien_d_autre(kind):
    schema, model = _schema_fields()[kind], _model_reads()[kind]
    assert sorted(model - schema) == [], f"{kind} : le modèle lit des champs que le schéma ne décrit pas"
    missing = schema - model - ({"note", "date"} if kind == "document" else set())  # a document's note and date are for partners
    assert sorted(missing) == [], f"{kind} : champs du schéma que le modèle ignore (à lire dans guide/donnees/model.py, ou à retirer du schéma)"


def test_la_lecture_du_modele_voit_un_champ_ajoute(tmp_path):
    """The reader of guide/donnees/model.py can fail: a builder that reads one more key shows it."""
    source = "def _base(raw, documents, collection, name_key='nom'):\n    return dict(id=raw['id'], name=raw[name_key])\n\n"
    source += "def _place(raw, documents, orgs):\n    return dict(**_base(raw, documents, 'lieux'), x=raw.get('inconnu'))\n\n"
    source += "def _measure(raw, documents):\n    return _base(raw, documents, 'mesures', name_key='titre')\n"
    tree = ast.parse(source)
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert _reads(functions, "_place") == {"id", "nom", "inconnu"}
    assert _reads(functions, "_measure") == {"id", "titre"}


def test_les_listes_sont_declarees_une_fois_et_suivent_le_schema():
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    described = {name: prop["items"]["$ref"].rsplit("/", 1)[1] for name, prop in document["properties"].items()}
    assert described == COLLECTIONS


def test_les_renvois_entre_listes_viennent_des_annotations_du_schema():
    """Every field holding ids of another list says which one (x-reference): the checks read nothing else."""
    references = Schema.load(SCHEMA_FILE).references()
    assert references["services"] == {"organisations": "organisations", "mesures": "mesures", "lieux": "lieux", "owner": "organisations"}
    assert references["mesures"]["pressenties"] == "organisations" and references["lieux"] == {"gestionnaire": "organisations"}
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    for name, kind in COLLECTIONS.items():
        for key, prop in document["$defs"][kind]["properties"].items():
            holds_ids = prop.get("$ref") == "#/$defs/reference" or prop.get("items", {}).get("$ref") == "#/$defs/reference"
            if holds_ids:
                assert key in references.get(name, {}), f"{kind}.{key} contient des identifiants : il lui faut « x-reference » dans le schéma"


def _interface_errors(document) -> list[str]:
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "data" / "interface.schema.json").read_text(encoding="utf-8"))
    return [f"{'/'.join(map(str, e.absolute_path))} : {e.message}" for e in Draft202012Validator(schema).iter_errors(document)]


@pytest.mark.parametrize("path", sorted((ROOT / "data" / "interface").glob("*.yaml")), ids=lambda p: p.name)
def test_chaque_fichier_d_interface_suit_son_schema(path):

    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../interface.schema.json"), "l'éditeur propose les clés grâce à cette ligne"
    assert _interface_errors(yaml_load(text)) == []


def test_le_schema_d_interface_refuse_un_statut_inconnu_et_une_empreinte_fausse():
    document = {"direction": "haut", "imprimer": {"texte": "Print", "statut": "relue", "empreinte": "xyz"}}
    errors = " ; ".join(_interface_errors(document))
    assert "direction" in errors and "imprimer" in errors
