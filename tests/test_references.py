"""Les renvois : chaque identifiant cité (fiches, traductions, mots des habitants, relais) doit exister.

Un test de mutation par renvoi que les schémas déclarent (guide/donnees/references.py) : un nouveau champ annoté
`x-reference` est couvert sans toucher à ce fichier.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from guide.donnees.paths import INTERFACE_DIR, SCHEMA_FILE, TRANSLATIONS_SCHEMA
from guide.donnees.references import EVERY, KEYS, annotation_problems, annotation_references, known_ids, reference_paths
from guide.langues.recherche import WORDS_SCHEMA
from guide.validate import validate
from support import FIXTURES, MINIMAL, TODAY, yaml_dump, yaml_load

pytestmark = pytest.mark.unit

SCHEMAS = {"schemes.yaml": SCHEMA_FILE, "translations/facile.yaml": TRANSLATIONS_SCHEMA, "recherche/fr.yaml": WORDS_SCHEMA}
PATHS = [(file, ref) for file, schema in SCHEMAS.items() for ref in reference_paths(json.loads(schema.read_text(encoding="utf-8")))]
SUGGESTION = re.compile(r"peut-être « ([^»]+) » \?")


def _start(file: str) -> Any:
    """The valid fixture content of each kind of file (plain data, to be mutated then written)."""
    if file == "schemes.yaml":
        return yaml_load(MINIMAL.read_text(encoding="utf-8"))
    if file.startswith("translations/"):
        return yaml_load((FIXTURES / "translations" / "facile.yaml").read_text(encoding="utf-8"))
    return {"mots": [{"mots": ["essai"], "fiches": ["service-a"]}]}


def _plant(node: Any, path: tuple[str, ...], wrong: str) -> None:
    """Put `wrong` at the first place `path` leads to, making the blocks and lists it needs on the way."""
    step, rest = path[0], path[1:]
    if step == KEYS:
        key = next(iter(node), None)
        node[wrong] = node.pop(key) if key is not None else {}
    elif step == EVERY and not rest:
        node[:1] = [wrong]
    elif step == EVERY:
        if not node:
            node.append({})
        _plant(node[0], rest, wrong)
    elif not rest:
        node[step] = wrong
    else:
        if not isinstance(node.get(step), (dict, list)):
            node[step] = [] if rest[0] == EVERY else {}
        _plant(node[step], rest, wrong)


def _typo(targets: tuple[str, ...], known: dict[str, set[str]]) -> str:
    """A wrong id one letter away from an existing one of the target lists (so that a suggestion is expected)."""
    valid = sorted(set().union(*(known.get(t, set()) for t in targets)))[0]
    return valid[:-1] + ("x" if valid[-1] != "x" else "y")


def _check(tmp_path: Path, file: str, content: Any, schema_file: Path = SCHEMA_FILE):
    """Validate the fixture data with `content` as `file` (the other files are the valid fixtures)."""
    for name in SCHEMAS:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(yaml_dump(content if name == file else _start(name), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return validate(tmp_path / "schemes.yaml", schema_file, on=TODAY, interface_dir=INTERFACE_DIR)


def test_les_schemas_declarent_les_renvois_de_chaque_sorte():
    """Documents, organisations, places, measures, owners, checkers, translations and residents' words: all annotated."""
    found = {(file, ref.shown) for file, ref in PATHS}
    for expected in [
        ("schemes.yaml", "services.*.source.document"),
        ("schemes.yaml", "organisations.*.source.document"),
        ("schemes.yaml", "services.*.provenance.telephone.document"),
        ("schemes.yaml", "services.*.organisations.*"),
        ("schemes.yaml", "services.*.lieux.*"),
        ("schemes.yaml", "services.*.mesures.*"),
        ("schemes.yaml", "services.*.owner"),
        ("schemes.yaml", "lieux.*.gestionnaire"),
        ("schemes.yaml", "mesures.*.verification.par"),
        ("translations/facile.yaml", "services.<clé>"),
        ("translations/facile.yaml", "lieux.<clé>"),
        ("recherche/fr.yaml", "mots.*.fiches.*"),
    ]:
        assert expected in found, expected
    relays = annotation_references(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert {name for name, annotation, _ in relays if annotation == "x-relais"} == {"thematique", "tranche_age", "besoin"}
    assert ANNOTATED, "au moins une liste du schéma a des relais"


@pytest.mark.parametrize(("file", "ref"), PATHS, ids=[f"{file}:{ref.shown}" for file, ref in PATHS])
def test_un_identifiant_inconnu_est_refuse_avec_sa_ligne_et_une_suggestion(file, ref, tmp_path):
    known = known_ids(_start("schemes.yaml"))
    wrong = _typo(ref.targets, known)
    content = _start(file)
    _plant(content, ref.path, wrong)
    result = _check(tmp_path, file, content)
    found = [p for p in result.errors if f"« {wrong} » ne correspond à aucun enregistrement" in p.message]
    assert len(found) == 1, [p.format() for p in result.errors]
    problem = found[0]
    lines = (tmp_path / file).read_text(encoding="utf-8").splitlines()
    assert problem.path.endswith(file) and wrong in lines[problem.line - 1], problem.format()
    suggested = SUGGESTION.search(problem.message)
    assert suggested and any(suggested.group(1) in known.get(t, ()) for t in ref.targets), problem.format()
    assert all(f"« {t} »" in problem.expected for t in ref.targets), problem.format()
    assert problem.record_id, problem.format()
    if ref.path[-1] != KEYS:
        assert problem.field.split("[")[0].split(".")[-1] in (*ref.path[1:], "fiches"), problem.format()


_SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
ANNOTATED = [name for name, annotation, _ in annotation_references(_SCHEMA) if any(t.get(annotation) for t in _SCHEMA["$defs"][name].get("oneOf", []))]


@pytest.mark.parametrize("name", ANNOTATED)
def test_un_relais_inconnu_est_signale_a_sa_ligne_du_schema(name):
    """Relays live in the schema (x-relais, annotated x-reference-annotation): one naming no record is said (the site leaves it out)."""
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    term = next(t for t in document["$defs"][name]["oneOf"] if t.get("x-relais"))
    term["x-relais"][0] = "org-x"
    text = json.dumps(document, ensure_ascii=False, indent=2)
    found = annotation_problems(document, "schema.json", text, known_ids(_start("schemes.yaml")))
    found = [p for p in found if "« org-x »" in p.message and p.record_id == f"{name}.{term['const']}"]
    assert len(found) == 1 and found[0].field == "x-relais[1]", [p.format() for p in found]
    assert '"org-x"' in text.splitlines()[found[0].line - 1] and "peut-être « org-" in found[0].message


def test_chaque_relais_du_schema_nomme_une_fiche_des_donnees(validation, repo_root):
    """The project's schema and data together: every relay names a service or an organisation (rule, not a count)."""
    schema_file = repo_root / "data" / "schemes.schema.json"
    text = schema_file.read_text(encoding="utf-8")
    known = {"services": {s.id for s in validation.guide.services}, "organisations": {o.id for o in validation.guide.organisations}}
    assert [p.format() for p in annotation_problems(json.loads(text), "data/schemes.schema.json", text, known)] == []
