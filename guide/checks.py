"""Les règles que le schéma JSON ne sait pas exprimer.

Chaque règle est une fonction nommée comme une phrase sur les données ; elle
reçoit le fichier chargé et rend des `Problem`. Les règles « dures » (erreurs)
et « douces » (avertissements) sont dans deux listes séparées. Elles tolèrent
des données mal formées (le schéma les signale déjà) pour que toutes les
erreurs sortent en une fois.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import opening_hours
import phonenumbers
from phonenumbers import shortnumberinfo

from guide import hours, markup
from guide.problems import WARNING, Problem
from guide.references import known_ids, reference_problems
from guide.schema import RECORD_LISTS

# ---------------------------------------------------------------- data

STALE_AFTER_DAYS = 183  # 6 mois
VERY_STALE_AFTER_DAYS = 365  # 12 mois


@dataclass
class Context:
    """What the rules need: the loaded data, the file name shown, and today's date."""

    data: Any
    shown: str
    today: dt.date
    fields: dict[str, frozenset[str]] = field(default_factory=dict)  # collection → its schema fields
    formatted: dict = field(default_factory=dict)  # collection → fields that accept *italique*, **gras** and links (guide/markup.py)
    references: list = field(default_factory=list)  # where ids of other lists are, from the schema's x-reference (guide/references.py)

    def records(self, collection: str | None = None) -> Iterator[tuple[str, int, dict]]:
        """Each well-shaped record: (collection, index, record)."""
        if not isinstance(self.data, dict):
            return
        for name in [collection] if collection else RECORD_LISTS:
            items = self.data.get(name)
            if not isinstance(items, list):
                continue
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    yield name, index, item

    def problem(
        self,
        record: dict,
        key: str | None,
        message: str,
        expected: str | None = None,
        example: str | None = None,
        severity: str = "erreur",
        item: int | None = None,
        within: str | None = None,
    ) -> Problem:
        """A problem located at `record[key]` (or `record[key][item]`, or `record[within][key]`)."""
        container = record[within] if within else record
        line, col = getattr(container, "start", (0, 0))
        marks = getattr(container, "marks", {})
        if key in marks:
            line, col = marks[key]
            value = container.get(key)
            if item is not None and item in getattr(value, "marks", {}):
                line, col = value.marks[item]
        field = key if item is None else f"{key}[{item + 1}]"
        field = f"{within}.{field}" if within else field
        rid = record.get("id") if isinstance(record.get("id"), str) else "?"
        return Problem(self.shown, line, col, rid, field or "", message, expected, example, severity)


# ---------------------------------------------------------------- hard rules


def les_identifiants_sont_uniques(ctx: Context) -> Iterator[Problem]:
    """Within one list, two records never share an id (the id is the page address)."""
    for name in ("documents", *RECORD_LISTS):
        seen: dict[str, int] = {}
        for _, _, record in ctx.records(name) if name in RECORD_LISTS else _documents(ctx):
            rid = record.get("id")
            if not isinstance(rid, str):
                continue
            if rid in seen:
                yield ctx.problem(
                    record,
                    "id",
                    f"l'identifiant « {rid} » est déjà utilisé dans la liste « {name} » (ligne {seen[rid]})",
                    f"un identifiant unique dans la liste « {name} »",
                    f"{rid}-2",
                )
            else:
                seen[rid] = getattr(record, "start", (0, 0))[0]


def les_identifiants_ne_sont_pas_reserves(ctx: Context) -> Iterator[Problem]:
    """An id is a page name: never one the site takes for itself (index, assets, a locale code…; guide/reserved.py)."""
    from guide.reserved import reserved_ids  # reads the page plan, which needs the renderer

    reserved = reserved_ids()
    for collection, _, record in ctx.records():
        rid = record.get("id")
        if isinstance(rid, str) and rid.lower() in reserved:
            yield ctx.problem(
                record,
                "id",
                f"l'identifiant « {rid} » est réservé : le site a déjà une page ou un dossier de ce nom",
                "un identifiant qui n'est ni " + ", ".join(sorted(reserved)),
                f"{rid}-{collection.removesuffix('s')}",
            )


def les_references_existent(ctx: Context) -> Iterator[Problem]:
    """Every id at a place the schema annotates (x-reference) names a record of the right list (guide/references.py)."""
    yield from reference_problems(ctx.data, ctx.shown, ctx.references, known_ids(ctx.data))


