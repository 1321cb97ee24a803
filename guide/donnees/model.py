"""Le modèle : des objets typés construits à partir de données déjà validées, reliés entre eux.

Les liens ne sont écrits qu'une fois dans le YAML (un service cite ses mesures
et ses organisations) ; les liens inverses (mesure → services, organisation →
services et mesures) sont calculés ici, pour qu'ils ne puissent pas diverger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

# ---------------------------------------------------------------- records

# The pact of 2023, the source most records come from (data/schemes.yaml, documents).
PACT = "pacte-planoise-2023"

# The folder of the site where each list's records get a page (places have none): the one record → page rule.
PAGE_FOLDERS = {"services": "fiches", "mesures": "mesures", "organisations": "organisations"}


@dataclass(frozen=True)
class SourceCitation:
    """Where a fact comes from: document, article, measure, date (None for a web page recorded without anyone opening it)."""

    document_id: str
    article: int | None
    date: dt.date | None  # None: an official page noted without opening it (« à vérifier sur le site officiel »)
    measure: int | None = None
    document_title: str = ""
    url: str | None = None  # a web page cited as source
    data_inclusion: dict | None = None  # a row of the national data·inclusion export: {source, id, fichier} (schema: document.data_inclusion)
    supports: str | None = None  # what the record takes from this document (schema: appui), when it cites several
    organisation: Any = None  # the partner itself as source (schema: source.organisation): the Organisation that confirmed
    means: str | None = None  # how it confirmed (schema: source.moyen: appel, courriel, site-web, document, rencontre)

    @property
    def is_pact(self) -> bool:
        """True when the cited document is the 2023 pact."""
        return self.document_id == PACT

    @property
    def unread(self) -> bool:
        """True for a web page recorded without anyone opening it: no consultation date, « à vérifier sur le site officiel »."""
        return self.date is None

    @property
    def is_data_inclusion(self) -> bool:
        """True when the cited document is a row imported from data·inclusion."""
        return self.data_inclusion is not None

    @property
    def is_partner(self) -> bool:
        """True when the source is an organisation's own word (« Confirmé par la CAF du Doubs, par courriel, le … »), not a document."""
        return self.organisation is not None


@dataclass(frozen=True)
class Verification:
    """Who confirmed a record, when and how: a fact distinct from where the information comes from."""

    date: dt.date
    by: Organisation
    means: str  # schema: verification.moyen (appel, courriel, site-web, document, rencontre)
    note: str | None = None


@dataclass(eq=False)
class Record:
    """What every kind of record shares."""

    id: str
    name: str
    source: SourceCitation
    line: int
    other_sources: list[SourceCitation] = field(default_factory=list)  # schema: autres_sources, each for what it supports
    note: str | None = None
    aliases: list[str] = field(default_factory=list)
    to_confirm: frozenset[str] = frozenset()  # fields whose value is a guess (schema: a_confirmer)
    provenance: dict[str, SourceCitation] = field(default_factory=dict)  # field → its own source, when not the record's (schema: provenance)
    verification: Verification | None = None
    collection: str = field(default="", repr=False)
    french: dict = field(default_factory=dict, repr=False)  # the YAML fields as written, for translations

    @property
    def page(self) -> str | None:
        """The source path of the record's page (`fiches/cej.md`), or None for a record without one."""
        folder = PAGE_FOLDERS.get(self.collection)
        return f"{folder}/{self.id}.md" if folder else None

    def unsure(self, *fields: str) -> bool:
        """True when one of these fields is marked « à confirmer »."""
        return any(f in self.to_confirm for f in fields)

    def imported(self, *fields: str) -> SourceCitation | None:
        """The newest data·inclusion row that one of these fields (with a value) comes from, or None."""
        found = [s for name, s in self.provenance.items() if name in fields and s.is_data_inclusion and self.french.get(name) is not None]
        return max(found, key=lambda s: s.date) if found else None

    @property
    def sources(self) -> list[SourceCitation]:
        """Every document the record cites: its main source first, then the others (autres_sources)."""
        return [self.source, *self.other_sources]

    @property
    def partner_sources(self) -> list[SourceCitation]:
        """The partners' confirmations of single fields (provenance), once each, oldest first: shown after the record's sources."""
        found = [s for name, s in self.provenance.items() if s.is_partner and self.french.get(name) is not None and s not in self.sources]
        return sorted(set(found), key=lambda s: (s.date or dt.date.min, s.organisation.id, s.means or ""))

    @property
    def from_pact_only(self) -> bool:
        """True when the pact of 2023 is the record's only dated source and nobody has verified it since."""
        return self.verification is None and self.source.is_pact and not any(s.date for s in self.other_sources)

    @property
    def information_date(self) -> dt.date | None:
        """The date the information dates from: its last verification, else its newest dated source (None: nobody read any)."""
        if self.verification:
            return self.verification.date
        dates = [s.date for s in self.sources if s.date]
        return max(dates) if dates else None


