"""L'avis d'une page vient des textes de cette page, et d'eux seuls : chaque page a son propre relevé (PageTexts).

Le Localizer d'une langue ne garde rien d'une page à l'autre : faire une autre page entre deux textes d'une page ne
change pas son avis, et une page qui montre un texte à mettre à jour a son avis.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from guide.donnees.paths import INTERFACE_DIR, SCHEMA_FILE
from guide.donnees.schema import Schema
from guide.langues.interface import Interface
from guide.langues.localizer import Localizer
from guide.langues.translations import Catalogue, fingerprint
from guide.rendu.notices import NOTICE_MARK, notice_markdown, with_notice
from guide.rendu.render import render_pages
from guide.rendu.words import ReaderWords
from guide.validate import validate
from support import MINIMAL, TODAY, yaml_load

pytestmark = pytest.mark.unit


@dataclass
class _Record:
    french: dict
    id: str
    collection: str = "services"
    aliases: list = field(default_factory=list)


A = _Record({"resume": "Le service A.", "nom": "Service A"}, "a")
B = _Record({"resume": "Le service B, changé depuis sa traduction."}, "b")


def _localizer() -> Localizer:
    """English: A reviewed and up to date; B reviewed, but its French has changed since (« à mettre à jour »)."""
    entries = {
        "a": {
            "resume": {"texte": "Service A.", "statut": "relu", "empreinte": fingerprint(A.french["resume"])},
            "nom": {"texte": "Service A", "statut": "relu", "empreinte": fingerprint(A.french["nom"])},
        },
        "b": {"resume": {"texte": "Service B.", "statut": "relu", "empreinte": fingerprint("Le service B.")}},
    }
    interface = Interface({"statuts_affiches": "relu brouillon automatique", "lang": "en"})
    return Localizer("en", Catalogue("en", {"services": entries}), interface, {"lang": "fr"}, False, {"services": ["resume", "nom"]})


def test_faire_une_autre_page_entre_deux_textes_ne_change_pas_l_avis_d_une_page():
    localizer = _localizer()
    words = ReaderWords(Schema.load(SCHEMA_FILE), localizer)
    page_a = localizer.page()
    tr_a = words.of(page_a)["tr"]
    assert tr_a(A, "resume") == "Service A."
    page_b = localizer.page()  # page B is made in between, with its outdated text
    assert B.french["resume"] in words.of(page_b)["tr"](B, "resume"), "le français, à la place de la traduction à mettre à jour"
    assert tr_a(A, "nom") == "Service A"
    assert (page_a.notice_state(), page_b.notice_state()) == ("relu", "perime")
    body = "# Service A\n\nService A.\n"
    assert with_notice(body, page_a.notice_state(), localizer) == body, "A ne montre que des textes relus : pas d'avis"
    assert NOTICE_MARK in with_notice("# Service B\n\nLe service B.\n", page_b.notice_state(), localizer)
    # The same pages made in the other order, or A alone: the same notices.
    alone = localizer.page()
    alone.text(A, "resume"), alone.text(A, "nom")
    assert alone.notice_state() == "relu"
    assert "seen" not in {f.name for f in dataclasses.fields(Localizer)}, "un Localizer ne garde rien d'une page"


def _fixture(tmp_path: Path) -> tuple:
    """The fixture data in French and Facile à lire: service-a's summary translated, then changed in French."""
    data = yaml_load(MINIMAL.read_text(encoding="utf-8"))
    (tmp_path / "translations").mkdir()
    (tmp_path / "schemes.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    entry = {"texte": "Un service.", "statut": "relu", "par": "jeu de test", "empreinte": fingerprint("Un texte français d'avant.")}
    (tmp_path / "translations" / "facile.yaml").write_text(yaml.safe_dump({"services": {"service-a": {"resume": entry}}}, allow_unicode=True), encoding="utf-8")
    validation = validate(tmp_path / "schemes.yaml", on=TODAY, interface_dir=INTERFACE_DIR)
    assert validation.ok, [p.format() for p in validation.errors]
    return validation, validation.localizers(["fr", "facile"])


def test_une_page_qui_montre_un_texte_a_mettre_a_jour_a_son_avis_et_elle_seule(tmp_path):
    validation, localizers = _fixture(tmp_path)
    facile = localizers[1]
    pages = render_pages(validation.guide, validation.schema, dt.date(2023, 3, 1), localizers)
    outdated = notice_markdown("perime", facile).split("\n")[0]  # its title: the body names the parts shown in French (test_avis_parties.py)
    assert outdated and outdated in pages["fiches/service-a.facile.md"], "service-a montre un texte à mettre à jour : son avis le dit"
    # service-b, made after it with the same Localizer, shows no outdated text: not its notice.
    assert outdated not in pages["fiches/service-b.facile.md"]
    # Made alone, or first, service-b's page is the same: nothing of service-a's page stays behind.
    alone = render_pages(validation.guide, validation.schema, dt.date(2023, 3, 1), localizers, only=frozenset({"fiches/service-b.md"}))
    assert alone["fiches/service-b.facile.md"] == pages["fiches/service-b.facile.md"]


def test_une_fiche_sans_aucun_texte_en_facile_dit_que_la_page_n_existe_pas_encore_en_facile(tmp_path):
    """service-b n'a aucun champ en Facile à lire : toute sa page est en français ordinaire, l'avis le dit pour la page
    entière ; service-a en a un : son avis parle d'une partie de la page (ou d'un texte à mettre à jour)."""
    validation, localizers = _fixture(tmp_path)
    facile = localizers[1]
    pages = render_pages(validation.guide, validation.schema, dt.date(2023, 3, 1), localizers)
    whole = facile.raw("avis_page_manquante")
    assert "Facile à lire" in whole and whole != localizers[0].raw("avis_page_manquante"), "une phrase propre au Facile à lire"
    assert whole in pages["fiches/service-b.facile.md"]
    assert whole not in pages["fiches/service-a.facile.md"]