def la_source_cite_une_mesure_qui_existe(ctx: Context) -> Iterator[Problem]:
    """A source that names a measure number names one of the recorded measures."""
    numbers = {m.get("numero") for _, _, m in ctx.records("mesures")}
    for _, _, record in ctx.records():
        source = record.get("source")
        if isinstance(source, dict) and isinstance(source.get("mesure"), int) and source["mesure"] not in numbers:
            yield ctx.problem(
                record,
                "mesure",
                within="source",
                message=f"la mesure n°{source['mesure']} n'existe pas dans la liste « mesures »",
                expected="le numéro d'une mesure du pacte",
                example="20",
            )


def le_numero_de_mesure_correspond_a_son_identifiant(ctx: Context) -> Iterator[Problem]:
    """`mesure-20` has `numero: 20`, and no two measures share a number."""
    seen = set()
    for _, _, record in ctx.records("mesures"):
        number, rid = record.get("numero"), record.get("id")
        if isinstance(number, int) and isinstance(rid, str) and rid != f"mesure-{number}":
            yield ctx.problem(
                record,
                "numero",
                f"le numéro {number} ne correspond pas à l'identifiant « {rid} »",
                "le même numéro que dans l'identifiant",
                f"id: mesure-{number}",
            )
        if isinstance(number, int):
            if number in seen:
                yield ctx.problem(record, "numero", f"le numéro {number} est déjà utilisé par une autre mesure", "un numéro par mesure", None)
            seen.add(number)


def un_statut_confirme_cite_sa_source(ctx: Context) -> Iterator[Problem]:
    """A status other than 'à confirmer' needs its own dated source."""
    for _, _, record in ctx.records("mesures"):
        if record.get("statut", "a-confirmer") != "a-confirmer" and "statut_source" not in record:
            yield ctx.problem(
                record,
                "statut",
                f"le statut « {record.get('statut')} » n'a pas de source",
                "un champ statut_source (document, article, date), ou statut: a-confirmer",
                "statut_source: {document: ..., article: 1, date: 2024-06-30}",
            )


def l_age_minimum_ne_depasse_pas_l_age_maximum(ctx: Context) -> Iterator[Problem]:
    """age_min ≤ age_max."""
    for _, _, record in ctx.records("services"):
        low, high = record.get("age_min"), record.get("age_max")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            yield ctx.problem(
                record,
                "age_min",
                f"l'âge minimum ({low}) est plus grand que l'âge maximum ({high})",
                "age_min inférieur ou égal à age_max",
                "age_min: 16 et age_max: 25",
            )


def les_telephones_sont_valides(ctx: Context) -> Iterator[Problem]:
    """A phone number is a valid French number, short (3949) or with 10 digits."""
    for _, _, record in ctx.records():
        phone = record.get("telephone")
        if isinstance(phone, str) and not is_valid_french_phone(phone):
            yield ctx.problem(
                record, "telephone", f"le numéro « {phone} » n'est pas un numéro français valide", "un numéro court national ou 10 chiffres", "3949"
            )


def les_horaires_sont_au_format_openstreetmap(ctx: Context) -> Iterator[Problem]:
    """Opening hours parse as OpenStreetMap `opening_hours` and the guide can say them in words (guide/hours.py); hours written in
    French words get the exact form to store."""
    for _, _, record in ctx.records("services"):
        value = record.get("horaires_accueil")
        found = hours.problem(value) if isinstance(value, str) else None
        if found:
            yield ctx.problem(record, "horaires_accueil", *found)


def les_textes_restent_dans_le_petit_markdown_permis(ctx: Context) -> Iterator[Problem]:
    """Every text is data, not markup: plain text, and *italique*, **gras** and https/mailto/tel links in long texts (guide/markup.py)."""
    for collection, _, record in [*ctx.records(), *_documents(ctx)]:
        for within, key, item, text in _strings(record):
            formatted = within is None and key in ctx.formatted.get(collection, ())
            found = markup.problems(text, formatted)
            if found:
                yield ctx.problem(record, key, markup.message(found), *markup.expected(formatted), item=item, within=within)


def les_dates_ne_sont_pas_dans_le_futur(ctx: Context) -> Iterator[Problem]:
    """Nobody verified a record tomorrow."""
    for _, _, record in ctx.records():
        verification = record.get("verification")
        value = verification.get("date") if isinstance(verification, dict) else None
        date = _as_date(value)
        if date and date > ctx.today:
            yield ctx.problem(
                record,
                "date",
                f"la date de vérification {value} est dans le futur",
                f"une date passée, au plus tard {ctx.today.isoformat()}",
                ctx.today.isoformat(),
                within="verification",
            )