@dataclass(eq=False)
class Organisation(Record):
    """Who runs, funds or signs something."""

    kind: str = ""
    acronym: str | None = None
    short_name: str | None = None  # the common short name (schema: nom_court), written by Facile à lire in its sentences
    role: str = ""
    signatory: bool = False
    siret: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    finder: str | None = None  # official directory of its local offices (schema: annuaire)
    relay: dict | None = None  # what this contact can tell residents about (schema: relais; guide/donnees/contacts.py Domain)
    owner: Organisation | None = field(default=None, repr=False)
    services: list[Service] = field(default_factory=list, repr=False)
    measures: list[Measure] = field(default_factory=list, repr=False)
    places: list[Place] = field(default_factory=list, repr=False)

    @property
    def is_public(self) -> bool:
        """True for the State, a local authority or a public body (not an association, school, venue or network)."""
        return self.kind in PUBLIC_KINDS


# The organisation types (schema: type_organisation) that are public bodies.
PUBLIC_KINDS = frozenset({"etat", "collectivite", "organisme-public"})


@dataclass(eq=False)
class Place(Record):
    """Where something happens. Address and coordinates stay empty without a source."""

    kind: str = ""
    address: str | None = None
    town: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    manager: Organisation | None = field(default=None, repr=False)
    services: list[Service] = field(default_factory=list, repr=False)

    @property
    def has_coordinates(self) -> bool:
        """True when the place can be shown on a map."""
        return self.latitude is not None and self.longitude is not None


@dataclass(eq=False)
class Measure(Record):
    """One of the pact's numbered measures."""

    number: int = 0
    article: int = 0
    theme: str = ""
    title: str = ""
    commitment: str = ""
    status: str = "a-confirmer"
    status_source: SourceCitation | None = None
    no_service_reason: str | None = None
    owner: Organisation | None = field(default=None, repr=False)
    organisations: list[Organisation] = field(default_factory=list, repr=False)  # named by the pact for this measure
    expected: list[Organisation] = field(default_factory=list, repr=False)  # pressenties: not named by the pact, to be confirmed
    named: list[Organisation] = field(default_factory=list, repr=False)  # nommees: named by the pact as partners when it says « nous »
    services: list[Service] = field(default_factory=list, repr=False)

    @property
    def is_confirmed(self) -> bool:
        """True when a dated source says where the measure stands."""
        return self.status != "a-confirmer"


@dataclass(eq=False)
class Service(Record):
    """A scheme or service a resident can use: the heart of the guide."""

    summary: str = ""
    description: str = ""
    theme: str = ""
    needs: list[str] = field(default_factory=list)  # « Je cherche… » : besoins, the main one first
    situations: list[str] = field(default_factory=list)  # reserved to these situations; empty = anyone of its publics
    collective_plan: bool = False  # a plan or network a resident does not ask for (schema: plan_collectif)
    outside_pact: bool = False  # a national scheme the pact does not name (schema: hors_pacte)
    state: str = ""
    age_min: int | None = None
    age_max: int | None = None
    publics: list[str] = field(default_factory=list)
    publics_details: str | None = None
    cost: str = ""
    cost_details: str | None = None
    steps: list[str] = field(default_factory=list)
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    finder: str | None = None  # official directory where a resident finds the nearest place (schema: annuaire)
    relay: dict | None = None  # what this contact can tell residents about (schema: relais; guide/donnees/contacts.py Domain)
    opening_hours: str | None = None
    languages: list[str] = field(default_factory=list)
    accessibility: str | None = None
    owner: Organisation | None = field(default=None, repr=False)
    places: list[Place] = field(default_factory=list, repr=False)
    organisations: list[Organisation] = field(default_factory=list, repr=False)
    measures: list[Measure] = field(default_factory=list, repr=False)

    @property
    def is_project(self) -> bool:
        """True when the pact announces it rather than describes it as running."""
        return self.state == "projet"

    @property
    def is_free(self) -> bool:
        """True when a source says it costs nothing (and nobody marked the cost « à confirmer »)."""
        return self.cost == "gratuit" and not self.unsure("frais")

    @property
    def is_national(self) -> bool:
        """True for a national scheme or helpline, wider than the neighbourhood."""
        return self.state == "national"

    @property
    def at_a_distance(self) -> bool:
        """Reached by phone or online only: a national service with its own number or site and no place to go to in the
        neighbourhood (no place, or only online ones). Its page says so instead of « lieu non précisé » and unknown hours."""
        return self.is_national and bool(self.phone or self.website) and all(p.kind == "en-ligne" for p in self.places)

    @property
    def has_place_to_visit(self) -> bool:
        """True when a resident goes somewhere for it: one of its places is not online. Unknown hours then say « renseignez-vous
        avant de venir »; a service reached by phone or online, or with no place given, only says the hours are not known."""
        return any(p.kind != "en-ligne" for p in self.places)

    @property
    def for_professionals(self) -> bool:
        """A tool for teachers and other professionals rather than a service a resident asks for: professionals are its
        first public and it answers no need of « Je cherche… » (besoins empty). Its page says so in one line at the top."""
        return bool(self.publics) and self.publics[0] == "professionnels" and not self.needs

    @property
    def has_contact(self) -> bool:
        """True when a resident has at least one way to get in touch."""
        return bool(self.phone or self.email or self.website)

    @property
    def finders(self) -> list[str]:
        """The official directories where a resident finds today's nearest address (« Trouver l'adresse la plus proche »): its own, then its organisations'."""
        found = [self.finder, *(o.finder for o in self.organisations)]
        return list(dict.fromkeys(u for u in found if u))

    def serves_ages(self, low: int, high: int) -> bool:
        """True when the service's age range overlaps [low, high]; unknown ages never match."""
        if self.age_min is None and self.age_max is None:
            return False
        return (self.age_min or 0) <= high and (self.age_max if self.age_max is not None else 99) >= low


