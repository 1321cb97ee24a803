"""« Je cherche… » : trouver la bonne aide en trois questions (âge, situation, besoin).

Tout vient des fiches et des listes fermées du schéma : les entrées « Pour qui »
(`tranche_age`), les listes `situation` et `besoin`, les publics, et les champs
`besoins` et `situations` de chaque service. Aucune liste de services n'est tenue
à part. Les fonctions de ce fichier sont pures : mêmes données, même réponse.

Les pages sont construites d'avance pour chaque chemin de réponses, pour que le
guide marche sans JavaScript :

    je-cherche/                              question 1 : qui êtes-vous ?
    je-cherche/<tranche>/                    question 2 : votre situation (si la tranche en a plusieurs)
    je-cherche/<tranche>/<situation>/        question 3 : que cherchez-vous ?
    je-cherche/<tranche>/<situation>/<besoin>/   les aides, les plus adaptées d'abord
"""

from __future__ import annotations

from dataclasses import dataclass, field

from guide.donnees.contacts import Contact, can_be_reached, relays_for
from guide.donnees.model import Guide, Service
from guide.donnees.schema import Schema, Term
from guide.donnees.text import sort_key
from guide.rendu.pagination import Pagination, paginate

ROOT = "je-cherche"

# Relevance points (see `score`).
MAIN_NEED, OTHER_NEED = 4, 2
RESERVED_TO_SITUATION = 3
NAMED_PUBLIC = 2
KNOWN_AGES = 2


@dataclass(frozen=True)
class Profile:
    """Who is looking: an audience entry (age band or parents) and a situation."""

    band: Term
    situation: Term

    @property
    def ages(self) -> tuple[int, int]:
        """The ages the services must serve: the young person's, or the child's for parents."""
        extra = self.situation.extra if "age-min" in self.situation.extra else self.band.extra
        return extra.get("age-min", 0), extra.get("age-max", 99)

    def publics(self, need: Term | None = None) -> set[str]:
        """The publics that describe this person (looking for a job makes one a job seeker)."""
        return set(self.situation.extra.get("publics", [])) | set(need.extra.get("publics", []) if need else [])


@dataclass(frozen=True)
class Match:
    """A service shown to a profile, with its relevance (higher first)."""

    service: Service
    score: int


# On a phone, this many services come first; the others that a resident can ask for are « voir aussi ».
FIRST_RESULTS = 5


@dataclass(frozen=True)
class Results:
    """A results page, as a phone shows it: the best few, « voir aussi », then projects and plans, collapsed."""

    first: list[Match]  # services a resident can ask for now, the most relevant, FIRST_RESULTS at most
    see_also: list[Match]  # the other services a resident can ask for now
    later: list[Match]  # 2023 projects and collective plans: grouped and collapsed

    @property
    def now(self) -> list[Match]:
        """Every service a resident can ask for now, in order."""
        return [*self.first, *self.see_also]

    @property
    def all(self) -> list[Match]:
        return [*self.first, *self.see_also, *self.later]


def can_ask_now(service: Service) -> bool:
    """True when a resident can ask for this service today: neither a 2023 project nor a collective plan (schema: plan_collectif)."""
    return not service.is_project and not service.plan_collectif


def grouped(matches: list[Match], first: int = FIRST_RESULTS) -> Results:
    """Split sorted matches for a phone: the first few services to ask for now, « voir aussi », then projects and plans."""
    now = [m for m in matches if can_ask_now(m.service)]
    return Results(now[:first], now[first:], [m for m in matches if not can_ask_now(m.service)])


# ---------------------------------------------------------------- questions


def situations_for(schema: Schema, band: Term) -> list[Term]:
    """The answers to question 2 for an audience entry (one answer: the question is skipped)."""
    return [s for s in schema.taxonomy("situation") if band.slug in s.extra.get("tranches", [])]


def needs_for(schema: Schema, band: Term) -> list[Term]:
    """The answers to question 3 for an audience entry."""
    return [n for n in schema.taxonomy("besoin") if "tranches" not in n.extra or band.slug in n.extra["tranches"]]


