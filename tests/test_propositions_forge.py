"""Le workflow des propositions (.github/workflows/propositions.yml) : il ne peut pas tourner ici ; le script qu'il appelle
(scripts/propositions.py) est testé dans le processus, sur le jeu de test de tests/fixtures/propositions/, et le workflow est lu.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest

from guide.donnees.paths import ROOT
from support import data_folder, yaml_load

pytestmark = pytest.mark.unit

FIXTURES = ROOT / "tests" / "fixtures" / "propositions"
WORKFLOW = ROOT / ".github" / "workflows" / "propositions.yml"
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "proposition.yml"


def _script():
    spec = importlib.util.spec_from_file_location("propositions_forge", ROOT / "scripts" / "propositions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


script = _script()


@pytest.fixture
def donnees(tmp_path):
    return data_folder(tmp_path / "data", (FIXTURES / "schemes.yaml").read_text(encoding="utf-8"))


def _sorties(path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())


def test_seuls_les_fichiers_yaml_de_propositions_comptent():
    added = ["propositions/a.yaml", "propositions/README.md", "data/schemes.yaml", "propositions/sous/b.yaml", "propositions/c.yml", "propositions/a.yaml"]
    assert script.propositions_ajoutees(added) == ["propositions/a.yaml", "propositions/c.yml"]


def test_la_meme_proposition_met_a_jour_la_meme_branche():
    assert script.branche("propositions/2026-12-07 Contrat Engagement.yaml") == "propositions/2026-12-07-contrat-engagement"
    assert script.branche("issue-12") == "propositions/issue-12"


def test_la_proposition_est_lue_dans_le_corps_de_l_issue():
    proposal = (FIXTURES / "confirmation.yaml").read_text(encoding="utf-8")
    body = f"### Proposition\n\n```yaml\n{proposal}\n```\n"  # what GitHub writes for a `render: yaml` field
    assert script.extraire_de_l_issue(body) == proposal
    assert script.extraire_de_l_issue("### Proposition\n\n" + proposal) == proposal, "collée sans bloc : depuis son commentaire de tête"
    assert script.extraire_de_l_issue("### Proposition\n\nBonjour, la fiche est fausse.") is None


def test_un_fichier_ajoute_est_applique_puis_retire_et_la_pull_request_est_decrite(tmp_path, donnees, monkeypatch):
    folder = tmp_path / "propositions"
    folder.mkdir()
    proposal = folder / "2026-12-07-service-a.yaml"
    shutil.copyfile(FIXTURES / "correction-resume.yaml", proposal)
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "sorties"))
    monkeypatch.chdir(tmp_path)
    body = tmp_path / "corps.md"
    assert script.main(["--fichiers", "propositions/2026-12-07-service-a.yaml", "data/x.yaml", "--donnees", str(donnees), "--corps", str(body)]) == 0
    assert _sorties(tmp_path / "sorties") == {"applique": "true", "branche": "propositions/2026-12-07-service-a", "titre": "Proposition : service-a"}
    assert "ou une formation" in donnees.read_text(encoding="utf-8")
    assert not proposal.exists(), "la pull request retire le fichier appliqué"
    assert "appliquée" in body.read_text(encoding="utf-8") and "écrit : services › service-a › resume" in body.read_text(encoding="utf-8")


def test_une_proposition_refusee_reste_et_le_refus_est_dit_en_francais(tmp_path, donnees, monkeypatch):
    folder = tmp_path / "propositions"
    folder.mkdir()
    proposal = folder / "faux.yaml"
    proposal.write_text((FIXTURES / "correction-resume.yaml").read_text(encoding="utf-8").replace("moyen: courriel", "moyen: fax"), encoding="utf-8")
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "sorties"))
    monkeypatch.chdir(tmp_path)
    before = donnees.read_bytes()
    assert script.main(["--fichiers", "propositions/faux.yaml", "--donnees", str(donnees), "--corps", str(tmp_path / "corps.md")]) == 0
    assert _sorties(tmp_path / "sorties")["applique"] == "false"
    assert donnees.read_bytes() == before and proposal.exists()
    text = (tmp_path / "corps.md").read_text(encoding="utf-8")
    assert "refusée : rien n'est écrit" in text and "service-a › provenance.moyen" in text and "Traceback" not in text


def test_une_issue_devient_une_pull_request_sans_laisser_de_fichier(tmp_path, donnees, monkeypatch):
    issue = tmp_path / "issue.md"
    issue.write_text("### Proposition\n\n```yaml\n" + (FIXTURES / "confirmation.yaml").read_text(encoding="utf-8") + "```\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "sorties"))
    args = ["--issue", "12", "--texte-issue", str(issue), "--donnees", str(donnees), "--corps", str(tmp_path / "corps.md"), "--dossier", str(tmp_path / "p")]
    assert script.main(args) == 0
    assert _sorties(tmp_path / "sorties") == {"applique": "true", "branche": "propositions/issue-12", "titre": "Proposition : service-b"}
    assert 'verification: {date: "2026-12-07", par: org-b' in donnees.read_text(encoding="utf-8")
    assert list((tmp_path / "p").iterdir()) == []
    assert "dans l'issue #12" in (tmp_path / "corps.md").read_text(encoding="utf-8")


def test_sans_fichier_de_propositions_le_script_ne_fait_rien(tmp_path):
    assert script.main(["--fichiers", "data/schemes.yaml", "--corps", str(tmp_path / "corps.md")]) == 2
    assert not (tmp_path / "corps.md").exists()


def test_le_workflow_applique_les_propositions_et_ouvre_la_pull_request():
    workflow = yaml_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 lit « on » comme vrai
    assert triggers["push"]["branches"] == ["main"] and all(p.startswith("propositions/") for p in triggers["push"]["paths"])
    assert "opened" in triggers["issues"]["types"] and "edited" in triggers["issues"]["types"]
    steps = workflow["jobs"]["appliquer"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "scripts/propositions.py" in runs and "sh scripts/installer.sh" in runs
    uses = [step["uses"] for step in steps if "uses" in step]
    assert any(u.startswith("peter-evans/create-pull-request@v") for u in uses)
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8"), "seulement le GITHUB_TOKEN donné au workflow"
    assert "${{ github.event.issue.body }}" not in runs, "le texte de l'issue passe par une variable d'environnement, jamais dans le script"
    form = yaml_load(FORM.read_text(encoding="utf-8"))
    assert form["labels"] == ["proposition"] and "'proposition'" in workflow["jobs"]["appliquer"]["if"]
    assert any(field.get("attributes", {}).get("render") == "yaml" for field in form["body"])
