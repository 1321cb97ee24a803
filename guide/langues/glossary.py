"""Glossaire par langue : comment écrire et expliquer les noms propres et les sigles (data/glossaire/<langue>.yaml).

    mission-locale:
      francais: [Mission locale]          # comment le français l'écrit (un ou plusieurs)
      terme: ميسيون لوكال                 # ce que la traduction écrit : un nom qu'on peut dire au guichet
      latin: Mission locale               # le nom en lettres latines, écrit à côté, entre parenthèses
      explication: "…"                    # une phrase simple dans la langue
      interdits: [البعثة المحلية]          # des traductions fausses ou trompeuses
      difficile: true                     # un mot difficile (addictologie…) : pas exigé, mais expliqué s'il est employé
      personne: true                      # une personne à qui s'adresser (médiateur…) : guide/langues/translation_safety.py

Chaque page traduite qui emploie un terme expliqué le reprend, avec son explication, dans « Les mots de cette page »
(guide/rendu/lexicon.py, with_lexicon).

La vérification (python -m guide check, et chaque construction) :
  - une traduction qui contient un terme interdit est une erreur ;
  - une traduction dont le français nomme le terme, mais qui ne l'écrit pas, est un avertissement.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from re._compiler import _EXTRA_CASES  # the letters re.IGNORECASE takes for one another (ſ and s…), see folded_case

from guide.donnees import markup
from guide.donnees.loader import load_yaml
from guide.donnees.paths import GLOSSARY_DIR, GLOSSARY_SCHEMA, shown_path
from guide.donnees.problems import WARNING, Problem
from guide.donnees.schema import Schema

_KEYS = {"francais", "terme", "latin", "explication", "interdits", "difficile", "personne"}


@dataclass(frozen=True)
class Term:
    """One proper noun or acronym, as one locale writes it."""

    id: str
    french: tuple[str, ...]
    term: str
    latin: str = ""
    explanation: str = ""
    forbidden: tuple[str, ...] = ()
    line: int = 0
    hard: bool = False  # a hard word: not required, explained on the page where it is used
    person: bool = False  # someone to turn to (médiateur…): a translation names them only where the French does


@dataclass
class Glossary:
    locale: str
    terms: list[Term] = field(default_factory=list)
    path: str = ""


def load_glossary(locale: str, directory: Path = GLOSSARY_DIR) -> tuple[Glossary, list[Problem]]:
    """data/glossaire/<locale>.yaml (none: an empty glossary)."""
    path = directory / f"{locale}.yaml"
    if not path.exists():
        return Glossary(locale), []
    shown = shown_path(path)
    loaded = load_yaml(path, shown, "mission-locale: {francais: [Mission locale], terme: Mission locale}")
    if loaded.problems:
        return Glossary(locale, [], shown), loaded.problems
    problems = _schema().problems(loaded.data, shown)
    if problems or not isinstance(loaded.data, dict):
        return Glossary(locale, [], shown), problems  # a list instead of « id: terme » blocks, an unknown key…: said in French
    terms = []
    example = "mission-locale: {francais: [Mission locale], terme: Mission locale, explication: …}"
    for key, entry in loaded.data.items():
        line, col = loaded.data.marks[key]
        if not isinstance(entry, dict) or not {"francais", "terme"} <= set(entry) or set(entry) - _KEYS:
            problems.append(Problem(shown, line, col, key, "", "un terme du glossaire a les clés francais et terme", ", ".join(sorted(_KEYS)), example))
            continue
        problems += _text_problems(entry, key, shown)
        french = entry["francais"] if isinstance(entry["francais"], list) else [entry["francais"]]
        terms.append(
            Term(
                key,
                tuple(map(str, french)),
                str(entry["terme"]),
                str(entry.get("latin", "")),
                str(entry.get("explication", "")),
                tuple(map(str, entry.get("interdits", []))),
                line,
                bool(entry.get("difficile", False)),
                bool(entry.get("personne", False)),
            )
        )
    return Glossary(locale, [] if problems else terms, shown), problems


@functools.cache
def _schema() -> Schema:
    """data/glossaire.schema.json, read once."""
    return Schema.load(GLOSSARY_SCHEMA)


def _text_problems(entry: dict, key: str, shown: str) -> list[Problem]:
    """Every text of a term is plain text (guide/donnees/markup.py): it is printed on the pages that use the term."""
    found = []
    for name in ("francais", "terme", "latin", "explication", "interdits"):
        value = entry.get(name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, text in items:
            what = markup.problems(text, formatted=False) if isinstance(text, str) else []
            if what:
                marks = value.marks if index is not None else entry.marks
                line, col = marks.get(index if index is not None else name, entry.marks.get(name, (1, 1)))
                field = name + (f"[{index + 1}]" if index is not None else "")
                found.append(Problem(shown, line, col, key, field, markup.message(what), *markup.expected(False)))
    return found


def _names(name: str, text: str) -> bool:
    """`text` names `name` as a whole word: an acronym in capitals exactly (CAF, not café), a name in any case."""
    return _whole_word(_escaped(name), 0 if name.isupper() else re.IGNORECASE, text)


_escaped = functools.lru_cache(maxsize=4096)(re.escape)  # each term, for each page


_WORD = re.compile(r"\w")


@functools.cache
def _word_end(pattern: str, flags: int) -> re.Pattern:
    return re.compile(pattern + r"(?!\w)", flags)


def _whole_word(pattern: str, flags: int, text: str) -> bool:
    r"""Like re.search(r"(?<!\w)" + pattern + r"(?!\w)", text, flags), faster on a long page.

    A pattern that starts with a look-behind is tried at every character of the text; without it, the regular
    expression engine jumps from one occurrence of the word to the next, and the character before is checked here.
    """
    compiled = _word_end(pattern, flags)
    found = compiled.search(text)
    while found:
        start = found.start()
        if start == 0 or not _WORD.match(text, start - 1):
            return True
        found = compiled.search(text, start + 1)
    return False


def used_terms(glossary: Glossary | None, text: str, french: str | None = None) -> list[Term]:
    """The explained terms a page's text uses, in the glossary's order (each once).

    A term is used when the text writes it (also with a plural « s »), or its acronym in Latin letters (« CCAS » left bare in an Arabic text).
    `french`: the same page in French; then a term counts only where the French names it too (one of its `francais`
    forms), so that « وسيط » is explained as adulte-relais only on pages whose French speaks of an adulte-relais.
    """
    if glossary is None:
        return []
    found = []
    folded = folded_case(text)  # once per page: a term it does not contain, in any case, is not worth a search
    for term in glossary.terms:
        if not term.explanation:
            continue
        maybe = _folded_term(term.term) in folded  # what _names finds is in it (also « CAF » kept in capitals, or « CAFs »)
        plural = maybe and not term.term.isupper() and _names(term.term + "s", text)  # « dépistages » uses « dépistage »
        written = (maybe and _names(term.term, text)) or plural or (term.latin.isupper() and term.latin in text and _names(term.latin, text))
        if written and (french is None or any(names_french(form, french) for form in term.french)):
            found.append(term)
    return found


def _case_classes() -> dict[str, str]:
    """Lower-case letters that re.IGNORECASE also takes for another one (ſ for s, ı for i, ς for σ…): that one."""
    classes = {}
    for lower, others in _EXTRA_CASES.items():
        first = chr(min(lower, *others))
        classes.update({chr(code): first for code in (lower, *others) if chr(code) != first})
    return classes


# One character for one character, as re.IGNORECASE compares them: its simple lower case (str.lower, but « İ » to
# « i » and not to two characters), then one letter for those it also takes for one another. A word that re.IGNORECASE
# finds in a text is then always in the folded text (tests/test_construction_rapide.py checks it for every character).
_CASE_CLASSES = _case_classes()
_OTHER_CASES = re.compile("[" + "".join(map(re.escape, _CASE_CLASSES)) + "]")  # rare letters: a search, not a lookup per character


def folded_case(text: str) -> str:
    """`text` folded so that `folded_case(word) in folded_case(text)` whenever re.IGNORECASE finds `word` in `text`
    (the reverse may not hold: a quick first look, before the search itself)."""
    return _OTHER_CASES.sub(lambda found: _CASE_CLASSES[found.group()], text.replace("\u0130", "i").lower())


@functools.lru_cache(maxsize=4096)
def _folded_term(term: str) -> str:
    """A glossary's term folded once, not once per page (str.translate is slow on short texts)."""
    return folded_case(term)


