"""Bas de chaque page : « Signaler une erreur » (formulaire prérempli) et « Modifier cette fiche » (la ligne du YAML sur la forge)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from guide.donnees.paths import ROOT
from support import OTHER_LOCALES, REAL_DATA, REAL_DATA_DIR, yaml_load

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "signaler-une-erreur.yml"


class _Footer(HTMLParser):
    """The links of the page's <aside class="guide-modifier">."""

    def __init__(self):
        super().__init__()
        self.inside = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "aside" and "guide-modifier" in (attrs.get("class") or ""):
            self.inside = 1
        elif tag == "aside" and self.inside:
            self.inside += 1
        if self.inside and tag == "a":
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "aside" and self.inside:
            self.inside -= 1


def footer_links(page: Path) -> list[str]:
    parser = _Footer()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def forge_and_site() -> tuple[str, str]:
    """The forge and site addresses as mkdocs.yml gives them when no environment variable is set."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    forge = re.search(r'depot: !ENV \[GUIDE_FORGE_URL, "([^"]+)"\]', text).group(1)
    site = re.search(r'site_url: !ENV \[GUIDE_SITE_URL, "([^"]+)"\]', text).group(1)
    return forge, site


def record_lines() -> dict[str, int]:
    """Line of each `- id: x` in data/schemes.yaml, read here as plain text (not through the guide's loader)."""
    lines = {}
    for number, line in enumerate(REAL_DATA.read_text(encoding="utf-8").splitlines(), start=1):
        found = re.match(r"\s*- id: ([a-z0-9-]+)\s*$", line)
        if found:
            lines.setdefault(found.group(1), number)
    return lines


@pytest.mark.donnees
@pytest.mark.build
def test_modifier_cette_fiche_ouvre_le_yaml_a_la_ligne_de_l_enregistrement(site):
    forge, _ = forge_and_site()
    lines = record_lines()
    checked = 0
    for folder in ["fiches", "mesures", "organisations"]:
        for page in sorted((site / folder).glob("*/index.html")):
            record = page.parent.name
            edits = [link for link in footer_links(page) if "/edit/" in link]
            assert edits == [f"{forge}/edit/main/data/schemes.yaml#L{lines[record]}"], page
            checked += 1
    assert checked > 150


@pytest.mark.donnees
@pytest.mark.build
def test_dans_une_autre_langue_on_peut_aussi_modifier_la_traduction(site):
    forge, _ = forge_and_site()
    for locale in OTHER_LOCALES:
        links = footer_links(site / locale / "fiches" / "contrat-engagement-jeune" / "index.html")
        assert any(link.startswith(f"{forge}/edit/main/data/translations/{locale}.yaml") for link in links), links
        assert (REAL_DATA_DIR / "translations" / f"{locale}.yaml").is_file()


@pytest.mark.build
def test_une_page_ecrite_a_la_main_se_modifie_dans_docs(site):
    forge, _ = forge_and_site()
    for page, source in [("a-propos", "a-propos.md"), ("en/a-propos", "a-propos.en.md"), ("ar", "index.ar.md")]:
        edits = [link for link in footer_links(site / page / "index.html") if "/edit/" in link]
        assert edits == [f"{forge}/edit/main/docs/{source}"]
        assert (ROOT / "docs" / source).is_file()


# ---------------------------------------------------------------- on the fixture, without a build

FORGE = "https://forge.exemple/guide"


def _footer(meta: dict, locale: str = "fr", src_uri: str = "a-propos.md") -> list[str]:
    """The links of overrides/partials/guide-modifier.html rendered for a page with this front matter."""
    from types import SimpleNamespace

    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(ROOT / "overrides"), autoescape=True)
    env.filters["urlencode"] = lambda value: value
    page = SimpleNamespace(meta=meta, title="Titre", canonical_url="https://site.exemple/page/", url="page/", file=SimpleNamespace(src_uri=src_uri))
    html = env.get_template("partials/guide-modifier.html").render(
        config={"extra": {"forge": {"depot": FORGE, "branche": "main"}}},
        page=page,
        i18n_page_locale=locale,
        guide_locales=SimpleNamespace(default="fr"),
        guide_t=lambda key: key,
    )
    parser = _Footer()
    parser.feed(html)
    return parser.links


@pytest.mark.unit
def test_modifier_ouvre_l_editeur_de_la_forge_a_la_ligne_de_la_fiche_et_de_sa_traduction():
    meta = {"source_fichier": "data/schemes.yaml", "source_ligne": 123, "traduction_ligne": 45}
    assert _footer(meta)[1:] == [f"{FORGE}/edit/main/data/schemes.yaml#L123"], "en français : la fiche seulement"
    assert _footer(meta, "en")[1:] == [f"{FORGE}/edit/main/data/schemes.yaml#L123", f"{FORGE}/edit/main/data/translations/en.yaml#L45"]
    without = {"source_fichier": "data/schemes.yaml", "source_ligne": 123}
    assert _footer(without, "ar")[2] == f"{FORGE}/edit/main/data/translations/ar.yaml", "une fiche pas encore traduite : le fichier de la langue"
    assert _footer({}, "en", "a-propos.en.md")[1:] == [f"{FORGE}/edit/main/docs/a-propos.en.md"]
    assert _footer({"guide_generee": True})[1:] == [f"{FORGE}/blob/main/CONTRIBUTING.md"], "lire CONTRIBUTING n'est pas le modifier"


@pytest.mark.unit
def test_la_page_d_une_fiche_donne_la_ligne_de_sa_traduction():
    from guide.rendu.render import render_pages
    from support import TODAY, line_of, validate_fixture

    validation = validate_fixture()
    localizers = validation.localizers(["fr", "facile", "en"])
    pages = render_pages(validation.guide, validation.schema, TODAY, localizers, "https://exemple.fr/", only=frozenset({"fiches/service-a.md"}))
    text = (ROOT / "tests" / "fixtures" / "translations" / "facile.yaml").read_text(encoding="utf-8")
    assert f"\ntraduction_ligne: {line_of(text, '  service-a:')}\n" in pages["fiches/service-a.facile.md"]
    assert "traduction_ligne" not in pages["fiches/service-a.md"], "le français n'a pas de traduction"
    assert "traduction_ligne" not in pages["fiches/service-a.en.md"], "pas de fichier de traduction anglaise dans le jeu de test"


@pytest.mark.build
def test_signaler_une_erreur_preremplit_le_formulaire_avec_l_adresse_de_la_page(site):
    forge, site_url = forge_and_site()
    form = yaml_load(FORM.read_text(encoding="utf-8"))
    field_ids = {item.get("id") for item in form["body"]}
    assert "page" in field_ids
    for path in ["", "fiches/contrat-engagement-jeune/", "ar/fiches/contrat-engagement-jeune/", "themes/sante/"]:
        reports = [link for link in footer_links(site / path / "index.html") if "/issues/new" in link]
        assert len(reports) == 1, path
        url = urlsplit(reports[0])
        query = parse_qs(url.query)
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{forge}/issues/new"
        assert query["template"] == [FORM.name]
        assert query["page"] == [site_url + path]
        assert query["title"][0].strip()
