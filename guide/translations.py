"""Traductions et version « Facile à lire » : un fichier par langue, rangé comme data/schemes.yaml.

    data/translations/<langue>.yaml
      services:
        <id>:
          <champ>:
            texte: …            (une liste pour « etapes »)
            statut: brouillon | relu
            par: rôle de la personne (pas de nom propre)
            empreinte: 12 caractères hexadécimaux, calculés sur le texte français d'origine

L'empreinte permet de savoir qu'un texte français a changé depuis la
traduction : la traduction est alors « à mettre à jour ».
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from guide.schema import Schema

DRAFT = "brouillon"
REVIEWED = "relu"

# Collection of data/schemes.yaml → its definition in the schema.
COLLECTIONS = {"services": "service", "mesures": "mesure", "organisations": "organisation", "lieux": "lieu"}


def fingerprint(text: str | list[str]) -> str:
    """A short, stable fingerprint of a French text (or list of texts)."""
    normal = json.dumps(text, ensure_ascii=False) if isinstance(text, list) else " ".join(str(text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


def translatable_fields(schema: Schema) -> dict[str, list[str]]:
    """Collection → fields marked `x-traduisible` in the schema, in schema order."""
    fields = {}
    for collection, definition in COLLECTIONS.items():
        properties = schema.document["$defs"][definition]["properties"]
        fields[collection] = [name for name, prop in properties.items() if prop.get("x-traduisible")]
    return fields


@dataclass(frozen=True)
class Text:
    """One field as shown to a reader, and how trustworthy its translation is."""

    value: Any
    state: str  # "original" (French page), "relu", "brouillon", "perime" (outdated), "manquant" (French shown)


def skeleton(data: dict, schema: Schema, locale: str, collection: str, ids: list[str] | None = None) -> str:
    """YAML to fill in for a locale: every translatable field with its French text as a comment."""
    fields = translatable_fields(schema)[collection]
    lines = [f"{collection}:"]
    for record in data[collection]:
        if ids and record["id"] not in ids:
            continue
        lines.append(f"  {record['id']}:")
        for name in fields:
            if name not in record:
                continue
            french = record[name]
            lines.append(f"    {name}:")
            if isinstance(french, list):
                for item in french:
                    lines.append(f"      # FR : {item}")
                lines.append("      texte:")
                lines.extend("        - \"\"" for _ in french)
            else:
                lines.append(f"      # FR : {french}")
                lines.append('      texte: ""')
            lines.append(f"      statut: {DRAFT}")
            lines.append(f"      par: à compléter ({locale})")
            lines.append(f"      empreinte: {fingerprint(french)}")
    return "\n".join(lines) + "\n"
