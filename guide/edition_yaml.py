"""Écrire dans data/schemes.yaml sans rien déranger : l'éditeur aller-retour (ruamel.yaml) ne change que les lignes concernées.

Les commentaires, les lignes vides, les guillemets et l'ordre des champs restent ceux du fichier ; un champ ajouté va
à la place que lui donne le schéma ; une fiche nouvelle est insérée dans le texte de sa liste, séparée par une ligne vide
comme les autres.
"""

from __future__ import annotations

import io
import json
import math
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from guide.donnees.paths import SCHEMA_FILE
from guide.donnees.schema import Schema


def ruamel() -> YAML:
    """The round-trip editor, set as data/schemes.yaml is written (2 spaces, « - » indented under its key, long lines kept)."""
    y = YAML()
    y.preserve_quotes = True
    y.width = 100_000
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def dump(data: Any) -> str:
    buffer = io.StringIO()
    ruamel().dump(data, buffer)
    return buffer.getvalue()


def plain(value: Any) -> Any:
    """A ruamel value as a plain Python one (its own number, string, list and map types), for comparing and showing."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value) if isinstance(value, float) else int(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return str(value)


def egal(current: Any, expected: Any) -> bool:
    """The value of the data file is the one the proposal was made on (numbers by value, texts as written)."""
    if current is None or expected is None:
        return current is None and expected is None
    if isinstance(current, bool) or isinstance(expected, bool):
        return current is expected or (isinstance(current, bool) and isinstance(expected, bool) and current == expected)
    if isinstance(current, (int, float)):
        try:
            return math.isclose(float(current), float(expected), abs_tol=1e-9)
        except (TypeError, ValueError):
            return False
    if isinstance(current, list):
        return isinstance(expected, list) and len(current) == len(expected) and all(egal(a, b) for a, b in zip(current, expected, strict=True))
    if isinstance(current, dict):
        return isinstance(expected, dict) and set(map(str, current)) == set(map(str, expected)) and all(egal(current[k], expected[k]) for k in current)
    return str(current) == str(expected)


def montrer(value: Any) -> str:
    """One value in YAML on a single line, quoted only when needed (messages and the importer's proposals file)."""
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(montrer(v) for v in value) + "]"
    if isinstance(value, dict):  # a block where a value was expected (a proposal edited by hand): shown, never dumped
        return json.dumps(value, ensure_ascii=False, default=str)
    if not isinstance(value, (str, int, float, bool)):
        value = str(value)
    shown = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix("...").strip()
    return json.dumps(value, ensure_ascii=False) if shown.startswith("'") else shown  # « "…" » reads better than « '…''…' »


def ordre(liste: str) -> list[str]:
    """The fields of a record of this list, in the schema's order (where a new key goes)."""
    schema = Schema.load(SCHEMA_FILE)
    return list(schema.resolve(schema.document["properties"][liste]["items"])["properties"])


def plain_ok(text: str) -> bool:
    """True when a string reads back as the same string written plain in YAML."""
    try:
        return yaml.safe_load(text) == text and ": " not in text and " #" not in text
    except yaml.YAMLError:
        return False


def flow(mapping: dict) -> CommentedMap:
    """A short block written on one line: `{document: x, date: "2026-10-01"}`."""
    found = CommentedMap(mapping)
    found.fa.set_flow_style()
    return found


def texte(value: str) -> Any:
    """A text as the file writes it: plain when it reads back the same, else between double quotes."""
    return value if plain_ok(value) else DoubleQuotedScalarString(value)


def valeur(value: Any) -> Any:
    """A proposed value ready to be written: texts quoted when needed, short lists of words on one line, sentences one per line."""
    if isinstance(value, str):
        return texte(value)
    if isinstance(value, list):
        seq = CommentedSeq([valeur(v) for v in value])
        if all(isinstance(v, (str, int, float)) and " " not in str(v) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        found = CommentedMap((k, valeur(v)) for k, v in value.items())
        if all(not isinstance(v, (list, dict)) for v in value.values()):
            found.fa.set_flow_style()
        return found
    return value


def inserer(record: CommentedMap, liste: str, champ: str, value: Any) -> None:
    """Add a key where the schema puts it: after the last key of the record that comes before it in the schema."""
    order = ordre(liste)
    before = set(order[: order.index(champ)]) if champ in order else set(order)
    keys = list(record)
    after = [i for i, k in enumerate(keys) if k in before]
    position = after[-1] + 1 if after else len(keys)
    record.insert(position, champ, value)
    if position == len(keys) and keys[-1] in record.ca.items:
        record.ca.items[champ] = record.ca.items.pop(keys[-1])  # the blank line after the record follows its new last key


def ecrire(record: CommentedMap, liste: str, champ: str, value: Any) -> None:
    """Set one field, in place when it exists, else where the schema puts it."""
    value = valeur(value)
    if champ in record:
        record[champ] = value
    else:
        inserer(record, liste, champ, value)


def retirer(record: CommentedMap, champ: str) -> None:
    """Remove one field; the blank line or comment after it stays after the record."""
    if champ not in record:
        return
    keys = list(record)
    comment = record.ca.items.pop(champ, None)
    del record[champ]
    if comment and keys[-1] == champ and len(record):
        record.ca.items[list(record)[-1]] = comment


def nouvelle_fiche(liste: str, rid: str, values: dict) -> CommentedMap:
    """A new record: its id first, then its fields in the schema's order (unknown ones last: the check names them)."""
    order = ordre(liste)
    record = CommentedMap()
    record["id"] = rid
    for key in sorted(values, key=lambda k: order.index(k) if k in order else len(order)):
        record[key] = valeur(values[key])
    return record


def inserer_fiches(text: str, nouvelles: dict[str, list[CommentedMap]]) -> str:
    """Insert new records in the text of their list: in id order when the list is in that order, else at its end.

    Each is written as the others (« - id: » indented by 2, a blank line before), and nothing else of the file moves.
    """
    if not any(nouvelles.values()):
        return text
    data = ruamel().load(text)
    lines = text.splitlines(keepends=True)
    insertions: list[tuple[int, str]] = []
    for liste, records in nouvelles.items():
        items = data.get(liste)
        if not records or not isinstance(items, CommentedSeq) or not len(items):
            continue
        ids = [str(item.get("id")) for item in items]
        sorted_list = ids == sorted(ids)
        for record in records:
            block = _block(record)
            position = next((i for i, rid in enumerate(ids) if sorted_list and rid > record["id"]), len(ids))
            if position == 0:  # before the first record (its comments stay above the list's first line)
                insertions.append((items.lc.item(0)[0], block + "\n"))
            else:  # after the previous record's last line: the comments before the next one stay with it
                insertions.append((_end_of_item(lines, items.lc.item(position - 1)[0]), "\n" + block))
    for line, block in sorted(insertions, key=lambda pair: pair[0], reverse=True):
        lines.insert(line, block)
    return "".join(lines)


def _block(record: CommentedMap) -> str:
    """One record as the file writes it, each line indented for its place in the list."""
    return dump([record])  # a top-level list is written as data/schemes.yaml's lists are: « - » indented by 2


def _end_of_item(lines: list[str], start: int) -> int:
    """The index of the line after the last line of the item starting at `start` (0-based): blank and comment lines after it belong to what follows."""
    dash = lines[start][: len(lines[start]) - len(lines[start].lstrip())] + "- "  # the next item of the same list starts so
    end = start + 1
    last = start + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()) and not lines[end].startswith(dash):
        if lines[end].strip() and not lines[end].lstrip().startswith("#"):
            last = end + 1
        end += 1
    return last
