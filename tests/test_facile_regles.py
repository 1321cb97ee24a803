"""Facile à lire sans bruit : des règles sur le jeu de test, jamais sur les données du jour.

- une organisation au nom long s'écrit par son nom court (nom_court) dans les phrases des pages Facile à lire ;
- un outil pour les professionnels le dit en une ligne en haut de sa page, dans chaque langue (règle tirée des publics et des besoins) ;
- « Demandez avant de venir » seulement quand il y a un lieu où venir ;
- les mots difficiles du glossaire sont reconnus aussi au pluriel (« dépistages »).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from guide.donnees.paths import INTERFACE_DIR
from guide.langues.glossary import Glossary, Term, used_terms
from guide.langues.readability import extra_negations
from guide.rendu.render import render_pages
from guide.validate import validate
from support import MINIMAL, TODAY, yaml_load

pytestmark = pytest.mark.unit


def _pages(tmp_path: Path, change, locales=("fr", "facile", "en")) -> tuple[dict, list]:
    """The fixture's fiches in `locales`, after `change(data)`."""
    data = yaml_load(MINIMAL.read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "translations").mkdir(exist_ok=True)
    (tmp_path / "schemes.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    validation = validate(tmp_path / "schemes.yaml", on=TODAY, interface_dir=INTERFACE_DIR)
    assert validation.ok, [p.format() for p in validation.errors]
    localizers = validation.localizers(list(locales))
    only = frozenset(f"fiches/{s['id']}.md" for s in data["services"])
    return render_pages(validation.guide, validation.schema, dt.date(2023, 3, 1), localizers, only=only), localizers


def _record(data: dict, collection: str, id_: str) -> dict:
    return next(r for r in data[collection] if r["id"] == id_)


def _top(page: str) -> str:
    """A fiche's first lines: from its title to its summary."""
    return page.split("\n# ", 1)[1].split('class="fiche-resume"', 1)[0]


def test_un_outil_pour_les_professionnels_le_dit_en_haut_de_sa_page_dans_chaque_langue(tmp_path):
    """Rule: professionals are the service's first public and it answers no need of a resident (besoins empty)."""

    def change(data):
        _record(data, "services", "service-b").update(publics=["professionnels", "familles"], besoins=[])  # a tool for professionals
        _record(data, "services", "service-a").update(publics=["jeunes", "professionnels"], besoins=[])  # residents first: not a tool

    pages, localizers = _pages(tmp_path, change)
    for localizer in localizers:
        line = localizer.t("pour_professionnels")
        suffix = ".md" if localizer.is_default else f".{localizer.locale}.md"
        assert line in _top(pages["fiches/service-b" + suffix]), f"{localizer.locale} : la ligne pour les professionnels, en haut"
        assert line not in pages["fiches/service-a" + suffix]
    assert len({loc.t("pour_professionnels") for loc in localizers}) == 3, "dans la langue de chaque page"


def test_un_service_qui_repond_a_un_besoin_n_est_pas_un_outil_pour_professionnels(tmp_path):
    def change(data):
        _record(data, "services", "service-b").update(publics=["professionnels"], besoins=["enfants-parentalite"])

    pages, localizers = _pages(tmp_path, change, ("fr",))
    assert localizers[0].t("pour_professionnels") not in pages["fiches/service-b.md"]


def test_le_facile_a_lire_ecrit_le_nom_court_d_une_organisation_dans_ses_phrases(tmp_path):
    def change(data):
        org = _record(data, "organisations", "org-a")
        org.update(nom="Organisation A au nom officiel très long du département", nom_court="OA")

    pages, localizers = _pages(tmp_path, change, ("fr", "facile"))
    french, facile = pages["fiches/service-a.md"], pages["fiches/service-a.facile.md"]
    provenance = facile.split('class="fiche-verification"', 1)[1]
    assert "OA" in provenance and "très long" not in provenance, "la vérification nomme l'organisation par son nom court"
    assert "très long" in french.split('class="fiche-verification"', 1)[1] and "OA" not in french, "le français garde le nom officiel"
    assert "très long" in facile, "les liens vers l'organisation gardent son nom"


@pytest.mark.parametrize("lieu", ["physique", "aucun"])
def test_demandez_avant_de_venir_seulement_quand_il_y_a_un_lieu_ou_venir(tmp_path, lieu):
    def change(data):
        service = _record(data, "services", "service-a")
        service.pop("horaires_accueil")
        if lieu == "aucun":
            service["lieux"] = []

    pages, localizers = _pages(tmp_path, change, ("fr", "facile"))
    for localizer in localizers:
        page = pages["fiches/service-a" + (".md" if localizer.is_default else ".facile.md")]
        visit, no_visit = localizer.t("horaires_inconnus"), localizer.t("horaires_inconnus_sans_lieu")
        if lieu == "physique":
            assert visit in page, localizer.locale
        else:
            assert no_visit in page and visit not in page, localizer.locale
    assert "avant de venir" in localizers[1].t("horaires_inconnus").lower() or "Demandez" in localizers[1].t("horaires_inconnus")
    assert "venir" not in localizers[1].t("horaires_inconnus_sans_lieu")


def test_un_mot_difficile_est_reconnu_au_pluriel_mais_pas_dans_un_autre_mot():
    glossary = Glossary("facile", [Term("depistage", ("dépistage",), "dépistage", explanation="Un examen.", hard=True)])
    assert used_terms(glossary, "Ces dépistages ont lieu à l'école.") == glossary.terms
    assert used_terms(glossary, "Un dépistage.") == glossary.terms
    assert used_terms(glossary, "Les dépistageurs.") == []
    acronym = Glossary("facile", [Term("caf", ("CAF",), "CAF", explanation="La caisse.")])
    assert used_terms(acronym, "Un café.") == [] and used_terms(acronym, "Les CAFS.") == []


def test_les_negations_en_plus_du_francais_sont_comptees_champ_par_champ():
    assert extra_negations("Public non précisé par le pacte.", "Le pacte ne dit pas pour qui.") == 1
    assert extra_negations("Il ne dit pas l'âge ni le prix.", "Il ne dit pas l'âge. Il ne dit pas le prix.") == 0
    assert extra_negations(["Venez."], ["Ne venez pas sans rendez-vous."]) == 2
    assert extra_negations("Sans diplôme.", "Le public est encore inconnu.") == 0


def test_aucun_champ_facile_n_a_plus_de_negations_que_son_francais(validation):
    """Field by field (names excepted), on the project's data: FALC asks for affirmative sentences."""
    falc = validation.localizers(["fr", "facile"])[1]
    worse = [
        f"{record.collection}/{record.id} › {name} : {extra} négation(s) de plus que le français"
        for record in [*validation.guide.services, *validation.guide.mesures, *validation.guide.organisations, *validation.guide.lieux]
        for name in falc.fields.get(record.collection, [])
        if name not in ("nom", "titre") and record.french.get(name) is not None and not (text := falc.text(record, name)).is_french
        if (extra := extra_negations(record.french[name], text.value))
    ]
    assert worse == []
