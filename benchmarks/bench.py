"""Mesures de performance du guide : un script qui affiche des chiffres (pas un test).

    .venv/bin/python benchmarks/bench.py                  # poids des pages + construction réelle + 100 et 1 000 services
    .venv/bin/python benchmarks/bench.py --tailles 100 1000 5000
    .venv/bin/python benchmarks/bench.py --lighthouse      # ajoute Lighthouse (npm ci d'abord ; Chromium de Debian)
    .venv/bin/python benchmarks/bench.py --sans-poids --sans-reference --tailles 500 5000   # passage à l'échelle

Il affiche :
- pour l'accueil et une fiche de chaque langue : octets HTML (brut et gzip), octets transférés à la
  première visite et nombre de requêtes (mesurés dans Chromium), puis les octets de la première recherche
  (tout ce que la page télécharge pour montrer les premiers résultats), comparés aux budgets ;
- la construction : données réelles, puis des jeux synthétiques de N services × toutes les langues
  (fabriqués par le script dans un dossier temporaire, jamais enregistrés), avec secondes, pages par
  seconde et mémoire maximale, comparés à MkDocs + Material + mkdocs-static-i18n seuls (5 langues, recherche de Material) construisant
  le même Markdown (pages écrites à la main et pages générées par le guide, écrites sur disque pour l'occasion).
"""

from __future__ import annotations

import argparse
import copy
import functools
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import types
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["fr", "facile", "en", "ar", "swb"]
FICHE = "fiches/contrat-engagement-jeune/"
# Budgets (issue 16) : première visite d'une fiche, son HTML, première recherche ; en Ko gzip.
BUDGET_FIRST_VIEW, STRETCH_FIRST_VIEW, BUDGET_HTML, BUDGET_FIRST_SEARCH = 80, 60, 14, 60
QUERIES = {"fr": "pole emploi", "facile": "creche", "en": "job", "ar": "حضانة", "swb": "CEJ"}


# ---------------------------------------------------------------- builds


def _run_build(config: Path, site: Path, env: dict | None = None) -> tuple[float, float, int, float]:
    """Build once in a child process; return (seconds, peak memory in MB, pages written, seconds of processor).

    The processor time (user + system, programs it launched included, like Pagefind) depends far less on the
    load of a shared machine than the elapsed time.
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"construction échouée : {process.stderr.read().decode()[-2000:]}")
    pages = sum(1 for _ in site.rglob("*.html"))
    return seconds, usage.ru_maxrss / 1024, pages, usage.ru_utime + usage.ru_stime


def _load_config():
    """The project's mkdocs.yml as MkDocs itself reads it (`!ENV` included)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


class _Dumper(yaml.SafeDumper):
    """Writes a function of the configuration (Material's emoji index…) back as MkDocs reads it: !!python/name:…"""


_Dumper.add_multi_representer(types.FunctionType, lambda d, f: d.represent_scalar(f"tag:yaml.org,2002:python/name:{f.__module__}.{f.__qualname__}", ""))


def _write_config(config: dict, work: Path) -> Path:
    path = work / "mkdocs.yml"
    path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class _NoAliases(yaml.SafeDumper):
    """Writes a value shared by several clones in full each time: the guide refuses YAML aliases."""

    def ignore_aliases(self, data):
        return True