def names_french(form: str, text: str) -> bool:
    """The French writes the form as a whole word, in any case (an acronym in capitals), also in the plural (médiateurs, adultes-relais)."""
    words = [re.escape(word) + "[sx]?" for word in form.split("-")]
    flags = 0 if form.isupper() else re.IGNORECASE  # an acronym in capitals exactly (CAF, not caf-doubs.md nor café)
    return _whole_word("-".join(words), flags, text)


def _texts(value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def glossary_problems(glossary: Glossary, translated: dict, originals: dict, shown: str) -> list[Problem]:
    """Translations (collection → id → field → entry, with line marks) checked against the glossary."""
    problems = []
    for collection, records in translated.items():
        for rid, entries in records.items():
            record = originals.get(collection, {}).get(rid)
            if record is None:
                continue
            for name, entry in entries.items():
                if name == "audio" or not isinstance(entry, dict) or "texte" not in entry:
                    continue
                texts, french = _texts(entry["texte"]), " ".join(_texts(record.get(name, "")))
                folded = folded_case(french)  # once per text: a form it does not contain, in any case, is not worth a search
                line, col = entry.marks.get("texte", entries.marks[name]) if hasattr(entry, "marks") else (0, 0)
                for term in glossary.terms:
                    written = term.term + (f" ({term.latin})" if term.latin and term.latin != term.term else "")
                    for bad in term.forbidden:
                        if any(bad in text for text in texts):
                            problems.append(
                                Problem(
                                    shown,
                                    line,
                                    col,
                                    rid,
                                    f"{name}.texte",
                                    f"« {bad} » n'est pas la bonne façon d'écrire « {term.french[0]} » ({glossary.path}, terme « {term.id} »)",
                                    f"le terme du glossaire : « {written} »",
                                    written,
                                )
                            )
                    named = any(_folded_term(f) in folded and _names(f, french) for f in term.french)
                    if named and not term.hard and not any(term.term.lower() in text.lower() for text in texts):
                        problems.append(
                            Problem(
                                shown,
                                line,
                                col,
                                rid,
                                f"{name}.texte",
                                f"le français nomme « {term.french[0]} », la traduction n'écrit pas le terme du glossaire ({glossary.path})",
                                f"« {written} »",
                                written,
                                WARNING,
                            )
                        )
    return problems