def les_champs_a_confirmer_existent(ctx: Context) -> Iterator[Problem]:
    """`a_confirmer` names fields that this kind of record has."""
    for collection, _, record in ctx.records():
        allowed = ctx.fields.get(collection)
        names = record.get("a_confirmer")
        if not allowed or not isinstance(names, list):
            continue
        for item, name in enumerate(names):
            if isinstance(name, str) and name not in allowed - {"id", "a_confirmer", "source", "autres_sources", "provenance", "verification", "owner", "note"}:
                yield ctx.problem(
                    record,
                    "a_confirmer",
                    f"« {name} » n'est pas un champ de cette fiche",
                    "le nom d'un champ de la fiche dont la valeur est une supposition",
                    "a_confirmer: [frais, age_min]",
                    item=item,
                )


def le_pacte_est_cite_avec_son_article(ctx: Context) -> Iterator[Problem]:
    """A source that is a text (not a web page) gives the article it relies on."""
    pages = {d.get("id") for _, _, d in _documents(ctx) if d.get("url") or d.get("data_inclusion")}
    for _, _, record in ctx.records():
        for within, key, source in _sources(record):
            if isinstance(source.get("document"), str) and source["document"] not in pages and "article" not in source:
                yield ctx.problem(
                    record,
                    key or "article",
                    "l'article est obligatoire quand la source est un texte (et pas une page web ni une ligne data·inclusion)",
                    "le numéro d'article du document cité",
                    'source: {document: pacte-planoise-2023, article: 7, date: "2023-01-31"}',
                    within=within,
                )


def une_page_non_lue_n_a_pas_de_date(ctx: Context) -> Iterator[Problem]:
    """A citation has a date exactly when its document has one: no consultation date for a page nobody opened, and a dated text keeps its date."""
    dated = {d.get("id"): bool(d.get("date")) for _, _, d in _documents(ctx)}
    for _, _, record in ctx.records():
        for within, key, source in _sources(record):
            document = source.get("document")
            if not isinstance(document, str) or document not in dated:
                continue
            if "date" in source and not dated[document]:
                yield ctx.problem(
                    record,
                    key or "date",
                    f"le document « {document} » n'a pas de date (personne n'a relu la page) : la source ne peut pas en donner une",
                    "pas de date ; quand quelqu'un relit vraiment la page, mettez la date du jour au document (liste « documents ») et à la source",
                    f"{{document: {document}, pour: regles-nationales}}",
                    within=within or "source",
                )
            elif "date" not in source and dated[document]:
                yield ctx.problem(
                    record,
                    key or "document",
                    f"la source cite « {document} » sans sa date",
                    "la date du document, au format AAAA-MM-JJ",
                    f'{{document: {document}, article: 7, date: "2023-01-31"}}',
                    within=within or "source",
                )


def un_document_sans_date_est_une_page_web(ctx: Context) -> Iterator[Problem]:
    """A document without a date is an official web page noted without opening it: it has an address."""
    for _, _, document in _documents(ctx):
        if "date" not in document and not document.get("url"):
            yield ctx.problem(
                document,
                "date",
                "ce document n'a ni date ni adresse web",
                "la date du document (signature, publication, ou jour de lecture d'une page web) ;"
                " seule une page officielle notée sans l'avoir ouverte reste sans date",
                'date: "2023-01-31"',
            )


def un_dispositif_hors_pacte_cite_sa_page_officielle(ctx: Context) -> Iterator[Problem]:
    """A national scheme the pact does not name (`hors_pacte`) cites its official page (a document with an address), never the pact."""
    pages = {d.get("id") for _, _, d in _documents(ctx) if d.get("url")}
    for _, _, record in ctx.records("services"):
        source = record.get("source")
        if record.get("hors_pacte") is True and isinstance(source, dict) and isinstance(source.get("document"), str) and source["document"] not in pages:
            yield ctx.problem(
                record,
                "source",
                f"un dispositif national hors pacte cite « {source['document']} », qui n'est pas une page web officielle",
                "l'identifiant d'un document de la liste « documents » qui a une adresse (url) sur un site officiel",
                'source: {document: site-service-public-bafa, date: "2026-12-01"}',
            )


def la_provenance_nomme_un_champ_rempli(ctx: Context) -> Iterator[Problem]:
    """`provenance` gives the source of a field this kind of record has, and that holds a value."""
    for collection, _, record in ctx.records():
        provenance = record.get("provenance")
        if not isinstance(provenance, dict):
            continue
        allowed = ctx.fields.get(collection, frozenset())
        for name in provenance:
            if allowed and name not in allowed:
                yield ctx.problem(
                    record,
                    name,
                    f"« {name} » n'est pas un champ de cette fiche",
                    "le nom d'un champ de la fiche dont la valeur vient d'une autre source",
                    "provenance: {telephone: {document: …, date: …}}",
                    within="provenance",
                )
            elif record.get(name) is None:
                yield ctx.problem(
                    record,
                    name,
                    f"la provenance du champ « {name} » est donnée, mais le champ est vide",
                    f"un champ « {name} » rempli, ou retirer cette ligne de provenance",
                    None,
                    within="provenance",
                )


