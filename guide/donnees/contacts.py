"""Qui joindre depuis une fiche : le service lui-même, les organisations qui le portent, sinon un relais de son domaine.

Règle de confiance : le gros bouton d'une fiche mène à quelqu'un qui peut
vraiment renseigner sur elle, ou il n'y en a pas. Dans l'ordre : le contact du
service ; celui d'une de ses organisations ; un relais (service ou organisation
qui déclare son domaine, champ `relais` : besoins, thématiques, âges) dont le
domaine contient la fiche. Sans rien de tout cela, la fiche n'a pas de gros
bouton et dit en clair qui peut renseigner. Les relais sont des enregistrements
des données, jamais du texte écrit dans un gabarit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from guide.donnees.model import Guide, Organisation, Record, Service, SourceCitation
from guide.donnees.problems import Problem
from guide.donnees.schema import Schema


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
class Domain:
    """What a relay declares it can tell residents about (schema: relais): needs, themes and ages."""

    needs: frozenset[str]
    themes: frozenset[str]
    age_min: int | None = None
    age_max: int | None = None

    def covers(self, service: Service) -> bool:
        """True when the service's main need and theme are in the domain, and, if the domain has ages, the service's known ages overlap them."""
        if not service.besoins or service.besoins[0] not in self.needs or service.thematique not in self.themes:
            return False
        if self.age_min is None and self.age_max is None:
            return True
        return service.serves_ages(self.age_min or 0, self.age_max if self.age_max is not None else 99)


def domain_of(record: Record) -> Domain | None:
    """The relay domain a record declares (schema: relais), or None."""
    raw = getattr(record, "relais", None)
    if not isinstance(raw, dict):
        return None
    return Domain(frozenset(raw.get("besoins", [])), frozenset(raw.get("thematiques", [])), raw.get("age_min"), raw.get("age_max"))


@dataclass(frozen=True)
class ContactPlan:
    """Whom a fiche sends its reader to, in order: itself, its organisations, relays of its domain."""

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
    def main(self) -> Contact | None:
        """The contact behind the fiche's main button, or None (no big button).

        In order: the service's own contact; else one of its organisations'; else a relay whose
        declared domain covers the service. Within a tier: a phone number, else an e-mail, else a website.
        """
        for tier in ([self.own] if self.own else [], self.organisations, self.relays):
            found = next((c for c in tier if c.phone), None) or next((c for c in tier if c.email), None) or next((c for c in tier if c.website), None)
            if found:
                return found
        return None

    @property
    def call(self) -> Contact | None:
        """The contact behind the fiche's main « Appeler » button, when the main button is a phone number."""
        return self.main if self.main and self.main.phone else None

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
        getattr(record, "telephone", None),
        getattr(record, "courriel", None),
        getattr(record, "site_web", None),
        frozenset(record.a_confirmer & {"telephone", "courriel", "site_web"}),
    )
    return found if found.reachable else None


def can_be_reached(service: Service) -> bool:
    """True when the service itself or one of its organisations can be reached (relays do not count): what a resident can act on."""
    return contact_of(service) is not None or any(contact_of(o) for o in service.organisations)


def relays_of(guide: Guide) -> list[tuple[Record, Domain]]:
    """Every record that declares a relay domain (schema: relais), in file order: services, then organisations."""
    found = [(r, domain_of(r)) for r in [*guide.services, *guide.organisations]]
    return [(r, d) for r, d in found if d]


def contact_plan(service: Service, guide: Guide, schema: Schema | None = None, relays: list[tuple[Record, Domain]] | None = None) -> ContactPlan:
    """Whom this fiche sends its reader to: relays only when neither the service nor its organisations can be reached, and only of its domain."""
    relays = relays_of(guide) if relays is None else relays
    own = contact_of(service)
    organisations = [c for c in (contact_of(o) for o in service.organisations) if c][:MAX_ORGANISATIONS]
    found: list[Contact] = []
    if own is None and not organisations:
        seen = {service.id, *(o.id for o in service.organisations)}
        for record, domain in relays:
            relay = contact_of(record) if record.id not in seen and domain.covers(service) else None
            if relay:
                found.append(relay)
                seen.add(record.id)
    return ContactPlan(service, own, organisations, found[:MAX_RELAYS])


def contact_plans(guide: Guide, schema: Schema | None = None) -> dict[str, ContactPlan]:
    """Every service's plan, by service id (made once per build)."""
    relays = relays_of(guide)
    return {s.id: contact_plan(s, guide, schema, relays) for s in guide.services}


