"""Traductions et version « Facile à lire » : un fichier par langue, rangé comme data/schemes.yaml.

    data/translations/<langue>.yaml
      services:
        <id>:
          <champ>:
            texte: …            (une liste pour « etapes »)
            statut: automatique | brouillon | relu
            par: ce qui s'est vraiment passé, avec un rôle (pas de nom propre)
            empreinte: 12 caractères hexadécimaux, calculés sur le texte français d'origine

Trois statuts, qui disent qui a fait le texte :
  automatique  un outil l'a produit, aucune personne ne l'a relu ;
  brouillon    une personne l'a écrit, personne ne l'a relu ;
  relu         une personne qui parle la langue (ou un groupe de lecteurs FALC) l'a relu.

Chaque langue dit dans data/interface/<langue>.yaml (réglage `statuts_affiches`)
les statuts que les lecteurs peuvent voir. Un texte d'un autre statut reste
dans les données pour les relecteurs, mais la page montre le français à sa
place, marqué lang="fr", avec un avis (état « retenu »).

L'empreinte permet de savoir qu'un texte français a changé depuis la
traduction : la traduction est alors « à mettre à jour ».
Les chaînes d'interface (data/interface/<langue>.yaml) ont le même statut et
la même empreinte : `clé: {texte: …, statut: …, empreinte: …}` (lues dans guide/langues/interface.py). Ce qu'une page
montre dans une langue, et l'état de chaque texte, est décidé dans guide/langues/localizer.py.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guide.donnees import markup
from guide.donnees.loader import load_yaml
from guide.donnees.paths import GLOSSARY_DIR, shown_path
from guide.donnees.problems import WARNING, Problem
from guide.donnees.references import known_ids, reference_problems
from guide.donnees.schema import COLLECTIONS as ALL_COLLECTIONS
from guide.donnees.schema import RECORD_LISTS, Schema
from guide.langues.audio import audio_problems
from guide.langues.glossary import Glossary, glossary_problems, load_glossary
from guide.langues.translation_safety import safety_problems

AUTOMATIC = "automatique"
DRAFT = "brouillon"
REVIEWED = "relu"
STATUSES = (REVIEWED, DRAFT, AUTOMATIC)
WITHHELD = "retenu"  # a translation exists, but the locale's policy does not show it: French is shown

# Collection of data/schemes.yaml → its definition in the schema.
COLLECTIONS = {name: ALL_COLLECTIONS[name] for name in RECORD_LISTS}  # the translated lists


def fingerprint(text: str | list[str]) -> str:
    """A short, stable fingerprint of a French text (or list of texts)."""
    normal = json.dumps(text, ensure_ascii=False) if isinstance(text, list) else " ".join(str(text).split())
    return _sha(normal)


@functools.lru_cache(maxsize=65536)
def _sha(normal: str) -> str:
    """The same text is fingerprinted again and again (each interface file, each validation): hashed once."""
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
    state: str  # "original" (French page), "relu", "brouillon", "automatique", "perime" (outdated), "manquant" or "retenu" (French shown)

    @property
    def is_french(self) -> bool:
        """The French text is shown in the place of a translation (an outdated one too: it may have lost a number to call)."""
        return self.state in ("manquant", "perime", WITHHELD)


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
                lines.extend('        - ""' for _ in french)
            else:
                lines.append(f"      # FR : {french}")
                lines.append('      texte: ""')
            lines.append(f"      statut: {DRAFT}  # automatique si un outil a traduit ; relu après relecture")
            lines.append(f"      par: à compléter ({locale}) : qui a écrit ou relu, un rôle (exemple : médiatrice qui parle la langue)")
            lines.append(f'      empreinte: "{fingerprint(french)}"')
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- loading and checking


# What a reader is told, from best to worst: a page shows the notice of its worst text. French shown in the place
# of a missing translation is visibly French (and marked so); a machine text may be wrong without showing it: it comes after.
STATES = ("original", REVIEWED, DRAFT, "manquant", AUTOMATIC, "perime", WITHHELD)
# The states that put a notice on a page.
NOTICE_STATES = STATES[2:]


@dataclass
class Catalogue:
    """One locale's translated fields: collection → id → field → entry."""

    locale: str
    entries: dict = field(default_factory=dict)
    path: str = ""
    glossary: Glossary | None = None  # how the locale writes and explains names and hard words (data/glossaire/)


