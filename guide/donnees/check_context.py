"""Ce que reçoit chaque règle de guide/donnees/checks.py : les données chargées, le fichier montré, la date du jour, et où
situer un problème (ligne et colonne du champ).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from guide.donnees.problems import Problem
from guide.donnees.schema import RECORD_LISTS


@dataclass
class Context:
    """What the rules need: the loaded data, the file name shown, and today's date."""

    data: Any
    shown: str
    today: dt.date
    fields: dict[str, frozenset[str]] = field(default_factory=dict)  # collection → its schema fields
    formatted: dict = field(default_factory=dict)  # collection → fields that accept *italique*, **gras** and links (guide/donnees/markup.py)
    references: list = field(default_factory=list)  # where ids of other lists are, from the schema's x-reference (guide/donnees/references.py)
    reserved: frozenset[str] = frozenset()  # names the site takes for itself, given by the caller (guide/rendu/reserved.py)

    def records(self, collection: str | None = None) -> Iterator[tuple[str, int, dict]]:
        """Each well-shaped record: (collection, index, record)."""
        if not isinstance(self.data, dict):
            return
        for name in [collection] if collection else RECORD_LISTS:
            items = self.data.get(name)
            if not isinstance(items, list):
                continue
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    yield name, index, item

    def problem(
        self,
        record: dict,
        key: str | None,
        message: str,
        expected: str | None = None,
        example: str | None = None,
        severity: str = "erreur",
        item: int | None = None,
        within: str | None = None,
    ) -> Problem:
        """A problem located at `record[key]` (or `record[key][item]`, or `record[within][key]`)."""
        container = record[within] if within else record
        line, col = getattr(container, "start", (0, 0))
        marks = getattr(container, "marks", {})
        if key in marks:
            line, col = marks[key]
            value = container.get(key)
            if item is not None and item in getattr(value, "marks", {}):
                line, col = value.marks[item]
        field = key if item is None else f"{key}[{item + 1}]"
        field = f"{within}.{field}" if within else field
        rid = record.get("id") if isinstance(record.get("id"), str) else "?"
        return Problem(self.shown, line, col, rid, field or "", message, expected, example, severity)


def documents(ctx: Context) -> Iterator[tuple[str, int, dict]]:
    """Each well-shaped entry of the list « documents »: (collection, index, document)."""
    items = ctx.data.get("documents") if isinstance(ctx.data, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield "documents", index, item


def as_date(value: Any) -> dt.date | None:
    """A date written AAAA-MM-JJ, or None (the schema says what is wrong with it)."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
