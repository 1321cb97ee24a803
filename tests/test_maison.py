"""La couture entre le paquet et MkDocs : un instantané par construction, des pages en mémoire, un adaptateur mince.

- l'instantané (guide/build.py) est refait quand un gabarit, une donnée ou une page écrite à la main change, et
  seulement alors (c'est ce qui sert `mkdocs serve`) ;
- des données fautives arrêtent tout avec le message des partenaires ;
- les langues sont décrites une fois (guide/langues/locales.py) ;
- les crochets MkDocs (hooks/) et le greffon des langues restent minces (60 lignes de code au plus chacun) ;
- chaque événement dit sa priorité, passe avant ou après mkdocs-static-i18n comme il le faut, et le README dit où il
  est traité ;
- une construction n'écrit rien dans docs/.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from guide.build import DataErrors, snapshot
from guide.donnees.paths import ROOT
from guide.langues.locales import Locales
from guide.rendu.templating import TEMPLATES_DIR
from support import MINIMAL

LANGUAGES = [
    {"locale": "fr", "default": True, "build": True},
    {"locale": "facile", "hreflang": "fr-x-falc", "build": True},
    {"locale": "ar", "build": True},
]


@pytest.fixture
def workspace(tmp_path):
    """A data folder (the minimal fixture and the real interface strings), a copy of the templates and an empty docs/."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "interface", data / "interface")
    (data / "translations").mkdir()
    shutil.copy(MINIMAL, data / "schemes.yaml")
    templates = tmp_path / "pages"
    shutil.copytree(TEMPLATES_DIR, templates)
    (tmp_path / "docs").mkdir()
    return tmp_path


def _snapshot(root: Path, languages: list[dict] = LANGUAGES):
    data, templates = root / "data" / "schemes.yaml", root / "pages"
    return snapshot(languages, "https://guide.exemple/", root / "docs", data=data, templates_dir=templates, epoch="1700000000")  # no git: unit


@pytest.mark.unit
def test_l_instantane_est_fait_une_fois_puis_refait_quand_un_gabarit_change(workspace):
    first = _snapshot(workspace)
    assert _snapshot(workspace) is first, "rien n'a changé : la même construction doit être réutilisée"
    assert "fiches/service-a.ar.md" in first.pages and first.page("fiches/service-a.md").spec.about.id == "service-a"

    template = workspace / "pages" / "service.jinja.md"
    template.write_text(template.read_text(encoding="utf-8") + "\nMARQUE-DE-TEST\n", encoding="utf-8")
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))  # Jinja reloads by modification time
    second = _snapshot(workspace)
    assert second is not first
    assert "MARQUE-DE-TEST" in second.page("fiches/service-a.md").text
    assert "MARQUE-DE-TEST" not in first.page("fiches/service-a.md").text


@pytest.mark.unit
def test_les_menus_traduits_pendant_la_construction_ne_refont_pas_l_instantane(workspace):
    """The i18n plugin's language entries gain `nav_translations` during the first pass; the other passes reuse the snapshot."""
    first = _snapshot(workspace)
    filled = [{**lang, "nav_translations": {"Accueil": "Home"}, "site_name": "x"} for lang in LANGUAGES]
    assert _snapshot(workspace, filled) is first
    other = [*LANGUAGES[:2], {"locale": "ar", "build": False}]
    assert _snapshot(workspace, other) is not first


@pytest.mark.unit
def test_l_instantane_est_refait_quand_une_donnee_change(workspace):
    first = _snapshot(workspace)
    data = workspace / "data" / "schemes.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("Service A", "Service Alpha", 1), encoding="utf-8")
    assert "Service Alpha" in _snapshot(workspace).page("fiches/service-a.md").text
    assert "Service Alpha" not in first.page("fiches/service-a.md").text


@pytest.mark.unit
def test_des_donnees_fautives_arretent_tout_avec_le_message_des_partenaires(workspace):
    data = workspace / "data" / "schemes.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("frais: gratuit", "frais: gratos", 1), encoding="utf-8")
    with pytest.raises(DataErrors) as error:
        _snapshot(workspace)
    message = str(error.value)
    assert "schemes.yaml:" in message and "gratos" in message and "rien n'a été construit" in message
    assert "Traceback" not in message


@pytest.mark.unit
def test_sans_les_mots_de_l_interface_en_francais_rien_n_est_construit(workspace):
    """A data folder without interface/fr.yaml (GUIDE_DATA pointed at a lone schemes.yaml): a French line, not a traceback."""
    (workspace / "data" / "interface" / "fr.yaml").unlink()
    with pytest.raises(DataErrors) as error:
        _snapshot(workspace)
    message = str(error.value)
    assert f"{workspace / 'data' / 'interface' / 'fr.yaml'}:1:1: fichier introuvable" in message and "Rien n'a été construit" in message


