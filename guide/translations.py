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
la même empreinte : `clé: {texte: …, statut: …, empreinte: …}`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
import string
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from guide import markup
from guide.glossary import Glossary, glossary_problems, load_glossary
from guide.loader import load_yaml
from guide.paths import GLOSSARY_DIR, INTERFACE_DIR, INTERFACE_SCHEMA, TRANSLATIONS_DIR, TRANSLATIONS_SCHEMA, shown_path
from guide.problems import WARNING, Problem
from guide.references import known_ids, reference_problems
from guide.safety_numbers import missing_numbers
from guide.schema import COLLECTIONS as ALL_COLLECTIONS
from guide.schema import RECORD_LISTS, Schema
from guide.translation_safety import safety_problems

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
    problems = translations_schema.problems(loaded.data, shown)
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
    "statuts_affiches": ("les statuts que les lecteurs peuvent voir, séparés par des espaces, parmi : relu brouillon automatique", "relu"),
    "traduction_par": ("qui a fait les chaînes de ce fichier qui ne disent pas `par` (un rôle, pas un nom)", "traduction automatique, personne ne l'a relue"),
    "nom_en_francais": ("le nom de la langue en français, en minuscules", "shimaoré"),
}
# Words that are names or typography, the same in every status: never held back, never fingerprinted.
NAMES = ("langue_nom", "deux_points", "separateur_liste", "separateur_point_virgule")


def _setting_is_valid(key: str, value: str) -> bool:
    if key == "direction":
        return value in ("ltr", "rtl")
    if key == "babel":
        try:
            Locale.parse(value)
        except (ValueError, TypeError, UnknownLocaleError):
            return False
        return True
    if key == "statuts_affiches":
        return bool(value.split()) and all(part in STATUSES for part in value.split())
    if key == "nom_en_francais":  # printed in every notice: letters, and spaces, hyphens or apostrophes between words
        return re.fullmatch(r"[^\W\d_]+(?:['’ -][^\W\d_]+)*", value) is not None
    if key == "traduction_par":
        return len(value.strip()) >= 2
    return all(part.isascii() and part.isalnum() for part in value.split("-"))


@dataclass(frozen=True)
class InterfaceEntry:
    """Where an interface string comes from: status, who, fingerprint of the French (None for a plain string)."""

    statut: str
    par: str
    empreinte: str | None
    line: int


class Interface(dict):
    """The strings of data/interface/<locale>.yaml, key → text, with each string's status in `entries`."""

    def __init__(self, strings: dict | None = None, entries: dict | None = None, path: str = ""):
        super().__init__(strings or {})
        self.entries: dict[str, InterfaceEntry] = entries or {}
        self.path = path


_ENTRY_KEYS = {"texte", "statut", "par", "empreinte"}


def load_interface(locale: str, directory: Path = INTERFACE_DIR, default: str = "fr") -> tuple[Interface, list[Problem]]:
    """The interface strings of a locale (data/interface/<locale>.yaml), flat key → text.

    In the French file a string is plain text. In another language it is
    `{texte: …, statut: …, empreinte: …}` (and `par` when it is not the file's `traduction_par`).
    """
    path = directory / f"{locale}.yaml"
    if not path.exists():
        return Interface(), []
    loaded = load_yaml(path, shown_path(path), "pour_qui: Pour qui")
    if loaded.problems:
        return Interface(), loaded.problems
    shape = [dataclasses.replace(p, record_id="") for p in _interface_schema().problems(loaded.data, loaded.path)]  # the key is the field
    if not isinstance(loaded.data, dict):
        return Interface(), shape  # a list or a text instead of « clé: texte » lines: the schema says so, in French
    bad, strings, entries = [], {}, {}
    default_by = loaded.data.get("traduction_par") if isinstance(loaded.data.get("traduction_par"), str) else ""
    for key, value in loaded.data.items():
        line, col = loaded.data.marks[key]
        where = (loaded.path, line, col, "", key)
        if isinstance(value, dict) and key not in SETTINGS:
            problem = _entry_problem(value, where, key)
            if problem:
                bad.append(problem)
                continue
            entries[key] = InterfaceEntry(value["statut"], value.get("par") or default_by, value["empreinte"], line)
            value = value["texte"]
        elif isinstance(value, str) and key not in SETTINGS and key not in NAMES and locale != default:
            entries[key] = InterfaceEntry(AUTOMATIC, default_by, None, line)  # no status written: nobody vouches for it
        if not isinstance(value, str):
            bad.append(Problem(*where, "une chaîne d'interface doit être un texte", "clé: texte", "pour_qui: Pour qui"))
        elif key in SETTINGS and not _setting_is_valid(key, value):
            bad.append(Problem(*where, f"le réglage « {value} » n'a pas la bonne forme", *SETTINGS[key]))
        elif found := markup.interface_problems(value):  # settings too: every string of the file is plain text
            bad.append(Problem(*where, markup.message(found), markup.EXPECTED_INTERFACE, "je_cherche_question: Question {n}"))
        else:
            strings[key] = value
    # The schema's own findings (lengths, patterns, unknown shapes) for the keys the rules above did not already explain.
    told = {p.field for p in bad}
    bad += [p for p in shape if not any(p.field == key or p.field.startswith(f"{key}.") for key in told)]
    return (Interface() if bad else Interface(strings, entries, loaded.path)), bad


