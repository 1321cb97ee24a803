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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from guide import markup
from guide.loader import load_yaml
from guide.paths import INTERFACE_DIR, TRANSLATIONS_DIR, TRANSLATIONS_SCHEMA, shown_path
from guide.problems import WARNING, Problem
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
                lines.extend('        - ""' for _ in french)
            else:
                lines.append(f"      # FR : {french}")
                lines.append('      texte: ""')
            lines.append(f"      statut: {DRAFT}")
            lines.append(f"      par: à compléter ({locale})")
            lines.append(f'      empreinte: "{fingerprint(french)}"')
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- loading and checking


# What a reader is told, from best to worst.
STATES = ("original", REVIEWED, DRAFT, "perime", "manquant")


@dataclass
class Catalogue:
    """One locale's translated fields: collection → id → field → entry."""

    locale: str
    entries: dict = field(default_factory=dict)
    path: str = ""


def load_catalogue(
    locale: str, directory: Path, data: dict, schema: Schema, translations_schema: Schema, docs_dir: Path | None = None
) -> tuple[Catalogue, list[Problem]]:
    """Read and check data/translations/<locale>.yaml (a missing file is an empty catalogue)."""
    path = directory / f"{locale}.yaml"
    if not path.exists():
        return Catalogue(locale), []
    shown = shown_path(path)
    loaded = load_yaml(path, shown)
    if loaded.problems:
        return Catalogue(locale, {}, shown), loaded.problems
    problems = translations_schema.problems(loaded.data, shown)
    if problems:
        return Catalogue(locale, {}, shown), problems
    problems = _check_entries(loaded.data, data, schema, shown, docs_dir)
    return Catalogue(locale, loaded.data, shown), problems


def _check_entries(translated: dict, data: dict, schema: Schema, shown: str, docs_dir: Path | None = None) -> list[Problem]:
    """Known ids and fields, no HTML, and a warning for each outdated text."""
    problems = []
    fields = translatable_fields(schema)
    formatted = markup.formatted_fields(schema)
    for collection, records in translated.items():
        originals = {r["id"]: r for r in data.get(collection, [])}
        for rid, entries in records.items():
            line, col = records.marks[rid]
            if rid not in originals:
                problems.append(
                    Problem(
                        shown,
                        line,
                        col,
                        rid,
                        "",
                        f"aucune fiche « {rid} » dans la liste « {collection} » de data/schemes.yaml",
                        "l'identifiant d'une fiche existante",
                        next(iter(originals), None),
                    )
                )
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
    """The texts of one translated entry that leave the subset of guide/markup.py, each at its own line."""
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


# Interface strings that are settings, not words: each has its own shape (they go into HTML attributes and Babel).
SETTINGS = {
    "lang": ("une étiquette de langue BCP 47 : lettres et chiffres séparés par des tirets", "fr-x-falc"),
    "direction": ("ltr (de gauche à droite) ou rtl (de droite à gauche)", "rtl"),
    "babel": ("un code de langue connu de Babel", "fr_FR"),
    "lunr": ("un code de langue en lettres minuscules", "fr"),
}


def _setting_is_valid(key: str, value: str) -> bool:
    if key == "direction":
        return value in ("ltr", "rtl")
    if key == "babel":
        try:
            Locale.parse(value)
        except (ValueError, TypeError, UnknownLocaleError):
            return False
        return True
    if key == "lunr":
        return value.isascii() and value.isalpha() and value.islower()
    return all(part.isascii() and part.isalnum() for part in value.split("-"))