def profiles(schema: Schema) -> list[Profile]:
    """Every (audience entry, situation) pair the finder asks about, in schema order."""
    return [Profile(band, situation) for band in schema.taxonomy("tranche_age") for situation in situations_for(schema, band)]


# ---------------------------------------------------------------- selection and relevance


def _ages_overlap(low: int | None, high: int | None, ages: tuple[int, int]) -> bool:
    return (low if low is not None else 0) <= ages[1] and (high if high is not None else 99) >= ages[0]


def public_fits(schema: Schema, public: str, publics: set[str], ages: tuple[int, int]) -> bool:
    """True when a service's public includes this person: an everyone-public always, another if it describes the person and fits their age."""
    term = _publics(schema)[public]
    if term.extra.get("pour-tous"):
        return True
    return public in publics and _ages_overlap(term.extra.get("age-min"), term.extra.get("age-max"), ages)


def is_shown(schema: Schema, service: Service, profile: Profile, need: Term) -> bool:
    """True when the finder shows this service to this profile for this need.

    The service answers the need; it is not only for professionals; its ages (if known) fit;
    it is not reserved to other situations; one of its publics describes the person.
    """
    if need.slug not in service.besoins or set(service.publics) <= {"professionnels"}:
        return False
    if (service.age_min is not None or service.age_max is not None) and not _ages_overlap(service.age_min, service.age_max, profile.ages):
        return False
    if service.situations and profile.situation.slug not in service.situations:
        return False
    publics = profile.publics(need)
    return any(public_fits(schema, p, publics, profile.ages) for p in service.publics)


def score(schema: Schema, service: Service, profile: Profile, need: Term) -> int:
    """How well a shown service fits: its main need or another, reserved to this situation, a public that names the person, known ages."""
    points = MAIN_NEED if service.besoins[:1] == [need.slug] else OTHER_NEED
    if profile.situation.slug in service.situations:
        points += RESERVED_TO_SITUATION
    publics = profile.publics(need)
    if any(p in publics and public_fits(schema, p, publics, profile.ages) for p in service.publics):
        points += NAMED_PUBLIC
    if service.age_min is not None or service.age_max is not None:
        points += KNOWN_AGES
    return points


def find(guide: Guide, schema: Schema, profile: Profile, need: Term) -> list[Match]:
    """The services for a profile and a need: those a resident can ask for now first, among them those the resident can reach
    (own or organisation contact), then the most relevant, then by name."""
    matches = [Match(s, score(schema, s, profile, need)) for s in guide.services if is_shown(schema, s, profile, need)]
    return sorted(matches, key=lambda m: (not can_ask_now(m.service), not can_be_reached(m.service), -m.score, sort_key(m.service.nom)))


def contacts(guide: Guide, band: Term) -> list[Contact]:
    """Whom to ask when nothing fits, or to choose: the audience entry's `x-relais` records that can be reached."""
    return relays_for(band.extra.get("relais", []), guide)


# ---------------------------------------------------------------- pages


def page_path(profile: Profile, need: str | None = None) -> str:
    """The source path of a finder page (see the module's docstring)."""
    if need:
        return f"{ROOT}/{profile.band.slug}/{profile.situation.slug}/{need}.md"
    return f"{ROOT}/{profile.band.slug}/{profile.situation.slug}/index.md"


def answer_path(schema: Schema, band: Term) -> str:
    """Where answering question 1 with `band` leads: question 2, or question 3 when there is one situation."""
    situations = situations_for(schema, band)
    return page_path(Profile(band, situations[0])) if len(situations) == 1 else f"{ROOT}/{band.slug}/index.md"


@dataclass(frozen=True)
class Heading:
    """A finder page's heading, as interface keys: « Question <question> : <key> », or the results' <key> with its {count}."""

    key: str
    question: int | None = None  # the question's number, as the reader counts them (a skipped question is not counted)
    count: int | None = None  # fills {count} in the results' heading


