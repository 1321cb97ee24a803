"""Le gros bouton d'une fiche (guide/donnees/contacts.py) : le service, ses organisations, ou un relais de son domaine, sinon rien.

Les règles sont testées sur des fiches faites ici ; la règle « aucun relais hors de son domaine » est aussi vérifiée
sur toutes les fiches des vraies données et sur leurs pages dans chaque langue rendue.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from guide.donnees.contacts import Contact, ContactPlan, contact_plan, contact_plans, relay_problems, relays_outside_their_domain
from guide.donnees.formatting import tel_uri
from guide.donnees.model import Guide, Organisation, Service, SourceCitation

SOURCE = SourceCitation("pacte", None, dt.date(2023, 1, 31))


def _org(oid: str, relais: dict | None = None, **contact) -> Organisation:
    return Organisation(oid, oid.upper(), SOURCE, 10, collection="organisations", relais=relais, **contact)


def _service(sid: str, *orgs: Organisation, needs=("sante",), theme="sante", ages=(None, None), relais: dict | None = None, **contact) -> Service:
    return Service(
        sid,
        sid,
        SOURCE,
        42,
        collection="services",
        relais=relais,
        besoins=list(needs),
        thematique=theme,
        age_min=ages[0],
        age_max=ages[1],
        organisations=list(orgs),
        **contact,
    )


def _guide(services: list[Service], organisations: list[Organisation]) -> Guide:
    return Guide(services, [], organisations, [], {})


ECOUTE = _service("ecoute", relais={"besoins": ["sante"], "thematiques": ["sante"], "age_min": 12, "age_max": 25}, telephone="0 800 000 000")
CAISSE = _org("caisse", relais={"besoins": ["demarches-droits"], "thematiques": ["sante"]}, telephone="3646")
VILLE = _org("ville", site_web="https://ville.invalid")
MUET = _org("muet")


def _plan(service: Service, orgs=(VILLE, MUET, CAISSE)) -> ContactPlan:
    return contact_plan(service, _guide([service, ECOUTE], list(orgs)))


@pytest.mark.unit
def test_le_bouton_est_d_abord_le_contact_du_service_meme_un_simple_site():
    service = _service("propre", VILLE, site_web="https://propre.invalid")
    plan = _plan(service)
    assert plan.main.who is service and plan.main_is_own and plan.relays == []
    assert plan.call is None, "le site du service passe avant le téléphone d'une organisation"


@pytest.mark.unit
def test_sans_contact_propre_le_bouton_est_celui_d_une_organisation():
    appel = _org("appel", telephone="01 02 03 04 05")
    plan = _plan(_service("porte", MUET, VILLE, appel, ages=(14, 20)))
    assert plan.main.who is appel and plan.call is plan.main, "dans un même rang, un téléphone avant un site"
    assert plan.relays == [], "une organisation joignable : pas de relais, même dans le domaine"


@pytest.mark.unit
def test_un_relais_n_est_bouton_que_dans_son_domaine_besoin_principal_theme_et_ages():
    assert _plan(_service("jeune", MUET, ages=(16, 25))).main.who is ECOUTE
    assert _plan(_service("tout-petit", MUET, ages=(0, 6))).main is None, "une ligne pour les 12-25 ans n'est pas celle des tout-petits"
    assert _plan(_service("age-inconnu", MUET)).main is None, "âges inconnus : pas de relais qui a des âges"
    assert _plan(_service("autre-besoin", MUET, needs=("culture-loisirs", "sante"), ages=(16, 25))).main is None, "le besoin principal compte"
    assert _plan(_service("autre-theme", MUET, theme="famille-parentalite", ages=(16, 25))).main is None
    assert _plan(_service("sans-besoin", MUET, needs=(), ages=(16, 25))).main is None, "une fiche sans besoin n'a jamais de relais"
    droits = _plan(_service("droits", MUET, needs=("demarches-droits",)))
    assert droits.main.who is CAISSE and droits.main.phone == "3646", "un relais sans âge vaut pour tous les âges"
    assert droits.local_missing and droits.others == droits.relays


@pytest.mark.unit
def test_une_feuille_imprimee_garde_deux_contacts_en_tout():
    appel, site = _org("appel", telephone="01 02 03 04 05"), _org("site", site_web="https://site.invalid")
    avec = _plan(_service("avec", appel, site, MUET, site_web="https://avec.invalid"), orgs=(appel, site, MUET))
    sans = _plan(_service("sans", appel, site, MUET), orgs=(appel, site, MUET))
    assert avec.in_print == [avec.organisations[0]] and sans.in_print == sans.others[:2] == [sans.organisations[0], sans.organisations[1]]
    assert avec.unnamed_in_print == [site, MUET], "les organisations que la ligne imprimée ne nomme pas"


@pytest.mark.unit
def test_sans_bouton_la_fiche_dit_qui_peut_renseigner_en_clair(validation):
    from guide.rendu.render import render_pages

    fr = validation.localizers(["fr"])[0]
    # A service of the real data whose plan has no main button: its page names its organisations in plain words.
    plans = contact_plans(validation.guide)
    pages = None
    for service in validation.guide.services:
        if plans[service.id].main is None:
            pages = pages or render_pages(validation.guide, validation.schema, dt.date(2026, 12, 1), [fr])
            page = pages[service.page]
            assert "guide-action--principale" not in page
            assert fr.raw("pas_de_contact_local") in page and fr.raw("vous_pouvez_demander").split("{who}")[0] in page
            for org in service.organisations:
                assert org.nom in page
            (line,) = [x for x in page.splitlines() if fr.raw("pas_de_contact_local") in x]
            assert "pacte" not in line.lower(), "la ligne Contact parle au lecteur, pas du pacte"


@pytest.mark.unit
def test_aucun_bouton_ni_contact_n_est_un_relais_hors_de_son_domaine(validation, guide):
    plans = contact_plans(guide, validation.schema)
    assert relays_outside_their_domain(plans) == []
    for service in guide.services:
        plan = plans[service.id]
        main = plan.main
        if main is None or main.who is service or main.who in service.organisations:
            continue
        assert main in plan.relays and not (plan.own or plan.organisations), service.id


@pytest.mark.unit
def test_mutation_un_relais_hors_de_son_domaine_fait_echouer_la_regle():
    tout_petit = _service("tout-petit", MUET, ages=(0, 6))
    ecoute = Contact(ECOUTE, phone=ECOUTE.telephone)
    wrong = {"tout-petit": ContactPlan(tout_petit, None, [], [ecoute])}
    assert relays_outside_their_domain(wrong) == [(tout_petit, ecoute)]
    sans_domaine = ContactPlan(tout_petit, None, [], [Contact(VILLE, website=VILLE.site_web)])
    assert relays_outside_their_domain({"x": sans_domaine}) == [(tout_petit, sans_domaine.relays[0])], "un relais qui ne déclare aucun domaine"
    (problem,) = relay_problems(wrong, "data/schemes.yaml")
    line = problem.format()
    assert line.startswith("data/schemes.yaml:42:5: tout-petit › besoins : ") and "« ecoute »" in line
    assert "relais: {besoins: [sante], thematiques: [sante]}" in line and "Traceback" not in line


def _button_target(page: str) -> str | None:
    found = re.search(r"\]\(([^)]*)\)\{ \.guide-action \.guide-action--principale \}", page)
    return found.group(1) if found else None


@pytest.mark.rendu
def test_le_bouton_de_chaque_fiche_dans_chaque_langue_suit_la_regle(real_pages, guide, validation):
    plans = contact_plans(guide, validation.schema)
    locales = {"": "fr", ".facile": "facile", ".en": "en", ".ar": "ar"}
    seen = set()
    for suffix, locale in locales.items():
        for service in guide.services:
            page = real_pages.get(service.page.replace(".md", suffix + ".md"))
            if page is None:
                continue
            seen.add(locale)
            main, target = plans[service.id].main, _button_target(page)
            if main is None:
                assert target is None, f"{locale} {service.id} : pas de bouton attendu"
                continue
            expected = tel_uri(main.phone) if main.phone else ("mailto:" + main.email if main.email else main.website)
            assert target == expected, f"{locale} {service.id} : {target} au lieu de {expected}"
    assert seen == set(locales.values())


# ---------------------------------------------------------------- item 7: what a resident can act on comes first


def _open(sid: str, *orgs: Organisation, needs=("emploi",), state="en-place", **contact) -> Service:
    service = _service(sid, *orgs, needs=needs, theme="emploi-insertion", ages=(16, 25), **contact)
    service.etat, service.publics = state, ["jeunes"]
    return service


@pytest.mark.unit
def test_je_cherche_et_les_listes_mettent_d_abord_ce_qu_on_peut_joindre(validation):
    from guide.donnees.contacts import can_be_reached
    from guide.rendu import finder
    from guide.rendu.selection import services_for_band, services_for_theme

    schema = validation.schema
    projet = _open("a-projet-joignable", VILLE, state="projet", telephone="01 02 03 04 05")
    injoignable = _open("b-ouvert-injoignable", MUET)  # the best score: main need
    joignable = _open("c-ouvert-joignable", MUET, VILLE, needs=("formation-orientation", "emploi"))  # reached through an organisation
    guide = _guide([projet, injoignable, joignable], [VILLE, MUET])
    assert [can_be_reached(s) for s in (projet, injoignable, joignable)] == [True, False, True]
    band = next(t for t in schema.taxonomy("tranche_age") if t.slug == "18-25-ans")
    situation = next(t for t in schema.taxonomy("situation") if t.slug == "sans-emploi-ni-formation")
    need = next(t for t in schema.taxonomy("besoin") if t.slug == "emploi")
    matches = finder.find(guide, schema, finder.Profile(band, situation), need)
    assert [m.service.id for m in matches] == ["c-ouvert-joignable", "b-ouvert-injoignable", "a-projet-joignable"]
    assert matches[1].score > matches[0].score, "joignable d'abord, même moins pertinent"
    assert [m.service.id for m in finder.grouped(matches).later] == ["a-projet-joignable"], "les projets de 2023 restent après"
    expected = [joignable, injoignable, projet]
    assert services_for_theme(guide, "emploi-insertion") == expected
    assert services_for_band(guide, {"age-min": 18, "age-max": 25}) == expected
