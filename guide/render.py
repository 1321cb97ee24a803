"""Des enregistrements aux pages Markdown, par des gabarits Jinja rangés dans overrides/pages/.

La table `page_plan` dit, sur un écran, quelle page vient de quel
enregistrement et de quel gabarit. Le HTML éventuel est dans les gabarits,
jamais dans ce fichier.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from guide import markup
from guide.contacts import contact_plans, helplines, useful_contacts
from guide.fieldref import field_reference, value_lists
from guide.finder import finder_plan
from guide.model import Guide, Service
from guide.printing import page_url, qr_svg, site_path
from guide.report import build_report, coverage
from guide.schema import Schema
from guide.text import sort_key
from guide.translations import Localizer

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "overrides" / "pages"

# Every folder or file the generator owns under docs/ (all gitignored).
GENERATED_ROOTS = (
    "fiches",
    "mesures",
    "organisations",
    "themes",
    "pour-qui",
    "partenaires",
    "imprimer",
    "livrets",
    "je-cherche",
    "a-z.md",
    "suivi-du-pacte.md",
    "numeros-utiles.md",
)

FIELD_REFERENCE = "partenaires/champs.md"

_MARKER = re.compile(r"<!--\s*guide:([a-z0-9-]+)\s*-->")


@dataclass(frozen=True)
class PageSpec:
    """One page to write: where, from which template, with which values, about which records."""

    path: str
    template: str
    context: dict
    records: tuple = ()  # the records whose translations decide the page's notice
    scope: str = "all"  # "all" locales; "default" only (partners' pages); "bilingual": locales in another language than the default, shown beside it


class UnknownMarker(ValueError):
    """A `<!-- guide:… -->` marker that no template handles."""


# ---------------------------------------------------------------- plan


def page_plan(guide: Guide, schema: Schema, today: dt.date) -> list[PageSpec]:
    """Records → pages: the whole mapping in one place."""
    themes = schema.taxonomy("thematique")
    bands = schema.taxonomy("tranche_age")
    plan = [PageSpec(f"fiches/{s.id}.md", "service.jinja.md", {"service": s}, (s,)) for s in guide.services]
    plan += [PageSpec(f"mesures/{m.id}.md", "measure.jinja.md", {"measure": m}, (m,)) for m in guide.measures]
    plan += [PageSpec(f"organisations/{o.id}.md", "organisation.jinja.md", {"organisation": o}, (o,)) for o in guide.organisations]
    for t in themes:
        services = services_for_theme(guide, t.slug)
        plan.append(
            PageSpec(
                f"themes/{t.slug}.md",
                "theme.jinja.md",
                {"theme": t, "services": services, "measures": [m for m in guide.measures if m.theme == t.slug]},
                tuple(services),
            )
        )
    for b in bands:
        services = services_for_band(guide, b.extra)
        plan.append(PageSpec(f"pour-qui/{b.slug}.md", "audience.jinja.md", {"band": b, "services": services}, tuple(services)))
    organisations = sorted(guide.organisations, key=lambda o: sort_key(o.name))
    # Printing for mediators: one sheet per fiche in two languages, one booklet per theme.
    plan += [PageSpec(f"imprimer/{s.id}.md", "print-bilingual.jinja.md", {"service": s}, (s,), scope="bilingual") for s in guide.services]
    for t in themes:
        services = services_for_theme(guide, t.slug)
        plan.append(PageSpec(f"livrets/{t.slug}.md", "booklet.jinja.md", {"theme": t, "services": services}, tuple(services)))
    plan.append(PageSpec("livrets/index.md", "booklets-index.jinja.md", {"themes": themes}))
    plan += [
        PageSpec("themes/index.md", "themes-index.jinja.md", {"themes": themes}),
        PageSpec("pour-qui/index.md", "audiences-index.jinja.md", {"bands": bands}),
        PageSpec("organisations/index.md", "organisations-index.jinja.md", {"organisations": organisations}, tuple(organisations)),
        PageSpec("a-z.md", "a-z.jinja.md", {"groups": alphabetical_groups(guide.services)}, tuple(guide.services)),
        PageSpec("suivi-du-pacte.md", "pact-tracking.jinja.md", {"measures": guide.measures, "themes": themes}),
        PageSpec("numeros-utiles.md", "useful-numbers.jinja.md", {"useful": useful_contacts(guide)}, tuple(helplines(guide))),
        PageSpec("partenaires/a-completer.md", "partners-report.jinja.md", {"reports": build_report(guide, today)}, scope="default"),
        PageSpec(FIELD_REFERENCE, "field-reference.jinja.md", field_reference_context(schema), scope="default"),
    ]
    plan += [PageSpec(*page) for page in finder_plan(guide, schema)]  # « Je cherche… » (guide/finder.py)
    return plan


def field_reference_context(schema: Schema) -> dict:
    """What the field reference template needs: every record type's fields, and the closed lists they use."""
    types = field_reference(schema)
    return {"record_types": types, "lists": value_lists(types)}