def une_valeur_importee_reste_a_confirmer_jusqu_a_sa_verification(ctx: Context) -> Iterator[Problem]:
    """A value taken from data·inclusion stays in `a_confirmer` until its organisation confirms it (a `verification` on or after the row's date)."""
    imported = {d.get("id") for _, _, d in _documents(ctx) if isinstance(d.get("data_inclusion"), dict)}
    for _, _, record in ctx.records():
        provenance = record.get("provenance")
        if not isinstance(provenance, dict):
            continue
        names = record.get("a_confirmer") if isinstance(record.get("a_confirmer"), list) else []
        verification = record.get("verification")
        verified = _as_date(verification.get("date")) if isinstance(verification, dict) else None
        for name, source in provenance.items():
            if not isinstance(source, dict) or source.get("document") not in imported or name in names:
                continue
            dated = _as_date(source.get("date"))
            if verified is None or (dated is not None and verified < dated):
                yield ctx.problem(
                    record,
                    name,
                    f"la valeur de « {name} » vient de data·inclusion et n'est plus « à confirmer », mais aucune vérification ne la suit",
                    f"« {name} » dans a_confirmer, ou une vérification par l'organisation datée du {source.get('date')} ou après",
                    f'a_confirmer: [{name}]  ou  verification: {{date: "{ctx.today.isoformat()}", par: mission-locale, moyen: appel}}',
                    within="provenance",
                )


def proprietaires(record: dict, collection: str) -> set[str]:
    """The organisations whose word about a record is first-hand: its partner, its organisations, a place's manager, an organisation itself."""
    found = {record.get("owner"), record.get("gestionnaire")}
    found |= {o for o in record.get("organisations") or [] if isinstance(o, str)}
    if collection == "organisations":
        found.add(record.get("id"))
    return {f for f in found if isinstance(f, str)}


def la_correction_d_un_autre_partenaire_reste_a_confirmer(ctx: Context) -> Iterator[Problem]:
    """A value an organisation gave for another's record (provenance: {organisation: …}) stays in `a_confirmer` until the record is verified since.

    The record's own organisation (its partner, one of its organisations, a place's manager) needs no « à confirmer »: its word is first-hand.
    """
    for collection, _, record in ctx.records():
        provenance = record.get("provenance")
        if not isinstance(provenance, dict):
            continue
        names = record.get("a_confirmer") if isinstance(record.get("a_confirmer"), list) else []
        verification = record.get("verification")
        verified = _as_date(verification.get("date")) if isinstance(verification, dict) else None
        own = proprietaires(record, collection)
        for name, source in provenance.items():
            if not isinstance(source, dict) or not isinstance(source.get("organisation"), str) or source["organisation"] in own or name in names:
                continue
            dated = _as_date(source.get("date"))
            if verified is None or (dated is not None and verified < dated):
                yield ctx.problem(
                    record,
                    name,
                    f"la valeur de « {name} » a été donnée par « {source['organisation']} », qui n'est pas l'organisation de cette fiche,"
                    " et n'est pas « à confirmer »",
                    f"« {name} » dans a_confirmer, ou une vérification de la fiche datée du {source.get('date')} ou après",
                    f'a_confirmer: [{name}]  ou  verification: {{date: "{ctx.today.isoformat()}", par: {record.get("owner")}, moyen: appel}}',
                    within="provenance",
                )


HARD_RULES: list[Callable[[Context], Iterator[Problem]]] = [
    les_identifiants_sont_uniques,
    les_identifiants_ne_sont_pas_reserves,
    les_references_existent,
    la_source_cite_une_mesure_qui_existe,
    le_numero_de_mesure_correspond_a_son_identifiant,
    un_statut_confirme_cite_sa_source,
    l_age_minimum_ne_depasse_pas_l_age_maximum,
    les_telephones_sont_valides,
    les_horaires_sont_au_format_openstreetmap,
    les_textes_restent_dans_le_petit_markdown_permis,
    les_dates_ne_sont_pas_dans_le_futur,
    les_champs_a_confirmer_existent,
    une_page_non_lue_n_a_pas_de_date,
    le_pacte_est_cite_avec_son_article,
    un_document_sans_date_est_une_page_web,
    un_dispositif_hors_pacte_cite_sa_page_officielle,
    la_provenance_nomme_un_champ_rempli,
    une_valeur_importee_reste_a_confirmer_jusqu_a_sa_verification,
    la_correction_d_un_autre_partenaire_reste_a_confirmer,
]

