"""Les règles sur les sources : chaque fiche dit d'où vient ce qu'elle affirme (document, article, date, provenance
d'un champ), et une valeur importée reste « à confirmer » jusqu'à sa vérification. Appelées par guide/donnees/checks.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from guide.donnees.check_context import Context, as_date, documents
from guide.donnees.problems import Problem


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


def le_pacte_est_cite_avec_son_article(ctx: Context) -> Iterator[Problem]:
    """A source that is a text (not a web page) gives the article it relies on."""
    pages = {d.get("id") for _, _, d in documents(ctx) if d.get("url") or d.get("data_inclusion")}
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
    dated = {d.get("id"): bool(d.get("date")) for _, _, d in documents(ctx)}
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
    for _, _, document in documents(ctx):
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
    pages = {d.get("id") for _, _, d in documents(ctx) if d.get("url")}
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


def _non_confirmees(ctx: Context) -> Iterator[tuple[str, dict, str, dict]]:
    """Every value whose provenance is not the record's first source, out of `a_confirmer`, and not verified since its date:
    (collection, record, field, provenance). The two rules below say which of them must stay « à confirmer »."""
    for collection, _, record in ctx.records():
        provenance = record.get("provenance")
        if not isinstance(provenance, dict):
            continue
        names = record.get("a_confirmer") if isinstance(record.get("a_confirmer"), list) else []
        verification = record.get("verification")
        verified = as_date(verification.get("date")) if isinstance(verification, dict) else None
        for name, source in provenance.items():
            if not isinstance(source, dict) or name in names:
                continue
            dated = as_date(source.get("date"))
            if verified is None or (dated is not None and verified < dated):
                yield collection, record, name, source


def une_valeur_importee_reste_a_confirmer_jusqu_a_sa_verification(ctx: Context) -> Iterator[Problem]:
    """A value taken from data·inclusion stays in `a_confirmer` until its organisation confirms it (a `verification` on or after the row's date)."""
    imported = {d.get("id") for _, _, d in documents(ctx) if isinstance(d.get("data_inclusion"), dict)}
    for _, record, name, source in _non_confirmees(ctx):
        if source.get("document") in imported:
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
    for collection, record, name, source in _non_confirmees(ctx):
        giver = source.get("organisation")
        if isinstance(giver, str) and giver not in proprietaires(record, collection):
            yield ctx.problem(
                record,
                name,
                f"la valeur de « {name} » a été donnée par « {giver} », qui n'est pas l'organisation de cette fiche, et n'est pas « à confirmer »",
                f"« {name} » dans a_confirmer, ou une vérification de la fiche datée du {source.get('date')} ou après",
                f'a_confirmer: [{name}]  ou  verification: {{date: "{ctx.today.isoformat()}", par: {record.get("owner")}, moyen: appel}}',
                within="provenance",
            )


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
