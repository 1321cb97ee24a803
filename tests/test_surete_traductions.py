"""Sûreté des traductions dans `guide check` (guide/langues/translation_safety.py) : tests de mutation sur le jeu de test.

Une traduction à jour qui perd un numéro d'aide que son français donne, ou qui nomme une personne (terme
`personne: true` du glossaire) que son français ne nomme pas, est une erreur ; la même traduction à mettre à jour
est un avertissement (la page montre déjà le français).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from guide.donnees.paths import INTERFACE_DIR
from guide.langues.glossary import names_french
from guide.langues.translations import fingerprint
from guide.validate import validate
from support import MINIMAL, TODAY, yaml_load

pytestmark = pytest.mark.unit

GLOSSARY = {
    "mediateur": {
        "francais": ["médiateur", "médiatrice", "adulte-relais"],
        "terme": "médiateur",
        "explication": "Une personne qui aide les habitants.",
        "difficile": True,
        "personne": True,
    }
}


def _check(tmp_path: Path, french: str, translated: str, up_to_date: bool) -> list:
    """guide check on the fixture data where service-a's summary is `french`, translated in Facile à lire as `translated`."""
    data = yaml_load(MINIMAL.read_text(encoding="utf-8"))
    next(s for s in data["services"] if s["id"] == "service-a")["resume"] = french
    (tmp_path / "translations").mkdir()
    (tmp_path / "glossaire").mkdir()
    (tmp_path / "schemes.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp_path / "glossaire" / "facile.yaml").write_text(yaml.safe_dump(GLOSSARY, allow_unicode=True), encoding="utf-8")
    print_ = fingerprint(french) if up_to_date else fingerprint("Un ancien texte français.")
    entry = {"texte": translated, "statut": "automatique", "par": "jeu de test", "empreinte": print_}
    (tmp_path / "translations" / "facile.yaml").write_text(yaml.safe_dump({"services": {"service-a": {"resume": entry}}}, allow_unicode=True), encoding="utf-8")
    validation = validate(tmp_path / "schemes.yaml", on=TODAY, interface_dir=INTERFACE_DIR)
    return [p for p in validation.problems if p.record_id == "service-a" and p.field == "resume.texte"]


FRENCH = "Un service de test. En cas de détresse, appelez le 3114."


def test_une_traduction_a_jour_qui_perd_un_numero_est_une_erreur(tmp_path):
    found = _check(tmp_path, FRENCH, "Un service. Vous appelez quelqu'un.", up_to_date=True)
    errors = [p for p in found if p.is_error]
    assert len(errors) == 1, [p.format() for p in found]
    line = errors[0].format()
    assert "3114" in line and "service-a › resume.texte" in line and "translations/facile.yaml:" in line
    assert "(à jour)" in line and "exemple :" in line and "Traceback" not in line


def test_une_traduction_perimee_qui_perd_un_numero_est_un_avertissement(tmp_path):
    found = _check(tmp_path, FRENCH, "Un service. Vous appelez quelqu'un.", up_to_date=False)
    assert found and not any(p.is_error for p in found), [p.format() for p in found]
    assert any("3114" in p.message for p in found)


def test_une_traduction_qui_garde_le_numero_est_acceptee(tmp_path):
    found = _check(tmp_path, FRENCH, "Un service. Vous êtes mal ? Appelez le 3114.", up_to_date=True)
    assert not [p for p in found if "numéro" in p.message], [p.format() for p in found]


def test_une_traduction_a_jour_qui_nomme_un_mediateur_absent_du_francais_est_une_erreur(tmp_path):
    found = _check(tmp_path, "Un service de test. Demandez à la mairie.", "Un service. Vous demandez à un médiateur du quartier.", up_to_date=True)
    errors = [p for p in found if p.is_error]
    assert len(errors) == 1 and "« médiateur »" in errors[0].message, [p.format() for p in found]
    assert "terme « mediateur »" in errors[0].message


def test_une_traduction_perimee_qui_nomme_un_mediateur_absent_du_francais_est_un_avertissement(tmp_path):
    found = _check(tmp_path, "Un service de test. Demandez à la mairie.", "Un service. Vous demandez à un médiateur du quartier.", up_to_date=False)
    assert any("médiateur" in p.message for p in found) and not any(p.is_error for p in found)


def test_un_mediateur_que_le_francais_nomme_sous_une_de_ses_formes_est_accepte(tmp_path):
    found = _check(tmp_path, "Un service de test. Des adultes-relais vous aident.", "Un service. Des médiateurs vous aident.", up_to_date=True)
    assert not [p for p in found if "nomme" in p.message], [p.format() for p in found]


@pytest.mark.parametrize(
    ("form", "text", "named"),
    [
        ("médiateur", "Les médiateurs du quartier", True),
        ("adulte-relais", "deux adultes-relais", True),
        ("médiateur", "une médiation", False),
        ("CAF", "un café", False),
        ("CAF", "organisations/caf-doubs.md", False),
    ],
)
def test_une_forme_francaise_se_lit_au_pluriel_et_en_mot_entier(form, text, named):
    assert names_french(form, text) is named
