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
from urllib.parse import urlsplit

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

from guide import hours, markup
from guide.contacts import can_be_reached, contact_plans, helplines, useful_contacts
from guide.fieldref import field_reference, value_lists
from guide.finder import finder_plan
from guide.formulaire import FORM_PAGE, form_json
from guide.glossary import used_terms
from guide.model import Guide, Service
from guide.paths import configured_forge
from guide.printing import is_published_address, page_url, qr_svg, site_path
from guide.recherche import search_terms
from guide.report import build_report, coverage
from guide.review import reviews
from guide.schema import Schema
from guide.text import sort_key
from guide.translations import SETTINGS, Localizer
from guide.views import SheetLanguage, fiche_view, measure_groups

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
    about: Any = None  # the one record the page describes (a fiche, a measure, an organisation), for its structured data
    paper: bool = False  # made to be printed (booklets, two-language sheets): one fiche per sheet, nothing added after it


@dataclass(frozen=True)
class GeneratedPage:
    """One generated page in one locale, as MkDocs will see it: a Markdown source that exists only in memory."""

    src_uri: str  # `fiches/cej.ar.md`: the suffix layout of mkdocs-static-i18n
    locale: str
    spec: PageSpec
    text: str


class UnknownMarker(ValueError):
    """A `<!-- guide:… -->` marker that no template handles."""


# ---------------------------------------------------------------- plan


def page_plan(guide: Guide, schema: Schema, today: dt.date, sheets: list[SheetLanguage] | None = None) -> list[PageSpec]:
    """Records → pages: the whole mapping in one place, each page with the view of what it shows (guide/views.py).

    `sheets`: the languages of the two-language printable sheets, which each fiche links to.
    """
    themes = schema.taxonomy("thematique")
    bands = schema.taxonomy("tranche_age")
    plans = contact_plans(guide, schema)
    fiches = [fiche_view(s, plans[s.id], sheets or []) for s in guide.services]
    plan = [PageSpec(f.service.page, "service.jinja.md", {"service": f.service, "fiche": f}, (f.service,), about=f.service) for f in fiches]
    plan += [PageSpec(m.page, "measure.jinja.md", {"measure": m}, (m,), about=m) for m in guide.measures]
    plan += [PageSpec(o.page, "organisation.jinja.md", {"organisation": o}, (o,), about=o) for o in guide.organisations]
    groups = measure_groups(guide.measures, themes)
    for group in groups:
        services = services_for_theme(guide, group.theme.slug)
        plan.append(
            PageSpec(
                f"themes/{group.theme.slug}.md", "theme.jinja.md", {"theme": group.theme, "services": services, "measures": group.measures}, tuple(services)
            )
        )
    for b in bands:
        services = services_for_band(guide, b.extra)
        plan.append(PageSpec(f"pour-qui/{b.slug}.md", "audience.jinja.md", {"band": b, "services": services}, tuple(services)))
    organisations = sorted(guide.organisations, key=lambda o: sort_key(o.name))
    # Printing for mediators: one sheet per fiche in two languages, one booklet per theme.
    plan += [PageSpec(f"imprimer/{s.id}.md", "print-bilingual.jinja.md", {"service": s}, (s,), scope="bilingual", paper=True) for s in guide.services]
    for t in themes:
        services = services_for_theme(guide, t.slug)
        plan.append(PageSpec(f"livrets/{t.slug}.md", "booklet.jinja.md", {"theme": t, "services": services}, tuple(services), paper=True))
    plan.append(PageSpec("livrets/index.md", "booklets-index.jinja.md", {"themes": themes}))
    plan += [
        PageSpec("themes/index.md", "themes-index.jinja.md", {"themes": themes}),
        PageSpec("pour-qui/index.md", "audiences-index.jinja.md", {"bands": bands}),
        PageSpec("organisations/index.md", "organisations-index.jinja.md", {"organisations": organisations}, tuple(organisations)),
        PageSpec("a-z.md", "a-z.jinja.md", {"groups": alphabetical_groups(guide.services)}, tuple(guide.services)),
        PageSpec("suivi-du-pacte.md", "pact-tracking.jinja.md", {"measures": guide.measures, "groups": [g for g in groups if g.measures]}),
        PageSpec("numeros-utiles.md", "useful-numbers.jinja.md", {"useful": useful_contacts(guide)}, tuple(helplines(guide))),
        PageSpec("partenaires/a-completer.md", "partners-report.jinja.md", {"reports": build_report(guide, today)}, scope="default"),
        PageSpec(FIELD_REFERENCE, "field-reference.jinja.md", field_reference_context(schema), scope="default"),
        PageSpec(FORM_PAGE, "formulaire.jinja.md", {"description": form_json(schema)}, scope="default"),  # one page for every record (guide/formulaire.py)
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
    guide: Guide,
    schema: Schema,
    today: dt.date,
    localizers: list[Localizer],
    site_url: str = "/",
    templates_dir: Path = TEMPLATES_DIR,
    only: frozenset[str] | None = None,
) -> dict[str, str]:
    """Every generated page in every locale: its source path (`fiches/cej.ar.md`) → Markdown."""
    return {page.src_uri: page.text for page in render_plan(guide, schema, today, localizers, site_url, templates_dir, only)}


