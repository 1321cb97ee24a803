"""Le texte des partenaires est une donnée, pas du balisage : un corpus d'attaques contre la vérification et contre le rendu.

Chaque charge (tests/fixtures/attaques.yaml) est placée dans chaque sorte de champ de texte (service, mesure,
organisation, lieu, traduction, mot de l'interface) :

1. la vérification la refuse, en français, à sa ligne, en disant ce qui est permis ;
2. la vérification contournée (enregistrements construits et pages rendues directement, puis converties en HTML par le
   Markdown du site, avec ses extensions), la page ne contient rien d'actif venu des données : aucun attribut on…,
   aucun attribut style, pas plus de script, iframe, object, embed, svg, math, img… qu'avec des textes ordinaires,
   aucune adresse de lien autre que https, mailto, tel ou relative.

Les exports (CSV et JSON) sont vérifiés avec les mêmes charges.
"""

from __future__ import annotations

import copy
import csv
import functools
import importlib
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
import yaml

from guide.donnees import markup
from guide.donnees.loader import load_yaml
from guide.donnees.model import build_guide
from guide.donnees.paths import INTERFACE_DIR, ROOT, SCHEMA_FILE
from guide.donnees.schema import Schema
from guide.donnees.text import spreadsheet, spreadsheet_cell
from guide.langues.interface import load_interface
from guide.langues.localizer import make_localizers
from guide.langues.translations import Catalogue
from guide.rendu.plan import PageSpec, page_plan
from guide.rendu.render import render_pages
from guide.rendu.report import build_report, report_csv
from guide.sorties.opendata import export_files
from guide.validate import validate
from support import FIXTURES, MINIMAL, TODAY, line_of, minimal_text, yaml_load

# Entries with a « texte » only: the section « fichiers-hostiles » holds whole files (tests/test_robustesse_fuzz.py).
ATTACKS = {name: entry for name, entry in yaml_load((FIXTURES / "attaques.yaml").read_text(encoding="utf-8")).items() if "texte" in entry}
PAYLOADS = [(name, entry["texte"]) for name, entry in ATTACKS.items()]
# Refused by the markup check in every field (the others, hygiene and interface-only: tests/test_echappement.py).
CHECKED = [(name, entry["texte"]) for name, entry in ATTACKS.items() if "verification" not in entry and "seulement" not in entry]
FAMILIES = {entry["famille"] for entry in ATTACKS.values()}
# The rendering sweep (every template, in French and in Arabic, for each payload): the first payload of each family in
# French in the fast tier; every payload in French and Arabic in `rendu` (tests/conftest.py), which the whole suite runs.
FIRST_OF_FAMILY = {next(name for name, entry in ATTACKS.items() if entry["famille"] == family) for family in FAMILIES}
SWEEP = [
    *(pytest.param(name, payload, ("fr",), id=f"{name}-fr", marks=pytest.mark.unit) for name, payload in PAYLOADS if name in FIRST_OF_FAMILY),
    *(pytest.param(name, payload, ("fr", "ar"), id=name, marks=pytest.mark.rendu) for name, payload in PAYLOADS),
]
SCHEMA = Schema.load(SCHEMA_FILE)
BASE = minimal_text()
FACILE = (FIXTURES / "translations" / "facile.yaml").read_text(encoding="utf-8")
INTERFACE_FR = (INTERFACE_DIR / "fr.yaml").read_text(encoding="utf-8")

# Where a payload goes, for the check: (kind, file, the line replaced, its start, whether the field accepts formatting).
PLACES = [
    ("service", "schemes", "    description: Une description de test, en phrases simples.", "    description: ", True),
    ("service-resume", "schemes", "    resume: Un service de test pour trouver un emploi près de chez vous.", "    resume: ", False),
    ("mesure", "schemes", "    engagement: Un engagement de test écrit simplement.", "    engagement: ", True),
    ("organisation", "schemes", "    role: Porte le service de test.", "    role: ", True),
    ("lieu", "schemes", "    commune: Besançon", "    commune: ", False),
    ("traduction", "facile", "      texte: Un service simple. Il vous aide.", "      texte: ", True),
    ("interface", "interface", "pour_qui: Pour qui", "pour_qui: ", False),
]