def render_field_reference(schema: Schema, templates_dir: Path = TEMPLATES_DIR) -> str:
    """The partners' field reference as Markdown, exactly as the site page (for `python -m guide champs`)."""
    text = make_environment(templates_dir).get_template("field-reference.jinja.md").render(page_path=FIELD_REFERENCE, **field_reference_context(schema))
    return text.rstrip() + "\n"


def localized_path(path: str, localizer: Localizer) -> str:
    """`fiches/cej.md` → `fiches/cej.<locale>.md` for a non-default locale (mkdocs-static-i18n suffix layout)."""
    return path if localizer.is_default else f"{path[:-3]}.{localizer.locale}.md"


def render_pages(
    guide: Guide, schema: Schema, today: dt.date, localizers: list[Localizer], site_url: str = "/", templates_dir: Path = TEMPLATES_DIR
) -> dict[str, str]:
    """Every generated page in every locale: relative path under docs/ → Markdown.

    `today` dates the partners' report and the booklets; `site_url` (from mkdocs.yml) gives the full addresses
    printed and put in QR codes, and the site's path for audio files.
    """
    env = make_environment(templates_dir)
    plan = page_plan(guide, schema, today)
    plan.append(PageSpec("partenaires/traductions.md", "coverage.jinja.md", {"coverage": coverage(guide, localizers)}, scope="default"))
    default = next((loc for loc in localizers if loc.is_default), localizers[0])
    default_words = reader_words(schema, default, site_url)
    bilingual = bilingual_locales(localizers, default)
    plans = contact_plans(guide, schema)
    views = {"plan_of": lambda service: plans[service.id], "helplines": helplines(guide)}
    pages = {}
    for localizer in localizers:
        words = {**reader_words(schema, localizer, site_url), **views}
        print_fiche = _print_fiche(env, guide, {"here": (localizer, words), "fr": (default, {**default_words, **views})})
        for spec in plan:
            if spec.scope == "default" and not localizer.is_default:
                continue  # the partners' pages are for French-speaking partners only
            if spec.scope == "bilingual" and localizer not in bilingual:
                continue  # French beside French (or Facile à lire) would print the same text twice
            state = localizer.state(list(spec.records))
            text = env.get_template(spec.template).render(
                page_path=spec.path,
                guide=guide,
                state=state,
                site_path=site_path(site_url),
                audio_of=localizer.audio,
                today=today,
                print_fiche=print_fiche,
                bilingual=bilingual,
                locale=localizer.locale,
                **words,
                **spec.context,
            )
            pages[localized_path(spec.path, localizer)] = text.rstrip() + "\n"
    return pages


def bilingual_locales(localizers: list[Localizer], default: Localizer) -> list[Localizer]:
    """The locales that get a two-language printable sheet: those in another language than the default."""
    return [loc for loc in localizers if loc.raw("lang") != default.raw("lang")]


