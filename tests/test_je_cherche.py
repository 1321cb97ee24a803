"""« Je cherche… » : la fonction qui choisit les aides (données réelles et jeu de test), puis les pages dans
Chromium, avec et sans JavaScript, comme un habitant qui touche les boutons ; axe-core sur 5 pages par langue,
validateur du W3C sur toutes les pages « Je cherche… » de toutes les langues, poids de la page de départ et du script."""

from __future__ import annotations

import dataclasses
import gzip
import re

import pytest

from guide.donnees.contacts import can_be_reached
from guide.donnees.model import build_guide
from guide.donnees.paths import ROOT
from guide.pages import validate_once
from guide.rendu import finder
from guide.rendu.templating import make_environment
from guide.rendu.words import reader_words
from support import (
    ALL_LOCALES,
    PHONE,
    REAL_DATA,
    REAL_DATA_DIR,
    complete_run,
    finder_pages,
    minimal_text,
    validate_fixture,
    wait_for,
    yaml_load,
)

START = "je-cherche/"
CEJ_PAGE = "je-cherche/18-25-ans/sans-emploi-ni-formation/emploi/"

# Residents of the pact, answering with the French labels of the buttons (the labels come from the schema). Which aids
# each one sees is what guide/rendu/finder.py chooses from the data of the day: the tests compare the page with it,
# and the choice itself is tested on the fixture (`cas`), not on today's records.
PROFILES = {
    "19 ans, sans emploi, cherche un travail": [
        "J'ai 18 à 25 ans",
        "Je n'ai ni travail, ni école, ni formation",
        "Un travail, un stage, découvrir des métiers",
    ],
    "parent d'un enfant de 2 ans, cherche une garde": ["Je suis parent", "Mon enfant a moins de 6 ans", "Mon enfant : garde, école, soutien aux parents"],
    "élève de 14 ans, cherche un stage": ["J'ai 11 à 15 ans", "Un travail, un stage, découvrir des métiers"],
    "lycéen de 17 ans, santé": ["J'ai 16 ou 17 ans", "Je vais à l'école ou je suis en formation", "La santé, le moral"],
    "jeune femme de 22 ans sans emploi, formation": ["J'ai 18 à 25 ans", "Je n'ai ni travail, ni école, ni formation", "L'école, une formation, l'orientation"],
    "collégien de 13 ans, musique": ["J'ai 11 à 15 ans", "Culture, sorties et loisirs"],
}


# ---------------------------------------------------------------- the pure function (real data)


@pytest.fixture(scope="module")
def real():
    validation = validate_once(REAL_DATA)
    return validation.guide, validation.schema


def _profile(schema, band: str, situation: str) -> finder.Profile:
    return finder.Profile(*(next(t for t in schema.taxonomy(name) if t.slug == slug) for name, slug in [("tranche_age", band), ("situation", situation)]))


def _need(schema, slug: str):
    return next(t for t in schema.taxonomy("besoin") if t.slug == slug)


def _found(records, band, situation, need) -> list[str]:
    """The ids the finder shows: `records` is (guide, schema), of the fixture (`cas`) or of the data of the day (`real`)."""
    guide, schema = records
    return [m.service.id for m in finder.find(guide, schema, _profile(schema, band, situation), _need(schema, need))]


def _case_service(sid: str, **fields) -> dict:
    """A service of the fixture guide: open, reachable (a phone), for young people looking for a job, unless said otherwise."""
    record = {
        "id": sid,
        "nom": sid.replace("-", " ").capitalize(),
        "resume": "Un service de test pour la recherche « Je cherche… ».",
        "description": "Un service de test.",
        "thematique": "emploi-insertion",
        "besoins": ["emploi"],
        "etat": "en-place",
        "publics": ["jeunes"],
        "frais": "gratuit",
        "etapes": ["Appelez le service."],
        "telephone": "03 81 00 00 00",
        "organisations": ["org-a"],
        "source": {"document": "doc-test", "article": 7, "date": "2023-01-31"},
        "owner": "org-a",
    }
    record.update(fields)
    return {k: v for k, v in record.items() if v is not None}


