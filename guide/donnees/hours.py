"""Horaires d'accueil : la valeur stockée (format OpenStreetMap `opening_hours`) dite en mots, dans la langue du lecteur.

La valeur est lue par opening-hours-py, le même analyseur que la vérification : le guide ne découpe pas
l'expression lui-même. Il demande à l'analyseur les heures d'ouverture sur une année de référence (semaines
ISO 2 à 51 de 2025, jours fériés français compris) et en tire la semaine type : les jours, leurs heures, et si
elle revient chaque semaine ou une semaine sur deux (sélecteur `week 01-53/2`). Une expression qui ne se
répète pas ainsi (mois, jours fériés, « 1er jeudi du mois », commentaires) n'est pas dite en mots :
`guide check` la refuse avec la forme à écrire (`problem`).

Les partenaires peuvent écrire les horaires en mots (« le jeudi de 10 h à 12 h ») : `from_french` propose
alors la forme à stocker, que la vérification donne dans son message. Ce n'est qu'une aide à la saisie : la
valeur stockée est toujours relue par l'analyseur.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import opening_hours
from babel.dates import get_day_names

# The reference weeks: ISO weeks 2 to 51 of 2025 (no week 53, far from the New Year), French public holidays applied.
REFERENCE_START = dt.datetime(2025, 1, 6)  # Monday of ISO week 2
REFERENCE_WEEKS = 50
COUNTRY = "FR"

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
EXAMPLE = "Th 10:00-12:00"
EXAMPLE_WORDS = "le jeudi, de 10 h à 12 h"
EXAMPLE_EVERY_OTHER = "week 01-53/2 Th 10:00+"


@dataclass(frozen=True)
class Slot:
    """One opening on a day: from `start` to `end`, in minutes after midnight; `open_end` for « à partir de »."""

    start: int
    end: int
    open_end: bool = False


@dataclass(frozen=True)
class Week:
    """What the stored value says, as a reader hears it: the open days with their slots, every week or every other week."""

    days: tuple[tuple[Slot, ...], ...]  # Monday first; () = closed
    every_other: bool = False
    always: bool = False  # 24/7


@functools.lru_cache(maxsize=4096)  # a Week cannot change: each stored value is read once per run
def week_of(value: str) -> Week | None:
    """The typical week of a stored value, or None when the parser refuses it or it does not repeat every week or every other week."""
    try:
        parsed = opening_hours.OpeningHours(value, country=COUNTRY)
    except (SyntaxError, ValueError, opening_hours.ParserError, opening_hours.UnknownCountryError):
        return None
    if str(parsed.normalize()) == "24/7":
        return Week(tuple(() for _ in DAY_CODES), always=True)
    open_end = bool(re.search(r"\d\+", str(parsed)))
    end = REFERENCE_START + dt.timedelta(weeks=REFERENCE_WEEKS)
    weeks: list[list[list[Slot]]] = [[[] for _ in DAY_CODES] for _ in range(REFERENCE_WEEKS)]
    for start, stop, state, comment in parsed.intervals(REFERENCE_START, end):
        if state == opening_hours.State.CLOSED:
            continue
        if state != opening_hours.State.OPEN or comment:
            return None  # « unknown » or a comment: not something the guide can say
        while start < stop:  # one slot per day
            midnight = dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time())
            piece_end = min(stop, midnight)
            index = (start - REFERENCE_START).days
            minutes = start.hour * 60 + start.minute
            until = 24 * 60 if piece_end == midnight else piece_end.hour * 60 + piece_end.minute
            weeks[index // 7][index % 7].append(Slot(minutes, until, open_end and until == 24 * 60 and minutes > 0))
            start = piece_end
    frozen = [tuple(tuple(day) for day in week) for week in weeks]
    if all(week == frozen[0] for week in frozen):
        return Week(frozen[0]) if any(frozen[0]) else None
    first, second = frozen[0], frozen[1]
    if all(week == (first if i % 2 == 0 else second) for i, week in enumerate(frozen)) and (not any(first) or not any(second)):
        return Week(first if any(first) else second, every_other=True)
    return None


def describe(value: str, t: Callable[[str], str], babel_locale: str) -> str | None:
    """The stored value in words, with the locale's interface strings (`t`, data/interface/) and day names (Babel); None if it cannot be said."""
    week = week_of(value)
    if week is None:
        return None
    if week.always:
        return t("horaires_24_24")
    names = get_day_names("wide", locale=babel_locale)  # 0 = Monday

    def day(i: int) -> str:
        return names[i]

    def slots(found: tuple[Slot, ...]) -> str:
        parts = []
        for slot in found:
            if slot.start == 0 and slot.end == 24 * 60:
                continue  # the whole day: no hours to say
            if slot.open_end:
                parts.append(t("horaires_a_partir_de").replace("{debut}", _time(slot.start, t)))
            else:
                parts.append(t("horaires_de_a").replace("{debut}", _time(slot.start, t)).replace("{fin}", _time(slot.end, t)))
        return _join(parts, t)

    runs: list[tuple[int, int, tuple[Slot, ...]]] = []  # (first day, last day, slots)
    for i, found in enumerate(week.days):
        if not found:
            continue
        if runs and runs[-1][1] == i - 1 and runs[-1][2] == found:
            runs[-1] = (runs[-1][0], i, found)
        else:
            runs.append((i, i, found))
    single = len(runs) == 1 and runs[0][0] == runs[0][1]
    phrases = []
    for first, last, found in runs:
        if week.every_other and single:
            when = t("horaires_un_sur_deux").replace("{jour}", day(first))
        elif first == 0 and last == 6:
            when = t("horaires_tous_les_jours")
        elif first == last:
            when = t("horaires_jour").replace("{jour}", day(first))
        elif last == first + 1:
            when = t("horaires_deux_jours").replace("{jour}", day(first)).replace("{jour2}", day(last))
        else:
            when = t("horaires_du_au").replace("{jour}", day(first)).replace("{jour2}", day(last))
        hours = slots(found)
        phrases.append(f"{when}{t('horaires_virgule')}{hours}" if hours else when)
    text = phrases[0]
    for phrase in phrases[1:]:
        text = t("horaires_puis").replace("{a}", text).replace("{b}", phrase)
    if week.every_other and not single:
        text = t("horaires_semaine_sur_deux").replace("{horaires}", text)
    return text


