"""Le schéma JSON unique : lecture, listes fermées (taxonomies) et traduction des erreurs en français."""

from __future__ import annotations

import difflib
import functools
import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from guide.donnees.problems import Problem
from guide.donnees.references import ReferencePath, reference_paths

# ---------------------------------------------------------------- data

_TYPES_FR = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "array": "une liste (lignes qui commencent par « - »)",
    "object": "un bloc de champs (« champ: valeur » en dessous, indentés)",
    "boolean": "vrai ou faux (true / false)",
    "null": "rien",
}

# The lists of data/schemes.yaml and the record type ($defs) of their items: declared here once, checked against the
# schema by tests/test_modele.py. Every other module takes them from here.
COLLECTIONS = {"documents": "document", "services": "service", "mesures": "mesure", "organisations": "organisation", "lieux": "lieu"}
RECORD_LISTS = tuple(name for name in COLLECTIONS if name != "documents")  # records with a page, translations and a partner
FORMATTED_TYPE = "#/$defs/texte"  # the one type whose fields accept *italique*, **gras** and links (guide/donnees/markup.py)


@dataclass(frozen=True)
class Term:
    """One value of a closed list: a stable slug, a French label, a description."""

    slug: str
    label: str
    description: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(eq=False)  # one schema is one object: what is computed from it can be kept per schema (functools caches)
