"""Le rapport « à compléter » : ce qui manque dans chaque fiche, rangé par partenaire responsable."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from guide.donnees.checks import STALE_AFTER_DAYS, VERY_STALE_AFTER_DAYS
from guide.donnees.model import Guide, Measure, Organisation, Record, Service
from guide.donnees.text import sort_key, spreadsheet
from guide.langues.localizer import Localizer
from guide.langues.readability import LEVELS, THRESHOLDS, Analysis, analyse, page_text, reading_level
from guide.langues.translations import Catalogue
from guide.rendu.pagination import PAR_PAGE


@dataclass
class Gap:
    """One record with what it lacks."""

    kind: str
    record: Record
    missing: list[str] = field(default_factory=list)
    stale: str | None = None

    @property
    def page(self) -> str:
        """The generated page of the record, when it has one."""
        return self.record.page or ""


@dataclass
class OwnerReport:
    """Everything one partner should complete."""

    owner: Organisation
    gaps: list[Gap]


# Rows (fiches) on one page of the report on the site at most, the bound of every list of the site: the report grows
# with the data (every fiche that lacks something), and a partner reads it on a phone as well as on a computer.
A_COMPLETER_PAR_PAGE = PAR_PAGE


@dataclass(frozen=True)
class Section:
    """One partner's rows on one page of the report; `continued` when the partner's rows began on an earlier page."""

    report: OwnerReport
    gaps: list[Gap]
    continued: bool


def report_parts(reports: list[OwnerReport], per_page: int | None = None) -> list[list[Section]]:
    """The report cut into pages of `per_page` rows at most (A_COMPLETER_PAR_PAGE), every row once, in the report's order;
    a partner whose rows run over a page break continues at the top of the next. At least one page (an empty report)."""
    size = per_page or A_COMPLETER_PAR_PAGE
    rows = [(report, gap) for report in reports for gap in report.gaps]
    pages: list[list[Section]] = []
    for start in range(0, len(rows), size):
        sections: list[Section] = []
        for report, gap in rows[start : start + size]:
            if sections and sections[-1].report is report:
                sections[-1].gaps.append(gap)
            else:
                sections.append(Section(report, [gap], gap is not report.gaps[0]))
        pages.append(sections)
    return pages or [[]]


def first_pages(parts: list[list[Section]]) -> dict[str, int]:
    """The number of the page (from 1) where each partner's rows begin, by the partner's id."""
    return {section.report.owner.id: number for number, sections in enumerate(parts, start=1) for section in sections if not section.continued}


def missing_in_service(service: Service) -> list[str]:
    """What a resident would miss on this fiche."""
    missing = []
    if not service.has_contact:
        missing.append("contact (téléphone, courriel ou site)")
    if not service.lieux:
        missing.append("lieu")
    if not service.horaires_accueil:
        missing.append("horaires")
    if service.age_min is None and service.age_max is None:
        missing.append("tranche d'âge")
    return missing


def missing_in_measure(measure: Measure) -> list[str]:
    """What a partner should tell us about a measure."""
    missing = []
    if not measure.is_confirmed:
        missing.append("statut (engagement 2023 à confirmer)")
    if not measure.services and not measure.sans_service_motif:
        missing.append("service lié, ou raison de son absence")
    return missing


def to_confirm(record: Record) -> list[str]:
    """The values a partner marked as guesses, to confirm."""
    return [f"à confirmer : {name}" for name in sorted(record.a_confirmer)]


def missing_in_organisation(organisation: Organisation) -> list[str]:
    """How residents could reach the organisation."""
    return [] if (organisation.telephone or organisation.courriel or organisation.site_web) else ["contact (téléphone, courriel ou site)"]


def staleness(record: Record, today: dt.date) -> str | None:
    """How old the record's information is, counted from its last verification, else from its source; None when fresh."""
    if record.information_date is None:
        return "jamais vérifiée ; source notée sans être lue"
    age = (today - record.information_date).days
    if age > VERY_STALE_AFTER_DAYS:
        old = "plus de 12 mois"
    elif age > STALE_AFTER_DAYS:
        old = "plus de 6 mois"
    else:
        return None
    return f"vérifiée il y a {old}" if record.verification else f"jamais vérifiée ; source de {old}"


