"""Outils partagés des tests : le jeu de données fictif et sa mutation."""
from __future__ import annotations

import datetime as dt
import functools
import os
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from guide.paths import INTERFACE_DIR
from guide.paths import ROOT, configured_site_url
from guide.validate import validate

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"
TODAY = dt.date(2023, 3, 1)  # une date fixe : les avertissements de fraîcheur ne dépendent pas du jour du test


def validate_fixture(on: dt.date = TODAY):
    """The fixture data, with its translations (tests/fixtures/translations) and the project's interface strings."""
    return validate(MINIMAL, on=on, interface_dir=INTERFACE_DIR)


def minimal_text() -> str:
    """The valid fixture, as text."""
    return MINIMAL.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """The line number (from 1) where `fragment` starts; it must occur exactly once."""
    assert text.count(fragment) == 1, f"{fragment!r} doit apparaître une seule fois dans le jeu de test"
    return text[: text.index(fragment)].count("\n") + 1


@pytest.fixture
def check_text(tmp_path):
    """Validate a YAML text (str or bytes) written to a temporary file."""

    def run(content: str | bytes, on: dt.date = TODAY):
        path = tmp_path / "schemes.yaml"
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return validate(path, on=on)

    return run


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


def build_site(site_dir: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` into site_dir, as a partner or CI would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    for name in ("SOURCE_DATE_EPOCH", "GUIDE_SITE_URL", "GUIDE_FORGE_URL"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)], cwd=ROOT, capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once for the whole test session."""
    site_dir = tmp_path_factory.mktemp("site")
    run = build_site(site_dir)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "WARNING" not in run.stderr, run.stderr
    return site_dir


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    """The built site served on the loopback; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def wait_for(page, expression: str, arg=None, timeout: float = 30.0) -> None:
    """Wait until a JavaScript expression (or `arg => …` function) is true in the page.

    Not page.wait_for_function: Playwright's poller runs the string with eval(), which every page's
    Content-Security-Policy forbids (no 'unsafe-eval'); page.evaluate goes through the DevTools protocol instead.
    """
    deadline = time.monotonic() + timeout
    while not _true_now(page, expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"toujours faux après {timeout} s : {expression}")
        page.wait_for_timeout(50)


def _true_now(page, expression: str, arg) -> bool:
    try:
        return bool(page.evaluate(expression, arg))
    except Exception as error:  # a page being replaced has no context to evaluate in yet: ask again
        if "context was destroyed" in str(error) or "navigation" in str(error).lower():
            return False
        raise


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium manque : sudo apt-get install chromium (scripts/tester.sh l'installe)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _configured_locales() -> list[str]:
    """The non-default locales declared in mkdocs.yml (each is a top-level folder of the site)."""
    import re as _re

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return [code for code in _re.findall(r"^\s+- locale: (\S+)", text, flags=_re.MULTILINE) if code != "fr"]


OTHER_LOCALES = _configured_locales()


SITE_URL = configured_site_url({})  # the builds of the tests run without GUIDE_SITE_URL (see build_site)


def french_pages(site: Path) -> list[Path]:
    """Every page of the French site (not the other languages, not the assets)."""
    return [p for p in sorted(site.rglob("index.html")) if p.relative_to(site).parts[0] not in {*OTHER_LOCALES, "search", "assets"}]
