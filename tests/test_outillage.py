"""L'outillage des tests eux-mêmes : ruff (lint et format) sur le dépôt, paliers obligatoires, imports entre tests.

Chaque règle est vérifiée dans les deux sens : le dépôt la respecte, et une faute faite exprès est bien trouvée.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from guide.donnees.paths import ROOT
from support import yaml_load

RUFF = Path(sys.executable).parent / "ruff"
TESTS = ROOT / "tests"


def _ruff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    assert RUFF.exists(), "ruff manque : sh scripts/installer.sh l'installe (requirements.txt)"
    return subprocess.run([str(RUFF), *args], cwd=cwd, capture_output=True, text=True)


# ---------------------------------------------------------------- ruff


@pytest.mark.outils
def test_ruff_check_ne_trouve_rien_dans_le_depot():
    run = _ruff("check", "--no-cache", "--output-format", "concise", ".")
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.outils
def test_ruff_format_ne_changerait_aucun_fichier():
    """Every Python file of the repository is formatted (no exclusion list)."""
    run = _ruff("format", "--check", "--no-cache", ".")
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.outils
def test_ruff_trouve_bien_les_fautes_avec_la_configuration_du_projet(tmp_path):
    """The two tests above pass for a reason: the project's rules and line length catch a deliberate mistake."""
    bad = tmp_path / "faute.py"
    bad.write_text('import os\nimport sys\n\nTEXTE = "' + "x" * 170 + '"\nprint(sys.argv)\n', encoding="utf-8")
    config = str(ROOT / "pyproject.toml")
    run = _ruff("check", "--no-cache", "--config", config, "--output-format", "concise", str(bad), cwd=tmp_path)
    assert run.returncode == 1
    assert "F401" in run.stdout and "E501" in run.stdout
    ugly = tmp_path / "laid.py"
    ugly.write_text("x = {  'a':1 }\n", encoding="utf-8")
    assert _ruff("format", "--check", "--no-cache", "--config", config, str(ugly), cwd=tmp_path).returncode == 1


# ---------------------------------------------------------------- imports between tests


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules


@pytest.mark.unit
def test_aucun_module_de_test_n_importe_conftest_ni_un_autre_test():
    files = sorted(TESTS.glob("*.py"))
    assert len(files) > 15
    wrong = {}
    for path in files:
        bad = sorted(m for m in _imported_modules(path) if m == "conftest" or m.startswith("test_"))
        if bad:
            wrong[path.name] = bad
    assert wrong == {}, "importez les outils partagés depuis tests/support.py (les fixtures viennent seules de conftest.py)"


@pytest.mark.unit
def test_la_detection_des_imports_entre_tests_marche(tmp_path):
    sample = tmp_path / "test_exemple.py"
    sample.write_text("import os\nfrom conftest import TODAY\nfrom test_accessibility import PHONE\nfrom support import MINIMAL\n", encoding="utf-8")
    assert _imported_modules(sample) == {"os", "conftest", "test_accessibility", "support"}


# ---------------------------------------------------------------- tiers


def _collect(tmp_path: Path, source: str, *options: str) -> subprocess.CompletedProcess:
    """Collect one test file next to copies of the real conftest.py and support.py, with the project's settings."""
    (tmp_path / "tests").mkdir(exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for name in ("conftest.py", "support.py"):
        shutil.copy(TESTS / name, tmp_path / "tests" / name)
    (tmp_path / "tests" / "test_exemple.py").write_text(source, encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *options]
    return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)


UNTIERED = """
import pytest

def test_sans_palier():
    assert 1 + 1 == 2

@pytest.mark.unit
def test_unitaire_qui_lit_le_site(site):
    assert site.is_dir()

@pytest.mark.unit
@pytest.mark.build
def test_deux_paliers():
    assert True

@pytest.mark.build
def test_build_avec_navigateur(browser):
    assert browser

@pytest.mark.unit
def test_bien_range():
    assert True
"""


@pytest.mark.outils
@pytest.mark.parametrize("options", [(), ("-m", "unit"), ("-n", "2")], ids=["tout", "unit", "xdist"])
def test_un_test_sans_palier_arrete_la_collecte(tmp_path, options):
    """Whatever -m selects and with pytest-xdist too: a test file written on another branch cannot slip through."""
    run = _collect(tmp_path, UNTIERED, *options)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "Palier de test manquant ou faux" in output
    assert "test_sans_palier : il faut exactement un palier, ce test n'en a aucun" in output
    assert "test_unitaire_qui_lit_le_site : palier « unit », mais il utilise site" in output
    assert "test_deux_paliers : il faut exactement un palier, ce test en a 2 (build, unit)" in output
    assert "test_build_avec_navigateur : palier « build », mais il utilise browser" in output
    assert "test_bien_range" not in output.split("Palier de test manquant ou faux")[1]


@pytest.mark.outils
def test_un_test_unit_qui_lance_un_programme_echoue(tmp_path):
    """`unit` means inside pytest's process: the same call passes under `outils` and fails under `unit`."""
    source = "import subprocess, sys, pytest\n\n"
    for tier in ("unit", "outils"):
        source += f"@pytest.mark.{tier}\ndef test_{tier}():\n    subprocess.run([sys.executable, '-c', 'pass'], check=True)\n\n"
    _collect(tmp_path, source)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider"], cwd=tmp_path, capture_output=True, text=True)
    output = run.stdout + run.stderr
    assert "1 failed, 1 passed" in output, output
    assert "FAILED tests/test_exemple.py::test_unit" in output and "marquez-le @pytest.mark.outils" in output


@pytest.mark.outils
def test_un_module_bien_range_se_collecte(tmp_path):
    run = _collect(tmp_path, "import pytest\n\npytestmark = pytest.mark.unit\n\n\ndef test_a():\n    assert True\n")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 test collected" in run.stdout


@pytest.mark.unit
def test_l_en_tete_de_chaque_page_ecrite_a_la_main_se_lit():
    """A front matter YAML cannot read (a « : » in a plain value) is shown to readers as text, title and all: each one parses."""
    broken = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        try:
            header = yaml_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
        except yaml.YAMLError as error:
            broken.append(f"{path.relative_to(ROOT)} : {error}".splitlines()[0])
            continue
        if not isinstance(header, dict):
            broken.append(f"{path.relative_to(ROOT)} : l'en-tête n'est pas une suite de « clé: valeur »")
    assert broken == [], "en-têtes illisibles (mettez la valeur entre guillemets) :\n  " + "\n  ".join(broken)
