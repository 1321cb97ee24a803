"""Outils partagés des tests : le jeu de données fictif et sa mutation."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from guide.validate import ROOT, validate

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"
TODAY = dt.date(2023, 3, 1)  # une date fixe : les avertissements de fraîcheur ne dépendent pas du jour du test


def minimal_text() -> str:
    """The valid fixture, as text."""
    return MINIMAL.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """The line number (from 1) where `fragment` starts; it must occur exactly once."""
    assert text.count(fragment) == 1, f"{fragment!r} doit apparaître une seule fois dans le jeu de test"
    return text[: text.index(fragment)].count("\n") + 1


@pytest.fixture
def check_text(tmp_path):
    """Validate a YAML text (str or bytes) written to a temporary file."""

    def run(content: str | bytes, on: dt.date = TODAY):
        path = tmp_path / "schemes.yaml"
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return validate(path, on=on)

    return run


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
