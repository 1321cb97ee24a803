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

    document: str  # the cited document's id
    article: int | None
    date: dt.date | None  # None: an official page noted without opening it (« à vérifier sur le site officiel »)
    mesure: int | None = None
    titre: str = ""  # the cited document's title (schema: document.titre), or the confirming organisation's name
    url: str | None = None  # a web page cited as source (schema: document.url)
    data_inclusion: dict | None = None  # a row of the national data·inclusion export: {source, id, fichier} (schema: document.data_inclusion)
    pour: str | None = None  # what the record takes from this document (values: appui), when it cites several
    organisation: Any = None  # the partner itself as source (schema: source.organisation): the Organisation that confirmed
    moyen: str | None = None  # how it confirmed (appel, courriel, site-web, document, rencontre)

    @property
    def is_pact(self) -> bool:
        """True when the cited document is the 2023 pact."""
        return self.document == PACT

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
    par: Organisation
    moyen: str  # appel, courriel, site-web, document, rencontre
    note: str | None = None


@dataclass(eq=False)
class Record:
    """What every kind of record shares."""

    id: str
    nom: str  # a measure is listed by its title (Measure.titre)
    source: SourceCitation
    line: int
    autres_sources: list[SourceCitation] = field(default_factory=list)  # each for what it supports
    note: str | None = None
    alias: list[str] = field(default_factory=list)
    a_confirmer: frozenset[str] = frozenset()  # fields whose value is a guess
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
        return any(f in self.a_confirmer for f in fields)

    def imported(self, *fields: str) -> SourceCitation | None:
        """The newest data·inclusion row that one of these fields (with a value) comes from, or None."""
        found = [s for name, s in self.provenance.items() if name in fields and s.is_data_inclusion and self.french.get(name) is not None]
        return max(found, key=lambda s: s.date) if found else None

    @property
    def sources(self) -> list[SourceCitation]:
        """Every document the record cites: its main source first, then the others (autres_sources)."""
        return [self.source, *self.autres_sources]

    @property
    def partner_sources(self) -> list[SourceCitation]:
        """The partners' confirmations of single fields (provenance), once each, oldest first: shown after the record's sources."""
        found = [s for name, s in self.provenance.items() if s.is_partner and self.french.get(name) is not None and s not in self.sources]
        return sorted(set(found), key=lambda s: (s.date or dt.date.min, s.organisation.id, s.moyen or ""))

    @property
    def from_pact_only(self) -> bool:
        """True when the pact of 2023 is the record's only dated source and nobody has verified it since."""
        return self.verification is None and self.source.is_pact and not any(s.date for s in self.autres_sources)

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

    type: str = ""
    sigle: str | None = None
    nom_court: str | None = None  # the common short name, written by Facile à lire in its sentences
    role: str = ""
    signataire: bool = False
    siret: str | None = None
    telephone: str | None = None
    courriel: str | None = None
    site_web: str | None = None
    annuaire: str | None = None  # official directory of its local offices
    relais: dict | None = None  # what this contact can tell residents about (guide/donnees/contacts.py Domain)
    owner: Organisation | None = field(default=None, repr=False)
    services: list[Service] = field(default_factory=list, repr=False)
    mesures: list[Measure] = field(default_factory=list, repr=False)
    lieux: list[Place] = field(default_factory=list, repr=False)

    @property
    def is_public(self) -> bool:
        """True for the State, a local authority or a public body (not an association, school, venue or network)."""
        return self.type in PUBLIC_KINDS


# The organisation types (schema: type_organisation) that are public bodies.
PUBLIC_KINDS = frozenset({"etat", "collectivite", "organisme-public"})


@dataclass(eq=False)
class Place(Record):
    """Where something happens. Address and coordinates stay empty without a source."""

    type: str = ""
    adresse: str | None = None
    commune: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    gestionnaire: Organisation | None = field(default=None, repr=False)
    services: list[Service] = field(default_factory=list, repr=False)

    @property
    def has_coordinates(self) -> bool:
        """True when the place can be shown on a map."""
        return self.latitude is not None and self.longitude is not None


