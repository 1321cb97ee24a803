"""Chaque commande qu'un habitant peut toucher fait quelque chose, sous la politique de sécurité du contenu.

La politique est dans chaque page (<meta http-equiv>, overrides/main.html) : un hébergeur statique (GitHub Pages)
n'envoie aucun en-tête de sécurité, et le serveur des tests non plus ; on sert donc le site tel quel.

Sur une page de chaque sorte (accueil, fiche, mesure, thème, question et résultat de « Je cherche… », numéros
utiles, recherche, feuille à imprimer, page hors connexion, page introuvable) dans chaque langue, au téléphone :

- chaque formulaire où l'on écrit, rempli puis envoyé avec Entrée, mène à quelque chose de permis et de visible
  (une autre page qui existe, ou la fenêtre de recherche ouverte avec ses résultats) ;
- chaque bouton qu'on peut toucher (bouton, menu replié, étiquette d'une case de Material) change la page ou ouvre
  quelque chose, touché au doigt au milieu de sa surface ;
- Chromium ne signale aucune violation de la politique (événement `securitypolicyviolation`).

L'en-tête, le menu et la fenêtre de recherche sont les mêmes sur toutes les pages d'une langue : on les touche sur
l'accueil ; sur les autres pages, ce qui est propre à la page. Un navigateur, un contexte par langue, une page par sorte.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from support import ALL_LOCALES, CSP_WATCH, PHONE, wait_for

pytestmark = pytest.mark.browser

# Record every refusal of the policy, and make the speech, share and print buttons answer without a voice, menu or printer.
WATCH = (
    CSP_WATCH
    + """
