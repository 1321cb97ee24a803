"""Lecture des fichiers YAML en gardant la ligne et la colonne de chaque valeur.

Toutes les erreurs possibles d'un fichier (encodage, BOM, tabulation, YAML
invalide, clé en double, fichier vide) deviennent des `Problem` en français :
aucune exception de PyYAML ne sort de ce module.

Ce qu'un partenaire n'écrit jamais est refusé avant tout usage, pour qu'aucun fichier ne fasse tomber ni
ralentir la vérification : les alias YAML (« &nom » puis « *nom », la « bombe » qui multiplie une valeur
des milliards de fois), plus de MAX_DEPTH niveaux imbriqués, et les nombres qui n'en sont pas (.nan, .inf).
"""

from __future__ import annotations

import functools
import math
import pickle
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from guide.donnees import hygiene
from guide.donnees.problems import Problem

# ---------------------------------------------------------------- data


class Located:
    """Mixin: remembers where each key or item of a container starts."""

    marks: dict
    start: tuple[int, int]


class LocatedDict(dict, Located):
    """A mapping that knows the line and column of each of its keys."""


class LocatedList(list, Located):
    """A sequence that knows the line and column of each of its items."""


@dataclass(frozen=True)
class LoadResult:
    """What a file gave: its data (or None) and the problems met."""

    path: str
    data: Any
    problems: list[Problem]
    source: bytes = field(default=b"", repr=False, compare=False)  # the bytes parsed (Schema.check_loaded keeps its checks by them)


# ---------------------------------------------------------------- loader


# How the data files are indented, said the same way by every message and by CONTRIBUTING.md (tests/test_partenaires.py).
INDENTATION = "2 espaces par niveau (« - id: » après 2 espaces, chaque champ de la fiche après 4), jamais de tabulation"
# The deepest nesting a data file needs is 6 (translation file › list › id › field › texte › step); 20 leaves room.
MAX_DEPTH = 20
# Flow brackets opened one after the other (« [[[[ »): libyaml takes seconds on thousands of them, so they are counted
# in the text before parsing (a text in quotes counts too: no partner writes 50 « [ » in a row).
MAX_BRACKETS = 50