def build_report(guide: Guide, today: dt.date) -> list[OwnerReport]:
    """Gaps of every record, grouped by owner; the owners with most gaps first."""
    gaps: list[Gap] = []
    for service in guide.services:
        gaps.append(Gap("service", service, missing_in_service(service) + to_confirm(service), staleness(service, today)))
    for measure in guide.mesures:
        gaps.append(Gap("mesure", measure, missing_in_measure(measure) + to_confirm(measure), staleness(measure, today)))
    for organisation in guide.organisations:
        gaps.append(Gap("organisation", organisation, missing_in_organisation(organisation) + to_confirm(organisation), staleness(organisation, today)))
    by_owner: dict[str, OwnerReport] = {}
    for gap in gaps:
        if not (gap.missing or gap.stale or gap.record.note):
            continue
        owner = gap.record.owner
        by_owner.setdefault(owner.id, OwnerReport(owner, [])).gaps.append(gap)
    reports = list(by_owner.values())
    for report in reports:
        report.gaps.sort(key=lambda g: (-len(g.missing), g.kind, sort_key(g.record.nom)))
    return sorted(reports, key=lambda r: (-len(r.gaps), sort_key(r.owner.nom)))


def format_report(reports: list[OwnerReport], shown_path: str, today: dt.date) -> str:
    """The report as plain text for the terminal."""
    lines = [f"Rapport « à compléter » au {today.isoformat()} : {sum(len(r.gaps) for r in reports)} fiche(s) chez {len(reports)} partenaire(s)."]
    for report in reports:
        lines.append("")
        lines.append(f"== {report.owner.nom} ({report.owner.id}) : {len(report.gaps)} fiche(s)")
        for gap in report.gaps:
            parts = []
            if gap.missing:
                parts.append("manque : " + ", ".join(gap.missing))
            if gap.stale:
                parts.append(gap.stale)
            if gap.record.note:
                parts.append(f"note : {gap.record.note}")
            lines.append(f"{shown_path}:{gap.record.line}: {gap.kind} {gap.record.id} — " + " ; ".join(parts))
    return "\n".join(lines)


CSV_COLUMNS = (
    "Partenaire (identifiant)",
    "Partenaire",
    "Type",
    "Identifiant",
    "Titre",
    "Ce qui manque",
    "Fraîcheur",
    "Vérifiée le",
    "Vérifiée par",
    "Date de la source",
    "Fichier",
    "Ligne",
    "Note",
)


def report_csv(reports: list[OwnerReport], shown_path: str) -> bytes:
    """The report as a spreadsheet: one row per record to complete (guide.donnees.text.spreadsheet: BOM, « ; », no formula)."""
    rows = []
    for report in reports:
        for gap in report.gaps:
            check = gap.record.verification
            verified, by = (check.date.isoformat(), check.par.nom) if check else ("", "")
            rows.append(
                [
                    report.owner.id,
                    report.owner.nom,
                    gap.kind,
                    gap.record.id,
                    gap.record.nom,
                    " ; ".join(gap.missing),
                    gap.stale or "",
                    verified,
                    by,
                    gap.record.source.date.isoformat() if gap.record.source.date else "",
                    shown_path,
                    gap.record.line,
                    gap.record.note or "",
                ]
            )
    return spreadsheet(CSV_COLUMNS, rows)


# ---------------------------------------------------------------- Facile à lire


@dataclass
class PageReadability:
    """The readability of one record's FALC page."""

    record: Record
    analysis: Analysis

    @property
    def failures(self) -> list[str]:
        """Rules broken, in French."""
        return self.analysis.failures()


def readability_by_page(guide: Guide, catalogue: Catalogue) -> list[PageReadability]:
    """Every record with FALC texts, its score, the hardest to read first."""
    records = {(r.collection, r.id): r for r in [*guide.services, *guide.mesures, *guide.organisations, *guide.lieux]}
    pages = []
    for collection, entries in catalogue.entries.items():
        for rid, fields in entries.items():
            text = page_text(fields)
            if text and (collection, rid) in records:
                pages.append(PageReadability(records[(collection, rid)], analyse(text)))
    return sorted(pages, key=lambda p: (p.analysis.kandel_moles, p.record.id))


def missing_texts(guide: Guide, localizer: Localizer) -> list[tuple[Record, list[str]]]:
    """Records whose translatable fields have no text (or an outdated one) in a locale."""
    found = []
    for record in [*guide.services, *guide.mesures, *guide.organisations, *guide.lieux]:
        gaps = [name for name in localizer.fields.get(record.collection, []) if localizer.text(record, name).state in ("manquant", "perime")]
        if gaps:
            found.append((record, gaps))
    return found