window.print = () => { window.__imprime = (window.__imprime || 0) + 1; };
navigator.share = data => { window.__partage = (window.__partage || 0) + 1; return Promise.resolve(); };
Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
  getVoices: () => [{lang: 'fr-FR', name: 'Voix de test'}], speaking: false, paused: false,
  speak(u) { window.__parle = (window.__parle || 0) + 1; }, pause() {}, resume() {}, cancel() {}, addEventListener() {},
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
"""
)

CONTROLS = "button, summary, [role=button], label[for], input[type=checkbox], input[type=radio], input[type=submit]"
TOUCHABLE = "a[href], button, summary, input, select, textarea, label[for], [role=button]"

# Whether an element can be touched: on screen, and the topmost thing at the middle of its box.
HIT = """e => {
  const r = e.getBoundingClientRect();
  if (!r.width || !r.height) return null;
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
  const hit = document.elementFromPoint(x, y);
  return hit && (hit === e || e.contains(hit) || (e.control && (hit === e.control))) ? {x, y} : null;
}"""

# What a reader can notice of the page: its address, what is open or checked, what can be touched, the scroll, and
# what the print, share and speech buttons did.
STATE = (
    """() => {
  const hit = """
    + HIT
    + """;
  return JSON.stringify({
    url: location.href,
    title: document.title,
    open: [...document.querySelectorAll('dialog[open], details[open]')].length,
    checked: [...document.querySelectorAll('input')].map(i => i.checked ? 1 : 0).join(''),
    states: [...document.querySelectorAll('[aria-expanded], [aria-pressed], [aria-checked]')].map(e =>
      [e.getAttribute('aria-expanded'), e.getAttribute('aria-pressed'), e.getAttribute('aria-checked')].join()).join(';'),
    scheme: document.body.getAttribute('data-md-color-scheme'),
    touchable: [...document.querySelectorAll('"""
    + TOUCHABLE
    + """')].filter(e => hit(e)).length,
    scroll: Math.round(scrollY),
    done: [window.__imprime, window.__partage, window.__parle].join(),
    text: document.body.innerText.length,
  });
}"""
)

# The header, its menu and the search window are the same on every page of a language: touched on its home page only.
SHARED = ".md-header, .md-sidebar, .md-overlay, dialog"

# The i-th control, brought to the middle of the screen (every <details> opened, so that a menu's items can be reached).
REACH = (
    """([selector, i, everything]) => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const e = document.querySelectorAll(selector)[i];
  // A label is a button only for a check box (Material's menu, colours); a field's label just moves the focus.
  if (!e || (e.tagName === 'LABEL' && !(e.control && ['checkbox', 'radio'].includes(e.control.type)))) return null;
  if (!everything && e.closest('"""
    + SHARED
    + """')) return null;
  e.scrollIntoView({block: 'center', inline: 'center'});
  const where = ("""
    + HIT
    + """)(e);
  const name = (e.getAttribute('aria-label') || e.textContent || e.getAttribute('for') || '').trim().slice(0, 40);
  return where && {...where, name: e.tagName + ' « ' + name + ' »'};
}"""
)

# Where each kind of page lives, in the folder of a locale (the first page of a folder when it holds several).
KINDS = {
    "accueil": "",
    "fiche": "fiches/contrat-engagement-jeune/",
    "mesure": "mesures/*",
    "thème": "themes/*",
    "question de « Je cherche… »": "je-cherche/",
    "résultat de « Je cherche… »": "je-cherche/*/*/*",
    "numéros utiles": "numeros-utiles/",
    "feuille à imprimer": ("imprimer/*", "livrets/*"),
    "hors connexion": "hors-ligne/",
    "page introuvable": "404.html",
}


def _prefix(locale: str) -> str:
    return "" if locale == "fr" else f"{locale}/"


def _page_of_kind(site: Path, locale: str, where) -> str | None:
    """The address of the first page of a kind in a locale (a folder with an index.html, or a file)."""
    root = site / _prefix(locale)
    for pattern in (where,) if isinstance(where, str) else where:
        if pattern.endswith(".html"):
            if (root / pattern).is_file():
                return _prefix(locale) + pattern
            continue
        found = sorted(p.parent for p in root.glob(pattern.rstrip("/") + "/index.html")) if pattern else [root]
        if found and (found[0] / "index.html").is_file():
            relative = found[0].relative_to(site).as_posix()
            return "" if relative == "." else relative + "/"
    return None


def _sample(site: Path) -> dict[str, dict[str, str]]:
    return {locale: {kind: _page_of_kind(site, locale, where) for kind, where in KINDS.items()} for locale in ALL_LOCALES}


def _context(browser):
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce", service_workers="block", has_touch=False)
    context.add_init_script(WATCH)
    return context


def _settle(page) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)  # a menu's transition, a violation event queued as a task


# Two frames, then the tasks queued meanwhile (a refusal of the policy is one): what a touch changes at once has shown.
FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))))"


def _state_after_touch(page, before: str) -> str:
    """The page's state after a touch, or "navigated". Read after two frames; when nothing seems to have changed yet (a
    navigation about to start, a late answer), read again after _settle: a slow control is never taken for an inert one."""
    try:
        page.evaluate(FRAMES)
        if page.url == json.loads(before)["url"] and (after := page.evaluate(STATE)) != before:
            return after
    except PlaywrightError:  # the page is being replaced
        pass
    _settle(page)
    return page.evaluate(STATE) if page.url == json.loads(before)["url"] else "navigated"


def _violations(page) -> list[str]:
    try:
        return page.evaluate("window.__csp || []")
    except Exception:  # the page is being replaced: its successor is checked on load
        return []


