"""Couverture du pacte et des besoins des habitants : dispositifs nationaux hors pacte, annuaires officiels
(« Trouver l'adresse la plus proche »), pages officielles notées sans date de lecture, et les corrections de
contenu de l'issue 26 (point 8), écrites comme des règles sur les données et les pages, jamais comme une photo
des données d'aujourd'hui."""

from __future__ import annotations

import re
import unicodedata

import pytest

from guide.donnees.paths import ROOT
from guide.rendu.render import render_pages
from guide.validate import validate
from support import INTERFACE_DIR, MINIMAL, TODAY, validate_fixture

LOCALES = ["fr", "facile", "en", "ar"]
DOCS = ROOT / "docs"


def _plain(text: str) -> str:
    """Lower case, without accents: how a sentence is compared."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def _page(pages: dict[str, str], record, locale: str) -> str:
    path = record.page if locale == "fr" else record.page.replace(".md", f".{locale}.md")
    return pages[path]


# ---------------------------------------------------------------- the fixture data, changed in one place


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """The fixture data where service-b is a national scheme outside the pact, cited from an official page noted
    without a reading date, and service-a and org-a give an official directory."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace(
        '    titre: Document de test\n    date: "2023-01-31"\n',
        '    titre: Document de test\n    date: "2023-01-31"\n  - id: page-officielle\n    titre: Page officielle de test\n    url: https://www.service-public.fr\n',
    )
    start = text.index("  - id: service-b\n")
    head, tail = text[:start], text[start:]
    tail = tail.replace("    etat: ", "    hors_pacte: true\n    etat: ", 1)
    tail = re.sub(r"    source: \{[^}]*\}", "    source: {document: page-officielle}", tail, count=1)
    text = head + tail
    text = text.replace("    site_web: https://www.exemple.fr\n", "    site_web: https://www.exemple.fr\n    annuaire: https://annuairesante.ameli.fr\n", 1)
    text = text.replace("    role: Porte le service de test.\n", "    role: Porte le service de test.\n    annuaire: https://lannuaire.service-public.fr\n", 1)
    path = tmp_path_factory.mktemp("national") / "schemes.yaml"
    path.write_text(text, encoding="utf-8")
    result = validate(path, on=TODAY, interface_dir=INTERFACE_DIR)
    assert result.ok, [p.format() for p in result.errors]
    return result


@pytest.fixture(scope="module")
def national_pages(national):
    return render_pages(national.guide, national.schema, TODAY, national.localizers(LOCALES))


@pytest.mark.unit
def test_un_dispositif_hors_pacte_le_dit_en_haut_de_sa_fiche_dans_chaque_langue(national, national_pages):
    service = next(s for s in national.guide.services if s.id == "service-b")
    assert service.hors_pacte
    for localizer, locale in zip(national.localizers(LOCALES), LOCALES, strict=True):
        page = _page(national_pages, service, locale)
        label = localizer.t("hors_pacte_titre")
        assert label in page, (locale, label)
        assert page.index(label) < page.index(localizer.t("comment_faire")), f"{locale} : l'étiquette doit venir avant « Comment faire »"
    other = next(s for s in national.guide.services if s.id == "service-a")
    assert national.localizers(["fr"])[0].t("hors_pacte_titre") not in _page(national_pages, other, "fr")


@pytest.mark.unit
def test_une_page_officielle_non_lue_n_a_pas_de_date_et_la_fiche_dit_de_verifier(national, national_pages):
    service = next(s for s in national.guide.services if s.id == "service-b")
    assert service.source.date is None and service.information_date is None
    for localizer, locale in zip(national.localizers(LOCALES), LOCALES, strict=True):
        page = _page(national_pages, service, locale)
        assert localizer.t("a_verifier_site_officiel") in page, locale
        line = next(line for line in page.splitlines() if "https://www.service-public.fr" in line)
        assert not re.search(r"\b(19|20)\d\d\b", line), f"{locale} : une date de lecture est affichée : {line}"


@pytest.mark.unit
def test_l_annuaire_officiel_est_a_cote_du_contact_de_la_fiche_et_de_l_organisation(national, national_pages):
    guide = national.guide
    service = next(s for s in guide.services if s.id == "service-a")
    assert service.annuaires == ["https://annuairesante.ameli.fr", "https://lannuaire.service-public.fr"]  # its own, then its organisation's
    for localizer, locale in zip(national.localizers(LOCALES), LOCALES, strict=True):
        found = localizer.t("trouver_adresse")
        contact_line = next(line for line in _page(national_pages, service, locale).splitlines() if localizer.t("contact") in line)
        for url in service.annuaires:
            assert f"[{found}]({url})" in contact_line, (locale, url)
        organisation = next(o for o in guide.organisations if o.id == "org-a")
        assert f"[{found}](https://lannuaire.service-public.fr)" in _page(national_pages, organisation, locale), locale


@pytest.mark.unit
def test_sans_annuaire_pas_de_lien_trouver_l_adresse():
    plain = validate_fixture()
    pages = render_pages(plain.guide, plain.schema, TODAY, plain.localizers(["fr"]))
    found = plain.localizers(["fr"])[0].t("trouver_adresse")
    assert plain.guide.services and not any(s.annuaires for s in plain.guide.services)
    for service in plain.guide.services:
        assert found not in _page(pages, service, "fr"), service.id