@dataclass
class Guide:
    """Every record, indexed and cross-linked."""

    services: list[Service]
    measures: list[Measure]
    organisations: list[Organisation]
    places: list[Place]
    documents: dict[str, dict]

    def by_id(self) -> dict[str, Record]:
        """Every record by its id."""
        return {r.id: r for r in [*self.services, *self.measures, *self.organisations, *self.places]}

    @property
    def reference_date(self) -> dt.date:
        """The newest date in the data: what the site shows as 'now', so builds never read the clock."""
        dates = [r.information_date for r in [*self.services, *self.measures, *self.organisations, *self.places] if r.information_date]
        return max(dates) if dates else dt.date(2023, 1, 31)


# ---------------------------------------------------------------- building


def build_guide(data: dict[str, Any]) -> Guide:
    """Turn validated data into linked objects (call only when validation found no error)."""
    documents = {d["id"]: d for d in data["documents"]}
    organisations = [_organisation(o, documents) for o in data["organisations"]]
    orgs = {o.id: o for o in organisations}
    for raw, org in zip(data["organisations"], organisations, strict=True):
        org.owner = orgs[raw["owner"]]
        org.verification = _verification(raw, orgs)
    places = [_place(p, documents, orgs) for p in data["lieux"]]
    place_ids = {p.id: p for p in places}
    measures = [_measure(m, documents, orgs) for m in data["mesures"]]
    measure_ids = {m.id: m for m in measures}
    services = [_service(s, documents, orgs, place_ids, measure_ids) for s in data["services"]]

    for service in services:
        for org in service.organisations:
            org.services.append(service)
        for measure in service.measures:
            measure.services.append(service)
        for place in service.places:
            place.services.append(service)
    for measure in measures:
        for org in [*measure.organisations, *measure.named]:
            org.measures.append(measure)
    for place in places:
        if place.manager:
            place.manager.places.append(place)
    measures.sort(key=lambda m: m.number)
    for record in [*services, *measures, *organisations, *places]:
        _link_partners(record, orgs)
    return Guide(services, measures, organisations, places, documents)


def _link_partners(record: Record, orgs: dict) -> None:
    """A source that is an organisation names it by id while records are built: give it the Organisation (its name in each language)."""

    def link(source: SourceCitation | None) -> SourceCitation | None:
        if source is None or not isinstance(source.organisation, str):
            return source
        org = orgs[source.organisation]
        return replace(source, organisation=org, document_title=org.name)

    record.source = link(record.source)
    record.other_sources = [link(s) for s in record.other_sources]
    record.provenance = {name: link(s) for name, s in record.provenance.items()}
    if getattr(record, "status_source", None):
        record.status_source = link(record.status_source)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _source(raw: dict, documents: dict) -> SourceCitation:
    if "organisation" in raw:  # the partner itself: linked to its Organisation once they are all built (_link_partners)
        return SourceCitation("", None, _date(raw.get("date")), document_title=raw["organisation"], organisation=raw["organisation"], means=raw.get("moyen"))
    document = documents[raw["document"]]
    return SourceCitation(
        raw["document"],
        raw.get("article"),
        _date(raw.get("date")),
        raw.get("mesure"),
        document["titre"],
        document.get("url"),
        document.get("data_inclusion"),
        raw.get("pour"),
    )


