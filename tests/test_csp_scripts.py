"""La politique de sécurité ne fait confiance qu'aux scripts du site, jamais à ce qu'une page contient.

script-src est la même pour chaque page, connue avant d'écrire la moindre page (guide/sorties/site_files.py, script_sources) :
aucune empreinte tirée de la page finie. Les scripts en ligne de Material sont servis comme fichiers du site
(docs/assets/material-*.js, appelés par overrides/partials/javascripts/) ; ces copies doivent suivre le Material
installé. Le navigateur le vérifie dans tests/test_csp.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from guide.donnees.paths import ROOT
from guide.sorties.site_files import inline_scripts, script_sources
from support import yaml_load

pytestmark = pytest.mark.unit

MATERIAL = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
ASSETS = ROOT / "docs" / "assets"
# Material's inline script, and how our file differs from it (the page's scope comes from an attribute of the tag).
COPIES = {
    "base.html": ("material-base.js", {'"{{ config.extra.scope | d(base_url) }}"': 'document.currentScript.getAttribute("data-portee")'}),
    "palette.html": ("material-palette.js", {}),
}


def _material_script(name: str) -> str:
    found = re.findall(r"<script>(.*?)</script>", (MATERIAL / name).read_text(encoding="utf-8"), flags=re.S)
    assert len(found) == 1, f"Material a changé partials/javascripts/{name} : revoir docs/assets/{COPIES[name][0]}"
    return found[0]


def _our_code(asset: str) -> str:
    """The file's code, without its leading comment."""
    text = (ASSETS / asset).read_text(encoding="utf-8")
    return text[text.index("*/") + 2 :].strip() if text.startswith("/*") else text.strip()


def test_la_politique_est_la_meme_pour_chaque_page_sans_script_en_ligne():
    assert script_sources() == "'self' 'wasm-unsafe-eval'"
    assert "sha256" not in script_sources() and "unsafe-inline" not in script_sources() and "'unsafe-eval'" not in script_sources()


@pytest.mark.parametrize("name", sorted(COPIES))
def test_les_scripts_de_material_servis_en_fichiers_suivent_le_theme_installe(name):
    asset, changes = COPIES[name]
    expected = _material_script(name)
    for old, new in changes.items():
        assert old in expected, f"Material a changé partials/javascripts/{name} : revoir docs/assets/{asset}"
        expected = expected.replace(old, new)
    assert _our_code(asset) == expected, f"docs/assets/{asset} ne suit plus partials/javascripts/{name} du Material installé"


def test_nos_gabarits_n_ecrivent_aucun_script_en_ligne():
    """Every template of overrides/ (ours, and the copies that replace Material's inline scripts): scripts by src only."""
    found = {}
    for path in sorted((ROOT / "overrides").rglob("*.html")):
        template = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)  # without Jinja comments
        scripts = [s for s in inline_scripts(template) if s.strip()]
        if scripts:
            found[path.relative_to(ROOT).as_posix()] = scripts
    assert found == {}
    for name in COPIES:
        assert f"assets/{COPIES[name][0]}" in (ROOT / "overrides" / "partials" / "javascripts" / name).read_text(encoding="utf-8")


def test_les_onglets_de_material_ne_sont_pas_employes():
    """Material's tab scripts (pymdownx.tabbed) are inline, and overrides/partials/javascripts/content.html drops them:
    to use tabs, first serve those scripts as files, as for material-base.js."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = yaml_load(re.sub(r"!!python/name:\S+", "null", text.replace("!ENV", "")))["markdown_extensions"]
    names = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    assert "pymdownx.tabbed" not in names
