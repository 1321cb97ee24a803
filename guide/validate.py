"""Le chemin complet : lire → valider (schéma, puis règles) → construire le modèle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from guide.donnees.checks import run_rules
from guide.donnees.contacts import contact_plans, relay_problems
from guide.donnees.loader import load_yaml
from guide.donnees.markup import formatted_fields
from guide.donnees.model import Guide, build_guide
from guide.donnees.paths import DATA_FILE, SCHEMA_FILE, shown_path
from guide.donnees.problems import Problem
from guide.donnees.schema import Schema
from guide.langues.localizer import Localizer, load_all_translations, make_localizers
from guide.langues.recherche import load_search_words
from guide.langues.translations import Catalogue
from guide.rendu.reserved import reserved_ids


@dataclass
class Validation:
    """The outcome of a check: every problem found, and the model when there was no error."""

    problems: list[Problem] = field(default_factory=list)
    guide: Guide | None = None
    schema: Schema | None = None
    catalogues: dict[str, Catalogue] = field(default_factory=dict)
    interfaces: dict[str, dict] = field(default_factory=dict)
    search_words: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # locale → record id → residents' words
    _localizers: dict = field(default_factory=dict, repr=False)

    def localizers(self, locales: list[str], default: str = "fr") -> list[Localizer]:
        """One Localizer per locale, the default first (built once per validation: hooks ask on every page)."""
        key = (tuple(locales), default)
        if key not in self._localizers:
            self._localizers[key] = make_localizers(locales, default, self)
        return self._localizers[key]

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop the build."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that are shown but do not stop the build."""
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors


def today() -> dt.date:
    """The date used for freshness warnings when none is given (`validate(on=…)`, `--date`, extra.guide.date): the clock.

    Only warnings use it; nothing written to the site depends on it.
    """
    return dt.date.today()


def validate(
    path: Path | str = DATA_FILE,
    schema_file: Path | str = SCHEMA_FILE,
    on: dt.date | None = None,
    translations_dir: Path | None = None,
    interface_dir: Path | None = None,
    docs_dir: Path | None = None,
) -> Validation:
    """Load and check one data file, and the translations and interface strings beside it; never raises for a problem in the data."""
    path = Path(path)
    translations_dir = translations_dir or path.parent / "translations"
    interface_dir = interface_dir or path.parent / "interface"
    docs_dir = docs_dir or path.parent.parent / "docs"
    schema = Schema.load(schema_file)
    shown = shown_path(path)
    loaded = load_yaml(path, shown)
    if loaded.problems:
        return Validation(loaded.problems, None, schema)
    problems, oversized = schema.check_loaded(loaded)  # sizes first: a text over its maximum is never parsed
    problems += run_rules(
        loaded.data,
        shown,
        on or today(),
        schema.record_fields(),
        formatted_fields(schema),
        schema.reference_paths(),
        texts=not oversized,
        reserved=reserved_ids(docs_dir, interface_dir),
    )
    problems = sorted(set(problems), key=lambda p: (p.line, p.column, p.message))
    result = Validation(problems, None, schema)
    if result.ok:
        result.guide = build_guide(loaded.data)
        result.problems += relay_problems(contact_plans(result.guide), shown)
        result.catalogues, result.interfaces, found = load_all_translations(loaded.data, schema, translations_dir, interface_dir, docs_dir)
        result.problems += sorted(found, key=lambda p: (p.path, p.line, p.column))
        result.search_words, found = load_search_words(path.parent / "recherche", loaded.data)
        result.problems += found
    return result
