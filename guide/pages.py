"""Préparer docs/ pour MkDocs : valider une seule fois, puis écrire les pages générées.

Les pages générées sont de vrais fichiers dans des dossiers ignorés par git
(voir `GENERATED_ROOTS`). Un fichier n'est réécrit que si son contenu change,
pour que `mkdocs serve` ne boucle pas, et les pages d'enregistrements
supprimés sont effacées.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from guide.paths import ROOT, SCHEMA_FILE, data_file
from guide.render import GENERATED_ROOTS, render_pages
from guide.validate import Validation, validate


@dataclass
class Prepared:
    """A validation, and the pages written when it passed."""

    validation: Validation
    written: list[str]
    removed: list[str]
    total: int


_CACHE: dict[tuple, Validation] = {}
_RENDERED: dict[tuple, int] = {}


def validate_once(data: Path | None = None, schema_file: Path = SCHEMA_FILE) -> Validation:
    """Validate, reusing the result while no data file changed (the i18n plugin rebuilds once per language, and hooks ask once per page)."""
    data = Path(data or data_file())
    key = (str(data), str(schema_file), _stamp(data.parent), _stamp(schema_file))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = validate(data, schema_file)
    return _CACHE[key]


def prepare_docs(
    docs_dir: Path,
    build_day: dt.date,
    locales: list[str] | None = None,
    default: str = "fr",
    site_url: str = "/",
    data: Path | None = None,
    schema_file: Path = SCHEMA_FILE,
) -> Prepared:
    """Validate the data; only when there is no error, write the generated pages of every locale into docs_dir."""
    validation = validate_once(data, schema_file)
    if not validation.ok:
        return Prepared(validation, [], [], 0)
    key = (id(validation), build_day, tuple(locales or [default]), default, site_url, str(docs_dir))
    if key in _RENDERED:  # the same build, asked again by the next language: nothing to redo
        return Prepared(validation, [], [], _RENDERED[key])
    pages = render_pages(validation.guide, validation.schema, build_day, validation.localizers(locales or [default], default), site_url)
    written, removed = sync_pages(docs_dir, pages)
    _RENDERED.clear()
    _RENDERED[key] = len(pages)
    return Prepared(validation, written, removed, len(pages))


def sync_pages(docs_dir: Path, pages: dict[str, str]) -> tuple[list[str], list[str]]:
    """Write changed pages and delete stale generated ones; return (written, removed)."""
    written = []
    for relative, text in sorted(pages.items()):
        target = docs_dir / relative
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(relative)
    removed = []
    for root in GENERATED_ROOTS:
        base = docs_dir / root
        candidates = [base] if base.is_file() else sorted(base.rglob("*.md")) if base.is_dir() else []
        for path in candidates:
            relative = path.relative_to(docs_dir).as_posix()
            if relative not in pages:
                path.unlink()
                removed.append(relative)
    return written, removed


def build_date(validation: Validation, repo: Path = ROOT) -> dt.date:
    """The date a build is 'made on', never the clock, so two builds of one commit are identical.

    SOURCE_DATE_EPOCH when set; else the date of the last commit; else the newest date in the data.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    try:
        run = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=repo, capture_output=True, text=True, timeout=10)
        if run.returncode == 0 and run.stdout.strip():
            return dt.date.fromisoformat(run.stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        pass
    return validation.guide.reference_date


def epoch_of(day: dt.date) -> int:
    """Midnight UTC of a day, as a SOURCE_DATE_EPOCH."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _stamp(path: Path) -> tuple:
    """Size and modification time of a file, or of every YAML file under a folder: cheap to compare, changes on every edit."""
    path = Path(path)
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.exists())
