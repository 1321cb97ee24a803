"""Sources, temps et doutes : ce que disent les pages correspond à ce que les données tiennent.

- Une source par fait : une fiche cite plusieurs documents, chacun pour ce qu'il dit ; une page officielle notée sans
  être ouverte n'a pas de date de consultation (« à vérifier sur le site officiel »).
- Le temps : une fiche que seul le pacte de 2023 décrit, et que personne n'a vérifiée depuis, le dit en haut de sa page.
- Les doutes : chaque valeur de `a_confirmer` porte sa marque partout où elle est montrée, dans chaque langue.
- Les pages écrites à la main ne promettent pas de vérification que les données n'ont pas.

Tous ces tests posent des règles sur les données telles qu'elles sont, jamais sur leur nombre.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from pathlib import Path

import pytest

from guide.donnees.paths import ROOT
from guide.sorties import opendata
from support import minimal_text

LOCALES = ["fr", "facile", "en", "ar"]
MARK = '<span class="guide-a-confirmer">'


def _suffix(locale: str) -> str:
    return "" if locale == "fr" else f".{locale}"


def _localizers(validation) -> dict:
    return {loc.locale: loc for loc in validation.localizers(LOCALES)}


def _label(validation, loc, taxonomy: str, slug: str) -> str:
    """A closed list's label as the pages show it: the locale's interface string, else the schema's French label."""
    key = f"{taxonomy}.{slug}"
    found = loc.raw(key)
    return validation.schema.labels(taxonomy)[slug] if found == key else found


def _pages_of(real_pages: dict[str, str], locale: str) -> dict[str, str]:
    """The generated pages of one locale, by their source path (fiches/x.md)."""
    others = [loc for loc in LOCALES if loc != "fr"]
    if locale == "fr":
        return {p: md for p, md in real_pages.items() if not any(p.endswith(f".{loc}.md") for loc in others)}
    return {p.removesuffix(f".{locale}.md") + ".md": md for p, md in real_pages.items() if p.endswith(f".{locale}.md")}


def _records_with_pages(guide):
    return [r for r in [*guide.services, *guide.mesures, *guide.organisations] if r.page]


def _provenance(markdown: str) -> str:
    """The « Vérifié le / Pas encore confirmé » paragraph of a record's page."""
    found = re.search(r'<p class="fiche-verification" markdown>\n(.*?)\n</p>', markdown, flags=re.S)
    assert found, "la page n'a pas de paragraphe de provenance"
    return found.group(1)


# ---------------------------------------------------------------- 3. une source par fait


def _with_pages(text: str, documents: str, citation: str) -> str:
    """The fixture data with extra documents, and org-a citing `citation` as its other source."""
    text = text.replace("documents:\n", "documents:\n" + documents, 1)
    return text.replace(
        '    source: {document: doc-test, article: 7, date: "2023-01-31"}\n    verification:',
        f'    source: {{document: doc-test, article: 7, date: "2023-01-31"}}\n    autres_sources:\n      - {citation}\n    verification:',
        1,
    )


PAGE_NON_LUE = "  - id: site-officiel\n    titre: Site officiel\n    url: https://www.service-public.fr\n"


@pytest.mark.unit
def test_une_fiche_cite_plusieurs_documents_chacun_pour_ce_qu_il_dit(check_text):
    result = check_text(_with_pages(minimal_text(), PAGE_NON_LUE, "{document: site-officiel, pour: regles-nationales}"))
    assert result.ok, [p.format() for p in result.errors]
    org = next(o for o in result.guide.organisations if o.id == "org-a")
    assert [s.document for s in org.sources] == ["doc-test", "site-officiel"]
    assert org.autres_sources[0].pour == "regles-nationales" and org.autres_sources[0].unread
    # the single `source:` form stays valid: a record without autres_sources cites one document
    assert [s.document for s in next(o for o in result.guide.organisations if o.id == "org-b").sources] == ["doc-test"]


