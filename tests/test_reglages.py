"""Les réglages sont passés au paquet, jamais cherchés par lui.

- aucun module de guide/ ne lit l'environnement (SOURCE_DATE_EPOCH, la convention des constructions reproductibles,
  à part) ni mkdocs.yml : un examen de l'arbre syntaxique de chaque module le vérifie, et se vérifie lui-même ;
- les crochets passent ce que MkDocs a lu (site_url, docs_dir, extra.forge, extra.guide) et la commande (build ou
  serve, on_startup) ; sous `mkdocs serve`, chaque reconstruction prend son jour ;
- la ligne de commande prend des arguments (`--date`, `--github`…), et ses valeurs par défaut sont celles de mkdocs.yml.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from guide import build
from guide.__main__ import main
from guide.build import DataErrors, settings
from guide.donnees.paths import DATA_FILE, FORGE, ROOT, SITE_URL  # pas une lecture : les valeurs par défaut comparées
from guide.pages import epoch_of
from support import MINIMAL, minimal_text, mkdocs_config

ENVIRONMENT = frozenset({"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"})
ALLOWED = "SOURCE_DATE_EPOCH"


def _names_allowed(node: ast.AST, parents: dict) -> bool:
    """Whether this use of os.environ / getenv names SOURCE_DATE_EPOCH: environ["…"], environ.get("…"), getenv("…")."""
    parent = parents.get(node)
    if isinstance(parent, ast.Attribute) and parent.value is node:  # os.environ.get(…), .setdefault(…), .pop(…)
        node, parent = parent, parents.get(parent)
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return isinstance(parent.slice, ast.Constant) and parent.slice.value == ALLOWED
    if isinstance(parent, ast.Call) and parent.func is node:
        return bool(parent.args) and isinstance(parent.args[0], ast.Constant) and parent.args[0].value == ALLOWED
    return False


def settings_lookups(source: str) -> list[str]:
    """Where a module reads the environment (other than SOURCE_DATE_EPOCH) or has a path to mkdocs.yml."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and ast.get_docstring(node) is not None
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom) and any(alias.name.split(".")[-1] in ENVIRONMENT for alias in node.names):
            found.append(f"ligne {node.lineno} : {ast.unparse(node)}")
        name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
        if name in ENVIRONMENT and not _names_allowed(node, parents):
            found.append(f"ligne {node.lineno} : {ast.unparse(parents.get(node, node))}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if re.fullmatch(r"(.*[/\\])?mkdocs\.ya?ml", node.value.strip()):  # a path to it; a message may name it
                found.append(f"ligne {node.lineno} : {node.value!r}")
    return found


PACKAGE = sorted((ROOT / "guide").rglob("*.py"))


@pytest.mark.unit
@pytest.mark.parametrize("path", PACKAGE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_aucun_module_du_paquet_ne_lit_l_environnement_ni_mkdocs_yml(path):
    found = settings_lookups(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)} : un réglage se passe en argument (crochets, ligne de commande), il ne se cherche pas : " + " ; ".join(found)


@pytest.mark.unit
def test_l_examen_reconnait_chaque_facon_de_chercher_un_reglage():
    read = [
        'import os\nx = os.environ.get("GUIDE_DATA")',
        'import os\nx = os.environ["GUIDE_DATE"]',
        'import os\nx = os.getenv("GITHUB_ACTIONS")',
        "from os import environ",
        "from os import getenv as g",
        "import os\nx = dict(os.environ)",
        "import os\nx = os.environ.get(NAME)",
        'from pathlib import Path\ntext = (Path("x") / "mkdocs.yml").read_text()',
        'text = open(f"{ROOT}/mkdocs.yaml").read()',
    ]
    for source in read:
        assert settings_lookups(source), source
    allowed = [
        'import os\nx = os.environ.get("SOURCE_DATE_EPOCH")',
        'import os\nos.environ["SOURCE_DATE_EPOCH"] = "0"',
        'import os\nx = os.getenv("SOURCE_DATE_EPOCH")',
        'def f():\n    """Reads nothing: MkDocs parsed mkdocs.yml."""\n    return 1',
        "# mkdocs.yml, in a comment\nx = 1",
        'message = "mkdocs.yml › extra › guide › date : une date est attendue"',
    ]
    for source in allowed:
        assert not settings_lookups(source), source


@pytest.mark.unit
def test_les_valeurs_par_defaut_de_la_ligne_de_commande_sont_celles_de_mkdocs_yml():
    config = mkdocs_config()  # MkDocs' own reading, without GUIDE_SITE_URL, GUIDE_FORGE_URL, GUIDE_DATA, GUIDE_DATE
    assert config.site_url == SITE_URL, "guide/donnees/paths.py, SITE_URL : la valeur par défaut de site_url dans mkdocs.yml"
    given = settings(config)
    assert given["forge"] == FORGE, "guide/donnees/paths.py, FORGE : extra.forge de mkdocs.yml (dépôt, branche)"
    assert given["data"] == DATA_FILE and given["today"] is None and given["docs_dir"] == ROOT / "docs"  # pas une lecture


@pytest.mark.unit
def test_les_reglages_de_extra_sont_lus_comme_mkdocs_les_donne(tmp_path):
    config = {"docs_dir": str(tmp_path / "docs"), "config_file_path": str(tmp_path / "mkdocs.yml"), "site_url": "https://x.fr/"}
    extra = {"forge": {"depot": "https://forge.exemple/a/b/", "branche": "prod"}, "guide": {"donnees": "d/s.yaml", "date": "2030-01-02"}}
    given = settings({**config, "extra": extra})
    assert given["data"] == tmp_path / "d" / "s.yaml" and given["today"] == dt.date(2030, 1, 2) and given["forge"] == ("https://forge.exemple/a/b/", "prod")
    assert settings({**config, "extra": {"guide": {"date": dt.date(2030, 1, 3), "donnees": "/abs/s.yaml"}}})["data"] == Path("/abs/s.yaml")
    with pytest.raises(DataErrors) as error:  # GUIDE_DATE=demain
        settings({**config, "extra": {"guide": {"date": "demain"}}})
    assert "« demain » n'est pas une date" in str(error.value) and "AAAA-MM-JJ" in str(error.value) and "GUIDE_DATE" in str(error.value)


def _hooks(monkeypatch):
    """A fresh copy of hooks/guide_build.py, loaded as MkDocs does, without SOURCE_DATE_EPOCH in the environment."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    spec = importlib.util.spec_from_file_location("hooks_guide_build_essai", ROOT / "hooks" / "guide_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Config(dict):
    """What MkDocs hands the hooks: a mapping, read by key or by attribute."""

    __getattr__ = dict.__getitem__


def _config(tmp_path) -> _Config:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "interface", data / "interface")
    (data / "translations").mkdir()
    shutil.copy(MINIMAL, data / "schemes.yaml")
    (tmp_path / "docs").mkdir()
    extra = {"forge": {"depot": "https://forge.exemple/guide", "branche": "main"}, "guide": {"donnees": "data/schemes.yaml", "date": None}}
    return _Config(
        plugins={},
        nav=None,
        site_url="https://guide.exemple/",
        docs_dir=str(tmp_path / "docs"),
        site_dir=str(tmp_path / "site"),
        config_file_path=str(tmp_path / "mkdocs.yml"),
        extra=extra,
    )


@pytest.mark.unit
def test_sous_mkdocs_serve_chaque_reconstruction_prend_son_jour(tmp_path, monkeypatch):
    import os

    hooks, config = _hooks(monkeypatch), _config(tmp_path)
    days = iter([dt.date(2026, 12, 7), dt.date(2026, 12, 8)])  # a commit made overnight while `mkdocs serve` runs
    monkeypatch.setattr(build, "stated_date", lambda epoch: next(days) if epoch is None else pytest.fail("aucun SOURCE_DATE_EPOCH donné"))
    hooks.on_startup(command="serve", dirty=False)
    hooks.on_config(config)
    assert hooks._state["build"].day == dt.date(2026, 12, 7) and os.environ["SOURCE_DATE_EPOCH"] == str(epoch_of(dt.date(2026, 12, 7)))
    hooks.on_config(config)  # the rebuild: the environment now holds the first build's SOURCE_DATE_EPOCH, which must not stick
    assert hooks._state["build"].day == dt.date(2026, 12, 8), "la reconstruction garde le jour de la première"
    assert os.environ["SOURCE_DATE_EPOCH"] == str(epoch_of(dt.date(2026, 12, 8)))
    assert hooks._state["build"].validation.guide.services, "les données de extra.guide.donnees"


@pytest.mark.unit
def test_un_source_date_epoch_donne_est_garde(tmp_path, monkeypatch):
    import os

    hooks, config = _hooks(monkeypatch), _config(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    hooks.on_startup(command="build", dirty=False)
    hooks.on_config(config)
    assert hooks._state["build"].day == dt.date(2023, 11, 14) and os.environ["SOURCE_DATE_EPOCH"] == "1700000000"


@pytest.mark.unit
@pytest.mark.parametrize(("command", "inline"), [("serve", True), ("build", False)])
def test_la_politique_des_scripts_suit_la_commande_de_mkdocs(tmp_path, monkeypatch, command, inline):
    from jinja2 import Environment

    hooks, config = _hooks(monkeypatch), _config(tmp_path)
    monkeypatch.setattr(build, "stated_date", lambda epoch: dt.date(2026, 12, 7))
    hooks.on_startup(command=command, dirty=False)
    hooks.on_config(config)
    env = hooks.on_env(Environment(), config, None)
    assert ("'unsafe-inline'" in env.globals["guide_scripts"]) == inline, "seulement sous `mkdocs serve`, pour son script de rechargement"


@pytest.mark.unit
def test_la_date_des_avertissements_est_un_argument(capsys):
    assert main(["check", str(MINIMAL), "--date", "2023-03-01"]) == 0
    early = capsys.readouterr().out
    assert main(["check", str(MINIMAL), "--date", "2099-01-01"]) == 0
    late = capsys.readouterr().out
    count = lambda out: int(out.split(" erreur, ")[1].split(" avertissement")[0])  # noqa: E731
    assert count(late) > count(early), "des fiches vérifiées il y a 76 ans sont à revérifier"
    with pytest.raises(SystemExit):
        main(["check", str(MINIMAL), "--date", "demain"])
    assert "« demain » n'est pas une date ; attendu : AAAA-MM-JJ" in capsys.readouterr().err


@pytest.mark.unit
def test_les_annotations_github_sont_demandees_par_argument(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "schemes.yaml"
    bad.write_text(minimal_text().replace("    frais: gratuit\n", "    frais: gratos\n", 1), encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # the environment decides nothing
    assert main(["check", str(bad)]) == 1
    assert "::error" not in capsys.readouterr().out
    assert main(["check", str(bad), "--github"]) == 1
    assert "::error file=" in capsys.readouterr().out
