"""Le site construit (une fois par lancement) : construction stricte, une page par fiche, liens internes et ancres,
aucune ressource d'un autre site, recherche, ordre de la fiche ; arrêt propre sur données fausses.

La reproductibilité (deux constructions, mêmes octets) est vérifiée par tests/test_properdocs.py."""

from __future__ import annotations

import functools
import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from support import build_site, minimal_text

SITE_URL = "https://guide-planoise.invalid/"


class _Collector(HTMLParser):
    """Collects ids, links and resources of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("href"):
            self.resources.append((f"link rel={attrs.get('rel')}", attrs["href"]))
            self.links.append(attrs["href"])
        for key in ("src", "srcset", "poster", "data"):
            if attrs.get(key):
                self.resources.append((f"{tag} {key}", attrs[key]))
        if attrs.get("style"):
            self.styles.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag):
        self._in_style = False


# The same collection, read with regular expressions: Python's HTMLParser took two thirds of the link test (1,700 pages,
# 60 MB). Like HTMLParser: comments skipped, the content of <script> and <style> not read as tags (a style's kept),
# names lower-cased, values unescaped, the last of two equal attributes kept. test_le_releve_rapide_lit_comme_htmlparser
# compares the two on pages of every kind and on the traps below.
_SKIPPED = re.compile(r"<!--.*?-->|<(script|style)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)</\1\s*>", re.S | re.I)
_START = re.compile(r"<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


class _FastCollector(_Collector):
    """_Collector's ids, links, resources and styles, from regular expressions (see above)."""

    def feed(self, data: str) -> None:
        rest = []
        position = 0
        for skipped in _SKIPPED.finditer(data):
            rest.append(data[position : skipped.start()])
            if skipped.group(1):  # keep the start tag (a script's src), drop what is inside
                rest.append(f"<{skipped.group(1)}{skipped.group(2)}>")
                if skipped.group(1).lower() == "style" and skipped.group(3):
                    self.styles.append(skipped.group(3))  # as HTMLParser gives it: not unescaped
            position = skipped.end()
        rest.append(data[position:])
        for tag in _START.finditer("".join(rest)):
            attributes = [(a.group(1).lower(), _value(a.group(2), a.group(3), a.group(4))) for a in _ATTRIBUTE.finditer(tag.group(2))]
            self.handle_starttag(tag.group(1).lower(), attributes)


def _value(double: str | None, single: str | None, bare: str | None) -> str | None:
    value = next((v for v in (double, single, bare) if v is not None), None)
    return None if value is None else html.unescape(value)


def _reading(collector: _Collector) -> tuple:
    return collector.ids, collector.links, collector.resources, collector.styles


def _parsed(path: Path, collector: type[_Collector]) -> _Collector:
    found = collector()
    found.feed(path.read_text(encoding="utf-8"))
    return found


@functools.cache
def _pages(site: Path) -> dict[Path, _Collector]:
    """Every built page read, once per run and process (the link test and the other-site test read the same pages)."""
    return {path: _parsed(path, _FastCollector) for path in sorted(site.rglob("*.html"))}


def _target(site: Path, page: Path, href: str) -> tuple[Path | None, str]:
    """The file an internal href points to, and its fragment; None for other origins and schemes."""
    url, fragment = urldefrag(href)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if href.startswith(SITE_URL):
            return site / unquote(href[len(SITE_URL) :].split("#")[0]), fragment
        return None, fragment
    if not url:
        return page, fragment
    start, relative = (str(site), unquote(url.lstrip("/"))) if url.startswith("/") else (str(page.parent), unquote(parts.path))
    return _resolved(start, relative, url.endswith("/")), fragment


@functools.cache  # the menu's links repeat on every page: each is worked out once
def _resolved(start: str, relative: str, folder: bool) -> Path:
    """The file `relative` names from the folder `start` (a folder's index.html); the site has no symbolic link."""
    path = os.path.normpath(os.path.join(start, relative))
    return Path(os.path.join(path, "index.html") if folder or os.path.isdir(path) else path)


@pytest.mark.build
def test_la_construction_stricte_passe_sans_avertissement(site):
    assert (site / "index.html").is_file()
    assert (site / "pagefind" / "pagefind-entry.json").is_file()


@pytest.mark.build
def test_une_page_par_service_mesure_et_organisation(site, guide):
    for service in guide.services:
        assert (site / "fiches" / service.id / "index.html").is_file(), service.id
    for measure in guide.mesures:
        assert (site / "mesures" / measure.id / "index.html").is_file(), measure.id
    for organisation in guide.organisations:
        assert (site / "organisations" / organisation.id / "index.html").is_file(), organisation.id
    for index in ["themes", "pour-qui", "organisations", "a-z", "suivi-du-pacte"]:
        assert (site / index / "index.html").is_file(), index