@pytest.fixture(scope="module")
def cas():
    """The fixture guide with services that test each rule of the finder (tests test rules, not today's records)."""
    validation = validate_fixture()
    data = yaml_load(minimal_text())
    data["services"] = [
        # Reserved to young people without job or training, main need, named public, known ages: the best fit.
        _case_service("reserve-sans-emploi", situations=["sans-emploi-ni-formation"], age_min=16, age_max=25, publics=["jeunes", "demandeurs-emploi"]),
        _case_service("pour-tous-autre-besoin", besoins=["formation-orientation", "emploi"], publics=["tous-publics"]),
        _case_service("sans-contact", telephone=None),
        *[_case_service(f"emploi-{n}") for n in range(1, 6)],
        _case_service("stage-college", situations=["ecole-formation"], publics=["eleves"], age_min=11, age_max=15),
        _case_service("reserve-sans-age", situations=["sans-emploi-ni-formation"]),
        _case_service("outil-pros", publics=["professionnels"]),
        _case_service("projet-emploi", etat="projet"),
        _case_service("plan-emploi", plan_collectif=True),
        _case_service("garde-petits", besoins=["enfants-parentalite"], thematique="famille-parentalite", publics=["familles"], age_max=3),
        _case_service(
            "soutien-scolaire", besoins=["enfants-parentalite"], thematique="famille-parentalite", publics=["familles", "eleves"], age_min=6, age_max=17
        ),
    ]
    return build_guide(data), validation.schema


@pytest.mark.unit
def test_un_jeune_sans_emploi_voit_d_abord_l_aide_qui_lui_est_reservee(cas):
    found = _found(cas, "18-25-ans", "sans-emploi-ni-formation", "emploi")
    assert found[0] == "reserve-sans-emploi", found
    assert found.index("pour-tous-autre-besoin") > found.index("emploi-1"), "un autre besoin après le besoin principal"
    assert "stage-college" not in found and "outil-pros" not in found


@pytest.mark.unit
def test_au_telephone_5_aides_puis_voir_aussi_puis_projets_et_plans(cas):
    guide, schema = cas
    matches = finder.find(guide, schema, _profile(schema, "18-25-ans", "sans-emploi-ni-formation"), _need(schema, "emploi"))
    results = finder.grouped(matches)
    assert len(results.first) == finder.FIRST_RESULTS == 5 and results.see_also
    assert results.first[0].service.id == "reserve-sans-emploi"
    assert all(finder.can_ask_now(m.service) for m in results.now)
    assert {m.service.id for m in results.later} == {"projet-emploi", "plan-emploi"}
    assert results.all == matches
    reachable = [finder.can_ask_now(m.service) and can_be_reached(m.service) for m in matches]
    assert reachable == sorted(reachable, reverse=True), "ceux qu'on peut joindre d'abord"
    assert [m.service.id for m in results.now][-1] == "sans-contact"


@pytest.mark.unit
def test_une_aide_reservee_aux_jeunes_sans_solution_n_est_pas_montree_aux_eleves(cas):
    pupil = _found(cas, "11-15-ans", "ecole-formation", "emploi")
    assert "stage-college" in pupil
    assert "reserve-sans-age" not in pupil and "reserve-sans-emploi" not in pupil
    assert "reserve-sans-age" in _found(cas, "18-25-ans", "sans-emploi-ni-formation", "emploi")


@pytest.mark.unit
def test_l_age_de_l_enfant_compte_pour_les_parents_jeu_de_test(cas):
    small = _found(cas, "parents", "parent-jeune-enfant", "enfants-parentalite")
    school = _found(cas, "parents", "parent-enfant-scolarise", "enfants-parentalite")
    assert "garde-petits" in small and "garde-petits" not in school
    assert "soutien-scolaire" in school and "soutien-scolaire" not in small


@pytest.mark.donnees
@pytest.mark.unit
def test_chaque_page_de_resultats_tient_en_5_aides_avant_voir_aussi(real):
    guide, schema = real
    for profile in finder.profiles(schema):
        for need in finder.needs_for(schema, profile.band):
            results = finder.grouped(finder.find(guide, schema, profile, need))
            assert len(results.first) <= 5
            assert results.see_also == [] or len(results.first) == 5, (profile, need.slug)
            assert not any(m.service.is_project or m.service.plan_collectif for m in results.now)


