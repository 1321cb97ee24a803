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
INTERFACE_SCHEMA = ROOT / "data" / "interface.schema.json"


def data_file() -> Path:
    """The data file to use: GUIDE_DATA if set (tests, previews), else data/schemes.yaml."""
    return Path(os.environ.get("GUIDE_DATA") or DATA_FILE)


def shown_path(path: Path) -> str:
    """The path as partners see it: relative to the repository when possible."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def configured_site_url(environ: dict | None = None, config: Path = ROOT / "mkdocs.yml") -> str:
    """site_url as MkDocs will see it, read as text (the package does not import MkDocs).

    `site_url: !ENV [GUIDE_SITE_URL, "https://…/"]` gives the variable when it is set, else the default;
    a plain `site_url: https://…/` gives itself.
    """
    import re

    environ = os.environ if environ is None else environ
    text = config.read_text(encoding="utf-8")
    found = re.search(r'^site_url:\s*!ENV\s*\[\s*(\w+)\s*,\s*"([^"]*)"\s*\]', text, flags=re.MULTILINE)
    if found:
        return environ.get(found.group(1)) or found.group(2)
    plain = re.search(r"^site_url:\s*[\"']?([^\"'\s]+)", text, flags=re.MULTILINE)
    return plain.group(1) if plain else ""


GLOSSARY_DIR = ROOT / "data" / "glossaire"
GLOSSARY_SCHEMA = ROOT / "data" / "glossaire.schema.json"


def configured_forge(environ: dict | None = None, config: Path = ROOT / "mkdocs.yml") -> tuple[str, str]:
    """(repository address, branch) of `extra.forge` in mkdocs.yml, read as text like site_url: where partners edit the data."""
    import re

    environ = os.environ if environ is None else environ
    text = config.read_text(encoding="utf-8")
    found = re.search(r'^\s+depot:\s*!ENV\s*\[\s*(\w+)\s*,\s*"([^"]*)"\s*\]', text, flags=re.MULTILINE)
    plain = re.search(r"^\s+depot:\s*[\"']?([^\"'\s]+)", text, flags=re.MULTILINE)
    depot = (environ.get(found.group(1)) or found.group(2)) if found else (plain.group(1) if plain else "")
    branch = re.search(r"^\s+branche:\s*[\"']?([^\"'\s]+)", text, flags=re.MULTILINE)
    return depot.rstrip("/"), branch.group(1) if branch else "main"
