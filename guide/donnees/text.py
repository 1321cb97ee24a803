"""Petits outils de texte partagés."""

from __future__ import annotations

import csv
import io
import unicodedata


def sort_key(text: str) -> str:
    """A French-friendly sort key: lower case, accents and apostrophes folded."""
    folded = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in folded if not unicodedata.combining(c)).replace("'", "").replace("’", "")


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP « CSV injection »), full-width forms included.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_cell(cell: object) -> object:
    """A cell a spreadsheet shows as text and never runs: a text that starts like a formula gets a leading apostrophe."""
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def spreadsheet(header: list[str] | tuple[str, ...], rows: list[list]) -> bytes:
    """Every CSV file the project writes: UTF-8 with a byte order mark and « ; » (a French Excel opens it right), no formula.

    The one place a CSV is written, so that no file can miss `spreadsheet_cell`.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in [list(header), *rows]:
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")
