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
from typing import Any

import opening_hours
import phonenumbers
from phonenumbers import shortnumberinfo

from guide.donnees import hours, markup
from guide.donnees.check_context import Context, as_date, documents
from guide.donnees.problems import WARNING, Problem
from guide.donnees.references import known_ids, reference_problems
from guide.donnees.schema import RECORD_LISTS
from guide.donnees.source_checks import (
    la_correction_d_un_autre_partenaire_reste_a_confirmer,
    la_provenance_nomme_un_champ_rempli,
    la_source_cite_une_mesure_qui_existe,
    le_pacte_est_cite_avec_son_article,
    un_dispositif_hors_pacte_cite_sa_page_officielle,
    un_document_sans_date_est_une_page_web,
    un_statut_confirme_cite_sa_source,
    une_page_non_lue_n_a_pas_de_date,
    une_valeur_importee_reste_a_confirmer_jusqu_a_sa_verification,
)

# ---------------------------------------------------------------- data

STALE_AFTER_DAYS = 183  # 6 mois
VERY_STALE_AFTER_DAYS = 365  # 12 mois


# ---------------------------------------------------------------- hard rules


def les_identifiants_sont_uniques(ctx: Context) -> Iterator[Problem]:
    """Within one list, two records never share an id (the id is the page address)."""
    for name in ("documents", *RECORD_LISTS):
        seen: dict[str, int] = {}
        for _, _, record in ctx.records(name) if name in RECORD_LISTS else documents(ctx):
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
    """An id is a page name: never one the site takes for itself (index, assets, a locale code…; guide/rendu/reserved.py)."""
    reserved = ctx.reserved  # from the page plan (guide/rendu/reserved.py), which the caller reads: the rules sit below the pages
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
    """Every id at a place the schema annotates (x-reference) names a record of the right list (guide/donnees/references.py)."""
    yield from reference_problems(ctx.data, ctx.shown, ctx.references, known_ids(ctx.data))


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
    """Opening hours parse as OpenStreetMap `opening_hours` and the guide can say them in words (guide/donnees/hours.py); hours written in
    French words get the exact form to store."""
    for _, _, record in ctx.records("services"):
        value = record.get("horaires_accueil")
        found = hours.problem(value) if isinstance(value, str) else None
        if found:
            yield ctx.problem(record, "horaires_accueil", *found)


def les_textes_restent_dans_le_petit_markdown_permis(ctx: Context) -> Iterator[Problem]:
    """Every text is data, not markup: plain text, and *italique*, **gras** and https/mailto/tel links in long texts (guide/donnees/markup.py)."""
    for collection, _, record in [*ctx.records(), *documents(ctx)]:
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
        date = as_date(value)
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
        verified = as_date(verification.get("date")) if isinstance(verification, dict) else None
        date = verified or (as_date(source.get("date")) if isinstance(source, dict) else None)
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
    reserved: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Every hard and soft rule over the loaded data.

    From the schema: `fields`, each collection's fields (for `a_confirmer`); `formatted`, which fields accept
    formatting (none if not given); `references`, where ids of which lists are (Schema.reference_paths).
    `texts=False` (a text or a list over its maximum size): the texts are not read as Markdown until the sizes are right.
    `reserved`: the page and folder names an id may not take (guide/rendu/reserved.py, which reads the page plan).
    """
    ctx = Context(data, shown, today, fields or {}, formatted or {}, list(references or []), reserved)
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