@pytest.mark.unit
def test_les_langues_sont_decrites_une_fois():
    interfaces = {"fr": {"lang": "fr"}, "ar": {"direction": "rtl", "lang": "ar"}, "facile": {"lang": "fr"}}
    locales = Locales.of([{"locale": "ar", "build": True}, *LANGUAGES[:2], {"locale": "de", "build": False}], interfaces)
    assert locales.codes == ("fr", "ar", "facile"), "la langue par défaut d'abord, puis l'ordre de mkdocs.yml, sans celles qu'on ne construit pas"
    assert locales.hreflang == {"fr": "fr", "ar": "ar", "facile": "fr-x-falc"}
    assert locales.direction == {"fr": "ltr", "ar": "rtl", "facile": "ltr"}
    assert locales.search["ar"] == "ar" and locales.others == ("ar", "facile")


@pytest.mark.unit
def test_les_anciennes_pages_generees_de_docs_sont_reconnues(workspace):
    made = _snapshot(workspace)
    assert made.is_generated_root("fiches/service-a.md") and made.is_generated_root("a-z.ar.md")
    assert not made.is_generated_root("index.md") and not made.is_generated_root("a-propos.en.md")


def _lines_of_code(path: Path) -> int:
    """Lines that are neither blank, nor comments, nor docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and ast.get_docstring(node) is not None:
            first = node.body[0]
            docstrings.update(range(first.lineno, first.end_lineno + 1))
    lines = path.read_text(encoding="utf-8").splitlines()
    return sum(1 for number, line in enumerate(lines, 1) if line.strip() and not line.strip().startswith("#") and number not in docstrings)


ADAPTER_FILES = sorted([*(ROOT / "hooks").glob("*.py"), *(ROOT / "guide_mkdocs").glob("*.py")])
HOOK_FILES = sorted((ROOT / "hooks").glob("*.py"))


@pytest.mark.unit
@pytest.mark.parametrize("path", ADAPTER_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chaque_fichier_du_greffon_est_mince(path):
    assert _lines_of_code(path) <= 60, f"{path.name} : {_lines_of_code(path)} lignes de code ; la logique va dans guide/"


def _events(path: Path) -> dict[str, ast.FunctionDef]:
    """The MkDocs events a hook file handles: its top-level `on_*` functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")}


@pytest.mark.unit
def test_mkdocs_yml_nomme_les_crochets_et_un_seul_greffon_du_guide():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert sorted(config.hooks) == [p.relative_to(ROOT).as_posix() for p in HOOK_FILES], "mkdocs.yml, hooks: les fichiers de hooks/"
    assert [name for name in config.plugins if not name.startswith("hooks/")] == ["guide-i18n"], "un seul greffon : guide-i18n"
    assert all(p.name != "guide.py" for p in HOOK_FILES), "MkDocs met hooks/ en tête de sys.path : hooks/guide.py cacherait le paquet guide/"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    entry_points = pyproject.split('[project.entry-points."mkdocs.plugins"]\n', 1)[1].split("\n\n", 1)[0].splitlines()
    assert entry_points == ['guide-i18n = "guide_mkdocs.i18n:GuideI18n"'], "seul le greffon des langues est un point d'entrée"