@dataclass(eq=False)
class Measure(Record):
    """One of the pact's numbered measures."""

    nom: str = field(default="", init=False)  # its title: what lists show for any record
    numero: int = 0
    article: int = 0
    thematique: str = ""
    titre: str = ""
    engagement: str = ""
    statut: str = "a-confirmer"
    statut_source: SourceCitation | None = None
    sans_service_motif: str | None = None
    owner: Organisation | None = field(default=None, repr=False)
    organisations: list[Organisation] = field(default_factory=list, repr=False)  # named by the pact for this measure
    pressenties: list[Organisation] = field(default_factory=list, repr=False)  # not named by the pact, to be confirmed
    nommees: list[Organisation] = field(default_factory=list, repr=False)  # named by the pact as partners when it says « nous »
    services: list[Service] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.nom = self.titre

    @property
    def is_confirmed(self) -> bool:
        """True when a dated source says where the measure stands."""
        return self.statut != "a-confirmer"


@dataclass(eq=False)
class Service(Record):
    """A scheme or service a resident can use: the heart of the guide."""

    resume: str = ""
    description: str = ""
    thematique: str = ""
    besoins: list[str] = field(default_factory=list)  # « Je cherche… » : the main one first
    situations: list[str] = field(default_factory=list)  # reserved to these situations; empty = anyone of its publics
    plan_collectif: bool = False  # a plan or network a resident does not ask for
    hors_pacte: bool = False  # a national scheme the pact does not name
    etat: str = ""
    age_min: int | None = None
    age_max: int | None = None
    publics: list[str] = field(default_factory=list)
    publics_precisions: str | None = None
    frais: str = ""
    frais_precisions: str | None = None
    etapes: list[str] = field(default_factory=list)
    telephone: str | None = None
    courriel: str | None = None
    site_web: str | None = None
    annuaire: str | None = None  # official directory where a resident finds the nearest place
    relais: dict | None = None  # what this contact can tell residents about (guide/donnees/contacts.py Domain)
    horaires_accueil: str | None = None
    langues: list[str] = field(default_factory=list)
    accessibilite: str | None = None
    owner: Organisation | None = field(default=None, repr=False)
    lieux: list[Place] = field(default_factory=list, repr=False)
    organisations: list[Organisation] = field(default_factory=list, repr=False)
    mesures: list[Measure] = field(default_factory=list, repr=False)

    @property
    def is_project(self) -> bool:
        """True when the pact announces it rather than describes it as running."""
        return self.etat == "projet"

    @property
    def is_free(self) -> bool:
        """True when a source says it costs nothing (and nobody marked the cost « à confirmer »)."""
        return self.frais == "gratuit" and not self.unsure("frais")

    @property
    def is_national(self) -> bool:
        """True for a national scheme or helpline, wider than the neighbourhood."""
        return self.etat == "national"

    @property
    def at_a_distance(self) -> bool:
        """Reached by phone or online only: a national service with its own number or site and no place to go to in the
        neighbourhood (no place, or only online ones). Its page says so instead of « lieu non précisé » and unknown hours."""
        return self.is_national and bool(self.telephone or self.site_web) and all(p.type == "en-ligne" for p in self.lieux)

    @property
    def has_place_to_visit(self) -> bool:
        """True when a resident goes somewhere for it: one of its places is not online. Unknown hours then say « renseignez-vous
        avant de venir »; a service reached by phone or online, or with no place given, only says the hours are not known."""
        return any(p.type != "en-ligne" for p in self.lieux)

    @property
    def for_professionals(self) -> bool:
        """A tool for teachers and other professionals rather than a service a resident asks for: professionals are its
        first public and it answers no need of « Je cherche… » (besoins empty). Its page says so in one line at the top."""
        return bool(self.publics) and self.publics[0] == "professionnels" and not self.besoins

    @property
    def has_contact(self) -> bool:
        """True when a resident has at least one way to get in touch."""
        return bool(self.telephone or self.courriel or self.site_web)

    @property
    def annuaires(self) -> list[str]:
        """The official directories where a resident finds today's nearest address (« Trouver l'adresse la plus proche »): its own, then its organisations'."""
        found = [self.annuaire, *(o.annuaire for o in self.organisations)]
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
    mesures: list[Measure]
    organisations: list[Organisation]
    lieux: list[Place]
    documents: dict[str, dict]

    def by_id(self) -> dict[str, Record]:
        """Every record by its id."""
        return {r.id: r for r in [*self.services, *self.mesures, *self.organisations, *self.lieux]}

    @property
    def reference_date(self) -> dt.date:
        """The newest date in the data: what the site shows as 'now', so builds never read the clock."""
        dates = [r.information_date for r in [*self.services, *self.mesures, *self.organisations, *self.lieux] if r.information_date]
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
    lieux = [_place(p, documents, orgs) for p in data["lieux"]]
    place_ids = {p.id: p for p in lieux}
    mesures = [_measure(m, documents, orgs) for m in data["mesures"]]
    measure_ids = {m.id: m for m in mesures}
    services = [_service(s, documents, orgs, place_ids, measure_ids) for s in data["services"]]

    for service in services:
        for org in service.organisations:
            org.services.append(service)
        for measure in service.mesures:
            measure.services.append(service)
        for place in service.lieux:
            place.services.append(service)
    for measure in mesures:
        for org in [*measure.organisations, *measure.nommees]:
            org.mesures.append(measure)
    for place in lieux:
        if place.gestionnaire:
            place.gestionnaire.lieux.append(place)
    mesures.sort(key=lambda m: m.numero)
    for record in [*services, *mesures, *organisations, *lieux]:
        _link_partners(record, orgs)
    return Guide(services, mesures, organisations, lieux, documents)