def format_readability(pages: list[PageReadability], missing: list[tuple[Record, list[str]]], locale: str) -> str:
    """The FALC section of the terminal report."""
    lines = [
        f"Lisibilité « {locale} » : {len(pages)} page(s), de la plus difficile à la plus facile "
        f"(score de Kandel et Moles, paliers de Flesch : 60 « standard », 70 « assez facile », 80 « facile » ; "
        f"seuil du guide {THRESHOLDS.min_kandel_moles:g}, un garde-fou qui ne remplace pas la relecture par des lecteurs)."
    ]
    for page in pages:
        a = page.analysis
        status = "À SIMPLIFIER : " + " ; ".join(page.failures) if page.failures else "ok"
        lines.append(
            f"  {a.kandel_moles:6.1f} ({reading_level(a.kandel_moles)})  {page.record.collection}/{page.record.id} — "
            f"{a.average_sentence_words:.1f} mots/phrase, "
            f"phrase max {a.longest_sentence}, mots longs {a.long_word_share:.0%} — {status}"
        )
    if pages:
        scores = sorted(p.analysis.kandel_moles for p in pages)
        lines.append(f"  Répartition : min {scores[0]:.1f}, médiane {scores[len(scores) // 2]:.1f}, max {scores[-1]:.1f}.")
        bands = Counter(reading_level(score) for score in scores)
        lines.append("  Par palier : " + ", ".join(f"{label} {bands[label]}" for _, label in (*LEVELS, (0, "très difficile")) if bands[label]) + ".")
    lines.append(f"Textes « {locale} » manquants ou à mettre à jour : {len(missing)} fiche(s).")
    lines += [f"  {record.collection}/{record.id} : {', '.join(names)}" for record, names in missing]
    return "\n".join(lines)


# ---------------------------------------------------------------- translation coverage (partners' dashboard)


@dataclass
class Coverage:
    """How far one locale has come."""

    locale: str
    fields: int = 0
    translated: int = 0  # present and up to date (draft or reviewed)
    reviewed: int = 0
    outdated: int = 0
    missing: int = 0
    withheld: int = 0  # written, but of a status this locale does not show: readers get the French
    statuses: dict = field(default_factory=dict)  # statut written in the file (automatique, brouillon, relu) → fields, outdated ones included
    todo: list[tuple[Record, list[str], list[str]]] = field(default_factory=list)  # record, missing fields, outdated fields

    def share(self, count: int) -> str:
        """A count as a whole percentage of the fields."""
        return f"{round(100 * count / self.fields)} %" if self.fields else "—"


def coverage(guide: Guide, localizers: list[Localizer]) -> list[Coverage]:
    """Field counts by state, and the to-do list, for every non-default locale."""
    results = []
    for localizer in localizers:
        if localizer.is_default:
            continue
        cov = Coverage(localizer.locale)
        for record in [*guide.services, *guide.mesures, *guide.organisations, *guide.lieux]:
            missing, outdated = [], []
            for name in localizer.fields.get(record.collection, []):
                state = localizer.text(record, name).state
                if state == "original":
                    continue  # empty in French: nothing to translate
                cov.fields += 1
                entry = localizer.catalogue.entries.get(record.collection, {}).get(record.id, {}).get(name)
                if entry:
                    cov.statuses[entry["statut"]] = cov.statuses.get(entry["statut"], 0) + 1
                if state == "manquant":
                    cov.missing += 1
                    missing.append(name)
                elif state == "perime":
                    cov.outdated += 1
                    outdated.append(name)
                elif state == "retenu":
                    cov.withheld += 1
                else:
                    cov.translated += 1
                    cov.reviewed += state == "relu"
            if missing or outdated:
                cov.todo.append((record, missing, outdated))
        results.append(cov)
    return results


def format_coverage(results: list[Coverage]) -> str:
    """The coverage section of the terminal report."""
    lines = ["Traductions : champs traduits (à jour), relus, à mettre à jour, manquants, par langue."]
    for cov in results:
        lines.append(
            f"  {cov.locale:7} {cov.fields} champs : traduits {cov.translated} ({cov.share(cov.translated)}), "
            f"relus {cov.reviewed} ({cov.share(cov.reviewed)}), à mettre à jour {cov.outdated} ({cov.share(cov.outdated)}), "
            f"manquants {cov.missing} ({cov.share(cov.missing)}), non montrés {cov.withheld} ; {len(cov.todo)} fiche(s) à reprendre ; "
            + "par statut : "
            + ", ".join(f"{status} {cov.statuses.get(status, 0)}" for status in ("automatique", "brouillon", "relu"))
        )
    return "\n".join(lines)
