"""Un texte ne trompe pas l'œil : ni caractère invisible, ni adresse écrite avec des lettres d'un autre alphabet.

Vérifié dans chaque champ de chaque fichier de données (fiches, traductions, mots de l'interface, glossaires, mots des
habitants), par `guide/donnees/loader.py`, avant toute autre règle :

- les caractères de contrôle (C0 sauf tabulation et fins de ligne, DEL, C1 : NUL, BEL, ESC…) ne s'affichent pas, mais
  passent dans le HTML, le CSV et les messages lus dans un terminal ;
- les caractères qui forcent le sens d'écriture (U+202A à U+202E, U+2066 à U+2069) montrent un texte à l'envers
  (« fichier.exe » qui se lit « exe.reihcif ») ;
- une adresse https://… dont le nom de domaine a des lettres hors de a-z (« francetrаvаil.fr » avec des « а »
  cyrilliques) imite un autre site ; seuls les domaines officiels de `IDN_DOMAINS` (aucun aujourd'hui), écrits dans un
  seul alphabet, peuvent en avoir.

`visible` (guide/donnees/problems.py) rend ces caractères visibles (« \\x1b », « \\u202e ») : chaque message de la vérification passe par là
(`Problem.format`), si bien que rien d'invisible n'atteint un terminal ou le journal de l'intégration continue.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from guide.donnees.problems import INVISIBLE as _INVISIBLE
from guide.donnees.problems import Problem

# Official domains written with letters outside a-z (internationalised domain names), e.g. "exemple-é.fr": none today.
IDN_DOMAINS: frozenset[str] = frozenset()

BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# The C0 and C1 control characters have no name in unicodedata: their usual Unicode aliases.
_C0_NAMES = (
    "NULL START-OF-HEADING START-OF-TEXT END-OF-TEXT END-OF-TRANSMISSION ENQUIRY ACKNOWLEDGE BELL BACKSPACE "
    "CHARACTER-TABULATION LINE-FEED LINE-TABULATION FORM-FEED CARRIAGE-RETURN SHIFT-OUT SHIFT-IN DATA-LINK-ESCAPE "
    "DEVICE-CONTROL-ONE DEVICE-CONTROL-TWO DEVICE-CONTROL-THREE DEVICE-CONTROL-FOUR NEGATIVE-ACKNOWLEDGE SYNCHRONOUS-IDLE "
    "END-OF-TRANSMISSION-BLOCK CANCEL END-OF-MEDIUM SUBSTITUTE ESCAPE FILE-SEPARATOR GROUP-SEPARATOR RECORD-SEPARATOR UNIT-SEPARATOR"
).split()

EXPECTED_TEXT = "du texte sans caractère invisible : effacez le caractère (il ne se voit pas : effacez et retapez les mots autour)"
EXPECTED_HOST = "l'adresse officielle du site, dont le nom de domaine s'écrit en lettres a à z, chiffres, tirets et points"
EXAMPLE_HOST = "https://www.francetravail.fr"

_URL = re.compile(r"(?i)\b(?:https?|ftp)://([^/\s?#\\\]\)>\"'«»]+)")


def character_name(character: str) -> str:
    """« U+202E RIGHT-TO-LEFT OVERRIDE »: the code point and its Unicode name (or alias, for control characters)."""
    code = ord(character)
    if code < 0x20:
        name = _C0_NAMES[code].replace("-", " ")
    elif code == 0x7F:
        name = "DELETE"
    elif 0x80 <= code <= 0x9F:
        name = "C1 CONTROL CHARACTER"
    else:
        name = unicodedata.name(character, "")
    return f"U+{code:04X} {name}".strip()


def text_problems(text: str) -> list[str]:
    """What a text holds that lies to the eye, in French (empty when the text is fine)."""
    found = []
    characters = list(dict.fromkeys(_INVISIBLE.findall(text)))
    if characters:
        named = ", ".join(f"{character_name(c)} ({'qui change le sens du texte' if c in BIDI_CONTROLS else 'de contrôle'})" for c in characters)
        several = "les caractères invisibles" if len(characters) > 1 else "le caractère invisible"
        found.append(f"le texte contient {several} {named} : ce n'est pas permis dans le guide")
    for match in _URL.finditer(text) if "://" in text else ():
        problem = host_problem(match.group(1))
        if problem:
            found.append(problem)
    return found


def host_problem(host: str) -> str | None:
    """A host with letters outside a-z is refused, unless it is one official domain written in one script."""
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".").lower()
    foreign = [c for c in host if not c.isascii()]
    if not foreign:
        return None
    scripts = {unicodedata.name(c, "?").split(" ")[0] for c in host if c.isalpha()}
    if len(scripts) == 1 and any(host == domain or host.endswith("." + domain) for domain in IDN_DOMAINS):
        return None
    return (
        f"l'adresse du site « {host} » a dans son nom de domaine une lettre hors de a à z ({character_name(foreign[0])}) : "
        "elle peut imiter l'adresse d'un autre site"
    )


def document_problems(data: Any, shown: str) -> list[Problem]:
    """Every key and text of a loaded YAML document (with its line marks) checked: one problem per text, at its line."""
    problems: list[Problem] = []
    _walk(data, shown, "", [], getattr(data, "start", (1, 1)), problems)
    return problems


def _walk(node: Any, shown: str, record: str, path: list, where: tuple[int, int], problems: list[Problem]) -> None:
    """`record`: the id of the nearest record around (a dict with an `id`); `path`: the field, from that record."""
    marks = getattr(node, "marks", {})
    if isinstance(node, dict):
        if isinstance(node.get("id"), str) and not text_problems(node["id"]):
            record, path = node["id"], []
        for key, value in node.items():
            at = marks.get(key, where)
            if isinstance(key, str):
                _report(key, shown, record, [*path, key], at, problems)
            _walk(value, shown, record, [*path, key], at, problems)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _walk(value, shown, record, [*path, index], marks.get(index, where), problems)
    elif isinstance(node, str):
        _report(node, shown, record, path, where, problems)


def _report(text: str, shown: str, record: str, path: list, where: tuple[int, int], problems: list[Problem]) -> None:
    if not _INVISIBLE.search(text) and "://" not in text:
        return  # nearly every text: nothing to look at more closely
    field = _field(path)
    for message in text_problems(text):
        host = message.startswith("l'adresse du site")
        problems.append(Problem(shown, *where, record, field, message, EXPECTED_HOST if host else EXPECTED_TEXT, EXAMPLE_HOST if host else None))


def _field(parts: list) -> str:
    text = ""
    for part in parts:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def raw_problems(text: str, shown: str) -> list[Problem]:
    """Invisible characters written as such in a file (comments included), each at its line and column, before YAML reads it."""
    problems: list[Problem] = []
    if not _INVISIBLE.search(text):
        return problems
    for number, line in enumerate(text.split("\n"), start=1):
        found = _INVISIBLE.search(line)
        if found:
            problems.append(Problem(shown, number, found.start() + 1, "", "", text_problems("".join(_INVISIBLE.findall(line)))[0], EXPECTED_TEXT, None))
    return problems
