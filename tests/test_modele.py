"""Une seule description d'une fiche : le schéma JSON. Le modèle (guide/donnees/model.py) doit lire chaque champ du schéma,
et rien d'autre ; sinon ce test dit lequel manque ou est en trop.

Les champs lus sont trouvés dans le code du modèle (`raw["champ"]`, `raw.get("champ")`, et ceux des fonctions
communes qu'il appelle avec `raw`, comme `_base` ou `_verification`).

Un seul vocabulaire : un champ du schéma garde son nom dans le modèle (`service.etapes` pour `etapes`, jamais
`service.steps`) et dans les gabarits (`service.telephone`, `tr(service, 'etapes')`, `m.unsure(service, 'mesures')`).
"""

from __future__ import annotations

import ast
import dataclasses
import json

import pytest

from guide.donnees import model as modele
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


# ---------------------------------------------------------------- un seul vocabulaire

# Each kind of the schema → the class of guide/donnees/model.py that holds it. A source (`source`, `autres_sources`)
# also carries what it reads from its document (titre, url, data_inclusion).
CLASSES = {
    "service": modele.Service,
    "mesure": modele.Measure,
    "organisation": modele.Organisation,
    "lieu": modele.Place,
    "source": modele.SourceCitation,
    "verification": modele.Verification,
}
RECORD_KINDS = ("service", "mesure", "organisation", "lieu")
# Fields of the model that hold no schema field: where the record was read, its list, its YAML as written, and the
# inverse links the model computes, named as the lists they hold. Nothing else may be added without a schema key.
NOT_IN_SCHEMA = {"line", "collection", "french", "services", "mesures", "lieux"}
# A measure is listed by its titre (nom) and shares Record's provenance (always empty for it).
EXTRA_FIELDS = {"mesure": {"nom", "provenance"}, "source": {"titre", "url", "data_inclusion"}}
# The variables by which the templates name records (a dotted path: `plan.service`), and their kind; None: any record.
TEMPLATE_VARIABLES = {
    "service": "service",
    "s": "service",
    "plan.service": "service",
    "match.service": "service",
    "organisation": "organisation",
    "o": "organisation",
    "org": "organisation",
    "report.owner": "organisation",
    "gap.record.verification.par": "organisation",
    "measure": "mesure",
    "ms": "mesure",
    "p": "lieu",
    "place": "lieu",
    "spot": "lieu",
    "record": None,
    "r": None,
    "e.record": None,
    "gap.record": None,
    "c.who": None,
    "src": "source",
    "e.source": "source",
    "measure.source": "source",
    "gap.record.source": "source",
    "r.verification": "verification",
    "gap.record.verification": "verification",
}
# Templates where one of these short names holds something else than a record (a review page's `r`, its pages `p`).
OTHER_MEANINGS = {"review.jinja.md": {"r", "p"}, "coverage.jinja.md": {"r"}}
# Template functions whose string arguments after the record are field names of the schema.
FIELD_FUNCTIONS = {"tr", "unsure", "m.unsure", "imported", "m.imported"}


def _schema_properties() -> dict[str, set[str]]:
    definitions = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["$defs"]
    return {kind: set(definitions[kind]["properties"]) for kind in CLASSES}


def _declared(cls: type) -> set[str]:
    """What guide/donnees/model.py declares for a class: its fields, properties and methods (with those of Record)."""
    return {f.name for f in dataclasses.fields(cls)} | {name for name in dir(cls) if not name.startswith("_")}


def _keyword_mismatches(source: str) -> list[str]:
    """Where a builder passes a value read from a record (`raw["k"]`, `raw.get("k")`, a cited `document[...]`, a
    `verification` read as `found[...]`) to a keyword named otherwise: the model would give the field another name."""
    readers = {"raw", "document", "found"}
    problems = []
    for function in ast.parse(source).body:
        if not isinstance(function, ast.FunctionDef):
            continue
        for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
            for keyword in call.keywords:
                read = set()
                for node in ast.walk(keyword.value):
                    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in readers:
                        if isinstance(node.slice, ast.Constant):
                            read.add(node.slice.value)
                    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
                        if isinstance(node.func.value, ast.Name) and node.func.value.id in readers and node.args and isinstance(node.args[0], ast.Constant):
                            read.add(node.args[0].value)
                if keyword.arg is not None and read and keyword.arg not in read:
                    problems.append(
                        f"guide/donnees/model.py:{keyword.value.lineno} : {function.name} › « {keyword.arg}= » reçoit le champ "
                        f"« {' / '.join(sorted(read))} » ; attendu : l'attribut porte le nom du champ du schéma, par exemple "
                        f"{sorted(read)[0]}=raw.get({sorted(read)[0]!r})"
                    )
    return problems


