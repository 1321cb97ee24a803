"""Ce que chaque page montre, décidé ici une fois, pour que les gabarits ne fassent qu'afficher.

Les gabarits de overrides/pages/ reçoivent ces petits objets dans le contexte de leur page (PageSpec, guide/rendu/plan.py) :
ils choisissent les mots (t, tr, label) et le HTML ; le choix de ce qui est montré, dans quel ordre et sous quel titre,
est fait ici, en Python, et testé. Aucun HTML ici, aucun import de MkDocs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from guide.donnees.contacts import ContactPlan
from guide.donnees.model import Measure, Place, Service
from guide.donnees.schema import Term


@dataclass(frozen=True)
class SheetLanguage:
    """A language in which fiches have a two-language printable sheet (French beside it): its locale, `lang` code and name."""

    locale: str
    lang: str
    name: str  # the language's name, in that language


@dataclass(frozen=True)
class SheetLink:
    """A fiche's two-language sheet in one language, as the page's « imprimer en 2 langues » menu lists it."""

    path: str  # from the site's root: `en/imprimer/cej/`
    lang: str
    name: str


@dataclass(frozen=True)
class FicheView:
    """What a fiche's page (service.jinja.md) shows beyond the record itself: whom to reach, the map spot, its sheets."""

    service: Service
    plan: ContactPlan  # whom the fiche sends its reader to (guide/donnees/contacts.py)
    spot: Place | None  # the place the « Itinéraire » and map links point to
    sheets: list[SheetLink]

    @property
    def has_actions(self) -> bool:
        """True when the first screen has a button: a way to reach someone, or a place to go."""
        return bool(self.plan.main or self.spot)


def map_spot(service: Service) -> Place | None:
    """The first of the service's places that can be shown on a map, or None when none can."""
    return next((p for p in service.lieux if p.has_coordinates), None)


def sheet_links(service: Service, languages: Sequence[SheetLanguage]) -> list[SheetLink]:
    """The service's two-language sheets, one per language (guide/rendu/plan.py plans them at imprimer/<id>.md)."""
    return [SheetLink(f"{lang.locale}/imprimer/{service.id}/", lang.lang, lang.name) for lang in languages]


def fiche_view(service: Service, plan: ContactPlan, languages: Sequence[SheetLanguage] = ()) -> FicheView:
    return FicheView(service, plan, map_spot(service), sheet_links(service, languages))


@dataclass(frozen=True)
class MeasureGroup:
    """The pact's measures of one theme, in the pact's order (« Suivi du pacte », a theme's page)."""

    theme: Term
    measures: list[Measure]


def measure_groups(measures: Sequence[Measure], themes: Sequence[Term]) -> list[MeasureGroup]:
    """One group per theme, in the schema's order of themes, each with its measures in the order given (empty ones kept)."""
    return [MeasureGroup(theme, [m for m in measures if m.thematique == theme.slug]) for theme in themes]