def _link_partners(record: Record, orgs: dict) -> None:
    """A source that is an organisation names it by id while records are built: give it the Organisation (its name in each language)."""

    def link(source: SourceCitation | None) -> SourceCitation | None:
        if source is None or not isinstance(source.organisation, str):
            return source
        org = orgs[source.organisation]
        return replace(source, organisation=org, titre=org.nom)

    record.source = link(record.source)
    record.autres_sources = [link(s) for s in record.autres_sources]
    record.provenance = {name: link(s) for name, s in record.provenance.items()}
    if getattr(record, "statut_source", None):
        record.statut_source = link(record.statut_source)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _source(raw: dict, documents: dict) -> SourceCitation:
    if "organisation" in raw:  # the partner itself: linked to its Organisation once they are all built (_link_partners)
        return SourceCitation("", None, _date(raw.get("date")), organisation=raw["organisation"], moyen=raw.get("moyen"))
    document = documents[raw["document"]]
    return SourceCitation(
        document=raw["document"],
        article=raw.get("article"),
        date=_date(raw.get("date")),
        mesure=raw.get("mesure"),
        titre=document["titre"],
        url=document.get("url"),
        data_inclusion=document.get("data_inclusion"),
        pour=raw.get("pour"),
    )


def _verification(raw: dict, orgs: dict) -> Verification | None:
    found = raw.get("verification")
    return Verification(date=_date(found["date"]), par=orgs[found["par"]], moyen=found["moyen"], note=found.get("note")) if found else None


def _line(raw: Any) -> int:
    return getattr(raw, "start", (0, 0))[0]


def _base(raw: dict, documents: dict, collection: str) -> dict:
    source, others = _source(raw["source"], documents), [_source(cited, documents) for cited in raw.get("autres_sources", [])]
    if others and source.is_pact and not source.pour:  # next to other documents, the pact stands for what happens in Planoise
        source = replace(source, pour="existence-locale")
    return dict(
        id=raw["id"],
        source=source,
        line=_line(raw),
        autres_sources=others,
        note=raw.get("note"),
        alias=list(raw.get("alias", [])),
        a_confirmer=frozenset(raw.get("a_confirmer", [])),
        collection=collection,
        french=dict(raw),
    )