def _time(minutes: int, t: Callable[[str], str]) -> str:
    hours, rest = divmod(minutes, 60)
    if rest:
        return t("heure_minutes").replace("{h}", str(hours)).replace("{m}", f"{rest:02d}")
    return t("heure").replace("{h}", str(hours))


def _join(parts: list[str], t: Callable[[str], str]) -> str:
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = t("horaires_et").replace("{a}", text).replace("{b}", part)
    return text


# ---------------------------------------------------------------- check: the stored form, or the form to write


FRENCH_WORDS = {
    "horaires_24_24": "tous les jours, jour et nuit",
    "horaires_jour": "le {jour}",
    "horaires_deux_jours": "le {jour} et le {jour2}",
    "horaires_du_au": "du {jour} au {jour2}",
    "horaires_tous_les_jours": "tous les jours",
    "horaires_un_sur_deux": "un {jour} sur deux",
    "horaires_semaine_sur_deux": "une semaine sur deux : {horaires}",
    "horaires_de_a": "de {debut} à {fin}",
    "horaires_a_partir_de": "à partir de {debut}",
    "horaires_et": "{a} et {b}",
    "horaires_puis": "{a} ; {b}",
    "horaires_virgule": ", ",
    "heure": "{h} h",
    "heure_minutes": "{h} h {m}",
}


def in_french(value: str) -> str | None:
    """The stored value in French words (messages of `guide check`)."""
    return describe(value, lambda key: FRENCH_WORDS[key], "fr_FR")


def problem(value: str) -> tuple[str, str, str] | None:
    """(message, expected, example) when a stored value cannot be shown in words; None when it can."""
    if week_of(value) is not None:
        return None
    suggestion = from_french(value)
    expected = (
        "des horaires au format OpenStreetMap que le guide sait dire en mots : des jours et des heures, chaque semaine "
        "ou une semaine sur deux (week 01-53/2), sans mois, jour férié ni commentaire"
    )
    if suggestion:
        message = f"les horaires « {value} » sont écrits en mots ; écrivez la forme « {suggestion} » (le site affichera « {in_french(suggestion)} »)"
        return message, expected, suggestion
    if opening_hours.validate(value):
        message = f"les horaires « {value} » sont au format OpenStreetMap, mais le guide ne sait pas les dire en mots"
    else:
        message = f"les horaires « {value} » ne sont pas au format OpenStreetMap"
    return message, expected, f"{EXAMPLE} (« {EXAMPLE_WORDS} ») ou {EXAMPLE_EVERY_OTHER} (« {in_french(EXAMPLE_EVERY_OTHER)} »)"


_DAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
_DAY = r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?"
_HOUR = r"(\d{1,2})\s*(?:h|heures?|:)\s*(\d{2})?"


def from_french(text: str) -> str | None:
    """The stored form of hours a partner wrote in French words (« le jeudi de 10 h à 12 h » → `Th 10:00-12:00`), or None.

    An aid for `guide check` messages only: the result is kept only if the parser reads it and the guide can say it.
    """
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode().replace("’", "'")
    if re.search(r"24\s*h?\s*(/|sur)\s*24|jour et nuit", plain):
        return "24/7"
    leftover = re.sub(rf"{_DAY}|{_HOUR}|\b(tous|les|le|jours|un|une|sur|deux|semaines?|et|de|a|partir|des|du|au|chaque|quinze|toutes)\b", " ", plain)
    if re.sub(r"[\s,;.:'\-–]+", "", leftover):
        return None  # a word the aid does not know (« matin », « sauf »…): no guess
    every_other = bool(re.search(r"\bsur deux\b|tous les quinze jours|toutes les deux semaines", plain))
    days: list[str] = []
    if "tous les jours" in plain:
        days.append("Mo-Su")
    for first, last in re.findall(rf"\bdu {_DAY} au {_DAY}", plain):
        days.append(f"{DAY_CODES[_DAYS[first]]}-{DAY_CODES[_DAYS[last]]}")
    rest = re.sub(rf"\bdu {_DAY} au {_DAY}", " ", plain)
    for name in re.findall(rf"\b{_DAY}\b", rest):
        code = DAY_CODES[_DAYS[name]]
        if code not in days:
            days.append(code)
    if not days:
        return None
    times = []
    for h1, m1, h2, m2 in re.findall(rf"(?:de\s+)?{_HOUR}\s*(?:a|-|–)\s*{_HOUR}", plain):
        times.append(f"{int(h1):02d}:{m1 or '00'}-{int(h2):02d}:{m2 or '00'}")
    if not times:
        for h1, m1 in re.findall(rf"(?:a partir de|des)\s+{_HOUR}", plain):
            times.append(f"{int(h1):02d}:{m1 or '00'}+")
    stored = " ".join(part for part in ("week 01-53/2" if every_other else "", ",".join(days), ",".join(times)) if part)
    return stored if week_of(stored) is not None else None
