"""Les points d'entrée face aux fichiers hostiles : `python -m guide check`, la construction (`snapshot`, ce que fait
`mkdocs build` en premier), le glossaire, `lisibilite`, l'import et `importer --appliquer`, appelés dans le processus.

1. Le corpus de tests/fixtures/attaques.yaml (section « fichiers-hostiles ») : chaque fichier reçoit le message
   français attendu et le code 1, en moins de 10 s.
2. Un fuzz (Hypothesis) : des fichiers au hasard ou abîmés au hasard ; aucune trace Python (une exception qui sort fait
   échouer le test), aucune réponse en plus de 10 s. Le nombre d'exemples est borné et le tirage est fixe
   (derandomize), donc le même à chaque lancement. Un cas trouvé par le fuzz va dans le corpus.

Palier « outils » : plus lent que le palier unit (qui garde les reproductions du ticket, tests/test_robustesse.py).
"""

from __future__ import annotations

import json
import math
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import FIXTURES, corpus_file, minimal_text, run_entry_point, yaml_load

pytestmark = pytest.mark.outils

LIMIT = 10.0
HOSTILE = yaml_load((FIXTURES / "attaques.yaml").read_text(encoding="utf-8"))["fichiers-hostiles"]
SETTINGS = settings(max_examples=20, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))

# ---------------------------------------------------------------- 1. the corpus of hostile files


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_chaque_fichier_hostile_recoit_un_message_en_francais_en_quelques_secondes(name, tmp_path):
    entry = HOSTILE[name]
    start = time.perf_counter()
    code, out = run_entry_point(entry["fichier"], corpus_file(entry), tmp_path)
    seconds = time.perf_counter() - start
    assert code == 1, out
    assert "Traceback" not in out and "SITE CONSTRUIT SANS ERREUR" not in out
    assert entry["attendu"] in out, out
    assert seconds < LIMIT, f"{seconds:.1f} s"


def test_le_corpus_couvre_chaque_sorte_de_fichier_et_chaque_famille():
    kinds = {entry["fichier"] for entry in HOSTILE.values()}
    families = {entry["famille"] for entry in HOSTILE.values()}
    assert kinds >= {"schemes", "interface", "glossaire", "traduction", "recherche", "lisibilite", "structures", "propositions"}
    assert families >= {"alias", "imbrication", "forme", "nombre", "identifiant", "taille", "types"}


# ---------------------------------------------------------------- 2. fuzz

# Pieces a partner, a copy-paste or an attacker could put anywhere in a file.
PIECES = [
    "&a ",
    "*a",
    "<<: *a",
    ".nan",
    "-.inf",
    "1e999",
    "[" * 60,
    "{" * 60,
    "- " * 30,
    "1. " * 30,
    "<script>alert(1)</script>",
    "a<b c",
    '"',
    "'",
    ":",
    "\t",
    "\\n",
    "!!python/object:os.system",
    "!!binary AAAA",
    "? ",
    "%YAML 1.1",
    "---",
    "...",
    "~",
    "null",
    "[a](https://x.fr)" * 3,
    "\u202e",
    "\x00",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(PIECES),
)

keys = st.one_of(st.text(max_size=12), st.sampled_from(PIECES))
documents = st.recursive(scalars, lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=5)), max_leaves=30)
EXPORT_KEYS = ["id", "source", "nom", "structure_id", "code_insee", "latitude", "siret", "courriel"]

FIXTURE_KEYS = ["documents", "services", "mesures", "organisations", "lieux", "pour_qui", "propositions", "mots", "fiche", "liste", "champs", "texte", "statut"]


def _yaml(document) -> str:
    """A document as YAML text (NaN and infinities included: PyYAML writes .nan and .inf)."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@st.composite
def mutated_fixture(draw) -> str:
    """The valid fixture with a few lines replaced, or pieces inserted, at places drawn at random."""
    lines = minimal_text().splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        piece = draw(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)))
        where = draw(st.sampled_from(["fin", "valeur", "ligne"]))
        if where == "fin":
            lines[index] += piece
        elif where == "valeur" and ": " in lines[index]:
            lines[index] = lines[index].split(": ", 1)[0] + ": " + piece
        else:
            lines.insert(index, piece)
    return "\n".join(lines) + "\n"


def _run(kind: str, content: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        code, out = run_entry_point(kind, content, Path(folder))
        seconds = time.perf_counter() - start
    assert code in (0, 1), out
    assert "Traceback" not in out
    assert seconds < LIMIT, f"{kind} : {seconds:.1f} s"


@pytest.mark.parametrize("kind", ["schemes", "interface", "traduction", "recherche", "glossaire", "lisibilite", "propositions"])
@SETTINGS
@given(document=documents)
def test_un_document_yaml_au_hasard_recoit_une_reponse(kind, document):
    _run(kind, _yaml(document))


@pytest.mark.parametrize("kind", ["schemes", "interface", "glossaire", "propositions"])
@SETTINGS
@given(document=st.dictionaries(st.sampled_from(FIXTURE_KEYS), documents, min_size=1, max_size=4))
def test_des_cles_connues_avec_des_valeurs_au_hasard_recoivent_une_reponse(kind, document):
    _run(kind, _yaml(document))


@SETTINGS
@given(text=mutated_fixture())
def test_le_jeu_de_test_abime_au_hasard_recoit_une_reponse(text):
    _run("schemes", text)


@SETTINGS
@given(text=st.one_of(st.text(max_size=200), st.sampled_from(PIECES).map(lambda piece: piece * 40)))
def test_un_texte_quelconque_comme_fichier_recoit_une_reponse(text):
    for kind in ("schemes", "interface", "glossaire", "propositions", "structures"):
        _run(kind, text)


@pytest.mark.parametrize("kind", ["structures", "services"])
@SETTINGS
@given(rows=st.lists(st.dictionaries(st.sampled_from(EXPORT_KEYS), documents), max_size=4))
def test_un_export_data_inclusion_au_hasard_recoit_une_reponse(kind, rows):
    text = json.dumps(rows, allow_nan=True, default=str)  # NaN and Infinity written as JSON readers accept them
    assert math.isfinite(len(text))
    _run(kind, text)