def _print_fiche(env: Environment, guide: Guide, languages: dict[str, tuple[Localizer, dict]]) -> Callable[..., str]:
    """The function templates call to print one fiche's sheet in the page's language ("here") or the default one ("fr")."""

    def print_fiche(service: Service, which: str = "here", level: int = 2, page_path: str = "", anchor: str = "") -> str:
        localizer, words = languages[which]
        return (
            env.get_template("_print-fiche.jinja.md")
            .render(service=service, level=level, page_path=page_path, anchor=anchor or service.id, state=localizer.state([service]), guide=guide, **words)
            .strip()
        )

    return print_fiche


def expand_markers(markdown: str, page_path: str, guide: Guide, schema: Schema, localizer: Localizer, templates_dir: Path = TEMPLATES_DIR) -> str:
    """Replace each `<!-- guide:name -->` in a hand-written page by the template `marker-name.jinja.md`."""
    env = make_environment(templates_dir)
    words = reader_words(schema, localizer)

    def replace(match: re.Match) -> str:
        name = f"marker-{match.group(1)}.jinja.md"
        if name not in env.list_templates():
            raise UnknownMarker(f"{page_path} : marqueur inconnu « {match.group(0)} » (attendu : un de {', '.join(known_markers(templates_dir))})")
        return (
            env.get_template(name)
            .render(
                page_path=page_path,
                guide=guide,
                themes=schema.taxonomy("thematique"),
                bands=schema.taxonomy("tranche_age"),
                helplines=helplines(guide),
                **words,
            )
            .strip()
        )

    return _MARKER.sub(replace, markdown)


def known_markers(templates_dir: Path = TEMPLATES_DIR) -> list[str]:
    """The markers a hand-written page may use."""
    return sorted(f"<!-- guide:{p.name[len('marker-') : -len('.jinja.md')]} -->" for p in templates_dir.glob("marker-*.jinja.md"))


def reader_words(schema: Schema, localizer: Localizer, site_url: str = "/") -> dict:
    """The functions templates use to print words (and full page addresses) in the page's locale."""
    labels = {name: schema.labels(name) for name, d in schema.document["$defs"].items() if "oneOf" in d and all("const" in c for c in d["oneOf"])}
    descriptions = {name: {t.slug: t.description for t in schema.taxonomy(name)} for name in labels}

    formatted = markup.formatted_fields(schema)

    def label(taxonomy: str, slug: str) -> str:
        key = f"{taxonomy}.{slug}"
        found = localizer.raw(key)
        return markup.interface_text(labels.get(taxonomy, {}).get(slug, slug) if found == key else found)

    def describe(taxonomy: str, slug: str) -> str:
        key = f"{taxonomy}.{slug}.description"
        found = localizer.raw(key)
        return markup.interface_text(descriptions.get(taxonomy, {}).get(slug, "") if found == key else found)

    def ages(service: Service) -> str:
        return age_text(service, localizer.t)

    def fdate(value: dt.date | None) -> str:
        return format_date(value, format="long", locale=localizer.raw("babel")) if value else ""

    def tr(record: Any, name: str) -> Any:
        """A record's text in the page's locale, as Markdown that can only be text, emphasis and safe links (guide/markup.py).

        This is where record text enters the templates. French shown in the place of a translation is marked lang="fr".
        """
        text = localizer.text(record, name)
        value = record_markdown(text.value, name in formatted.get(record.collection, ()))
        if text.state != "manquant" or localizer.raw("lang") == "fr" or value is None:
            return value
        wrap = '<span lang="fr" dir="ltr">{}</span>'.format
        return [wrap(v) for v in value] if isinstance(value, list) else wrap(value)

    prefix = "" if localizer.is_default else f"{localizer.locale}/"

    def url(path: str) -> str:
        """The full address of a generated page in this locale, as printed and scanned."""
        return page_url(site_url, path, prefix)

    def qr(address: str) -> str:
        """The QR code of an address, as inline SVG (made at build time by segno)."""
        return qr_svg(address, localizer.raw("qr_titre"))  # segno escapes the title itself

    return {
        "t": localizer.t,
        "tr": tr,
        "label": label,
        "describe": describe,
        "ages": ages,
        "fdate": fdate,
        "url": url,
        "qr": qr,
        "search_words": lambda record: localizer.search_words.get(record.id, []),
        "lang_code": localizer.t("lang"),
        "direction": localizer.t("direction"),
    }


