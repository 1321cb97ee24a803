"""Les noms que le site prend pour lui : aucune fiche ne peut les avoir comme identifiant.

L'identifiant d'une fiche est le nom de sa page (`organisations/<id>/`) : une organisation « index » perdrait sa page
au profit de la liste des organisations, un service « assets » ou « en » se confondrait avec un dossier du site. Les
noms viennent de ce qui fait le site, pas d'une liste recopiée : les pages écrites à la main (docs/), le plan des pages
faites depuis les données (guide/rendu/plan.py), les dossiers des fiches (guide/donnees/model.py), les langues (data/interface/).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from guide.donnees.model import PAGE_FOLDERS, build_guide
from guide.donnees.paths import INTERFACE_DIR, ROOT, SCHEMA_FILE

# Written by MkDocs, Material, Pagefind or the build itself, and not in docs/ nor in the plan of an empty guide.
BUILT = frozenset({"index", "404", "search", "sitemap", "pagefind", "donnees", "assets", "imprimer", "fiches", "mesures", "lieux"})


def reserved_ids(docs_dir: Path = ROOT / "docs", interface_dir: Path = INTERFACE_DIR) -> frozenset[str]:
    """Every name a record id may not take: page and folder names of the site, locale codes."""
    names = set(BUILT) | set(PAGE_FOLDERS.values()) | _planned()
    names |= {path.name.split(".")[0] for path in docs_dir.iterdir()} if docs_dir.is_dir() else set()
    names |= {path.stem for path in interface_dir.glob("*.yaml")}
    return frozenset(name.lower() for name in names if name)


@functools.cache
def _planned() -> set[str]:
    """The first folder of every page the plan makes for an empty guide: the same for every run, so made once."""
    from guide.donnees.schema import COLLECTIONS, Schema
    from guide.rendu.plan import page_plan  # the plan needs every page kind; the check only needs this once

    empty = build_guide({name: [] for name in COLLECTIONS})
    return {page.path.removesuffix(".md").split("/")[0] for page in page_plan(empty, Schema.load(SCHEMA_FILE), dt.date(2000, 1, 1))}