def render_plan(
    guide: Guide,
    schema: Schema,
    today: dt.date,
    localizers: list[Localizer],
    site_url: str = "/",
    templates_dir: Path = TEMPLATES_DIR,
    only: frozenset[str] | None = None,
) -> list[GeneratedPage]:
    """Every generated page in every locale, with the spec it was made from.

    `today` dates the partners' report and the booklets; `site_url` (from mkdocs.yml) gives the full addresses
    printed and put in QR codes, and the site's path for audio files. `only`: just these pages (French paths), in every locale.
    """
    env = make_environment(templates_dir)
    default = next((loc for loc in localizers if loc.is_default), localizers[0])
    bilingual = bilingual_locales(localizers, default)
    sheets = [SheetLanguage(loc.locale, loc.t("lang"), loc.t("langue_nom")) for loc in bilingual]
    plan = [spec for spec in page_plan(guide, schema, today, sheets) if only is None or spec.path in only]
    found_reviews = reviews(guide, localizers)
    counts = {"coverage": coverage(guide, localizers), "reviews": found_reviews}
    plan.append(PageSpec("partenaires/traductions.md", "coverage.jinja.md", counts, scope="default"))
    depot, branch = configured_forge()
    for found in found_reviews:
        path = f"partenaires/relire-{found.locale}.md"
        if only is None or path in only:
            plan.append(PageSpec(path, "review.jinja.md", {"review": found, "forge": f"{depot}/blob/{branch}/"}, scope="default"))
    default_words = reader_words(schema, default, site_url)
    plans = contact_plans(guide, schema)
    views = {"plan_of": lambda service: plans[service.id], "helplines": helplines(guide)}
    pages = []
    french_pages: dict[str, str] = {}  # page path → the default locale's text: a word is explained only where the French has it
    for localizer in localizers:
        words = {**reader_words(schema, localizer, site_url), **views}
        print_fiche = _print_fiche(env, guide, {"here": (localizer, words), "fr": (default, {**default_words, **views})})
        for spec in plan:
            if spec.scope == "default" and not localizer.is_default:
                continue  # the partners' pages are for French-speaking partners only
            if spec.scope == "bilingual" and localizer not in bilingual:
                continue  # French beside French (or Facile à lire) would print the same text twice
            localizer.begin()
            state = localizer.state(list(spec.records))
            text = env.get_template(spec.template).render(
                page_path=spec.path,
                guide=guide,
                state=state,
                site_path=site_path(site_url),
                audio_of=localizer.audio,
                today=today,
                print_fiche=print_fiche,
                locale=localizer.locale,
                **words,
                **spec.context,
            )
            text = with_notice(text, localizer.notice_state(localizer.page_state()), localizer, env)
            if localizer.is_default:
                french_pages[spec.path] = text
            if spec.scope == "all" and not spec.paper:  # the word list is for screens; on paper each fiche keeps to its page
                text = with_lexicon(text, localizer, env, french_pages.get(spec.path))
            pages.append(GeneratedPage(localized_path(spec.path, localizer), localizer.locale, spec, text.rstrip() + "\n"))
    return pages


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
NOTICE_MARK = "!!! warning guide-avis "
NOTICE_PLACE = "<!-- guide-avis-ici -->"  # where a template wants the page's notice, when not right under the title