def _verification(raw: dict, orgs: dict) -> Verification | None:
    found = raw.get("verification")
    return Verification(_date(found["date"]), orgs[found["par"]], found["moyen"], found.get("note")) if found else None


def _line(raw: Any) -> int:
    return getattr(raw, "start", (0, 0))[0]


def _base(raw: dict, documents: dict, collection: str, name_key: str = "nom") -> dict:
    source, others = _source(raw["source"], documents), [_source(cited, documents) for cited in raw.get("autres_sources", [])]
    if others and source.is_pact and not source.supports:  # next to other documents, the pact stands for what happens in Planoise
        source = replace(source, supports="existence-locale")
    return dict(
        id=raw["id"],
        name=raw[name_key],
        source=source,
        line=_line(raw),
        other_sources=others,
        note=raw.get("note"),
        aliases=list(raw.get("alias", [])),
        to_confirm=frozenset(raw.get("a_confirmer", [])),
        collection=collection,
        french=dict(raw),
    )


def _provenance(raw: dict, documents: dict) -> dict[str, SourceCitation]:
    """Field → its own source (contacts imported from data·inclusion): organisations, places and services only."""
    return {name: _source(cited, documents) for name, cited in raw.get("provenance", {}).items()}


def _organisation(raw: dict, documents: dict) -> Organisation:
    return Organisation(
        **_base(raw, documents, "organisations"),
        provenance=_provenance(raw, documents),
        kind=raw["type"],
        acronym=raw.get("sigle"),
        short_name=raw.get("nom_court"),
        role=raw["role"],
        signatory=raw.get("signataire", False),
        siret=raw.get("siret"),
        phone=raw.get("telephone"),
        email=raw.get("courriel"),
        website=raw.get("site_web"),
        finder=raw.get("annuaire"),
        relay=raw.get("relais"),
    )


def _place(raw: dict, documents: dict, orgs: dict) -> Place:
    return Place(
        **_base(raw, documents, "lieux"),
        provenance=_provenance(raw, documents),
        verification=_verification(raw, orgs),
        kind=raw["type"],
        address=raw.get("adresse"),
        town=raw.get("commune"),
        latitude=raw.get("latitude"),
        longitude=raw.get("longitude"),
        manager=orgs.get(raw.get("gestionnaire")),
    )


def _measure(raw: dict, documents: dict, orgs: dict) -> Measure:
    status_source = raw.get("statut_source")
    return Measure(
        **_base(raw, documents, "mesures", name_key="titre"),
        number=raw["numero"],
        article=raw["article"],
        theme=raw["thematique"],
        title=raw["titre"],
        commitment=raw["engagement"],
        status=raw["statut"],
        status_source=_source(status_source, documents) if status_source else None,
        no_service_reason=raw.get("sans_service_motif"),
        owner=orgs[raw["owner"]],
        verification=_verification(raw, orgs),
        organisations=[orgs[i] for i in raw["organisations"]],
        expected=[orgs[i] for i in raw.get("pressenties", [])],
        named=[orgs[i] for i in raw.get("nommees", [])],
    )


def _service(raw: dict, documents: dict, orgs: dict, places: dict, measures: dict) -> Service:
    return Service(
        **_base(raw, documents, "services"),
        provenance=_provenance(raw, documents),
        summary=raw["resume"],
        description=raw["description"],
        theme=raw["thematique"],
        needs=list(raw["besoins"]),
        situations=list(raw.get("situations", [])),
        collective_plan=bool(raw.get("plan_collectif", False)),
        outside_pact=bool(raw.get("hors_pacte", False)),
        state=raw["etat"],
        age_min=raw.get("age_min"),
        age_max=raw.get("age_max"),
        publics=list(raw["publics"]),
        publics_details=raw.get("publics_precisions"),
        cost=raw["frais"],
        cost_details=raw.get("frais_precisions"),
        steps=list(raw["etapes"]),
        phone=raw.get("telephone"),
        email=raw.get("courriel"),
        website=raw.get("site_web"),
        finder=raw.get("annuaire"),
        relay=raw.get("relais"),
        opening_hours=raw.get("horaires_accueil"),
        languages=list(raw.get("langues", [])),
        accessibility=raw.get("accessibilite"),
        owner=orgs[raw["owner"]],
        verification=_verification(raw, orgs),
        places=[places[i] for i in raw.get("lieux", [])],
        organisations=[orgs[i] for i in raw["organisations"]],
        measures=[measures[i] for i in raw.get("mesures", [])],
    )