@pytest.mark.build
def test_tous_les_liens_internes_et_ancres_existent(site):
    pages = _pages(site)
    broken = []
    checked = 0
    for page, collector in pages.items():
        for href in collector.links:
            if href.lower().startswith("javascript:"):
                broken.append(f"{page.relative_to(site)} → {href} (lien de script)")
                continue
            target, fragment = _target(site, page, href)
            if target is None:
                continue
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(site)} → {href} (fichier absent)")
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(fragment) not in ids:
                    broken.append(f"{page.relative_to(site)} → {href} (ancre absente)")
    assert checked > 200
    assert broken == []


@pytest.mark.build
def test_aucune_ressource_chargee_depuis_un_autre_site(site):
    offenders = []
    for page, collector in _pages(site).items():
        for kind, url in collector.resources:
            if kind.startswith("link rel=") and not any(r in kind for r in ("stylesheet", "preload", "icon", "modulepreload", "manifest")):
                continue
            if re.match(r"^(https?:)?//", url) and not url.startswith(SITE_URL):
                offenders.append(f"{page.relative_to(site)} : {kind} {url}")
        for style in collector.styles:
            offenders += [f"{page.relative_to(site)} : style url({u})" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", style)]
    for css in site.rglob("*.css"):
        offenders += [f"{css.relative_to(site)} : url({u})" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", css.read_text(encoding="utf-8"))]
    for js in site.rglob("*.js"):
        text = js.read_text(encoding="utf-8", errors="replace")
        offenders += [
            f"{js.relative_to(site)} : {host}"
            for host in ("fonts.googleapis.com", "fonts.gstatic.com", "googletagmanager.com", "google-analytics.com")
            if host in text
        ]
    assert offenders == []


@pytest.mark.build
def test_la_recherche_est_en_francais_et_connait_les_anciens_noms(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]
    france_travail = (site / "organisations" / "france-travail" / "index.html").read_text(encoding="utf-8")
    words = france_travail[france_travail.index('<p hidden data-pagefind-weight="10" data-pagefind-meta="mots">') :].split("</p>", 1)[0]
    assert "Pôle emploi" in words and "pole emploi" in words


@pytest.mark.build
def test_la_fiche_donne_l_essentiel_d_abord(site, guide):
    service = next(s for s in guide.services if s.id == "contrat-engagement-jeune")
    page = (site / "fiches" / service.id / "index.html").read_text(encoding="utf-8")
    html = page[page.index("<article") : page.index("</article>")]
    sources = "Sources :" if service.autres_sources else "Source :"
    checked = "Vérifié le" if service.verification else "Pas encore confirmé par"  # what the data says, today or after a partner's call
    positions = [html.index(marker) for marker in ("Pour qui :", "Prix :", "Où :", "Quand :", "Contact :", "Comment faire", checked, sources)]
    assert positions == sorted(positions)
    assert re.search(r"Sources? : Pacte pour l(&#39;|'|’)émancipation des jeunes de Planoise \(31 janvier 2023\), article \d+", html)


@pytest.mark.build
def test_des_donnees_fausses_arretent_la_construction_avant_toute_ecriture(tmp_path):
    bad = tmp_path / "schemes.yaml"
    bad.write_text(minimal_text().replace("    frais: gratuit\n", "    frais: gratos\n"), encoding="utf-8")
    site_dir = tmp_path / "site"
    run = build_site(site_dir, {"GUIDE_DATA": str(bad)})
    output = run.stdout + run.stderr
    assert run.returncode == 1
    assert "service-a › frais : la valeur « gratos » n'est pas dans la liste" in output
    assert "Traceback" not in output
    assert not site_dir.exists(), "rien ne doit être écrit quand les données sont fausses"


_TRAPS = """<!doctype html><html><head><link rel="stylesheet" href="a.css?x=1&amp;y=2"><style>p { background: url(//x.test/i.png) }
a[href="<a href='nope'>"] {}</style><script src="s.js"></script><script>var t = '<a href="javascript:faux">';</script></head>
<body><!-- <a href="commentaire/"> --><p id=nu class='un'>x</p><a href='simple/' title="a > b">y</a><a name="ancre">z</a>
<A HREF="Majuscules/" ID="Grand">w</A><img src="i.png" alt><a href="x/" href="deux/">v</a><div style="color: red" hidden></div></body></html>"""


@pytest.mark.unit
def test_le_releve_rapide_lit_les_pieges_comme_htmlparser():
    slow, fast = _Collector(), _FastCollector()
    slow.feed(_TRAPS)
    fast.feed(_TRAPS)
    assert _reading(fast) == _reading(slow)
    assert "simple/" in fast.links and "Majuscules/" in fast.links and "Grand" in fast.ids and "a.css?x=1&y=2" in fast.links
    assert "nu" in fast.ids and "commentaire/" not in fast.links


@pytest.mark.build
def test_le_releve_rapide_lit_comme_htmlparser(site):
    """On pages of every kind and language (every 20th page, and the largest), the fast reading gives what HTMLParser gives."""
    pages = sorted(site.rglob("*.html"))
    chosen = {*pages[::20], max(pages, key=lambda path: path.stat().st_size)}
    for path in sorted(chosen):
        slow, fast = _parsed(path, _Collector), _parsed(path, _FastCollector)
        assert _reading(fast) == _reading(slow), path
