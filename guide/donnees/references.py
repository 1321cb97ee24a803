"""Les renvois d'un fichier à un autre : chaque identifiant cité doit exister.

Un seul contrôle, conduit par les annotations des schémas : `x-reference` sur un champ (ou sur les éléments
d'une liste) dit de quelle(s) liste(s) de data/schemes.yaml il tient des identifiants ; `x-reference-cles` sur
un bloc dit que ses clés sont des identifiants (les fichiers de traduction) ; `x-reference-annotation` sur une
liste fermée du schéma dit qu'une annotation de ses valeurs (les relais `x-relais`) nomme des fiches.
Ajouter un champ annoté suffit : il est vérifié, et les tests de mutation le couvrent.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from guide.donnees.problems import WARNING, Problem

KEYS = "<clé>"  # in a path: the keys of a block are ids
EVERY = "*"  # in a path: every item of a list, or every value of a block


@dataclass(frozen=True)
class ReferencePath:
    """A place in a file that holds ids: its path from the top of the file, and the lists the ids may come from."""

    path: tuple[str, ...]
    targets: tuple[str, ...]

    @property
    def shown(self) -> str:
        """The path as written in messages and test names: `services.*.source.document`."""
        return ".".join(self.path)


def reference_paths(document: dict) -> list[ReferencePath]:
    """Every place a schema declares ids of another list (x-reference, x-reference-cles), in schema order."""
    found: list[ReferencePath] = []

    def resolve(node: dict) -> dict:
        merged = dict(node)
        while isinstance(merged.get("$ref"), str) and merged["$ref"].startswith("#/"):
            target: Any = document
            for part in merged.pop("$ref")[2:].split("/"):
                target = target[part]
            merged = {**target, **merged}
        return merged

    def walk(node: Any, path: tuple[str, ...], depth: int) -> None:
        if not isinstance(node, dict) or depth > 12:
            return
        node = resolve(node)
        if node.get("x-reference-cles"):
            found.append(ReferencePath((*path, KEYS), _targets(node["x-reference-cles"])))
        if node.get("x-reference"):  # on a list: on each of its items
            found.append(ReferencePath((*path, EVERY) if node.get("type") == "array" or "items" in node else path, _targets(node["x-reference"])))
            return
        for key, prop in node.get("properties", {}).items():
            walk(prop, (*path, key), depth + 1)
        for name in ("items", "additionalProperties"):
            walk(node.get(name), (*path, EVERY), depth + 1)
        for name in ("oneOf", "anyOf", "allOf"):
            for sub in node.get(name, []):
                walk(sub, path, depth + 1)

    walk(document, (), 0)
    unique: dict[tuple, ReferencePath] = {}
    for ref in found:
        unique.setdefault((ref.path, ref.targets), ref)
    return list(unique.values())


def annotation_references(document: dict) -> list[tuple[str, str, tuple[str, ...]]]:
    """Closed lists whose values name records in an annotation: (list, annotation, targets), from `x-reference-annotation`."""
    found = []
    for name, definition in document.get("$defs", {}).items():
        for annotation, targets in (definition.get("x-reference-annotation") or {}).items():
            found.append((name, annotation, _targets(targets)))
    return found


def known_ids(data: Any) -> dict[str, set[str]]:
    """Each list of data/schemes.yaml → the ids of its records."""
    known: dict[str, set[str]] = {}
    for name, items in data.items() if isinstance(data, dict) else []:
        if isinstance(items, list):
            known[name] = {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}
    return known


def reference_problems(document: Any, shown: str, paths: list[ReferencePath], known: dict[str, set[str]]) -> list[Problem]:
    """Every id of `document` (a loaded YAML file) at one of `paths` that names no record of its lists."""
    problems = []
    for ref in paths:
        for value, line, column, record, field in _values(document, ref.path):
            if isinstance(value, str) and not any(value in known.get(target, ()) for target in ref.targets):
                problems.append(unknown_reference(shown, line, column, record, field, value, ref.targets, known))
    return problems


def unknown_reference(shown: str, line: int, column: int, record: str, field: str, value: str, targets: tuple[str, ...], known: dict[str, set[str]]) -> Problem:
    """The French message for an id that names nothing: which lists were searched, and the closest existing id."""
    candidates = sorted(set().union(*(known.get(t, set()) for t in targets)))
    close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    lists = " ou ".join(f"« {t} »" for t in targets)
    hint = f" ; peut-être « {close[0]} » ?" if close else ""
    return Problem(
        shown,
        line,
        column,
        record,
        field,
        f"« {value} » ne correspond à aucun enregistrement de la liste {lists}{hint}",
        f"l'identifiant d'un enregistrement de la liste {lists} de data/schemes.yaml",
        close[0] if close else (candidates[0] if candidates else None),
    )


def annotation_problems(document: dict, shown: str, text: str, known: dict[str, set[str]]) -> list[Problem]:
    """Warnings: every id named in an annotation of a closed list's values (the relays `x-relais`) that names no record.

    `text` is the schema file's text, to point at the line of the id.
    """
    problems = []
    lines = text.splitlines()
    for name, annotation, targets in annotation_references(document):
        for term in document["$defs"][name].get("oneOf", []):
            for index, value in enumerate(term.get(annotation) or []):
                if isinstance(value, str) and not any(value in known.get(target, ()) for target in targets):
                    line = _line_of(lines, [f'    "{name}": {{', f'"const": "{term.get("const")}"', f'"{value}"'])
                    field = f"{annotation}[{index + 1}]"
                    found = unknown_reference(shown, line, 1, f"{name}.{term.get('const')}", field, value, targets, known)
                    # A warning: the site leaves out a relay it does not know (a test data set may hold none of them).
                    problems.append(replace(found, message=found.message + " : ce relais n'est pas montré", severity=WARNING))
    return problems


# ---------------------------------------------------------------- helpers


def _line_of(lines: list[str], marks: list[str]) -> int:
    """The line of the last mark, each looked for after the one before (1 when not found)."""
    at = 0
    for mark in marks:
        at = next((i for i in range(at, len(lines)) if mark in lines[i]), at)
    return at + 1


def _targets(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else tuple(str(value).split())


def _values(document: Any, path: tuple[str, ...]) -> Iterator[tuple[Any, int, int, str, str]]:
    """(value, line, column, record, field) for every value at `path`; the record is the first item or key the path crosses."""

    def walk(node: Any, rest: tuple[str, ...], where: tuple[int, int], record: str | None, field: str) -> Iterator[tuple[Any, int, int, str, str]]:
        if not rest:
            yield node, *where, record or "", field
            return
        step, rest = rest[0], rest[1:]
        marks = getattr(node, "marks", {})
        if step == KEYS:
            for key in node if isinstance(node, dict) else []:
                yield key, *marks.get(key, where), record or str(key), field if record else ""
        elif step == EVERY and isinstance(node, list):
            for index, item in enumerate(node):
                if record is None:  # the record: its id, or its place in its list
                    name = item["id"] if isinstance(item, dict) and isinstance(item.get("id"), str) else f"{field} n°{index + 1}"
                    yield from walk(item, rest, marks.get(index, where), name, "")
                else:
                    yield from walk(item, rest, marks.get(index, where), record, f"{field}[{index + 1}]")
        elif step == EVERY and isinstance(node, dict):
            for key, item in node.items():
                yield from walk(item, rest, marks.get(key, where), record or str(key), f"{field}.{key}" if record and field else (str(key) if record else ""))
        elif isinstance(node, dict) and step in node:
            yield from walk(node[step], rest, marks.get(step, where), record, f"{field}.{step}" if field else step)

    yield from walk(document, path, getattr(document, "start", (1, 1)), None, "")
