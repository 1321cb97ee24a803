"""Chaque sorte d'entrée fautive donne le bon message français, à la bonne ligne, sans trace Python.

Chaque cas part du jeu de test valide et y change une seule chose ; la ligne
attendue est calculée sur le texte modifié (jamais recopiée à la main).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import pytest

from support import line_of, minimal_text

BASE = minimal_text()


@dataclass
class Case:
    """One bad input: the text, where the error must point, and words the message must contain."""

    name: str
    content: str | bytes
    line: int
    words: tuple[str, ...]
    record: str = ""
    field: str = ""


def replaced(old: str, new: str, anchor: str | None = None) -> tuple[str, int]:
    """The fixture with `old` replaced once by `new`, and the line of `anchor` (default `new`) in it."""
    assert BASE.count(old) == 1, old
    text = BASE.replace(old, new)
    return text, line_of(text, anchor or new)


def _line_in_record(text: str, record_id: str, fragment: str) -> int:
    """The line of the first `fragment` inside the record `record_id` of `text`."""
    start = text.index(f"  - id: {record_id}\n")
    return text.count("\n", 0, text.index(fragment, start)) + 1


def case(name, old, new, words, record="", field="", anchor=None) -> Case:
    text, line = replaced(old, new, anchor)
    return Case(name, text, line, tuple(words), record, field)


# service-a marked as a national scheme outside the pact, while it cites a text (not an official page)
OUTSIDE_PACT = BASE.replace("    etat: en-place\n    age_min: 16\n", "    etat: en-place\n    hors_pacte: true\n    age_min: 16\n", 1)


CASES = [
    Case(
        "guillemet-non-referme",
        BASE.replace("    nom: Service A\n", '    nom: "Service A\n'),
        line_of(BASE, "    nom: Service A"),
        ("YAML est mal formé", "guillemet"),
    ),
    case(
        "deux-points-dans-un-texte",
        "    description: Une description de test, en phrases simples.",
        "    description: Attention: ceci casse le YAML",
        ("YAML est mal formé", "guillemets"),
    ),
    Case("tabulation", BASE.replace("    nom: Service A\n", "\tnom: Service A\n"), line_of(BASE, "    nom: Service A"), ("tabulation",)),
    Case("bom", b"\xef\xbb\xbf" + BASE.encode("utf-8"), 1, ("BOM",)),
    Case("fichier-vide", "", 1, ("fichier est vide",)),
    Case("seulement-des-commentaires", "# rien\n# toujours rien\n", 1, ("fichier est vide",)),
    Case("pas-utf8", BASE.replace("Besançon", "Besan\udce7on").encode("utf-8", "surrogateescape"), line_of(BASE, "    commune: Besançon"), ("UTF-8",)),
    Case("liste-au-lieu-de-bloc", "- documents\n- services\n", 1, ("bon type", "bloc de champs")),
    case("cle-en-double", "    frais: gratuit\n", "    frais: gratuit\n    frais: payant\n", ("apparaît deux fois",), anchor="    frais: payant"),
    case("mauvais-type", "    age_min: 16\n", "    age_min: seize\n", ("bon type", "nombre entier"), "service-a", "age_min"),
    case("champ-inconnu", "    resume: Un service de test", "    resumé: Un service de test", ("n'existe pas", "resume"), "service-a", "resumé"),
    case("champ-obligatoire-manquant", "    etat: projet\n", "", ("obligatoire", "etat"), "service-b", "etat", anchor="  - id: service-b"),
    case("valeur-hors-liste", "    frais: gratuit\n", "    frais: gratos\n", ("pas dans la liste", "gratuit"), "service-a", "frais"),
    case(
        "date-impossible",
        'verification: {date: "2023-02-15", par: org-a, moyen: appel}',
        'verification: {date: "2023-02-30", par: org-a, moyen: appel}',
        ("n'est pas valide", "AAAA-MM-JJ"),
        "org-a",
        "verification.date",
    ),
    case(
        "date-au-format-francais",
        '    date: "2023-01-31"\n\norganisations',
        '    date: "31/01/2023"\n\norganisations',
        ("bonne forme",),
        "doc-test",
        "date",
        anchor='    date: "31/01/2023"',
    ),
    case("telephone-invalide", '    telephone: "03 81 00 00 00"', '    telephone: "12 34"', ("numéro", "valide"), "service-a", "telephone"),
    case("courriel-invalide", "    courriel: accueil@exemple.fr", "    courriel: accueil-at-exemple", ("pas", "courriel"), "service-a", "courriel"),
    case(
        "adresse-web-http", "    site_web: https://www.exemple.fr", "    site_web: http://www.exemple.fr", ("bonne forme", "https://"), "service-a", "site_web"
    ),
    case(
        "horaires-invalides",
        "    horaires_accueil: Mo-Fr 09:00-12:00",
        "    horaires_accueil: lundi matin",
        ("OpenStreetMap",),
        "service-a",
        "horaires_accueil",
    ),
    case(
        "identifiant-en-double",
        "  - id: service-b\n",
        "  - id: service-a\n",
        ("déjà utilisé",),
        "service-a",
        "id",
        anchor="  - id: service-a\n    nom: Service B",
    ),
    case("identifiant-mal-forme", "  - id: service-b\n", "  - id: Service B\n", ("bonne forme", "minuscules"), "Service B", "id"),
    case(
        "organisation-inconnue",
        "    organisations: [org-a]\n    mesures",
        "    organisations: [org-z]\n    mesures",
        ("org-z", "organisations"),
        "service-a",
        "organisations[1]",
        anchor="    organisations: [org-z]",
    ),
    case("mesure-inconnue", "    mesures: [mesure-20]", "    mesures: [mesure-99]", ("mesure-99",), "service-a", "mesures[1]"),
    case("lieu-inconnu", "    lieux: [lieu-a]", "    lieux: [lieu-z]", ("lieu-z", "lieux"), "service-a", "lieux[1]"),
    case("ages-inverses", "    age_min: 16\n", "    age_min: 30\n", ("plus grand",), "service-a", "age_min"),
    case("html-dans-un-texte", "    description: Un projet de test.", "    description: Un projet <b>de</b> test.", ("HTML",), "service-b", "description"),
    case("lien-javascript", "    accessibilite: Locaux de plain-pied.", "    accessibilite: javascript:alert(1)", ("script",), "service-a", "accessibilite"),
    case("numero-de-mesure-incoherent", "    numero: 21\n", "    numero: 22\n", ("ne correspond pas",), "mesure-21", "numero"),
    case(
        "statut-sans-source",
        "    statut: a-confirmer\n    sans_service_motif",
        "    statut: realisee\n    sans_service_motif",
        ("pas de source",),
        "mesure-21",
        "statut",
        anchor="    statut: realisee",
    ),
    case("liste-au-lieu-d-une-valeur", "    frais: non-precise\n", "    frais: [gratuit, payant]\n", ("pas dans la liste",), "service-b", "frais"),
    case("bloc-au-lieu-d-une-liste", "    publics: [familles]\n", "    publics: {famille: oui}\n", ("bon type", "liste"), "service-b", "publics"),
    case(
        "source-sans-article",
        '    source: {document: doc-test, article: 10, date: "2023-01-31"}',
        '    source: {document: doc-test, date: "2023-01-31"}',
        ("obligatoire", "article"),
        "service-b",
        "source.article",
    ),
    case(
        "document-inconnu",
        '    source: {document: doc-test, article: 10, date: "2023-01-31"}',
        '    source: {document: doc-z, article: 10, date: "2023-01-31"}',
        ("doc-z",),
        "service-b",
        "source.document",
    ),
    case(
        "mesure-citee-inexistante",
        '    source: {document: doc-test, article: 7, mesure: 20, date: "2023-01-31"}\n    verification:',
        '    source: {document: doc-test, article: 7, mesure: 77, date: "2023-01-31"}\n    verification:',
        ("n°77",),
        "service-a",
        "source.mesure",
        anchor="    source: {document: doc-test, article: 7, mesure: 77",
    ),
    case(
        "verification-dans-le-futur",
        'verification: {date: "2023-02-15", par: org-a, moyen: appel}',
        'verification: {date: "2099-01-01", par: org-a, moyen: appel}',
        ("futur",),
        "org-a",
        "verification.date",
    ),
    case(
        "verification-par-une-organisation-inconnue",
        'verification: {date: "2023-02-15", par: org-a, moyen: appel}',
        'verification: {date: "2023-02-15", par: org-z, moyen: appel}',
        ("org-z", "aucun enregistrement de la liste « organisations »", "peut-être « org-b » ?"),
        "org-a",
        "verification.par",
    ),
    case(
        "gestionnaire-inconnu",
        "    gestionnaire: org-b",
        "    gestionnaire: org-inconnue",
        ("org-inconnue", "aucun enregistrement de la liste « organisations »"),
        field="gestionnaire",
    ),
    case(
        "organisation-inconnue-dans-une-liste",
        "    organisations: [org-a]",
        "    organisations: [org-a, org-inconnue]",
        ("org-inconnue", "aucun enregistrement de la liste « organisations »"),
        field="organisations[2]",
    ),
    case(
        "verification-sans-moyen",
        'verification: {date: "2023-02-15", par: org-a, moyen: appel}',
        'verification: {date: "2023-02-15", par: org-a}',
        ("moyen",),
        "org-a",
        "verification.moyen",
    ),
    case("champ-a-confirmer-inconnu", "    a_confirmer: [age_max]", "    a_confirmer: [age_max, prix]", ("« prix »", "champ"), "service-b", "a_confirmer[2]"),
    case("frais-inconnu", "    frais: non-precise", "    frais: peut-etre", ("peut-etre", "non-precise"), "service-b", "frais"),
    case("pressentie-inconnue", "    pressenties: [org-a]", "    pressenties: [org-x]", ("org-x",), "mesure-21", "pressenties[1]"),
    case(
        "annuaire-hors-des-sites-officiels",
        "    site_web: https://www.exemple.fr\n",
        "    site_web: https://www.exemple.fr\n    annuaire: https://www.pagesjaunes.fr\n",
        ("pagesjaunes", "n'a pas la bonne forme", "gouv.fr"),
        "service-a",
        "annuaire",
        anchor="    annuaire: https://www.pagesjaunes.fr",
    ),
    Case(
        "dispositif-hors-pacte-sans-page-officielle",
        OUTSIDE_PACT,
        _line_in_record(OUTSIDE_PACT, "service-a", "    source:"),
        ("hors pacte", "doc-test", "page web officielle"),
        "service-a",
        "source",
    ),
    case(
        "source-sans-date-d-un-document-date",
        '    role: Porte le service de test.\n    source: {document: doc-test, article: 7, date: "2023-01-31"}',
        "    role: Porte le service de test.\n    source: {document: doc-test, article: 7}",
        ("doc-test", "sans sa date"),
        "org-a",
        anchor="    source: {document: doc-test, article: 7}",
    ),
    case(
        "document-sans-date-ni-adresse",
        '    titre: Document de test\n    date: "2023-01-31"\n',
        "    titre: Document de test\n",
        ("ni date ni adresse",),
        "doc-test",
        anchor="  - id: doc-test",
    ),
]


@pytest.mark.unit
def test_il_y_a_au_moins_vingt_sortes_d_erreurs():
    assert len({c.name for c in CASES}) >= 20


@pytest.mark.unit
@pytest.mark.parametrize("bad", CASES, ids=lambda c: c.name)
def test_une_erreur_francaise_a_la_bonne_ligne(bad: Case, check_text):
    result = check_text(bad.content)
    assert not result.ok, "l'entrée fautive aurait dû être refusée"
    at_line = [p for p in result.errors if p.line == bad.line]
    assert at_line, f"aucune erreur ligne {bad.line} ; reçu : {[p.format() for p in result.errors]}"
    text = " ".join(p.format() for p in at_line)
    for word in bad.words:
        assert word in text, f"« {word} » absent de : {text}"
    if bad.record:
        assert any(p.record_id == bad.record for p in at_line), text
    if bad.field:
        assert any(p.field == bad.field for p in at_line), text
    for problem in at_line:
        assert problem.format().startswith(f"{problem.path}:{bad.line}:"), problem.format()


@pytest.mark.parametrize(
    "bad",
    [c for c in CASES if c.name in {"guillemet-non-referme", "bom", "pas-utf8", "liste-au-lieu-de-bloc", "valeur-hors-liste", "fichier-vide"}],
    ids=lambda c: c.name,
)
@pytest.mark.outils
def test_la_ligne_de_commande_ne_montre_jamais_de_trace(bad: Case, tmp_path):
    path = tmp_path / "schemes.yaml"
    path.write_bytes(bad.content.encode("utf-8") if isinstance(bad.content, str) else bad.content)
    run = subprocess.run([sys.executable, "-m", "guide", "check", str(path)], capture_output=True, text=True)
    assert run.returncode == 1
    output = run.stdout + run.stderr
    assert "Traceback" not in output
    assert f"schemes.yaml:{bad.line}:" in output
    assert "Les données ne sont pas valides" in output


@pytest.mark.unit
def test_toutes_les_erreurs_sont_donnees_en_une_fois(check_text):
    text = (
        BASE.replace("    frais: gratuit\n", "    frais: gratos\n")
        .replace("    site_web: https://www.exemple.fr", "    site_web: http://www.exemple.fr")
        .replace("    lieux: [lieu-a]", "    lieux: [lieu-z]")
    )
    fields = {p.field for p in check_text(text).errors}
    assert {"frais", "site_web", "lieux[1]"} <= fields
