"""Données ouvertes : fichiers aux adresses stables, schéma national data·inclusion, tableur, JSON brut, JSON-LD schema.org."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from data_inclusion.schema import v1
from pydantic import ValidationError

from guide.donnees.paths import ROOT, SCHEMA_FILE
from guide.donnees.schema import Schema
from guide.pages import build_date, validate_once
from guide.sorties import opendata
from guide.sorties.jsonld import script_text
from guide.sorties.opendata import CSV_COLUMNS, FRAIS, PUBLICS, RESEAUX_PORTEURS, THEMATIQUES, di_publics
from numeros_nationaux import NATIONAL_NUMBERS
from support import OTHER_LOCALES, REAL_DATA, SITE_URL, yaml_load

EXPORTS = ["data-inclusion/structures.json", "data-inclusion/services.json", "services.csv", "guide.json"]


@pytest.fixture(scope="module")
def exported(site) -> Path:
    return site / "donnees"


def _load(exported: Path, name: str):
    return json.loads((exported / name).read_text(encoding="utf-8"))


def _schema_errors(records: list[dict], model) -> list[str]:
    """Every record checked by the official pydantic model, warnings counted as errors; unknown keys too (pydantic would ignore them)."""
    errors = []
    for record in records:
        unknown = set(record) - set(model.model_fields)
        if unknown:
            errors.append(f"{record.get('id')} : champs inconnus {sorted(unknown)}")
        try:
            model.model_validate(record, context={"ignore_warnings": False})
        except ValidationError as error:
            errors.append(f"{record.get('id')} : {error}")
    return errors


# ---------------------------------------------------------------- stable paths


@pytest.mark.outils
def test_les_modules_de_donnees_ouvertes_n_importent_pas_mkdocs():
    code = (
        "import sys, guide.sorties.opendata, guide.sorties.jsonld;"
        " print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'data_inclusion')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]", (
        "les exports ne dépendent ni de MkDocs ni du paquet data·inclusion (il ne sert qu'aux tests et à l'import, guide/importer/)"
    )


@pytest.mark.build
def test_les_fichiers_sont_aux_adresses_stables_une_seule_fois(site, exported):
    for name in EXPORTS:
        assert (exported / name).is_file(), name
        assert (exported / name).stat().st_size > 1000, name
    for locale in OTHER_LOCALES:
        assert not (site / locale / "donnees").exists(), f"les données ne sont publiées qu'une fois, pas sous /{locale}/"


@pytest.mark.donnees
@pytest.mark.build
def test_la_commande_export_ecrit_les_memes_octets_que_la_construction(exported, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    command = [sys.executable, "-m", "guide", "export", str(tmp_path), "--donnees", str(REAL_DATA)]  # the data the site was built from
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 fichiers écrits" in run.stdout
    for name in EXPORTS:
        assert (tmp_path / name).read_bytes() == (exported / name).read_bytes(), name


# ---------------------------------------------------------------- data·inclusion


@pytest.mark.build
def test_chaque_structure_et_chaque_service_suivent_le_schema_data_inclusion(exported, guide):
    structures = _load(exported, "data-inclusion/structures.json")
    services = _load(exported, "data-inclusion/services.json")
    assert len(structures) == len(guide.organisations) and len(services) == len(guide.services)
    assert _schema_errors(structures, v1.Structure) == []
    assert _schema_errors(services, v1.Service) == []
    structure_ids = {s["id"] for s in structures}
    assert {s["structure_id"] for s in services} <= structure_ids, "chaque service renvoie à une structure publiée"
    assert all(s["source"] == "guide-planoise" and s["id"].startswith("guide-planoise--") for s in structures + services)


@pytest.mark.build
@pytest.mark.parametrize(
    "field, wrong",
    [
        ("thematiques", ["sante"]),  # notre thème, pas une thématique data·inclusion
        ("frais", "sous-conditions"),  # notre valeur, absente de la liste nationale
        ("publics", ["eleves"]),  # notre public, absent de la liste nationale
        ("publics", ["tous-publics", "jeunes"]),  # tous-publics doit être seul
        ("modes_accueil", ["sur-place"]),
        ("nom", "CE"),  # moins de 3 caractères
        ("date_maj", "2099-01-01"),  # dans le futur
    ],
)
def test_une_correspondance_fausse_est_refusee_par_le_schema_national(exported, field, wrong):
    service = _load(exported, "data-inclusion/services.json")[0]
    assert _schema_errors([service], v1.Service) == []
    broken = {**copy.deepcopy(service), field: wrong}
    assert _schema_errors([broken], v1.Service) != []


@pytest.mark.unit
def test_une_table_de_correspondance_fausse_ferait_echouer_la_validation(validation, monkeypatch):
    monkeypatch.setitem(THEMATIQUES, "sante", ["sante"])
    day = validation.guide.reference_date  # not build_date(), which asks git
    files = opendata.export_files(validation.guide, validation.schema, validation.localizers(["fr"])[0].t, SITE_URL, day)
    errors = _schema_errors(json.loads(files["data-inclusion/services.json"]), v1.Service)
    assert len(errors) == sum(1 for s in validation.guide.services if s.thematique == "sante")


@pytest.mark.unit
def test_chaque_valeur_de_nos_listes_a_une_correspondance_decidee_et_valable(validation):
    schema = validation.schema
    assert set(THEMATIQUES) == set(schema.labels("thematique"))
    assert set(PUBLICS) == set(schema.labels("public"))
    assert set(FRAIS) == set(schema.labels("frais"))
    assert {t for values in THEMATIQUES.values() for t in values} <= {t.value for t in v1.Thematique}
    assert set(PUBLICS.values()) - {None} <= {p.value for p in v1.Public}
    assert set(FRAIS.values()) - {None} <= {f.value for f in v1.Frais}
    assert set(RESEAUX_PORTEURS) <= {o.id for o in validation.guide.organisations}
    assert set(RESEAUX_PORTEURS.values()) <= {r.value for r in v1.ReseauPorteur}


@pytest.mark.unit
def test_tous_publics_reste_seul_et_les_publics_sans_equivalent_ne_sont_pas_exportes():
    assert di_publics(["tous-publics", "residents-qpv-frr", "jeunes"]) == ["tous-publics"]
    assert di_publics(["eleves", "jeunes", "familles"]) == ["familles", "jeunes"]
    assert di_publics(["professionnels"]) is None


@pytest.mark.build
def test_les_familles_mahoraises_ne_sont_pas_exportees_comme_personnes_exilees(exported, guide):
    assert di_publics(["familles", "allophones"]) == ["familles"]
    mahorais = [s for s in guide.services if "allophones" in s.publics]
    assert mahorais, "les services de la mesure 54 visent les familles allophones"
    services = {s["id"]: s for s in _load(exported, "data-inclusion/services.json")}
    for service in mahorais:
        assert "personnes-exilees" not in (services[f"guide-planoise--{service.id}"]["publics"] or []), service.id


@pytest.mark.build
def test_rien_n_est_invente_dans_les_structures_et_services(exported, guide):
    structures = {s["id"]: s for s in _load(exported, "data-inclusion/structures.json")}
    for org in guide.organisations:
        s = structures[f"guide-planoise--{org.id}"]
        assert (s["telephone"], s["courriel"], s["site_web"]) == (org.telephone, org.courriel, org.site_web)
        assert s["siret"] is s["adresse"] is s["code_postal"] is s["horaires_accueil"] is None
        assert s["date_maj"] == (org.information_date or guide.reference_date).isoformat(), (
            "la date de l'information (vérification, sinon source lue), jamais celle de la construction"
        )
    services = {s["id"]: s for s in _load(exported, "data-inclusion/services.json")}
    for service in guide.services:
        s = services[f"guide-planoise--{service.id}"]
        assert (s["telephone"], s["courriel"], s["horaires_accueil"]) == (service.telephone, service.courriel, service.horaires_accueil)
        assert s["adresse"] is s["latitude"] is s["zone_eligibilite"] is None
        assert s["frais"] == (None if service.unsure("frais") else {"gratuit": "gratuit", "payant": "payant"}.get(service.frais))
        if service.frais == "non-precise":
            assert s["frais"] is None and s["frais_precisions"], "prix non précisé : aucune affirmation, et la précision le dit"
        assert s["date_maj"] == (service.information_date or guide.reference_date).isoformat()
        if service.information_date is None:
            assert "À vérifier sur le site officiel" in s["description"], "aucune source lue : la date n'est pas une consultation"
        if service.a_confirmer:
            assert "À confirmer : " in s["description"], service.id


# ---------------------------------------------------------------- spreadsheet


@pytest.mark.build
def test_le_tableur_se_relit_une_ligne_par_service(exported, guide, site):
    raw = (exported / "services.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 avec BOM, pour que les tableurs lisent les accents"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(guide.services)
    assert [r["id"] for r in rows] == [s.id for s in guide.services]
    by_id = {s.id: s for s in guide.services}
    for row in rows:
        service = by_id[row["id"]]
        assert row["nom"] == service.nom and row["résumé"] == service.resume
        assert row["vérifié le"] == (service.verification.date.isoformat() if service.verification else ""), "vide : personne n'a vérifié"
        assert bool(row["à confirmer"]) == bool(service.a_confirmer)
        assert row["téléphone"] == (service.telephone or "")
        assert row["URL de la fiche"] == f"{SITE_URL}fiches/{service.id}/"
        assert (site / "fiches" / service.id / "index.html").is_file()
    cej = next(r for r in rows if r["id"] == "contrat-engagement-jeune")
    assert cej["âges"] == "de 16 à 25 ans" and cej["frais"] == "Gratuit" and cej["organisations"] == "Mission locale, France Travail"


# ---------------------------------------------------------------- raw records


@pytest.mark.build
def test_le_json_brut_garde_chaque_enregistrement_et_reste_valide(exported, validation):
    data = _load(exported, "guide.json")
    guide = validation.guide
    header = data.pop("en_tete")
    assert header["licence"].startswith("Licence Ouverte") and header["genere_le"] == build_date(validation).isoformat()
    expected = {
        "documents": list(guide.documents),
        "organisations": [o.id for o in guide.organisations],
        "lieux": [p.id for p in guide.lieux],
        "mesures": [m.id for m in guide.mesures],
        "services": [s.id for s in guide.services],
    }
    assert {name: [r["id"] for r in records] for name, records in data.items()} == expected
    assert header["nombre"] == {name: len(ids) for name, ids in expected.items()}
    assert Schema.load(SCHEMA_FILE).problems(data, "guide.json") == [], "les enregistrements publiés repassent la validation du guide"
    assert all("last_verified" not in s for s in data["services"])
    assert [s["id"] for s in data["services"] if s.get("a_confirmer")] == [s.id for s in guide.services if s.a_confirmer]


def _digits(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return "0" + digits[2:] if digits.startswith("33") and len(digits) == 11 else digits


def _sourced_phones(guide) -> set[str]:
    """The numbers the data gives with a source for them: the field's own provenance, a partner as the record's source, or a
    partner's verification of the record (a partner's correct edit). Digits only."""
    records = [*guide.organisations, *guide.lieux, *guide.services, *guide.mesures]
    return {
        _digits(r.french["telephone"])
        for r in records
        if r.french.get("telephone") and ("telephone" in r.provenance or r.source.is_partner or r.verification is not None)
    }


@pytest.mark.unit
def test_un_numero_local_n_est_permis_qu_avec_sa_source():
    """Service A of the fixture gives a local number, confirmed by its partner: allowed. The same without the verification, nor
    a source for the field: not allowed. With the field's own provenance: allowed."""

    from guide.donnees.model import build_guide
    from support import minimal_text

    data = yaml_load(minimal_text())
    assert _digits("03 81 00 00 00") in _sourced_phones(build_guide(data))
    del data["services"][0]["verification"]
    assert _digits("03 81 00 00 00") not in _sourced_phones(build_guide(data))
    data["services"][0]["provenance"] = {"telephone": {"organisation": "org-a", "moyen": "courriel", "date": "2023-02-15"}}
    assert _digits("+33 3 81 00 00 00") in _sourced_phones(build_guide(data))


