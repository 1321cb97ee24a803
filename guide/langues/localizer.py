"""Ce qu'une page montre dans une langue : chaque texte et chaque chaîne d'interface, et l'état de chacun.

Un Localizer par langue (`make_localizers`), sans état de page : chaque page a son propre relevé (`Localizer.page()`,
un PageTexts) des textes qu'elle montre, d'où vient son avis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from guide.donnees import markup
from guide.donnees.paths import INTERFACE_DIR, TRANSLATIONS_DIR, TRANSLATIONS_SCHEMA
from guide.donnees.problems import Problem
from guide.donnees.schema import Schema
from guide.langues.interface import Interface, french_interface, interface_problems, load_interface
from guide.langues.safety_numbers import missing_numbers
from guide.langues.translations import AUTOMATIC, REVIEWED, STATUSES, WITHHELD, Catalogue, Text, fingerprint, load_catalogue, translatable_fields, worst


@dataclass
class Localizer:
    """What a page in one locale shows: each text, and how trustworthy it is.

    A Localizer holds no page: each page made in the locale gets its own tracker (`page()`, a PageTexts) that notes the
    state of every text and interface string the page shows; the page's notice comes from it, so no page can show an
    unreviewed text without saying so, whatever was made before or in between.
    """

    locale: str
    catalogue: Catalogue
    interface: dict
    fallback_interface: dict
    is_default: bool = False
    fields: dict = field(default_factory=dict)  # collection → translatable fields
    sources: dict = field(default_factory=dict)  # interface key → French source (for fingerprints)
    search_words: dict = field(default_factory=dict)  # record id → residents' words (data/recherche/<locale>.yaml)
    _states: dict = field(default_factory=dict, repr=False, compare=False)  # interface key → state (asked ~40 times a page)
    _texts: dict = field(default_factory=dict, repr=False, compare=False)  # (collection, id, field) → (its French, Text): see `text`

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

    def page(self) -> PageTexts:
        """A new page in this locale: its own tracker of the texts and interface strings it shows."""
        return PageTexts(self)

    def text(self, record: Any, name: str) -> Text:
        """The field in this locale, or the French with the reason it is French (a page notes it through its PageTexts).

        Worked out once per field: each page that shows a record asks again (110 000 times a build). The answer depends
        only on the French and this locale's files; it is reused for the very same French (`is`: a record of another
        guide, with the same id, is worked out anew).
        """
        french = record.french.get(name)
        if self.is_default or french is None:
            return Text(french, "original")
        key = (record.collection, record.id, name)
        known = self._texts.get(key)
        if known is None or known[0] is not french:
            known = self._texts[key] = (french, self._work_out_text(record, name, french))
        return known[1]

    def _work_out_text(self, record: Any, name: str, french: Any) -> Text:
        entry = self.catalogue.entries.get(record.collection, {}).get(record.id, {}).get(name)
        if not entry:
            return Text(french, "manquant")
        if entry["statut"] not in self.shown_statuses:
            return Text(french, WITHHELD)
        if entry["empreinte"] != fingerprint(french):
            return Text(french, "perime")  # the French has changed: shown in its place, with the notice « à mettre à jour »
        if missing_numbers(french, entry["texte"]):
            return Text(french, "manquant")  # a number to call the French gives is not in the translation (guide/langues/safety_numbers.py)
        return Text(entry["texte"], entry["statut"])

    def audio(self, record: Any) -> tuple[dict | None, bool]:
        """The spoken version of a record in this locale, if a mediator recorded one, and whether one is held back (its status is not shown)."""
        audio = self.catalogue.entries.get(record.collection, {}).get(record.id, {}).get("audio")
        if audio and audio.get("statut") not in self.shown_statuses:
            return None, True
        return audio, False

    def state(self, records: list, names: list[str] | None = None) -> str:
        """The worst state among the given records' translatable fields."""
        found = ["original" if self.is_default else REVIEWED]
        for record in records:
            for name in names or self.fields.get(record.collection, []):
                current = self.text(record, name).state
                if current != "original":
                    found.append(current)
        return worst(found)

    def notice_state(self, state: str) -> str:
        """The notice a state calls for in this locale: where texts are held back, French shown always says why."""
        if self.withholds and state in ("manquant", WITHHELD):
            return WITHHELD
        return state

    # ---- interface strings

    def t(self, key: str, isolate: bool = False) -> str:
        """An interface string: this locale, then French, then the key itself (a page notes its state through its PageTexts).

        Everything but its {nom} placeholders is literal text (guide/donnees/markup.py); `isolate`: Latin runs in <bdi> (right-to-left pages).
        """
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


