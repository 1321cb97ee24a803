"""Une seule règle pour chaque chaîne venue de data/ : du texte simple, échappé partout où il est écrit, ou un texte long
dans le petit Markdown permis ; et aucun texte qui trompe l'œil (issue 25, reproductions 1, 3 et 5).

Le corpus est celui de tests/fixtures/attaques.yaml (section « deuxième passe ») : chaque charge est placée dans chaque
sorte de fichier de données (fiches, traductions, mots de l'interface et réglages, glossaires, mots des habitants), et
la vérification la refuse, en français, à sa ligne, sans trace Python ni caractère invisible dans le message.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import markdown
import pytest

from guide.donnees import markup
from guide.donnees.loader import load_yaml
from guide.donnees.model import build_guide
from guide.donnees.paths import INTERFACE_DIR, ROOT, SCHEMA_FILE
from guide.donnees.problems import Problem
from guide.donnees.schema import Schema
from guide.langues.glossary import load_glossary
from guide.langues.interface import Interface, load_interface
from guide.langues.localizer import make_localizers
from guide.langues.menus import nav_translations
from guide.langues.recherche import load_search_words
from guide.rendu.notices import notice_markdown
from guide.rendu.render import render_pages
from guide.validate import validate
from support import FIXTURES, MINIMAL, REAL_DATA_DIR, TODAY, line_of, minimal_text, yaml_load

pytestmark = pytest.mark.unit

# Entries with a « texte » only: the section « fichiers-hostiles » holds whole files (tests/test_robustesse_fuzz.py).
ATTACKS = {name: entry for name, entry in yaml_load((FIXTURES / "attaques.yaml").read_text(encoding="utf-8")).items() if "texte" in entry}
SECOND = {name: entry for name, entry in ATTACKS.items() if entry["famille"] in ("bidi", "controle", "homoglyphe", "lien-vide", "balise-ouverte")}
SCHEMA = Schema.load(SCHEMA_FILE)
BASE = minimal_text()
FACILE = (FIXTURES / "translations" / "facile.yaml").read_text(encoding="utf-8")
INTERFACE_FR = (INTERFACE_DIR / "fr.yaml").read_text(encoding="utf-8")
INTERFACE_SWB = (INTERFACE_DIR / "swb.yaml").read_text(encoding="utf-8")
GLOSSARY = 'caf:\n  francais: [CAF]\n  terme: CAF\n  explication: "The family allowance office."\n  interdits: [Family fund]\n'
WORDS = "mots:\n  - mots: [job, boulot]\n    fiches: [service-a]\n"
SCRIPT = "shimaoré<script>alert('swb')</script>"
MENU = 'Home<meta http-equiv=refresh content=0;url=https://evil.example/phish "'

# Where a payload goes: (file kind, file, the line replaced, its start). One place per kind of string.
PLACES = [
    ("fiche", "schemes", "    resume: Un service de test pour trouver un emploi près de chez vous.", "    resume: "),
    ("fiche-texte-long", "schemes", "    description: Une description de test, en phrases simples.", "    description: "),
    ("traduction", "facile", "      texte: Un service simple. Il vous aide.", "      texte: "),
    ("interface", "interface", "pour_qui: Pour qui", "pour_qui: "),
    ("interface-menu", "interface", "menu.index: Accueil", "menu.index: "),
    ("reglage", "swb", 'nom_en_francais: "shimaoré"', "nom_en_francais: "),
    ("glossaire", "glossaire", '  explication: "The family allowance office."', "  explication: "),
    ("glossaire-terme", "glossaire", "  terme: CAF", "  terme: "),
    ("recherche", "recherche", "  - mots: [job, boulot]", "  - mots: [job, "),
]
KINDS = {"fiche": "fiche", "fiche-texte-long": "fiche", "traduction": "traduction", "reglage": "interface", "interface-menu": "interface"}
FILES = {
    "schemes": "schemes.yaml",
    "facile": "translations/facile.yaml",
    "interface": "interface/fr.yaml",
    "swb": "interface/swb.yaml",
    "glossaire": "glossaire/en.yaml",
    "recherche": "recherche/fr.yaml",
}
# What the French message names, for each family.
# What a reader cannot see, written here again as the test's own oracle: C0 but tab and line ends, DEL, C1, direction overrides.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SAID = {"bidi": "invisible", "controle": "invisible", "homoglyphe": "lettre hors de a à z", "lien-vide": "lien sans texte"}


def _kind(place: str) -> str:
    return KINDS.get(place, place.split("-")[0])


def _cases() -> list:
    """The second pass's payloads in every kind of file; the first corpus in glossaries and search words (tests/test_securite.py
    puts it in records, translations and interface strings)."""
    cases = []
    for name, entry in ATTACKS.items():
        for place in PLACES:
            kind = _kind(place[0])
            if (name in SECOND or kind in ("glossaire", "recherche")) and kind in entry.get("seulement", [kind]):
                cases.append(pytest.param(name, place, id=f"{name}-{place[0]}"))
    return cases


def _write(tmp_path: Path, place: tuple, payload: str) -> tuple[Path, int]:
    """The project's files (fixture records) in tmp_path, with the payload in one place; the file and the line it is on."""
    texts = {
        "schemes": BASE,
        "facile": FACILE,
        "interface": INTERFACE_FR,
        "swb": INTERFACE_SWB,
        "glossaire": GLOSSARY,
        "recherche": WORDS,
    }
    _, target, old, start = place
    assert texts[target].count(old) == 1, old
    end = "]" if target == "recherche" else ""
    new_line = start + json.dumps(payload, ensure_ascii=False) + end
    texts[target] = texts[target].replace(old, new_line)
    for folder in ("translations", "interface", "glossaire", "recherche"):
        (tmp_path / folder).mkdir(exist_ok=True)
    for path in INTERFACE_DIR.glob("*.yaml"):
        shutil.copyfile(path, tmp_path / "interface" / path.name)
    for key, relative in FILES.items():
        (tmp_path / relative).write_text(texts[key], encoding="utf-8")
    return tmp_path / FILES[target], line_of(texts[target], new_line)


