"""Autour des pages générées : la date d'une construction, une validation par contenu, l'écriture sur disque pour relire.

Le site ne les écrit plus nulle part (guide/build.py les donne à MkDocs en mémoire) ; `python -m guide pages DOSSIER`
les écrit dans un dossier choisi, pour les relire ou les comparer d'une version à l'autre.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from pathlib import Path

from guide.donnees.paths import DATA_FILE, FORGE, ROOT, SCHEMA_FILE
from guide.rendu.plan import GENERATED_ROOTS
from guide.rendu.render import render_pages
from guide.validate import Validation, validate

_VALIDATED: dict[str, Validation] = {}  # the last validation, by the hash of the files it read (one entry)


def validate_once(data: Path | None = None, schema_file: Path = SCHEMA_FILE) -> Validation:
    """Validate, reusing the result while no file of data/ and no schema changed (for tests and tools that ask often)."""
    data = Path(data or DATA_FILE)
    key = content_digest([data.parent, Path(schema_file)], str(data))
    if key not in _VALIDATED:
        _VALIDATED.clear()
        _VALIDATED[key] = validate(data, schema_file)
    return _VALIDATED[key]


def write_pages(
    folder: Path, validation: Validation, build_day: dt.date, locales: list[str], site_url: str = "/", forge: tuple[str, str] = FORGE
) -> tuple[list[str], list[str]]:
    """Write every generated page of every locale under `folder` (only the changed ones); return (written, removed)."""
    localizers = validation.localizers(locales, locales[0])
    return sync_pages(folder, render_pages(validation.guide, validation.schema, build_day, localizers, site_url, forge=forge))


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


def build_date(validation: Validation, repo: Path = ROOT, epoch: str | None = None) -> dt.date:
    """The date a build is 'made on', never the clock, so two builds of one commit are identical.

    `epoch` (SOURCE_DATE_EPOCH as the command was given it, see `given_epoch`) when set; else the date of the last
    commit; else the newest date in the data.
    """
    return stated_date(epoch, repo) or validation.guide.reference_date


def given_epoch() -> str | None:
    """SOURCE_DATE_EPOCH, the reproducible-build convention: the one setting the package reads from the environment.

    Read when a command starts (hooks/guide_build.py, on_startup; `python -m guide`), never later: a build sets it for
    MkDocs, and under `mkdocs serve` each rebuild must date itself again.
    """
    return os.environ.get("SOURCE_DATE_EPOCH")


def date_for_mkdocs(epoch: str) -> None:
    """Give MkDocs and Material the build's SOURCE_DATE_EPOCH: they date the pages and the sitemap by it."""
    os.environ["SOURCE_DATE_EPOCH"] = epoch


def stated_date(epoch: str | None, repo: Path = ROOT) -> dt.date | None:
    """The day of `epoch` (SOURCE_DATE_EPOCH) when it is one; else the date of the last commit; else None."""
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    try:
        run = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=repo, capture_output=True, text=True, timeout=10)
        if run.returncode == 0 and run.stdout.strip():
            return dt.date.fromisoformat(run.stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        pass
    return None


def epoch_of(day: dt.date) -> int:
    """Midnight UTC of a day, as a SOURCE_DATE_EPOCH."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


_TEXT = {".yaml", ".yml", ".json", ".md", ".html"}


def content_digest(paths: list[Path], extra: str = "") -> str:
    """A hash of the text files under the given paths (and of `extra`): equal exactly when nothing changed.

    Text files only (YAML, JSON, Markdown, templates): audio and images never change a generated page.
    """
    digest = hashlib.sha256(extra.encode("utf-8"))
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in _TEXT) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            digest.update(str(file).encode("utf-8"))
            digest.update(file.read_bytes())
    return digest.hexdigest()