@dataclass
class PageTexts:
    """One page being made in one locale: the texts and interface strings it shows, and the state of each.

    Made by `Localizer.page()` for each page and handed to what shows the page's words (guide/rendu/words.py, reader_words;
    the markers of a hand-written page; its JSON-LD): the page's notice comes from `notice_state()`, and from nothing else.
    A notice, or the word list, reads the Localizer itself: their own words are not the page's text.
    """

    localizer: Localizer
    states: set[str] = field(default_factory=set)
    text_states: list[str] = field(default_factory=list)  # the state of each text from the data, in the order shown
    shown: list[tuple[str | None, str, str]] = field(default_factory=list)  # (part, field name, state) of each text, in order
    part: str | None = None  # the part of the page being made (`enter`), None before its first named part
    has_parts: bool = False  # the page's template names its parts (guide/rendu/sections.py)

    def text(self, record: Any, name: str) -> Text:
        """The field in the page's locale (Localizer.text), noted for the page's notice, with the part it is shown in."""
        found = self.localizer.text(record, name)
        self.states.add(found.state)
        self.text_states.append(found.state)
        self.shown.append((self.part, name, found.state))
        return found

    def enter(self, part: str) -> None:
        """The texts shown from now on are in this part of the page (a heading: guide/rendu/words.py, `partie`)."""
        self.part, self.has_parts = part, True

    def french_parts(self) -> list[str | None]:
        """The parts of the page (in order, None for its top) that show a French text in the place of a missing or outdated one.

        Empty when the page does not name its parts, or when the locale keeps every unreviewed text back (the whole page is French)."""
        if not self.has_parts or self.localizer.is_default or self.localizer.withholds:
            return []
        found: list[str | None] = []
        for part, _name, state in self.shown:
            if state in ("manquant", "perime") and part not in found:
                found.append(part)
        return found

    def all_in_french(self) -> bool:
        """True when the page showed texts from the data and none of them exists in its locale: the whole page is French."""
        return not self.localizer.is_default and bool(self.text_states) and all(s == "manquant" for s in self.text_states)

    def t(self, key: str, isolate: bool = False) -> str:
        """An interface string for the page (Localizer.t); its state counts for the page's notice."""
        localizer = self.localizer
        if not localizer.is_default and key in localizer.sources:
            self.states.add(localizer.string_state(key))
        return localizer.t(key, isolate)

    def audio(self, record: Any) -> dict | None:
        """The spoken version of a record shown on the page, if any; one held back counts for the notice."""
        audio, withheld = self.localizer.audio(record)
        if withheld:
            self.states.add(WITHHELD)
        return audio

    def notice_state(self) -> str:
        """The notice the page calls for: the worst state among the texts and strings it showed.

        A page none of whose texts exists in its language says so for the whole page (`all_in_french`, guide/rendu/notices.py):
        in Facile à lire, « Cette page n'existe pas encore en Facile à lire », never that a tool wrote what is French.
        """
        state, localizer = worst(self.states), self.localizer
        if state == AUTOMATIC and "manquant" in self.text_states and localizer.lang == localizer.fallback_lang:
            state = "manquant"  # French in the place of a missing Facile text looks the same: say it is not Facile à lire
        return localizer.notice_state(state)


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
