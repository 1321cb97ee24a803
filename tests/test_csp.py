"""La politique de sécurité du contenu (Content-Security-Policy) dans Chromium : aucune violation, tout marche encore.

Chaque page a sa politique dans un <meta http-equiv> (overrides/main.html), la même pour toutes : les scripts du site
seulement, aucun script en ligne, rien de tiré de la page finie (guide/sorties/site_files.py, script_sources). Un script entré
dans une page malgré la vérification est refusé par le navigateur.

Chromium signale chaque chose refusée par un événement `securitypolicyviolation` et un message
« Content Security Policy » dans la console : on écoute les deux (support.CSP_WATCH) sur chaque page qu'axe-core lit au
format téléphone (tests/test_accessibility.py : chaque sorte de page de chaque langue, la page 404 comprise, quelque
250 pages ; axe lit chaque page sous sa propre politique), puis ici en se servant de la recherche, de « Je cherche… », du
partage, de l'écoute, de l'impression, du hors-ligne et du sélecteur de langue.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import material
import pytest

from guide.donnees.paths import ROOT
from guide.sorties.site_files import finish_page, inline_scripts, script_sources
from support import CSP_WATCH, OTHER_LOCALES, locale_pages, pages_by_kind, sample_pages, search, serve, wait_for

pytestmark = pytest.mark.browser

ALL_LOCALES = ["fr", *OTHER_LOCALES]
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# Record every refusal, and make the speech, share and print buttons usable without a real voice, menu or printer.
WATCH = (
    CSP_WATCH
    + """