def _synthetic_data(work: Path, services: int) -> Path:
    """data/ with N services (copies of the real ones under new ids) and matching translations."""
    data = work / "data"
    shutil.copytree(ROOT / "data", data)
    scheme = yaml.safe_load((data / "schemes.yaml").read_text(encoding="utf-8"))
    real = scheme["services"]
    clones = []
    for i in range(services):
        record = copy.deepcopy(real[i % len(real)])
        if i >= len(real):  # the real ones keep their ids: search words, relays and measures still point at them
            record["id"] = f"{record['id']}-{i}"
        clones.append(record)
    scheme["services"] = clones
    (data / "schemes.yaml").write_text(yaml.dump(scheme, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in (data / "translations").glob("*.yaml"):
        translated = yaml.safe_load(path.read_text(encoding="utf-8"))
        originals = translated.get("services", {})
        origin = {c["id"]: real[i % len(real)]["id"] for i, c in enumerate(clones)}
        translated["services"] = {c["id"]: originals[origin[c["id"]]] for c in clones if origin[c["id"]] in originals}
        path.write_text(yaml.dump(translated, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data / "schemes.yaml"


# The upstream i18n plugin accepts 2-letter codes only: the plain build files our other locales under these.
_PLAIN_CODES = {"fr": "fr", "facile": "es", "en": "en", "ar": "ar", "swb": "de"}


def _plain_config(work: Path, docs: Path, data: Path | None) -> Path:
    """Plain MkDocs + Material + mkdocs-static-i18n (5 languages, Material's own search) building the guide's Markdown.

    The pages are the very Markdown the guide builds (hand-written pages, and the generated ones written to disk),
    with the same Markdown extensions, nav and languages, and the same pages (benchmarks/reference_pages.py: no copy of the
    French-only pages in the other languages): the difference between the two builds is what the guide
    adds (validation, generated pages, its templates, notices, CSP, Pagefind, open data), not a lighter content.
    """
    from guide.build import snapshot
    from guide.langues.locales import default_language_only

    config = _load_config()
    languages = [dict(lang) for lang in config.plugins["guide-i18n"].config.languages]
    plain_docs = work / "docs"
    shutil.copytree(docs, plain_docs)
    made = snapshot(languages, "/", docs, data=data) if data else snapshot(languages, "/", docs)
    for page in made.pages.values():
        target = plain_docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")
    for path in list(plain_docs.rglob("*.md")):
        parts = path.name.split(".")
        if len(parts) == 3 and parts[1] in _PLAIN_CODES:
            path.rename(path.with_name(f"{parts[0]}.{_PLAIN_CODES[parts[1]]}.md"))
    plain_languages = [
        {"locale": _PLAIN_CODES[lang["locale"]], "name": lang["name"], "build": True, "default": bool(lang.get("default"))} for lang in languages
    ]
    plain = {
        "site_name": "Plain",
        "site_url": "https://plain.invalid/",
        "docs_dir": str(plain_docs),
        "theme": {"name": "material", "font": False, "language": "fr"},
        "plugins": ["search", {"i18n": {"docs_structure": "suffix", "fallback_to_default": True, "languages": plain_languages}}],
        # The pages the guide makes in French only get no copy in the other languages there: the same pages here.
        "hooks": [str(Path(__file__).resolve().parent / "reference_pages.py")],
        "extra": {"default_language_only": sorted(default_language_only(made.pages, [lang["locale"] for lang in languages]))},
        "markdown_extensions": [{name: config.mdx_configs[name]} if name in config.mdx_configs else name for name in config.markdown_extensions],
        "nav": config.nav,
        "not_in_nav": "\n".join(pattern.pattern for pattern in config.not_in_nav.patterns),
    }
    return _write_config(plain, work)


def bench_builds(sizes: list[int], reference: bool = True, real: bool = True) -> list[tuple]:
    """Guide build vs plain MkDocs + Material + mkdocs-static-i18n on the same Markdown, real data and synthetic sizes."""
    rows = []
    for label, services in [*([("données réelles", None)] if real else []), *[(f"{n} services", n) for n in sizes]]:
        with tempfile.TemporaryDirectory() as scratch:
            work = Path(scratch)
            docs = work / "docs"
            shutil.copytree(ROOT / "docs", docs)
            data = _synthetic_data(work, services) if services else None
            env = {"GUIDE_DATA": str(data)} if data else {}
            seconds, memory, pages, cpu = _run_build(ROOT / "mkdocs.yml", work / "site", env)  # the project's docs/, equal to the copy
            if not reference:
                rows.append((label, pages, seconds, pages / seconds, memory, cpu))
                print(
                    f"  {label:16} {pages:6} pages  {seconds:7.1f} s  {1000 * seconds / pages:6.1f} ms/page"
                    f"  processeur {cpu:7.1f} s  {1000 * cpu / pages:6.1f} ms/page  {memory:6.0f} Mo",
                    flush=True,
                )
                continue
            plain_work = work / "plain"
            plain_work.mkdir()
            plain_seconds, plain_memory, plain_pages, _ = _run_build(_plain_config(plain_work, docs, data), plain_work / "site")
            rows.append((label, pages, seconds, pages / seconds, memory, plain_seconds, plain_pages / plain_seconds, seconds / plain_seconds))
            print(
                f"  {label:16} {pages:6} pages  {seconds:7.1f} s  {pages / seconds:6.1f} pages/s  {memory:6.0f} Mo"
                f"  | MkDocs + Material + i18n seuls, même Markdown : {plain_pages:6} pages, {plain_seconds:6.1f} s,"
                f" {plain_memory:6.0f} Mo  | rapport {seconds / plain_seconds:4.2f}",
                flush=True,
            )
    return rows


# ---------------------------------------------------------------- page weight


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def bench_weight(site: Path) -> None:
    """Bytes and requests of a first visit, per locale, measured in Chromium."""
    from playwright.sync_api import sync_playwright

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    print(f"  {'page':42} {'HTML':>8} {'HTML gz':>8} {'1re visite':>11} {'gz':>9} {'requêtes':>9} {'échecs':>7}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for locale in LOCALES:
            prefix = "" if locale == "fr" else f"{locale}/"
            for path in ["", FICHE]:
                context = browser.new_context(viewport={"width": 360, "height": 740})
                page = context.new_page()
                responses, failed = [], []
                page.on("response", lambda r, responses=responses: responses.append(r))
                page.on("requestfailed", lambda r, failed=failed: failed.append(r.url))
                page.goto(base + prefix + path, wait_until="networkidle")
                raw, gz = _bytes(responses)
                failed += [r.url for r in responses if r.status >= 400]
                html = (site / prefix / path / "index.html").read_bytes()
                html_gz = len(gzip.compress(html, 9)) / 1024
                line = (
                    f"  {prefix + path or '/':42} {len(html) / 1024:7.1f}k {html_gz:7.1f}k"
                    f" {raw / 1024:10.1f}k {gz / 1024:8.1f}k {len(responses):9} {len(failed):7}"
                )
                if path == FICHE:
                    seen = len(responses)
                    page.locator("[data-recherche-ouvrir]").click()
                    page.locator("#guide-recherche-champ").press_sequentially(QUERIES[locale])
                    page.wait_for_selector("[data-recherche-liste] a", timeout=30000)
                    page.wait_for_timeout(500)
                    _, search_gz = _bytes(responses[seen:])
                    verdict = "atteint" if gz / 1024 <= BUDGET_FIRST_VIEW and html_gz <= BUDGET_HTML else "NON ATTEINT"
                    verdict += " ; ≤ 60 : " + ("oui" if gz / 1024 <= STRETCH_FIRST_VIEW else "non")
                    line += f"  | 1re recherche « {QUERIES[locale]} » {search_gz / 1024:6.1f}k ({len(responses) - seen} req.)"
                    line += f" ; budgets 80/14/60 : visite {verdict}, recherche {'atteint' if search_gz / 1024 <= BUDGET_FIRST_SEARCH else 'NON ATTEINT'}"
                print(line)
                context.close()
        browser.close()
    httpd.shutdown()
    print("  index complet de chaque langue (gardé par le service worker après la 1re recherche) : " + ", ".join(_indexes(site)))


def _bytes(responses) -> tuple[int, int]:
    """Raw and gzip bytes of responses; Pagefind's files are already gzip (counted as they are)."""
    raw = gz = 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # redirects have no body
            continue
        raw += len(body)
        gz += len(body) if body[:2] == b"\x1f\x8b" else len(gzip.compress(body, 9))
    return raw, gz


def _indexes(site: Path):
    for locale in LOCALES:
        folder = site / ("" if locale == "fr" else locale) / "pagefind"
        yield f"{locale} {sum(p.stat().st_size for p in folder.rglob('*') if p.is_file()) / 1024:.0f}k"


# ---------------------------------------------------------------- Lighthouse


class _Gzipped(SimpleHTTPRequestHandler):
    """Serves the site compressed like a static host (gzip for text, Pagefind's files already compressed)."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        packed = kind.startswith(("text/", "application/javascript", "application/json", "image/svg", "application/xml", "application/manifest"))
        if packed and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "max-age=600")
        if packed and "gzip" in self.headers.get("Accept-Encoding", ""):
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


LIGHTHOUSE_PAGES = ["", FICHE, "je-cherche/"]


def bench_lighthouse(site: Path) -> None:
    """Lighthouse 12 (package.json), mobile, on the home page, a fiche and the finder, in French and Arabic."""
    import json

    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print("  Lighthouse absent : lancer `npm ci` d'abord.")
        return
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzipped, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    categories = ["performance", "accessibility", "best-practices", "seo"]
    print(f"  {'page':42} " + " ".join(f"{c[:13]:>13}" for c in categories))
    with tempfile.TemporaryDirectory() as scratch:
        for prefix in ["", "ar/"]:
            for path in LIGHTHOUSE_PAGES:
                report = Path(scratch) / "rapport.json"
                subprocess.run(
                    [str(binary), base + prefix + path, "--quiet", "--output=json", f"--output-path={report}", "--only-categories=" + ",".join(categories)]
                    + ["--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                    env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                    check=False,
                    capture_output=True,
                )
                if not report.exists():
                    print(f"  {prefix + path or '/':42} échec de Lighthouse")
                    continue
                result = json.loads(report.read_text(encoding="utf-8"))
                scores = [result["categories"][c]["score"] for c in categories]
                failing = [a for a, v in result["audits"].items() if v.get("score") is not None and v["score"] < 1 and v.get("scoreDisplayMode") == "binary"]
                print(
                    f"  {prefix + path or '/':42} " + " ".join(f"{(s or 0) * 100:13.0f}" for s in scores) + (f"  ({', '.join(failing[:6])})" if failing else "")
                )
                report.unlink()
    httpd.shutdown()
    print("  cibles : accessibilité, bonnes pratiques et SEO 100, performance ≥ 95")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tailles", type=int, nargs="*", default=[100, 1000], help="nombres de services des jeux synthétiques (ex. 100 1000 5000)")
    parser.add_argument("--lighthouse", action="store_true", help="mesurer aussi avec Lighthouse (mobile, site servi en gzip)")
    parser.add_argument("--site", type=Path, help="un site déjà construit (sinon : construit ici)")
    parser.add_argument("--sans-construction", action="store_true", help="ne pas mesurer les constructions")
    parser.add_argument("--sans-reference", action="store_true", help="ne construire que le guide (pas MkDocs seul) : pour les grandes tailles")
    parser.add_argument("--sans-donnees-reelles", action="store_true", help="ne pas construire les données réelles (jeux synthétiques seuls)")
    parser.add_argument("--sans-poids", action="store_true", help="ne pas mesurer le poids des pages (constructions seules)")
    args = parser.parse_args()
    if not args.sans_poids:
        with tempfile.TemporaryDirectory() as scratch:
            _weights(args, Path(scratch))
    if not args.sans_construction:
        print("Construction (toutes les langues) :")
        bench_builds(args.tailles, reference=not args.sans_reference, real=not args.sans_donnees_reelles)


def _weights(args: argparse.Namespace, scratch: Path) -> None:
    site = args.site or scratch / "site"
    if not args.site:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True)
    print("Poids d'une première visite (téléphone 360 px ; gz = taille compressée gzip -9) :")
    bench_weight(site)
    if args.lighthouse:
        print("Lighthouse 12.2.3, mobile, site servi en gzip :")
        bench_lighthouse(site)


if __name__ == "__main__":
    main()
