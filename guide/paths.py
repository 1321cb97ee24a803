"""Où sont les fichiers du projet, et comment les montrer aux partenaires."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "data" / "schemes.yaml"
SCHEMA_FILE = ROOT / "data" / "schemes.schema.json"
TRANSLATIONS_DIR = ROOT / "data" / "translations"
TRANSLATIONS_SCHEMA = ROOT / "data" / "translations.schema.json"
INTERFACE_DIR = ROOT / "data" / "interface"


def data_file() -> Path:
    """The data file to use: GUIDE_DATA if set (tests, previews), else data/schemes.yaml."""
    return Path(os.environ.get("GUIDE_DATA") or DATA_FILE)


def shown_path(path: Path) -> str:
    """The path as partners see it: relative to the repository when possible."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