@pytest.mark.unit
def test_une_autre_source_dit_pour_quoi_elle_est_citee(check_text):
    result = check_text(_with_pages(minimal_text(), PAGE_NON_LUE, "{document: site-officiel}"))
    assert not result.ok
    (problem,) = [p for p in result.errors if "autres_sources" in p.field]
    assert problem.record_id == "org-a" and problem.line > 0
    assert "pour" in problem.format() and "exemple" in problem.format()


@pytest.mark.unit
def test_une_page_que_personne_n_a_ouverte_n_a_pas_de_date_de_consultation(check_text):
    text = _with_pages(minimal_text(), PAGE_NON_LUE, '{document: site-officiel, pour: regles-nationales, date: "2026-11-30"}')
    result = check_text(text)
    assert not result.ok
    (problem,) = result.errors
    message = problem.format()
    assert problem.record_id == "org-a" and problem.line > 0 and "schemes.yaml:" in message
    assert "« site-officiel » n'a pas de date" in message and "Traceback" not in message
    assert "attendu" in message and "exemple" in message


@pytest.mark.unit
def test_un_texte_date_garde_sa_date_dans_la_source(check_text):
    text = minimal_text().replace('source: {document: doc-test, article: 3, date: "2023-01-31"}', "source: {document: doc-test, article: 3}", 1)
    result = check_text(text)
    assert [p.record_id for p in result.errors] == ["org-b"]
    assert "sans sa date" in result.errors[0].format()


@pytest.mark.unit
def test_une_fiche_sans_source_lue_n_a_pas_de_date_d_information(check_text):
    text = minimal_text().replace("documents:\n", "documents:\n" + PAGE_NON_LUE, 1)
    text = text.replace('source: {document: doc-test, article: 3, date: "2023-01-31"}', "source: {document: site-officiel}", 1)
    result = check_text(text)
    assert result.ok, [p.format() for p in result.errors]
    org = next(o for o in result.guide.organisations if o.id == "org-b")
    assert org.information_date is None and org.source.unread
    assert result.guide.reference_date is not None  # the other records still date the guide


@pytest.mark.rendu
def test_la_ligne_source_nomme_chaque_document_pour_ce_qu_il_dit(validation, real_pages):
    """Every document a record cites is named on its page; next to others, each says what it supports; a page nobody
    opened shows « à vérifier sur le site officiel » instead of a date."""
    localizers = _localizers(validation)
    for locale, loc in localizers.items():
        pages = _pages_of(real_pages, locale)
        for record in _records_with_pages(validation.guide):
            line = _provenance(pages[record.page])
            where = (locale, record.id)
            for src in record.sources:
                assert (src.url and f"]({src.url})" in line) or src.titre in line, (*where, src.document)
                if len(record.sources) > 1:
                    assert src.pour, (*where, src.document, "ce que dit ce document")
                    assert _label(validation, loc, "appui", src.pour) in line, (*where, src.pour)
                if src.unread:
                    after = line.split(f"]({src.url})", 1)[1] if src.url else line.split(src.titre, 1)[1]
                    assert after.startswith(f" ({loc.raw('a_verifier_site_officiel')})"), (*where, after[:60])


@pytest.mark.unit
def test_aucune_fiche_ne_donne_de_date_de_consultation_a_une_page_non_lue(validation):
    """The data itself: a document without date is never cited with one (the 30 November 2026 that nobody read)."""
    undated = {i for i, d in validation.guide.documents.items() if not d.get("date")}
    for record in validation.guide.by_id().values():
        for src in record.sources:
            assert not (src.document in undated and src.date), (record.id, src.document)


# ---------------------------------------------------------------- 2. le temps


