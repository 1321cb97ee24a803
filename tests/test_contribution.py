"""Contribuer sans être développeur : CONTRIBUTING.md, formulaires, vérification des pull requests, pre-commit.

Chaque test lance le vrai outil (actionlint, yamllint, check-jsonschema,
pre-commit, python -m guide check) ou relit le vrai fichier, pour que le guide
des partenaires ne puisse pas dire autre chose que ce que fait le projet.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from guide.donnees.loader import load_yaml
from guide.donnees.paths import ROOT
from guide.validate import validate
from support import MINIMAL, REAL_DATA, REAL_DATA_DIR, yaml_load

BIN = Path(sys.executable).parent
UNIT_TIER_COMMAND = ".venv/bin/python -m pytest -m unit -q"  # the fast tier, in the workflow and in pre-commit
WORKFLOWS = ROOT / ".github" / "workflows"
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def _tool(name: str) -> str:
    """An executable of the project's environment (installed from requirements.txt)."""
    path = BIN / name
    assert path.exists(), f"{name} manque dans {BIN} : sh scripts/installer.sh l'installe (requirements.txt)"
    return str(path)


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)


def _workflow(name: str) -> dict:
    return yaml_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _runs(workflow: dict) -> list[str]:
    """Every `run:` command of every job, in order."""
    return [step["run"].strip() for job in workflow["jobs"].values() for step in job.get("steps", []) if "run" in step]


def _uses(workflow: dict) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "uses" in step]


# ---------------------------------------------------------------- GitHub Actions


@pytest.mark.outils
def test_actionlint_ne_trouve_rien_dans_les_workflows():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert [Path(f).name for f in files] == ["nuit.yml", "propositions.yml", "publier.yml", "verifier.yml"]
    run = _run(_tool("actionlint"), "-oneline", *files)
    assert run.returncode == 0 and run.stdout == "", run.stdout + run.stderr


@pytest.mark.outils
def test_actionlint_signale_bien_un_workflow_fautif(tmp_path):
    """Le test précédent ne passe pas par hasard : une faute de frappe dans une entrée est trouvée."""
    broken = (WORKFLOWS / "verifier.yml").read_text(encoding="utf-8").replace("retention-days:", "retention-jours:")
    assert broken != (WORKFLOWS / "verifier.yml").read_text(encoding="utf-8")
    path = tmp_path / "verifier.yml"
    path.write_text(broken, encoding="utf-8")
    run = _run(_tool("actionlint"), "-oneline", str(path), cwd=tmp_path)
    assert run.returncode == 1 and "retention-jours" in run.stdout


def _readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"\*\*2\. Lancer tous les tests\*\*.*?```sh\n(.+?)\n```", readme, flags=re.DOTALL)
    assert found, "README : la section « 2. Lancer tous les tests » et son bloc ```sh``` sont introuvables"
    return found.group(1).strip()


def _ci_test_command() -> str:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith("#") and not line.startswith(("set ", "cd ", "python3 --version"))]
    assert len(commands) == 1, commands
    return commands[0]


@pytest.mark.unit
def test_les_workflows_lancent_la_meme_commande_de_test_que_le_readme_et_la_ci():
    command = _readme_test_command()
    assert command == _ci_test_command()
    assert command in _runs(_workflow("verifier.yml"))