@functools.cache
def _interface_schema() -> Schema:
    """data/interface.schema.json, read once: every interface file is checked against it, like the records."""
    return Schema.load(INTERFACE_SCHEMA)


def _entry_problem(value: dict, where: tuple, key: str) -> Problem | None:
    """A `{texte, statut, par, empreinte}` interface entry that is not well formed."""
    example = f'{key}: {{texte: "…", statut: automatique, empreinte: "1a2b3c4d5e6f"}}'
    unknown = sorted(set(value) - _ENTRY_KEYS)
    if unknown or not {"texte", "statut", "empreinte"} <= set(value):
        return Problem(*where, "une chaîne traduite a les clés texte, statut, empreinte (et par si besoin)", "texte, statut, empreinte, par", example)
    if value["statut"] not in STATUSES:
        return Problem(*where, f"statut « {value['statut']} » inconnu", "relu, brouillon ou automatique", example)
    if value["statut"] == REVIEWED and not str(value.get("par") or "").strip():
        return Problem(*where, "une chaîne relue dit qui l'a relue", "par : un rôle (exemple : médiatrice qui parle la langue)", example)
    if not (isinstance(value["empreinte"], str) and len(value["empreinte"]) == 12 and all(c in "0123456789abcdef" for c in value["empreinte"])):
        return Problem(*where, "l'empreinte a 12 caractères de 0 à 9 et de a à f", "l'empreinte donnée par python -m guide empreinte", example)
    return None


def french_interface(french: dict, schema: Schema) -> dict[str, str]:
    """Every interface string's French source: data/interface/fr.yaml, and the labels of the schema's closed lists."""
    sources = {}
    for name, definition in schema.document["$defs"].items():
        if "oneOf" in definition and all("const" in c for c in definition["oneOf"]):
            for term in schema.taxonomy(name):
                sources[f"{name}.{term.slug}"] = term.label
                if term.description:
                    sources[f"{name}.{term.slug}.description"] = term.description
    sources.update({k: v for k, v in french.items() if k not in SETTINGS and k not in NAMES})
    return sources


def interface_problems(interface: Interface, sources: dict[str, str]) -> list[Problem]:
    """Keys unknown in French, placeholders that differ from the French, outdated strings (warnings)."""
    problems = []
    for key, entry in interface.entries.items():
        where = (interface.path, entry.line, 1, "", key)
        if key not in sources:
            problems.append(Problem(*where, f"la clé « {key} » n'existe pas en français", "une clé de data/interface/fr.yaml", next(iter(sources), None)))
            continue
        wanted, found = placeholders(sources[key]), placeholders(interface[key])
        if wanted != found:
            shown = ", ".join("{" + p + "}" for p in sorted(wanted)) or "aucun"
            problems.append(
                Problem(
                    *where, f"les repères {{…}} diffèrent du français ({', '.join(sorted(found)) or 'aucun'})", f"les mêmes repères : {shown}", sources[key]
                )
            )
        if entry.empreinte is None:
            problems.append(
                Problem(
                    *where,
                    "chaîne sans statut ni empreinte : comptée « automatique »",
                    f'{key}: {{texte: …, statut: …, empreinte: "{fingerprint(sources[key])}"}}',
                    None,
                    WARNING,
                )
            )
        elif entry.empreinte != fingerprint(sources[key]):
            problems.append(
                Problem(
                    *where,
                    "le texte français a changé depuis cette traduction : à mettre à jour",
                    f"une traduction du texte actuel, puis l'empreinte {fingerprint(sources[key])}",
                    fingerprint(sources[key]),
                    WARNING,
                )
            )
    return problems