class Schema:
    """The schema file, its validator and its taxonomies."""

    path: Path
    document: dict
    _checked: dict = field(default_factory=dict, repr=False)  # check_loaded: (bytes, shown path) → (problems, oversized)

    @classmethod
    def load(cls, path: Path | str) -> Schema:
        """Read the schema file (the project's own file: a failure here is a bug, not a partner error)."""
        path = Path(path)
        return _read(cls, path, path.read_text(encoding="utf-8"))

    @cached_property
    def validator(self) -> Draft202012Validator:
        """The draft 2020-12 validator, with format checks (dates, e-mails) and patterns read as JSON Schema means them (`_Validator`)."""
        return _Validator(self.document, format_checker=FormatChecker())

    def taxonomy(self, name: str) -> list[Term]:
        """The values of a closed list from `$defs`, in schema order."""
        choices = self.document["$defs"][name]["oneOf"]
        return [Term(c["const"], c.get("title", c["const"]), c.get("description", ""), {k[2:]: v for k, v in c.items() if k.startswith("x-")}) for c in choices]

    def labels(self, name: str) -> dict[str, str]:
        """Slug → French label for a closed list."""
        return {term.slug: term.label for term in self.taxonomy(name)}

    def default(self, name: str) -> Any:
        """The default value declared for a definition."""
        return self.document["$defs"][name].get("default")

    def record_fields(self) -> dict[str, frozenset[str]]:
        """Collection name → the field names its records may carry (what `a_confirmer` may list)."""
        fields = {}
        for name, prop in self.document["properties"].items():
            record = self._resolve(prop.get("items", {}))
            if "properties" in record:
                fields[name] = frozenset(record["properties"])
        return fields

    @cached_property
    def formatted_fields(self) -> dict[str, frozenset[str]]:
        """List → its record fields of type `texte`, the ones that accept *italique*, **gras** and links (read once per schema)."""
        found = {}
        for name, kind in COLLECTIONS.items():
            properties = self.document["$defs"][kind].get("properties", {})
            found[name] = frozenset(key for key, prop in properties.items() if FORMATTED_TYPE in (prop.get("$ref"), prop.get("items", {}).get("$ref")))
        return found

    def references(self) -> dict[str, dict[str, str]]:
        """List → {field: the list whose ids it holds}, from the schema's `x-reference` annotations (record fields only)."""
        found: dict[str, dict[str, str]] = {}
        for name, kind in COLLECTIONS.items():
            for key, prop in self.document["$defs"][kind].get("properties", {}).items():
                target = prop.get("x-reference") or prop.get("items", {}).get("x-reference")
                if target:
                    found.setdefault(name, {})[key] = target
        return found

    def reference_paths(self) -> list[ReferencePath]:
        """Every place of a file under this schema that holds ids of other lists (x-reference, x-reference-cles), nested ones included."""
        return list(self._reference_paths)

    @cached_property
    def _reference_paths(self) -> tuple[ReferencePath, ...]:
        return tuple(reference_paths(self.document))  # walked once per schema: the schema does not change during a run

    def problems(self, data: Any, shown: str) -> list[Problem]:
        """Every schema violation in `data`, as French problems located in the file; a number that is not finite is one too."""
        return self.check(data, shown)[0]

    def check(self, data: Any, shown: str) -> tuple[list[Problem], bool]:
        """`problems`, and whether a text or a list is over its maximum size: then no text is parsed as Markdown (guide/donnees/markup.py)."""
        errors = sorted(self.validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
        oversized = any(error.validator in ("maxLength", "maxItems") for error in errors)
        return [self._problem(error, data, shown) for error in errors] + _non_finite(data, shown), oversized

    def check_loaded(self, loaded: Any) -> tuple[list[Problem], bool]:
        """`check` of a file as the loader read it (guide/donnees/loader.py, LoadResult): the same bytes are checked once.

        A build checks each file once; the tests and `mkdocs serve` check the same files again and again. The result
        depends only on the bytes (the data is parsed from them) and on the name shown in the messages."""
        if not loaded.source:
            return self.check(loaded.data, loaded.path)
        key = (loaded.source, loaded.path)
        if key not in self._checked:
            if len(self._checked) >= 64:
                del self._checked[next(iter(self._checked))]  # the oldest: a run checks few distinct files
            problems, oversized = self.check(loaded.data, loaded.path)
            self._checked[key] = (tuple(problems), oversized)
        problems, oversized = self._checked[key]
        return list(problems), oversized

    def resolve(self, subschema: dict) -> dict:
        """A property with its local `$ref`s followed; the property's own keywords (title, examples…) win."""
        return self._resolve(subschema)

    # ------------------------------------------------------------ helpers

    def _resolve(self, subschema: dict) -> dict:
        """Follow local `$ref`s, keeping the sibling keywords of the referring schema."""
        merged = dict(subschema)
        while "$ref" in merged and merged["$ref"].startswith("#/"):
            target = self.document
            for part in merged.pop("$ref")[2:].split("/"):
                target = target[part]
            merged = {**target, **merged}
        return merged

    def _problem(self, error: ValidationError, data: Any, shown: str) -> Problem:
        path = list(error.absolute_path)
        record_id = _record_id(data, path)
        schema = self._resolve(error.schema) if isinstance(error.schema, dict) else {}
        validator = error.validator
        field_path = path[2:] if path and path[0] in COLLECTIONS else path
        if validator == "required":
            missing = error.message.split("'")[1]
            prop = self._resolve(schema.get("properties", {}).get(missing, {}))
            line, col = _location(data, path)
            return Problem(
                shown, line, col, record_id, _field(field_path + [missing]), f"le champ obligatoire « {missing} » manque", _expected(prop), _example(prop)
            )
        if validator == "additionalProperties":
            patterns = schema.get("patternProperties", {})
            extra = [key for key in error.instance if key not in schema.get("properties", {}) and not any(re.search(p, str(key)) for p in patterns)]
            known = list(schema.get("properties", {}))
            close = difflib.get_close_matches(extra[0], known, n=1) if extra else []
            hint = f"peut-être « {close[0]} » ?" if close else None
            line, col = _location(data, path + extra[:1])
            return Problem(
                shown,
                line,
                col,
                record_id,
                _field(field_path + extra[:1]),
                f"le champ « {extra[0]} » n'existe pas" + (f" ({hint})" if hint else ""),
                "un des champs : " + ", ".join(known) + "".join(f" ; ou {p['description']}" for p in patterns.values() if p.get("description")),
                None,
            )
        line, col = _location(data, path)
        message, expected = self._describe(error, schema)
        return Problem(shown, line, col, record_id, _field(field_path), message, expected, _example(schema))

    def _describe(self, error: ValidationError, schema: dict) -> tuple[str, str | None]:
        """The French message and the expected form for one failed keyword."""
        value = error.instance
        shown_value = _show(value)
        v = error.validator
        if v == "oneOf" and all("const" in c for c in schema.get("oneOf", [])):
            allowed = ", ".join(f"{c['const']} ({c.get('title', '')})" for c in schema["oneOf"])
            close = difflib.get_close_matches(str(value), [c["const"] for c in schema["oneOf"]], n=1)
            more = f" ; peut-être « {close[0]} » ?" if close else ""
            return f"la valeur {shown_value} n'est pas dans la liste{more}", f"une de ces valeurs : {allowed}"
        if v == "not" and isinstance(error.validator_value, dict) and "required" in error.validator_value:
            both = " et ".join(f"« {k} »" for k in error.validator_value["required"])
            return "le bloc mélange deux façons de dire d'où vient l'information", f"{both} ne vont pas ensemble : gardez l'un des deux"
        if v in ("oneOf", "anyOf") and all(isinstance(c, dict) and set(c) == {"required"} for c in error.validator_value):
            # One of several sets of fields (a source: a document, or an organisation with how and when): name what is missing.
            options = [c["required"] for c in error.validator_value]
            given = set(value) if isinstance(value, dict) else set()
            ways = " ; soit ".join(", ".join(f"« {k} »" for k in option) for option in options)
            full = [option for option in options if given >= set(option)]
            if len(full) > 1:
                return "le bloc mélange deux façons de dire d'où vient l'information", f"soit {ways} (pas les deux)"
            nearest = max(options, key=lambda option: len(given & set(option)))
            missing = ", ".join(f"« {k} »" for k in nearest if k not in given)
            return f"il manque {missing}", f"soit {ways}"
        if v == "type":
            return f"la valeur {shown_value} n'est pas du bon type", _TYPES_FR.get(error.validator_value, str(error.validator_value)) if isinstance(
                error.validator_value, str
            ) else None
        if v == "pattern":
            return f"la valeur {shown_value} n'a pas la bonne forme", schema.get("description") or f"un texte de la forme {error.validator_value}"
        if v == "format":
            kind = {"date": "une date qui existe, au format AAAA-MM-JJ", "email": "une adresse électronique"}.get(error.validator_value, error.validator_value)
            return f"la valeur {shown_value} n'est pas valide", kind
        if v == "minLength":
            return f"le texte est trop court ({len(value)} caractère(s))", f"au moins {error.validator_value} caractères"
        if v == "maxLength":
            return f"le texte est trop long ({len(value)} caractères)", f"au plus {error.validator_value} caractères"
        if v == "minimum":
            return f"le nombre {shown_value} est trop petit", f"au moins {error.validator_value}"
        if v == "maximum":
            return f"le nombre {shown_value} est trop grand", f"au plus {error.validator_value}"
        if v == "maxItems":
            return f"la liste est trop longue ({len(value)} éléments)", f"au plus {error.validator_value} éléments"
        if v == "minItems":
            return "la liste est vide" if not value else "la liste est trop courte", f"au moins {error.validator_value} élément(s)"
        if v == "uniqueItems":
            return "la liste contient deux fois la même valeur", "chaque valeur une seule fois"
        return f"la valeur {shown_value} n'est pas acceptée", schema.get("description")


# ---------------------------------------------------------------- patterns and numbers


@functools.lru_cache(maxsize=256)
def whole_string(pattern: str) -> re.Pattern:
    """A schema pattern as JSON Schema (ECMA-262) reads it: « $ » is the end of the text, never the place before a last line end.

    Python's « $ » also matches before a final « \\n »: « service-neuf\\n » would pass « ^[a-z0-9-]+$ » and make a folder
    with a line end in its name. Each « $ » outside a character class becomes « \\Z ».
    """
    out, escaped, in_class = [], False, False
    for character in pattern:
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "[" and not in_class:
            in_class = True
        elif character == "]" and in_class:
            in_class = False
        elif character == "$" and not in_class:
            out.append(r"\Z")
            continue
        out.append(character)
    return re.compile("".join(out))


def _pattern(validator, pattern: str, instance: Any, schema: dict):
    """The `pattern` keyword with `whole_string`."""
    if validator.is_type(instance, "string") and not whole_string(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


def _non_finite(data: Any, shown: str) -> list[Problem]:
    """Numbers that are not finite (NaN, infinity): every comparison with them is false, so « minimum » and « maximum » let them pass,
    and the JSON published would not parse. The loader refuses « .nan »; data built otherwise (the importer) is checked here."""
    found, stack = [], [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            found.append(list(path))
        elif isinstance(value, dict):
            stack += [((*path, key), item) for key, item in value.items()]
        elif isinstance(value, list):
            stack += [((*path, index), item) for index, item in enumerate(value)]
    problems = []
    for path in sorted(found, key=str):
        field_path = path[2:] if path and path[0] in COLLECTIONS else path
        line, col = _location(data, path)
        message = "ce n'est pas un nombre fini (NaN ou infini)"
        problems.append(Problem(shown, line, col, _record_id(data, path), _field(field_path), message, "un nombre ordinaire", "47.2205"))
    return problems


def _record_id(data: Any, path: list) -> str:
    """The id of the record a path points into, or its position when it has none."""
    if len(path) >= 2 and path[0] in COLLECTIONS and isinstance(data, dict):
        items = data.get(path[0])
        if isinstance(items, list) and isinstance(path[1], int) and path[1] < len(items):
            item = items[path[1]]
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                return item["id"]
            return f"{path[0]} n°{path[1] + 1}"
    if len(path) == 1:
        return str(path[0])
    return ""


def _field(parts: list) -> str:
    text = ""
    for part in parts:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _location(data: Any, path: list) -> tuple[int, int]:
    """The line and column of the deepest known point of `path` in the loaded data."""
    node, best = data, getattr(data, "start", (1, 1))
    for part in path:
        marks = getattr(node, "marks", None)
        if marks is None or part not in marks:
            break
        best = marks[part]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return best


def _expected(prop: dict) -> str | None:
    if "oneOf" in prop and all("const" in c for c in prop["oneOf"]):
        return "une de ces valeurs : " + ", ".join(c["const"] for c in prop["oneOf"])
    return prop.get("description") or prop.get("title")


def _example(schema: dict) -> str | None:
    examples = schema.get("examples")
    if not examples:
        return None
    example = examples[0]
    if isinstance(example, (list, dict)):
        return json.dumps(example, ensure_ascii=False)
    return str(example)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"« {value[:60]}{'…' if len(value) > 60 else ''} »"
    if isinstance(value, bool):
        return "« true »" if value else "« false »"
    if isinstance(value, dict):
        return "(un bloc de champs)"
    if isinstance(value, list):
        return "(une liste)"
    if value is None:
        return "(vide)"
    return f"« {value} »"


@functools.lru_cache(maxsize=32)
def _read(cls: type[Schema], path: Path, text: str) -> Schema:
    """A schema file read once per content: its validator is compiled once, not at every check of a run."""
    return cls(path, json.loads(text))
