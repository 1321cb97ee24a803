"""Vitesse de la construction, sans changer un octet du site.

- les gabarits du thème sont compilés une fois pour les 5 passages de mkdocs-static-i18n (un par langue), et de nouveau
  seulement quand leur texte change ;
- le glossaire cherche chaque terme comme avant (mot entier, sigle en capitales), plus vite sur une longue page.
"""

from __future__ import annotations

import random
import re

import pytest
from jinja2 import DictLoader, Environment

from guide.build import CompiledTemplates
from guide.langues.glossary import _names, names_french

pytestmark = pytest.mark.unit


def _counting(env: Environment, compiled: list[str]) -> Environment:
    original = env.compile

    def compile_and_count(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(source, name, filename, raw, defer_init)

    env.compile = compile_and_count
    return env


def test_un_gabarit_du_theme_est_compile_une_fois_pour_toutes_les_langues():
    templates = {"page.html": "{{ titre }} : {% for x in liste %}{{ x }}{% endfor %}"}
    shared = CompiledTemplates()
    compiled: list[str] = []
    pages = []
    for titre in ("Accueil", "Home", "الصفحة الرئيسية"):  # one environment per language, as MkDocs makes them
        env = _counting(Environment(loader=DictLoader(templates), bytecode_cache=shared), compiled)
        pages.append(env.get_template("page.html").render(titre=titre, liste=[1, 2]))
    assert compiled == ["page.html"], compiled
    assert pages == ["Accueil : 12", "Home : 12", "الصفحة الرئيسية : 12"]


def test_un_gabarit_modifie_est_compile_de_nouveau():
    shared = CompiledTemplates()
    compiled: list[str] = []
    for source in ("avant {{ x }}", "après {{ x }}"):
        env = _counting(Environment(loader=DictLoader({"page.html": source}), bytecode_cache=shared), compiled)
        assert env.get_template("page.html").render(x=1) == source.replace("{{ x }}", "1")
    assert compiled == ["page.html", "page.html"]


def test_un_environnement_avec_d_autres_extensions_ne_reprend_pas_le_code_compile():
    shared = CompiledTemplates()
    compiled: list[str] = []
    templates = {"page.html": "{% for x in [1, 2, 3] %}{% if x == 2 %}{% continue %}{% endif %}{{ x }}{% endfor %}"}
    env = _counting(Environment(loader=DictLoader(templates), bytecode_cache=shared, extensions=["jinja2.ext.loopcontrols"]), compiled)
    assert env.get_template("page.html").render() == "13"
    other = _counting(Environment(loader=DictLoader({"page.html": "{{ 1 }}"}), bytecode_cache=shared), compiled)
    assert other.get_template("page.html").render() == "1"
    assert compiled == ["page.html", "page.html"]


def test_le_glossaire_trouve_un_terme_comme_l_expression_avec_regard_en_arriere():
    """Same answer as re.search(r"(?<!\\w)name(?!\\w)") on many short texts, including the tricky ones (a word that
    starts inside a refused occurrence, letters that change with the case, « ſ », dotless « ı »)."""
    chance = random.Random(7)
    letters = "aA-_ é.Éx1ſKıs"
    for _ in range(20000):
        name = "".join(chance.choice("aA-és") for _ in range(chance.randint(1, 3)))
        text = "".join(chance.choice(letters) for _ in range(chance.randint(0, 12)))
        flags = 0 if name.isupper() else re.IGNORECASE
        assert _names(name, text) == (re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags) is not None), (name, text)
    assert _names("a-a", "xa-a-a")  # the first occurrence is glued to « x », the second one stands alone
    assert not _names("CAF", "café, caf-doubs") and _names("CAF", "la CAF.")
    assert names_french("adulte-relais", "deux adultes-relais") and not names_french("CAF", "caf-doubs.md")
