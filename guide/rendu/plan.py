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
from guide.rendu.pagination import PAR_PAGE, paginate
from guide.rendu.report import A_COMPLETER_PAR_PAGE, build_report, first_pages, report_parts
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
    "a-z",  # its further pages (guide/rendu/pagination.py)
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
    # A list of services longer than a page continues on `<page>/page-2.md`… (guide/rendu/pagination.py); the record's own
    # page stays the first one, the only one with its structured data.
    for m in guide.mesures:
        for path, services, pages in paginate(m.page, m.services):
            plan.append(
                PageSpec(path, "measure.jinja.md", {"measure": m, "services": services, "pagination": pages}, (m,), about=m if pages.number == 1 else None)
            )
    for o in guide.organisations:
        for path, services, pages in paginate(o.page, o.services):
            context = {"organisation": o, "services": services, "pagination": pages}
            plan.append(PageSpec(path, "organisation.jinja.md", context, (o,), about=o if pages.number == 1 else None))
    groups = measure_groups(guide.mesures, themes)
    for group in groups:
        for path, services, pages in paginate(f"themes/{group.theme.slug}.md", services_for_theme(guide, group.theme.slug)):
            context = {"theme": group.theme, "services": services, "measures": group.measures, "pagination": pages}
            plan.append(PageSpec(path, "theme.jinja.md", context, tuple(services)))
    for b in bands:
        for path, services, pages in paginate(f"pour-qui/{b.slug}.md", services_for_band(guide, b.extra)):
            plan.append(PageSpec(path, "audience.jinja.md", {"band": b, "services": services, "pagination": pages}, tuple(services)))
    organisations = sorted(guide.organisations, key=lambda o: sort_key(o.nom))
    # Printing for mediators: one sheet per fiche in two languages, one booklet per theme (in parts when it is long).
    plan += [PageSpec(f"imprimer/{s.id}.md", "print-bilingual.jinja.md", {"service": s}, (s,), scope="bilingual", paper=True) for s in guide.services]
    for t in themes:
        for path, services, pages in paginate(f"livrets/{t.slug}.md", services_for_theme(guide, t.slug)):
            plan.append(PageSpec(path, "booklet.jinja.md", {"theme": t, "services": services, "pagination": pages}, tuple(services), paper=True))
    plan.append(PageSpec("livrets/index.md", "booklets-index.jinja.md", {"themes": themes}))
    by_name = sorted(guide.services, key=lambda s: sort_key(s.nom))
    a_z = [
        PageSpec(path, "a-z.jinja.md", {"groups": alphabetical_groups(chunk), "pagination": pages}, tuple(chunk))
        for path, chunk, pages in paginate("a-z.md", by_name)
    ]
    plan += [
        PageSpec("themes/index.md", "themes-index.jinja.md", {"themes": themes}),
        PageSpec("pour-qui/index.md", "audiences-index.jinja.md", {"bands": bands}),
        PageSpec("organisations/index.md", "organisations-index.jinja.md", {"organisations": organisations}, tuple(organisations)),
        *a_z,
        PageSpec("suivi-du-pacte.md", "pact-tracking.jinja.md", {"measures": guide.mesures, "groups": [g for g in groups if g.measures], "bound": PAR_PAGE}),
        PageSpec("numeros-utiles.md", "useful-numbers.jinja.md", {"useful": useful_contacts(guide)}, tuple(helplines(guide))),
        *partners_report(guide, today),
        PageSpec(FIELD_REFERENCE, "field-reference.jinja.md", field_reference_context(schema), scope="default"),
        PageSpec(
            FORM_PAGE, "formulaire.jinja.md", {"description": form_json(schema)}, scope="default"
        ),  # one page for every record (guide/rendu/formulaire.py)
    ]
    plan += [PageSpec(*page) for page in finder_plan(guide, schema)]  # « Je cherche… » (guide/rendu/finder.py)
    return plan


def partners_report(guide: Guide, today: dt.date) -> list[PageSpec]:
    """The report « à compléter » (guide/rendu/report.py), cut into pages of A_COMPLETER_PAR_PAGE rows: the first keeps
    the address partenaires/a-completer/, the counts and where each partner's rows begin."""
    reports = build_report(guide, today)
    parts = report_parts(reports, A_COMPLETER_PAR_PAGE)
    context = {"reports": reports, "starts": first_pages(parts), "per_page": A_COMPLETER_PAR_PAGE}
    return [
        PageSpec(path, "partners-report.jinja.md", {**context, "sections": sections, "pagination": pages}, scope="default")
        for (path, _, pages), sections in zip(paginate("partenaires/a-completer.md", parts, 1), parts, strict=True)
    ]


@functools.lru_cache(maxsize=8)  # the same for every page plan made from one schema
def field_reference_context(schema: Schema) -> dict:
    """What the field reference template needs: every record type's fields, and the closed lists they use."""
    types = field_reference(schema)
    return {"record_types": types, "lists": value_lists(types)}