def placeholders(text: str) -> set[str]:
    """The {names} of a string."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}
    except ValueError:
        return set()


# ---------------------------------------------------------------- reading texts for a page


def worst(states) -> str:
    """The least trustworthy of some states ("original" when there are none)."""
    return max(states, key=STATES.index, default="original")


@dataclass
class Localizer:
    """What a page in one locale shows: each text, and how trustworthy it is.

    `seen` collects the state of every text and interface string asked for since the last `begin()`:
    the page's notice comes from it, so no page can show an unreviewed text without saying so.
    """

    locale: str
    catalogue: Catalogue
    interface: dict
    fallback_interface: dict
    is_default: bool = False
    fields: dict = field(default_factory=dict)  # collection → translatable fields
    sources: dict = field(default_factory=dict)  # interface key → French source (for fingerprints)
    search_words: dict = field(default_factory=dict)  # record id → residents' words (data/recherche/<locale>.yaml)
    seen: set = field(default_factory=set)
    _states: dict = field(default_factory=dict, repr=False, compare=False)  # interface key → state (asked ~40 times a page)

    # ---- the locale's policy

    @property
    def shown_statuses(self) -> tuple[str, ...]:
        """The statuses readers of this locale may see (setting `statuts_affiches`; all of them when absent)."""
        return tuple(self.interface.get("statuts_affiches", " ".join(STATUSES)).split())

    @property
    def withholds(self) -> bool:
        """Some texts of this locale are kept from readers (Shimaoré: only what a speaker wrote or reviewed)."""
        return not self.is_default and set(STATUSES) - set(self.shown_statuses) != set()

    @property
    def lang(self) -> str:
        """The language of the locale's own texts (setting `lang`)."""
        return self.raw("lang")

    @property
    def fallback_lang(self) -> str:
        return self.fallback_interface.get("lang", "fr")

    @cached_property
    def page_lang(self) -> str:
        """The language of the page as a whole: the locale's, unless most of its interface strings are held back (then French)."""
        if self.is_default or not self.withholds:
            return self.lang
        words = [key for key in self.sources if key in self.interface]
        own = sum(1 for key in words if self._string_state(key) not in ("manquant", WITHHELD))
        return self.lang if words and own * 2 >= len(self.sources) else self.fallback_lang

    # ---- record texts

    def begin(self) -> None:
        """Start a page: forget the states seen so far."""
        self.seen = set()

    def text(self, record: Any, name: str) -> Text:
        """The field in this locale, or the French with the reason it is French."""
        found = self._text(record, name)
        self.seen.add(found.state)
        return found

    def _text(self, record: Any, name: str) -> Text:
        french = record.french.get(name)
        if self.is_default or french is None:
            return Text(french, "original")
        entry = self.catalogue.entries.get(record.collection, {}).get(record.id, {}).get(name)
        if not entry:
            return Text(french, "manquant")
        if entry["statut"] not in self.shown_statuses:
            return Text(french, WITHHELD)
        if entry["empreinte"] != fingerprint(french):
            return Text(french, "perime")  # the French has changed: shown in its place, with the notice « à mettre à jour »
        if missing_numbers(french, entry["texte"]):
            return Text(french, "manquant")  # a number to call the French gives is not in the translation (guide/safety_numbers.py)
        return Text(entry["texte"], entry["statut"])

    def audio(self, record: Any) -> dict | None:
        """The spoken version of a record in this locale, if a mediator recorded one (shown only if its status is)."""
        audio = self.catalogue.entries.get(record.collection, {}).get(record.id, {}).get("audio")
        if audio and audio.get("statut") not in self.shown_statuses:
            self.seen.add(WITHHELD)
            return None
        return audio

    def state(self, records: list, names: list[str] | None = None) -> str:
        """The worst state among the given records' translatable fields."""
        found = ["original" if self.is_default else REVIEWED]
        for record in records:
            for name in names or self.fields.get(record.collection, []):
                current = self._text(record, name).state
                if current != "original":
                    found.append(current)
        return worst(found)

    def page_state(self) -> str:
        """The worst state among the texts and strings asked for since `begin()`.

        In a locale written in French (Facile à lire), French shown in the place of a missing text does not look different:
        the reader is told it is not Facile à lire, rather than that a tool wrote what they read.
        """
        state = worst(self.seen)
        if state == AUTOMATIC and "manquant" in self.seen and self.lang == self.fallback_lang:
            state = "manquant"
        return self.notice_state(state)

    def notice_state(self, state: str) -> str:
        """The notice a state calls for in this locale: where texts are held back, French shown always says why."""
        if self.withholds and state in ("manquant", WITHHELD):
            return WITHHELD
        return state

    # ---- interface strings

    def t(self, key: str, isolate: bool = False) -> str:
        """An interface string for a page: this locale, then French, then the key itself; its state counts for the page's notice.

        Everything but its {nom} placeholders is literal text (guide/markup.py); `isolate`: Latin runs in <bdi> (right-to-left pages).
        """
        if not self.is_default and key in self.sources:
            self.seen.add(self._string_state(key))
        return markup.interface_text(self.raw(key), isolate=isolate)

    def raw(self, key: str) -> str:
        """The same string as written in data/interface/ (for settings such as `babel`, and for exports, which are not pages)."""
        if not self.is_default and key in self.sources and self._string_state(key) in ("manquant", WITHHELD):
            return self.fallback_interface.get(key) or key
        return self.interface.get(key) or self.fallback_interface.get(key) or key

    def _string_state(self, key: str) -> str:
        if key not in self._states:
            self._states[key] = self._work_out_state(key)
        return self._states[key]

    def _work_out_state(self, key: str) -> str:
        if key not in self.interface:
            return "manquant"
        entry = getattr(self.interface, "entries", {}).get(key)
        if entry is None:
            return REVIEWED if self.is_default else AUTOMATIC
        if entry.statut not in self.shown_statuses:
            return WITHHELD
        if entry.empreinte is not None and entry.empreinte != fingerprint(self.sources.get(key, "")):
            return "perime"
        return entry.statut

    def string_state(self, key: str) -> str:
        """original / relu / brouillon / automatique / perime / manquant / retenu for an interface string."""
        return "original" if self.is_default else self._string_state(key)


