"""Ligne de commande : `python -m guide check`, `pages`, `report`, `champs`, `export`…

Codes de sortie : 0 si les données sont valides (avertissements permis), 1 s'il
y a au moins une erreur. Aucune trace Python n'est montrée pour une erreur de
données.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from guide.donnees.loader import load_yaml
from guide.donnees.paths import DATA_FILE, FORGE, SCHEMA_FILE, SITE_URL, shown_path
from guide.donnees.schema import Schema
from guide.langues.readability import analyse, page_text
from guide.langues.translations import fingerprint, skeleton
from guide.pages import build_date, given_epoch, write_pages
from guide.rendu.handwritten import body
from guide.rendu.render import render_field_reference
from guide.rendu.report import build_report, coverage, format_coverage, format_readability, format_report, missing_texts, readability_by_page, report_csv
from guide.sorties.opendata import publish
from guide.validate import Validation, today, validate


def _date(text: str) -> dt.date:
    """A `--date` argument: AAAA-MM-JJ."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une date ; attendu : AAAA-MM-JJ, par exemple 2026-12-07") from None


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code.

    Every setting is an argument with its default here: nothing is read from the environment (SOURCE_DATE_EPOCH, the
    reproducible-build convention, aside) nor from mkdocs.yml.
    """
    parser = argparse.ArgumentParser(prog="python -m guide", description="Outils du Guide des jeunes de Planoise.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="valider les données (data/schemes.yaml)")
    check.add_argument("fichier", nargs="?", default=str(DATA_FILE), help="le fichier à valider (par défaut data/schemes.yaml)")
    check.add_argument("--schema", default=str(SCHEMA_FILE), help="le schéma JSON (par défaut data/schemes.schema.json)")
    check.add_argument("-v", "--avertissements", action="store_true", help="afficher aussi le détail des avertissements")
    check.add_argument("--github", action="store_true", help="ajouter les annotations GitHub Actions (::error file=…,line=…::) ; les workflows le demandent")
    check.add_argument("--date", type=_date, help="le jour des avertissements de fraîcheur, AAAA-MM-JJ (par défaut : aujourd'hui)")
    report = commands.add_parser("report", help="rapport « à compléter » par partenaire responsable")
    report.add_argument("fichier", nargs="?", default=str(DATA_FILE), help="le fichier à lire (par défaut data/schemes.yaml)")
    report.add_argument("--date", type=_date, help="le jour du rapport et des avertissements, AAAA-MM-JJ (par défaut : aujourd'hui)")
    report.add_argument(
        "--csv",
        nargs="?",
        const="-",
        metavar="FICHIER_CSV",
        help="écrire le rapport « à compléter » en tableau CSV pour Excel (dans FICHIER_CSV, sinon à l'écran)",
    )
    squelette = commands.add_parser("squelette", help="modèle à remplir pour traduire (ou écrire en Facile à lire) une liste d'enregistrements")
    squelette.add_argument("langue", help="le code de la langue, par exemple fr-x-falc, en, ar")
    squelette.add_argument("liste", choices=["services", "mesures", "organisations", "lieux"])
    squelette.add_argument("ids", nargs="*", help="seulement ces identifiants")
    empreinte = commands.add_parser("empreinte", help="empreinte d'une page écrite à la main, à recopier dans l'en-tête « traduction » de sa version traduite")
    empreinte.add_argument("page", help="la page française, par exemple docs/index.md")
    lisibilite = commands.add_parser("lisibilite", help="mesurer la lisibilité des textes d'un fichier de traduction Facile à lire")
    lisibilite.add_argument("fichier")
    export = commands.add_parser("export", help="écrire les données ouvertes (data·inclusion, CSV, JSON) dans un dossier")
    export.add_argument("dossier", help="le dossier où écrire, par exemple site/donnees")
    export.add_argument(
        "--site-url", default=SITE_URL, help=f"l'adresse du site, pour les liens vers les fiches (par défaut {SITE_URL}, qui n'est pas publiée)"
    )
    export.add_argument("--donnees", default=None, help="le fichier de données (par défaut data/schemes.yaml)")
    champs = commands.add_parser("champs", help="référence des champs de chaque type de fiche, tirée du schéma (Markdown, comme la page partenaires/champs)")
    champs.add_argument("--schema", default=str(SCHEMA_FILE), help="le schéma JSON (par défaut data/schemes.schema.json)")
    importer = commands.add_parser(
        "importer",
        help="proposer des contacts tirés d'un export data·inclusion (structures.json, services.json), puis appliquer les propositions relues",
    )
    importer.add_argument("dossier", nargs="?", help="le dossier de l'export data·inclusion (structures.json et services.json)")
    importer.add_argument(
        "--commune", action="append", metavar="CODE_INSEE", help="garder les lignes de cette commune (code INSEE, par exemple 25056) ; répétable"
    )
    importer.add_argument("--sortie", default="propositions.yaml", help="le fichier de propositions à écrire (par défaut propositions.yaml)")
    importer.add_argument("--appliquer", metavar="PROPOSITIONS", help="écrire dans les données les propositions relues de ce fichier")
    importer.add_argument("--donnees", default=None, help="le fichier de données (par défaut data/schemes.yaml)")
    appliquer = commands.add_parser(
        "appliquer", help="appliquer un fichier de propositions (formulaire du site ou import data·inclusion) à data/schemes.yaml, tout ou rien"
    )
    appliquer.add_argument("fichier", help="le fichier de propositions, par exemple propositions/2026-12-07-contrat-engagement-jeune.yaml")
    appliquer.add_argument("--donnees", default=None, help="le fichier de données (par défaut data/schemes.yaml)")
    pages = commands.add_parser("pages", help="valider puis écrire les pages générées (toutes les langues) dans un dossier, pour les relire")
    pages.add_argument("dossier", help="le dossier où écrire, par exemple /tmp/pages (le site, lui, ne les écrit nulle part)")
    pages.add_argument("--langues", default="fr,facile,en,ar,swb", help="les langues, la première par défaut (par défaut : fr,facile,en,ar,swb)")
    pages.add_argument("--forge", default=FORGE[0], help=f"le dépôt des données, pour les liens des pages « Relire » (par défaut {FORGE[0]})")
    pages.add_argument("--branche", default=FORGE[1], help=f"sa branche (par défaut {FORGE[1]})")
    args = parser.parse_args(argv)

    if args.command == "check":
        return _check(validate(args.fichier, args.schema, on=args.date), args.avertissements, args.github)
    if args.command == "squelette":
        validation = validate()
        if not validation.ok:
            return _check(validation, False, False)
        data = load_yaml(DATA_FILE).data
        print(skeleton(data, validation.schema, args.langue, args.liste, args.ids), end="")
        return 0
    if args.command == "champs":
        print(render_field_reference(Schema.load(args.schema)), end="")
        return 0
    if args.command == "empreinte":
        print(fingerprint(body(Path(args.page).read_text(encoding="utf-8"))))
        return 0
    if args.command == "export":
        validation = validate(Path(args.donnees)) if args.donnees else validate()
        if not validation.ok:
            return _check(validation, False, False)
        written = publish(Path(args.dossier), validation, args.site_url, build_date(validation, epoch=given_epoch()))
        print(f"{len(written)} fichiers écrits dans {args.dossier} : " + ", ".join(p.relative_to(args.dossier).as_posix() for p in written))
        return 0
    if args.command == "importer":
        return _importer(args)
    if args.command == "appliquer":
        return _appliquer(Path(args.fichier), Path(args.donnees) if args.donnees else DATA_FILE)
    if args.command == "lisibilite":
        return _readability(Path(args.fichier))
    if args.command == "report":
        day = args.date or today()
        validation = validate(args.fichier, on=day)
        if not validation.ok:
            return _check(validation, False, False)
        if args.csv:
            return _write_csv(report_csv(build_report(validation.guide, day), shown_path(Path(args.fichier))), args.csv)
        print(format_report(build_report(validation.guide, day), shown_path(Path(args.fichier)), day))
        falc = validation.catalogues.get("facile")
        if falc:
            print()
            print(
                format_readability(
                    readability_by_page(validation.guide, falc), missing_texts(validation.guide, validation.localizers(["facile"])[-1]), "facile"
                )
            )
        print()
        print(format_coverage(coverage(validation.guide, validation.localizers(sorted(validation.interfaces)))))
        return 0
    validation = validate()
    if not validation.ok:
        return _check(validation, False, False)
    day, forge = build_date(validation, epoch=given_epoch()), (args.forge, args.branche)
    written, removed = write_pages(Path(args.dossier), validation, day, args.langues.split(","), forge=forge)
    print(f"Pages générées dans {args.dossier} : {len(written)} écrites, {len(removed)} supprimées.")
    return 0


def _importer(args: argparse.Namespace) -> int:
    """`importer DOSSIER` writes proposals; `importer --appliquer FICHIER` writes the reviewed ones into the data."""
    data = Path(args.donnees) if args.donnees else DATA_FILE
    if args.appliquer:  # the same command as `python -m guide appliquer` (kept for the importer's habits)
        return _appliquer(Path(args.appliquer), data)
    from guide import importer  # the data·inclusion package is only needed here

    if not args.dossier:
        print("Il manque le dossier de l'export data·inclusion, par exemple : python -m guide importer export/ --commune 25056", file=sys.stderr)
        return 2
    communes = args.commune or None
    if communes is None:
        certain = "seules les correspondances certaines (SIRET, identifiant du guide) comptent"
        print(f"Aucune commune demandée (--commune) : toutes les lignes sont lues, mais {certain}.")
    lecture = importer.lire_export(Path(args.dossier), communes)
    for message in lecture.problemes:
        print(message)
    if lecture.fatal:
        print("Import arrêté : l'export n'a pas pu être lu.", file=sys.stderr)
        return 1
    validation = validate(data)
    if not validation.ok:
        return _check(validation, False, False)
    found = importer.proposer(validation.guide, lecture, communes)
    Path(args.sortie).write_text(importer.ecrire_propositions(found, lecture, args.dossier, communes, args.sortie), encoding="utf-8")
    count = sum(len(p.changements) for p in found.propositions)
    print(
        f"{lecture.lues} ligne(s) lue(s) : {lecture.invalides} refusée(s), {lecture.hors_communes} hors des communes demandées, "
        f"{len(lecture.structures) + len(lecture.services)} gardée(s)."
    )
    print(
        f"{count} valeur(s) proposée(s) pour {len(found.propositions)} fiche(s), {len(found.rapprochement.a_decider)} correspondance(s) à décider, "
        f"{len(found.non_proposees)} différence(s) non proposée(s), {len(found.rapprochement.sans_correspondance)} ligne(s) sans fiche."
    )
    print(f"Propositions écrites dans {args.sortie} ; {shown_path(data)} n'a pas changé.")
    print(f"À relire avec les partenaires, puis : python -m guide appliquer {args.sortie}")
    return 0


def _appliquer(propositions: Path, data: Path) -> int:
    """Write a proposals file into the data file, all or nothing: every refusal in French, and the result checked (guide check) before it is written."""
    from dataclasses import replace

    from guide.appliquer import appliquer

    if not propositions.is_file():
        print(f"{propositions} : fichier introuvable", file=sys.stderr)
        return 1
    first = validate(data)  # the round-trip editor reads the file as it is: broken YAML or data is said in French, never a trace
    if not first.ok:
        _check(first, False, False)
        print(f"Rien n'est appliqué : corrigez d'abord {shown_path(data)} (python -m guide check).", file=sys.stderr)
        return 1
    done = appliquer(propositions, data.read_text(encoding="utf-8"))
    for message in done.refusees:
        print(message)
    if done.refusees:
        print(f"Rien n'est appliqué : {len(done.refusees)} refus ; {shown_path(data)} n'a pas changé.", file=sys.stderr)
        return 1
    if not done.ecrites:
        print(f"Aucune valeur appliquée ; {shown_path(data)} n'a pas changé.")
        return 0
    trial = data.with_name(f".{data.stem}.appliquer{data.suffix}")  # beside the data: the check reads the translations next to it
    try:
        trial.write_text(done.texte, encoding="utf-8")
        validation = validate(trial)
    finally:
        trial.unlink(missing_ok=True)
    if not validation.ok:
        validation.problems = [replace(p, path=shown_path(data)) if p.path == shown_path(trial) else p for p in validation.problems]
        _check(validation, False, False)
        print(f"Rien n'est écrit : le résultat ne serait pas valide (lignes du résultat) ; {shown_path(data)} n'a pas changé.", file=sys.stderr)
        return 1
    data.write_text(done.texte, encoding="utf-8")
    for line in done.ecrites:
        print(f"écrit : {line}" + (" (à confirmer)" if line in done.a_confirmer else ""))
    print(f"{len(done.ecrites)} valeur(s) écrite(s) dans {shown_path(data)}, chacune avec sa provenance. Données valides.")
    return 0


def _write_csv(content: bytes, target: str) -> int:
    """Write the CSV bytes to a file, or to the screen for « - »."""
    if target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        return 0
    Path(target).write_bytes(content)
    print(f"Rapport « à compléter » écrit dans {target} (CSV pour Excel : UTF-8, colonnes séparées par « ; »).")
    return 0


def _readability(path: Path) -> int:
    """Analyse the FALC texts of each record of a translation file (one record = one page); exit 1 on a broken rule."""
    loaded = load_yaml(path, mapping="services:")
    if loaded.problems:
        print("\n".join(p.format() for p in loaded.problems))
        return 1
    bad = 0
    for collection, records in (loaded.data or {}).items():
        if not isinstance(records, dict):
            continue
        for rid, fields in records.items():
            if fields is not None and not isinstance(fields, dict):
                bad += 1
                print(f"{path}:{records.marks.get(rid, (0, 0))[0]}: {collection} › {rid} : des champs « nom: {{texte: …}} » étaient attendus")
                continue
            text = page_text(fields or {})
            failures = analyse(text).failures() if text else []
            if failures:
                bad += 1
                print(f"{path}:{records.marks.get(rid, (0, 0))[0]}: {collection} › {rid} : " + " ; ".join(failures))
    print(f"{bad} fiche(s) à simplifier." if bad else "Toutes les fiches respectent les seuils de lisibilité.")
    return 1 if bad else 0


def _check(validation: Validation, show_warnings: bool, github: bool) -> int:
    for problem in validation.errors:
        print(problem.format())
        if github:
            print(problem.github_annotation())
    if show_warnings:
        for problem in validation.warnings:
            print(problem.format())
    errors, warnings = len(validation.errors), len(validation.warnings)
    hint = "" if show_warnings or not warnings else " (détail : python -m guide check -v)"
    if errors:
        print(f"{errors} erreur(s), {warnings} avertissement(s){hint}. Les données ne sont pas valides.", file=sys.stderr)
        return 1
    print(f"Données valides : 0 erreur, {warnings} avertissement(s){hint}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
