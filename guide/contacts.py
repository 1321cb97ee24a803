"""Qui joindre depuis une fiche : le service lui-même, les organisations qui le portent, sinon des services nationaux.

Règle de confiance : chaque fiche mène à quelqu'un de joignable (téléphone,
courriel ou site officiel). Quand la source ne donne aucun contact propre au
service, la fiche le dit, et propose les relais nationaux de son besoin
principal (`x-relais` de la liste « besoin »), ou de son thème s'il n'a pas de
besoin déclaré. Les relais sont des enregistrements des données, jamais du
texte écrit dans un gabarit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from guide.model import Guide, Organisation, Record, Service, SourceCitation
from guide.schema import Schema


@dataclass(frozen=True)
class Contact:
    """One way to reach someone: a record (service or organisation) and what the data gives to reach it."""

    who: Record
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    unsure: frozenset[str] = frozenset()  # contact fields marked « à confirmer » on `who`

    @property
    def reachable(self) -> bool:
        """True when there is a number, an address or a site to use."""
        return bool(self.phone or self.email or self.website)

    @property
    def imported(self) -> SourceCitation | None:
        """The newest data·inclusion row one of these ways of reaching `who` comes from (« Source : data·inclusion, mis à jour le … »)."""
        return self.who.imported("telephone", "courriel", "site_web")


@dataclass(frozen=True)
class ContactPlan:
    """Whom a fiche sends its reader to, in order: itself, its organisations, national relays."""

    service: Service
    own: Contact | None
    organisations: list[Contact] = field(default_factory=list)
    relays: list[Contact] = field(default_factory=list)

    @property
    def local_missing(self) -> bool:
        """True when the source gives no contact of the service itself."""
        return self.own is None

    @property
    def others(self) -> list[Contact]:
        """The contacts other than the service's own: its organisations, then the relays."""
        return [*self.organisations, *self.relays]

    @property
    def in_print(self) -> list[Contact]:
        """The other contacts kept on a printed sheet, which must fit one A4 page: two contacts in all."""
        return self.others[: 1 if self.own else 2]

    @property
    def unnamed_in_print(self) -> list[Organisation]:
        """The service's organisations that the printed contact line does not already name."""
        named = {c.who.id for c in self.in_print}
        return [o for o in self.service.organisations if o.id not in named]

    @property
    def all(self) -> list[Contact]:
        """Every contact shown, in order."""
        return [c for c in [self.own, *self.organisations, *self.relays] if c]

    @property
    def call(self) -> Contact | None:
        """The contact behind the fiche's main « Appeler » button: the first one with a phone number."""
        return next((c for c in self.all if c.phone), None)

    @property
    def main(self) -> Contact | None:
        """The contact behind the fiche's main button: the first phone number, else the first e-mail, else the first website."""
        return self.call or next((c for c in self.all if c.email), None) or next((c for c in self.all if c.website), None)

    @property
    def main_is_own(self) -> bool:
        """True when the main button reaches the service itself (« Appeler », not « Appeler <organisation> »)."""
        return self.main is not None and self.main.who is self.service

    @property
    def reachable(self) -> bool:
        """True when at least one contact can be used."""
        return any(c.reachable for c in self.all)


def contact_of(record: Record) -> Contact | None:
    """A record's own contact, or None when the data gives it none."""
    found = Contact(
        record,
        getattr(record, "phone", None),
        getattr(record, "email", None),
        getattr(record, "website", None),
        frozenset(record.to_confirm & {"telephone", "courriel", "site_web"}),
    )
    return found if found.reachable else None


def relay_ids(service: Service, schema: Schema) -> list[str]:
    """The `x-relais` of the service's main need, else of its theme."""
    if service.needs:
        need = next((t for t in schema.taxonomy("besoin") if t.slug == service.needs[0]), None)
        if need and need.extra.get("relais"):
            return list(need.extra["relais"])
    theme = next((t for t in schema.taxonomy("thematique") if t.slug == service.theme), None)
    return list(theme.extra.get("relais", [])) if theme else []


def contact_plan(service: Service, guide: Guide, schema: Schema, by_id: dict[str, Record] | None = None) -> ContactPlan:
    """Whom this fiche sends its reader to."""
    by_id = by_id or guide.by_id()
    own = contact_of(service)
    organisations = [c for c in (contact_of(o) for o in service.organisations) if c][:MAX_ORGANISATIONS]
    relays: list[Contact] = []
    if own is None:
        seen = {service.id, *(o.id for o in service.organisations)}
        for rid in relay_ids(service, schema):
            record = by_id.get(rid)
            relay = contact_of(record) if record and rid not in seen else None
            if relay:
                relays.append(relay)
                seen.add(rid)
    return ContactPlan(service, own, organisations, relays)


def contact_plans(guide: Guide, schema: Schema) -> dict[str, ContactPlan]:
    """Every service's plan, by service id (made once per build)."""
    by_id = guide.by_id()
    return {s.id: contact_plan(s, guide, schema, by_id) for s in guide.services}


def relays_for(ids: list[str], guide: Guide) -> list[Contact]:
    """The reachable records among these ids (finder relays), in order."""
    by_id = guide.by_id()
    return [c for c in (contact_of(by_id[i]) for i in ids if i in by_id) if c]


def helplines(guide: Guide) -> list[Service]:
    """The safety net: the national helplines of SAFETY_NET present in the data, in that order."""
    by_id = {s.id: s for s in guide.services if s.is_national and s.phone}
    return [by_id[i] for i in SAFETY_NET if i in by_id]


# A fiche names at most this many of its organisations' contacts (the others are on « Qui s'en occupe »).
MAX_ORGANISATIONS = 2

# The safety net shown on the home page and in print, in this order (ids of data/schemes.yaml).
SAFETY_NET = ("urgences", "allo-119", "numero-3114", "fil-sante-jeunes", "numero-3018", "drogues-info-service")


# « Numéros utiles » beside the helplines: national services for everyday formalities (ids of data/schemes.yaml).
USEFUL = ("france-travail", "caf-doubs", "cpam-doubs", "monenfant-fr", "1jeune1solution")


def useful_contacts(guide: Guide) -> list[Contact]:
    """The national services for formalities listed on « Numéros utiles », in USEFUL order."""
    return relays_for(list(USEFUL), guide)
