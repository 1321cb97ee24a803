"""Outils partagés des tests (ce ne sont pas des fixtures) : jeu de test, construction du site une fois par
lancement, pages échantillonnées, axe-core et validateur du W3C.

Les fixtures sont dans conftest.py ; un module de test importe d'ici (`from support import …`), jamais de
conftest.py ni d'un autre module de test (tests/test_outillage.py le vérifie).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import yaml
from filelock import FileLock

from guide.donnees.paths import INTERFACE_DIR, ROOT
from guide.validate import validate

# ---------------------------------------------------------------- YAML, fast

# libyaml when PyYAML has it: the same data as yaml.safe_load, about ten times faster (the tests read and write
# thousands of YAML texts). Writing with it is kept for ordinary data: libyaml writes some special characters as they
# are where PyYAML escapes them, so a text that carries a payload is written with yaml.safe_dump.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def yaml_load(text):
    """yaml.safe_load, with libyaml."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def yaml_dump(value, **options) -> str:
    """yaml.safe_dump of ordinary data (no payload with special characters), with libyaml."""
    return yaml.dump(value, Dumper=_DUMPER, **options)


# ---------------------------------------------------------------- the fixture data

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"
TODAY = dt.date(2023, 3, 1)  # une date fixe : les avertissements de fraîcheur ne dépendent pas du jour du test


def validate_fixture(on: dt.date = TODAY):
    """The fixture data, with its translations (tests/fixtures/translations) and the project's interface strings."""
    return validate(MINIMAL, on=on, interface_dir=INTERFACE_DIR)


def reviewed_interface(directory: Path, locales: tuple[str, ...] = ("facile",), statut: str = "relu") -> Path:
    """A copy of data/interface/ where every string of `locales` has the given status and today's fingerprint (missing ones: the French text).

    With it, a page's notice depends only on its records' texts.
    """
    from guide.donnees.paths import SCHEMA_FILE
    from guide.donnees.schema import Schema
    from guide.langues.interface import NAMES, SETTINGS, french_interface
    from guide.langues.translations import fingerprint

    directory.mkdir(parents=True, exist_ok=True)
    french = yaml_load((INTERFACE_DIR / "fr.yaml").read_text(encoding="utf-8"))
    sources = french_interface(french, Schema.load(SCHEMA_FILE))
    for source in INTERFACE_DIR.glob("*.yaml"):
        text = source.read_text(encoding="utf-8")
        if source.stem in locales:
            own = yaml_load(text)
            data = {k: v for k, v in own.items() if k in SETTINGS or k in NAMES}
            for key, french_text in sources.items():
                value = own.get(key, french_text)
                value = value["texte"] if isinstance(value, dict) else value
                data[key] = {"texte": value, "statut": statut, "par": "jeu de test", "empreinte": fingerprint(french_text)}
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (directory / source.name).write_text(text, encoding="utf-8")
    return directory


def minimal_text() -> str:
    """The valid fixture, as text."""
    return MINIMAL.read_text(encoding="utf-8")


def walk_paged_list(pages: dict[str, str], first: str, rows_of: Callable[[str], list[str]], title: str, per_page: int) -> tuple[list[str], list[str]]:
    """A list cut into pages (generated Markdown; its first page at `first`, e.g. partenaires/relire-facile.md), walked as a
    reader would: each page holds 1 to `per_page` rows, says « Page N sur T. », links to every other page, and has `title`
    as its heading, with its number after the first page. Returns the pages' paths and their rows, in order."""
    stem = first.removesuffix(".md")
    paths = sorted((p for p in pages if p == first or p.startswith(f"{stem}/page-")), key=lambda p: (len(p), p))
    assert paths[:2] == [first, f"{stem}/page-2.md"], paths
    found = []
    for number, path in enumerate(paths, start=1):
        text = pages[path]
        rows = rows_of(text)
        assert 0 < len(rows) <= per_page, (path, rows)
        found += rows
        assert f"Page {number} sur {len(paths)}." in text, path
        links = set(re.findall(r"\]\(([^)]+\.md)\)", text.split('class="guide-pages"')[1]))
        assert len(links) == len(paths) - 1, (path, links)
        heading = next(line for line in text.splitlines() if line.startswith("# "))
        assert heading == (f"# {title}" if number == 1 else f"# {title} — page {number}"), heading
    return paths, found


def line_of(text: str, fragment: str) -> int:
    """The line number (from 1) where `fragment` starts; it must occur exactly once."""
    assert text.count(fragment) == 1, f"{fragment!r} doit apparaître une seule fois dans le jeu de test"
    return text[: text.index(fragment)].count("\n") + 1