def _press_every_control(page, url: str, everything: bool) -> tuple[list[str], list[str]]:
    """Touch every control of the page; the ones that did nothing, and the policy's refusals.

    The page is just loaded (by the caller), and loaded again after a control that led elsewhere, opened a window or
    checked a box (Material's menu covers the page), so that the next control is touched on the page as a reader finds it.
    """
    inert, refused = [], []
    fresh = json.loads(page.evaluate(STATE))
    count = page.evaluate("s => document.querySelectorAll(s).length", CONTROLS)
    for i in range(count):
        where = page.evaluate(REACH, [CONTROLS, i, everything])
        if not where:
            continue
        page.evaluate(FRAMES)  # the scroll's own events (Material's header and « back to top »)
        before = page.evaluate(STATE)
        page.mouse.click(where["x"], where["y"])
        after = _state_after_touch(page, before)
        refused += _violations(page)
        if after == before:
            inert.append(where["name"])
        now = json.loads(after) if after != "navigated" else {}
        if any(now.get(key) != fresh[key] for key in ("url", "checked", "scheme")) or page.evaluate("() => !!document.querySelector('dialog[open]')"):
            page.goto(url, wait_until="load")
    return inert, refused


SEARCH_ANSWERED = """() => {
  const dialog = document.querySelector('dialog[open]');
  if (!dialog) return false;
  const state = dialog.querySelector('[data-recherche-etat]');
  return !!state && state.textContent !== '' && state.textContent !== dialog.dataset.chargement;
}"""


def _submit_every_form(page, url: str, query: str, everything: bool) -> tuple[list[str], list[str]]:
    """Type in each form a reader can write in, and press Enter; what went nowhere, and the policy's refusals."""
    nowhere, refused = [], []
    page.goto(url, wait_until="load")
    fields = page.evaluate(
        "([shared, everything]) => [...document.forms].map(f => !!f.querySelector('input[type=search], input[type=text], textarea')"
        " && (everything || !f.closest(shared)))",
        [SHARED, everything],
    )
    loaded = True  # the page as loaded, for the first form a reader can write in; then loaded again for each other form
    for i, writable in enumerate(fields):
        if not writable:
            continue
        if not loaded:
            page.goto(url, wait_until="load")
        loaded = False
        inside = page.evaluate("i => !!document.forms[i].closest('dialog')", i)
        if inside:  # the search window's form: opened by its button, like a reader would
            page.locator("[data-recherche-ouvrir]").click()
        field = page.locator("form").nth(i).locator("input[type=search], input[type=text], textarea").first
        if not field.is_visible():
            continue  # hidden, with nothing to fill (no search engine without JavaScript): not a control
        field.fill(query)
        field.focus()
        page.keyboard.press("Enter")  # not field.press: Playwright would wait for a navigation that the policy forbids
        _settle(page)
        refused += _violations(page)
        if page.url.split("#")[0] != url.split("#")[0]:
            ok = page.evaluate("() => document.readyState") and page.locator("h1").count() > 0
            if not ok:
                nowhere.append(f"formulaire {i} → {page.url}")
            continue
        try:
            wait_for(page, SEARCH_ANSWERED, timeout=15)
        except AssertionError:
            nowhere.append(f"formulaire {i} : ni autre page, ni recherche ouverte avec sa réponse")
            continue
        if page.evaluate("() => document.querySelector('dialog[open] input[type=search]').value") != query:
            nowhere.append(f"formulaire {i} : la recherche ne reprend pas les mots tapés")
    return nowhere, refused


QUERIES = {"fr": "emploi", "facile": "emploi", "swb": "emploi", "en": "job", "ar": "عمل"}


