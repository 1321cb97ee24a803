"""La table des pages : quelle page vient de quel enregistrement et de quel gabarit, sur un écran.

Le HTML éventuel est dans les gabarits, jamais ici.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from guide.donnees.contacts import contact_plans, helplines, useful_contacts
from guide.donnees.model import Guide
from guide.donnees.schema import Schema
from guide.donnees.text import sort_key
from guide.rendu.fieldref import field_reference, value_lists
from guide.rendu.finder import finder_plan
from guide.rendu.formulaire import FORM_PAGE, form_json
from guide.rendu.report import build_report
from guide.rendu.selection import alphabetical_groups, services_for_band, services_for_theme
from guide.rendu.views import SheetLanguage, fiche_view, measure_groups

# Every folder or file the generator owns under docs/ (all gitignored).
GENERATED_ROOTS = (
    "fiches",
    "mesures",
    "organisations",
    "themes",
    "pour-qui",
    "partenaires",
    "imprimer",
    "livrets",
    "je-cherche",
    "a-z.md",
    "suivi-du-pacte.md",
    "numeros-utiles.md",
)

FIELD_REFERENCE = "partenaires/champs.md"


@dataclass(frozen=True)
class PageSpec:
    """One page to write: where, from which template, with which values, about which records."""

    path: str
    template: str
    context: dict
    records: tuple = ()  # the records whose translations decide the page's notice
    scope: str = "all"  # "all" locales; "default" only (partners' pages); "bilingual": locales in another language than the default, shown beside it
    about: Any = None  # the one record the page describes (a fiche, a measure, an organisation), for its structured data
    paper: bool = False  # made to be printed (booklets, two-language sheets): one fiche per sheet, nothing added after it


def page_plan(guide: Guide, schema: Schema, today: dt.date, sheets: list[SheetLanguage] | None = None) -> list[PageSpec]:
    """Records → pages: the whole mapping in one place, each page with the view of what it shows (guide/rendu/views.py).

    `sheets`: the languages of the two-language printable sheets, which each fiche links to.
    """
    themes = schema.taxonomy("thematique")
    bands = schema.taxonomy("tranche_age")
    plans = contact_plans(guide, schema)
    fiches = [fiche_view(s, plans[s.id], sheets or []) for s in guide.services]
    plan = [PageSpec(f.service.page, "service.jinja.md", {"service": f.service, "fiche": f}, (f.service,), about=f.service) for f in fiches]
    plan += [PageSpec(m.page, "measure.jinja.md", {"measure": m}, (m,), about=m) for m in guide.measures]
    plan += [PageSpec(o.page, "organisation.jinja.md", {"organisation": o}, (o,), about=o) for o in guide.organisations]
    groups = measure_groups(guide.measures, themes)
    for group in groups:
        services = services_for_theme(guide, group.theme.slug)
        plan.append(
            PageSpec(
                f"themes/{group.theme.slug}.md", "theme.jinja.md", {"theme": group.theme, "services": services, "measures": group.measures}, tuple(services)
            )
        )
    for b in bands:
        services = services_for_band(guide, b.extra)
        plan.append(PageSpec(f"pour-qui/{b.slug}.md", "audience.jinja.md", {"band": b, "services": services}, tuple(services)))
    organisations = sorted(guide.organisations, key=lambda o: sort_key(o.name))
    # Printing for mediators: one sheet per fiche in two languages, one booklet per theme.
    plan += [PageSpec(f"imprimer/{s.id}.md", "print-bilingual.jinja.md", {"service": s}, (s,), scope="bilingual", paper=True) for s in guide.services]
    for t in themes:
        services = services_for_theme(guide, t.slug)
        plan.append(PageSpec(f"livrets/{t.slug}.md", "booklet.jinja.md", {"theme": t, "services": services}, tuple(services), paper=True))
    plan.append(PageSpec("livrets/index.md", "booklets-index.jinja.md", {"themes": themes}))
    plan += [
        PageSpec("themes/index.md", "themes-index.jinja.md", {"themes": themes}),
        PageSpec("pour-qui/index.md", "audiences-index.jinja.md", {"bands": bands}),
        PageSpec("organisations/index.md", "organisations-index.jinja.md", {"organisations": organisations}, tuple(organisations)),
        PageSpec("a-z.md", "a-z.jinja.md", {"groups": alphabetical_groups(guide.services)}, tuple(guide.services)),
        PageSpec("suivi-du-pacte.md", "pact-tracking.jinja.md", {"measures": guide.measures, "groups": [g for g in groups if g.measures]}),
        PageSpec("numeros-utiles.md", "useful-numbers.jinja.md", {"useful": useful_contacts(guide)}, tuple(helplines(guide))),
        PageSpec("partenaires/a-completer.md", "partners-report.jinja.md", {"reports": build_report(guide, today)}, scope="default"),
        PageSpec(FIELD_REFERENCE, "field-reference.jinja.md", field_reference_context(schema), scope="default"),
        PageSpec(
            FORM_PAGE, "formulaire.jinja.md", {"description": form_json(schema)}, scope="default"
        ),  # one page for every record (guide/rendu/formulaire.py)
    ]
    plan += [PageSpec(*page) for page in finder_plan(guide, schema)]  # « Je cherche… » (guide/rendu/finder.py)
    return plan


@functools.lru_cache(maxsize=8)  # the same for every page plan made from one schema
def field_reference_context(schema: Schema) -> dict:
    """What the field reference template needs: every record type's fields, and the closed lists they use."""
    types = field_reference(schema)
    return {"record_types": types, "lists": value_lists(types)}