def _problems(tmp_path: Path, target: str) -> list[Problem]:
    """What the check says about the data in tmp_path (records, translations, interface; a glossary, search words)."""
    if target == "glossaire":
        return load_glossary("en", tmp_path / "glossaire")[1]
    if target == "recherche":
        return load_search_words(tmp_path / "recherche", _fixture_data())[1]
    return validate(tmp_path / "schemes.yaml", on=TODAY, interface_dir=tmp_path / "interface").errors


@functools.cache
def _fixture_data() -> dict:
    return dict(load_yaml(MINIMAL, "minimal.yaml").data)


# ---------------------------------------------------------------- the check, in every kind of file


@pytest.mark.parametrize("name,place", _cases())
def test_la_verification_refuse_la_charge_dans_chaque_sorte_de_fichier(name, place, tmp_path):
    entry = ATTACKS[name]
    path, line = _write(tmp_path, place, entry["texte"])
    problems = [p for p in _problems(tmp_path, place[1]) if p.is_error]
    here = [p for p in problems if p.path.endswith(FILES[place[1]])]
    assert here and {p.line for p in here} == {line}, (place[0], [p.format() for p in problems])
    message = here[0].format()
    assert f":{line}:" in message and "Traceback" not in message and "attendu :" in message, message
    assert not INVISIBLE.search(message), "un message ne contient aucun caractère invisible brut"
    if entry["famille"] in SAID and (place[0] != "reglage" or entry.get("verification") == "hygiene"):  # a setting has its own shape first
        assert SAID[entry["famille"]] in message, message


@pytest.mark.donnees
def test_les_vraies_donnees_passent_la_verification_de_chaque_chaine(validation):
    assert validation.ok, "les données doivent passer la vérification :\n" + "\n".join(p.format() for p in validation.errors)
    for path in sorted((REAL_DATA_DIR / "glossaire").glob("*.yaml")):
        problems = load_glossary(path.stem, path.parent)[1]
        assert problems == [], f"glossaire {path.name} :\n" + "\n".join(p.format() for p in problems)


