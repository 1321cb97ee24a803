"""Où sont les fichiers du projet, et comment les montrer aux partenaires."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # guide/donnees/paths.py: the project's folder
DATA_FILE = ROOT / "data" / "schemes.yaml"
SCHEMA_FILE = ROOT / "data" / "schemes.schema.json"
TRANSLATIONS_DIR = ROOT / "data" / "translations"
TRANSLATIONS_SCHEMA = ROOT / "data" / "translations.schema.json"
INTERFACE_DIR = ROOT / "data" / "interface"
INTERFACE_SCHEMA = ROOT / "data" / "interface.schema.json"

# What the command line uses when it is not told (`--site-url`, `--forge`): the defaults mkdocs.yml gives MkDocs, which
# hands the build its own values (hooks/guide_build.py). Nothing here reads mkdocs.yml; tests/test_reglages.py checks they agree.
SITE_URL = "https://guide-planoise.invalid/"
FORGE = ("https://github.com/guide-planoise/guide-planoise", "main")  # extra.forge: the repository, and its branch


def shown_path(path: Path) -> str:
    """The path as partners see it: relative to the repository when possible."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


GLOSSARY_DIR = ROOT / "data" / "glossaire"
GLOSSARY_SCHEMA = ROOT / "data" / "glossaire.schema.json"
