"""Les longues listes coupées en pages : au plus PAR_PAGE fiches par page, reliées par de vrais liens.

Une page qui liste des services (un thème, une entrée « Pour qui », de A à Z, une organisation, une mesure, les aides
de « Je cherche… », un livret) grandit avec les données : à 5 000 services, une seule page en tiendrait des centaines,
longue à construire, à charger et à lire. Au-delà de PAR_PAGE, la liste continue sur `<page>/page-2.md`, `page-3.md`…
Chaque page a son numéro dans son titre et, en bas, la liste des pages avec « Page précédente » et « Page suivante »
(des liens : rien ne demande JavaScript). La première page garde son adresse : une liste courte ne change pas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

Item = TypeVar("Item")

# Services (or fiches of a booklet) on one page at most.
PAR_PAGE = 60


@dataclass(frozen=True)
class Pagination:
    """Where a page stands in its list: its number (from 1) and the source path of every page of the list, in order."""

    number: int
    paths: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.paths)

    @property
    def paged(self) -> bool:
        """True when the list has more than one page (a single page shows no page links)."""
        return self.total > 1

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.total else None

    @property
    def numbers(self) -> list[tuple[int, str]]:
        """Every page of the list as (number, source path)."""
        return list(enumerate(self.paths, start=1))


def part_path(path: str, number: int) -> str:
    """The source path of page `number` of the list that starts at `path`: `themes/sante.md` → `themes/sante/page-2.md`."""
    if number == 1:
        return path
    folder = path.removesuffix("index.md").rstrip("/") if path.endswith("/index.md") or path == "index.md" else path.removesuffix(".md")
    return f"{folder}/page-{number}.md" if folder else f"page-{number}.md"


def paginate(path: str, items: Sequence[Item], per_page: int = PAR_PAGE) -> list[tuple[str, list[Item], Pagination]]:
    """The list cut into pages of `per_page` items at most: (source path, its items, where it stands), page 1 at `path`.

    An empty list still has its one page (it says there is nothing yet).
    """
    chunks = [list(items[start : start + per_page]) for start in range(0, len(items), per_page)] or [[]]
    paths = tuple(part_path(path, number) for number in range(1, len(chunks) + 1))
    return [(paths[i], chunk, Pagination(i + 1, paths)) for i, chunk in enumerate(chunks)]
