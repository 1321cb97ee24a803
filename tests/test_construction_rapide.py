"""Ce que la construction garde en mémoire pour aller plus vite ne change aucune page, et ne devient jamais périmé.

Chemins relatifs mis en cache, gabarits relus une fois par rendu (pas à chaque `get_template`), mots du glossaire
cherchés seulement dans une page qui peut les contenir : chaque test dit la règle qui rend le raccourci sûr.
"""

from __future__ import annotations

import _sre
import os
import re
import shutil
from dataclasses import dataclass
from re._compiler import _EXTRA_CASES

import pytest
from jinja2 import Template, meta
from jinja2.defaults import DEFAULT_FILTERS
from jinja2.utils import _PassArg

import guide.langues.localizer as localizer_module
from guide.donnees import markup
from guide.langues.glossary import Glossary, Term, folded_case, used_terms
from guide.langues.interface import Interface
from guide.langues.localizer import Localizer
from guide.langues.translations import Catalogue, Text, fingerprint
from guide.rendu.render import render_pages, views_of
from guide.rendu.templating import TEMPLATES_DIR, make_environment, relative_path
from guide.rendu.words import ReaderWords, reader_words
from guide.sorties import jsonld
from guide.sorties.jsonld import page_json_ld
from support import TODAY, validate_fixture


@pytest.mark.unit
def test_un_chemin_relatif_est_calcule_une_fois_et_ne_depend_pas_du_dossier_courant(tmp_path, monkeypatch):
    first = relative_path("organisations/caf.md", "fiches/une-fiche-de-ce-test.md")
    hits = relative_path.cache_info().hits
    monkeypatch.chdir(tmp_path)  # posixpath.relpath lit le dossier courant : il s'annule entre les deux chemins
    assert relative_path("organisations/caf.md", "fiches/une-fiche-de-ce-test.md") == first == "../organisations/caf.md"
    assert relative_path.cache_info().hits == hits + 1, "le même lien, demandé par chaque langue, n'est calculé qu'une fois"
    relative_path.cache_clear()
    assert relative_path("organisations/caf.md", "fiches/une-fiche-de-ce-test.md") == first


@pytest.fixture
def templates(tmp_path):
    """A copy of the page templates, to edit as a partner would under `mkdocs serve`."""
    folder = tmp_path / "gabarits"
    shutil.copytree(TEMPLATES_DIR, folder)
    return folder


def _fiche(templates, only=frozenset({"fiches/service-a.md"})) -> str:
    validation = validate_fixture()
    pages = render_pages(validation.guide, validation.schema, TODAY, validation.localizers(["fr"]), templates_dir=templates, only=only)
    return pages["fiches/service-a.md"]