def test_le_corpus_de_la_deuxieme_passe_couvre_chaque_famille_et_chaque_sorte_de_fichier():
    families = {entry["famille"] for entry in SECOND.values()}
    assert families == {"bidi", "controle", "homoglyphe", "lien-vide", "balise-ouverte"}
    kinds = {_kind(case.values[1][0]) for case in _cases() if case.values[0] in SECOND}
    assert kinds == {"fiche", "traduction", "interface", "glossaire", "recherche"}
    first = {ATTACKS[case.values[0]]["famille"] for case in _cases() if case.values[0] not in SECOND}
    assert first == {entry["famille"] for name, entry in ATTACKS.items() if name not in SECOND}, "le premier corpus, dans les glossaires et les mots"


# ---------------------------------------------------------------- reproduction 1: a setting printed in the notices


def _localizers(directory: Path) -> list:
    """Localizers for fr, en and swb from the interface files in `directory`, as validate() would give them (no check)."""

    class Bypassed:
        schema = SCHEMA
        catalogues: dict = {}
        interfaces = {}

    for locale in ("fr", "en", "swb"):
        written = yaml_load((directory / f"{locale}.yaml").read_text(encoding="utf-8"))
        strings = {key: value["texte"] if isinstance(value, dict) else value for key, value in written.items()}
        Bypassed.interfaces[locale] = Interface(strings)
    return make_localizers(["fr", "en", "swb"], "fr", Bypassed)


def _site_html(text: str) -> str:
    return markdown.Markdown(extensions=["admonition", "attr_list", "md_in_html"]).convert(text)


def test_reproduction_1_le_script_du_nom_de_la_langue_est_refuse(tmp_path):
    (tmp_path / "swb.yaml").write_text(INTERFACE_SWB.replace('nom_en_francais: "shimaoré"', f"nom_en_francais: {json.dumps(SCRIPT)}"), encoding="utf-8")
    strings, problems = load_interface("swb", tmp_path)
    assert strings == {} and [p.field for p in problems] == ["nom_en_francais"], [p.format() for p in problems]
    assert "<script>" in problems[0].format() and "n'a pas la bonne forme" in problems[0].format() and "exemple : shimaoré" in problems[0].format()


def test_reproduction_1_sans_la_verification_l_avis_et_la_page_relire_l_echappent(tmp_path):
    for locale in ("fr", "en", "swb"):
        text = (INTERFACE_DIR / f"{locale}.yaml").read_text(encoding="utf-8")
        text = text.replace('nom_en_francais: "shimaoré"', f"nom_en_francais: {json.dumps(SCRIPT)}")
        text = text.replace('nom_en_francais: "anglais"', f"nom_en_francais: {json.dumps(SCRIPT)}")
        (tmp_path / f"{locale}.yaml").write_text(text, encoding="utf-8")
    localizers = _localizers(tmp_path)
    swb = localizers[2]
    notice = _site_html(notice_markdown("retenu", swb))
    assert "guide-avis" in notice and "shimaoré&#60;script&#62;" in notice and "<script" not in notice, notice
    # The same setting in the heading and text of partenaires/relire-en/ (review.jinja.md).
    guide = build_guide(_fixture_data())
    pages = render_pages(guide, SCHEMA, TODAY, localizers, "https://guide.exemple/", only={"partenaires/relire-en.md"})
    for path in ("partenaires/relire-en.md", "partenaires/traductions.md"):  # its heading; the dashboard's links to each page
        body = pages[path].split("---\n", 2)[2]
        assert "shimaoré" in body and "<script" not in _site_html(body), path


# ---------------------------------------------------------------- reproduction 3: menu labels


def test_reproduction_3_un_libelle_de_menu_avec_une_balise_ouverte_est_refuse(tmp_path):
    en = (INTERFACE_DIR / "en.yaml").read_text(encoding="utf-8")
    line = next(row for row in en.splitlines() if row.startswith("menu.index:"))
    entry = yaml_load(line)["menu.index"]
    entry["texte"] = MENU
    (tmp_path / "en.yaml").write_text(en.replace(line, "menu.index: " + json.dumps(entry, ensure_ascii=False)), encoding="utf-8")
    strings, problems = load_interface("en", tmp_path)
    assert strings == {} and [p.field for p in problems] == ["menu.index"], [p.format() for p in problems]
    assert "« < »" in problems[0].message


