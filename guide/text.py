"""Petits outils de texte partagés."""
from __future__ import annotations

import unicodedata


def sort_key(text: str) -> str:
    """A French-friendly sort key: lower case, accents and apostrophes folded."""
    folded = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in folded if not unicodedata.combining(c)).replace("'", "").replace("’", "")