def _provenance(raw: dict, documents: dict) -> dict[str, SourceCitation]:
    """Field → its own source (contacts imported from data·inclusion): organisations, places and services only."""
    return {name: _source(cited, documents) for name, cited in raw.get("provenance", {}).items()}


def _organisation(raw: dict, documents: dict) -> Organisation:
    return Organisation(
        **_base(raw, documents, "organisations"),
        nom=raw["nom"],
        provenance=_provenance(raw, documents),
        type=raw["type"],
        sigle=raw.get("sigle"),
        nom_court=raw.get("nom_court"),
        role=raw["role"],
        signataire=raw.get("signataire", False),
        siret=raw.get("siret"),
        telephone=raw.get("telephone"),
        courriel=raw.get("courriel"),
        site_web=raw.get("site_web"),
        annuaire=raw.get("annuaire"),
        relais=raw.get("relais"),
    )


def _place(raw: dict, documents: dict, orgs: dict) -> Place:
    return Place(
        **_base(raw, documents, "lieux"),
        nom=raw["nom"],
        provenance=_provenance(raw, documents),
        verification=_verification(raw, orgs),
        type=raw["type"],
        adresse=raw.get("adresse"),
        commune=raw.get("commune"),
        latitude=raw.get("latitude"),
        longitude=raw.get("longitude"),
        gestionnaire=orgs.get(raw.get("gestionnaire")),
    )


def _measure(raw: dict, documents: dict, orgs: dict) -> Measure:
    statut_source = raw.get("statut_source")
    return Measure(
        **_base(raw, documents, "mesures"),
        numero=raw["numero"],
        article=raw["article"],
        thematique=raw["thematique"],
        titre=raw["titre"],
        engagement=raw["engagement"],
        statut=raw["statut"],
        statut_source=_source(statut_source, documents) if statut_source else None,
        sans_service_motif=raw.get("sans_service_motif"),
        owner=orgs[raw["owner"]],
        verification=_verification(raw, orgs),
        organisations=[orgs[i] for i in raw["organisations"]],
        pressenties=[orgs[i] for i in raw.get("pressenties", [])],
        nommees=[orgs[i] for i in raw.get("nommees", [])],
    )


def _service(raw: dict, documents: dict, orgs: dict, lieux: dict, mesures: dict) -> Service:
    return Service(
        **_base(raw, documents, "services"),
        nom=raw["nom"],
        provenance=_provenance(raw, documents),
        resume=raw["resume"],
        description=raw["description"],
        thematique=raw["thematique"],
        besoins=list(raw["besoins"]),
        situations=list(raw.get("situations", [])),
        plan_collectif=bool(raw.get("plan_collectif", False)),
        hors_pacte=bool(raw.get("hors_pacte", False)),
        etat=raw["etat"],
        age_min=raw.get("age_min"),
        age_max=raw.get("age_max"),
        publics=list(raw["publics"]),
        publics_precisions=raw.get("publics_precisions"),
        frais=raw["frais"],
        frais_precisions=raw.get("frais_precisions"),
        etapes=list(raw["etapes"]),
        telephone=raw.get("telephone"),
        courriel=raw.get("courriel"),
        site_web=raw.get("site_web"),
        annuaire=raw.get("annuaire"),
        relais=raw.get("relais"),
        horaires_accueil=raw.get("horaires_accueil"),
        langues=list(raw.get("langues", [])),
        accessibilite=raw.get("accessibilite"),
        owner=orgs[raw["owner"]],
        verification=_verification(raw, orgs),
        lieux=[lieux[i] for i in raw.get("lieux", [])],
        organisations=[orgs[i] for i in raw["organisations"]],
        mesures=[mesures[i] for i in raw.get("mesures", [])],
    )