@pytest.mark.donnees
@pytest.mark.unit
def test_les_tranches_d_age_ne_se_chevauchent_pas(real):
    _, schema = real
    bands = sorted((b.extra["age-min"], b.extra["age-max"]) for b in schema.taxonomy("tranche_age") if "age-min" in b.extra)
    assert all(high < next_low for (_, high), (next_low, _) in zip(bands, bands[1:], strict=False)), bands
    assert all(
        f"{low}" in schema.labels("tranche_age")[b.slug]
        for b in schema.taxonomy("tranche_age")
        if "age-min" in b.extra
        for low in [b.extra["age-min"], b.extra["age-max"]]
    )


@pytest.mark.donnees
@pytest.mark.unit
def test_les_outils_pour_les_professionnels_ne_sont_jamais_montres(real):
    """A rule on the data of the day: a service only for professionals, or that answers no need, is never shown."""
    guide, schema = real
    for profile in finder.profiles(schema):
        for need in finder.needs_for(schema, profile.band):
            for match in finder.find(guide, schema, profile, need):
                assert set(match.service.publics) - {"professionnels"} and need.slug in match.service.besoins, match.service.id


@pytest.mark.unit
def test_un_outil_pour_les_professionnels_n_est_jamais_montre_jeu_de_test(cas):
    guide, schema = cas
    assert all(
        "outil-pros" not in [m.service.id for m in finder.find(guide, schema, p, n)] for p in finder.profiles(schema) for n in finder.needs_for(schema, p.band)
    )


@pytest.mark.donnees
@pytest.mark.unit
def test_les_services_ouverts_avant_les_projets_puis_par_pertinence(real):
    """A rule on every results page of the data of the day."""
    guide, schema = real
    for profile in finder.profiles(schema):
        for need in finder.needs_for(schema, profile.band):
            matches = finder.find(guide, schema, profile, need)
            flags = [not finder.can_ask_now(m.service) for m in matches]
            assert flags == sorted(flags), (profile, need.slug)
            open_keys = [(not can_be_reached(m.service), -m.score) for m in matches if finder.can_ask_now(m.service)]
            assert open_keys == sorted(open_keys), "parmi les services ouverts : ceux qu'on peut joindre, puis par pertinence"


@pytest.mark.donnees
@pytest.mark.unit
def test_chaque_service_qui_a_un_besoin_est_trouvable(real):
    guide, schema = real
    seen = set()
    for profile in finder.profiles(schema):
        for need in finder.needs_for(schema, profile.band):
            seen |= {m.service.id for m in finder.find(guide, schema, profile, need)}
    assert [s.id for s in guide.services if s.besoins and s.id not in seen] == []


@pytest.mark.donnees
@pytest.mark.unit
def test_les_relais_existent_dans_les_donnees(real):
    guide, schema = real
    for band in schema.taxonomy("tranche_age"):
        assert len(finder.contacts(guide, band)) == len(band.extra["relais"]) >= 1, band.slug


@pytest.mark.donnees
@pytest.mark.unit
def test_au_plus_60_pages_par_langue_et_une_page_par_reponse(real):
    guide, schema = real
    pages = finder.finder_plan(guide, schema)
    paths = [p[0] for p in pages]
    assert len(paths) == len(set(paths)) <= 60
    results = [p for p in pages if p[2]["view"].step == "resultats"]
    assert len(results) == sum(len(finder.needs_for(schema, pr.band)) for pr in finder.profiles(schema))
    linked = {c.path for p in pages for c in p[2]["view"].choices}
    assert linked | {"je-cherche/index.md"} == set(paths), "chaque page est atteinte par un bouton, et chaque bouton mène à une page"


@pytest.mark.donnees
@pytest.mark.unit
def test_une_tranche_a_une_seule_situation_saute_la_question(real):
    guide, schema = real
    eleven = next(b for b in schema.taxonomy("tranche_age") if b.slug == "11-15-ans")
    assert finder.answer_path(schema, eleven) == "je-cherche/11-15-ans/ecole-formation/index.md"


