"""Les horaires dits en mots (guide/donnees/hours.py) : dans la langue du lecteur, jamais le code OpenStreetMap stocké."""

from __future__ import annotations

import re

import pytest

from guide.donnees import hours
from support import OSM_CODE

# Stored value → what a reader of each locale reads (the locale's interface strings and Babel's day names).
WORDING = {
    "Th 10:00-12:00": {
        "fr": "le jeudi, de 10 h à 12 h",
        "facile": "le jeudi, de 10 h à 12 h",
        "en": "on Thursdays, from 10:00 to 12:00",
        "ar": "يوم الخميس، من الساعة 10 إلى الساعة 12",
    },
    "week 01-53/2 Th 10:00+": {
        "fr": "un jeudi sur deux, à partir de 10 h",
        "facile": "un jeudi sur deux, à partir de 10 h",
        "en": "every other Thursday, from 10:00",
        "ar": "يوم الخميس مرة كل أسبوعين، ابتداءً من الساعة 10",
    },
    "week 02-52/2 Mo-Fr 09:00-12:00,14:00-17:30": {
        "fr": "une semaine sur deux : du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h 30",
        "en": "every other week: Monday to Friday, from 9:00 to 12:00 and from 14:00 to 17:30",
    },
    "Mo": {"fr": "le lundi", "en": "on Mondays", "ar": "يوم الاثنين"},
    "Mo,Tu 09:30-11:00": {"fr": "le lundi et le mardi, de 9 h 30 à 11 h", "en": "on Mondays and Tuesdays, from 9:30 to 11:00"},
    "Mo-Su 08:00-20:00": {"fr": "tous les jours, de 8 h à 20 h", "en": "every day, from 8:00 to 20:00"},
    "24/7": {"fr": "tous les jours, jour et nuit", "en": "every day, day and night", "ar": "كل يوم، ليلًا ونهارًا"},
    "Mo 09:00-12:00; We 14:00-16:00": {"fr": "le lundi, de 9 h à 12 h ; le mercredi, de 14 h à 16 h"},
}


@pytest.fixture(scope="module")
def localizers(validation):
    return {loc.locale: loc for loc in validation.localizers(["fr", "facile", "en", "ar", "swb"])}


@pytest.mark.unit
@pytest.mark.parametrize("value, locale, expected", [(v, loc, text) for v, by in WORDING.items() for loc, text in by.items()])
def test_les_horaires_sont_dits_en_mots_dans_la_langue_du_lecteur(localizers, value, locale, expected):
    loc = localizers[locale]
    assert hours.describe(value, loc.raw, loc.raw("babel")) == expected


@pytest.mark.unit
def test_le_shimaore_montre_les_horaires_en_francais(localizers):
    swb, fr = localizers["swb"], localizers["fr"]
    assert hours.describe("Th 10:00+", swb.raw, swb.raw("babel")) == hours.describe("Th 10:00+", fr.raw, fr.raw("babel")) == "le jeudi, à partir de 10 h"


@pytest.mark.unit
@pytest.mark.parametrize(
    "words, stored",
    [
        ("le jeudi de 10 h à 12 h", "Th 10:00-12:00"),
        ("un jeudi sur deux à partir de 10 h", "week 01-53/2 Th 10:00+"),
        ("du lundi au vendredi de 9h à 12h et de 14h à 17h", "Mo-Fr 09:00-12:00,14:00-17:00"),
        ("Le lundi et le jeudi, de 9 h 30 à 12 h", "Mo,Th 09:30-12:00"),
        ("tous les jours, 24 h/24", "24/7"),
    ],
)
def test_des_horaires_ecrits_en_mots_recoivent_la_forme_exacte_a_ecrire(words, stored):
    message, expected, example = hours.problem(words)
    assert example == stored and f"« {stored} »" in message and "écrits en mots" in message
    assert hours.in_french(stored) in message, "le message dit aussi ce que le site affichera"


@pytest.mark.unit
@pytest.mark.parametrize(
    "value",
    ["lundi matin", "le mardi sauf en août", "Mo-Fr 09:00-12:00; PH off", "Jul-Aug Mo 10:00-12:00", "Th[1] 10:00-12:00", 'Mo 10:00-12:00 "sur rendez-vous"'],
)
def test_des_horaires_que_le_guide_ne_sait_pas_dire_sont_refuses_avec_un_exemple(value):
    message, expected, example = hours.problem(value)
    assert f"« {value} »" in message and "OpenStreetMap" in message + expected
    assert hours.EXAMPLE_EVERY_OTHER in example and "un jeudi sur deux" in example, "l'exemple montre la forme et les mots"


@pytest.mark.unit
def test_guide_check_donne_la_forme_a_ecrire_a_la_bonne_ligne(check_text):
    from support import minimal_text

    text = minimal_text()
    assert "    horaires_accueil: Mo-Fr 09:00-12:00" in text
    result = check_text(text.replace("    horaires_accueil: Mo-Fr 09:00-12:00", '    horaires_accueil: "un jeudi sur deux à partir de 10 h"'))
    (problem,) = [p for p in result.errors if p.field == "horaires_accueil"]
    line = problem.format()
    assert re.match(r"^\S+:\d+:\d+: service-a › horaires_accueil : ", line) and "« week 01-53/2 Th 10:00+ »" in line
    assert "un jeudi sur deux, à partir de 10 h" in line


@pytest.mark.rendu
def test_aucune_page_ne_montre_le_code_des_horaires(real_pages, guide):
    stored = {s.horaires_accueil for s in guide.services if s.horaires_accueil}
    assert stored, "les vraies données ont des horaires"
    patterns = [re.compile(rf"(?<![\w/]){re.escape(value)}(?![\w/])") for value in stored] + [OSM_CODE]
    for path, page in real_pages.items():
        if path.startswith("partenaires/"):
            continue  # partner pages quote partners' notes, which may name the stored value for them
        assert "OpenStreetMap)" not in page, path
        for pattern in patterns:
            found = pattern.search(page)
            assert found is None, f"{path} montre « {found and found.group(0)} »"


@pytest.mark.unit
def test_le_detecteur_de_code_reconnait_le_code_et_pas_les_mots():
    for code in ["Th 10:00+", "Mo-Fr 09:00-12:00", "week 01-53/2 Th", "24/7"]:
        assert OSM_CODE.search(code), code
    for words in ["le jeudi, de 10 h à 12 h", "every other Thursday, from 10&#58;00", "from 9:00 to 12:00", "24 h sur 24"]:
        assert not OSM_CODE.search(words), words