def load_catalogue(
    locale: str,
    directory: Path,
    data: dict,
    schema: Schema,
    translations_schema: Schema,
    docs_dir: Path | None = None,
    glossary_dir: Path = GLOSSARY_DIR,
) -> tuple[Catalogue, list[Problem]]:
    """Read and check data/translations/<locale>.yaml (a missing file is an empty catalogue)."""
    path = directory / f"{locale}.yaml"
    if not path.exists():
        return Catalogue(locale), []
    shown = shown_path(path)
    loaded = load_yaml(path, shown)
    if loaded.problems:
        return Catalogue(locale, {}, shown), loaded.problems
    problems = translations_schema.check_loaded(loaded)[0]
    if problems:
        return Catalogue(locale, {}, shown), problems
    problems = reference_problems(loaded.data, shown, translations_schema.reference_paths(), known_ids(data))  # ids (x-reference-cles)
    problems += _check_entries(loaded.data, data, schema, shown, docs_dir)
    glossary, found = load_glossary(locale, glossary_dir)
    originals = {collection: {r["id"]: r for r in data.get(collection, [])} for collection in COLLECTIONS}
    problems += found + glossary_problems(glossary, loaded.data, originals, shown)
    problems += safety_problems(loaded.data, originals, glossary, shown, fingerprint)  # numbers and people the French gives
    return Catalogue(locale, loaded.data, shown, glossary), problems


def _check_entries(translated: dict, data: dict, schema: Schema, shown: str, docs_dir: Path | None = None) -> list[Problem]:
    """Known ids and fields, no HTML, and a warning for each outdated text."""
    problems = []
    fields = translatable_fields(schema)
    formatted = markup.formatted_fields(schema)
    for collection, records in translated.items():
        originals = {r["id"]: r for r in data.get(collection, [])}
        for rid, entries in records.items():
            line, col = records.marks[rid]
            if rid not in originals:  # said by reference_problems
                continue
            for name, entry in entries.items():
                line, col = entries.marks[name]
                if name == "audio":
                    problems += _text_problems(shown, rid, "audio", entry, ("fichier", "par"), False)
                    if docs_dir and not (docs_dir / entry["fichier"]).is_file():
                        problems.append(
                            Problem(
                                shown,
                                *entry.marks["fichier"],
                                rid,
                                "audio.fichier",
                                f"le fichier docs/{entry['fichier']} n'existe pas",
                                "un fichier audio ajouté sous docs/audio/<langue>/",
                                f"audio/{collection}-{rid}.mp3",
                            )
                        )
                    elif docs_dir and isinstance(entry.get("duree"), (int, float)):
                        for field, message, expected, example in audio_problems(docs_dir / entry["fichier"], entry["duree"]):
                            where = entry.marks.get(field.split(".")[1], entry.marks["fichier"])
                            problems.append(Problem(shown, *where, rid, field, message, expected, example))
                    continue
                if name not in fields[collection]:
                    problems.append(
                        Problem(
                            shown,
                            line,
                            col,
                            rid,
                            name,
                            f"le champ « {name} » ne se traduit pas",
                            "un de : " + ", ".join(fields[collection]),
                            fields[collection][0],
                        )
                    )
                    continue
                problems += _text_problems(shown, rid, name, entry, ("texte", "par"), name in formatted.get(collection, ()))
                french = originals[rid].get(name)
                if french is None:
                    problems.append(
                        Problem(
                            shown,
                            line,
                            col,
                            rid,
                            name,
                            "ce champ est vide en français : sa traduction ne sera pas affichée",
                            "supprimer cette traduction",
                            None,
                            WARNING,
                        )
                    )
                elif entry["empreinte"] != fingerprint(french):
                    problems.append(
                        Problem(
                            shown,
                            *entry.marks["empreinte"],
                            rid,
                            f"{name}.empreinte",
                            "le texte français a changé depuis cette traduction : à mettre à jour",
                            f"une traduction du texte actuel, puis l'empreinte {fingerprint(french)}",
                            fingerprint(french),
                            WARNING,
                        )
                    )
    return problems


def _text_problems(shown: str, rid: str, name: str, entry: dict, keys: tuple[str, ...], formatted: bool) -> list[Problem]:
    """The texts of one translated entry that leave the subset of guide/donnees/markup.py, each at its own line."""
    found = []
    for key in keys:
        value = entry.get(key)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, text in items:
            what = markup.problems(text, formatted and key == "texte") if isinstance(text, str) else []
            if what:
                line, col = value.marks[index] if index is not None and index in getattr(value, "marks", {}) else entry.marks[key]
                field = f"{name}.{key}" + (f"[{index + 1}]" if index is not None else "")
                problems_expected, example = markup.expected(formatted and key == "texte")
                found.append(Problem(shown, line, col, rid, field, markup.message(what), problems_expected, example))
    return found


def worst(states) -> str:
    """The least trustworthy of some states ("original" when there are none)."""
    return max(states, key=STATES.index, default="original")