def notice_markdown(state: str, localizer: Localizer, env: Environment | None = None) -> str:
    """The reader's notice for a state (empty for French, reviewed or original text): overrides/pages/notice.jinja.md."""
    env = env or make_environment()
    return env.get_template("notice.jinja.md").render(_notice_context(state, localizer)).strip()


def _notice_context(state: str, localizer: Localizer) -> dict:
    """What a notice needs (notice.jinja.md, page-en-francais.jinja.md): its state, the locale's strings, its name in French."""
    return {"state": state, "t": localizer.t, "langue": markup.markdown_text(localizer.raw("nom_en_francais"))}  # a setting is text too


def page_in_french(markdown: str, state: str, localizer: Localizer, lang: str, direction: str, env: Environment | None = None) -> str:
    """A whole page shown in French in another locale: the notice says so, the text is marked (overrides/pages/page-en-francais.jinja.md)."""
    env = env or make_environment()
    seen = set(localizer.seen)
    text = env.get_template("page-en-francais.jinja.md").render(_notice_context(state, localizer), markdown=markdown, lang=lang, direction=direction)
    localizer.seen = seen  # the notice's own words are not the page's text
    return text


def with_notice(markdown: str, state: str, localizer: Localizer, env: Environment | None = None) -> str:
    """A page's Markdown with its notice after the title, once: the one rule every page kind goes through.

    A page whose fiches already carry their own notices (a booklet, a two-language sheet) keeps those alone: on paper,
    one notice per fiche is enough.
    """
    seen = set(localizer.seen)
    notice = notice_markdown(state, localizer, env)
    localizer.seen = seen  # the notice's own words are not the page's text
    if NOTICE_PLACE in markdown:  # the template chose the place (a fiche: after its first screen)
        return markdown.replace(NOTICE_PLACE, notice or "", 1)
    if not notice or NOTICE_MARK in markdown:
        return markdown  # nothing to say, or the page's fiches carry their own notices (booklets, two-language sheets)
    front = _FRONT_MATTER.match(markdown)
    start = front.end() if front else 0
    lines = markdown[start:].split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return markdown[:start] + "\n".join(lines[:at] + ["", notice, ""] + lines[at:])


def with_lexicon(markdown: str, localizer: Localizer, env: Environment, french: str | None = None) -> str:
    """A translated page with « Les mots de cette page » at its end: each glossary term it uses, with its explanation.

    The rule for hard words and names (data/glossaire/<langue>.yaml): a reader meets none without its explanation on the page;
    with the page's French (`french`), a term is explained only where the French names it (guide/glossary.py, used_terms).
    """
    body = _FRONT_MATTER.sub("", markdown, count=1)
    terms = used_terms(localizer.catalogue.glossary, body, None if french is None else _words_of(french))
    if localizer.is_default or not terms:
        return markdown
    seen = set(localizer.seen)
    lexicon = env.get_template("lexicon.jinja.md").render(terms=terms, t=localizer.t, direction=localizer.raw("direction")).strip()
    localizer.seen = seen  # the list repeats the page's own words: it does not change its notice
    return markdown.rstrip() + "\n\n" + lexicon + "\n"


_NOT_WORDS = re.compile(r"\]\([^)\s]*\)|<[^>]*>|\{[^}\n]*\}")  # link targets, tags, attribute lists: addresses, not words


def _words_of(markdown: str) -> str:
    """What a reader reads of a page's Markdown: no front matter, no link target (fiches/adulte-relais-….md is not a word)."""
    return _NOT_WORDS.sub(" ", _FRONT_MATTER.sub("", markdown, count=1))