# ---------------------------------------------------------------- locales and addresses


# What `build_site` takes out of the caller's environment: the tests' builds use mkdocs.yml's own defaults.
# Not GUIDE_DATA: in a run on a copy of the data (scripts/suite_partenaire.py), the site is built from the copy too,
# as every test that reads the data reads the copy (REAL_DATA).
UNSET_FOR_BUILDS = ("SOURCE_DATE_EPOCH", "GUIDE_SITE_URL", "GUIDE_FORGE_URL", "GUIDE_DATE", "GUIDE_LANGUE_SEULE", "PYTHONHASHSEED")


@functools.cache
def mkdocs_config():
    """mkdocs.yml as MkDocs itself reads it (`load_config`), with the environment of the tests' builds (see build_site)."""
    from unittest import mock

    from mkdocs.config import load_config

    with mock.patch.dict(os.environ):
        for name in (*UNSET_FOR_BUILDS, "GUIDE_DATA"):  # mkdocs.yml's own defaults
            os.environ.pop(name, None)
        return load_config(str(ROOT / "mkdocs.yml"))


OTHER_LOCALES = [lang["locale"] for lang in mkdocs_config().plugins["guide-i18n"].config.languages if not lang["default"]]  # a folder each
ALL_LOCALES = ["fr", *OTHER_LOCALES]
SITE_URL = mkdocs_config().site_url  # the builds of the tests run without GUIDE_SITE_URL (see build_site)


# ---------------------------------------------------------------- building the site once per run