def load_all_translations(
    data: dict,
    schema: Schema,
    directory: Path = TRANSLATIONS_DIR,
    interface_dir: Path = INTERFACE_DIR,
    docs_dir: Path | None = None,
    default: str = "fr",
) -> tuple[dict[str, Catalogue], dict[str, Interface], list[Problem]]:
    """Every translation file and interface-strings file present, checked once."""
    translations_schema = Schema.load(TRANSLATIONS_SCHEMA)
    problems: list[Problem] = []
    catalogues = {}
    for path in sorted(directory.glob("*.yaml")):
        catalogues[path.stem], found = load_catalogue(path.stem, directory, data, schema, translations_schema, docs_dir, directory.parent / "glossaire")
        problems += found
    interfaces = {}
    for path in sorted(interface_dir.glob("*.yaml")):
        interfaces[path.stem], found = load_interface(path.stem, interface_dir, default)
        problems += found
    sources = french_interface(interfaces.get(default, {}), schema)
    for locale, interface in interfaces.items():
        if locale != default and interfaces.get(default):  # French unreadable: its own problems are reported, nothing to compare with
            problems += interface_problems(interface, sources)
    return catalogues, interfaces, problems


def make_localizers(locales: list[str], default: str, validation: Any) -> list[Localizer]:
    """One Localizer per locale (default first) from an already checked validation."""
    fields = translatable_fields(validation.schema)
    fallback = validation.interfaces.get(default, {})
    sources = french_interface(fallback, validation.schema)
    ordered = [default] + [locale for locale in locales if locale != default]
    return [
        Localizer(
            locale,
            validation.catalogues.get(locale, Catalogue(locale)),
            validation.interfaces.get(locale, Interface()),
            fallback,
            locale == default,
            fields,
            sources,
            getattr(validation, "search_words", {}).get(locale, {}),
        )
        for locale in ordered
    ]