def load_interface(locale: str, directory: Path = INTERFACE_DIR) -> tuple[dict, list[Problem]]:
    """The interface strings of a locale (data/interface/<locale>.yaml), flat key → text."""
    path = directory / f"{locale}.yaml"
    if not path.exists():
        return {}, []
    loaded = load_yaml(path, shown_path(path))
    if loaded.problems:
        return {}, loaded.problems
    bad = []
    for key, value in loaded.data.items():
        where = (loaded.path, *loaded.data.marks[key], "", key)
        if not isinstance(value, str):
            bad.append(Problem(*where, "une chaîne d'interface doit être un texte", "clé: texte", "pour_qui: Pour qui"))
        elif key in SETTINGS and not _setting_is_valid(key, value):
            bad.append(Problem(*where, f"le réglage « {value} » n'a pas la bonne forme", *SETTINGS[key]))
        elif key not in SETTINGS and (found := markup.interface_problems(value)):
            bad.append(Problem(*where, markup.message(found), markup.EXPECTED_INTERFACE, "je_cherche_question: Question {n}"))
    return ({} if bad else dict(loaded.data)), bad


# ---------------------------------------------------------------- reading texts for a page


@dataclass
class Localizer:
    """What a page in one locale shows: each text, and how trustworthy it is."""

    locale: str
    catalogue: Catalogue
    interface: dict
    fallback_interface: dict
    is_default: bool = False
    fields: dict = field(default_factory=dict)  # collection → translatable fields
    search_words: dict = field(default_factory=dict)  # record id → residents' words (data/recherche/<locale>.yaml)

    def text(self, record: Any, name: str) -> Text:
        """The field in this locale, or the French with the reason it is French."""
        french = record.french.get(name)
        if self.is_default or french is None:
            return Text(french, "original")
        entry = self.catalogue.entries.get(record.collection, {}).get(record.id, {}).get(name)
        if not entry:
            return Text(french, "manquant")
        if entry["empreinte"] != fingerprint(french):
            return Text(entry["texte"], "perime")
        return Text(entry["texte"], entry["statut"])

    def audio(self, record: Any) -> dict | None:
        """The spoken version of a record in this locale, if a mediator recorded one."""
        return self.catalogue.entries.get(record.collection, {}).get(record.id, {}).get("audio")

    def state(self, records: list, names: list[str] | None = None) -> str:
        """The worst state among the given records' translatable fields."""
        worst = "original" if self.is_default else REVIEWED
        for record in records:
            for name in names or self.fields.get(record.collection, []):
                current = self.text(record, name).state
                if current != "original" and STATES.index(current) > STATES.index(worst):
                    worst = current
        return worst

    def t(self, key: str) -> str:
        """An interface string for a page: this locale, then French, then the key itself.

        Everything but its {nom} placeholders is literal text (guide/markup.py).
        """
        return markup.interface_text(self.raw(key))

    def raw(self, key: str) -> str:
        """The same string as written in data/interface/ (for settings such as `babel`, and for exports, which are not pages)."""
        return self.interface.get(key) or self.fallback_interface.get(key) or key


def load_all_translations(
    data: dict, schema: Schema, directory: Path = TRANSLATIONS_DIR, interface_dir: Path = INTERFACE_DIR, docs_dir: Path | None = None
) -> tuple[dict[str, Catalogue], dict[str, dict], list[Problem]]:
    """Every translation file and interface-strings file present, checked once."""
    translations_schema = Schema.load(TRANSLATIONS_SCHEMA)
    problems: list[Problem] = []
    catalogues = {}
    for path in sorted(directory.glob("*.yaml")):
        catalogues[path.stem], found = load_catalogue(path.stem, directory, data, schema, translations_schema, docs_dir)
        problems += found
    interfaces = {}
    for path in sorted(interface_dir.glob("*.yaml")):
        interfaces[path.stem], found = load_interface(path.stem, interface_dir)
        problems += found
    return catalogues, interfaces, problems


def make_localizers(locales: list[str], default: str, validation: Any) -> list[Localizer]:
    """One Localizer per locale (default first) from an already checked validation."""
    fields = translatable_fields(validation.schema)
    fallback = validation.interfaces.get(default, {})
    ordered = [default] + [locale for locale in locales if locale != default]
    return [
        Localizer(
            locale,
            validation.catalogues.get(locale, Catalogue(locale)),
            validation.interfaces.get(locale, {}),
            fallback,
            locale == default,
            fields,
            getattr(validation, "search_words", {}).get(locale, {}),
        )
        for locale in ordered
    ]