@pytest.mark.rendu
def test_chaque_fiche_du_pacte_non_verifiee_dit_sa_periode(validation, real_pages):
    """Near the top of every record's page, in every locale: « D'après le pacte de 2023. Pas encore vérifié depuis. »
    exactly when the pact is its only dated source and nobody verified it."""
    for locale, loc in _localizers(validation).items():
        pages = _pages_of(real_pages, locale)
        notice = loc.raw("d_apres_pacte")
        for record in _records_with_pages(validation.guide):
            markdown = pages[record.page]
            assert (notice in markdown) == record.from_pact_only, (locale, record.id)
            if record.from_pact_only:
                top = markdown.split("\n## ", 1)[0]  # before the page's first section
                assert notice in top, (locale, record.id, "l'avis doit être en haut de la page")


@pytest.mark.unit
def test_une_fiche_verifiee_ou_tiree_d_une_page_lue_n_a_pas_l_avis_du_pacte(check_text):
    result = check_text(minimal_text())
    orgs = {o.id: o for o in result.guide.organisations}
    assert orgs["org-a"].verification and not orgs["org-a"].from_pact_only
    pact = check_text(minimal_text().replace("doc-test", "pacte-planoise-2023"))
    assert pact.ok, [p.format() for p in pact.errors]
    orgs = {o.id: o for o in pact.guide.organisations}
    assert orgs["org-b"].from_pact_only and not orgs["org-a"].from_pact_only


@pytest.mark.unit
def test_l_accueil_et_a_propos_donnent_la_periode_du_pacte(validation):
    """The pact was signed on the date of its document and had effect until 31 December of that year (article 4)."""
    pact = validation.guide.documents["pacte-planoise-2023"]
    year = pact["date"][:4]
    day, month = int(pact["date"][8:]), {"01": "janvier"}[pact["date"][5:7]]
    for page in ("index.md", "a-propos.md"):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert f"{day} {month} {year}" in text and f"31 décembre {year}" in text, page


# ---------------------------------------------------------------- 4. les doutes, partout


# The fields whose mark this module checks wherever they are shown; the others are marked next to their value by
# m.unsure() in overrides/pages/_macros.jinja.md (ages, price, place, hours, contact…). A field in neither set fails
# test_chaque_champ_a_confirmer_a_sa_regle: say where it is shown and check its mark.
CHECKED_HERE = {"nom", "sigle", "organisations", "role", "type"}
CHECKED_ELSEWHERE = {"age_min", "age_max", "frais", "publics", "lieux", "horaires_accueil", "telephone", "courriel", "site_web", "adresse"}
CHECKED_ELSEWHERE |= {"langues", "accessibilite", "latitude", "longitude"}
CHECKED_ELSEWHERE |= {"gestionnaire"}  # le gestionnaire d'un lieu ne s'affiche nulle part (seul l'import data·inclusion le lit)


def _target(page: str, link: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), link))


@pytest.mark.unit
def test_chaque_champ_a_confirmer_a_sa_regle(validation):
    for record in validation.guide.by_id().values():
        unknown = set(record.a_confirmer) - CHECKED_HERE - CHECKED_ELSEWHERE
        assert not unknown, (record.id, unknown, "où ce champ s'affiche-t-il ? ajoutez sa marque et sa règle")