def test_reproduction_3_sans_la_verification_le_libelle_n_est_pas_passe_au_theme(tmp_path):
    for locale in ("fr", "en", "swb"):
        shutil.copyfile(INTERFACE_DIR / f"{locale}.yaml", tmp_path / f"{locale}.yaml")
    nav = [{"Accueil": "index.md"}, {"Je cherche une aide": "je-cherche/index.md"}]
    english = _localizers(tmp_path)[1]
    assert nav_translations(nav, english)["Accueil"] == english.raw("menu.index"), "un libellé ordinaire est traduit"
    english.interface["menu.index"] = MENU
    english._states.clear()
    labels = nav_translations(nav, english)
    assert "Accueil" not in labels, "Material écrit les titres du menu tels quels : le libellé français reste"
    assert "Je cherche une aide" in labels


# ---------------------------------------------------------------- reproduction 5: text that lies to the eye


@pytest.mark.parametrize(
    "text,named",
    [
        ("a\u202eb", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("a\u2067b", "U+2067 RIGHT-TO-LEFT ISOLATE"),
        ("a\x1bb", "U+001B ESCAPE"),
        ("a\x00b", "U+0000 NULL"),
        ("a\x07b", "U+0007 BELL"),
        ("a\x9bb", "U+009B"),
    ],
)
def test_un_caractere_invisible_est_nomme_par_son_nom_unicode(text, named):
    from guide.donnees import hygiene

    [message] = hygiene.text_problems(text)
    assert f"le caractère invisible {named}" in message


def test_tabulations_et_fins_de_ligne_restent_permises():
    from guide.donnees import hygiene

    assert hygiene.text_problems("Étape 1\tpuis\nétape 2\r\n") == []


@pytest.mark.parametrize(
    "host,refused",
    [
        ("francetr\u0430v\u0430il.fr", True),  # Cyrillic а
        ("www.c\u03b1f.fr", True),  # Greek α
        ("caf-b\u00e9san\u00e7on.fr", True),  # Latin with accents: not an official IDN domain
        ("www.francetravail.fr", False),
        ("user@www.caf.fr:443", False),
    ],
)
def test_une_adresse_de_site_en_lettres_d_un_autre_alphabet_est_refusee(host, refused):
    from guide.donnees import hygiene

    assert (hygiene.host_problem(host) is not None) == refused


def test_un_domaine_officiel_en_un_seul_alphabet_peut_avoir_des_accents(monkeypatch):
    from guide.donnees import hygiene

    monkeypatch.setattr(hygiene, "IDN_DOMAINS", frozenset({"exemple-\u00e9.fr"}))
    assert hygiene.host_problem("www.exemple-\u00e9.fr") is None
    assert hygiene.host_problem("www.exemple-\u00e9.fr".replace("e", "\u0435", 1)) is not None, "deux alphabets : refusé même sur la liste"


def test_un_message_montre_les_caracteres_invisibles_sans_les_ecrire():
    problem = Problem("data/schemes.yaml", 3, 5, "cej\x1b[2J", "nom", "valeur « a\u202eb\x07 »", "x\x00", None)
    text = problem.format()
    assert not INVISIBLE.search(text) and "\\x1b[2J" in text and "\\u202e" in text and "\\x07" in text and "\\x00" in text
    assert not INVISIBLE.search(problem.github_annotation())


def test_un_caractere_invisible_ecrit_tel_quel_dans_le_fichier_est_trouve_a_sa_colonne(tmp_path):
    (tmp_path / "en.yaml").write_text("# commentaire \u202e caché\ncaf:\n  francais: [CAF]\n  terme: CA\u202eF\n", encoding="utf-8")
    problems = load_glossary("en", tmp_path)[1]
    assert [(p.line, p.column) for p in problems] == [(1, 15), (4, 12)], [p.format() for p in problems]


def test_sans_la_verification_le_rendu_n_ecrit_ni_caractere_invisible_ni_lien_vide():
    for text in ("Accueil \u202e\x1b[2J\x07 le mardi", "a\x00b"):
        for formatted in (False, True):
            assert not INVISIBLE.search(markup.markdown_text(text, formatted)), text
        assert not INVISIBLE.search(markup.plain_text(text, True)) and not INVISIBLE.search(markup.html_attribute(text))
    html = _site_html(markup.markdown_text("Voir [](https://example.org) ici et [ ](https://example.org).", formatted=True))
    assert "<a" not in html and "Voir" in html, html
    assert markup.plain_text("Voir [](https://example.org) ici", formatted=True) == "Voir ici"


# ---------------------------------------------------------------- shapes: schemas and French messages, never a traceback


@pytest.mark.parametrize("kind", ["interface", "glossaire", "recherche"])
@pytest.mark.parametrize("text", ["- a\n- b\n", "un texte\n", "42\n"])
def test_un_fichier_qui_n_est_pas_un_bloc_de_cles_recoit_un_message_en_francais(kind, text, tmp_path):
    (tmp_path / "fr.yaml").write_text(text, encoding="utf-8")
    if kind == "interface":
        problems = load_interface("fr", tmp_path)[1]
    elif kind == "glossaire":
        problems = load_glossary("fr", tmp_path)[1]
    else:
        problems = load_search_words(tmp_path, {"services": []})[1]
    assert len(problems) == 1 and problems[0].line == 1, [p.format() for p in problems]
    assert "n'est pas du bon type" in problems[0].message and "bloc de champs" in problems[0].format()


@pytest.mark.parametrize(
    "line,field",
    [
        ('nom_en_francais: "shimaoré\\n"', "nom_en_francais"),
        ('langue_nom: "Shimaore{: onclick=x }"', "langue_nom"),
        ('deux_points: ":<b>"', "deux_points"),
        ('separateur_liste: ", et puis "', "separateur_liste"),
        ("babel: fr_FR_extra_long_code", "babel"),
        ("Pour Qui: Pour qui", "Pour Qui"),
        ('pour_qui: {texte: "x", statut: relu, par: "<b>moi</b>", empreinte: "0123456789ab"}', "pour_qui"),
    ],
)
def test_le_schema_de_l_interface_refuse_les_reglages_et_les_cles_mal_formes(line, field, tmp_path):
    text = INTERFACE_SWB
    key = line.split(":")[0]
    old = next((row for row in text.splitlines() if row.startswith(key + ":")), None)
    text = text.replace(old, line) if old else text + line + "\n"
    (tmp_path / "swb.yaml").write_text(text, encoding="utf-8")
    strings, problems = load_interface("swb", tmp_path)
    assert strings == {} and {p.field.split(".")[0] for p in problems if p.is_error} == {field}, [p.format() for p in problems]
    assert problems[0].line == line_of(text, line)


def test_chaque_glossaire_suit_son_schema_sans_cle_inconnue(tmp_path):
    (tmp_path / "en.yaml").write_text(GLOSSARY.replace("  interdits:", "  lien: https://example.org\n  interdits:"), encoding="utf-8")
    [problem] = load_glossary("en", tmp_path)[1]
    assert "le champ « lien » n'existe pas" in problem.message and problem.line == 5
    schema = json.loads((ROOT / "data" / "glossaire.schema.json").read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False and schema["$defs"]["terme"]["additionalProperties"] is False
    for name in ("interface", "recherche"):
        assert json.loads((ROOT / "data" / f"{name}.schema.json").read_text(encoding="utf-8"))["additionalProperties"] is False


def test_les_reglages_de_sens_et_de_langue_n_ecrivent_que_des_mots_connus_dans_l_element_html():
    from guide.sorties.site_files import with_html_dir

    assert with_html_dir('<html lang="fr">', "rtl", "ar") == '<html dir="rtl" lang="ar">'
    assert with_html_dir('<html lang="fr">', 'rtl" onfocus="alert(1)', 'ar" autofocus="') == '<html dir="ltr" lang="fr">'
