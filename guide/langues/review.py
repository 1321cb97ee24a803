"""Relire une langue : la liste des textes qu'aucune personne qui parle la langue n'a encore relus.

Une liste par langue (partenaires/relire-<langue>.md, hors du menu des habitants) :
le français à côté de la traduction, le statut, et le lien qui ouvre la ligne
exacte du fichier à corriger. La liste grandit avec les fiches et les traductions
(plus de 1 000 lignes par langue en 2026) : elle est coupée en pages de
RELIRE_PAR_PAGE lignes au plus (`parts`), lisibles sur un téléphone. Une personne qui relit corrige le texte puis met
`statut: relu` et `par:` (son rôle) : voir CONTRIBUTING.md, « Relire une langue ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from guide.donnees.model import Guide
from guide.donnees.paths import ROOT
from guide.langues.localizer import Localizer
from guide.langues.translations import REVIEWED

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
# The order a reviewer takes them in: outdated first (the French changed), then machine texts, then people's drafts.
ORDER = ("perime", "automatique", "brouillon")


@dataclass(frozen=True)
class ToReview:
    """One text to review."""

    what: str  # record name, interface key or page
    name: str  # field (or key)
    french: Any
    translated: Any
    status: str  # automatique, brouillon, perime
    path: str  # file to edit, from the repository root
    line: int
    page: str = ""  # the generated page where readers see it (relative to docs/), if any


@dataclass
class Review:
    """Everything to review in one locale."""

    locale: str
    lang: str
    direction: str
    language: str  # its name in French
    shown: tuple[str, ...]
    records: list[ToReview] = field(default_factory=list)
    strings: list[ToReview] = field(default_factory=list)
    pages: list[ToReview] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.records) + len(self.strings) + len(self.pages)


# Rows (texts to review) on one page of a language's review list at most: a page of 100 rows weighs about 60 KB.
RELIRE_PAR_PAGE = 100


@dataclass(frozen=True)
class ReviewPart:
    """The rows of one page of a review list, in the list's order: hand-written pages, then fiches, then the site's words."""

    pages: list[ToReview]
    records: list[ToReview]
    strings: list[ToReview]


def parts(found: Review, per_page: int | None = None) -> list[ReviewPart]:
    """The review list cut into pages of `per_page` rows at most (RELIRE_PAR_PAGE), every row once, in order; at least one page."""
    size = per_page or RELIRE_PAR_PAGE
    rows = [*(("pages", r) for r in found.pages), *(("records", r) for r in found.records), *(("strings", r) for r in found.strings)]
    chunks = [rows[start : start + size] for start in range(0, len(rows), size)] or [[]]
    return [ReviewPart(*([item for kind, item in chunk if kind == name] for name in ("pages", "records", "strings"))) for chunk in chunks]


_PAGES = {"services": "fiches", "mesures": "mesures", "organisations": "organisations"}


def translation_line(catalogue: Any, record: Any) -> int | None:
    """The line of a record's block in its locale's translation file (« Modifier la traduction » opens it there), or None when it has none."""
    entries = getattr(catalogue, "entries", {}).get(getattr(record, "collection", ""), {})
    marks = getattr(entries, "marks", {})
    return marks[record.id][0] if record.id in marks else None


def review(guide: Guide, localizer: Localizer) -> Review:
    """The texts of one locale that nobody who speaks it has reviewed (or whose French changed since)."""
    found = Review(localizer.locale, localizer.lang, localizer.raw("direction"), localizer.raw("nom_en_francais"), localizer.shown_statuses)
    path = f"data/translations/{localizer.locale}.yaml"
    for record in [*guide.services, *guide.mesures, *guide.organisations, *guide.lieux]:
        entries = localizer.catalogue.entries.get(record.collection, {}).get(record.id, {})
        for name in localizer.fields.get(record.collection, []):
            entry, french = entries.get(name), record.french.get(name)
            if not entry or french is None:
                continue
            status = "perime" if localizer.state([record], [name]) == "perime" else entry["statut"]
            if status == REVIEWED:
                continue
            line = entry.marks["texte"][0] if hasattr(entry, "marks") and "texte" in entry.marks else entries.marks[name][0]
            page = f"{_PAGES[record.collection]}/{record.id}.md" if record.collection in _PAGES else ""
            found.records.append(ToReview(record.nom, name, french, entry["texte"], status, path, line, page))
    interface = localizer.interface
    for key, entry in sorted(getattr(interface, "entries", {}).items(), key=lambda item: item[1].line):
        status = "perime" if localizer.string_state(key) == "perime" else entry.statut
        if status != REVIEWED:
            found.strings.append(
                ToReview(key, key, localizer.sources.get(key, ""), interface[key], status, f"data/interface/{localizer.locale}.yaml", entry.line)
            )
    found.records.sort(key=lambda item: ORDER.index(item.status) if item.status in ORDER else len(ORDER))
    found.strings.sort(key=lambda item: ORDER.index(item.status) if item.status in ORDER else len(ORDER))
    return found


def handwritten_pages(locale: str, docs_dir: Path = ROOT / "docs") -> list[ToReview]:
    """The hand-written pages of a locale (docs/*.<locale>.md, not generated) that are not reviewed."""
    found = []
    for path in sorted(docs_dir.rglob(f"*.{locale}.md")):
        text = path.read_text(encoding="utf-8")
        if "<!-- Page générée" in text:
            continue
        front = _FRONT_MATTER.match(text)
        meta = yaml.safe_load(front.group(1)) if front else {}
        info = (meta or {}).get("traduction") or {}
        if info.get("statut") != REVIEWED:
            name = path.relative_to(docs_dir).as_posix()
            found.append(ToReview(str((meta or {}).get("title", name)), "page", "", "", str(info.get("statut", "brouillon")), f"docs/{name}", 1))
    return found


def reviews(guide: Guide, localizers: list[Localizer], docs_dir: Path = ROOT / "docs") -> list[Review]:
    """One review per locale other than the default."""
    results = []
    for localizer in localizers:
        if localizer.is_default:
            continue
        found = review(guide, localizer)
        found.pages = handwritten_pages(localizer.locale, docs_dir)
        results.append(found)
    return results