def _quoted(text: str) -> str:
    """The payload as a YAML double-quoted scalar (JSON is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _check(tmp_path: Path, places: list[tuple], payload: str):
    """Validate the fixture with the payload in every given place at once; return the problems and each place's line."""
    texts = {"schemes": BASE, "facile": FACILE, "interface": INTERFACE_FR}
    placed = []
    for _kind, target, old, start, _ in places:
        assert texts[target].count(old) == 1, old
        new_line = start + _quoted(payload)
        texts[target] = texts[target].replace(old, new_line)
        placed.append((target, new_line))
    (tmp_path / "translations").mkdir(exist_ok=True)
    (tmp_path / "interface").mkdir(exist_ok=True)
    (tmp_path / "schemes.yaml").write_text(texts["schemes"], encoding="utf-8")
    (tmp_path / "translations" / "facile.yaml").write_text(texts["facile"], encoding="utf-8")
    for path in INTERFACE_DIR.glob("*.yaml"):
        shutil.copyfile(path, tmp_path / "interface" / path.name)
    (tmp_path / "interface" / "fr.yaml").write_text(texts["interface"], encoding="utf-8")
    validation = validate(tmp_path / "schemes.yaml", on=TODAY, interface_dir=tmp_path / "interface")
    return validation, [(target, line_of(texts[target], new_line)) for target, new_line in placed]


@pytest.mark.unit
def test_le_corpus_couvre_chaque_famille_d_attaque():
    assert len(PAYLOADS) >= 25
    assert FAMILIES >= {
        "attributs",
        "html",
        "casse",
        "entites",
        "espaces",
        "imbrique",
        "reference",
        "autolien",
        "schema",
        "svg-mathml",
        "image",
        "style",
        "bloc-attributs",
    }


@pytest.mark.unit
@pytest.mark.parametrize("name,payload", CHECKED, ids=[name for name, _ in CHECKED])
def test_la_verification_refuse_chaque_charge_dans_chaque_sorte_de_champ(name, payload, tmp_path):
    """The payload in every kind of field: each place gets its own error, and nothing more. The places of one file are
    checked together (one validation); translations and interface strings are checked once the records are valid."""
    files = {"schemes": "schemes.yaml", "facile": "facile.yaml", "interface": "fr.yaml"}
    for group in ([p for p in PLACES if p[1] == target] for target in files):
        validation, lines = _check(tmp_path, group, payload)
        for place, (target, line) in zip(group, lines, strict=True):
            errors = [p for p in validation.errors if p.line == line and p.path.endswith(files[target])]
            assert len(errors) == 1, (place[0], [p.format() for p in validation.problems])
            message = errors[0].format()
            assert "le texte contient" in message and "n'est pas permis" in message, message
            assert "attendu : du texte simple" in message and "exemple :" in message, message
            assert "Traceback" not in message
            if place[4]:
                assert "*italique*" in message and "https:" in message, "un champ de texte long dit quelle mise en forme est permise"
        assert len(validation.errors) == len(group), [p.format() for p in validation.errors]


@pytest.mark.unit
@pytest.mark.donnees
def test_les_donnees_reelles_et_le_jeu_de_test_passent(validation):
    # The project's data on the real day (a verification dated today is not in the future: the `validation` fixture,
    # validated once per process), the fixture on its fixed day.
    fixture = validate(MINIMAL, on=TODAY, interface_dir=INTERFACE_DIR)
    for result in (validation, fixture):
        assert result.ok, "les données doivent passer la vérification :\n" + "\n".join(p.format() for p in result.errors)