def _dotted(node) -> str | None:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        inner = _dotted(node.node)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _template_problems(text: str, name: str = "gabarit", properties: dict[str, set[str]] | None = None) -> list[str]:
    """Attributes of records a template reads that neither the schema nor the model declare for their kind, and field
    names given to tr / unsure / imported that are not fields of the schema."""
    from jinja2 import Environment, nodes

    properties = properties or _schema_properties()
    allowed = {kind: properties[kind] | _declared(cls) for kind, cls in CLASSES.items()}
    allowed[None] = set().union(*(allowed[kind] for kind in RECORD_KINDS))
    fields = {kind: properties[kind] for kind in CLASSES} | {None: set().union(*(properties[kind] for kind in RECORD_KINDS))}
    variables = {v: kind for v, kind in TEMPLATE_VARIABLES.items() if v.split(".")[0] not in OTHER_MEANINGS.get(name, set())}
    tree = Environment(extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"]).parse(text)
    problems = []
    for node in tree.find_all(nodes.Getattr):
        holder = _dotted(node.node)
        if holder in variables and node.attr not in allowed[variables[holder]]:
            kind = variables[holder] or "fiche"
            problems.append(f"{name}:{node.lineno} : {holder}.{node.attr} n'est ni un champ du schéma ({kind}) ni un attribut du modèle")
    for call in tree.find_all(nodes.Call):
        if _dotted(call.node) in FIELD_FUNCTIONS and call.args and _dotted(call.args[0]) in variables:
            kind = variables[_dotted(call.args[0])]
            for arg in call.args[1:]:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str) and arg.value not in fields[kind]:
                    problems.append(
                        f"{name}:{call.lineno} : {_dotted(call.node)}(…, '{arg.value}') : « {arg.value} » n'est pas un champ du schéma ({kind or 'fiche'})"
                    )
    return problems


@pytest.mark.parametrize("kind", sorted(CLASSES))
def test_chaque_attribut_du_modele_porte_le_nom_d_un_champ_du_schema(kind):
    """A field of the model is a field of the schema, by the same name (no `phone` next to `telephone`)."""
    properties = _schema_properties()[kind]
    fields = {f.name for f in dataclasses.fields(CLASSES[kind])}
    extra = fields - properties - NOT_IN_SCHEMA - EXTRA_FIELDS.get(kind, set())
    assert sorted(extra) == [], f"{CLASSES[kind].__name__} : attributs sans champ du schéma « {kind} » du même nom"


def test_le_guide_nomme_ses_listes_comme_le_schema():
    top = set(json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["properties"])
    assert {f.name for f in dataclasses.fields(modele.Guide)} == top


def test_chaque_constructeur_donne_a_un_champ_le_nom_du_schema():
    assert _keyword_mismatches(MODEL.read_text(encoding="utf-8")) == []


def test_la_lecture_des_constructeurs_voit_un_mot_cle_anglais():
    """The check can fail: a builder that reads `telephone` into `phone=` is named, with the field."""
    source = "def _service(raw, documents):\n    return Service(nom=raw['nom'], phone=raw.get('telephone'), line=_line(raw))\n"
    (problem,) = _keyword_mismatches(source)
    assert "_service" in problem and "« phone= »" in problem and "« telephone »" in problem and "model.py:2" in problem


@pytest.mark.parametrize("path", sorted(p for p in (ROOT / "overrides").rglob("*") if p.suffix in (".md", ".html")), ids=lambda p: p.name)
def test_les_gabarits_lisent_les_fiches_dans_le_vocabulaire_du_schema(path):
    assert _template_problems(path.read_text(encoding="utf-8"), path.name) == []


def test_la_lecture_des_gabarits_voit_un_attribut_anglais_et_un_champ_inconnu():
    """The check can fail: an English attribute of a record, and a field name unknown to the schema."""
    snippet = "{{ service.phone }}\n{% for ms in organisation.measures %}{{ tr(ms, 'title') }}{% endfor %}\n{{ m.unsure(service, 'etapes') }}"
    problems = _template_problems(snippet)
    assert [p.split(" : ")[1].split(" ")[0] for p in problems] == ["service.phone", "organisation.measures", "tr(…,"], problems
    assert "gabarit:2" in problems[2] and "« title »" in problems[2]
    assert _template_problems("{{ service.telephone }}{{ tr(service, 'etapes') }}{{ r.sources }}{{ src.titre }}") == []


def _python_field_names(source: str, where: str, fields: set[str]) -> list[str]:
    """Field names the package gives to `record.unsure(…)`, `record.imported(…)` or `page.text(record, …)` that are not
    fields of the schema: the Python side of the same vocabulary."""
    problems = []
    for call in ast.walk(ast.parse(source)):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in ("unsure", "imported", "text"):
            for arg in call.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value not in fields:
                    problems.append(f"{where}:{call.lineno} : {ast.unparse(call.func)}(…, {arg.value!r}) : « {arg.value} » n'est pas un champ du schéma")
    return problems


def test_le_paquet_nomme_les_champs_comme_le_schema():
    properties = _schema_properties()
    fields = set().union(*(properties[kind] for kind in RECORD_KINDS))
    problems = []
    for path in sorted((ROOT / "guide").rglob("*.py")):
        problems += _python_field_names(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)), fields)
    assert problems == []
    assert _python_field_names("service.unsure('phone')\npage.text(service, 'resume')", "essai.py", fields) == [
        "essai.py:1 : service.unsure(…, 'phone') : « phone » n'est pas un champ du schéma"
    ]
