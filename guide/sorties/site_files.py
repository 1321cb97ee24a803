"""Après la construction : un plan du site par langue, et la politique de sécurité de chaque page.

Chaque langue L reçoit L/sitemap.xml, que le sélecteur de langue de Material demande (sinon : erreur 404).
Les pages de L déclarent /L/ comme base (overrides/main.html). L'index de recherche de chaque langue est
écrit par guide/langues/recherche.py.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin


def copy_sitemaps(site_dir: Path, locales: list[str], default: str) -> None:
    """Give each locale root the sitemap Material's language selector requests."""
    for locale in locales:
        if locale == default:
            continue
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if (site_dir / name).exists() and (site_dir / locale).is_dir():
                shutil.copyfile(site_dir / name, site_dir / locale / name)


def with_html_dir(html: str, direction: str, lang: str | None = None) -> str:
    """Put `dir` on the <html> element (Material only sets it on <body>), and the page's language when it is not the locale's.

    A Shimaoré page whose texts are all held back (nobody who speaks Shimaoré wrote or reviewed them) is French: `lang="fr"`.
    """
    direction = "rtl" if direction == "rtl" else "ltr"  # settings from data/interface/: only these words reach the attribute
    if lang and re.fullmatch(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*", lang):
        html = re.sub(r'<html lang="[^"]*"', f'<html lang="{lang}"', html, count=1)
    return html.replace('<html lang="', f'<html dir="{direction}" lang="', 1)


# Scripts the browser runs; JSON blocks (Material's __config, our JSON-LD) are data, which the policy does not cover.
_SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")


def script_sources(serving: bool = False) -> str:
    """The script-src of every page's Content-Security-Policy (overrides/main.html): the site's own files, nothing else.

    The same for every page, known before any page is rendered and never read from a finished page: a script that got
    into a page (from the data, a template, a translation…) is not the site's, and the browser refuses it. Material's
    few inline scripts are served as files of the site (docs/assets/material-*.js, overrides/partials/javascripts/).
    'wasm-unsafe-eval' lets the search engine (Pagefind) compile its WebAssembly, without allowing eval().
    Under scripts/servir.sh, `mkdocs serve` adds its own inline live-reload script to each page as it serves it,
    different every time: the policy then allows inline scripts.
    """
    return "'self' 'wasm-unsafe-eval'" + (" 'unsafe-inline'" if serving else "")


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run, exactly as written (what its hash is computed on)."""
    found = []
    start = html.find("<script")
    while start != -1:
        end = html.find("</script>", start)
        if end == -1:
            break
        parser = _Script()
        parser.feed(html[start : end + len("</script>")])
        parser.close()
        if parser.runs:
            found.append("".join(parser.text))
        start = html.find("<script", end)
    return found


class _Script(HTMLParser):
    """One <script> element: whether it runs inline, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.runs = False
        self.text: list[str] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not self.inside:
            values = dict(attrs)
            self.inside = True
            self.runs = "src" not in values and (values.get("type") or "").strip().lower() in _SCRIPT_TYPES

    def handle_data(self, data):
        if self.inside:
            self.text.append(data)


def finish_page(html: str, direction: str, lang: str | None = None) -> str:
    """All a page gets once Material has written it: `<html dir>` (and its language) and two repairs of Material's markup.

    Nothing here reads the page's scripts: its Content-Security-Policy is the template's (overrides/main.html, script_sources).
    """
    return fix_material_html(with_html_dir(html, direction, lang))


# A quoted relative address: "./", "..", "../assets/guide.css"… (never prose: it starts with a dot and a slash or ends there).
_RELATIVE = re.compile(r'"(\.\.?(?:/[^"<>\s]*)?)"')


def with_absolute_urls(html: str, page_path: str) -> str:
    """Every relative address of a page made absolute from its own path (« /en/hors-ligne/ »), as MkDocs does for 404.html.

    The service worker shows the offline page at the address that could not be opened, at any depth
    (« /fiches/x/ ») : with « ../assets/… » its styles, scripts and links would point nowhere. Attributes, the theme's
    configuration ("base": "..") and the scope of its script (data-portee="..") are all quoted strings.
    """
    return _RELATIVE.sub(lambda m: '"' + urljoin(page_path, m.group(1)) + '"', html)


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*type="checkbox"[^>]*?)\s+autocomplete="off"')


def fix_material_html(html: str) -> str:
    """Two small repairs so Material's pages pass the W3C Nu checker.

    - Material's drawer and search toggles are checkboxes with `autocomplete="off"`, which HTML forbids on checkboxes.
    - The table of contents' title is a `<label for="__toc">` even on pages where Material renders no `__toc` input.
    """
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = html.replace(' for="__toc"', "")
    return html


def fix_sitemap_hreflang(site_dir: Path, tags: dict[str, str]) -> None:
    """The i18n plugin writes each locale code as hreflang; write its BCP 47 tag instead (facile → fr-x-falc)."""
    path = site_dir / "sitemap.xml"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    for code, tag in tags.items():
        text = text.replace(f'hreflang="{code}"', f'hreflang="{tag}"')
    path.write_text(text, encoding="utf-8")
    with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as packed:
        packed.write(text.encode("utf-8"))


def stamp_service_worker(site_dir: Path, locales: list[str], default: str) -> str:
    """Write the build's version and the locales into sw.js; return the version.

    The version is a hash of every other file of the site: a new build with any
    change gets a new cache, and two builds of the same commit get the same one.
    """
    worker = site_dir / "sw.js"
    if not worker.exists():
        return ""
    digest = hashlib.sha256()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and p.name != "sw.js"):
        digest.update(path.relative_to(site_dir).as_posix().encode())
        digest.update(path.read_bytes())
    version = digest.hexdigest()[:16]
    others = [locale for locale in locales if locale != default]
    text = worker.read_text(encoding="utf-8").replace("__VERSION__", version).replace("__LOCALES__", json.dumps(others))
    worker.write_text(text, encoding="utf-8")
    for locale in others:  # each language build copied the unstamped worker into its folder: remove the copies
        (site_dir / locale / "sw.js").unlink(missing_ok=True)
    return version