@pytest.mark.unit
def test_un_gabarit_modifie_est_relu_au_rendu_suivant(templates):
    """`mkdocs serve` refait les pages quand un gabarit change (guide/build.py, snapshot) : elles prennent le gabarit modifié,
    le gabarit de la page comme un gabarit importé (_macros.jinja.md)."""
    before = _fiche(templates)
    for name, line in (("service.jinja.md", "Ligne ajoutée au gabarit de la fiche"), ("_macros.jinja.md", "{# rien #}")):
        file = templates / name
        file.write_text(file.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
        later = os.stat(file).st_mtime + 5  # a date that differs, even on a file system that counts whole seconds
        os.utime(file, (later, later))
    after = _fiche(templates)
    assert "Ligne ajoutée au gabarit de la fiche" in after and "Ligne ajoutée" not in before
    (templates / "service.jinja.md").unlink()
    with pytest.raises(Exception, match="service.jinja.md"):
        _fiche(templates)  # a template removed is not rendered from memory either


@pytest.mark.unit
def test_les_gabarits_ne_sont_pas_relus_a_chaque_page(templates, monkeypatch):
    """Jinja's auto_reload asked the file's date at each `get_template` and `{% import %}` (15 000 times a build):
    now once per template and per rendering of the pages."""
    _fiche(templates, only=None)  # every template read and compiled once
    asked = []
    real = os.path.getmtime
    monkeypatch.setattr(os.path, "getmtime", lambda path: asked.append(path) or real(path))
    _fiche(templates, only=None)
    count = len(list(templates.iterdir()))
    assert asked, "each template is still checked once per rendering (mkdocs serve)"
    assert len(asked) <= count, f"{len(asked)} lectures de date pour {count} gabarits"


@pytest.mark.unit
def test_le_premier_regard_du_glossaire_ne_manque_aucun_mot_que_la_recherche_trouverait():
    """used_terms cherche un terme seulement dans une page qui le contient une fois « pliée » (folded_case) : ce pliage
    garde chaque caractère à sa place et donne le même caractère à deux caractères que re.IGNORECASE confond."""
    codes = [*range(0xD800), *range(0xE000, 0x110000)]  # every character (no lone surrogate)
    every = "".join(map(chr, codes))
    lowered = "".join(map(chr, map(_sre.unicode_tolower, codes)))  # what re.IGNORECASE compares
    assert len(folded_case(every)) == len(every), "un caractère plié reste un caractère"
    assert folded_case(every) == folded_case(lowered)
    for lower, others in _EXTRA_CASES.items():
        assert {folded_case(chr(code)) for code in (lower, *others)} == {folded_case(chr(lower))}
    for word, text in (("Mission", "MİSSİON"), ("mission", "mıssıon"), ("CAS", "caſ"), ("ΟΔΟΣ", "οδος"), ("Kilo", "\u212ailo")):
        assert re.search(re.escape(word), text, re.IGNORECASE) and folded_case(word) in folded_case(text)


@pytest.mark.unit
def test_les_mots_du_glossaire_d_une_page_sont_les_memes_avec_le_premier_regard():
    """Termes écrits en minuscules, en capitales, au pluriel, sigle latin seul, ou absents : la liste est celle de la
    recherche mot à mot sur chaque terme (used_terms avant le premier regard)."""
    glossary = Glossary(
        "ar",
        [
            Term("mission-locale", ("Mission locale",), "ميسيون لوكال", "Mission locale", "Une explication."),
            Term("ccas", ("CCAS",), "مركز العمل الاجتماعي", "CCAS", "Une explication."),
            Term("depistage", ("dépistage",), "dépistage", "", "Une explication."),
            Term("caf", ("CAF",), "CAF", "CAF", "Une explication."),
            Term("pij", ("Point information jeunesse",), "Point information jeunesse", "", "Une explication."),
            Term("absent", ("absent",), "absent", "", "Une explication."),
        ],
    )
    text = "Allez au POINT INFORMATION JEUNESSE ou au CCAS. Des dépistages gratuits. La Caf ? Non : café."
    assert [term.id for term in used_terms(glossary, text)] == ["ccas", "depistage", "pij"]
    assert [term.id for term in used_terms(glossary, "ميسيون لوكال (Mission locale) et CAF")] == ["mission-locale", "caf"]


@dataclass
class _Record:
    french: dict
    id: str = "a"
    collection: str = "services"


@pytest.mark.unit
def test_l_etat_d_un_texte_est_calcule_une_fois_et_jamais_pour_un_autre_francais(monkeypatch):
    """Localizer.text retient sa réponse pour un champ : la même, tant que le français est le même objet ; un autre
    enregistrement du même identifiant (un autre jeu de données, un français changé) a la sienne."""
    entries = {"a": {"resume": {"texte": "Service A. Call 3949.", "statut": "relu", "empreinte": fingerprint("Le service A. Appelez le 3949.")}}}
    interface = Interface({"statuts_affiches": "relu brouillon automatique", "lang": "en"})
    english = Localizer("en", Catalogue("en", {"services": entries}), interface, {"lang": "fr"}, False, {"services": ["resume"]})
    worked_out = []
    monkeypatch.setattr(localizer_module, "fingerprint", lambda text: worked_out.append(text) or fingerprint(text))
    same = _Record({"resume": "Le service A. Appelez le 3949."})
    assert [english.text(same, "resume") for _ in range(3)] == [Text("Service A. Call 3949.", "relu")] * 3
    assert len(worked_out) == 1, "asked by each page, worked out once"
    changed = _Record({"resume": "Le service A, changé depuis sa traduction."})
    assert english.text(changed, "resume") == Text("Le service A, changé depuis sa traduction.", "perime")
    assert english.text(same, "resume") == Text("Service A. Call 3949.", "relu")  # the first French again: its own answer
    lost = _Record({"resume": "Le service A. Appelez le 3949 ou le 3230."})  # a number the translation does not give
    entries["a"]["resume"]["empreinte"] = fingerprint(lost.french["resume"])  # another guide's files, read by the same Localizer
    assert english.text(lost, "resume").state == "manquant"


@pytest.mark.unit
def test_les_macros_d_une_fiche_imprimee_ne_lisent_que_les_mots_de_la_langue():
    """print_fiche fait les macros (_macros.jinja.md) une fois par page et par langue, avec les mots de la langue
    seulement : aucune macro ne peut lire la fiche imprimée (service, level, block…). Un nom lu par une macro qui ne
    serait pas un mot de la langue est nommé ici ; `direction` est lu par le filtre `texte`."""
    validation = validate_fixture()
    page = validation.localizers(["fr"])[0].page()
    words = {**reader_words(validation.schema, page), **views_of(validation.guide, validation.schema), "guide": validation.guide}
    env = make_environment()
    read = meta.find_undeclared_variables(env.parse(env.loader.get_source(env, "_macros.jinja.md")[0]))
    assert read - words.keys() == set(), "ces noms ne sont pas des mots de la langue (guide/rendu/render.py, _print_fiche)"
    assert "direction" in words
    ours = {**{name: f for name, f in env.filters.items() if name not in DEFAULT_FILTERS}, **words}
    contextual = [name for name, function in ours.items() if getattr(function, "jinja_pass_arg", None) is _PassArg.context]
    assert contextual == ["texte"], "une fonction qui lit le contexte : dire ici ce qu'elle lit, et le donner aux macros"


@pytest.mark.unit
def test_une_feuille_en_2_langues_fait_ses_macros_une_fois_par_langue_et_non_par_bloc(templates, monkeypatch):
    made = []
    real = Template.make_module
    monkeypatch.setattr(Template, "make_module", lambda self, *a, **k: made.append(self.name) or real(self, *a, **k))
    validation = validate_fixture()
    path = "imprimer/service-a.md"
    pages = render_pages(validation.guide, validation.schema, TODAY, validation.localizers(["fr", "en"]), templates_dir=templates, only=frozenset({path}))
    sheet = pages["imprimer/service-a.en.md"]
    assert sheet.count("Service A") >= 2, "the French and the English blocks are printed"
    # 12 blocks (6 in each language), each printed by print_fiche: the macros are made once per language, plus the
    # imports of the page's own templates (the sheet, its notice)
    assert made.count("_macros.jinja.md") <= 6, f"{made.count('_macros.jinja.md')} fois les macros pour une feuille de 12 blocs"


@pytest.mark.unit
def test_les_donnees_structurees_lisent_les_libelles_d_une_langue_une_fois(monkeypatch):
    """Chaque page d'une langue demande les libellés de sa langue : lus une fois par langue, et jamais ceux d'une autre."""
    validation = validate_fixture()
    french, english = validation.localizers(["fr", "en"])
    service = next(s for s in validation.guide.services if s.id == "service-a")
    alone = {loc.locale: page_json_ld(validation.schema, loc.page(), service, "https://exemple.fr/") for loc in (french, english)}
    made = []
    monkeypatch.setattr(jsonld, "ReaderWords", lambda *args: made.append(args) or ReaderWords(*args))
    for localizer in (french, french, english, english, french):
        assert page_json_ld(validation.schema, localizer.page(), service, "https://exemple.fr/") == alone[localizer.locale]
    assert len(made) == 3, "une fois par langue, à chaque changement de langue"


@pytest.mark.unit
def test_le_schema_d_une_adresse_est_lu_une_fois_et_toujours_comme_un_navigateur():
    """safe_url et la vérification des liens demandent le schéma des mêmes adresses sur chaque page : calculé une fois,
    c'est une fonction de l'adresse seule (espaces et caractères de contrôle ôtés, en minuscules)."""
    for url, scheme in (
        (" Java\tScript:alert(1)", "javascript"),
        ("HTTPS://exemple.fr/", "https"),
        ("tel:0381000000", "tel"),
        ("&#106;avascript:x", "javascript"),
    ):
        assert markup._scheme(url) == scheme
        hits = markup._scheme.cache_info().hits
        assert markup._scheme(url) == scheme and markup._scheme.cache_info().hits == hits + 1
    assert markup.safe_url(" Java\tScript:alert(1)") == "" and markup.safe_url("https://exemple.fr/") == "https://exemple.fr/"


@pytest.mark.unit
def test_le_schema_verifie_un_meme_contenu_une_fois_et_chaque_autre_contenu_a_part(monkeypatch):
    """Schema.check_loaded keeps each check by the bytes parsed and the name shown: the same file checked again gives the
    same problems without a second check; other bytes, or the same bytes under another name, are checked anew."""
    from guide.donnees.loader import load_yaml_bytes
    from guide.donnees.paths import SCHEMA_FILE
    from guide.donnees.schema import Schema

    schema = Schema.load(SCHEMA_FILE)
    calls = []
    check = schema.check
    monkeypatch.setattr(schema, "check", lambda data, shown: calls.append(shown) or check(data, shown))
    good = b"services: []\nmesures: []\norganisations: []\nlieux: []\ndocuments: []\n# ce test\n"
    bad = good.replace(b"services: []", b"services: 3")
    first = schema.check_loaded(load_yaml_bytes(good, "a.yaml"))
    assert schema.check_loaded(load_yaml_bytes(good, "a.yaml")) == first and calls == ["a.yaml"]
    problems, _ = schema.check_loaded(load_yaml_bytes(bad, "a.yaml"))
    assert problems and problems[0].path == "a.yaml" and calls == ["a.yaml", "a.yaml"]
    problems, _ = schema.check_loaded(load_yaml_bytes(bad, "b.yaml"))
    assert problems[0].path == "b.yaml" and calls == ["a.yaml", "a.yaml", "b.yaml"]
    problems.clear()  # a caller's list is its own
    assert schema.check_loaded(load_yaml_bytes(bad, "b.yaml"))[0] != []


# ---------------------------------------------------------------- the other languages' pages, made apart (fork)

# Run in a program of its own: `Apart` forks only a process with a single thread, and pytest's workers have several.
_APART = """
import json, os, sys, time
from pathlib import Path
import guide.build as build
from guide.rendu.background import Apart

data, docs = Path(sys.argv[1]), Path(sys.argv[2])
languages = [{"locale": code, "default": code == "fr", "build": True} for code in ("fr", "facile", "en", "ar", "swb")]

def made(apart):
    build._LAST.clear()
    snap = build.snapshot(languages, "/", docs, data=data, epoch="1700000000", apart=apart)
    french, pending = dict(snap.sources("fr")), list(snap.pending)
    easy = dict(snap.sources("facile"))
    pages = {uri: [p.locale, p.spec.path, p.text, sorted(p.texts.states), p.texts.text_states, [list(s) for s in p.texts.shown], p.texts.notice_state()]
             for uri, p in snap.pages.items()}
    return pages, pending, french, easy

alone, _, _, _ = made(False)
apart, pending, french, easy = made(True)
try:
    Apart({"division": lambda: 1 / 0}).result("division")
    failure = ""
except RuntimeError as error:
    failure = str(error)
slow = Apart({"vite": lambda: 1, "lent": lambda: time.sleep(4) or 2})
start = time.perf_counter()
first, first_wait = slow.result("vite"), time.perf_counter() - start
print(json.dumps({
    "same": alone == apart, "order": list(alone) == list(apart), "pending": pending,
    "french_texts": {uri: french[uri] for uri in pending},
    "easy_text": easy["fiches/service-a.facile.md"], "english_in_easy_pass": easy["fiches/service-a.en.md"],
    "child": Apart({"pid": os.getpid}).result("pid") != os.getpid(), "failure": failure,
    "first": first, "first_wait": first_wait, "second": slow.result("lent"),
    "left": sorted(p.name for p in Path(os.environ["TMPDIR"]).iterdir()),
}))
"""


@pytest.mark.outils
def test_les_pages_des_autres_langues_faites_a_part_sont_les_memes(tmp_path):
    import json
    import subprocess
    import sys

    from support import FIXTURES, ROOT, data_folder, minimal_text

    data = data_folder(tmp_path / "data", minimal_text())
    shutil.copytree(FIXTURES / "translations", tmp_path / "data" / "translations")  # texts in other states than French
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    run = subprocess.run([sys.executable, "-c", _APART, str(data), str(ROOT / "docs")], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["child"], "le travail se fait dans un autre processus"
    assert found["same"] and found["order"], "mêmes pages, mêmes textes, mêmes états (l'avis de chaque page), dans le même ordre"
    assert "fiches/service-a.en.md" in found["pending"] and not any(uri.endswith(("/service-a.md", "index.md")) for uri in found["pending"])
    assert set(found["french_texts"].values()) == {""}, "pendant la passe du français, les autres langues sont listées sans texte"
    assert found["easy_text"].startswith("---"), "dans sa propre passe, une page a son texte (d'abord ses métadonnées)"
    assert found["english_in_easy_pass"] == "", "une langue d'après reste listée sans texte : on ne l'attend pas"
    assert found["first"] == 1 and found["first_wait"] < 3 and found["second"] == 2, "chaque morceau est pris dès qu'il est fait"
    assert "ZeroDivisionError" in found["failure"], "une erreur du travail fait à part est levée, avec sa cause"
    assert found["left"] == [], "aucun fichier laissé dans le dossier temporaire"