@pytest.mark.donnees
@pytest.mark.unit
def test_aucune_aide_explique_et_dit_a_qui_demander(real):
    """With no service at all, a result page says so plainly and names whom to ask: only records the guide can connect the reader to."""
    guide, schema = real
    empty = dataclasses.replace(guide, services=[])
    pages = {p[0]: p for p in finder.finder_plan(empty, schema)}
    path, template, context, records = pages["je-cherche/18-25-ans/sans-emploi-ni-formation/emploi.md"]
    localizer = validate_once(REAL_DATA).localizers(["fr"])[0]
    text = (
        make_environment()
        .get_template(template)
        .render(page_path=path, guide=empty, state="original", site_path="/", audio_of=lambda r: None, **reader_words(schema, localizer.page()), **context)
    )
    assert "## Pas encore d'aide dans le guide pour ces réponses" in text
    assert "ne veut pas dire qu'il n'y en a pas" in text
    # Whom to ask: the audience entry's relays that can be reached (their number, if any, as a link), and nobody else.
    band = next(b for b in schema.taxonomy("tranche_age") if b.slug == "18-25-ans")
    relays = finder.contacts(empty, band)
    assert relays, "au moins un relais joignable pour les 18-25 ans"
    for contact in relays:
        assert f"/{contact.who.id}.md)" in text, contact.who.id
        if contact.phone:
            assert f"(tel:{contact.phone.replace(' ', '')})" in text, contact.who.id
    linked = set(re.findall(r"\]\(\.\./\.\./\.\./(?:organisations|fiches)/([a-z0-9-]+)\.md\)", text))
    assert linked <= {c.who.id for c in relays}, "la page n'envoie que vers ceux qu'on peut joindre"
    assert "médiateur" not in text
    assert "[Urgences et numéros utiles](../../../numeros-utiles.md)" in text
    assert "### " not in text


@pytest.mark.unit
def test_le_jeu_de_test_sans_relais_garde_le_mediateur():
    validation = validate_fixture()
    pages = {p[0]: p for p in finder.finder_plan(validation.guide, validation.schema)}
    view = pages["je-cherche/11-15-ans/ecole-formation/sante.md"][2]["view"]
    assert view.results.all == [] and view.contacts == []
    assert [m.service.id for m in pages["je-cherche/parents/parent-jeune-enfant/enfants-parentalite.md"][2]["view"].results.all] == ["service-b"]
    assert pages["je-cherche/parents/parent-enfant-scolarise/enfants-parentalite.md"][2]["view"].results.all == [], (
        "service-b est réservé aux parents de jeunes enfants"
    )


# ---------------------------------------------------------------- in Chromium, like a resident


def _shown(page) -> tuple[list[str], set[str]]:
    """The services listed (in order) and the organisations named on a result page."""
    services = page.eval_on_selector_all("[data-je-cherche] h3 a, [data-je-cherche] .je-cherche-liste a[href*='/fiches/']", "els => els.map(e => e.href)")
    orgs = page.eval_on_selector_all("[data-je-cherche] a[href*='/organisations/']", "els => els.map(e => e.href)")
    return [re.search(r"/fiches/([^/]+)/", s).group(1) for s in services], {re.search(r"/organisations/([^/]+)/", o).group(1) for o in orgs}


def _answer(page, label: str, javascript: bool) -> None:
    button = page.locator(".je-cherche-choix a", has_text=label)
    assert button.count() == 1, label
    if javascript:
        before = page.url
        button.click()
        wait_for(page, "u => location.href !== u && !document.querySelector('[data-je-cherche]').hasAttribute('aria-busy')", arg=before)
    else:
        with page.expect_navigation():
            button.click()


def _walk(browser, server, answers, javascript: bool):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(server)
    with page.expect_navigation():
        page.locator("a.entree--je-cherche").click()  # from the home page, like a resident
    if javascript:
        page.evaluate("window.__meme_page = true")
    for label in answers:
        _answer(page, label, javascript)
    return context, page


@pytest.mark.donnees
@pytest.mark.browser
@pytest.mark.parametrize("name", list(PROFILES))
def test_un_habitant_repond_et_voit_les_bonnes_aides_avec_et_sans_javascript(name, browser, server):
    """The same answers, with JavaScript (in place, on the same page) and without (one page per question): the same result
    page, showing exactly what guide/rendu/finder.py chooses for it."""
    real = validate_once(REAL_DATA)
    found = []
    for javascript in (True, False):
        context, page = _walk(browser, server, PROFILES[name], javascript)
        shown, _ = _shown(page)
        path = page.url[len(server) :]
        band, situation, need = re.fullmatch(r"je-cherche/([^/]+)/([^/]+)/([^/]+)/", path).groups()
        assert shown == _found((real.guide, real.schema), band, situation, need), ("la page montre exactement ce que choisit guide/rendu/finder.py", javascript)
        if javascript:
            assert page.evaluate("window.__meme_page") is True, "les réponses n'ont pas rechargé la page"
        found.append((path, shown))
        context.close()
    assert found[0] == found[1], "avec et sans JavaScript, la même page et les mêmes aides"