@pytest.mark.donnees
@pytest.mark.build
def test_aucun_numero_de_telephone_hors_des_numeros_nationaux(exported):
    """A rule, whatever the data: the exports give the national numbers of the allowlist, and a local number only when the
    data gives it with its source (never one made up, never one a partner has not given)."""
    sourced = _sourced_phones(validate_once(REAL_DATA).guide)
    found: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("telephone", "téléphone") and item:
                    found.add(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for name in ("data-inclusion/structures.json", "data-inclusion/services.json", "guide.json"):
        walk(_load(exported, name))
    rows = csv.DictReader(io.StringIO((exported / "services.csv").read_text(encoding="utf-8-sig"), newline=""), delimiter=";")
    found |= {r["téléphone"] for r in rows if r["téléphone"]}
    assert found and {n for n in found if _digits(n) not in sourced} <= set(NATIONAL_NUMBERS), found
    for name in EXPORTS:
        text = (exported / name).read_text(encoding="utf-8-sig")
        local = {m.group(0) for m in re.finditer(r"(?<![\d/])(?:\+33 ?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)", text)}
        assert {n for n in local if _digits(n) not in sourced} == set(), f"{name} : un numéro local ou mobile sans source est apparu"


# ---------------------------------------------------------------- JSON-LD


class _JsonLd(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        self._in_head = self._in_head or tag == "head"
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            assert self._in_head, "le JSON-LD est dans <head>"
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._inside = False
        if tag == "head":
            self._in_head = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def _json_ld(site: Path, path: str) -> list[dict]:
    parser = _JsonLd()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return [json.loads(b) for b in parser.blocks]


@pytest.mark.build
@pytest.mark.parametrize("locale", ["fr", "en"])
def test_chaque_fiche_decrit_son_service_en_json_ld_dans_sa_langue(site, validation, locale):
    localizer = validation.localizers([locale])[-1]
    prefix = "" if locale == "fr" else f"{locale}/"
    for service in validation.guide.services:
        blocks = _json_ld(site, f"{prefix}fiches/{service.id}")
        assert len(blocks) == 1, service.id
        data = blocks[0]
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == ("GovernmentService" if all(o.is_public for o in service.organisations) else "Service")
        assert data["name"] == localizer.text(service, "nom").value
        assert data["url"] == f"{SITE_URL}{prefix}fiches/{service.id}/"
        assert data["areaServed"]["name"] == "Planoise" and data["areaServed"]["containedInPlace"]["name"] == "Besançon"
        assert [p["name"] for p in data["provider"]] == [localizer.text(o, "nom").value for o in service.organisations]
        assert data.get("telephone") == (None if service.unsure("telephone") else service.telephone)
        assert data["audience"].get("suggestedMinAge") == (None if service.unsure("age_min") else service.age_min)
        assert data["audience"].get("suggestedMaxAge") == (None if service.unsure("age_max") else service.age_max)
        assert data.get("isAccessibleForFree") == (None if service.unsure("frais") else {"gratuit": True, "payant": False}.get(service.frais))
        for provider in data["provider"]:
            assert provider["url"].startswith(f"{SITE_URL}{prefix}organisations/")
            assert (site / provider["url"][len(SITE_URL) :] / "index.html").is_file()


@pytest.mark.build
def test_les_valeurs_attendues_sur_quelques_fiches(site):
    cej = _json_ld(site, "fiches/contrat-engagement-jeune")[0]
    assert (cej["@type"], cej["inLanguage"], cej["isAccessibleForFree"]) == ("GovernmentService", "fr", True)
    assert "telephone" not in cej, "le CEJ n'a pas de numéro propre"
    assert {p["@type"] for p in cej["provider"]} == {"GovernmentOrganization"}
    assert cej["audience"]["suggestedMinAge"] == 16 and cej["audience"]["suggestedMaxAge"] == 25
    conte = _json_ld(site, "en/fiches/rendez-vous-conte")[0]
    assert (conte["@type"], conte["inLanguage"]) == ("Service", "en")
    assert "isAccessibleForFree" not in conte, "prix non précisé ou sous conditions : ni oui ni non"
    assert {p["@type"] for p in conte["provider"]} == {"Organization"}
    assert _json_ld(site, "fiches/cite-de-l-emploi")[0]["telephone"] == "3949"


@pytest.mark.build
@pytest.mark.parametrize("path, kind", [("organisations/france-travail", "GovernmentOrganization"), ("en/organisations/juste-ici", "Organization")])
def test_les_pages_d_organisation_decrivent_l_organisation(site, path, kind):
    data = _json_ld(site, path)[0]
    assert data["@type"] == kind and data["url"] == f"{SITE_URL}{path}/"
    if "france-travail" in path:
        assert (data["telephone"], data["sameAs"]) == ("3949", "https://www.francetravail.fr")
    else:
        assert "telephone" not in data and "sameAs" not in data


@pytest.mark.build
def test_les_autres_pages_n_ont_pas_de_json_ld(site):
    for path in ["", "organisations", "themes/sante", "mesures/mesure-51", "en/a-propos"]:
        assert _json_ld(site, path) == [], path


@pytest.mark.unit
def test_le_json_ld_ne_peut_pas_fermer_son_script():
    text = script_text({"name": "</script><script>alert(1)</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script><!-- & -->"


@pytest.mark.build
def test_le_validateur_du_w3c_accepte_les_pages_avec_json_ld(w3c):
    assert len(w3c.groups["json-ld"]) == 4
    assert w3c.errors("json-ld") == {}


# ---------------------------------------------------------------- the page that explains them


@pytest.mark.unit
@pytest.mark.parametrize("page", ["donnees-ouvertes.md", "donnees-ouvertes.en.md"])
def test_la_page_donnees_ouvertes_donne_chaque_adresse_stable(page):
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    for name in EXPORTS:
        assert f"]({SITE_URL}donnees/{name})" in text, f"{page} : lien vers {name} (site_url de mkdocs.yml)"
    assert "Licence Ouverte 2.0" in text and "MIT" in text


@pytest.mark.build
def test_la_page_donnees_ouvertes_est_dans_le_menu_et_liee_depuis_a_propos(site):
    assert "  - Données ouvertes: donnees-ouvertes.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for prefix in ["", "en/"]:
        assert (site / prefix / "donnees-ouvertes" / "index.html").is_file()
        page = (site / prefix / "a-propos" / "index.html").read_text(encoding="utf-8")
        assert 'href="../donnees-ouvertes/"' in page[page.index("<article") : page.index("</article>")], "lien dans le texte, pas seulement dans le menu"