def relays_outside_their_domain(plans: dict[str, ContactPlan]) -> list[tuple[Service, Contact]]:
    """The (service, relay) pairs where a fiche would send its reader to a relay that does not declare the service in its domain.

    Always empty for plans made by `contact_plan`; a rule of `guide check` and of the tests, so that no later change can
    give a relay's button to a service outside its domain without being caught.
    """
    wrong = []
    for plan in plans.values():
        for relay in plan.relays:
            domain = domain_of(relay.who)
            if domain is None or not domain.covers(plan.service):
                wrong.append((plan.service, relay))
    return wrong


def relays_for(ids: list[str], guide: Guide) -> list[Contact]:
    """The reachable records among these ids (finder relays), in order."""
    by_id = guide.by_id()
    return [c for c in (contact_of(by_id[i]) for i in ids if i in by_id) if c]


def helplines(guide: Guide) -> list[Service]:
    """The safety net: the national helplines of SAFETY_NET present in the data, in that order."""
    by_id = {s.id: s for s in guide.services if s.is_national and s.telephone}
    return [by_id[i] for i in SAFETY_NET if i in by_id]


# The /swb/ home (Mahorais families, in Facile à lire French): the numbers to know, tap to call, in this order (ids of
# data/schemes.yaml), each with what it is for in one short line. The number and its source always come from the record.
FAMILY_ESSENTIALS = {
    "urgences": "Un danger, une urgence grave. C'est gratuit, jour et nuit.",
    "allo-119": "Un enfant est en danger. C'est gratuit, jour et nuit.",
    "caf-doubs": "La CAF : les allocations pour la famille.",
    "cpam-doubs": "L'Assurance maladie : la carte Vitale, les soins.",
    "numero-3114": "Vous pensez au suicide, ou un proche va mal. C'est gratuit, jour et nuit.",
}


@dataclass(frozen=True)
class Essential:
    """One number of the family essentials: the record, its line, and the official source that gives its number."""

    record: Organisation | Service
    line: str
    source: SourceCitation


def family_essentials(guide: Guide) -> list[Essential]:
    """The FAMILY_ESSENTIALS present in the data with a phone and an official web source, in order."""
    by_id = guide.by_id()
    found = []
    for record_id, line in FAMILY_ESSENTIALS.items():
        record = by_id.get(record_id)
        if record is None or not record.telephone:
            continue
        sources = [s for s in record.sources if s.url]
        official = [s for s in sources if s.pour == "numero-national"] or sources
        if official:
            found.append(Essential(record, line, official[0]))
    return found


def relay_problems(plans: dict[str, ContactPlan], shown: str) -> list[Problem]:
    """`guide check`: an error for each fiche whose button or contact line would go to a relay outside the relay's declared domain."""
    problems = []
    for service, relay in relays_outside_their_domain(plans):
        need = service.besoins[0] if service.besoins else "(aucun besoin)"
        problems.append(
            Problem(
                shown,
                service.line,
                5,
                service.id,
                "besoins",
                f"la fiche enverrait vers le relais « {relay.who.id} », dont le domaine (champ relais) ne contient pas cette fiche",
                f"un relais dont relais.besoins contient le besoin principal « {need} » et relais.thematiques la thématique « {service.thematique} », "
                "et dont les âges croisent ceux de la fiche ; sinon, pas de relais",
                f"sur {relay.who.id} : relais: {{besoins: [{need}], thematiques: [{service.thematique}]}} ; ou un contact du service (telephone, site_web)",
            )
        )
    return problems


# A fiche names at most this many of its organisations' contacts (the others are on « Qui s'en occupe »).
MAX_ORGANISATIONS = 2

# A fiche without a contact of its own or of its organisations names at most this many relays of its domain.
MAX_RELAYS = 2

# The safety net shown on the home page and in print, in this order (ids of data/schemes.yaml).
SAFETY_NET = ("urgences", "allo-119", "numero-3114", "fil-sante-jeunes", "numero-3018", "drogues-info-service")


# « Numéros utiles » beside the helplines: national services for everyday formalities (ids of data/schemes.yaml).
USEFUL = ("france-travail", "caf-doubs", "cpam-doubs", "monenfant-fr", "1jeune1solution")


def useful_contacts(guide: Guide) -> list[Contact]:
    """The national services for formalities listed on « Numéros utiles », in USEFUL order."""
    return relays_for(list(USEFUL), guide)
