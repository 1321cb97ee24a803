"""Jamais une trace Python, jamais une attente : chaque entrée mal formée reçoit un message en français, en quelques secondes.

Les reproductions du ticket « Sécurité, deuxième passe » : valeurs qui cassent les sorties, identifiants, traces et
attentes. Le corpus de fichiers hostiles (tests/fixtures/attaques.yaml, section « fichiers-hostiles ») et le fuzz au
hasard (Hypothesis), plus lents, sont au palier « outils » (tests/test_robustesse_fuzz.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import time
from pathlib import Path

import pytest

from guide.__main__ import main
from guide.donnees import markup
from guide.donnees.formatting import age_text
from guide.donnees.loader import MAX_DEPTH, load_yaml_text
from guide.donnees.model import build_guide
from guide.donnees.paths import INTERFACE_DIR, SCHEMA_FILE
from guide.donnees.schema import Schema, whole_string
from guide.langues.localizer import make_localizers
from guide.rendu.reserved import reserved_ids
from guide.sorties.opendata import export_files
from guide.validate import validate
from support import MINIMAL, REAL_DATA, REAL_DATA_DIR, TODAY, data_folder, minimal_text, yaml_load

pytestmark = pytest.mark.unit

SCHEMA = Schema.load(SCHEMA_FILE)
LIMIT = 10.0  # seconds: what a partner waits at most for an answer

NEW_SERVICE = """\
  - id: {id}
    nom: Service neuf
    resume: Un service neuf pour les tests.
    description: Un service neuf.
    thematique: famille-parentalite
    besoins: [enfants-parentalite]
    etat: projet
    publics: [familles]
    frais: non-precise
    etapes:
{etapes}
    organisations: [org-b]
    source: {{document: doc-test, article: 10, date: "2023-01-31"}}
    owner: org-b