@dataclass(frozen=True)
class Answer:
    """An answer already given, as « Vos réponses » lists it: its list and value, its question's number, the page that asks again."""

    taxonomy: str
    slug: str
    question: int
    change: str  # source path of the page that asks this question again


@dataclass(frozen=True)
class Choice:
    """One answer to pick on a question page: its list, its value (icon and label) and the page it leads to."""

    taxonomy: str
    term: Term
    path: str


@dataclass(frozen=True)
class FinderPage:
    """What one finder page shows (je-cherche.jinja.md only displays it): a question and its choices, or the results."""

    step: str  # "tranche", "situation", "besoin" (questions) or "resultats"
    heading: Heading
    answers: list[Answer] = field(default_factory=list)  # the answers given so far, in the order asked
    choices: list[Choice] = field(default_factory=list)  # a question's answers to pick
    results: Results | None = None  # a results page's services
    contacts: list[Contact] = field(default_factory=list)  # whom to ask (results pages)
    restart: str = f"{ROOT}/index.md"  # the first question
    pagination: Pagination | None = None  # a results page's place among the pages of its results (guide/rendu/pagination.py)


def results_heading(results: Results) -> Heading:
    """No service, one, or several to ask for now: each its own sentence."""
    count = len(results.now)
    if not count:
        return Heading("je_cherche_aucune_titre")
    return Heading("je_cherche_resultats_un") if count == 1 else Heading("je_cherche_resultats", count=count)


def finder_plan(guide: Guide, schema: Schema) -> list[tuple[str, str, dict, tuple]]:
    """Every finder page as (path, template, context, records whose translations decide the notice); the context's `view` is a FinderPage."""
    template = "je-cherche.jinja.md"
    bands = schema.taxonomy("tranche_age")
    root = f"{ROOT}/index.md"
    first = FinderPage("tranche", Heading("je_cherche_q_tranche", question=1), choices=[Choice("tranche_age", b, answer_path(schema, b)) for b in bands])
    pages = [(root, template, {"view": first}, ())]
    for band in bands:
        situations = situations_for(schema, band)
        if len(situations) > 1:
            parents = "public" in band.extra
            view = FinderPage(
                "situation",
                Heading("je_cherche_q_situation_parents" if parents else "je_cherche_q_situation", question=2),
                [Answer("tranche_age", band.slug, 1, root)],
                [Choice("situation", s, page_path(Profile(band, s))) for s in situations],
            )
            pages.append((f"{ROOT}/{band.slug}/index.md", template, {"view": view}, ()))
    for profile in profiles(schema):
        asked = len(situations_for(schema, profile.band)) > 1
        answers = [Answer("tranche_age", profile.band.slug, 1, root)]
        if asked:
            answers.append(Answer("situation", profile.situation.slug, 2, answer_path(schema, profile.band)))
        needs = needs_for(schema, profile.band)
        question = Heading("je_cherche_q_besoin", question=len(answers) + 1)
        view = FinderPage("besoin", question, answers, [Choice("besoin", n, page_path(profile, n.slug)) for n in needs])
        pages.append((page_path(profile), template, {"view": view}, ()))
        helpers = contacts(guide, profile.band)
        for need in needs:
            matches = find(guide, schema, profile, need)
            heading = results_heading(grouped(matches))
            given = [*answers, Answer("besoin", need.slug, len(answers) + 1, page_path(profile))]
            # Many results continue on further pages: the first shows the best few in detail, the next ones a line each.
            for path, chunk, place in paginate(page_path(profile, need.slug), matches):
                results = grouped(chunk, FIRST_RESULTS if place.number == 1 else 0)
                view = FinderPage("resultats", heading, given, results=results, contacts=helpers, pagination=place)
                pages.append((path, template, {"view": view}, tuple(m.service for m in chunk)))
    return pages


def _publics(schema: Schema) -> dict[str, Term]:
    return {t.slug: t for t in schema.taxonomy("public")}
