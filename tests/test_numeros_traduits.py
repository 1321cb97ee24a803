"""Une traduction ne fait jamais perdre un numéro à appeler : à défaut, le français est montré, avec son avis.

Une traduction (en, ar, facile) qui n'a pas un numéro que son français donne (guide/langues/safety_numbers.py), ou qui n'est
plus à jour (empreinte différente), laisse la place au texte français, marqué lang="fr", et la page le signale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from guide.donnees.paths import INTERFACE_DIR
from guide.langues.interface import Interface
from guide.langues.localizer import Localizer
from guide.langues.safety_numbers import call_numbers, missing_numbers
from guide.langues.translations import Catalogue, fingerprint
from guide.rendu.render import render_pages
from guide.validate import validate
from support import MINIMAL, TODAY, yaml_load


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Appelez le 3949 (service gratuit).", {"3949"}),
        ("Écoute : 3114, 24 h/24. Harcèlement : 3018.", {"3114", "3018"}),
        ("[3646](tel:3646) ou [3230](tel:3230)", {"3646", "3230"}),
        ("En danger : appelez le 112, le 15 (santé), le 17, le 18. Par SMS : le 114.", {"112", "15", "17", "18", "114"}),
        ("Enfance en danger : le 119.", {"119"}),
        ("Numéro vert : 0 800 23 13 13.", {"0800231313"}),
        ("Accueil : 03 81 00 00 00 ou +33 3 81 00 00 01.", {"0381000000", "0381000001"}),
        ("Enfants disparus : 116 000.", {"116000"}),
        # Not numbers to call: ages, years, amounts, dates, counts.
        ("Pour les 18-25 ans, de 16 à 25 ans, depuis 2023.", set()),
        ("Une aide de 3 000 euros, ou 3000 € au plus, pour 15 jeunes.", set()),
        ("", set()),
    ],
)
def test_ce_qui_compte_comme_un_numero(text, numbers):
    assert call_numbers(text) == numbers


@pytest.mark.unit
def test_une_traduction_garde_un_numero_ecrit_autrement():
    assert missing_numbers("Appelez le 3949.", "اتصل بالرقم ٣٩٤٩.") == set(), "chiffres arabes-indiens"
    assert missing_numbers("Appelez le 03 81 00 00 00.", "Call +33 3 81 00 00 00.") == set()
    assert missing_numbers("Appelez le 03 81 00 00 00.", "Call 03.81.00.00.00.") == set()
    assert missing_numbers("Par SMS : le 114.", "By text message: 114.") == set()
    assert missing_numbers(["Appelez le 3949.", "Venez."], ["Call 3949.", "Come."]) == set(), "une liste d'étapes"
    assert missing_numbers("Appelez le 3949 ou le 3230.", "Call 3949.") == {"3230"}
    assert missing_numbers("En danger : le 112. Par SMS : le 114.", "In danger: call 112.") == {"114"}
    assert missing_numbers("Rien à appeler.", "Nothing to call.") == set()


# ---------------------------------------------------------------- the display decision, on a fixture catalogue


@dataclass
class _Record:
    french: dict
    collection: str = "services"
    id: str = "essai"
    aliases: list = field(default_factory=list)


def _localizer(entries: dict, statuts: str = "relu brouillon automatique") -> Localizer:
    catalogue = Catalogue("en", {"services": {"essai": entries}})
    interface = Interface({"statuts_affiches": statuts, "lang": "en"})
    return Localizer("en", catalogue, interface, {"lang": "fr"}, False, {"services": ["resume", "etapes"]})


def _entry(text, french, statut="automatique"):
    return {"texte": text, "statut": statut, "empreinte": fingerprint(french)}


@pytest.mark.unit
def test_une_traduction_a_jour_qui_garde_ses_numeros_est_montree():
    french = "Appelez le 3949."
    shown = _localizer({"resume": _entry("Call 3949.", french)}).text(_Record({"resume": french}), "resume")
    assert (shown.value, shown.state, shown.is_french) == ("Call 3949.", "automatique", False)


@pytest.mark.unit
def test_une_traduction_qui_perd_un_numero_laisse_la_place_au_francais():
    french = "En danger : appelez le 112. Par SMS : le 114."
    page = _localizer({"resume": _entry("In danger: call 112.", french, "relu")}).page()
    shown = page.text(_Record({"resume": french}), "resume")
    assert shown.value == french and shown.is_french and shown.state == "manquant"
    assert page.notice_state() == "manquant", "la page dit que du français est montré"


@pytest.mark.unit
def test_une_liste_d_etapes_qui_perd_un_numero_laisse_la_place_au_francais():
    french = ["Appelez le 3646.", "Envoyez vos papiers."]
    shown = _localizer({"etapes": _entry(["Call your health insurance.", "Send your papers."], french)}).text(_Record({"etapes": french}), "etapes")
    assert shown.value == french and shown.is_french


@pytest.mark.unit
def test_une_traduction_perimee_laisse_la_place_au_francais_avec_l_avis_a_mettre_a_jour():
    old, french = "Appelez le 3949.", "Appelez le 3949 ou le 3230."
    page = _localizer({"resume": _entry("Call 3949.", old)}).page()
    shown = page.text(_Record({"resume": french}), "resume")
    assert shown.value == french and shown.is_french and shown.state == "perime"
    assert page.notice_state() == "perime"
    without_number = _localizer({"resume": _entry("Hello.", "Bonjour.")}).text(_Record({"resume": "Bonjour !"}), "resume")
    assert without_number.value == "Bonjour !" and without_number.is_french, "périmé, même sans numéro"


# ---------------------------------------------------------------- on a rendered page (fixture data)


def _fixture_with(tmp_path: Path, french: str, facile: str) -> dict[str, str]:
    """The fixture data whose service-a summary is `french`, translated in Facile à lire (reviewed, up to date) as `facile`."""
    data = yaml_load(MINIMAL.read_text(encoding="utf-8"))
    service = next(s for s in data["services"] if s["id"] == "service-a")
    service["resume"] = french
    (tmp_path / "translations").mkdir()
    (tmp_path / "schemes.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    entry = {"texte": facile, "statut": "relu", "par": "jeu de test", "empreinte": fingerprint(french)}
    (tmp_path / "translations" / "facile.yaml").write_text(yaml.safe_dump({"services": {"service-a": {"resume": entry}}}, allow_unicode=True), encoding="utf-8")
    validation = validate(tmp_path / "schemes.yaml", on=TODAY, interface_dir=INTERFACE_DIR)
    # guide check refuses an up-to-date translation that loses a number (guide/langues/translation_safety.py); the page still falls back.
    errors = [p.format() for p in validation.errors if "donne le numéro" not in p.message]
    assert not errors, errors
    return render_pages(validation.guide, validation.schema, dt.date(2023, 3, 1), validation.localizers(["fr", "facile"]))


@pytest.mark.unit
def test_la_fiche_montre_le_francais_marque_quand_la_traduction_perd_un_numero(tmp_path):
    french = "Un service de test. En cas de doute, appelez le 3949."
    page = _fixture_with(tmp_path, french, "Un service. Appelez France Travail.")["fiches/service-a.facile.md"]
    assert french in page.split("---", 2)[2], "le résumé français, à la place de la traduction"
    assert "Appelez France Travail." not in page
    assert "!!! warning guide-avis" in page


@pytest.mark.unit
def test_la_fiche_montre_la_traduction_qui_garde_ses_numeros(tmp_path):
    page = _fixture_with(tmp_path, "Un service de test. Appelez le 3949.", "Un service. Appelez le 3949.")["fiches/service-a.facile.md"]
    assert "Un service. Appelez le 3949." in page and "Un service de test. Appelez le 3949." not in page


# ---------------------------------------------------------------- the project's own pages


@pytest.mark.rendu
def test_aucune_page_traduite_ne_perd_un_numero_que_le_francais_donne(real_pages, guide):
    """Rule on the real data: every number to call a French page of a record gives is on its en, ar and facile pages."""
    pages = [r.page for r in (*guide.services, *guide.mesures, *guide.organisations)]
    lost = []
    for page in pages:
        french = real_pages[page]
        for locale in ("facile", "en", "ar"):
            translated = real_pages[page[: -len(".md")] + f".{locale}.md"]
            missing = missing_numbers(french, translated)
            if missing:
                lost.append(f"{locale}/{page} : {sorted(missing)}")
    assert not lost, f"{len(lost)} page(s) traduite(s) sans un numéro du français : {lost[:10]}"
