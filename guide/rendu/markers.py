"""Les marqueurs `<!-- guide:… -->` des pages écrites à la main, remplacés par leur gabarit `marker-….jinja.md`."""

from __future__ import annotations

import re
from pathlib import Path

from guide.donnees.contacts import family_essentials, helplines
from guide.donnees.model import Guide
from guide.donnees.schema import Schema
from guide.langues.localizer import PageTexts
from guide.rendu.templating import TEMPLATES_DIR, fresh_environment
from guide.rendu.words import reader_words

_MARKER = re.compile(r"<!--\s*guide:([a-z0-9-]+)\s*-->")


class UnknownMarker(ValueError):
    """A `<!-- guide:… -->` marker that no template handles."""


def expand_markers(markdown: str, page_path: str, guide: Guide, schema: Schema, page: PageTexts, templates_dir: Path = TEMPLATES_DIR) -> str:
    """Replace each `<!-- guide:name -->` in a hand-written page by the template `marker-name.jinja.md` (what they show is noted in `page`)."""
    env = fresh_environment(templates_dir)
    words = reader_words(schema, page)

    def replace(match: re.Match) -> str:
        name = f"marker-{match.group(1)}.jinja.md"
        if name not in env.list_templates():
            raise UnknownMarker(f"{page_path} : marqueur inconnu « {match.group(0)} » (attendu : un de {', '.join(known_markers(templates_dir))})")
        return (
            env.get_template(name)
            .render(
                page_path=page_path,
                guide=guide,
                themes=schema.taxonomy("thematique"),
                bands=schema.taxonomy("tranche_age"),
                helplines=helplines(guide),
                essentials=family_essentials(guide),
                **words,
            )
            .strip()
        )

    return _MARKER.sub(replace, markdown)


def known_markers(templates_dir: Path = TEMPLATES_DIR) -> list[str]:
    """The markers a hand-written page may use."""
    return sorted(f"<!-- guide:{p.name[len('marker-') : -len('.jinja.md')]} -->" for p in templates_dir.glob("marker-*.jinja.md"))
