"""Les mots de l'interface de chaque langue : data/interface/<langue>.yaml, lu et vérifié.

Dans le fichier français, une chaîne est un texte. Dans une autre langue, c'est `{texte, statut, empreinte}` (et `par`
quand ce n'est pas le `traduction_par` du fichier), avec les mêmes statuts et la même empreinte que les textes des
fiches (guide/langues/translations.py). Quelques clés sont des réglages (lang, direction, babel, statuts_affiches…).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import string
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError

from guide.donnees import markup
from guide.donnees.loader import load_yaml_bytes
from guide.donnees.paths import INTERFACE_DIR, INTERFACE_SCHEMA, shown_path
from guide.donnees.problems import WARNING, Problem
from guide.donnees.schema import Schema
from guide.langues.translations import AUTOMATIC, REVIEWED, STATUSES, fingerprint

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
_SHOWN = "<interface>"  # the file's name while its content is read; each caller gets its own file's name back


def load_interface(locale: str, directory: Path = INTERFACE_DIR, default: str = "fr") -> tuple[Interface, list[Problem]]:
    """The interface strings of a locale (data/interface/<locale>.yaml), flat key → text.

    In the French file a string is plain text. In another language it is
    `{texte: …, statut: …, empreinte: …}` (and `par` when it is not the file's `traduction_par`).
    """
    path = directory / f"{locale}.yaml"
    if not path.exists():
        return Interface(), []
    shown = shown_path(path)
    interface, problems = _read_interface(locale, path.read_bytes(), default)
    # A copy, named for this file: the kept one stays as read, and the same content elsewhere is the same strings.
    return Interface(interface, dict(interface.entries), shown if interface.path else ""), [dataclasses.replace(p, path=shown) for p in problems]


@functools.lru_cache(maxsize=64)
def _read_interface(locale: str, raw: bytes, default: str) -> tuple[Interface, tuple[Problem, ...]]:
    """One interface file's content read and checked once (a build reads each file once per language; tests, many times)."""
    interface, problems = _parse_interface(locale, raw, default)
    return interface, tuple(problems)


def _parse_interface(locale: str, raw: bytes, default: str) -> tuple[Interface, list[Problem]]:
    loaded = load_yaml_bytes(raw, _SHOWN, "pour_qui: Pour qui")
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


def placeholders(text: str) -> frozenset[str]:
    """The {names} of a string (read once per string: every interface file is checked at every validation)."""
    return _placeholders(str(text))


@functools.lru_cache(maxsize=65536)
def _placeholders(text: str) -> frozenset[str]:
    try:
        return frozenset(field for _, field, _, _ in string.Formatter().parse(text) if field)
    except ValueError:
        return frozenset()
