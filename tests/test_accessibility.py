"""Accessibilité et validité dans un vrai navigateur : axe-core sur chaque page de chaque langue, validateur du W3C, clavier, requêtes."""
from __future__ import annotations

import asyncio
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, OTHER_LOCALES, wait_for
from guide.paths import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SAMPLE = ["", "fiches/contrat-engagement-jeune/", "je-cherche/", "mesures/mesure-51/", "themes/sante/", "a-z/"]
ALL_LOCALES = ["fr", *OTHER_LOCALES]
EMPTY_INDEX = '{"config": {"lang": ["fr"], "separator": "[\\\\s\\\\-]+", "pipeline": []}, "docs": []}'


def _urls(site: Path, locale: str) -> list[str]:
    """Every page of one locale, as paths relative to the site root."""
    root = site if locale == "fr" else site / locale
    pages = []
    for page in sorted(root.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if locale == "fr" and relative.split("/")[0] in OTHER_LOCALES:
            continue
        pages.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return pages


async def _axe_all(server: str, paths: list[str], viewport: dict, color_scheme: str = "light", concurrency: int = 3) -> dict[str, list[str]]:
    """Run axe-core on each path; return {path: [violation summaries]} for pages with violations."""
    from playwright.async_api import async_playwright

    script = AXE.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    queue: asyncio.Queue = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # No service worker and an empty search index: neither changes the page axe looks at, and building the
        # search index in each page's worker took more CPU than axe itself.
        context = await browser.new_context(viewport=viewport, color_scheme=color_scheme, service_workers="block")
        await context.add_init_script(script)
        await context.route("**/search/search_index.json", lambda route: route.fulfill(status=200, content_type="application/json", body=EMPTY_INDEX))

        async def worker():
            page = await context.new_page()
            while not queue.empty():
                path = queue.get_nowait()
                await page.goto(server + path, wait_until="load")
                result = await page.evaluate("options => axe.run(document, options)", WCAG)
                if result["violations"]:
                    found[path] = [f"{v['id']} ({len(v['nodes'])}) : {v['nodes'][0]['target']} {v['help']}" for v in result["violations"]]
            await page.close()

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        await browser.close()
    return found


def _by_kind(paths: list[str], locale: str) -> dict[str, list[str]]:
    """Pages grouped by kind: their first folder (fiches, imprimer, je-cherche…), or « pages » for the others."""
    prefix = "" if locale == "fr" else f"{locale}/"
    groups: dict[str, list[str]] = {}
    for path in paths:
        rest = path[len(prefix):]
        kind = rest.split("/")[0] if "/" in rest.rstrip("/") else "pages"
        groups.setdefault(kind, []).append(path)
    return groups


def _spread(paths: list[str], count: int) -> list[str]:
    """`count` pages spread evenly over a sorted list, first and last included (the same pages on every run)."""
    if len(paths) <= count:
        return paths
    step = (len(paths) - 1) / (count - 1)
    return [paths[round(i * step)] for i in range(count)]


PER_KIND = 8  # pages of each kind checked in each language other than French
PER_KIND_FR = 20  # in French


def axe_pages(site: Path, locale: str, french_spread: bool = True, everything: bool | None = None) -> list[str]:
    """The pages checked: every page of the small kinds; of a large kind (fiches, organisations, Je cherche…),
    20 pages spread over the list in French and 8 in the other languages (a kind is large above twice that).
    GUIDE_AXE_TOUT=1 checks every page.

    With about 1,450 pages in 5 languages, axe on every page takes longer than CI allows (30 minutes for everything).
    The pages of a kind come from one template; the spread includes the first and last and changes only when pages
    are added. `french_spread=False` gives every French page (for the W3C validator, which is quicker).
    """
    paths = _urls(site, locale)
    everything = os.environ.get("GUIDE_AXE_TOUT") == "1" if everything is None else everything
    if everything or (locale == "fr" and not french_spread):
        return paths
    count = PER_KIND_FR if locale == "fr" else PER_KIND
    return [path for group in _by_kind(paths, locale).values() for path in (group if len(group) <= 2 * count else _spread(group, count))]


def test_l_echantillon_couvre_chaque_sorte_de_page(site):
    for locale in ALL_LOCALES:
        chosen, groups = axe_pages(site, locale, everything=False), _by_kind(_urls(site, locale), locale)
        assert {"fiches", "mesures", "organisations", "themes", "je-cherche", "livrets", "pages"} <= set(groups)
        for kind, group in groups.items():
            taken = [p for p in chosen if p in group]
            count = PER_KIND_FR if locale == "fr" else PER_KIND
            assert taken == group if len(group) <= 2 * count else len(taken) == count, (locale, kind)
            assert group[0] in taken and group[-1] in taken


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_axe_zero_violation_au_format_telephone(locale, site, server):
    """Every French page, and a spread of every kind of page in the other languages (see axe_pages)."""
    paths = axe_pages(site, locale)
    assert len(paths) > 50
    assert asyncio.run(_axe_all(server, paths, PHONE)) == {}


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_axe_zero_violation_sur_un_echantillon_en_grand_ecran_et_en_mode_sombre(locale, server):
    prefix = "" if locale == "fr" else f"{locale}/"
    paths = [prefix + path for path in SAMPLE]
    assert asyncio.run(_axe_all(server, paths, DESKTOP)) == {}
    assert asyncio.run(_axe_all(server, paths[:3], PHONE, color_scheme="dark")) == {}


def test_le_validateur_du_w3c_ne_trouve_aucune_erreur(site):
    """Every French page and the spread of each kind in the other languages (every page with GUIDE_AXE_TOUT=1)."""
    chosen = [path for locale in ALL_LOCALES for path in axe_pages(site, locale, french_spread=False)]
    pages = sorted(str(site / path / "index.html") if not path.endswith(".html") else str(site / path) for path in chosen)
    assert len(pages) > 300 and all(Path(p).is_file() for p in pages)
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[:4000]


# ---------------------------------------------------------------- keyboard


_FOCUS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return { tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40),
           outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 || style.boxShadow !== 'none',
           visible: box.width > 0 && box.height > 0 };
}"""


@pytest.mark.parametrize("path", ["", "fiches/contrat-engagement-jeune/"])
def test_navigation_au_clavier_et_focus_visible(path, browser, server):
    page = browser.new_page(viewport=PHONE)
    page.goto(server + path)
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(_FOCUS))
    page.close()
    assert seen[0]["text"] == "Aller au contenu", "le premier arrêt est le lien d'évitement"
    shown = [s for s in seen if s["visible"]]
    assert len(shown) >= 6
    assert all(s["outline"] for s in shown), [s for s in shown if not s["outline"]]
    assert any(s["text"] == "Facile à lire" for s in seen), "la bascule Facile à lire est atteignable au clavier"


# ---------------------------------------------------------------- requests


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_aucune_requete_en_echec_ni_vers_un_autre_site(locale, browser, server):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(server))
    prefix = "" if locale == "fr" else f"{locale}/"
    failed, foreign = [], []
    page = browser.new_page(viewport=PHONE)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    page.on("request", lambda request: not request.url.startswith((origin, "data:", "blob:")) and foreign.append(request.url))
    for path in ["", "fiches/contrat-engagement-jeune/"]:
        page.goto(server + prefix + path, wait_until="networkidle")
        page.locator(".md-header__button.md-icon[aria-label]").first.hover()  # menus that load on demand
    page.close()
    assert failed == [] and foreign == []


# ---------------------------------------------------------------- share


@pytest.mark.parametrize("api", ["share", "clipboard"])
def test_partager_une_fiche(api, browser, server):
    context = browser.new_context(viewport=PHONE)
    stub = {
        "share": "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };",
        "clipboard": "delete Navigator.prototype.share; Object.defineProperty(navigator, 'clipboard', { value: { writeText: (t) => { window.__copied = t; return Promise.resolve(); } } });",
    }[api]
    context.add_init_script(stub)
    page = context.new_page()
    page.goto(server + "fiches/contrat-engagement-jeune/#comment-faire")
    button = page.locator("[data-partager]")
    assert button.is_visible()
    button.click()
    if api == "share":
        shared = page.evaluate("window.__shared")
        assert shared["url"] == server + "fiches/contrat-engagement-jeune/" and "Contrat" in shared["title"]
    else:
        wait_for(page, "window.__copied !== undefined")
        assert page.evaluate("window.__copied") == server + "fiches/contrat-engagement-jeune/"
        assert button.inner_text().strip() == "Lien copié"
    context.close()
