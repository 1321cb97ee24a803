"""Les vraies données du guide sont valides ; le jeu de test et ses avertissements de fraîcheur ; du HTML ou un
script dans n'importe quel champ texte (jeu de test) est refusé."""

from __future__ import annotations

import pytest
import yaml

from guide.validate import validate
from support import MINIMAL, TODAY, minimal_text, yaml_load

pytestmark = pytest.mark.unit

INJECTIONS = ["<script>alert(1)</script>", "javascript:alert(1)", '<img src=x onerror="alert(1)">', "JaVaScRiPt:alert(1)"]


@pytest.mark.donnees
def test_les_donnees_du_guide_sont_valides(validation):
    result = validation  # validated once per process, on the real day (tests/conftest.py)
    assert result.errors == [], "les données ne passent pas la vérification :\n" + "\n".join(p.format() for p in result.errors)
    assert result.guide is not None and result.guide.services and result.guide.mesures, "le guide a des services et des mesures"


def test_le_jeu_de_test_est_valide_a_sa_date():
    result = validate(MINIMAL, on=TODAY)
    assert result.ok and [p for p in result.problems if "vérifiée" in p.message] == []


def test_une_fiche_trop_ancienne_donne_un_avertissement_qui_ne_bloque_pas():
    import datetime as dt

    def freshness(on):
        result = validate(MINIMAL, on=on)
        assert result.ok
        return sorted((p.record_id, p.field, p.message) for p in result.warnings if "mois" in p.message)

    assert freshness(TODAY) == []
    late = freshness(dt.date(2024, 3, 1))
    assert len(late) == 7 and all("12 mois" in m for _, _, m in late), "2 organisations, 1 lieu, 2 mesures, 2 services"
    later = freshness(dt.date(2023, 9, 1))
    assert len(later) == 7 and all("6 mois" in m for _, _, m in later)
    # Counted from the verification when there is one (org-a, service-a: 15 février 2023), else from the source (31 janvier 2023), and it says which.
    verified = {(r, f) for r, f, m in later if "dernière vérification le 2023-02-15" in m}
    assert verified == {("org-a", "verification.date"), ("service-a", "verification.date")}
    assert all("jamais vérifiée" in m and "2023-01-31" in m for r, f, m in later if (r, f) not in verified)
    # 2023-08-10 is 176 days after the verification but 191 after the source: only the records never verified warn.
    assert {r for r, _, _ in freshness(dt.date(2023, 8, 10))} == {"org-b", "lieu-a", "mesure-20", "mesure-21", "service-b"}


def _text_fields():
    """Every text value of the fixture's first service: (key, list index or None)."""
    service = yaml_load(minimal_text())["services"][0]
    for key, value in service.items():
        if isinstance(value, str):
            yield key, None
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            yield key, 0


@pytest.mark.parametrize("payload", INJECTIONS)
@pytest.mark.parametrize("key, index", list(_text_fields()))
def test_une_injection_dans_n_importe_quel_champ_texte_est_refusee(key, index, payload, check_text):
    data = yaml_load(minimal_text())
    service = data["services"][0]
    if index is None:
        service[key] = payload
    else:
        service[key][index] = payload
    result = check_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not result.ok
    expected_field = key if index is None else f"{key}[{index + 1}]"
    assert any(p.field in {key, expected_field} for p in result.errors), [p.format() for p in result.errors]