@pytest.mark.rendu
def test_une_valeur_a_confirmer_porte_sa_marque_partout(validation, real_pages):
    """Over every generated page of every locale: a name « à confirmer » is followed by the mark wherever it is linked,
    a service whose organisations are a guess says so on its « Qui s'en occupe » line (fiche, « Je cherche… »,
    booklet, print sheet), an organisation's guessed role and type carry the mark on its page."""
    guide = validation.guide
    services = {s.id: s for s in guide.services}
    unsure_names = {r.page: r for r in [*guide.organisations, *guide.services] if r.unsure("nom") and r.page}
    checked = 0
    for locale, loc in _localizers(validation).items():
        who_label = f"**{loc.raw('qui_s_en_occupe')}{loc.raw('deux_points')}**"
        places = [(p, loc.text(p, "nom").value) for p in guide.lieux if p.unsure("nom")]
        for page, markdown in _pages_of(real_pages, locale).items():
            if page.startswith("partenaires/relire-"):
                continue  # the translators' tables show each French text next to its translation: texts to translate, not facts
            folder, _, name = page.removesuffix(".md").partition("/")
            current = services.get(name) if folder in ("fiches", "imprimer") else None  # a fiche, or its sheet in 2 languages
            for line in markdown.splitlines():
                for anchor in re.findall(r"\{ #([a-z0-9-]+) \}", line):
                    current = services.get(anchor) or services.get(anchor.split("-", 1)[-1]) or current
                for found in re.finditer(r"\]\(([^)\s]+\.md)\)", line):
                    target = _target(page, found.group(1))
                    if target.startswith("fiches/") and target.removeprefix("fiches/").removesuffix(".md") in services and who_label not in line:
                        current = services[target.removeprefix("fiches/").removesuffix(".md")]
                    if target in unsure_names:
                        rest = line[found.end() :]
                        in_words = page.startswith("partenaires/") and "à confirmer : " in rest  # the partners' report says it in words
                        assert in_words or re.match(r"\**(?: \([^)]*\))?\s*" + re.escape(MARK), rest), (locale, page, target, rest[:80])
                        checked += 1
                if who_label in line and current is not None and current.unsure("organisations"):
                    assert MARK in line, (locale, page, current.id, line[:120])
                    checked += 1
                for place, name in places:
                    if name and name in line:
                        rest = line.split(name, 1)[1].removeprefix("</span>")
                        assert rest.startswith(" " + MARK), (locale, page, place.id, rest[:60])
                        checked += 1
        for org in guide.organisations:
            markdown = _pages_of(real_pages, locale)[org.page]
            heading = next(line for line in markdown.splitlines() if line.startswith("# "))
            assert (MARK in heading) == org.unsure("nom", "sigle"), (locale, org.id, heading)
            if org.unsure("type"):
                (line,) = [line for line in markdown.splitlines() if line.startswith(f"- **{loc.raw('type')}")]
                assert MARK in line, (locale, org.id, line)
                checked += 1
            if org.unsure("role"):
                start = str(loc.text(org, "role").value)[:25]
                (line,) = [line for line in markdown.splitlines() if start in line and not line.startswith(("description:", "title:"))]
                assert line.rstrip().endswith(f"({loc.raw('a_confirmer')})</span>"), (locale, org.id, line[-80:])
                checked += 1
    assert checked or not any(r.a_confirmer & CHECKED_HERE for r in guide.by_id().values())


@pytest.mark.unit
def test_les_exports_marquent_les_valeurs_a_confirmer_et_les_pages_non_lues(validation):
    """Spreadsheet: a guessed organisation (or a guessed list of them) says « (à confirmer) », the source column names
    every document. data·inclusion: a description says « À confirmer : … » and « À vérifier sur le site officiel »."""
    guide = validation.guide
    french = validation.localizers(["fr"])[0]
    files = opendata.export_files(guide, validation.schema, french.raw, "https://example.org/", guide.reference_date)
    rows = {row[0]: row for row in csv.reader(io.StringIO(files["services.csv"].decode("utf-8-sig")), delimiter=";")}
    header = rows.pop("id") if "id" in rows else None
    header = header or next(iter(csv.reader(io.StringIO(files["services.csv"].decode("utf-8-sig")), delimiter=";")))
    orgs_col, source_col = header.index("organisations"), header.index("source")
    for s in guide.services:
        row = rows[s.id]
        for o in s.organisations:
            if o.unsure("nom"):
                assert f"{o.nom} (à confirmer)" in row[orgs_col], (s.id, o.id)
        if s.unsure("organisations"):
            assert row[orgs_col].endswith("(à confirmer)"), s.id
        if not s.unsure("organisations") and not any(o.unsure("nom") for o in s.organisations):
            assert "à confirmer" not in row[orgs_col], s.id
        for src in s.sources:
            assert src.titre in row[source_col], (s.id, src.document)
    exported = {d["id"]: d for d in json.loads(files["data-inclusion/services.json"])}
    exported |= {d["id"]: d for d in json.loads(files["data-inclusion/structures.json"])}
    for record in [*guide.services, *guide.organisations]:
        description = exported[opendata.di_id(record.id)]["description"] or ""
        assert ("À confirmer" in description) == bool(record.a_confirmer), record.id
        assert ("À vérifier sur le site officiel" in description) == any(s.unread for s in record.sources), record.id


