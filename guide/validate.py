"""Le chemin complet : lire → valider (schéma, puis règles) → construire le modèle."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from guide.checks import run_rules
from guide.loader import load_yaml
from guide.model import Guide, build_guide
from guide.problems import Problem
from guide.schema import Schema

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "data" / "schemes.yaml"
SCHEMA_FILE = ROOT / "data" / "schemes.schema.json"


@dataclass
class Validation:
    """The outcome of a check: every problem found, and the model when there was no error."""

    problems: list[Problem] = field(default_factory=list)
    guide: Guide | None = None
    schema: Schema | None = None

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
    """The date used for freshness warnings: GUIDE_DATE (AAAA-MM-JJ) if set, else the clock.

    Only warnings use it; nothing written to the site depends on it.
    """
    forced = os.environ.get("GUIDE_DATE")
    return dt.date.fromisoformat(forced) if forced else dt.date.today()


def data_file() -> Path:
    """The data file to use: GUIDE_DATA if set (tests, previews), else data/schemes.yaml."""
    return Path(os.environ.get("GUIDE_DATA") or DATA_FILE)


def shown_path(path: Path) -> str:
    """The path as partners see it: relative to the repository when possible."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def validate(path: Path | str = DATA_FILE, schema_file: Path | str = SCHEMA_FILE, on: dt.date | None = None) -> Validation:
    """Load and check one data file; never raises for a problem in the data."""
    path = Path(path)
    schema = Schema.load(schema_file)
    shown = shown_path(path)
    loaded = load_yaml(path, shown)
    if loaded.problems:
        return Validation(loaded.problems, None, schema)
    problems = schema.problems(loaded.data, shown) + run_rules(loaded.data, shown, on or today())
    problems = sorted(set(problems), key=lambda p: (p.line, p.column, p.message))
    result = Validation(problems, None, schema)
    if result.ok:
        result.guide = build_guide(loaded.data)
    return result