def build_site(site_dir: Path, extra_env: dict | None = None, program: list[str] | None = None) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` (or `program build --strict`, e.g. ProperDocs) into site_dir, as a partner or CI would.

    None of UNSET_FOR_BUILDS from the caller's environment (SOURCE_DATE_EPOCH, GUIDE_SITE_URL…; `extra_env` may give
    them): every build of the tests uses mkdocs.yml's defaults and its own random hash seed.
    """
    env = {k: v for k, v in os.environ.items() if k not in UNSET_FOR_BUILDS}
    env.update({"NO_MKDOCS_2_WARNING": "1", **(extra_env or {})})
    program = program or [sys.executable, "-m", "mkdocs"]
    return subprocess.run([*program, "build", "--strict", "--site-dir", str(site_dir)], cwd=ROOT, capture_output=True, text=True, env=env)


def run_folder(tmp_path_factory) -> Path:
    """A folder shared by every pytest-xdist worker of this run (the session's own folder without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], str]) -> tuple[Path, str]:
    """Run make(folder) once for the whole run, whatever the number of xdist workers; return (folder, problem).

    The first worker to ask takes a file lock and makes the folder; the others wait for the lock and reuse it.
    `make` returns "" when all went well, or the problem in words: it is recorded, so that every worker reports the
    same failure instead of trying again.
    """
    shared = run_folder(tmp_path_factory)
    folder, outcome = shared / name, shared / f"{name}.resultat.json"
    with FileLock(str(shared / f"{name}.lock")):
        if not outcome.exists():
            outcome.write_text(json.dumps({"probleme": make(folder)}), encoding="utf-8")
    return folder, json.loads(outcome.read_text(encoding="utf-8"))["probleme"]


# ---------------------------------------------------------------- pages of the built site


def french_pages(site: Path) -> list[Path]:
    """Every page of the French site (not the other languages, not the assets)."""
    return [p for p in sorted(site.rglob("index.html")) if p.relative_to(site).parts[0] not in {*OTHER_LOCALES, "search", "assets"}]


def is_partners_page(site: Path, page: Path) -> bool:
    """A page of the partners (partenaires/): made and built in French only (guide/langues/locales.py, default_language_only)."""
    return page.relative_to(site).parts[0] == "partenaires"


def locale_pages(site: Path, locale: str) -> list[str]:
    """Every HTML page of one locale, as paths relative to the site root ("fiches/x/", "404.html"…)."""
    root = site if locale == "fr" else site / locale
    pages = []
    for page in sorted(root.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if locale == "fr" and relative.split("/")[0] in OTHER_LOCALES:
            continue
        pages.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return pages


def page_file(site: Path, path: str) -> Path:
    """The HTML file of a page path ("" for the home page, "fiches/x/", "404.html")."""
    return site / path if path.endswith(".html") else site / path / "index.html"


def pages_by_kind(paths: list[str], locale: str) -> dict[str, list[str]]:
    """Pages grouped by kind: their first folder (fiches, imprimer, je-cherche…), or « pages » for the others; the pages
    of the review lists (partenaires/relire-<langue>/ and its pages 2, 3…, all from review.jinja.md) are a kind of their own."""
    prefix = "" if locale == "fr" else f"{locale}/"
    groups: dict[str, list[str]] = {}
    for path in paths:
        rest = path[len(prefix) :]
        kind = REVIEW_KIND if rest.startswith("partenaires/relire-") else rest.split("/")[0] if "/" in rest.rstrip("/") else "pages"
        groups.setdefault(kind, []).append(path)
    return groups


def spread(paths: list[str], count: int) -> list[str]:
    """`count` pages spread evenly over a sorted list, first and last included (the same pages on every run); one: the first."""
    if len(paths) <= count:
        return paths
    if count <= 1:
        return paths[:count]
    step = (len(paths) - 1) / (count - 1)
    return [paths[round(i * step)] for i in range(count)]


def complete_run() -> bool:
    """GUIDE_COMPLET=1 (or, as before, GUIDE_AXE_TOUT=1): the checks that read many pages read them all, not a sample.

    The README's command checks a sample, so that the whole suite fits in CI's ten minutes on two cores; the forge runs
    the complete suite every night (.github/workflows/nuit.yml)."""
    return os.environ.get("GUIDE_COMPLET") == "1" or os.environ.get("GUIDE_AXE_TOUT") == "1"


PER_KIND = 1  # spread pages (the first) of each kind made from one template, in each language other than French: the same
# templates as in French, whose variants covering() takes anyway (with the longest page of the kind)
PER_KIND_FR = 3  # in French: the first, the middle one and the last
UNIQUE_KINDS = ("pages", "partenaires")  # pages each its own (home, à propos…; the partners' form, report and field pages)
WHOLE_LOCALES = ("fr", "ar")  # where those are all taken: French, and the right-to-left layout; elsewhere they are sampled too
# Kinds made in French only (the partners' pages: scope "default" of guide/rendu/plan.py): not built under the other
# languages (guide_mkdocs/i18n.py; tests/test_languages.py), checked in French only.
REVIEW_KIND = "relire"  # the translators' review lists: one template, cut into pages of 100 rows (guide/langues/review.py)
FRENCH_ONLY_KINDS = ("partenaires", REVIEW_KIND)

_TAG = re.compile(r"<([a-z][a-z0-9-]*)\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')


def page_features(html: str) -> frozenset[str]:
    """What the article of a page is made of: each element, each element.class, each attribute, and the values that change
    how a page reads (lang, dir, role, type; the kind of address of href and src: tel, mailto, https, #, relative)."""
    found = set()
    for tag, attributes in _TAG.findall(html.split("<article", 1)[-1]):
        found.add(tag)
        for name, value in _ATTRIBUTE.findall(attributes):
            if name == "class":
                found.update(f"{tag}.{c}" for c in value.split())
            elif name in ("lang", "dir", "role", "type", "hreflang"):
                found.add(f"{tag}[{name}={value}]")
            elif name in ("href", "src"):
                kind = value.split(":", 1)[0] if re.match(r"^[a-z]+:", value) else "#" if value.startswith("#") else "relative"
                found.add(f"{tag}[{name}={kind}]")
            else:
                found.add(f"{tag}[{name}]")
    return frozenset(found)


@functools.cache
def features_of(file: Path) -> frozenset[str]:
    """page_features of a built page, read once per run and process: the axe tests, the W3C groups and the sample's own
    test all ask for the same pages' samples (a site is built once per run and never changes during it)."""
    return page_features(file.read_text(encoding="utf-8"))


def greedy_cover(traits: dict[str, frozenset | set], start: Iterable[str] = ()) -> list[str]:
    """Keys (in their order) that together have every trait any key has: `start`, then the key adding most traits, and so on
    (the first of equals: the same on every run)."""
    chosen = set(start)
    seen = set().union(*(traits[key] for key in chosen))
    while missing := {key: traits[key] - seen for key in traits if traits[key] - seen}:
        best = max(missing, key=lambda key: len(missing[key]))
        chosen.add(best)
        seen |= traits[best]
    return [key for key in traits if key in chosen]


def covering(site: Path, paths: list[str]) -> list[str]:
    """Few pages that together show every feature (page_features) any page of the list has, chosen greedily (the same on
    every run): every variant of the template that data makes (a fiche with hours, without a phone, in French inside
    Arabic…) is in the sample, whatever the number of pages."""
    return greedy_cover({path: features_of(page_file(site, path)) for path in paths})


def longest(site: Path, paths: list[str], count: int = 1) -> list[str]:
    """The `count` pages with the most text (the first to overflow a printed A4 or a narrow screen)."""
    return sorted(paths, key=lambda path: (-page_file(site, path).stat().st_size, path))[:count]


def sample_of(site: Path, group: list[str], count: int) -> list[str]:
    """A sample of pages of one kind: a spread of `count` (first and last included), the pages that cover every feature,
    and the longest; in the list's order."""
    if len(group) <= 2 * count:
        return group
    taken = {*spread(group, count), *covering(site, group), *longest(site, group)}
    return [path for path in group if path in taken]


def sample_pages(site: Path, locale: str, everything: bool | None = None) -> list[str]:
    """The pages checked by axe-core and by the W3C validator: in French and Arabic, every hand-written page; of each kind
    made from one template per record (fiches, organisations, Je cherche…), and of the hand-written pages in the other
    languages (translations of the same pages), sample_of() with 3 spread pages in French (first, middle, last) and the first in the other languages.
    GUIDE_COMPLET=1 gives every page of the locale."""
    paths = locale_pages(site, locale)
    if complete_run() if everything is None else everything:
        return paths
    count = PER_KIND_FR if locale == "fr" else PER_KIND
    whole = UNIQUE_KINDS if locale in WHOLE_LOCALES else ()
    return [path for kind, group in pages_by_kind(paths, locale).items() for path in (group if kind in whole else sample_of(site, group, count))]


# ---------------------------------------------------------------- serving, browser and axe-core


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A folder served on the loopback while the block runs; gives its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}


class AxeBrowser:
    """A Chromium driven by Playwright's asyncio API in a thread of its own, for a worker's whole run (fixture `axe`).

    Its asyncio loop never meets the session's synchronous Playwright (the `browser` fixture); it is started once per
    worker, not once per call (about 3 s each time on this machine).
    """

    def __init__(self):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._playwright = self._browser = None
        self._call(self._start())

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    async def _start(self) -> None:
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        self._browser = await self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    async def _stop(self) -> None:
        await self._browser.close()
        await self._playwright.stop()

    def close(self) -> None:
        self._call(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()

    def violations(
        self, server: str, paths: list[str], viewport: dict = PHONE, color_scheme: str = "light", concurrency: int = 3, fit: Collection[str] = ()
    ) -> dict[str, list[str]]:
        """axe-core (WCAG 2.1 A and AA) on each path, `concurrency` tabs at a time: while one waits for its page, another
        runs axe. Returns {path: [violation summaries]} for the pages with violations.

        Each page is read under its own Content-Security-Policy (no bypass): whatever the browser refuses on it (event
        `securitypolicyviolation`, or a « Content Security Policy » message in the console) is a violation too, « CSP : … »
        (tests/test_csp.py: every page axe reads is also a page whose refusals are watched).

        `fit`: the paths whose page must not be wider than the viewport (a reader would have to scroll sideways): each
        wider one is « défile de côté : N px » (tests/test_telephone.py)."""
        assert AXE.is_file(), "axe-core manque : sh scripts/tester.sh l'installe (npm ci)"
        return self._call(self._all(server, paths, viewport, color_scheme, concurrency, frozenset(fit)))

    def page_problems(self, folder: Path, html: str, viewport: dict = PHONE, fit: bool = False) -> list[str]:
        """`violations` of one page written for the occasion (folder/index.html, served from `folder`): what the runner
        finds on it, [] when nothing. For the tests that show a check can fail."""
        (folder / "index.html").write_text(html, encoding="utf-8")
        with serve(folder) as url:
            return self.violations(url, [""], viewport, fit=[""] if fit else ()).get("", [])

    async def _all(self, server: str, paths: list[str], viewport: dict, color_scheme: str, concurrency: int, fit: frozenset) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        queue: asyncio.Queue = asyncio.Queue()
        for path in paths:
            queue.put_nowait(path)
        # No service worker: it does not change the page axe looks at (the search index is only loaded on use).
        context = await self._browser.new_context(viewport=viewport, color_scheme=color_scheme, service_workers="block")
        await context.add_init_script(CSP_WATCH + _axe_script())

        async def worker():
            page = await context.new_page()
            console: list[str] = []
            page.on("console", lambda message: "Content Security Policy" in message.text and console.append(message.text))
            while not queue.empty():
                path = queue.get_nowait()
                await page.goto(server + path, wait_until="load")
                result = await page.evaluate("options => axe.run(document, options)", WCAG)  # refusals are events: queued, then fired by now
                problems = [f"{v['id']} ({len(v['nodes'])}) : {v['nodes'][0]['target']} {v['help']}" for v in result["violations"]]
                problems += [f"CSP : {refusal}" for refusal in [*await page.evaluate("window.__csp"), *console]]
                if path in fit and (width := await page.evaluate("document.documentElement.scrollWidth")) > viewport["width"]:
                    problems.append(f"défile de côté : {width} px pour un écran de {viewport['width']} px")
                console.clear()
                if problems:
                    found[path] = problems

        try:
            await asyncio.gather(*(worker() for _ in range(concurrency)))
        finally:
            await context.close()
        return found


# Every refusal of the page's Content-Security-Policy, recorded as the page opens (an init script runs before the page's own).
CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));
"""


@functools.cache
def _axe_script() -> str:
    return AXE.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the W3C Nu checker, one run for all

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JSON_LD_PAGES = ["fiches/contrat-engagement-jeune/", "en/fiches/rendez-vous-conte/", "ar/fiches/idencite-caem/", "organisations/france-travail/"]


def finder_pages(site: Path, locale: str) -> list[str]:
    """Every « Je cherche… » page of one locale."""
    prefix = "" if locale == "fr" else f"{locale}/"
    return [path for path in locale_pages(site, locale) if path.startswith(f"{prefix}je-cherche/")]


# Kinds of pages that are not for residents' screens: the partners' pages and review lists (wide tables), the sheets and
# booklets made for paper.
NOT_FOR_RESIDENTS_SCREENS = ("partenaires", REVIEW_KIND, "imprimer", "livrets", "assets")


def phone_sweep(site: Path, locale: str) -> tuple[list[str], list[str]]:
    """The pages axe-core reads at phone size in one locale (tests/test_accessibility.py): the sample (sample_pages),
    each step of « Je cherche… » and the pact's list; and among them, those for residents' screens, which must not
    scroll sideways (tests/test_telephone.py)."""
    prefix = "" if locale == "fr" else f"{locale}/"
    paths = sample_pages(site, locale)
    paths += [path for path in [*finder_steps(locale), f"{prefix}suivi-du-pacte/"] if path not in paths]
    fit = [path for kind, group in pages_by_kind(paths, locale).items() if kind not in NOT_FOR_RESIDENTS_SCREENS for path in group]
    return paths, fit


def finder_steps(locale: str) -> list[str]:
    """Five « Je cherche… » pages of one locale, one per step: the first question, a situation question, a need question
    and two result pages (axe-core reads them with the sample, whatever the sample takes)."""
    prefix = "" if locale == "fr" else f"{locale}/"
    steps = ["", "18-25-ans/", "parents/parent-jeune-enfant/", "parents/parent-jeune-enfant/enfants-parentalite/", "18-25-ans/sans-emploi-ni-formation/emploi/"]
    return [f"{prefix}je-cherche/{step}" for step in steps]


def w3c_groups(site: Path) -> dict[str, list[str]]:
    """The pages that tests validate with the W3C Nu checker, by test: all of them are checked in one JVM run.

    - « echantillon » (test_accessibility) : the sample of every kind in every language (every page with GUIDE_COMPLET=1);
    - « je-cherche » (test_je_cherche) : the « Je cherche… » pages of every language: the same sample, with twice as many
      spread pages (every one with GUIDE_COMPLET=1);
    - « json-ld » (test_donnees_ouvertes) : pages with schema.org JSON-LD in three languages.
    """
    finder = [path for locale in ALL_LOCALES for path in (finder_pages(site, locale) if complete_run() else sample_of(site, finder_pages(site, locale), 8))]
    return {
        "echantillon": [path for locale in ALL_LOCALES for path in sample_pages(site, locale)],
        "je-cherche": finder,
        "json-ld": JSON_LD_PAGES,
    }


def run_w3c(site: Path, paths: list[str]) -> dict:
    """One run of the W3C Nu checker (errors only) on the given pages: {"pages": […], "erreurs": {path: [..]}, "probleme": ""}."""
    files = {str(page_file(site, path).resolve()): path for path in paths}
    missing = [path for file, path in files.items() if not Path(file).is_file()]
    if missing:
        return {"pages": [], "erreurs": {}, "probleme": f"pages absentes du site : {missing[:10]}"}
    if not VNU.is_file():
        return {"pages": [], "erreurs": {}, "probleme": "vnu.jar manque : sh scripts/tester.sh l'installe (npm ci)"}
    # The JVM's quick compiler only (C1) and one garbage-collector thread: a run of a few hundred pages takes half the
    # processor time the optimising compiler would spend warming up. C1's frames are larger: the checker then asks for
    # a bigger thread stack than the default (it says so, and stops, below 512 KB).
    java = ["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    run = subprocess.run([*java, "-jar", str(VNU), "--errors-only", "--format", "json", *sorted(files)], capture_output=True, text=True)
    try:
        messages = json.loads(run.stderr)["messages"]
    except (ValueError, KeyError):
        return {
            "pages": [],
            "erreurs": {},
            "probleme": f"le validateur n'a pas répondu en JSON (code {run.returncode}) : {run.stdout[-2000:]} {run.stderr[-2000:]}",
        }
    errors: dict[str, list[str]] = {}
    for message in messages:
        url = message.get("url", "?")
        path = files.get(unquote(url.removeprefix("file:")), url)
        errors.setdefault(path, []).append(f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')} {message['type']} : {message['message']}")
    if run.returncode != 0 and not errors:
        return {"pages": [], "erreurs": {}, "probleme": f"le validateur a échoué (code {run.returncode}) : {run.stderr[-2000:]}"}
    return {"pages": sorted(set(paths)), "erreurs": errors, "probleme": ""}


class W3CReport:
    """The W3C Nu checker's answer for every page of w3c_groups (see the `w3c` fixture)."""

    def __init__(self, report: dict, groups: dict[str, list[str]]):
        self.report, self.groups = report, groups

    def errors(self, group: str) -> dict[str, list[str]]:
        """The errors on the pages of one group; fails if the run failed or left a page of the group out."""
        assert not self.report["probleme"], self.report["probleme"]
        unknown = set(self.report["erreurs"]) - set(self.report["pages"])
        assert not unknown, f"erreurs sur des adresses que le validateur n'a pas rendues comme ses pages : {sorted(unknown)}"
        pages = self.groups[group]
        assert pages and set(pages) <= set(self.report["pages"]), "des pages du groupe n'ont pas été validées"
        return {path: self.report["erreurs"][path] for path in pages if path in self.report["erreurs"]}


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


# ---------------------------------------------------------------- right-to-left text


class RightToLeftText(HTMLParser):
    """The text a reader sees as right-to-left Arabic: outside parts marked ltr or in another language, phone links,
    <bdi>, <code>, scripts, styles and icons."""

    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self, lang: str = "ar"):
        super().__init__(convert_charrefs=True)
        self.lang, self.stack, self.texts = lang, [], []

    def handle_starttag(self, tag, attrs):
        if tag in self._VOID:
            return
        a = dict(attrs)
        skip = (
            tag in ("script", "style", "svg", "bdi", "code")
            or a.get("dir") == "ltr"
            or a.get("lang") not in (None, self.lang)
            or (tag == "a" and (a.get("href") or "").startswith("tel:"))
        )
        self.stack.append((tag, skip or (self.stack[-1][1] if self.stack else False)))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.texts.append(data)

    @classmethod
    def of(cls, html: str, lang: str = "ar") -> list[str]:
        parser = cls(lang)
        parser.feed(html)
        return parser.texts


# ---------------------------------------------------------------- search (partials/guide-recherche.html, docs/assets/recherche.js)


def search(page, query: str, timeout: float = 30.0, typed: bool = True) -> list[str]:
    """Open the search of the page, type `query` as a reader would, wait for the answer; the result addresses, in order.

    typed=False pastes the whole query at once (one search instead of one a key): for the tables of queries, which check
    what is found; every other search of the tests is typed key by key, late answers to earlier keys included."""
    if not page.evaluate("document.getElementById('guide-recherche').open"):
        page.locator("[data-recherche-ouvrir]").click()
    field = page.locator("#guide-recherche-champ")
    field.fill("")
    if typed:
        field.press_sequentially(query)
    else:
        field.fill(query)
    # The status says how many fiches were found (or that none were, or an error) once the last keystroke is answered.
    wait_for(
        page,
        "q => { const s = document.querySelector('[data-recherche-etat]').textContent; const d = document.getElementById('guide-recherche').dataset;"
        " return document.getElementById('guide-recherche-champ').value === q && s !== '' && s !== d.chargement; }",
        query,
        timeout,
    )
    if typed:
        page.wait_for_timeout(150)  # a late answer to an earlier keystroke is dropped by recherche.js (ticket); let it settle
    return page.eval_on_selector_all("[data-recherche-liste] a", "els => els.map(e => new URL(e.href).pathname)")


# What OpenStreetMap opening-hours code looks like in a page: a time range or open end (09:00-12:00, 10:00+), a week selector,
# 24/7 (tests/test_horaires.py, tests/test_horaires_site.py: the site says hours in words, never in code).
OSM_CODE = re.compile(r"\b\d\d:\d\d(?:-\d\d:\d\d|\+)|\bweek ?\d\d|\b24/7\b")
# ---------------------------------------------------------------- hostile files (tests/test_robustesse.py, tests/test_robustesse_fuzz.py)


def data_folder(folder: Path, schemes: str) -> Path:
    """A data folder: this schemes.yaml and the project's interface strings (no translation); the path of schemes.yaml."""
    import shutil

    (folder / "interface").mkdir(parents=True, exist_ok=True)
    for path in INTERFACE_DIR.glob("*.yaml"):
        shutil.copyfile(path, folder / "interface" / path.name)
    (folder / "schemes.yaml").write_text(schemes, encoding="utf-8")
    return folder / "schemes.yaml"


def corpus_file(entry: dict) -> str:
    """An entry of the section « fichiers-hostiles » of attaques.yaml as a file: `contenu`, or `avant` + `motif` × `fois` + `apres`,
    or the fixture with `remplacer` replaced by `par` (or by avant + motif × fois + apres)."""
    made = entry.get("avant", "") + entry["motif"] * entry["fois"] + entry.get("apres", "") if "motif" in entry else None
    if "remplacer" in entry:
        text = minimal_text()
        assert text.count(entry["remplacer"]) == 1, entry["remplacer"]
        return text.replace(entry["remplacer"], entry["par"] if made is None else made)
    return entry["contenu"] if made is None else made


def run_entry_point(kind: str, content: str, folder: Path) -> tuple[int, str]:
    """Give a file of this kind to the entry point that reads it, in this process; return (exit code, everything printed).

    schemes, interface, traduction, recherche: `python -m guide check`, then the build's first step (`snapshot`, what
    `mkdocs build` does first); glossaire: the glossary loader; lisibilite: `python -m guide lisibilite`; structures,
    services: the importer's reading of an export; propositions: `importer --appliquer` on the fixture.
    An exception is not caught: the test sees it.
    """
    import contextlib
    import io

    from guide import importer
    from guide.__main__ import main
    from guide.build import DataErrors, snapshot
    from guide.langues.glossary import load_glossary

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        if kind in ("schemes", "interface", "traduction", "recherche"):
            path = data_folder(folder, content if kind == "schemes" else minimal_text())
            target = {"interface": "interface/en.yaml", "traduction": "translations/facile.yaml", "recherche": "recherche/fr.yaml"}.get(kind)
            if target:
                (folder / target).parent.mkdir(exist_ok=True)
                (folder / target).write_text(content, encoding="utf-8")
            code = main(["check", str(path)])
            try:
                snapshot([{"locale": "fr", "default": True, "build": True}], "/", ROOT / "docs", data=path, epoch="1700000000")
                print("SITE CONSTRUIT SANS ERREUR")
            except DataErrors as errors:
                print(errors)
                code = max(code, 1)
        elif kind == "glossaire":
            (folder / "en.yaml").write_text(content, encoding="utf-8")
            _, problems = load_glossary("en", folder)
            print("\n".join(p.format() for p in problems))
            code = 1 if problems else 0
        elif kind == "lisibilite":
            (folder / "facile.yaml").write_text(content, encoding="utf-8")
            code = main(["lisibilite", str(folder / "facile.yaml")])
        elif kind in ("structures", "services"):
            export = folder / "export"
            export.mkdir(exist_ok=True)
            other = "services" if kind == "structures" else "structures"
            (export / f"{kind}.json").write_text(content, encoding="utf-8")
            (export / f"{other}.json").write_text("[]", encoding="utf-8")
            lecture = importer.lire_export(export, ["25056"])
            print("\n".join(lecture.problemes))
            code = 1 if lecture.problemes else 0
        elif kind == "propositions":
            (folder / "propositions.yaml").write_text(content, encoding="utf-8")
            done = importer.appliquer(folder / "propositions.yaml", minimal_text())
            print("\n".join(done.refusees))
            code = 1 if done.refusees else 0
        else:
            raise ValueError(f"sorte de fichier inconnue : {kind}")
    return code, out.getvalue()


# ---------------------------------------------------------------- the project's data, or a copy of it (marker `donnees`)

# The tests marked `donnees` read the project's data: data/ of the repository, or the copy named by GUIDE_DATA (its schemes.yaml,
# with translations/, interface/, glossaire/ and recherche/ beside it), e.g. a copy with a partner's edits (tests/test_partenaires.py).
REAL_DATA = Path(os.environ.get("GUIDE_DATA") or ROOT / "data" / "schemes.yaml").resolve()
REAL_DATA_DIR = REAL_DATA.parent


def real_day() -> dt.date:
    """The day the project's data is checked on: today (GUIDE_DATE if set), never the fixtures' fixed day: a partner's
    verification dated today is not « dans le futur »."""
    from guide.validate import today

    return today()


def partner_copy(folder: Path, day: dt.date | None = None) -> Path:
    """A copy of data/ under folder/data with the edits a partner makes (issue 28); the path of its schemes.yaml.

    - the CEJ fiche confirmed today by the Mission locale, by phone;
    - a local address, with its source (the page of the Ville, read today), on the maison de quartier where services take place;
    - the Mission locale's phone number, given by the Mission locale itself today (the field's provenance); a number from the
      range kept for fiction (01 99 00), as the data·inclusion fixture's, but not the one that export has for it;
    - a new service, without any Facile à lire, English or Arabic text;
    - the Arabic summary of the CEJ rewritten by a person, not yet reviewed (statut brouillon).
    docs/ is linked beside it (the data names audio files and hand-written pages of docs/).
    """
    import shutil

    day = (day or real_day()).isoformat()
    data = folder / "data"
    shutil.copytree(ROOT / "data", data)
    if not (folder / "docs").exists():
        (folder / "docs").symlink_to(ROOT / "docs", target_is_directory=True)

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{path.name} : « {old} » doit apparaître une seule fois pour y faire la modification du partenaire"
        path.write_text(text.replace(old, new), encoding="utf-8")

    schemes = data / "schemes.yaml"
    cej = "    owner: mission-locale\n\n  - id: ecole-de-la-deuxieme-chance\n"
    verified = f'    owner: mission-locale\n    verification: {{date: "{day}", par: mission-locale, moyen: appel}}\n\n  - id: ecole-de-la-deuxieme-chance\n'
    edit(schemes, cej, verified)
    edit(
        schemes,
        "\n  # Pages officielles des services et dispositifs nationaux",
        f"\n  - id: page-maison-de-quartier-planoise\n    titre: Ville de Besançon, page de la maison de quartier de Planoise\n"
        f'    url: https://www.besancon.fr/maison-de-quartier-planoise\n    date: "{day}"\n\n  # Pages officielles des services et dispositifs nationaux',
    )
    edit(
        schemes,
        '    source: {document: pacte-planoise-2023, article: 9, date: "2023-01-31"}\n    note: On y trouve l\'espace de paroles',
        "    adresse: 1 rue de l'Exemple\n"
        '    source: {document: pacte-planoise-2023, article: 9, date: "2023-01-31"}\n'
        f'    provenance:\n      adresse: {{document: page-maison-de-quartier-planoise, date: "{day}"}}\n'
        "    note: On y trouve l'espace de paroles",
    )
    edit(schemes, "    sigle: MILO\n", '    sigle: MILO\n    telephone: "01 99 00 85 85"\n')
    edit(
        schemes,
        "    owner: mission-locale\n    note: Le pacte ne donne ni le nom exact",
        f'    provenance:\n      telephone: {{organisation: mission-locale, moyen: appel, date: "{day}"}}\n'
        "    owner: mission-locale\n    note: Le pacte ne donne ni le nom exact",
    )
    edit(
        schemes,
        "services:\n",
        "services:\n"
        "  - id: atelier-cv-planoise\n"
        "    nom: Atelier CV de Planoise\n"
        "    resume: Un atelier pour écrire votre CV avec un conseiller.\n"
        "    description: Un conseiller vous aide à écrire votre CV et votre lettre. Venez avec vos papiers.\n"
        "    thematique: emploi-insertion\n"
        "    besoins: [emploi]\n"
        "    etat: en-place\n"
        "    publics: [jeunes]\n"
        "    frais: gratuit\n"
        "    etapes:\n"
        "      - Appelez la Mission locale pour vous inscrire.\n"
        "      - Venez à l'atelier avec vos papiers.\n"
        "    organisations: [mission-locale]\n"
        "    mesures: [mesure-20]\n"
        '    source: {document: pacte-planoise-2023, article: 2, date: "2023-01-31"}\n'
        "    owner: mission-locale\n\n",
    )
    arabic = data / "translations" / "ar.yaml"
    text = arabic.read_text(encoding="utf-8")
    start = text.index("  contrat-engagement-jeune:\n    nom:")
    old = text[start : text.index("    description:", start)]
    new = old.replace("statut: automatique", "statut: brouillon", 2).replace(
        "traduction automatique (un outil) : personne de langue arabe ne l'a relue", "traduit par une médiatrice de langue arabe, pas encore relu", 2
    )
    new = new.replace("statut: brouillon", "statut: automatique", 1).replace(
        "traduit par une médiatrice de langue arabe, pas encore relu", "traduction automatique (un outil) : personne de langue arabe ne l'a relue", 1
    )  # the name stays automatic: only the summary is the person's draft
    arabic.write_text(text[:start] + new + text[start + len(old) :], encoding="utf-8")
    return schemes