@pytest.mark.unit
@pytest.mark.parametrize(
    "text,shown,elements",
    [
        (
            "Inscription sur [le site officiel](https://www.1jeune1solution.gouv.fr), **avant le 30 juin**.",
            "Inscription sur le site officiel, avant le 30 juin.",
            [("p", {}), ("a", {"href": "https://www.1jeune1solution.gouv.fr"}), ("strong", {})],
        ),
        (
            "Écrivez à [l'accueil](mailto:accueil@exemple.fr) ou appelez le [3949](tel:3949) : *sans rendez-vous*.",
            "Écrivez à l'accueil ou appelez le 3949 : sans rendez-vous.",
            [("p", {}), ("a", {"href": "mailto:accueil@exemple.fr"}), ("a", {"href": "tel:3949"}), ("em", {})],
        ),
        (
            "Horaires : lundi, 9 h - 12 h. Prix : 5 € (moins de 18 ans < 3 €) ; « aide » & soutien.",
            "Horaires : lundi, 9 h - 12 h. Prix : 5 € (moins de 18 ans < 3 €) ; « aide » & soutien.",
            [("p", {})],
        ),
    ],
)
def test_le_petit_markdown_permis_passe_et_se_rend(text, shown, elements):
    assert markup.problems(text, formatted=True) == []
    page = _Tags.of(_site_html(markup.markdown_text(text, formatted=True)))
    assert (page.text, page.elements) == (shown, elements)


@pytest.mark.unit
def test_la_mise_en_forme_est_refusee_hors_des_textes_longs(tmp_path):
    validation, [(_, line)] = _check(tmp_path, [PLACES[1]], "Un service **très** utile.")
    assert [p.field for p in validation.errors if p.line == line] == ["resume"]
    assert "permise seulement dans les champs de texte long" in validation.errors[0].message


@pytest.mark.unit
def test_les_emplacements_de_l_interface_restent_permis(tmp_path):
    validation, _ = _check(tmp_path, [PLACES[-1]], "Pour qui {n}")
    assert not [p for p in validation.errors if p.path.endswith("fr.yaml")], "un repère {n} est permis dans une chaîne"
    # The other languages' « pour_qui » have no {n}: each is told to keep the French placeholders, nothing else.
    assert validation.errors and all("repères" in p.message and p.field == "pour_qui" for p in validation.errors)


@pytest.mark.unit
def test_un_reglage_d_interface_mal_forme_est_refuse(tmp_path):
    (tmp_path / "fr.yaml").write_text(INTERFACE_FR.replace("direction: ltr", 'direction: "ltr\\" onmouseover=\\"alert(1)"'), encoding="utf-8")
    strings, problems = load_interface("fr", tmp_path)
    assert strings == {} and [p.field for p in problems] == ["direction"]
    assert problems[0].line == line_of((tmp_path / "fr.yaml").read_text(encoding="utf-8"), "direction: ")


# ---------------------------------------------------------------- rendering with the check bypassed

# Fields of data/schemes.yaml that hold free text (everything else is an id, a reference, a closed list or a date).
TEXT_KEYS = {
    "nom",
    "titre",
    "resume",
    "description",
    "publics_precisions",
    "frais_precisions",
    "etapes",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "accessibilite",
    "alias",
    "note",
    "engagement",
    "sans_service_motif",
    "role",
    "sigle",
    "adresse",
    "commune",
    "langues",
}
# Elements and attributes that would make a page active or call another site; templates use some (icons, QR code): never more.
WATCHED = {
    "script",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "img",
    "style",
    "form",
    "input",
    "button",
    "base",
    "link",
    "meta",
    "audio",
    "video",
    "frame",
    "template",
}
LOCALES = ["fr", "ar"]  # French, and a translated right-to-left locale: French kept in place (lang="fr") and Latin runs isolated in <bdi>


def _with_payload(data: dict, payload: str) -> dict:
    """The fixture with the payload in every free-text field of every record (lists: every item)."""
    data = copy.deepcopy(data)
    for collection in ("documents", "organisations", "lieux", "mesures", "services"):
        for record in data[collection]:
            extra = (
                {"note"}
                | ({"adresse"} if collection == "lieux" else set())
                | ({"sigle", "telephone", "courriel", "site_web", "alias"} if collection == "organisations" else set())
            )
            for key in (TEXT_KEYS & set(record)) | extra:
                record[key] = [payload for _ in record[key]] if isinstance(record.get(key), list) else payload
    return data


def _catalogue(data: dict, payload: str) -> Catalogue:
    """A « facile » catalogue translating every translatable field, with the payload as text (no check)."""
    from guide.langues.translations import fingerprint, translatable_fields

    entries: dict = {}
    for collection, fields in translatable_fields(SCHEMA).items():
        for record in data[collection]:
            for name in fields:
                if name in record:
                    value = [payload for _ in record[name]] if isinstance(record[name], list) else payload
                    entries.setdefault(collection, {}).setdefault(record["id"], {})[name] = {
                        "texte": value,
                        "statut": "relu",
                        "par": "test",
                        "empreinte": fingerprint(record[name]),
                    }
    return Catalogue("facile", entries)