@pytest.mark.unit
def test_les_donnees_ouvertes_gardent_une_date_pour_une_source_non_datee(national):
    from guide.sorties.opendata import di_service, field_labels, source_text

    service = next(s for s in national.guide.services if s.id == "service-b")
    row = di_service(service, "https://exemple.fr/", national.localizers(["fr"])[0].t, field_labels(national.schema), national.guide.reference_date)
    assert row["date_maj"] == national.guide.reference_date.isoformat()  # data·inclusion demands a date: the data's newest, never a reading
    assert "à vérifier" in source_text(service)


# ---------------------------------------------------------------- the project's data, against the rules


@pytest.mark.rendu
def test_chaque_dispositif_hors_pacte_des_donnees_est_marque_et_cite_une_page_web(guide, real_pages, validation):
    outside = [s for s in guide.services if s.hors_pacte]
    for service in outside:
        assert service.source.url, f"{service.id} : un dispositif hors pacte cite sa page officielle"
        assert service.source.document != "pacte-planoise-2023", service.id
        for localizer, locale in zip(validation.localizers(LOCALES), LOCALES, strict=True):
            assert localizer.t("hors_pacte_titre") in _page(real_pages, service, locale), (service.id, locale)


@pytest.mark.rendu
def test_chaque_annuaire_des_donnees_est_affiche_dans_chaque_langue(guide, real_pages, validation):
    for localizer, locale in zip(validation.localizers(LOCALES), LOCALES, strict=True):
        found = localizer.t("trouver_adresse")
        for service in guide.services:
            for url in service.annuaires:
                assert f"[{found}]({url})" in _page(real_pages, service, locale), (service.id, locale, url)
        for organisation in guide.organisations:
            if organisation.annuaire:
                assert f"[{found}]({organisation.annuaire})" in _page(real_pages, organisation, locale), (organisation.id, locale)


@pytest.mark.unit
def test_un_alias_fait_de_chiffres_est_un_numero_que_la_fiche_donne(guide):
    """« 3020 » n'est pas un autre nom du 3018 : un numéro donné comme « aussi appelé » est le numéro de la fiche,
    ou un numéro que sa fiche donne elle-même au lecteur (la fiche Urgences donne le 15, le 17, le 18…)."""
    for record in [*guide.services, *guide.organisations]:
        texts = [getattr(record, "resume", ""), getattr(record, "description", ""), *getattr(record, "etapes", [])]
        given = " ".join([getattr(record, "telephone", None) or "", *texts])
        numbers = set(re.findall(r"\d+", given.replace("\u00a0", "").replace(" ", "")))
        for alias in record.alias:
            digits = alias.replace(" ", "")
            if digits.isdigit():
                assert digits in numbers, f"{record.id} : « {alias} » n'est pas un numéro que la fiche donne"


@pytest.mark.unit
def test_une_priorite_d_age_n_est_pas_une_limite(guide):
    """« En priorité » pour les plus de 16 ans ne devient pas « à partir de 16 ans » : pas d'âge minimum affirmé."""
    for service in guide.services:
        if service.publics_precisions and "en priorité" in service.publics_precisions and re.search(r"\d+ ans", service.publics_precisions):
            assert service.age_min is None or service.unsure("age_min"), service.id


@pytest.mark.unit
def test_sans_prix_dans_la_source_le_prix_n_est_pas_dit_gratuit_ou_aide(guide):
    """Une fiche qui dit que la source ne donne pas de prix n'affiche pas « Gratuit » ni « Gratuit ou aidé »."""
    for service in guide.services:
        if service.frais_precisions and "ne donne pas de prix" in service.frais_precisions:
            assert service.frais == "non-precise", service.id


@pytest.mark.unit
def test_le_public_allophones_vient_d_une_mesure_qui_le_dit(guide):
    """« Allophones » (mesures 42 et 54) n'est pas mis sur des fiches dont la mesure parle d'autres publics (mesure 53)."""
    for service in guide.services:
        if "allophones" in service.publics:
            said = [m for m in service.mesures if re.search(r"allophone|parlent peu le français", m.engagement + " " + m.titre)]
            assert said, f"{service.id} : aucune de ses mesures ne parle de familles allophones"


@pytest.mark.unit
def test_le_cafe_des_parents_n_est_pas_presente_comme_ouvert_a_tous(guide):
    """Le café des parents reçoit les familles repérées par les professionnels : aucune page écrite à la main ne dit qu'il « vous accueille »."""
    cafe = next((s for s in guide.services if s.id == "cafe-des-parents"), None)
    if cafe is None or "repérées" not in (cafe.publics_precisions or ""):
        pytest.skip("le café des parents n'est plus réservé aux familles repérées")
    for path in DOCS.glob("*.md"):
        for sentence in re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8")):
            if "café des parents" in sentence.casefold():
                assert "vous accueille" not in sentence, f"{path.name} : {sentence}"


@pytest.mark.unit
def test_a_propos_nomme_chaque_signataire_du_pacte(guide):
    text = _plain((DOCS / "a-propos.md").read_text(encoding="utf-8"))
    signatories = [o for o in guide.organisations if o.signataire]
    for organisation in signatories:
        names = [organisation.nom, *organisation.alias]
        assert any(_plain(n) in text for n in names), f"a-propos ne nomme pas {organisation.nom}"
    count = re.search(r"par (\d+) signataires", text)
    assert count and int(count.group(1)) == len(signatories)


@pytest.mark.unit
def test_le_conditionnel_du_pacte_reste_au_conditionnel(guide):
    """Mesure 10 : le pacte écrit que la présentation « serait conduite » à deux voix ; le guide ne l'affirme pas."""
    measure = next(m for m in guide.mesures if m.numero == 10)
    assert re.search(r"\b(serait|pourrait|devrait)\b", measure.engagement), measure.engagement