def bilingual_locales(localizers: list[Localizer], default: Localizer) -> list[Localizer]:
    """The locales that get a two-language printable sheet: those in another language than the default."""
    return [loc for loc in localizers if loc.page_lang != default.page_lang]


def _print_fiche(env: Environment, guide: Guide, languages: dict[str, tuple[Localizer, dict]]) -> Callable[..., str]:
    """The function templates call to print one fiche's sheet in the page's language ("here") or the default one ("fr")."""

    def print_fiche(service: Service, which: str = "here", level: int = 2, page_path: str = "", anchor: str = "", block: str | None = None) -> str:
        localizer, words = languages[which]
        return (
            env.get_template("_print-fiche.jinja.md")
            .render(
                service=service,
                level=level,
                page_path=page_path,
                anchor=anchor or service.id,
                block=block,
                state=localizer.notice_state(localizer.state([service])),
                langue=markup.markdown_text(localizer.raw("nom_en_francais")),
                guide=guide,
                **words,
            )
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


# Interface entries that are settings read by the templates, not words shown: never put in <bdi>.


def reader_words(schema: Schema, localizer: Localizer, site_url: str = "/") -> dict:
    """The functions templates use to print words (and full page addresses) in the page's locale."""
    labels = {name: schema.labels(name) for name, d in schema.document["$defs"].items() if "oneOf" in d and all("const" in c for c in d["oneOf"])}
    descriptions = {name: {t.slug: t.description for t in schema.taxonomy(name)} for name in labels}

    formatted = markup.formatted_fields(schema)
    in_language = make_environment().get_template("_autre-langue.jinja.md").module.autre_langue  # a text in another language than the page
    # Right to left: every Latin run (names, acronyms, addresses) in the page's words is isolated in a <bdi> (guide/markup.py).
    rtl = localizer.raw("direction") == "rtl"

    def t(key: str) -> str:
        return localizer.t(key, isolate=rtl and key not in SETTINGS)  # settings (lang, direction…) are never isolated

    def label(taxonomy: str, slug: str) -> str:
        key = f"{taxonomy}.{slug}"
        found = localizer.raw(key)
        return markup.interface_text(labels.get(taxonomy, {}).get(slug, slug) if found == key else found, isolate=rtl)

    def describe(taxonomy: str, slug: str) -> str:
        key = f"{taxonomy}.{slug}.description"
        found = localizer.raw(key)
        return markup.interface_text(descriptions.get(taxonomy, {}).get(slug, "") if found == key else found, isolate=rtl)

    def ages(service: Service) -> str:
        return age_text(service, localizer.t)

    def fdate(value: dt.date | None) -> str:
        return format_date(value, format="long", locale=localizer.raw("babel")) if value else ""

    def tr(record: Any, name: str) -> Any:
        """A record's text in the page's locale, as Markdown that can only be text, emphasis and safe links (guide/markup.py).

        This is where record text enters the templates. French shown in the place of a translation is marked lang="fr".
        """
        text = localizer.text(record, name)
        lang, direction = (localizer.fallback_lang, "ltr") if text.is_french else (localizer.lang, localizer.raw("direction"))
        # Right to left: Latin runs in a <bdi>, unless the text is French in its own left-to-right span.
        value = record_markdown(text.value, name in formatted.get(record.collection, ()), isolate=rtl and not text.is_french)
        if lang == localizer.page_lang or value is None or text.state == "original":
            return value
        return [in_language(v, lang, direction) for v in value] if isinstance(value, list) else in_language(value, lang, direction)

    prefix = "" if localizer.is_default else f"{localizer.locale}/"

    def url(path: str) -> str:
        """The full address of a generated page in this locale, as printed and scanned."""
        return page_url(site_url, path, prefix)

    def qr(address: str) -> str:
        """The QR code of an address, as inline SVG (made at build time by segno)."""
        return qr_svg(address, localizer.raw("qr_titre"))  # segno escapes the title itself

    return {
        "t": t,
        "tr": tr,
        "label": label,
        "describe": describe,
        "ages": ages,
        "fdate": fdate,
        "horaires": lambda value: hours.describe(value, t, localizer.raw("babel")),
        "url": url,
        "qr": qr,
        "adresse_publiee": is_published_address(site_url),  # QR codes and printed addresses only for a real site address
        "search_terms": lambda record: search_terms(record, localizer.search_words),
        "lang_code": localizer.page_lang,
        "direction": localizer.t("direction"),
    }


# ---------------------------------------------------------------- selections


def services_for_theme(guide: Guide, theme: str) -> list[Service]:
    """Services of a theme, open ones first, among them those a resident can reach (own or organisation contact), then by name."""
    return sorted((s for s in guide.services if s.theme == theme), key=lambda s: (s.is_project, not can_be_reached(s), sort_key(s.name)))


def services_for_band(guide: Guide, band: dict) -> list[Service]:
    """Services for an audience entry: by age overlap, or by public (parents); open and reachable ones first, then by name."""
    if "public" in band:
        chosen = [s for s in guide.services if band["public"] in s.publics]
    else:
        chosen = [s for s in guide.services if s.serves_ages(band["age-min"], band["age-max"])]
    return sorted(chosen, key=lambda s: (s.is_project, not can_be_reached(s), sort_key(s.name)))


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
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["link"] = relative_link
    env.filters["lien_page"] = lambda record, page_path: relative_link(record.page, page_path)  # a record's page, from this page
    env.filters["lcfirst"] = lambda text: text[:1].lower() + text[1:]
    env.filters["tel"] = tel_uri
    # Record text that templates print without `tr` (addresses, aliases, phones, notes…) goes through one of these.
    env.filters["texte"] = _texte
    env.filters["chemin"] = lambda value: markup.markdown_text(str(value))  # a path inside an attribute: never any markup
    env.filters["lien"] = markup.safe_url
    env.filters["hote"] = lambda url: markup.markdown_text(urlsplit(str(url)).hostname or "")  # the site's name, to read or type from a printed sheet
    env.filters["code"] = markup.code_span
    env.filters["meta"] = markup.html_attribute  # page title and description: the theme prints them into HTML as they are
    return env


def record_markdown(value: Any, formatted: bool, isolate: bool = False) -> Any:
    """A record's text (or list of texts) as safe Markdown: the second lock, behind the check, on all record text `tr` prints.

    Apostrophes stay as typed so that search finds « l'école ». `isolate`: Latin runs in <bdi> (right-to-left pages).
    """
    if isinstance(value, list):
        return [record_markdown(v, formatted, isolate) for v in value]
    return markup.markdown_text(value, formatted, isolate) if isinstance(value, str) else value


@pass_context
def _texte(context: Any, value: Any) -> str:
    """Record text printed without `tr` (addresses, aliases, phones…): literal Markdown, Latin runs isolated on right-to-left pages."""
    return "" if value is None else markup.markdown_text(str(value), isolate=context.get("direction") == "rtl")


def relative_link(target: str, page_path: str) -> str:
    """The Markdown link from one generated page to another source file."""
    return posixpath.relpath(target, posixpath.dirname(page_path) or ".")


def age_text(service: Service, t: Callable[[str], str]) -> str:
    """The age range in words, or an honest '' when unknown."""
    low, high = service.age_min, service.age_max
    if low is not None and high is not None:
        return fill(t("ages_de_a"), min=low, max=high) if low else fill(t("ages_jusqu_a"), max=high)
    if low is not None:
        return fill(t("ages_a_partir_de"), min=low)
    if high is not None:
        return fill(t("ages_jusqu_a"), max=high)
    return ""


def fill(text: str, **values: object) -> str:
    """An interface string with its {nom} placeholders replaced, as the templates do (`replace`): a placeholder that no
    code gives stays as it is, instead of stopping the build (str.format would raise KeyError)."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def tel_uri(phone: str) -> str:
    """A `tel:` address for a French number (digits only; +33 kept)."""
    digits = re.sub(r"[^0-9+]", "", phone)
    return f"tel:{digits}"
