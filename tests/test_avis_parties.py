"""L'avis d'une page traduite nomme les parties montrées en français (« Comment faire », « En savoir plus »), dans la
langue du lecteur, chacune avec un lien vers la même partie de la page française (guide/rendu/sections.py, notices.py).

Règles vérifiées sur le jeu de test : aucune donnée du jour.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import markdown
import pytest
import yaml

from guide.donnees.paths import INTERFACE_DIR
from guide.langues.translations import fingerprint
from guide.rendu.notices import notice_markdown, notice_parts
from guide.rendu.render import render_pages
from guide.rendu.sections import french_page_href
from guide.validate import validate
from support import MINIMAL, TODAY, yaml_load

pytestmark = pytest.mark.unit

DAY = dt.date(2023, 3, 1)
NOTICE = re.compile(r"^!!! warning guide-avis .*?(?=\n\S|\Z)", re.DOTALL | re.MULTILINE)


def _entry(text, french, status: str = "automatique") -> dict:
    return {"texte": text, "statut": status, "par": "jeu de test", "empreinte": fingerprint(french)}


def _translated(data: dict, locale: str, outdated: str | None = None, missing: str | None = None, status: str = "automatique") -> dict:
    """Every translatable text of the fixture translated in `locale` (up to date), but service-a's `outdated` field
    (translated from an older French) and its `missing` field (no translation)."""
    fields = {
        "services": ["nom", "resume", "description", "publics_precisions", "frais_precisions", "etapes", "accessibilite"],
        "mesures": ["titre", "engagement", "sans_service_motif"],
        "organisations": ["nom", "role"],
        "lieux": ["nom"],
    }
    entries: dict = {}
    for collection, names in fields.items():
        for record in data[collection]:
            for name in names:
                if name not in record or (record["id"] == "service-a" and name == missing):
                    continue
                french = record[name]
                text = [f"[{locale}] {step}" for step in french] if isinstance(french, list) else f"[{locale}] {french}"
                source = "Un texte français d'avant." if record["id"] == "service-a" and name == outdated else french
                entries.setdefault(collection, {}).setdefault(record["id"], {})[name] = _entry(text, source, status)
    return entries


def _pages(
    tmp_path: Path, locale: str, outdated: str | None = None, missing: str | None = None, status: str = "automatique", interface: Path = INTERFACE_DIR
) -> tuple:
    data = yaml_load(MINIMAL.read_text(encoding="utf-8"))
    (tmp_path / "translations").mkdir(exist_ok=True)
    (tmp_path / "schemes.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    entries = _translated(data, locale, outdated, missing, status)
    (tmp_path / "translations" / f"{locale}.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    validation = validate(tmp_path / "schemes.yaml", on=TODAY, interface_dir=interface)
    assert validation.ok, [p.format() for p in validation.errors]
    localizers = validation.localizers(["fr", locale])
    return render_pages(validation.guide, validation.schema, DAY, localizers, only=frozenset({"fiches/service-a.md", "mesures/mesure-20.md"})), localizers


def _notice(page: str) -> str:
    found = NOTICE.search(page)
    return found.group(0) if found else ""


def _french_ids(page: str) -> set[str]:
    """The anchors of a French page, as MkDocs makes them (attr_list, toc)."""
    body = re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.DOTALL)
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "admonition", "toc"])
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_l_avis_nomme_la_partie_perimee_et_la_partie_manquante_avec_le_lien_vers_la_page_francaise(tmp_path):
    pages, localizers = _pages(tmp_path, "en", outdated="etapes", missing="description")
    english = localizers[1]
    notice = _notice(pages["fiches/service-a.en.md"])
    links = re.findall(r'<a href="([^"]+)" hreflang="fr">([^<]+)</a>', notice)
    assert [name for _, name in links] == [english.t("comment_faire"), english.t("en_savoir_plus")], notice
    assert english.t("comment_faire") != localizers[0].t("comment_faire"), "les parties sont nommées dans la langue du lecteur"
    french = french_page_href("fiches/service-a.md", "en")
    assert french == "../../../fiches/service-a/"
    ids = _french_ids(pages["fiches/service-a.md"])
    for href, _ in links:
        page, _, anchor = href.partition("#")
        assert page == french and anchor in ids, f"{href} : l'ancre doit exister sur la page française ({sorted(ids)})"
    assert english.raw("avis_parties") in notice and english.raw("avis_parties_autres") not in notice


def test_une_page_ou_rien_n_est_en_francais_ne_nomme_aucune_partie_et_une_page_relue_et_a_jour_n_a_pas_d_avis(tmp_path):
    pages, _ = _pages(tmp_path, "en")
    notice = _notice(pages["fiches/service-a.en.md"])
    assert notice and "<a href" not in notice, "tout est traduit (par un outil) : l'avis le dit, sans partie en français"
    # Everything reviewed and up to date, the interface strings too: no notice at all.
    interface = tmp_path / "interface"
    interface.mkdir()
    (interface / "fr.yaml").write_text((INTERFACE_DIR / "fr.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    english = (INTERFACE_DIR / "en.yaml").read_text(encoding="utf-8").replace("statut: automatique", "statut: relu, par: jeu de test")
    (interface / "en.yaml").write_text(english, encoding="utf-8")
    (tmp_path / "relu").mkdir()
    pages, _ = _pages(tmp_path / "relu", "en", status="relu", interface=interface)
    assert "guide-avis" not in pages["fiches/service-a.en.md"] and "guide-avis" not in pages["mesures/mesure-20.en.md"]


def test_le_debut_de_la_page_est_nomme_sans_ancre_et_une_mesure_nomme_ses_parties(tmp_path):
    pages, localizers = _pages(tmp_path, "en", outdated="resume")
    english = localizers[1]
    notice = _notice(pages["fiches/service-a.en.md"])
    assert re.findall(r'<a href="([^"]+)" hreflang="fr">([^<]+)</a>', notice) == [("../../../fiches/service-a/", english.t("avis_partie_debut"))]
    # The measure page lists service-a: its outdated summary is shown in « Related services ».
    notice = _notice(pages["mesures/mesure-20.en.md"])
    assert re.findall(r'hreflang="fr">([^<]+)</a>', notice) == [english.t("services_lies")], notice
    assert "#services-lies" in notice and "#services-lies" in " ".join(f"#{i}" for i in _french_ids(pages["mesures/mesure-20.md"]))


def test_l_avis_arabe_isole_et_n_a_ni_point_virgule_ni_virgule_latins(tmp_path):
    pages, localizers = _pages(tmp_path, "ar", outdated="etapes", missing="description")
    notice = _notice(pages["fiches/service-a.ar.md"])
    visible = re.sub(r"<[^>]+>", "", notice.split("\n", 1)[1])
    assert visible.strip() and not {";", ","} & set(visible), notice
    assert len(re.findall(r'hreflang="fr"', notice)) == 2


def test_l_avis_nomme_quatre_parties_au_plus_puis_et_d_autres_parties(tmp_path):
    _, localizers = _pages(tmp_path, "en")
    english = localizers[1]
    parts = notice_parts([None, "comment_faire", "en_savoir_plus", "l_engagement", "services_lies"], english, "mesures/mesure-20.md")
    notice = notice_markdown("perime", english, parts=parts)
    assert len(re.findall(r"<a href=", notice)) == 4 and english.raw("avis_parties_autres") in notice
    assert "#services-lies" not in notice and 'href="../../../mesures/mesure-20/"' in notice, "le début de la page : sans ancre"
    assert "<a href" not in notice_markdown("perime", english), "sans parties nommées : l'avis de toujours"
