"""Fixtures partagées et paliers des tests.

Chaque test porte exactement un palier (marqueur déclaré dans pyproject.toml) :

- unit : ni site construit, ni navigateur, aucun programme lancé (pytest -m unit, moins de 30 s) : tout se passe
  dans le processus de pytest ; un test `unit` qui lance un programme échoue (fixture `_unit_sans_programme`) ;
- rendu : comme unit (dans le processus de pytest, aucun programme lancé), mais rend des pages entières en nombre :
  toutes les pages des vraies données dans chaque langue (fixture `real_pages`), ou chaque charge d'attaque dans chaque
  gabarit ; quelques secondes par test, hors de la boucle rapide (`pytest -m unit` en garde un cas par famille) ;
- outils : lance un programme de la chaîne des contributeurs (ruff, yamllint, check-jsonschema, actionlint,
  `python -m guide`, pytest lui-même), sans construire le site ;
- build : lance mkdocs ou lit le site construit (une fois par lancement), sans navigateur ;
- browser : Chromium (Playwright) sur le site servi en local ;
- print : Chromium imprime en PDF, poppler et zxing-cpp relisent le PDF.

Un test qui lit les données du projet (data/, ou la copie que nomme GUIDE_DATA) porte aussi le marqueur `donnees` :
donné d'office à ceux qui demandent les fixtures `validation`, `guide` ou `real_pages` d'ici, écrit à la main sur ceux
qui lisent data/ eux-mêmes (support.REAL_DATA ; tests/test_partenaires.py le vérifie). Ces données sont vérifiées au
jour réel (support.real_day), jamais au jour fixe du jeu de test.

Un test sans palier, ou dont les fixtures contredisent son palier, arrête la collecte avec un message clair.
Les outils qui ne sont pas des fixtures sont dans support.py.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from guide.donnees.paths import ROOT
from guide.pages import validate_once
from guide.rendu.render import render_pages
from guide.validate import validate
from support import CHROMIUM, CHROMIUM_ARGS, REAL_DATA, TODAY, AxeBrowser, W3CReport, build_site, once_per_run, real_day, run_w3c, serve, w3c_groups

# The test modules keep their compiled, assertion-rewritten code (__pycache__/, ignored by git) even when
# PYTHONDONTWRITEBYTECODE is set: otherwise every worker of every run compiles ~70 modules again (about 5 s each).
sys.dont_write_bytecode = False

TIERS = ("unit", "rendu", "outils", "build", "browser", "print")
# Fixtures a tier may not use: a unit test never needs the built site, a build test never opens Chromium.
FORBIDDEN = {
    "unit": {"site", "server", "browser", "axe", "w3c", "real_pages"},
    "rendu": {"site", "server", "browser", "axe", "w3c"},
    "outils": {"site", "server", "browser", "axe", "w3c"},
    "build": {"server", "browser", "axe"},
}


def tier_problems(item: pytest.Function) -> list[str]:
    """What is wrong with a test's tier: none or several, or a fixture its tier may not use."""
    tiers = sorted({mark.name for mark in item.iter_markers() if mark.name in TIERS})
    if len(tiers) != 1:
        found = f"en a {len(tiers)} ({', '.join(tiers)})" if tiers else "n'en a aucun"
        return [f"{item.nodeid} : il faut exactement un palier, ce test {found}"]
    used = sorted(FORBIDDEN.get(tiers[0], set()) & set(item.fixturenames))
    return [f"{item.nodeid} : palier « {tiers[0]} », mais il utilise {', '.join(used)}"] if used else []


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    """A module (or class) with a test without its tier fails to collect, with or without pytest-xdist and whatever -m selects."""
    report = yield
    if report.passed:
        problems = [problem for item in report.result if isinstance(item, pytest.Function) for problem in tier_problems(item)]
        if problems:
            report.outcome, report.result = "failed", []
            report.longrepr = (
                "Palier de test manquant ou faux. Donnez à chaque test un seul marqueur parmi "
                "@pytest.mark.unit, @pytest.mark.rendu, @pytest.mark.outils, @pytest.mark.build, @pytest.mark.browser, @pytest.mark.print "
                "(ou `pytestmark = pytest.mark.unit` en tête de module ; paliers décrits dans tests/conftest.py) :\n  " + "\n  ".join(problems)
            )
    return report


# The fixtures below that hold the project's own data: a test that asks for one of them reads data/ (marker `donnees`).
REAL_DATA_FIXTURES = ("validation", "guide", "real_pages")


def reads_real_data(item: pytest.Function) -> bool:
    """The test asks (directly or through another fixture) for a fixture of this conftest that holds the project's data."""
    definitions = getattr(item, "_fixtureinfo", None)
    for name in REAL_DATA_FIXTURES:
        found = definitions.name2fixturedefs.get(name) if definitions else None
        if found and found[-1].func.__module__ == __name__:
            return True
    return False