# The C parser when PyYAML has it (10× faster); positions and checks are the same.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    """SafeLoader that keeps positions, refuses duplicate keys, aliases, deep nesting and non-finite numbers, and leaves dates as text."""

    depth = 0

    def construct_object(self, node, deep=False):
        # A node met a second time is an alias (« *nom ») of an anchor (« &nom »): refused, whatever its size.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(node, "alias")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(node, "depth")
            return super().construct_object(node, deep)
        finally:
            self.depth -= 1

    def construct_merge(self, node):
        raise _Refused(node, "alias")  # « <<: *nom » copies a block by its alias

    def construct_finite_float(self, node):
        value = self.construct_yaml_float(node)
        if not math.isfinite(value):
            raise _Refused(node, "number")
        return value

    def construct_mapping(self, node, deep=False):
        result = LocatedDict()
        result.marks = {}
        result.start = _pos(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise _DuplicateKey(key, key_node)
            result[key] = self.construct_object(value_node, deep=True)
            result.marks[key] = _pos(key_node)
        return result

    def construct_sequence(self, node, deep=False):
        result = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        result.marks = {i: _pos(child) for i, child in enumerate(node.value)}
        result.start = _pos(node)
        return result


# Dates stay strings: the schema checks them, and a string is what the
# editor showed the partner. Without this PyYAML turns them into `date`s.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"] for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:float", _LineLoader.construct_finite_float)
_LineLoader.add_constructor("tag:yaml.org,2002:merge", _LineLoader.construct_merge)


class _DuplicateKey(Exception):
    def __init__(self, key, node):
        super().__init__(key)
        self.key = key
        self.node = node


class _Refused(Exception):
    """Something a data file never needs: an alias, too deep a nesting, a number that is not finite."""

    def __init__(self, node, kind: str):
        super().__init__(kind)
        self.node = node
        self.kind = kind


_REFUSED = {
    "alias": (
        "un alias YAML (« &nom » puis « *nom ») : le guide ne les accepte pas",
        "chaque valeur écrite en entier, là où elle sert",
        "alias: [Ancien nom]",
    ),
    "depth": (
        f"plus de {MAX_DEPTH} niveaux imbriqués : aucun fichier du guide n'en a besoin",
        "des blocs « champ: valeur » et des listes « - » sur quelques niveaux, comme dans les autres fiches",
        "source: {document: pacte-2023, article: 7}",
    ),
    "number": (
        "un nombre qui n'en est pas (.nan, .inf) : il casserait les données publiées",
        "un nombre ordinaire, écrit avec un point",
        "latitude: 47.2205",
    ),
}


def _refused(shown: str, error: _Refused) -> Problem:
    message, expected, example = _REFUSED[error.kind]
    line, col = _pos(error.node)
    return Problem(shown, line, col, "", "", message, expected, example)


_BRACKET_OR_LINE = re.compile(r"[\[\]{}]|\n(?![ \t]|\Z)")  # a bracket, or a line that starts at the left margin


def _check_brackets(text: str, shown: str) -> list[Problem]:
    """More than MAX_BRACKETS « [ » or « { » opened and not closed, at any point of the text."""
    if text.count("[") + text.count("{") <= MAX_BRACKETS:
        return []
    depth = 0
    for found in _BRACKET_OR_LINE.finditer(text):  # only the characters that matter: the scan is linear and fast
        index, character = found.start(), found.group()
        if character in "[{":
            depth += 1
            if depth > MAX_BRACKETS:
                line = text.count("\n", 0, index) + 1
                return [
                    Problem(
                        shown,
                        line,
                        index - text.rfind("\n", 0, index),
                        "",
                        "",
                        f"plus de {MAX_BRACKETS} crochets « [ » ou accolades « {{ » ouverts à la suite",
                        "des listes et des blocs sur quelques niveaux, chaque « [ » refermé par « ] »",
                        "alias: [Ancien nom, Autre nom]",
                    )
                ]
        elif character in "]}" and depth:
            depth -= 1
        elif character == "\n" and depth:
            depth = 0  # a new top-level line: a bracket left open above is a YAML error the parser names
    return []


def _pos(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


# ---------------------------------------------------------------- api


def load_yaml(path: Path | str, display_path: str | None = None, mapping: str | None = None) -> LoadResult:
    """Read one YAML file; never raises for a problem in the file itself.

    `mapping`: the file must hold « clé: valeur » blocks at its top level (an example of one, for the message):
    a list or a lone text there is a French problem, not data that would break the code reading it.
    """
    path = Path(path)
    shown = display_path or str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return LoadResult(shown, None, [Problem(shown, 0, 0, "", "", f"impossible de lire le fichier ({error.strerror})", "un fichier lisible", None)])
    return load_yaml_bytes(raw, shown, mapping)


def load_yaml_bytes(raw: bytes, shown: str, mapping: str | None = None) -> LoadResult:
    """load_yaml for bytes already read (a file read once, kept by its content)."""
    loaded = replace(load_yaml_text(raw, shown), source=raw)
    if mapping and loaded.data is not None and not isinstance(loaded.data, dict):
        kind = "une liste" if isinstance(loaded.data, list) else "une seule valeur"
        message = f"le fichier n'est pas du bon type : {kind} au lieu de blocs « clé: valeur »"
        problem = Problem(shown, 1, 1, "", "", message, "un bloc de champs (des lignes « clé: valeur » au premier niveau)", mapping)
        return LoadResult(shown, None, [problem])
    return loaded


def load_yaml_text(raw: bytes, shown: str) -> LoadResult:
    """Parse bytes that claim to be a UTF-8 YAML file.

    The same bytes are parsed once: what they gave is kept, pickled, and each caller gets its own copy (a build reads
    the data again in each language, `mkdocs serve` at each change, the tests many times)."""
    return pickle.loads(_parsed(raw, shown))  # noqa: S301 - our own pickle of our own parse, never read from outside


@functools.lru_cache(maxsize=256)  # a run of the tests reads about 200 distinct files, some many times (the real translations)
def _parsed(raw: bytes, shown: str) -> bytes:
    return pickle.dumps(_parse(raw, shown), protocol=pickle.HIGHEST_PROTOCOL)


def _parse(raw: bytes, shown: str) -> LoadResult:
    problems = _check_bytes(raw, shown)
    if problems:
        return LoadResult(shown, None, problems)
    text = raw.decode("utf-8")
    problems = _check_tabs(text, shown) + hygiene.raw_problems(text, shown)
    if problems:
        return LoadResult(shown, None, problems)
    problems = _check_brackets(text, shown)
    if problems:
        return LoadResult(shown, None, problems)
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except _Refused as refused:
        return LoadResult(shown, None, [_refused(shown, refused)])
    except _DuplicateKey as dup:
        line, col = _pos(dup.node)
        return LoadResult(
            shown,
            None,
            [
                Problem(
                    shown,
                    line,
                    col,
                    "",
                    dup.key,
                    f"la clé « {dup.key} » apparaît deux fois dans le même bloc",
                    "chaque clé une seule fois par fiche",
                    f"supprimez l'une des deux lignes « {dup.key}: »",
                )
            ],
        )
    except yaml.MarkedYAMLError as error:
        # An unclosed quote is found far below; the fix is where the quote opened.
        opened_quote = (error.context or "").startswith("while scanning a quoted scalar")
        mark = error.context_mark if opened_quote and error.context_mark else error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        quote_line = _unbalanced_quote_line(text, line)
        if quote_line:
            return LoadResult(
                shown,
                None,
                [
                    Problem(
                        shown,
                        quote_line,
                        1,
                        "",
                        "",
                        "le YAML est mal formé (un guillemet ouvert sur cette ligne n'est jamais refermé)",
                        'un guillemet fermant « " » à la fin du texte',
                        'nom: "Service A"',
                    )
                ],
            )
        return LoadResult(
            shown,
            None,
            [
                Problem(
                    shown,
                    line,
                    col,
                    "",
                    "",
                    f"le YAML est mal formé ({_french_yaml_problem(error)})",
                    f"une indentation de {INDENTATION}, « clé: valeur », et des guillemets autour d'un texte qui contient « : » ou « # »",
                    'resume: "Horaires : le matin"',
                )
            ],
        )
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML always marks its parse errors
        return LoadResult(shown, None, [Problem(shown, 0, 0, "", "", f"le YAML est illisible ({error})", "un fichier YAML valide", None)])
    if data is None:
        return LoadResult(
            shown,
            None,
            [Problem(shown, 1, 1, "", "", "le fichier est vide", "les listes documents, services, mesures, organisations et lieux", "services:\n  - id: ...")],
        )
    problems = hygiene.document_problems(data, shown)  # every key and text of every data file: nothing that lies to the eye
    return LoadResult(shown, None if problems else data, problems)


# ---------------------------------------------------------------- helpers


def _check_bytes(raw: bytes, shown: str) -> list[Problem]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return [
            Problem(
                shown,
                1,
                1,
                "",
                "",
                "le fichier commence par une marque d'ordre des octets (BOM)",
                "un fichier enregistré en « UTF-8 » sans BOM",
                "dans votre éditeur : Enregistrer sous → encodage UTF-8",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return [
            Problem(
                shown,
                line,
                col,
                "",
                "",
                "le fichier n'est pas encodé en UTF-8 (caractère accentué illisible)",
                "un fichier enregistré en UTF-8",
                "dans votre éditeur : Enregistrer sous → encodage UTF-8",
            )
        ]
    if not text.strip():
        return [
            Problem(shown, 1, 1, "", "", "le fichier est vide", "les listes documents, services, mesures, organisations et lieux", "services:\n  - id: ...")
        ]
    return []


def _check_tabs(text: str, shown: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                Problem(
                    shown,
                    number,
                    indent.index("\t") + 1,
                    "",
                    "",
                    "une tabulation sert d'indentation",
                    f"des espaces : {INDENTATION}",
                    "  - id: cej",
                )
            )
    return problems


def _unbalanced_quote_line(text: str, upto: int) -> int | None:
    """The first line, up to `upto`, whose value opens a double quote it does not close."""
    for number, line in enumerate(text.splitlines()[:upto], start=1):
        value = line.split(": ", 1)[1] if ": " in line else line.lstrip(" -")
        if value.startswith('"') and (value.count('"') - value.count('\\"')) % 2 == 1:
            return number
    return None


_YAML_PROBLEMS = {
    "mapping values are not allowed here": "un « : » inattendu ; mettez le texte entre guillemets",
    "could not find expected ':'": "il manque « : » après un nom de champ",
    "found character '\\t' that cannot start any token": "une tabulation est interdite",
    "did not find expected key": "l'indentation ne correspond pas au bloc au-dessus",
    "did not find expected '-' indicator": "l'indentation d'un élément de liste est incorrecte",
    "found unexpected end of stream": "un guillemet ou un crochet n'est pas refermé",
    "found undefined alias": "un alias « * » qui ne renvoie à rien",
    "expected <block end>, but found '-'": "un élément de liste « - » est mal aligné",
    "expected <block end>, but found '<block mapping start>'": "une ligne est plus ou moins indentée que ses voisines",
    "found unknown escape character": "une barre oblique inverse « \\ » dans un texte entre guillemets doubles",
}


def _french_yaml_problem(error: yaml.MarkedYAMLError) -> str:
    if (error.context or "").startswith("while scanning a quoted scalar"):
        return "un guillemet ouvert ici n'est jamais refermé"
    problem = (error.problem or "").strip()
    for english, french in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return french
    return f"erreur de syntaxe : {problem}" if problem else "erreur de syntaxe"
