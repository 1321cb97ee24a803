"""La référence des champs pour les partenaires, lue dans le schéma.

Ce module ne fait que rassembler des lignes (nom, description, type,
obligatoire, valeurs permises, exemple) pour chaque type de fiche ; la page
elle-même est écrite par le gabarit `overrides/pages/field-reference.jinja.md`.
Comme tout vient de data/schemes.schema.json, la référence ne peut pas
s'écarter du schéma.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from guide.donnees.schema import COLLECTIONS, FORMATTED_TYPE, Schema, Term

# ---------------------------------------------------------------- data

# Each list of data/schemes.yaml → the definition of its records in the schema, in the file's order.
RECORD_TYPES = COLLECTIONS

# A source inside a block (provenance.telephone): the same fields as the record's `source`, not repeated.
_NESTED_SOURCE = "bloc de champs, les mêmes que « source » (document, date…)"

# Shared definitions whose name says more than their JSON type.
_KNOWN_FORMS = {
    "identifiant": "identifiant (minuscules sans accents, chiffres, tirets)",
    "reference": "identifiant d'un autre enregistrement du fichier",
    "date": "date (AAAA-MM-JJ)",
    "url": "adresse web (commence par https://)",
    "courriel": "adresse électronique",
    "telephone": "numéro de téléphone",
}


@dataclass(frozen=True)
class FieldRow:
    """One field of one record type, as a partner needs to know it."""

    name: str
    title: str
    description: str
    kind: str
    required: bool
    values: list[Term] = field(default_factory=list)
    values_list: str = ""  # the name of the closed list in the schema, when there is one
    list_title: str = ""
    list_description: str = ""
    example: str = ""
    translatable: bool = False
    formatted: bool = False  # accepts *italique*, **gras** and https/mailto/tel links (guide/donnees/markup.py)


@dataclass(frozen=True)
class RecordType:
    """One kind of record (service, mesure…) and its fields."""

    collection: str
    definition: str
    title: str
    description: str
    rows: list[FieldRow]


@dataclass(frozen=True)
class ValueList:
    """A closed list of the schema (thematique, frais…) and its values."""

    name: str
    title: str
    description: str
    values: list[Term]


# ---------------------------------------------------------------- collecting


def field_reference(schema: Schema) -> list[RecordType]:
    """Every record type of the data file with every field, in schema order; sub-fields (source.document…) follow their field."""
    types = []
    for collection, definition in RECORD_TYPES.items():
        spec = schema.document["$defs"][definition]
        listed = schema.document["properties"].get(collection, {})
        types.append(RecordType(collection, definition, spec.get("title", definition), listed.get("description", ""), _rows(schema, spec)))
    return types


def value_lists(types: list[RecordType]) -> list[ValueList]:
    """The closed lists the fields use, each once, in order of first use."""
    found: dict[str, ValueList] = {}
    for record_type in types:
        for row in record_type.rows:
            if row.values and row.values_list not in found:
                found[row.values_list] = ValueList(row.values_list, row.list_title, row.list_description, row.values)
    return list(found.values())


def _rows(schema: Schema, spec: dict, prefix: str = "") -> list[FieldRow]:
    """The rows of an object's properties, and of the properties of its sub-objects."""
    rows = []
    required = set(spec.get("required", []))
    for name, prop in spec.get("properties", {}).items():
        full = schema.resolve(prop)
        items = schema.resolve(full.get("items", {})) if full.get("type") == "array" else {}
        closed, list_name = (full, _ref_name(prop)) if _is_closed(full) else (items, _ref_name(full.get("items", {}))) if _is_closed(items) else ({}, "")
        list_name = list_name or (name if closed else "")  # a list written inside the field is named after it
        rows.append(
            FieldRow(
                name=prefix + name,
                title=full.get("title", name),
                description=full.get("description", ""),
                kind=_NESTED_SOURCE if prefix and _ref_name(prop) == "source" else _kind(prop, full, schema),
                required=name in required,
                values=[Term(c["const"], c.get("title", c["const"]), c.get("description", "")) for c in closed.get("oneOf", [])],
                values_list=list_name,
                list_title=closed.get("title", list_name),
                list_description=closed.get("description", ""),
                example=_example(prop, schema),
                translatable=bool(full.get("x-traduisible")),
                formatted=not prefix and FORMATTED_TYPE in (prop.get("$ref"), prop.get("items", {}).get("$ref")),
            )
        )
        if full.get("type") == "object" and "properties" in full and not prefix:  # one level: provenance.telephone is a source, described once
            rows += _rows(schema, full, f"{prefix}{name}.")
    return rows


# ---------------------------------------------------------------- helpers


def _is_closed(spec: dict) -> bool:
    """A closed list: a `oneOf` of constants."""
    return bool(spec.get("oneOf")) and all("const" in choice for choice in spec["oneOf"])


def _ref_name(spec: dict) -> str:
    """`#/$defs/frais` → `frais`."""
    ref = spec.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref.startswith("#/$defs/") else ""


def _kind(prop: dict, full: dict, schema: Schema) -> str:
    """The kind of value, in French words."""
    ref = _ref_name(prop)
    if ref in _KNOWN_FORMS:
        return _KNOWN_FORMS[ref]
    if _is_closed(full):
        return "une valeur de la liste"
    kind = full.get("type")
    if kind == "array":
        item = schema.resolve(full.get("items", {}))
        what = "valeurs de la liste" if _is_closed(item) else _plural(_kind(full.get("items", {}), item, schema))
        least = full.get("minItems")
        return ("liste d'" if what[0] in "aeiouéh" else "liste de ") + what + (f" (au moins {least})" if least else "")
    if kind == "object":
        return "bloc de champs (détail dans les lignes suivantes)"
    if kind == "boolean":
        return "vrai ou faux (true / false)"
    if kind in ("integer", "number"):
        word = "nombre entier" if kind == "integer" else "nombre"
        low, high = full.get("minimum"), full.get("maximum")
        return f"{word} de {low} à {high}" if low is not None and high is not None else word
    if kind == "string":
        if full.get("format") == "date":
            return _KNOWN_FORMS["date"]
        low, high = full.get("minLength"), full.get("maxLength")
        return f"texte de {low} à {high} caractères" if low and high else "texte"
    return "valeur"


def _plural(kind: str) -> str:
    """`texte de 2 à 80 caractères` → `textes de 2 à 80 caractères` (first word only)."""
    head, _, rest = kind.partition(" ")
    head = head if head.endswith(("s", "x")) else head + "s"
    return f"{head} {rest}".strip()


def _example(prop: dict, schema: Schema) -> str:
    """The first example, written as it would be typed in the YAML file.

    The field's own example first; else the one of the shared definition it
    points to, when that definition has a meaning of its own (a title): the
    examples of a bare « texte » would say nothing about this field.
    """
    examples = prop.get("examples")
    if not examples and "$ref" in prop:
        shared = schema.resolve({"$ref": prop["$ref"]})
        examples = shared.get("examples") if "title" in shared else None
    return as_yaml(examples[0]) if examples else ""


def as_yaml(value: Any) -> str:
    """One value in YAML on a single line (`[jeunes, familles]`, `{document: …}`, `true`)."""
    if isinstance(value, str):
        return value
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10_000).strip().removesuffix("...").strip()
