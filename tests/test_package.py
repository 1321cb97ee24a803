"""Tests unitaires du paquet `guide` (sans MkDocs)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from guide.donnees.checks import is_valid_french_phone, is_valid_opening_hours
from guide.donnees.formatting import age_text, tel_uri
from guide.donnees.loader import load_yaml_text
from guide.donnees.model import Service
from guide.donnees.problems import WARNING, Problem
from guide.donnees.text import sort_key
from guide.pages import sync_pages, validate_once
from guide.rendu.markers import UnknownMarker, expand_markers
from guide.rendu.render import render_pages
from guide.rendu.selection import alphabetical_groups
from guide.rendu.templating import make_environment, relative_path
from guide.rendu.words import reader_words
from support import MINIMAL, TODAY, validate_fixture


@pytest.fixture(scope="module")
def validation():
    return validate_fixture()


@pytest.fixture(scope="module")
def guide_and_schema(validation):
    return validation.guide, validation.schema


@pytest.fixture(scope="module")
def french(validation):
    return validation.localizers(["fr"])[0]


@pytest.mark.outils
def test_le_paquet_n_importe_pas_mkdocs():
    modules = "guide.validate, guide.rendu.render, guide.pages, guide.build, guide.langues.locales, guide.__main__"
    code = f"import sys, {modules}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


@pytest.mark.unit
def test_le_chargement_garde_ligne_et_colonne():
    loaded = load_yaml_text(b"services:\n  - id: a\n    nom: B\n", "x.yaml")
    item = loaded.data["services"][0]
    assert loaded.data.marks["services"] == (1, 1)
    assert item.marks["nom"] == (3, 5)
    assert loaded.data["services"].marks[0] == (2, 5)


@pytest.mark.unit
def test_les_dates_restent_du_texte():
    loaded = load_yaml_text(b"date: 2023-01-31\n", "x.yaml")
    assert loaded.data["date"] == "2023-01-31"


@pytest.mark.unit
def test_format_du_message_partenaire():
    problem = Problem("data/schemes.yaml", 12, 5, "cej", "frais", "la valeur « x » n'est pas dans la liste", "gratuit ou payant", "gratuit")
    assert problem.format() == "data/schemes.yaml:12:5: cej › frais : la valeur « x » n'est pas dans la liste (attendu : gratuit ou payant ; exemple : gratuit)"
    assert problem.github_annotation().startswith("::error file=data/schemes.yaml,line=12,col=5::")
    warning = Problem("d.yaml", 3, 1, "cej", "last_verified", "vieux", severity=WARNING)
    assert warning.format() == "d.yaml:3:1: avertissement : cej › last_verified : vieux"
    assert not warning.is_error


@pytest.mark.parametrize(
    "number, valid",
    [
        ("3949", True),
        ("3230", True),
        ("3646", True),
        ("03 81 00 00 00", True),
        ("+33 3 81 00 00 00", True),
        ("12 34", False),
        ("0000", False),
        ("06 12", False),
    ],
)
@pytest.mark.unit
def test_telephones_francais(number, valid):
    assert is_valid_french_phone(number) is valid


@pytest.mark.unit
@pytest.mark.parametrize("hours, valid", [("Mo-Fr 09:00-12:00", True), ("Th 10:00+", True), ("Mo", True), ("lundi matin", False), ("Mo-Fr 9h-12h", False)])
def test_horaires_openstreetmap(hours, valid):
    assert is_valid_opening_hours(hours) is valid


def _service(**ages) -> Service:
    return Service(id="s", nom="S", source=None, line=1, **ages)


@pytest.mark.parametrize(
    "ages, text",
    [
        ({"age_min": 16, "age_max": 25}, "de 16 à 25 ans"),
        ({"age_min": 0, "age_max": 6}, "jusqu'à 6 ans"),
        ({"age_min": 16}, "à partir de 16 ans"),
        ({"age_max": 18}, "jusqu'à 18 ans"),
        ({}, ""),
    ],
)
@pytest.mark.unit
def test_age_en_mots(ages, text, french):
    assert age_text(_service(**ages), french.t) == text


@pytest.mark.unit
def test_tranches_d_age_qui_se_croisent():
    service = _service(age_min=16, age_max=25)
    assert service.serves_ages(11, 16) and service.serves_ages(18, 25)
    assert not service.serves_ages(11, 15)
    assert not _service().serves_ages(0, 99), "un âge inconnu ne doit pas placer le service dans toutes les tranches"


@pytest.mark.unit
def test_liens_relatifs_et_tel():
    assert relative_path("organisations/caf.md", "fiches/cej.md") == "../organisations/caf.md"
    assert relative_path("fiches/cej.md", "a-z.md") == "fiches/cej.md"
    assert tel_uri("03 81 00 00 00") == "tel:0381000000"


@pytest.mark.unit
def test_les_filtres_des_gabarits_disent_ce_qu_ils_font():
    """A relative path between pages (chemin_relatif) and an address from the data (url_sure) cannot be mixed up."""
    env = make_environment()
    assert not {"link", "lien", "lien_page"} & set(env.filters)
    assert {"chemin_relatif", "chemin_relatif_page", "url_sure"} <= set(env.filters)
    for name in env.list_templates():
        env.get_template(name)  # a template naming an unknown filter does not compile (TemplateAssertionError)


@pytest.mark.unit
def test_dates_et_tri_a_la_francaise(guide_and_schema, french):
    assert reader_words(guide_and_schema[1], french.page())["fdate"](dt.date(2023, 1, 31)) == "31 janvier 2023"
    assert sort_key("École") < sort_key("Emploi") < sort_key("Zèbre")


@pytest.mark.unit
def test_liens_inverses_calcules(guide_and_schema):
    guide, _ = guide_and_schema
    by_id = guide.by_id()
    assert [s.id for s in by_id["mesure-20"].services] == ["service-a"]
    assert by_id["mesure-21"].services == [] and by_id["mesure-21"].sans_service_motif
    assert {s.id for s in by_id["org-b"].services} == {"service-b"}
    assert [m.id for m in by_id["org-b"].mesures] == ["mesure-20"], "mesure-21 ne nomme personne : org-a y est seulement pressentie"
    assert by_id["mesure-21"].organisations == [] and by_id["mesure-21"].pressenties == [by_id["org-a"]]
    assert by_id["service-b"].is_project and not by_id["service-a"].is_project


@pytest.mark.unit
def test_groupes_alphabetiques(guide_and_schema):
    guide, _ = guide_and_schema
    assert [letter for letter, _ in alphabetical_groups(guide.services)] == ["S"]


@pytest.mark.unit
def test_pages_rendues_pour_chaque_enregistrement(guide_and_schema, french):
    guide, schema = guide_and_schema
    pages = render_pages(guide, schema, TODAY, [french])
    assert "fiches/service-a.md" in pages and "mesures/mesure-21.md" in pages and "organisations/org-b.md" in pages
    fiche = pages["fiches/service-a.md"]
    assert '[<bdi dir="ltr">03 81 00 00 00</bdi>](tel:0381000000)' in fiche
    assert "**Vérifié le 15 février 2023 par Organisation A, par téléphone.** Source : Document de test (31 janvier 2023), article 7, mesure 20." in fiche
    unverified = pages["fiches/service-b.md"]
    assert "Vérifié" not in unverified and "**Pas encore confirmé par Organisation B.** Source : Document de test (31 janvier 2023), article 10." in unverified
    assert "Prix non précisé." in unverified and 'jusqu\'à 3 ans <span class="guide-a-confirmer">(à confirmer)</span>' in unverified
    assert "Nous n'avons pas encore de contact à Planoise pour ce service." in unverified and "Vous pouvez joindre" not in unverified, (
        "rien à joindre dans le jeu de test"
    )
    assert "Vous pouvez vous renseigner auprès de : [Organisation A](../organisations/org-a.md), [Organisation B](../organisations/org-b.md)." in unverified, (
        "la fiche nomme qui peut renseigner"
    )
    assert "(à confirmer)" not in fiche, "service-a n'a aucune valeur à confirmer"
    assert "Pressenties" not in pages["mesures/mesure-20.md"] and "le pacte ne nomme pas d'organisation" in pages["mesures/mesure-21.md"]
    assert '[Organisation A](../organisations/org-a.md) <span class="guide-a-confirmer">(à confirmer)</span>' in pages["mesures/mesure-21.md"]
    assert "Projet annoncé en 2023" in pages["fiches/service-b.md"]
    assert '[:material-phone: Appeler le <bdi dir="ltr">03 81 00 00 00</bdi>](tel:0381000000){ .guide-action .guide-action--principale }' in fiche
    assert "(geo:47.2205,5.9435){ .guide-action }" in fiche and "openstreetmap.org/?mlat=47.2205&mlon=5.9435" in fiche
    assert "geo:" not in pages["fiches/service-b.md"], "pas d'itinéraire sans coordonnées"
    assert "Coordination interne" in pages["mesures/mesure-21.md"]


@pytest.mark.unit
def test_le_html_ne_passe_pas_les_gabarits(guide_and_schema, french):
    guide, schema = guide_and_schema
    service = guide.by_id()["service-a"]
    original = service.french["resume"]
    service.french["resume"] = "<script>x</script>"
    try:
        assert "<script>" not in render_pages(guide, schema, TODAY, [french])["fiches/service-a.md"]
    finally:
        service.french["resume"] = original


@pytest.mark.unit
def test_marqueur_inconnu(guide_and_schema, french):
    guide, schema = guide_and_schema
    assert "themes/metiers.md" in expand_markers("<!-- guide:themes -->", "index.md", guide, schema, french.page())
    with pytest.raises(UnknownMarker, match="guide:inconnu"):
        expand_markers("<!-- guide:inconnu -->", "index.md", guide, schema, french.page())


@pytest.mark.unit
def test_synchronisation_des_pages(tmp_path):
    (tmp_path / "fiches").mkdir()
    (tmp_path / "fiches" / "ancienne.md").write_text("x")
    (tmp_path / "index.md").write_text("à la main")
    written, removed = sync_pages(tmp_path, {"fiches/a.md": "A\n"})
    assert written == ["fiches/a.md"] and removed == ["fiches/ancienne.md"]
    assert (tmp_path / "index.md").read_text() == "à la main"
    assert sync_pages(tmp_path, {"fiches/a.md": "A\n"}) == ([], []), "rien ne doit être réécrit si rien ne change"


@pytest.mark.unit
def test_la_validation_n_est_faite_qu_une_fois_par_contenu(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    first = validate_once(path)
    assert validate_once(path) is first
    path.write_text(MINIMAL.read_text(encoding="utf-8") + "\n# changé\n", encoding="utf-8")
    assert validate_once(path) is not first


@pytest.mark.unit
def test_une_valeur_a_confirmer_est_marquee_dans_chaque_langue_et_a_l_impression(validation, guide_and_schema):
    """A value marked « à confirmer » in the data shows the mark in French, in English, and on the printed booklet."""
    guide, schema = guide_and_schema
    pages = render_pages(guide, schema, TODAY, validation.localizers(["fr", "en"]))
    mark = {"fr": "(à confirmer)", "en": "(to be confirmed)"}
    assert mark["fr"] in pages["fiches/service-b.md"] and mark["en"] in pages["fiches/service-b.en.md"]
    for suffix, word in (("", mark["fr"]), (".en", mark["en"])):
        booklet = pages[f"livrets/famille-parentalite{suffix}.md"]
        printed = booklet[booklet.index("Service B") :]
        assert word in printed, "le livret à imprimer garde la marque"
        assert "2023-03-01" not in booklet and "1 mars 2023" not in booklet and "1 March 2023" not in booklet, "aucune date de construction"
    assert "(à confirmer)" not in pages["fiches/service-a.md"]
