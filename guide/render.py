"""Des enregistrements aux pages Markdown, par des gabarits Jinja rangés dans overrides/pages/.

La table `page_plan` dit, sur un écran, quelle page vient de quel
enregistrement et de quel gabarit. Le HTML éventuel est dans les gabarits,
jamais dans ce fichier.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from guide.model import Guide, Service
from guide.report import build_report
from guide.schema import Schema
from guide.text import sort_key

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "overrides" / "pages"

# Every folder or file the generator owns under docs/ (all gitignored).
GENERATED_ROOTS = ("fiches", "mesures", "organisations", "themes", "pour-qui", "partenaires", "a-z.md", "suivi-du-pacte.md")

_MARKER = re.compile(r"<!--\s*guide:([a-z0-9-]+)\s*-->")


@dataclass(frozen=True)
class PageSpec:
    """One page to write: where, from which template, with which values."""

    path: str
    template: str
    context: dict


class UnknownMarker(ValueError):
    """A `<!-- guide:… -->` marker that no template handles."""


# ---------------------------------------------------------------- plan


def page_plan(guide: Guide, schema: Schema, today: dt.date) -> list[PageSpec]:
    """Records → pages: the whole mapping in one place."""

    themes = schema.taxonomy("thematique")
    bands = schema.taxonomy("tranche_age")
    plan = [PageSpec(f"fiches/{s.id}.md", "service.md.j2", {"service": s}) for s in guide.services]
    plan += [PageSpec(f"mesures/{m.id}.md", "measure.md.j2", {"measure": m}) for m in guide.measures]
    plan += [PageSpec(f"organisations/{o.id}.md", "organisation.md.j2", {"organisation": o}) for o in guide.organisations]
    plan += [PageSpec(f"themes/{t.slug}.md", "theme.md.j2", {"theme": t, "services": services_for_theme(guide, t.slug), "measures": [m for m in guide.measures if m.theme == t.slug]}) for t in themes]
    plan += [PageSpec(f"pour-qui/{b.slug}.md", "audience.md.j2", {"band": b, "services": services_for_band(guide, b.extra)}) for b in bands]
    plan += [
        PageSpec("themes/index.md", "themes-index.md.j2", {"themes": themes}),
        PageSpec("pour-qui/index.md", "audiences-index.md.j2", {"bands": bands}),
        PageSpec("organisations/index.md", "organisations-index.md.j2", {"organisations": sorted(guide.organisations, key=lambda o: sort_key(o.name))}),
        PageSpec("a-z.md", "a-z.md.j2", {"groups": alphabetical_groups(guide.services)}),
        PageSpec("suivi-du-pacte.md", "pact-tracking.md.j2", {"measures": guide.measures, "themes": themes}),
        PageSpec("partenaires/a-completer.md", "partners-report.md.j2", {"reports": build_report(guide, today), "today": today}),
    ]
    return plan


def render_pages(guide: Guide, schema: Schema, today: dt.date, templates_dir: Path = TEMPLATES_DIR) -> dict[str, str]:
    """Every generated page: relative path under docs/ → Markdown text. `today` dates the partners' report."""
    env = make_environment(schema, templates_dir)
    pages = {}
    for spec in page_plan(guide, schema, today):
        template = env.get_template(spec.template)
        pages[spec.path] = template.render(page_path=spec.path, guide=guide, **spec.context).rstrip() + "\n"
    return pages


def expand_markers(markdown: str, page_path: str, guide: Guide, schema: Schema, templates_dir: Path = TEMPLATES_DIR) -> str:
    """Replace each `<!-- guide:name -->` in a hand-written page by the template `marker-name.md.j2`."""
    env = make_environment(schema, templates_dir)

    def replace(match: re.Match) -> str:
        name = f"marker-{match.group(1)}.md.j2"
        if name not in env.list_templates():
            raise UnknownMarker(f"{page_path} : marqueur inconnu « {match.group(0)} » (attendu : un de {', '.join(known_markers(templates_dir))})")
        return env.get_template(name).render(page_path=page_path, guide=guide, themes=schema.taxonomy("thematique"), bands=schema.taxonomy("tranche_age")).strip()

    return _MARKER.sub(replace, markdown)


def known_markers(templates_dir: Path = TEMPLATES_DIR) -> list[str]:
    """The markers a hand-written page may use."""
    return sorted(f"<!-- guide:{p.name[len('marker-'):-len('.md.j2')]} -->" for p in templates_dir.glob("marker-*.md.j2"))


# ---------------------------------------------------------------- selections


def services_for_theme(guide: Guide, theme: str) -> list[Service]:
    """Services of a theme, open ones first, then by name."""
    return sorted((s for s in guide.services if s.theme == theme), key=lambda s: (s.is_project, sort_key(s.name)))


def services_for_band(guide: Guide, band: dict) -> list[Service]:
    """Services for an audience entry: by age overlap, or by public (parents)."""
    if "public" in band:
        chosen = [s for s in guide.services if band["public"] in s.publics]
    else:
        chosen = [s for s in guide.services if s.serves_ages(band["age-min"], band["age-max"])]
    return sorted(chosen, key=lambda s: (s.is_project, sort_key(s.name)))


def alphabetical_groups(services: list[Service]) -> list[tuple[str, list[Service]]]:
    """Services grouped by first letter (accents folded), A to Z."""
    groups: dict[str, list[Service]] = {}
    for service in sorted(services, key=lambda s: sort_key(s.name)):
        groups.setdefault(sort_key(service.name)[:1].upper() or "#", []).append(service)
    return list(groups.items())


# ---------------------------------------------------------------- jinja


def make_environment(schema: Schema, templates_dir: Path = TEMPLATES_DIR) -> Environment:
    """The Jinja environment of the Markdown templates, with the guide's filters."""
    env = Environment(loader=FileSystemLoader(str(templates_dir)), extensions=["jinja2.ext.do"], autoescape=False, finalize=_neutralise_html, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["label"] = lambda taxonomy, slug: schema.labels(taxonomy).get(slug, slug)
    env.filters["date_fr"] = date_fr
    env.filters["link"] = relative_link
    env.filters["ages"] = age_text
    env.filters["tel"] = tel_uri
    return env


def _neutralise_html(value: Any) -> Any:
    """Every value printed in a Markdown template: angle brackets cannot open a tag.

    Validation already refuses HTML in the data; this is the second lock.
    Apostrophes and quotes stay as typed so that search finds « l'école ».
    """
    return value.replace("<", "&lt;").replace(">", "&gt;") if isinstance(value, str) else value


def date_fr(value: dt.date | None) -> str:
    """A date as a French reader writes it: « 31 janvier 2023 »."""
    return format_date(value, format="long", locale="fr_FR") if value else ""


def relative_link(target: str, page_path: str) -> str:
    """The Markdown link from one generated page to another source file."""
    return posixpath.relpath(target, posixpath.dirname(page_path) or ".")


def age_text(service: Service) -> str:
    """The age range in words, or an honest 'not given'."""
    low, high = service.age_min, service.age_max
    if low is not None and high is not None:
        return f"de {low} à {high} ans" if low else f"jusqu'à {high} ans"
    if low is not None:
        return f"à partir de {low} ans"
    if high is not None:
        return f"jusqu'à {high} ans"
    return ""


def tel_uri(phone: str) -> str:
    """A `tel:` address for a French number (digits only; +33 kept)."""
    digits = re.sub(r"[^0-9+]", "", phone)
    return f"tel:{digits}"