# The order tests are handed out in: pytest-xdist gives the first half of the list to one worker and the second half to
# the other. The tiers that need the built site come first, so one worker starts the build (about a minute and a half,
# in its own process) at once while the other runs the fast tiers, instead of waiting for the site; what is left is
# shared out as workers become free (--dist worksteal). The order within a tier is the files' order.
RUN_ORDER = ("print", "browser", "build", "outils", "rendu", "unit")


def run_rank(item: pytest.Item) -> int:
    return next((rank for rank, tier in enumerate(RUN_ORDER) if item.get_closest_marker(tier)), len(RUN_ORDER))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Before -m selects: a test that reads the project's data through a fixture carries `donnees`; tests in RUN_ORDER."""
    for item in items:
        if isinstance(item, pytest.Function) and item.get_closest_marker("donnees") is None and reads_real_data(item):
            item.add_marker(pytest.mark.donnees)
    items.sort(key=run_rank)  # stable: the same order in every worker, as pytest-xdist requires


class ProgramInUnitTest(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _unit_sans_programme(request, monkeypatch):
    """A `unit` or `rendu` test runs inside pytest's process: launching a program (subprocess) fails it. Mark it `outils` instead."""
    tier = next((name for name in ("unit", "rendu") if request.node.get_closest_marker(name)), None)
    if tier is None:
        return

    def refuse(*args, **kwargs):
        raise ProgramInUnitTest(f"un test « {tier} » ne lance pas de programme ({args[0] if args else kwargs.get('args')}) : marquez-le @pytest.mark.outils")

    monkeypatch.setattr(subprocess, "Popen", refuse)


@pytest.fixture
def check_text(tmp_path):
    """Validate a YAML text (str or bytes) written to a temporary file."""

    def run(content: str | bytes, on: dt.date = TODAY):
        path = tmp_path / "schemes.yaml"
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return validate(path, on=on)

    return run


@pytest.fixture(scope="session")
def validation():
    """The project's own data (or GUIDE_DATA's copy), validated once per test process on the real day (a module may define its own,
    from the fixture data)."""
    result = validate_once(REAL_DATA)
    assert result.ok, [p.format() for p in result.errors]
    return result


@pytest.fixture(scope="session")
def guide(validation):
    """The project's own records, linked (guide/donnees/model.py)."""
    return validation.guide


@pytest.fixture(scope="session")
def real_pages(request, tmp_path_factory) -> dict[str, str]:
    """Every generated page of the project's own data (path → Markdown) in fr, facile, en and ar, rendered once per run.

    Built on the real day: a partner's verification dated today is not « dans le futur ».
    The first pytest-xdist worker that asks renders them and writes them down (once_per_run); the others read them
    instead of rendering them again (about a minute of a loaded 2-core machine each).
    Shimaoré is left out: what it shows (French, held back texts) is checked on the fixture data (test_statuts.py)."""

    def render(folder: Path) -> str:
        validation = request.getfixturevalue("validation")
        pages = render_pages(validation.guide, validation.schema, real_day(), validation.localizers(["fr", "facile", "en", "ar"]))
        folder.mkdir()
        (folder / "pages.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
        return ""

    folder, problem = once_per_run(tmp_path_factory, "pages-reelles", render)
    assert not problem, problem
    return json.loads((folder / "pages.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once for the whole run, shared by every pytest-xdist worker (see once_per_run)."""

    def build(folder: Path) -> str:
        run = build_site(folder)
        if run.returncode != 0:
            return f"la construction a échoué (code {run.returncode}) :\n{run.stdout}{run.stderr}"
        return f"la construction stricte a averti :\n{run.stderr}" if "WARNING" in run.stderr else ""

    folder, problem = once_per_run(tmp_path_factory, "site", build)
    assert not problem, problem
    return folder


@pytest.fixture(scope="session")
def w3c(site, tmp_path_factory) -> W3CReport:
    """The W3C Nu checker's errors for every page a test validates (support.w3c_groups), from one JVM for the run."""
    groups = w3c_groups(site)

    def check(folder: Path) -> str:
        folder.mkdir()
        report = run_w3c(site, sorted({path for pages in groups.values() for path in pages}))
        (folder / "rapport.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
        return ""

    folder, _ = once_per_run(tmp_path_factory, "w3c", check)
    return W3CReport(json.loads((folder / "rapport.json").read_text(encoding="utf-8")), groups)


@pytest.fixture(scope="session")
def server(site):
    """The built site served on the loopback (one server per worker); yields its base URL."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright per worker: its sync API cannot be started twice in a process (a test that needs its own browser,
    with other launch flags, launches it from this one)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium manque : sudo apt-get install chromium (scripts/tester.sh l'installe)"
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Debian's Chromium driven by Playwright (never a downloaded browser), one per worker."""
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def axe():
    """A Chromium of its own for axe-core (support.AxeBrowser.violations: several tabs at once), one per worker."""
    assert Path(CHROMIUM).exists(), "Chromium manque : sudo apt-get install chromium (scripts/tester.sh l'installe)"
    runner = AxeBrowser()
    yield runner
    runner.close()