@pytest.mark.browser
def test_avec_javascript_l_adresse_se_partage_le_focus_et_l_annonce(browser, server):
    answers = PROFILES["19 ans, sans emploi, cherche un travail"]
    context, page = _walk(browser, server, answers, True)
    assert page.url == server + CEJ_PAGE
    heading = page.locator("[data-je-cherche] h2").first
    assert page.evaluate("document.activeElement === document.querySelector('[data-je-cherche] h2')")
    wait_for(page, "document.querySelector('[data-je-cherche-annonce]').textContent.length > 0")
    assert page.locator("[data-je-cherche-annonce]").inner_text() == heading.inner_text()
    assert re.fullmatch(r"\d+ aides pour vous", heading.inner_text())
    assert "Un travail" in page.title()
    before = _shown(page)
    # The language switch follows the new address.
    english = page.locator('a.md-select__link[hreflang="en"]').get_attribute("href")
    assert english == server + "en/" + CEJ_PAGE
    # The address is shareable: opening it again shows the same services.
    page.reload()
    assert _shown(page) == before
    # Back goes to the previous question, without a reload.
    page.evaluate("window.__meme_page = true")
    page.go_back()
    wait_for(
        page, "location.href.endsWith('/sans-emploi-ni-formation/') && document.querySelector('[data-je-cherche] h2').textContent.includes('Que cherchez-vous')"
    )
    assert page.evaluate("window.__meme_page") is True
    # A link to a service page is an ordinary link.
    page.go_forward()
    wait_for(page, "location.href.endsWith('/emploi/') && !!document.querySelector('[data-je-cherche] h3')")
    with page.expect_navigation():
        page.locator("[data-je-cherche] h3 a").first.click()
    assert page.url == server + "fiches/contrat-engagement-jeune/"
    context.close()


@pytest.mark.browser
def test_les_liens_hors_du_bloc_marchent_apres_changement_d_adresse(browser, server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(server + START)
    _answer(page, "J'ai 11 à 15 ans", True)
    themes = page.locator("a.md-nav__link", has_text="Thèmes").first.get_attribute("href")
    assert themes == server + "themes/"
    context.close()


def _reviewed(locale: str) -> bool:
    """True when a speaker has reviewed some text of this locale (translations or interface words) in the data of the day."""
    files = [REAL_DATA_DIR / "translations" / f"{locale}.yaml", REAL_DATA_DIR / "interface" / f"{locale}.yaml"]
    return any(re.search(r"\bstatut: relu\b", f.read_text(encoding="utf-8")) for f in files if f.exists())


@pytest.mark.donnees
@pytest.mark.browser
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_chaque_langue_a_son_depart_et_ses_resultats(locale, browser, server):
    """Rules, whatever the data: French has no notice; a locale nobody has reviewed yet has one, once, above the block; the
    results are the finder's choice (a partner's correct edit may change them)."""
    prefix = "" if locale == "fr" else f"{locale}/"
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + prefix)
    assert page.locator("a.entree--je-cherche").get_attribute("href") in ("je-cherche/", "./je-cherche/")
    page.goto(server + prefix + START)
    direction = "rtl" if locale == "ar" else "ltr"
    assert page.evaluate("document.documentElement.dir") == direction
    assert page.locator(".je-cherche-choix a").count() == 4
    notices = page.locator("article .admonition.guide-avis")  # once, above the block the script replaces at each answer
    reviewed = locale != "fr" and _reviewed(locale)
    expected_notices = {0} if locale == "fr" else ({0, 1} if reviewed else {1})
    assert notices.count() in expected_notices, "des textes non relus : la page le dit, une fois"
    labels = page.eval_on_selector_all(".je-cherche-choix a", "els => els.map(e => e.textContent.trim())")
    if locale in ("en", "ar"):
        assert "J'ai 18 à 25 ans" not in labels, "les boutons sont traduits"
    if locale == "swb" and not reviewed:
        assert "J'ai 18 à 25 ans" in labels, "aucune personne qui parle shimaoré n'a relu les boutons : ils restent en français"
    page.goto(server + prefix + CEJ_PAGE)
    shown, _ = _shown(page)
    real = validate_once(REAL_DATA)
    assert shown == _found((real.guide, real.schema), "18-25-ans", "sans-emploi-ni-formation", "emploi")
    assert all(f"/{prefix}fiches/" in href for href in page.eval_on_selector_all("[data-je-cherche] h3 a", "els => els.map(e => e.href)")), (
        "les fiches restent dans la langue"
    )
    assert page.locator("article .admonition.guide-avis").count() in expected_notices
    assert page.locator("[data-je-cherche] .admonition.guide-avis").count() == 0
    if locale == "swb" and not reviewed:
        assert page.evaluate("document.documentElement.lang") == "fr", "le français affiché à la place du shimaoré est marqué lang=fr"
    context.close()


