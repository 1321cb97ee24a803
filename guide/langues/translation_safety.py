"""Sûreté des traductions : une traduction ne perd aucun numéro d'aide, et ne nomme personne que le français ne nomme plus.

Deux règles, pour chaque champ traduit (data/translations/<langue>.yaml) comparé à son français actuel :

  numéro   le français donne un numéro à appeler (3114, 119, 0 800…, guide/langues/safety_numbers.py) que la traduction
           n'a pas ;
  personne la traduction écrit le terme d'une entrée `personne: true` du glossaire de sa langue
           (data/glossaire/<langue>.yaml, clé `terme` : « médiateur », « وسيط »…) alors que le français du champ n'écrit aucune de ses formes
           françaises (clé `francais`, au pluriel aussi) : la traduction envoie le lecteur vers quelqu'un (un
           « médiateur du quartier ») que le français ne nomme pas, ou plus.

Une traduction à jour (son empreinte est celle du français actuel) qui enfreint une règle est une erreur : elle serait
montrée telle quelle. Une traduction à mettre à jour (empreinte différente) est un avertissement : la page montre déjà
le français à sa place (guide/langues/localizer.py, Localizer.text), mais la traduction reste à refaire.
"""

from __future__ import annotations

from collections.abc import Callable

from guide.donnees.problems import WARNING, Problem
from guide.langues.glossary import names_french
from guide.langues.safety_numbers import missing_numbers


def _texts(value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value or "")]


def _writes(term: str, text: str) -> bool:
    """The translation writes the glossary term (as the glossary check reads it: anywhere, in any case; « الوسيط » too)."""
    return term.lower() in text.lower()


def safety_problems(translated: dict, originals: dict, glossary, shown: str, fingerprint: Callable) -> list[Problem]:
    """Both rules over one translation file (collection → id → field → entry, with line marks).

    `originals`: collection → id → French record; `glossary`: the locale's (guide/langues/glossary.py), may be empty.
    """
    problems = []
    terms = [term for term in getattr(glossary, "terms", []) or [] if term.person]  # people only: a name or a hard word may be added to explain
    where = getattr(glossary, "path", "") or "le glossaire de la langue"
    for collection, records in translated.items():
        for rid, entries in records.items():
            record = originals.get(collection, {}).get(rid)
            if record is None or not hasattr(entries, "items"):
                continue
            for name, entry in entries.items():
                if name == "audio" or not isinstance(entry, dict) or "texte" not in entry or record.get(name) is None:
                    continue
                french = record[name]
                current = entry.get("empreinte") == fingerprint(french)
                level = () if current else (WARNING,)
                marks = getattr(entry, "marks", {})
                line, col = marks.get("texte", getattr(entries, "marks", {}).get(name, (0, 0)))
                state = "à jour" if current else "à mettre à jour (la page montre déjà le français)"

                def problem(message: str, expected: str, example: str) -> Problem:
                    return Problem(shown, line, col, rid, f"{name}.texte", message, expected, example, *level)  # noqa: B023 (used at once)

                for number in sorted(missing_numbers(french, entry["texte"])):
                    problems.append(
                        problem(
                            f"le français de ce champ donne le numéro {number}, la traduction ({state}) ne le donne pas",
                            f"une traduction qui donne aussi le numéro {number}, écrit en chiffres comme en français",
                            f"… appelez le {number} …",
                        )
                    )
                french_text = " ".join(_texts(french))
                written = " ".join(_texts(entry["texte"]))
                for term in terms:
                    if not _writes(term.term, written) or any(names_french(form, french_text) for form in term.french):
                        continue
                    problems.append(
                        problem(
                            f"la traduction ({state}) nomme « {term.term} » ({where}, terme « {term.id} »), "
                            f"le français de ce champ ne nomme pas « {term.french[0]} »",
                            f"une traduction qui ne nomme que ce que le français nomme ; ou, si le français nomme cette personne "
                            f"sous un autre nom, ce nom ajouté à « francais » du terme « {term.id} »",
                            f"francais: [{', '.join(term.french)}]",
                        )
                    )
    return problems