@pytest.mark.rendu
def test_qui_s_engage_ne_nomme_que_les_organisations_qui_s_engagent(validation, real_pages):
    """« Qui s'engage (d'après le pacte) » links only to the measure's `organisations`; when the pact says « nous »
    (none), it says the signatories; the bodies the pact only names for the measure are on their own line."""
    for locale, loc in _localizers(validation).items():
        pages = _pages_of(real_pages, locale)
        for measure in validation.guide.mesures:
            lines = pages[measure.page].splitlines()
            (line,) = [line for line in lines if line.startswith(f"- **{loc.raw('qui_s_engage')}")]
            linked = {_target(measure.page, link) for link in re.findall(r"\]\(([^)\s]+\.md)\)", line)}
            assert linked == {o.page for o in measure.organisations}, (locale, measure.numero, line)
            if not measure.organisations:
                assert loc.raw("engagement_signataires" if measure.nommees else "engagement_collectif") in line, (locale, measure.numero)
            if measure.nommees:
                (named,) = [line for line in lines if line.startswith(f"- **{loc.raw('nommees')}")]
                assert {_target(measure.page, link) for link in re.findall(r"\]\(([^)\s]+\.md)\)", named)} == {o.page for o in measure.nommees}


# ---------------------------------------------------------------- 3. et 24.9 : ce que promettent les pages écrites à la main


def _every_record(guide):
    return list(guide.by_id().values())


# A claim a hand-written page (or an interface string) may make, and what the data must hold for it to be true.
CLAIMS = [
    (
        r"(?:chaque|tout) numéro[^.]{0,80}vient du site officiel",
        lambda g: all(any(s.url and s.date for s in r.sources) for r in g.services if r.telephone),
        "chaque numéro devrait citer une page officielle lue (datée)",
    ),
    (
        r"chaque fiche[^.]{0,80}dit quand elle a été vérifiée",
        lambda g: all(r.verification for r in _every_record(g)),
        "chaque fiche devrait avoir une vérification",
    ),
    (
        r"une fiche vérifiée le \d",
        lambda g: False,
        "« vérifiée le » confond la date de la source et une vérification",
    ),
    (
        r"numéros nationaux sûrs",
        lambda g: all(any(s.date for s in r.sources if s.url) for r in _every_record(g) if getattr(r, "phone", None)),
        "un numéro n'est « sûr » que si une page officielle a été lue",
    ),
    (
        r"each number comes from the service's official website",
        lambda g: all(any(s.url and s.date for s in r.sources) for r in g.services if r.telephone),
        "each number should cite an official page that was read",
    ),
]


def _claim_files() -> list[Path]:
    return [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "CONTRIBUTING.md", ROOT / "README.md", *sorted((ROOT / "data" / "interface").glob("*.yaml"))]


@pytest.mark.unit
def test_les_pages_ecrites_a_la_main_ne_promettent_que_ce_que_les_donnees_tiennent(validation):
    wrong = []
    for path in _claim_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for pattern, holds, why in CLAIMS:
                if re.search(pattern, line, flags=re.I) and not holds(validation.guide):
                    wrong.append(f"{path.relative_to(ROOT)}:{number} : {why}")
    assert wrong == []


@pytest.mark.unit
def test_la_regle_des_promesses_attrape_une_promesse_fausse(validation):
    """The rule above is not empty: a page claiming every number comes from its official site fails on this data."""
    holds = CLAIMS[0][1]
    phones = [s for s in validation.guide.services if s.telephone]
    assert re.search(CLAIMS[0][0], "Chaque numéro vient du site officiel du service.", flags=re.I)
    assert holds(validation.guide) == all(any(src.url and src.date for src in s.sources) for s in phones)