# ---------------------------------------------------------------- soft rules


def la_fiche_a_ete_verifiee_recemment(ctx: Context) -> Iterator[Problem]:
    """Warn when a record's information is more than 6 months old, louder after 12: from its last verification, else from its source."""
    example = f'verification: {{date: "{ctx.today.isoformat()}", par: mission-locale, moyen: appel}}'
    for _, _, record in ctx.records():
        verification, source = record.get("verification"), record.get("source")
        verified = _as_date(verification.get("date")) if isinstance(verification, dict) else None
        date = verified or (_as_date(source.get("date")) if isinstance(source, dict) else None)
        if not date:
            continue
        age = (ctx.today - date).days
        since = f"dernière vérification le {date.isoformat()}" if verified else f"jamais vérifiée ; information tirée de la source du {date.isoformat()}"
        key, within = ("date", "verification") if verified else ("source", None)
        if age > VERY_STALE_AFTER_DAYS:
            yield ctx.problem(
                record,
                key,
                f"information de plus de 12 mois ({age} jours : {since})",
                "une vérification au moins une fois par an",
                example,
                severity=WARNING,
                within=within,
            )
        elif age > STALE_AFTER_DAYS:
            yield ctx.problem(
                record,
                key,
                f"information de plus de 6 mois ({age} jours : {since})",
                "une vérification tous les 6 mois",
                example,
                severity=WARNING,
                within=within,
            )


SOFT_RULES: list[Callable[[Context], Iterator[Problem]]] = [la_fiche_a_ete_verifiee_recemment]


def run_rules(
    data: Any,
    shown: str,
    today: dt.date,
    fields: dict[str, frozenset[str]] | None = None,
    formatted: dict | None = None,
    references: list | None = None,
    texts: bool = True,
) -> list[Problem]:
    """Every hard and soft rule over the loaded data.

    From the schema: `fields`, each collection's fields (for `a_confirmer`); `formatted`, which fields accept
    formatting (none if not given); `references`, where ids of which lists are (Schema.reference_paths).
    `texts=False` (a text or a list over its maximum size): the texts are not read as Markdown until the sizes are right.
    """
    ctx = Context(data, shown, today, fields or {}, formatted or {}, list(references or []))
    rules = [rule for rule in (*HARD_RULES, *SOFT_RULES) if texts or rule is not les_textes_restent_dans_le_petit_markdown_permis]
    return [problem for rule in rules for problem in rule(ctx)]


# ---------------------------------------------------------------- helpers


def is_valid_french_phone(text: str) -> bool:
    """True for a valid French number: 10 digits, +33…, or a national short number like 3949."""
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) or shortnumberinfo.is_valid_short_number_for_region(number, "FR")


def is_valid_opening_hours(text: str) -> bool:
    """True when OpenStreetMap's opening_hours grammar accepts the text."""
    try:
        opening_hours.OpeningHours(text)
    except Exception:  # the parser raises its own ParserError, and others on odd input
        return False
    return True


def _sources(record: dict) -> Iterator[tuple[str, str | None, dict]]:
    """Every source a record cites, with where to point at it: (within, key, source).

    `source` and `statut_source` are pointed at themselves (key None: the problem names its own key);
    a `provenance` entry at its line in the `provenance` block (key: the field it is the source of);
    an `autres_sources` entry at the list.
    """
    for name in ("source", "statut_source"):
        if isinstance(record.get(name), dict):
            yield name, None, record[name]
    provenance = record.get("provenance")
    for name, source in provenance.items() if isinstance(provenance, dict) else []:
        if isinstance(source, dict):
            yield "provenance", name, source
    others = record.get("autres_sources")
    for source in others if isinstance(others, list) else []:
        if isinstance(source, dict):
            yield "autres_sources", None, source


def _documents(ctx: Context) -> Iterator[tuple[str, int, dict]]:
    items = ctx.data.get("documents") if isinstance(ctx.data, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield "documents", index, item


def _strings(record: dict, within: str | None = None) -> Iterator[tuple[str | None, str, int | None, str]]:
    """Every text in a record (one level of nesting), with what locates it: (within, key, item, text)."""
    for key, value in record.items():
        if isinstance(value, str):
            yield within, key, None, value
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield within, key, index, item
        elif isinstance(value, dict) and within is None:
            yield from _strings(value, within=key)


def _as_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