@pytest.mark.unit
@pytest.mark.parametrize("path", HOOK_FILES, ids=lambda p: p.name)
def test_chaque_evenement_dit_sa_priorite_et_pourquoi(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert _events(path), f"{path.name} ne traite aucun événement"
    for name, node in _events(path).items():
        priorities = [d for d in node.decorator_list if isinstance(d, ast.Call) and getattr(d.func, "id", None) == "event_priority"]
        assert len(priorities) == 1, f"{path.name} › {name} : @event_priority(…) explicite attendu"
        assert "  # " in lines[priorities[0].lineno - 1], f"{path.name} › {name} : un commentaire sur la ligne de la priorité dit pourquoi"


@pytest.mark.unit
def test_le_readme_dit_ou_chaque_evenement_est_traite():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    architecture = readme.split("## Comment le projet est rangé", 1)[1].split("\n## ", 1)[0]
    for path in HOOK_FILES:
        assert path.relative_to(ROOT).as_posix() in architecture
        for name in _events(path):
            assert f"  {name} (" in architecture, f"README.md, « Comment le projet est rangé » : {name} ({path.name}) n'y est pas"


@pytest.mark.unit
def test_les_crochets_passent_avant_ou_apres_mkdocs_static_i18n_selon_l_evenement():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    i18n = config.plugins["guide-i18n"]

    def order(event):
        return [
            "i18n" if getattr(m, "__self__", None) is i18n else "guide"
            for m in config.plugins.events[event]
            if getattr(m, "__self__", None) is i18n or m.__module__.startswith("hooks/")
        ]

    for event in ("config", "files", "post_page"):  # pages made and added before i18n sorts them by language; HTML finished before i18n keeps it
        assert order(event) == ["guide", "i18n"], event
    for event in ("page_markdown", "page_context", "post_build"):  # the page's language is known; the site is complete
        assert order(event) == ["i18n", "guide"], event


@pytest.mark.unit
def test_le_compte_des_lignes_ignore_commentaires_et_docstrings(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text('"""Doc\n\nsur trois lignes."""\n\n# commentaire\nimport os\n\n\ndef f():\n    """Doc."""\n    return os.sep\n', encoding="utf-8")
    assert _lines_of_code(sample) == 3


@pytest.mark.unit
def test_aucun_module_du_paquet_ne_depasse_400_lignes_de_code():
    """Split by concern: a module that grows over 400 lines of code holds more than one thing (page plan, words, notices…)."""
    sizes = {p.relative_to(ROOT).as_posix(): _lines_of_code(p) for p in sorted((ROOT / "guide").rglob("*.py"))}
    over = {name: n for name, n in sizes.items() if n > 400}
    assert not over, "modules de guide/ de plus de 400 lignes de code (à découper par sujet) : " + ", ".join(f"{k} ({v})" for k, v in over.items())


def _guide_imports(path: Path) -> set[str]:
    """The guide modules a file imports (`from guide.x import …`, `from guide import x`, `import guide.x`), at any depth."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "guide":
            found |= {f"guide.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("guide."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("guide.")}
    return found


# The stages of guide/, from the bottom: what the data says, then its languages, then the pages, then the other outputs;
# the orchestrators (validate, build, the command line, partners' proposals) sit on top, in guide/ itself.
STAGES = ("donnees", "langues", "rendu", "sorties")
TOP = len(STAGES)


def _stage(module: str) -> int:
    """The rank of `guide.<stage>.<module>` (0 = donnees … 3 = sorties); anything else of the package is on top."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else TOP


def upward_imports(root: Path) -> list[str]:
    """Every import of a module of `root` (a guide/ folder) that points up the stages: « guide/donnees/x.py → guide.rendu.y »."""
    found = []
    for path in sorted(root.rglob("*.py")):
        here = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        for target in sorted(_guide_imports(path)):
            if _stage(target) > _stage(here):
                found.append(f"{path.relative_to(root.parent).as_posix()} → {target}")
    return found


@pytest.mark.unit
def test_guide_est_range_par_etape_et_chaque_import_descend():
    """guide/ reads as its architecture: donnees → langues → rendu → sorties, orchestrators on top; no import runs back up."""
    assert {p.name for p in (ROOT / "guide").iterdir() if p.is_dir() and p.name != "__pycache__"} >= set(STAGES)
    assert upward_imports(ROOT / "guide") == [], "imports qui remontent les étapes (déplacez le code partagé vers le bas)"


@pytest.mark.unit
def test_la_regle_des_etapes_voit_un_import_qui_remonte(tmp_path):
    package = tmp_path / "guide"
    (package / "donnees").mkdir(parents=True)
    (package / "rendu").mkdir()
    (package / "donnees" / "a.py").write_text("from guide.rendu.b import f\nfrom guide.donnees import c\n", encoding="utf-8")
    (package / "rendu" / "b.py").write_text("from guide.donnees.a import g\nfrom guide import validate\n", encoding="utf-8")
    assert upward_imports(package) == ["guide/donnees/a.py → guide.rendu.b", "guide/rendu/b.py → guide.validate"]


@pytest.mark.unit
def test_les_imports_du_paquet_sont_lus_sous_toutes_leurs_formes(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("import guide.a\nfrom guide import b\nfrom guide.c import d\n\n\ndef f():\n    from guide.rendu.render import e\n", encoding="utf-8")
    assert _guide_imports(sample) == {"guide.a", "guide.b", "guide.c", "guide.rendu.render"}


@pytest.mark.build
def test_une_construction_n_ecrit_rien_dans_docs(site):
    run = subprocess.run(["git", "status", "--porcelain", "--ignored", "--", "docs"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout == "", "fichiers écrits ou laissés dans docs/ :\n" + run.stdout


@pytest.mark.unit
def test_la_version_facile_a_lire_se_reconnait_a_son_hreflang():
    assert Locales.of(LANGUAGES, {}).easy_read == "facile"
    assert Locales.of([LANGUAGES[0], LANGUAGES[2]], {}).easy_read is None