@pytest.mark.browser
def test_impression_sans_les_boutons(browser, server):
    page = browser.new_page(viewport=PHONE)
    page.goto(server + CEJ_PAGE)
    page.emulate_media(media="print")
    assert not page.locator(".je-cherche-recommencer").is_visible()
    assert page.locator("[data-je-cherche] h3").first.is_visible()
    page.close()


# ---------------------------------------------------------------- accessibility, validity, weight


# axe-core on each step of the finder (the first question, a situation, a need, two result pages) in every language:
# test_accessibility.py::test_au_telephone_ni_violation_axe_ni_refus_de_la_politique_ni_defilement_de_cote (support.phone_sweep), in the same tab as the sample.


@pytest.mark.build
def test_le_validateur_du_w3c_ne_trouve_aucune_erreur_dans_je_cherche(w3c, site):
    """The « Je cherche… » pages of every language: every one with GUIDE_COMPLET=1, else a sample of each language that
    holds its first and last page and every variant of the template (support.sample_of)."""
    for locale in ALL_LOCALES:
        finder = finder_pages(site, locale)
        taken = [path for path in w3c.groups["je-cherche"] if path in finder]
        assert len(finder) > 50, locale
        assert taken == finder if complete_run() else {finder[0], finder[-1]} <= set(taken) and len(taken) >= 8, locale
    assert w3c.errors("je-cherche") == {}


@pytest.mark.build
def test_poids_de_la_page_de_depart_et_du_script(site):
    for locale in ALL_LOCALES:
        start = (site if locale == "fr" else site / locale) / "je-cherche" / "index.html"
        size = len(gzip.compress(start.read_bytes(), 9))
        assert size <= 14 * 1024, (locale, size)
    script = (ROOT / "docs" / "assets" / "je-cherche.js").read_bytes()
    assert len(gzip.compress(script, 9)) <= 2048
    fiche = (site / "fiches" / "contrat-engagement-jeune" / "index.html").read_text(encoding="utf-8")
    assert "je-cherche.js" not in fiche, "le script n'est chargé que sur les pages « Je cherche… »"


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_apres_chaque_reponse_l_icone_et_le_manifeste_existent(locale, browser, server):
    """The address changes without reloading the page: the icon and the manifest (relative addresses) must still be found."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    missing: list[str] = []
    page.on("response", lambda response: response.status == 404 and missing.append(response.url))
    page.goto(server + ("" if locale == "fr" else f"{locale}/") + "je-cherche/")
    for _ in range(3):  # qui êtes-vous, votre situation (if asked), que cherchez-vous
        choices = page.locator("[data-je-cherche] .je-cherche-choix a")
        if choices.count() == 0:
            break
        before = page.url
        choices.first.click()
        wait_for(page, "u => location.href !== u && !document.querySelector('[data-je-cherche]').hasAttribute('aria-busy')", arg=before)
        found = page.evaluate(
            """() => Promise.all([...document.querySelectorAll("link[rel~='icon'], link[rel='manifest']")]
                 .map(l => fetch(l.href).then(r => r.status === 200 ? '' : l.getAttribute('href') + ' : ' + r.status + ' à ' + location.pathname)))"""
        )
        assert len(found) >= 2, "la page a une icône et un manifeste"
        missing += [problem for problem in found if problem]
    context.close()
    assert missing == []
