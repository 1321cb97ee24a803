"""L'adresse du site (GUIDE_SITE_URL) : QR codes et adresses imprimés seulement quand elle est réelle.

Sans elle, mkdocs.yml donne `https://guide-planoise.invalid/` : une feuille imprimée mènerait nulle part. La
construction le dit une fois, et les feuilles, livrets et fiches imprimées demandent d'imprimer depuis le site publié.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from guide import build
from guide.rendu import printing
from guide.rendu.printing import is_published_address, page_url, placeholder_warning, qr_svg
from guide.rendu.render import render_pages
from support import SITE_URL, TODAY, validate_fixture

pytestmark = pytest.mark.unit

LOCALES = ["fr", "facile", "en", "ar", "swb"]
REAL = "https://guide.planoise-essai.fr/"  # an address of the right shape, for the tests only


def _printed(pages: dict[str, str]) -> dict[str, str]:
    """The pages that print a QR code block: fiches (printed part), two-language sheets, booklets (cover and sheets)."""
    return {path: text for path, text in pages.items() if path.startswith(("fiches/", "imprimer/", "livrets/")) and "/index." not in path}


def _pages(site_url: str) -> tuple[dict[str, str], dict]:
    validation = validate_fixture()
    localizers = validation.localizers(LOCALES)
    pages = render_pages(validation.guide, validation.schema, TODAY, localizers, site_url)
    return _printed(pages), {loc.locale: loc for loc in localizers}


def _locale(path: str) -> str:
    parts = path.rsplit(".", 2)
    return parts[1] if len(parts) == 3 and parts[1] in LOCALES else "fr"


@pytest.mark.parametrize(
    ("address", "published"),
    [
        ("https://guide-planoise.invalid/", False),
        ("/", False),
        ("", False),
        ("http://127.0.0.1:8000/", False),
        ("http://localhost:8000/", False),
        ("https://guide.example.com/", False),
        ("https://guide.test/", False),
        ("file:///tmp/site/", False),
        ("https://guide-planoise.github.io/guide-planoise/", True),
        (REAL, True),
    ],
)
def test_seule_une_adresse_qu_un_lecteur_peut_ouvrir_compte_comme_publiee(address, published):
    assert is_published_address(address) is published
    assert (placeholder_warning(address) is None) is published


def test_l_adresse_par_defaut_de_mkdocs_yml_n_est_pas_publiee_et_la_construction_le_dit_en_francais():
    assert not is_published_address(SITE_URL)
    warning = placeholder_warning(SITE_URL)
    assert SITE_URL in warning and "GUIDE_SITE_URL" in warning and "QR code" in warning and "README" in warning
    assert "WARNING" not in warning and "Traceback" not in warning


def test_sans_adresse_reelle_ni_qr_code_ni_adresse_imprimee_mais_une_ligne_pour_le_mediateur():
    printed, localizers = _pages(SITE_URL)
    assert {_locale(p) for p in printed} == set(LOCALES) and any(p.startswith("imprimer/") for p in printed) and any(p.startswith("livrets/") for p in printed)
    host = SITE_URL.split("//")[1].strip("/")
    for path, text in printed.items():
        assert "guide-qr-bloc" not in text and "<svg" not in text, path
        assert host not in text, f"{path} : l'adresse {SITE_URL} est imprimée"
        line = localizers[_locale(path)].t("qr_sans_adresse", isolate=localizers[_locale(path)].raw("direction") == "rtl")
        assert f'<p class="guide-qr-absent">{line}</p>' in text, path


def test_avec_une_vraie_adresse_chaque_page_imprimee_garde_son_qr_code_et_son_adresse():
    printed, localizers = _pages(REAL)
    for path, text in printed.items():
        assert "guide-qr-absent" not in text, path
        locale = _locale(path)
        if path.startswith(("fiches/", "imprimer/")):
            service = path.split("/")[1].split(".")[0]
            prefix = "" if locale == "fr" else f"{locale}/"
            address = page_url(REAL, f"fiches/{service}.md", prefix)
            assert qr_svg(address, localizers[locale].raw("qr_titre")) in text, f"{path} : pas de QR code vers {address}"
            assert f'<bdi dir="ltr">{address}</bdi>' in text, f"{path} : adresse imprimée"
        else:
            assert '<figure class="guide-qr-bloc">' in text and REAL in text, path


def test_la_construction_avertit_une_seule_fois(monkeypatch, caplog):
    """guide/build.py says it when a build starts; once per site address, however many passes or rebuilds."""
    monkeypatch.setattr(printing, "_WARNED", set())
    with caplog.at_level(logging.WARNING, logger="guide.construction"):
        for _ in range(3):
            printing.warn_if_placeholder(SITE_URL)
        printing.warn_if_placeholder(REAL)
    said = [r.getMessage() for r in caplog.records if r.name == "guide.construction"]
    assert said == [placeholder_warning(SITE_URL)]
    assert "warn_if_placeholder(site_url)" in Path(build.__file__).read_text(encoding="utf-8"), "la construction appelle l'avertissement"