# ---------------------------------------------------------------- selections


def services_for_theme(guide: Guide, theme: str) -> list[Service]:
    """Services of a theme, open ones first, then by name."""
    return sorted((s for s in guide.services if s.theme == theme), key=lambda s: (s.is_project, sort_key(s.name)))


def services_for_band(guide: Guide, band: dict) -> list[Service]:
    """Services for an audience entry: by age overlap, or by public (parents)."""
    if "public" in band:
        chosen = [s for s in guide.services if band["public"] in s.publics]
    else:
        chosen = [s for s in guide.services if s.serves_ages(band["age-min"], band["age-max"])]
    return sorted(chosen, key=lambda s: (s.is_project, sort_key(s.name)))


def alphabetical_groups(services: list[Service]) -> list[tuple[str, list[Service]]]:
    """Services grouped by first letter (accents folded), A to Z."""
    groups: dict[str, list[Service]] = {}
    for service in sorted(services, key=lambda s: sort_key(s.name)):
        groups.setdefault(sort_key(service.name)[:1].upper() or "#", []).append(service)
    return list(groups.items())


# ---------------------------------------------------------------- jinja


@functools.lru_cache(maxsize=4)
def make_environment(templates_dir: Path = TEMPLATES_DIR) -> Environment:
    """The Jinja environment of the Markdown templates, with the guide's filters (built once: templates compile once)."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        extensions=["jinja2.ext.do"],
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["link"] = relative_link
    env.filters["lcfirst"] = lambda text: text[:1].lower() + text[1:]
    env.filters["tel"] = tel_uri
    # Record text that templates print without `tr` (addresses, aliases, phones, notes…) goes through one of these.
    env.filters["texte"] = lambda value: "" if value is None else markup.markdown_text(str(value))
    env.filters["lien"] = markup.safe_url
    env.filters["code"] = markup.code_span
    env.filters["meta"] = markup.html_attribute  # page title and description: the theme prints them into HTML as they are
    return env


def record_markdown(value: Any, formatted: bool) -> Any:
    """A record's text (or list of texts) as safe Markdown: the second lock, behind the check, on all record text `tr` prints.

    Apostrophes stay as typed so that search finds « l'école ».
    """
    if isinstance(value, list):
        return [record_markdown(v, formatted) for v in value]
    return markup.markdown_text(value, formatted) if isinstance(value, str) else value


def relative_link(target: str, page_path: str) -> str:
    """The Markdown link from one generated page to another source file."""
    return posixpath.relpath(target, posixpath.dirname(page_path) or ".")


def age_text(service: Service, t: Callable[[str], str]) -> str:
    """The age range in words, or an honest '' when unknown."""
    low, high = service.age_min, service.age_max
    if low is not None and high is not None:
        return t("ages_de_a").format(min=low, max=high) if low else t("ages_jusqu_a").format(max=high)
    if low is not None:
        return t("ages_a_partir_de").format(min=low)
    if high is not None:
        return t("ages_jusqu_a").format(max=high)
    return ""


def tel_uri(phone: str) -> str:
    """A `tel:` address for a French number (digits only; +33 kept)."""
    digits = re.sub(r"[^0-9+]", "", phone)
    return f"tel:{digits}"