def test_l_echantillon_a_chaque_sorte_de_page_dans_chaque_langue(site):
    for locale, pages in _sample(site).items():
        missing = [kind for kind, path in pages.items() if path is None]
        assert missing == [] or missing == ["feuille à imprimer"] and locale == "swb", f"{locale} : pas de page pour {missing}"


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_chaque_commande_fait_quelque_chose_sous_la_politique(locale, browser, server, site):
    inert, nowhere, refused = {}, {}, {}
    pages = _sample(site)[locale]
    context = _context(browser)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    for kind, path in pages.items():
        if path is None:
            continue
        url = server + path
        response = page.goto(url, wait_until="load")
        assert response and (response.ok or path.endswith("404.html")), url
        everything = kind == "accueil"
        dead, blocked = _press_every_control(page, url, everything)
        lost, blocked_forms = _submit_every_form(page, url, QUERIES.get(locale, "emploi"), everything)
        if dead:
            inert[f"{path} ({kind})"] = dead
        if lost:
            nowhere[f"{path} ({kind})"] = lost
        if blocked or blocked_forms:
            refused[f"{path} ({kind})"] = sorted(set(blocked + blocked_forms))
    context.close()
    assert refused == {}, "la politique de sécurité refuse :\n" + "\n".join(f"{k} : {v}" for k, v in refused.items())
    assert nowhere == {}, "formulaires qui ne mènent nulle part :\n" + "\n".join(f"{k} : {v}" for k, v in nowhere.items())
    assert inert == {}, "boutons qui ne font rien :\n" + "\n".join(f"{k} : {v}" for k, v in inert.items())


def test_pole_emploi_sur_l_accueil_ouvre_la_recherche_avec_ses_resultats(browser, server):
    context = _context(browser)
    page = context.new_page()
    for locale in ALL_LOCALES:
        page.goto(server + _prefix(locale), wait_until="load")
        field = page.locator("form.recherche-accueil input[type=search]")
        field.fill("pole emploi")
        page.locator("form.recherche-accueil button[type=submit]").click()
        wait_for(page, SEARCH_ANSWERED)
        results = page.eval_on_selector_all("dialog[open] [data-recherche-liste] a", "els => els.map(e => new URL(e.href).pathname)")
        assert page.evaluate("() => document.getElementById('guide-recherche-champ').value") == "pole emploi", locale
        assert results, f"{locale} : « pole emploi » ne trouve rien"
        assert page.evaluate("window.__csp") == [], locale
        page.locator("[data-recherche-fermer]").click()
        wait_for(page, "() => !document.getElementById('guide-recherche').open")
        page.wait_for_timeout(50)  # the window's close event, which gives the focus back
        assert page.evaluate("() => document.activeElement.id") == "recherche-accueil-champ", "le focus revient au champ de l'accueil"
    context.close()


def test_une_adresse_en_q_ouvre_la_recherche(browser, server):
    context = _context(browser)
    page = context.new_page()
    page.goto(server + "?q=CAF", wait_until="load")
    wait_for(page, SEARCH_ANSWERED)
    assert page.eval_on_selector_all("dialog[open] [data-recherche-liste] a", "els => els.length") > 0
    context.close()


def test_sans_javascript_la_recherche_de_l_accueil_est_cachee(browser, server):
    """Without JavaScript there is no search engine: the home page shows no box that would do nothing."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server, wait_until="load")
    hidden = page.locator("form.recherche-accueil").is_hidden()
    context.close()
    assert hidden


def test_le_guet_voit_un_bouton_qui_ne_fait_rien(browser, server):
    """The check can fail: a button that does nothing is reported, and a blocked form submission is a violation."""
    context = _context(browser)
    page = context.new_page()
    page.goto(server + "numeros-utiles/", wait_until="load")
    page.evaluate(
        """() => {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Rien';
        const form = document.createElement('form');
        form.action = './';
        form.innerHTML = '<input type="search" name="q"><button>Envoyer</button>';
        document.querySelector('article').prepend(button, form);
    }"""
    )
    url = page.url
    where = page.evaluate(REACH, [CONTROLS, page.evaluate("s => [...document.querySelectorAll(s)].findIndex(e => e.textContent === 'Rien')", CONTROLS), True])
    before = page.evaluate(STATE)
    page.mouse.click(where["x"], where["y"])
    assert _state_after_touch(page, before) == before
    page.locator("article form input").fill("emploi")
    page.locator("article form input").focus()
    page.keyboard.press("Enter")
    _settle(page)
    assert page.url == url and any(v.startswith("form-action") for v in page.evaluate("window.__csp"))
    context.close()
