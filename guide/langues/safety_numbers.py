"""Les numéros à appeler qu'un texte donne : une traduction ne doit en perdre aucun.

« Un numéro », c'est :
  - un numéro français à 10 chiffres (`03 81 00 00 00`, `0 800 23 13 13`, `+33 3 81 00 00 00`) ;
  - un numéro court de service à 4 chiffres commençant par 3 (`3949`, `3230`, `3646`, `3114`, `3018`…),
    écrit d'un seul bloc (pas `3 000`, ni un montant en euros) ;
  - un numéro européen `116 xxx` (`116 000`, `116 006`, `116 117`) ;
  - un numéro d'urgence (15, 17, 18, 112, 114, 115, 119, 191, 196), seulement là où le texte l'appelle comme tel
    (« le 15 », « au 112 », « (17) », un lien `tel:`) : « 18 ans » n'est pas un numéro.
Chaque numéro est ramené à ses chiffres (sans espaces, chiffres arabes-indiens compris). Une traduction « garde »
un numéro si ses chiffres y apparaissent, quelle que soit la façon de l'écrire ou de l'annoncer.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_SEP = r"[\s.\-\u00a0\u202f]"  # what may separate groups of digits: spaces (thin and no-break too), dots, hyphens
_LONG = re.compile(rf"(?<!\d)(?:(\+33{_SEP}?(?:\(0\){_SEP}?)?)|0)((?:{_SEP}?\d){{9}})(?!{_SEP}?\d)")
_SHORT = re.compile(rf"(?<!\d)(?<!\d{_SEP})3\d{{3}}(?!{_SEP}?\d)(?!{_SEP}?(?:€|euros?\b))")
_EUROPEAN = re.compile(rf"(?<!\d)116{_SEP}?\d{{3}}(?!{_SEP}?\d)")
_EMERGENCY = re.compile(
    r"(?:tel:|\b(?:le|au|du|l['’]|numéro|appelez|composez|faites)\s+|\()(15|17|18|112|114|115|119|191|196)(?!\d|\s*(?:ans|h\b|heures|mois|%|€))"
)
_DIGIT_RUN = re.compile(rf"\d(?:{_SEP}?\d)*")


def _ascii_digits(text: str) -> str:
    """Every Unicode digit (Arabic-Indic ٣٩٤٩ too) as an ASCII digit, separators dropped."""
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdigit())


def _text(value: object) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value or "")


def call_numbers(value: object) -> set[str]:
    """The numbers to call a text gives (see the module's docstring), as digit strings: `{"3949", "0381000000"}`."""
    return set(_call_numbers(_text(value)))


@functools.lru_cache(maxsize=8192)  # asked for every field of every page of every locale
def _call_numbers(text: str) -> frozenset[str]:
    found = set()
    for match in _LONG.finditer(text):
        found.add("0" + _ascii_digits(match.group(2)))
    found.update(_ascii_digits(m.group(0)) for m in _SHORT.finditer(text))
    found.update(_ascii_digits(m.group(0)) for m in _EUROPEAN.finditer(text))
    found.update(_ascii_digits(m.group(1)) for m in _EMERGENCY.finditer(text))
    return frozenset(found)


@functools.lru_cache(maxsize=8192)
def _digit_strings(text: str) -> frozenset[str]:
    """Every run of digits of a text, separators dropped, and each long number also in its national form."""
    runs = {_ascii_digits(m.group(0)) for m in _DIGIT_RUN.finditer(text)}
    runs |= {"0" + run[2:] for run in runs if run.startswith("33") and len(run) == 11}  # +33 3 81… → 03 81…
    tokens = {_ascii_digits(t) for t in re.findall(r"\d+", text)}
    return frozenset(runs | tokens | _call_numbers(text))


def missing_numbers(french: object, translated: object) -> set[str]:
    """The numbers the French text gives that the translation does not (empty when it keeps them all)."""
    wanted = _call_numbers(_text(french))
    if not wanted:
        return set()
    return set(wanted - _digit_strings(_text(translated)))