window.print = () => { window.__imprime = true; };
navigator.share = data => { window.__partage = data.url; return Promise.resolve(); };
Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
  getVoices: () => [{lang: 'fr-FR', name: 'Voix de test'}], speaking: false, paused: false,
  speak(u) { window.__parle = u.text.length; }, pause() {}, resume() {}, cancel() {}, addEventListener() {},
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
"""
)


def _watched(browser, **options):
    context = browser.new_context(**options)
    context.add_init_script(WATCH)
    console: list[str] = []
    context.on("console", lambda message: "Content Security Policy" in message.text and console.append(message.text))
    return context, console


def test_chaque_page_a_sa_politique_complete(site):
    pages = [p for p in site.rglob("*.html")]
    assert len(pages) > 1000
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = POLICY.findall(html)
        assert len(found) == 1, page
        policy = dict((d.split(" ", 1) + [""])[:2] for d in found[0].split("; "))
        assert policy["default-src"] == "'self'" and policy["style-src"] == "'self'" and policy["img-src"] == "'self' data:", page
        assert (policy["connect-src"], policy["object-src"], policy["base-uri"], policy["form-action"]) == ("'self'", "'none'", "'self'", "'none'"), page
        # Only 'wasm-unsafe-eval' (the search engine's WebAssembly): never 'unsafe-inline' nor 'unsafe-eval'.
        assert found[0].replace("'wasm-unsafe-eval'", "").count("unsafe") == 0, page
        # The site's own scripts only: no hash, nothing taken from the page, and no inline script left to need one.
        assert policy["script-src"] == "'self' 'wasm-unsafe-eval'", page
        assert inline_scripts(html) == [], page
        assert html.index("Content-Security-Policy") < html.index("<script"), f"{page} : la politique doit précéder tout script"


def test_les_pages_lues_par_axe_couvrent_chaque_sorte_de_page_de_chaque_langue(site):
    """The pages whose refusals are watched (the phone sample of test_accessibility): a page of every kind, in every locale,
    and its home and 404 pages."""
    for locale in ALL_LOCALES:
        prefix = "" if locale == "fr" else f"{locale}/"
        sample = sample_pages(site, locale)
        kinds = pages_by_kind(locale_pages(site, locale), locale)
        assert {"fiches", "je-cherche", "pages"} | ({"partenaires"} if locale == "fr" else set()) <= set(kinds), (locale, sorted(kinds))
        assert [kind for kind, group in kinds.items() if not set(group) & set(sample)] == [], locale
        assert f"{prefix}404.html" in sample and prefix in sample, locale


def test_axe_signale_aussi_ce_que_la_politique_refuse(axe, tmp_path):
    """axe-core's runner reports what the page's policy refuses: a script in the page, refused, is « CSP : script-src … »."""
    found = axe.page_problems(
        tmp_path,
        "<!doctype html><html lang='fr'><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'\">"
        "<title>Essai</title></head><body><main><h1>Essai</h1><script>document.title = 'exécuté';</script></main></body></html>",
    )
    assert [v for v in found if v.startswith("CSP : script-src")], found


def test_tout_marche_encore_sous_la_politique(browser, server):
    context, console = _watched(browser)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    # Search: Pagefind's WebAssembly compiles ('wasm-unsafe-eval') and answers.
    page.goto(server + "ar/")
    assert search(page, "عمل")
    # Share, listen, print.
    page.goto(server + "fiches/contrat-engagement-jeune/")
    page.click(".guide-menu-outils summary")
    page.locator("[data-partager]").click()
    wait_for(page, "window.__partage !== undefined")
    page.locator("[data-imprimer]").click()
    assert page.evaluate("window.__imprime") is True
    page.locator(".guide-ecouter [data-action='lire']").click()
    wait_for(page, "window.__parle > 0")
    # Offline: the service worker is registered and controls the page.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    wait_for(page, "navigator.serviceWorker.controller !== null")
    # « Je cherche… »: an answer replaces the question in place.
    page.goto(server + "je-cherche/")
    before = page.url
    page.locator("[data-je-cherche] a").first.click()
    wait_for(page, "u => location.href !== u && !document.querySelector('[data-je-cherche]').hasAttribute('aria-busy')", arg=before)
    # Language switch: the home page's list of languages leads to the Arabic home page.
    page.goto(server)
    page.locator(".guide-langues a[hreflang='ar']").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "ar"
    violations = page.evaluate("window.__csp")
    context.close()
    assert violations == [] and console == []


def test_le_guet_voit_bien_une_violation(browser, server):
    """The watch of these tests can fail: a script without its hash is refused, and both signals say so."""
    context, console = _watched(browser, service_workers="block")
    page = context.new_page()
    page.route(
        "**/essai-csp.html",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body=(
                "<!doctype html><html lang='fr'><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'\">"
                "<title>essai</title></head><body><script>document.title = 'exécuté';</script></body></html>"
            ),
        ),
    )
    page.goto(server + "essai-csp.html", wait_until="load")
    page.wait_for_timeout(50)
    found = page.evaluate("window.__csp")
    title = page.title()
    context.close()
    assert title == "essai" and found and found[0].startswith("script-src") and console


def test_le_mode_sombre_choisi_suit_le_lecteur_de_page_en_page(browser, server):
    """Material's palette scripts, now files of the site (material-base.js: the scope of what is remembered, from the
    page's base_url; material-palette.js: the remembered mode, applied as the page opens), still work under the policy."""
    context, console = _watched(browser, service_workers="block", color_scheme="light")
    page = context.new_page()
    page.goto(server + "fiches/contrat-engagement-jeune/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    page.locator("form[data-md-component='palette'] label:not([hidden])").click()
    wait_for(page, "document.body.getAttribute('data-md-color-scheme') === 'slate'")
    for other in ("", "en/fiches/contrat-engagement-jeune/", "je-cherche/"):  # another depth, another language: the same scope (the site's root)
        page.goto(server + other)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate", other
    violations = page.evaluate("window.__csp")
    context.close()
    assert violations == [] and console == []


# A script that got into a page past every check (here, in the content a template prints), the page then written by
# Material and our templates and finished as the build finishes it: the browser must refuse it.
SMUGGLED = "<script>document.documentElement.dataset.injecte = 'oui';</script>"


def _render_with_theme(content: str) -> str:
    """One page rendered by the real theme (Material and overrides/, mkdocs.yml), with `content` as its body, finished
    by the build's own last step. The guide's words are stood in for by their keys: only the page's frame matters here."""
    from mkdocs.commands.build import get_context
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    config = load_config(str(ROOT / "mkdocs.yml"))
    env = config.theme.get_env()
    env.globals.update(guide_t=lambda key, **_: key, guide_locales=None, guide_scripts=script_sources(False))
    env.filters["guide_isoler"] = str
    file = File("fiches/essai-injecte.md", str(ROOT / "docs"), "/nulle-part", True)
    page = Page("Essai", file, config)
    page.content, page.meta = f"<h1>Essai</h1><p>Une fiche.</p>{content}", {}
    context = get_context(Navigation([], []), Files([file]), config, page)
    context["guide_json_ld"] = ""
    return finish_page(env.get_template("main.html").render(context), "ltr", "fr")


def test_un_script_entre_dans_une_page_est_refuse(browser, tmp_path):
    html = _render_with_theme(SMUGGLED)
    assert SMUGGLED in html, "le script est bien dans la page finie"
    (tmp_path / "fiches" / "essai-injecte").mkdir(parents=True)
    (tmp_path / "fiches" / "essai-injecte" / "index.html").write_text(html, encoding="utf-8")
    shutil.copytree(Path(material.__file__).parent / "templates" / "assets", tmp_path / "assets")
    shutil.copytree(ROOT / "docs" / "assets", tmp_path / "assets", dirs_exist_ok=True)
    context, console = _watched(browser, service_workers="block")
    page = context.new_page()
    with serve(tmp_path) as url:
        page.goto(url + "fiches/essai-injecte/", wait_until="load")
        page.wait_for_timeout(50)
        found = page.evaluate("window.__csp")
        injected = page.evaluate("document.documentElement.dataset.injecte")
        # The site's own scripts did run: Material's, served as files (material-base.js), and its bundle.
        own = page.evaluate("typeof __md_get === 'function' && typeof window.document$ === 'object'")
    context.close()
    assert injected is None, "le script entré dans la page s'est exécuté"
    assert any(v.startswith("script-src") and " inline " in v for v in found), found
    assert console and own is True
