"""Les tests testent des règles, pas les données du jour (issue 28) : une modification juste d'un partenaire ne fait échouer
aucun test.

- Un test qui lit les données du projet passe par support.REAL_DATA (data/, ou la copie que nomme GUIDE_DATA) et porte le
  marqueur `donnees` ; il les vérifie au jour réel (support.real_day) ;
- la preuve : dans une copie de data/ modifiée comme le ferait un partenaire (support.partner_copy : une vérification datée
  d'aujourd'hui, une adresse locale avec sa source, le téléphone de la Mission locale donné par elle-même, un nouveau
  service sans texte Facile à lire, un brouillon arabe écrit par une personne), `python -m guide check` et les tests `donnees` passent.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from guide.donnees.paths import ROOT
from support import REAL_DATA, partner_copy, real_day

TESTS = Path(__file__).parent
READERS = {"REAL_DATA", "REAL_DATA_DIR"}
# Ways of reading data/ that ignore GUIDE_DATA: a test reading them would check data/ even when asked to check a copy.
BYPASS = re.compile(
    r"\bDATA_FILE\b|\bdata_file\(\)|(?:=|return|\()\s*validate\(\)|\bTRANSLATIONS_DIR\b|\bGLOSSARY_DIR\b|\bvalidate_once\(\)"
    r'|ROOT / "data" / "(?:schemes\.yaml|translations|glossaire|recherche)"|ROOT / "data"\)|ROOT / "data",'
)


def _marked(node: ast.AST) -> bool:
    return any("donnees" in ast.unparse(decorator) for decorator in getattr(node, "decorator_list", []))


def unmarked_readers(source: str) -> list[tuple[str, int]]:
    """The tests of a module that read the project's data (support.REAL_DATA, directly or through a helper or fixture of the
    module) without the marker `donnees` (on the test, its class or the module's pytestmark): (name, line)."""
    tree = ast.parse(source)
    module_marked = any(
        isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in node.targets) and "donnees" in ast.unparse(node.value)
        for node in tree.body
    )
    functions: dict[str, tuple[ast.AST, bool]] = {}  # name → (definition, marked by its class)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            functions[node.name] = (node, False)
        elif isinstance(node, ast.ClassDef):
            for inner in node.body:
                if isinstance(inner, ast.FunctionDef):
                    functions[f"{node.name}.{inner.name}"] = (inner, _marked(node))
    uses = {name: {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {a.arg for a in node.args.args} for name, (node, _) in functions.items()}
    reading = {name for name, used in uses.items() if used & READERS}
    while True:
        more = {name for name, used in uses.items() if name not in reading and used & {n.split(".")[-1] for n in reading}}
        if not more:
            break
        reading |= more
    return sorted(
        (name, node.lineno)
        for name, (node, by_class) in functions.items()
        if name.split(".")[-1].startswith("test_") and name in reading and not (module_marked or by_class or _marked(node))
    )


@pytest.mark.unit
def test_la_regle_reconnait_un_test_qui_lit_les_donnees_sans_marqueur():
    source = (
        "import pytest\nfrom support import REAL_DATA\n\n"
        "def _lire():\n    return REAL_DATA.read_text()\n\n"
        "@pytest.fixture\ndef texte():\n    return _lire()\n\n"
        "def test_sans_marqueur(texte):\n    assert texte\n\n"
        "@pytest.mark.donnees\ndef test_avec_marqueur(texte):\n    assert texte\n\n"
        "def test_sans_donnees():\n    assert 1\n"
    )
    assert unmarked_readers(source) == [("test_sans_marqueur", 11)]
    assert unmarked_readers("import pytest\npytestmark = [pytest.mark.unit, pytest.mark.donnees]\n" + source) == []


@pytest.mark.unit
def test_chaque_test_qui_lit_les_donnees_porte_le_marqueur_donnees_et_suit_guide_data():
    problems = []
    for path in sorted(TESTS.glob("test_*.py")):
        source = path.read_text(encoding="utf-8")
        for number, line in enumerate(source.splitlines(), start=1):
            if BYPASS.search(line) and path.name != Path(__file__).name and "# pas une lecture" not in line:
                problems.append(f"tests/{path.name}:{number} : lit data/ sans suivre GUIDE_DATA ; lisez support.REAL_DATA ou REAL_DATA_DIR")
        for name, number in unmarked_readers(source):
            problems.append(f"tests/{path.name}:{number} : {name} lit les données du projet : ajoutez @pytest.mark.donnees")
    assert problems == [], "Un test qui lit data/ (issue 28) :\n  " + "\n  ".join(problems)


@pytest.mark.unit
def test_les_donnees_du_projet_sont_verifiees_au_jour_reel():
    """The fixtures keep their fixed day (support.TODAY, 2023); the project's data is checked on the real day."""
    from guide.validate import today

    assert real_day() == today() and real_day().year >= 2026


@pytest.mark.outils
def test_les_modifications_d_un_partenaire_ne_font_echouer_aucun_test(tmp_path):
    """A partner's correct edits, in a copy of data/: `python -m guide check` and every test that reads the data without building
    the site pass (tiers unit, rendu and outils; the build tiers read the same copy with `GUIDE_DATA=… pytest`)."""
    schemes = partner_copy(tmp_path)
    env = {**os.environ, "GUIDE_DATA": str(schemes)}
    env.pop("PYTEST_XDIST_WORKER", None)
    check = subprocess.run([sys.executable, "-m", "guide", "check", str(schemes)], cwd=ROOT, capture_output=True, text=True, env=env)
    assert check.returncode == 0, "python -m guide check refuse les modifications du partenaire :\n" + check.stdout + check.stderr
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "donnees and (unit or rendu or outils)", "-q", "-n", "0", "-p", "no:cacheprovider", "-p", "no:randomly"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0, "des tests échouent sur une copie des données avec les modifications d'un partenaire :\n" + run.stdout[-6000:]
    assert " passed" in run.stdout and " failed" not in run.stdout, run.stdout[-2000:]


# ---------------------------------------------------------------- what partners read: indentation, line numbers


@pytest.mark.unit
def test_les_messages_d_indentation_et_contributing_disent_la_meme_chose():
    """« 2 espaces par niveau » everywhere: the loader's messages (a tab, a malformed file) and CONTRIBUTING.md (it said 4)."""
    from guide.donnees.loader import INDENTATION, load_yaml_text

    assert "2 espaces par niveau" in INDENTATION
    tab = load_yaml_text(b"services:\n\t- id: cej\n", "schemes.yaml").problems
    broken = load_yaml_text(b"services:\n  - id: cej\n    nom: [CEJ\n", "schemes.yaml").problems
    for problems in (tab, broken):
        assert problems and INDENTATION in problems[0].format(), [p.format() for p in problems]
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "**2 espaces par niveau**" in contributing, "CONTRIBUTING.md doit dire la même indentation que les messages"
    assert "4 espaces**" not in contributing, "CONTRIBUTING.md disait « 4 espaces » : un niveau a 2 espaces, un champ de fiche en a 4"


@pytest.mark.donnees
@pytest.mark.unit
def test_le_fichier_de_donnees_a_bien_2_espaces_par_niveau():
    for number, line in enumerate(REAL_DATA.read_text(encoding="utf-8").splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0, f"{REAL_DATA.name}:{number} : {indent} espaces ; le fichier a 2 espaces par niveau"
        if line.lstrip().startswith("- id:") and indent:
            assert indent == 2, f"{REAL_DATA.name}:{number} : « - id: » ouvre une fiche après 2 espaces, pas {indent}"


@pytest.mark.unit
def test_contributing_ne_situe_aucune_fiche_par_un_numero_de_ligne():
    """A line number of data/schemes.yaml is stale as soon as a fiche is added above (CEJ « ligne 1306 » was at 1433): the
    guide says where a fiche is by its id, and the report or the check gives the line."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    stale = re.findall(r"\(ligne \d+\)|schemes\.yaml#L\d{4,}", text)
    assert stale == [], f"CONTRIBUTING.md situe une fiche par un numéro de ligne : {stale} ; nommez son identifiant (- id: …)"
    assert "les numéros de ligne de cet exemple changent" in text, "l'exemple de message dit que ses numéros de ligne changent"