"""


def _with_service(rid: str, etapes: list[str] | None = None) -> str:
    steps = "\n".join(f"      - {json.dumps(step, ensure_ascii=False)}" for step in etapes or ["Appelez l'organisation B."])
    return minimal_text() + NEW_SERVICE.format(id=json.dumps(rid), etapes=steps)


def _check(path: Path) -> tuple[int, str, float]:
    """`python -m guide check FICHIER` in this process: exit code, everything printed, seconds."""
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["check", str(path)])
    return code, out.getvalue(), time.perf_counter() - start


def _answers_in_french(code: int, text: str, seconds: float) -> None:
    assert code == 1, text
    assert "Traceback" not in text and "Error" not in text, text
    assert "attendu :" in text, text
    assert seconds < LIMIT, f"{seconds:.1f} s"


# ---------------------------------------------------------------- 6. values that break outputs


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "1e999"])
def test_un_nombre_qui_n_est_pas_fini_est_refuse_a_sa_ligne(tmp_path, value):
    text = minimal_text()
    assert text.count("latitude: 47.2205") == 1
    path = data_folder(tmp_path, text.replace("latitude: 47.2205", f"latitude: {value}"))
    code, out, seconds = _check(path)
    _answers_in_french(code, out, seconds)
    line = text[: text.index("latitude: 47.2205")].count("\n") + 1
    assert f"schemes.yaml:{line}:" in out and "nombre" in out, out


def test_le_schema_refuse_un_nombre_non_fini_venu_d_ailleurs_que_du_yaml():
    """The importer builds data from JSON: the schema itself says NaN is not a number (minimum and maximum let it pass)."""
    data = yaml_load(minimal_text())
    data["lieux"][0]["latitude"] = math.nan
    data["lieux"][0]["longitude"] = -math.inf
    found = [p for p in SCHEMA.problems(data, "schemes.yaml") if "fini" in p.message]
    assert {p.field for p in found} == {"latitude", "longitude"} and all(p.record_id == "lieu-a" for p in found), found


@pytest.mark.parametrize("text", ["moins de <5 ans", "a<b c", "x <a href et la suite", "De 3 à <6 ans, puis >6 ans", "**gras**<b et la suite"])
def test_le_texte_simple_garde_tout_ce_qui_suit_un_chevron(text):
    shown = markup.plain_text(text, formatted=True)
    assert shown.endswith(text.split()[-1]), shown
    assert markup.plain_text(text).endswith(text.split()[-1])
    assert markup.plain_text("<b>gras</b> puis a<b c") == "gras puis a<b c"  # a real tag still goes
    assert markup.plain_text("<script>alert(1)</script>reste") == "reste"


def test_guide_json_et_json_ld_gardent_un_nom_avec_un_chevron():
    data = yaml_load(minimal_text())
    data["services"][0]["nom"] = "Accueil a<b des moins de <5 ans"
    guide = build_guide(data)
    french = make_localizers(["fr"], "fr", validate(MINIMAL, on=TODAY, interface_dir=INTERFACE_DIR))[0]
    files = export_files(guide, SCHEMA, french.raw, "https://guide.exemple/", TODAY)
    published = json.loads(files["guide.json"])  # parses: no NaN, and the name is whole
    assert "Accueil a<b des moins de <5 ans" in json.dumps(published, ensure_ascii=False)


def test_guide_json_garde_les_paragraphes_d_une_description():
    """The partners' form reads guide.json: a description in paragraphs keeps them there (issue 28), and is still text only,
    even with a tag written over two lines."""
    data = yaml_load(minimal_text())
    data["services"][0]["description"] = "Premier paragraphe du service.\n\nSecond paragraphe, <b>sans</b> balise, <i\nclass=x>ni celle-ci</i>."
    guide = build_guide(data)
    french = make_localizers(["fr"], "fr", validate(MINIMAL, on=TODAY, interface_dir=INTERFACE_DIR))[0]
    published = json.loads(export_files(guide, SCHEMA, french.raw, "https://guide.exemple/", TODAY)["guide.json"])
    service = next(s for s in published["services"] if s["id"] == data["services"][0]["id"])
    assert service["description"] == "Premier paragraphe du service.\n\nSecond paragraphe, sans balise, ni celle-ci."
    assert markup.plain_lines("a  b \n\n\n\n c") == "a b\n\nc"


# ---------------------------------------------------------------- 7. ids


def test_un_motif_du_schema_couvre_tout_le_texte():
    assert whole_string("^[a-z0-9]+(-[a-z0-9]+)*$").search("service-neuf")
    assert not whole_string("^[a-z0-9]+(-[a-z0-9]+)*$").search("service-neuf\n")
    assert whole_string(r"^[0-9$]+\$$").search("12$$") and not whole_string(r"^[0-9$]+\$$").search("12$$\n")


def test_un_identifiant_qui_finit_par_une_fin_de_ligne_est_refuse(tmp_path):
    assert validate(data_folder(tmp_path / "ok", _with_service("service-neuf")), on=TODAY).ok  # the same record, well written, passes
    validation = validate(data_folder(tmp_path / "ko", _with_service("service-neuf\n")), on=TODAY)
    errors = [p for p in validation.errors if p.field == "id"]
    assert len(errors) == 1 and "n'a pas la bonne forme" in errors[0].message, [p.format() for p in validation.errors]


@pytest.mark.parametrize("rid", ["index", "404", "assets", "pagefind", "donnees", "partenaires", "fiches", "organisations", "je-cherche", "en", "swb"])
def test_un_identifiant_reserve_par_le_site_est_refuse_en_francais(tmp_path, rid):
    validation = validate(data_folder(tmp_path, _with_service(rid)), on=TODAY)
    errors = [p for p in validation.errors if p.field == "id"]
    assert len(errors) == 1 and f"« {rid} » est réservé" in errors[0].message, [p.format() for p in validation.errors]
    assert errors[0].example and errors[0].example != rid


def test_les_noms_reserves_viennent_des_pages_du_site_et_des_langues(tmp_path):
    docs, interface = tmp_path / "docs", tmp_path / "interface"
    docs.mkdir()
    interface.mkdir()
    (docs / "nouvelle-page.md").write_text("# Page\n", encoding="utf-8")
    (docs / "nouvelle-page.en.md").write_text("# Page\n", encoding="utf-8")
    (interface / "de.yaml").write_text("lang: de\n", encoding="utf-8")
    names = reserved_ids(docs, interface)
    assert {"nouvelle-page", "de", "themes", "pour-qui", "livrets", "organisations", "index"} <= names
    assert "service-a" not in names and "nouvelle-page.en" not in names


def test_chaque_texte_et_chaque_liste_du_schema_a_une_taille_maximale():
    """Every free text and every list of schemes.schema.json is capped (the record lists themselves excepted: 5 000 services are a use)."""
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            kind = node.get("type")
            bounded_pattern = "pattern" in node and ("{" in node["pattern"] or "const" in node)
            if kind == "string" and "maxLength" not in node and not bounded_pattern and "enum" not in node:
                missing.append(where)
            if kind == "array" and "maxItems" not in node and not where.startswith("properties/"):
                missing.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}" if where else key)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(SCHEMA.document, "")
    assert not missing, missing


def test_une_liste_trop_longue_est_refusee_en_francais(tmp_path):
    validation = validate(data_folder(tmp_path, _with_service("service-neuf", [f"Étape {n}." for n in range(40)])), on=TODAY)
    assert (
        [p.format() for p in validation.errors if p.field == "etapes"]
        == [p.format() for p in validation.errors if "la liste est trop longue (40 éléments)" in p.message and "au plus 20" in (p.expected or "")]
        != []
    )


# ---------------------------------------------------------------- 8. never a traceback, never a hang


def test_soixante_etapes_de_trois_mille_crochets_repondent_en_quelques_secondes(tmp_path):
    """79 s before: Python-Markdown is quadratic on runs of « [ » (the schema allowed each step, the rules read them all)."""
    path = data_folder(tmp_path, _with_service("service-neuf", ["[" * 2999] * 60))
    code, out, seconds = _check(path)
    _answers_in_french(code, out, seconds)
    assert seconds < 5, f"{seconds:.1f} s"


@pytest.mark.parametrize("text", ["[" * 3000, "![" * 1500, "<a " * 1000, "1. " * 1000, "+ " * 2000, "[a](https://x.fr) " * 200])
def test_la_verification_d_un_texte_ne_lit_jamais_un_texte_trop_gros(text):
    start = time.perf_counter()
    found = markup.problems(text, formatted=True) + markup.interface_problems(text)
    assert found and time.perf_counter() - start < 1


def test_un_texte_permis_avec_quelques_liens_reste_lu():
    text = "Voir [le site](https://www.exemple.fr), [la carte](https://www.exemple.fr/carte) et **avant le 30 juin**."
    assert not markup.problems(text, formatted=True) and not markup.too_big(text)


def test_un_emplacement_ajoute_partout_mais_donne_par_aucun_gabarit_n_arrete_pas_la_construction():
    """« ages_de_a: De {min} à {max} ans {zz} » in every locale: the placeholders agree, and str.format raised KeyError."""
    service = build_guide(yaml_load(minimal_text())).services[0]
    shown = age_text(service, lambda key: {"ages_de_a": "De {min} à {max} ans {zz}"}.get(key, key))
    assert shown == "De 16 à 25 ans {zz}"


def test_une_imbrication_profonde_en_blocs_est_refusee():
    deep = "".join(f"{'  ' * level}n{level}:\n" for level in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "fin: 1\n"
    loaded = load_yaml_text(deep.encode(), "profond.yaml")
    assert loaded.data is None and "niveaux imbriqués" in loaded.problems[0].message


@pytest.mark.donnees
def test_les_donnees_reelles_n_utilisent_ni_alias_ni_nombre_infini():
    """The refusals cost nothing to the real files (they load as before)."""
    for path in [REAL_DATA, *sorted(REAL_DATA_DIR.glob("*/*.yaml"))]:
        loaded = load_yaml_text(path.read_bytes(), path.name)
        assert not loaded.problems, [p.format() for p in loaded.problems]


def test_appliquer_sur_des_donnees_illisibles_repond_en_francais(tmp_path):
    """The round-trip editor (ruamel) raised its own exception on a broken data file."""
    data = data_folder(tmp_path, minimal_text().replace("  - id: service-b\n", '  - id: "service-b\n', 1))
    proposals = tmp_path / "propositions.yaml"
    proposals.write_text("propositions: []\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["importer", "--appliquer", str(proposals), "--donnees", str(data)])
    assert code == 1 and "guillemet" in out.getvalue() and "Rien n'est appliqué" in out.getvalue(), out.getvalue()