@functools.cache
def _fixture_data() -> dict:
    """The fixture's records, read once (each payload works on a deep copy: _with_payload)."""
    return dict(load_yaml(MINIMAL, "minimal.yaml").data)


@functools.cache
def _interface_strings(locale: str) -> dict[str, str]:
    """A locale's interface strings as written, read once."""
    written = yaml.load((INTERFACE_DIR / f"{locale}.yaml").read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    return {key: value["texte"] if isinstance(value, dict) else value for key, value in written.items()}


class _Bypassed:
    """What validate() would give, built without any check."""

    def __init__(self, payload: str):
        data = _with_payload(_fixture_data(), payload)
        self.schema = SCHEMA
        self.guide = build_guide(data)
        self.catalogues = {"facile": _catalogue(data, payload)}
        self.interfaces = {}
        for locale in LOCALES:
            strings = dict(_interface_strings(locale))
            for key in ("pour_qui", "prix", "contact", "site_web", "avis_manquant", "projet_texte", "langue_nom", "corriger_le_guide"):
                if key in strings:
                    strings[key] = payload
            self.interfaces[locale] = strings


HARMLESS = "Un texte ordinaire, sans rien de spécial."


@pytest.fixture(scope="module")
def baseline() -> dict[str, _Tags]:
    """The same pages with a harmless text in the same fields: what the templates themselves make."""
    return _rendered(HARMLESS)


def _rendered(payload: str, locales: tuple[str, ...] = tuple(LOCALES)) -> dict[str, _Tags]:
    bypassed = _Bypassed(payload)
    only = _one_page_per_template()
    pages = render_pages(bypassed.guide, SCHEMA, TODAY, make_localizers(list(locales), "fr", bypassed), "https://guide.exemple/", only=only)
    return {path: _page(text) for path, text in pages.items()}


@functools.cache
def _one_page_per_template() -> frozenset[str]:
    """Each template once, on the page that shows the most records (the payload is in all of them): every way a text
    reaches a page, without converting the same template's pages over and over. The same pages for every payload."""
    best: dict[str, PageSpec] = {}
    for spec in page_plan(_Bypassed(HARMLESS).guide, SCHEMA, TODAY):
        if spec.template not in best or len(spec.records) > len(best[spec.template].records):
            best[spec.template] = spec
    return frozenset(spec.path for spec in best.values())


def _page(text: str) -> _Tags:
    """A generated page as the site makes it: front matter read as YAML, body converted by the site's Markdown."""
    assert text.startswith("---\n"), text[:80]
    _, front, body = text.split("---\n", 2)
    tags = _Tags.of(_site_html(body))
    tags.meta = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # libyaml: 10 times faster
    return tags


@pytest.fixture(scope="module")
def site_markdown() -> markdown.Markdown:
    return _site_markdown()


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` gives the default, `!!python/name:x.y` the object (tests may import Material; guide/ may not)."""


def _python_name(loader, suffix, node):
    module, _, attribute = suffix.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


_MkDocsLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
_MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of mkdocs.yml."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)["markdown_extensions"]
    names, options = [], {}
    for entry in config:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        options[name] = settings or {}
    assert {"attr_list", "md_in_html", "admonition", "pymdownx.emoji"} <= set(names)
    return markdown.Markdown(extensions=names, extension_configs=options)


_MD: list = []


def _site_html(text: str) -> str:
    if not _MD:
        _MD.append(_site_markdown())
    md = _MD[0]
    md.reset()
    return md.convert(text)


class _Tags(HTMLParser):
    """Every element and attribute of a page, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.comments: list[str] = []
        self.chunks: list[str] = []
        self.meta: dict = {}

    @classmethod
    def of(cls, html: str) -> _Tags:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.chunks.append(data)

    def handle_comment(self, data):
        self.comments.append(data)

    def count(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for tag, _ in self.elements:
            if tag in WATCHED:
                counts[tag] = counts.get(tag, 0) + 1
        return counts


def _active(tags: _Tags, baseline: _Tags) -> list[str]:
    """Everything active in a page that did not come from its templates."""
    found = []
    for tag, attrs in tags.elements:
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "data", "xlink:href") and value is not None:
                scheme = urlsplit("".join(c for c in value if c > " ")).scheme.lower()
                if scheme not in ("", "https", "mailto", "tel", "geo"):  # geo: is the template's « Itinéraire » link
                    found.append(f"<{tag} {name}={value[:40]}>")
    if tags.count() != baseline.count():
        found.append(f"éléments {tags.count()} au lieu de {baseline.count()}")
    if len(tags.comments) != len(baseline.comments):
        found.append("commentaire HTML venu des données")
    for key in ("title", "description"):
        value = str(tags.meta.get(key, ""))
        if "<" in value or '"' in value:
            found.append(f"en-tête {key} : {value[:60]}")  # the theme prints these as they are
    return found


@pytest.mark.parametrize("name,payload,locales", SWEEP)
def test_sans_la_verification_le_rendu_ne_produit_rien_d_actif(name, payload, locales, baseline):
    pages = _rendered(payload, locales)
    expected = {path for path in baseline if "ar" in locales or not path.endswith(".ar.md")}  # French only: its pages
    assert set(pages) == expected and len(pages) > (30 if "ar" in locales else 15)
    problems = {path: found for path, tags in pages.items() if (found := _active(tags, baseline[path]))}
    assert problems == {}


@pytest.mark.unit
def test_le_garde_du_rendu_voit_bien_une_attaque(baseline):
    """The rendering check can fail: the same page with a raw onclick and an extra image is caught."""
    page = _Tags.of(_site_html('[voir](https://x.fr){ onclick="alert(1)" }\n\n![](https://tracker.example/p.gif)'))
    assert set(_active(page, _Tags.of(""))) >= {"<a onclick>", "éléments {'img': 1} au lieu de {}"}


@pytest.mark.unit
def test_le_premier_exemple_du_ticket_ne_fabrique_plus_d_attribut():
    payload = '… [voir](https://example.org){ onclick="alert(1)" } …'
    html = _site_html(markup.markdown_text(payload, formatted=True))
    assert 'onclick="' not in html and '<a href="https://example.org">voir</a>' in html
    before = _site_html(payload)
    assert 'onclick="alert(1)"' in before, "sans le rendu du guide, attr_list fabriquerait l'attribut"


# ---------------------------------------------------------------- exports


@pytest.mark.unit
@pytest.mark.parametrize("name,payload", PAYLOADS, ids=[name for name, _ in PAYLOADS])
def test_les_exports_restent_du_texte_sans_formule(name, payload):
    bypassed = _Bypassed(payload)
    french = make_localizers(["fr"], "fr", bypassed)[0]
    files = export_files(bypassed.guide, SCHEMA, french.raw, "https://guide.exemple/", TODAY)
    for path, content in files.items():
        if path.endswith(".json"):
            strings = list(_strings(json.loads(content)))
            assert strings and not [s for s in strings if _Tags.of(s).elements], path
        else:
            rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
            assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))], path


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.unit
@pytest.mark.parametrize("formula", ['=HYPERLINK("https://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1"])
def test_aucun_tableur_ne_calcule_une_cellule(formula):
    assert spreadsheet_cell(formula) == "'" + formula
    rows = list(csv.reader(io.StringIO(spreadsheet(["a"], [[formula]]).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1][0] == "'" + formula


@pytest.mark.unit
def test_tous_les_csv_passent_par_la_meme_garde():
    writers = [path.relative_to(ROOT).as_posix() for path in (ROOT / "guide").rglob("*.py") if "csv.writer" in path.read_text(encoding="utf-8")]
    assert writers == ["guide/donnees/text.py"]
    bypassed = _Bypassed('=HYPERLINK("https://x")')
    content = report_csv(build_report(bypassed.guide, TODAY), "x.yaml")
    assert "'=HYPERLINK" in content.decode("utf-8-sig")
    services = export_files(bypassed.guide, SCHEMA, make_localizers(["fr"], "fr", bypassed)[0].raw, "https://guide.exemple/", TODAY)["services.csv"]
    assert "'=HYPERLINK" in services.decode("utf-8-sig")