@pytest.mark.unit
def test_la_suite_complete_tourne_chaque_nuit_avec_la_meme_commande():
    """The README's command checks a sample of pages (tests/support.py, complete_run); the forge checks them all nightly."""
    workflow = _workflow("nuit.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 lit « on » comme vrai
    assert "schedule" in triggers
    step = next(s for job in workflow["jobs"].values() for s in job["steps"] if s.get("run") == _readme_test_command())
    assert step["env"]["GUIDE_COMPLET"] == "1"


@pytest.mark.unit
def test_la_verification_annote_les_erreurs_puis_construit_et_joint_l_apercu():
    workflow = _workflow("verifier.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 lit « on » comme vrai
    assert "pull_request" in triggers and triggers["push"]["branches-ignore"] == ["main"]
    runs = _runs(workflow)
    check = next(i for i, r in enumerate(runs) if "-m guide check --github" in r)
    unit = runs.index(UNIT_TIER_COMMAND)
    tests = runs.index(_readme_test_command())
    build = next(i for i, r in enumerate(runs) if "mkdocs build --strict" in r)
    assert check < unit < tests < build, "les tests rapides donnent leur réponse avant la commande complète"
    assert any(u.startswith("actions/upload-artifact@v") for u in _uses(workflow))
    job = next(iter(workflow["jobs"].values()))
    assert job["container"].startswith("python:3.11-")  # Python 3.11 sur Debian, comme le README


@pytest.mark.unit
def test_la_commande_de_test_lance_tout_en_parallele():
    """The README's command runs every tier (no -m) with pytest-xdist, whose version is pinned."""
    script = (ROOT / "scripts" / "tester.sh").read_text(encoding="utf-8")
    pytest_line = next(line for line in script.splitlines() if "-m pytest" in line)
    assert pytest_line.startswith("exec .venv/bin/python -m pytest -n auto ") and pytest_line.endswith(' "$@"')
    assert " -m " not in pytest_line.replace("-m pytest", "")
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert any(re.fullmatch(r"pytest-xdist==[\d.]+", line) for line in requirements)


@pytest.mark.unit
def test_la_publication_deploie_sur_github_pages():
    workflow = _workflow("publier.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    uses = _uses(workflow)
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages", "actions/setup-python"):
        assert any(re.fullmatch(rf"{action}@v\d+", u) for u in uses), action
    assert any("mkdocs build --strict" in r for r in _runs(workflow))


@pytest.mark.unit
def test_les_actions_sont_epinglees_a_une_version_majeure():
    for name in ("verifier.yml", "publier.yml"):
        for uses in _uses(_workflow(name)):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", uses), uses


@pytest.mark.outils
def test_guide_check_github_annote_avec_un_chemin_relatif_au_depot(tmp_path):
    """GitHub place l'annotation sur la ligne du fichier si le chemin part de la racine du dépôt."""
    text = MINIMAL.read_text(encoding="utf-8")
    broken = text.replace("    frais: gratuit\n", "    frais: gratos\n", 1)
    # une copie DANS le dépôt (ignorée ensuite) : le chemin montré doit être relatif à la racine
    copy_path = ROOT / "data" / f"_test_annotation_{tmp_path.name}.yaml"
    copy_path.write_text(broken, encoding="utf-8")
    try:
        run = _run(sys.executable, "-m", "guide", "check", "--github", str(copy_path))
    finally:
        copy_path.unlink()
    line = broken[: broken.index("    frais: gratos")].count("\n") + 1
    assert run.returncode == 1
    assert f"::error file=data/{copy_path.name},line={line},col=5::" in run.stdout


# ---------------------------------------------------------------- formulaires et modèle de pull request


@pytest.mark.outils
def test_les_formulaires_respectent_le_schema_de_github():
    forms = [str(FORMS / "signaler-une-erreur.yml"), str(FORMS / "proposer-un-dispositif.yml")]
    run = _run(_tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", *forms)
    assert run.returncode == 0, run.stdout + run.stderr
    run = _run(_tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-config", str(FORMS / "config.yml"))
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.unit
def test_le_lien_prerempli_du_site_trouve_le_champ_page():
    """Le site ouvrira …/issues/new?template=signaler-une-erreur.yml&page=<adresse> : le champ doit avoir l'id « page »."""
    form = yaml_load((FORMS / "signaler-une-erreur.yml").read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert {"page", "erreur", "correction", "source"} <= set(fields)
    assert fields["page"]["type"] == "input" and fields["page"]["validations"]["required"] is True
    assert fields["source"]["validations"]["required"] is True
    proposal = yaml_load((FORMS / "proposer-un-dispositif.yml").read_text(encoding="utf-8"))
    assert proposal["name"] == "Proposer un dispositif"
    assert "source" in {item.get("id") for item in proposal["body"]}


@pytest.mark.unit
def test_le_modele_de_pull_request_a_la_liste_a_cocher():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] \*\*(.+?)\*\*", text, flags=re.MULTILINE)
    assert len(boxes) == 5
    for words in ("Source citée", "Vérification honnête", "Aucune donnée personnelle", "Aucun contact inventé", "brouillon"):
        assert any(words in box for box in boxes), words


# ---------------------------------------------------------------- pre-commit, yamllint, check-jsonschema


@pytest.mark.outils
def test_pre_commit_n_a_que_des_crochets_locaux_et_une_configuration_valide():
    config = yaml_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    for hook in hooks:  # les outils de .venv (requirements.txt), jamais un environnement téléchargé par pre-commit
        assert hook["entry"].startswith(".venv/bin/") and hook["language"] == "unsupported", hook
    assert {h["id"] for h in hooks} == {
        "yamllint-donnees",
        "schema-fiches",
        "schema-traductions",
        "schema-recherche",
        "schema-interface",
        "schema-glossaire",
        "guide-check",
        "ruff-check",
        "ruff-format",
        "tests-rapides",
    }
    by_id = {h["id"]: h for h in hooks}
    assert by_id["tests-rapides"]["entry"] == UNIT_TIER_COMMAND and by_id["tests-rapides"]["pass_filenames"] is False
    assert by_id["ruff-check"]["entry"].startswith(".venv/bin/ruff check") and by_id["ruff-format"]["entry"].startswith(".venv/bin/ruff format --check")
    run = _run(_tool("pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.outils
def test_yamllint_accepte_les_donnees():
    run = _run(_tool("yamllint"), "--format", "parsable", "data/")
    assert run.returncode == 0, run.stdout
    assert "[error]" not in run.stdout


@pytest.mark.outils
def test_yamllint_refuse_une_cle_en_double_et_un_oui_mal_ecrit(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("organisations:\n  - id: a\n    signataire: yes\n    id: b\n", encoding="utf-8")
    run = _run(_tool("yamllint"), "--format", "parsable", "-c", str(ROOT / ".yamllint"), str(bad))
    assert run.returncode == 1
    assert "(key-duplicates)" in run.stdout and "(truthy)" in run.stdout


@pytest.mark.donnees
@pytest.mark.outils
def test_check_jsonschema_valide_les_fiches_et_les_traductions():
    run = _run(_tool("check-jsonschema"), "--schemafile", "data/schemes.schema.json", str(REAL_DATA))
    assert run.returncode == 0, run.stdout + run.stderr
    translations = sorted(str(p) for p in (REAL_DATA_DIR / "translations").glob("*.yaml"))
    assert translations
    run = _run(_tool("check-jsonschema"), "--schemafile", "data/translations.schema.json", *translations)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.outils
def test_check_jsonschema_valide_les_mots_de_l_interface_et_les_glossaires_et_refuse_une_balise(tmp_path):
    for kind in ("interface", "glossaire"):
        files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "data" / kind).glob("*.yaml"))
        run = _run(_tool("check-jsonschema"), "--schemafile", f"data/{kind}.schema.json", *files)
        assert files and run.returncode == 0, run.stdout + run.stderr
    bad = tmp_path / "swb.yaml"
    bad.write_text('nom_en_francais: "shimaoré<script>alert(1)</script>"\nmenu.index: "Home<meta http-equiv=refresh "\n', encoding="utf-8")
    run = _run(_tool("check-jsonschema"), "--schemafile", "data/interface.schema.json", str(bad))
    assert run.returncode == 1 and "nom_en_francais" in run.stdout and "menu.index" in run.stdout, run.stdout


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        ("    frais: gratuit\n", "    frais: gratos\n", "'gratos' is not valid"),
        ('    date: "2023-01-31"\n', '    date: "2023-02-30"\n', "is not a 'date'"),
    ],
)
@pytest.mark.outils
def test_check_jsonschema_refuse_une_copie_avec_une_mauvaise_valeur(tmp_path, before, after, message):
    text = MINIMAL.read_text(encoding="utf-8")
    assert before in text
    bad = tmp_path / "schemes.yaml"
    bad.write_text(text.replace(before, after, 1), encoding="utf-8")
    run = _run(_tool("check-jsonschema"), "--schemafile", str(ROOT / "data" / "schemes.schema.json"), str(bad))
    assert run.returncode == 1
    assert message in run.stdout


# ---------------------------------------------------------------- CONTRIBUTING.md


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^ *```{language}\n(.*?)^ *```", CONTRIBUTING.read_text(encoding="utf-8"), flags=re.DOTALL | re.MULTILINE)


def _copy_of_data(tmp_path: Path) -> Path:
    """data/ (fiches, schéma, traductions, interface) copié dans un dossier de test, avec un docs/ vide."""
    target = tmp_path / "data"
    shutil.copytree(REAL_DATA_DIR, target)
    (tmp_path / "docs").mkdir()
    return target


# libyaml when PyYAML has it: the same data, read and written ten times faster than the pure-Python parser.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _read(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader


def _write(path: Path, data) -> None:
    path.write_text(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.donnees
@pytest.mark.unit
def test_chaque_exemple_yaml_du_guide_passe_la_verification(tmp_path):
    blocks = _blocks("yaml")
    assert len(blocks) == 4
    data_dir = _copy_of_data(tmp_path)
    schemes = data_dir / "schemes.yaml"
    for block in blocks:
        target = re.match(r"# dans data/([\w/.-]+\.yaml)", block)
        assert target, f"un exemple doit dire dans quel fichier il va : {block[:80]!r}"
        example = yaml_load(block)
        if target.group(1) == "schemes.yaml":
            # un service : on le met dans la liste « services » (à la place de la fiche de même identifiant)
            data = _read(schemes)
            for record in example:
                data["services"] = [r for r in data["services"] if r["id"] != record["id"]] + [record]
            _write(schemes, data)
        elif target.group(1).startswith("recherche/"):
            path = data_dir / target.group(1)
            words = _read(path)
            words["mots"] += example["mots"]
            _write(path, words)
        else:
            path = data_dir / target.group(1)
            translated = _read(path) or {}
            for collection, records in example.items():
                for rid, fields in records.items():
                    translated.setdefault(collection, {}).setdefault(rid, {}).update(copy.deepcopy(fields))
                    audio = fields.get("audio")
                    if audio:  # le guide demande de déposer le fichier d'abord
                        (tmp_path / "docs" / audio["fichier"]).parent.mkdir(parents=True, exist_ok=True)
                        (tmp_path / "docs" / audio["fichier"]).write_bytes(b"")
            _write(path, translated)
    validation = validate(schemes, data_dir / "schemes.schema.json", docs_dir=tmp_path / "docs")
    assert validation.errors == [], "\n".join(p.format() for p in validation.errors)
    assert validation.catalogues["swb"].entries["services"]["contrat-engagement-jeune"]["audio"]["statut"] == "brouillon"
    assert "taf" in validation.search_words["fr"]["mission-locale"]


@pytest.mark.donnees
@pytest.mark.unit
def test_l_exemple_de_service_n_a_que_les_champs_obligatoires():
    schema = yaml_load((ROOT / "data" / "schemes.schema.json").read_text(encoding="utf-8"))
    service_block = next(b for b in _blocks("yaml") if b.startswith("# dans data/schemes.yaml"))
    (record,) = yaml_load(service_block)
    assert list(record) == schema["$defs"]["service"]["required"]
    assert record["id"] in {r["id"] for r in load_yaml(REAL_DATA).data["services"]}, f"l'exemple nomme la fiche « {record['id']} », absente des données"


@pytest.mark.donnees
@pytest.mark.unit
def test_le_message_d_erreur_cite_est_celui_que_donne_la_verification(tmp_path):
    """On refait les fautes décrites dans CONTRIBUTING.md et on compare (les numéros de ligne peuvent bouger)."""
    sample = next(b for b in _blocks("text") if "› frais : la valeur « gratos »" in b)
    expected = [re.sub(r":\d+:\d+:", ":L:C:", line) for line in sample.splitlines() if line.startswith("data/")]
    assert len(expected) == 4
    data_dir = _copy_of_data(tmp_path)
    text = (data_dir / "schemes.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: contrat-engagement-jeune\n")
    end = text.index("\n\n", start)
    record = text[start:end]
    broken = (
        record.replace("    thematique: emploi-insertion\n", "    themathique: emploi-insertion\n")
        .replace("    frais: gratuit\n", "    frais: gratos\n")
        .replace('date: "2023-01-31"}', 'date: "2024-02-30"}')
    )
    assert broken.count("themathique") == 1 and "gratos" in broken and "2024-02-30" in broken
    (data_dir / "schemes.yaml").write_text(text[:start] + broken + text[end:], encoding="utf-8")
    validation = validate(data_dir / "schemes.yaml", data_dir / "schemes.schema.json")
    got = [re.sub(r"^.*?:\d+:\d+:", "data/schemes.yaml:L:C:", p.format()) for p in validation.errors]
    assert got == expected


@pytest.mark.unit
def test_les_liens_internes_du_guide_menent_a_un_titre():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    # comme GitHub : minuscules, ponctuation retirée (lettres accentuées gardées), espaces → tirets
    anchors = {re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-") for title in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert links and links <= anchors, links - anchors


@pytest.mark.unit
def test_le_readme_et_la_page_des_champs_menent_au_guide():
    assert "CONTRIBUTING.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    text = CONTRIBUTING.read_text(encoding="utf-8")
    assert "partenaires/champs/" in text and "python -m guide champs" in text
