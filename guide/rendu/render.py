"""Des enregistrements aux pages Markdown de chaque langue, par les gabarits rangés dans overrides/pages/.

Chaque page a son propre relevé des textes qu'elle montre (Localizer.page()) : son avis en vient. Le plan des pages
est dans guide/rendu/plan.py, l'environnement Jinja dans guide/rendu/templating.py, les mots des pages dans guide/rendu/words.py, les
avis dans guide/rendu/notices.py, la liste des mots dans guide/rendu/lexicon.py, les marqueurs dans guide/rendu/markers.py.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

from jinja2 import Environment

from guide.donnees import markup
from guide.donnees.contacts import contact_plans, helplines
from guide.donnees.model import Guide, Service
from guide.donnees.paths import FORGE
from guide.donnees.schema import Schema
from guide.langues.localizer import Localizer, PageTexts
from guide.langues.review import RELIRE_PAR_PAGE, reviews
from guide.langues.review import parts as review_parts
from guide.rendu.background import Apart
from guide.rendu.lexicon import with_lexicon
from guide.rendu.notices import notice_parts, with_notice
from guide.rendu.pagination import paginate
from guide.rendu.plan import FIELD_REFERENCE, PageSpec, field_reference_context, page_plan
from guide.rendu.printing import site_path
from guide.rendu.report import coverage
from guide.rendu.templating import TEMPLATES_DIR, fresh_environment
from guide.rendu.views import SheetLanguage
from guide.rendu.words import ReaderWords


@dataclass(frozen=True)
class GeneratedPage:
    """One generated page in one locale, as MkDocs will see it: a Markdown source that exists only in memory."""

    src_uri: str  # `fiches/cej.ar.md`: the suffix layout of mkdocs-static-i18n
    locale: str
    spec: PageSpec
    text: str
    texts: PageTexts | None = field(default=None, compare=False, repr=False)  # the texts it shows and their states (its JSON-LD reads them)


def render_field_reference(schema: Schema, templates_dir: Path = TEMPLATES_DIR) -> str:
    """The partners' field reference as Markdown, exactly as the site page (for `python -m guide champs`)."""
    text = fresh_environment(templates_dir).get_template("field-reference.jinja.md").render(page_path=FIELD_REFERENCE, **field_reference_context(schema))
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
    forge: tuple[str, str] = FORGE,
) -> dict[str, str]:
    """Every generated page in every locale: its source path (`fiches/cej.ar.md`) → Markdown.

    `today` dates the partners' report and the booklets; `site_url` (from mkdocs.yml) gives the full addresses
    printed and put in QR codes, and the site's path for audio files. `only`: just these pages (French paths), in every locale.
    `forge` (extra.forge of mkdocs.yml: repository, branch): where the review pages link each line to correct.
    """
    rendering = Rendering(guide, schema, today, localizers, site_url, templates_dir, only, forge)
    return {page.src_uri: page.text for localizer in rendering.localizers for page in rendering.render(localizer)}


class Rendering:
    """The generated pages of every locale, made locale by locale: the default locale first (`render`), as the others
    explain a word only where its French page has it. The plan, and so every page's address, is known before any page is made."""

    def __init__(
        self,
        guide: Guide,
        schema: Schema,
        today: dt.date,
        localizers: list[Localizer],
        site_url: str = "/",
        templates_dir: Path = TEMPLATES_DIR,
        only: frozenset[str] | None = None,
        forge: tuple[str, str] = FORGE,
    ) -> None:
        self.guide, self.today, self.site_url = guide, today, site_url
        self.env = fresh_environment(templates_dir)  # a template edited under `mkdocs serve` is read again
        self.default = next((loc for loc in localizers if loc.is_default), localizers[0])
        self.localizers = [self.default, *[loc for loc in localizers if loc is not self.default]]  # the default first
        self.bilingual = bilingual_locales(localizers, self.default)
        sheets = [SheetLanguage(loc.locale, loc.t("lang"), loc.t("langue_nom")) for loc in self.bilingual]
        plan = [spec for spec in page_plan(guide, schema, today, sheets) if only is None or spec.path in only]
        found_reviews = reviews(guide, localizers)
        counts = {"coverage": coverage(guide, localizers), "reviews": found_reviews}
        plan.append(PageSpec("partenaires/traductions.md", "coverage.jinja.md", counts, scope="default"))
        depot, branch = forge[0].rstrip("/"), forge[1]
        # A line to correct opens the forge's editor at that line (/edit/); CONTRIBUTING.md is read, not edited (/blob/).
        forge_links = {"forge": f"{depot}/blob/{branch}/", "editeur": f"{depot}/edit/{branch}/"}
        for found in found_reviews:
            # Each language's list, cut into pages (review.parts): the first page keeps the address partenaires/relire-<langue>/.
            cut = review_parts(found, RELIRE_PAR_PAGE)
            for (path, _, pagination), part in zip(paginate(f"partenaires/relire-{found.locale}.md", cut, 1), cut, strict=True):
                if only is None or path in only:
                    context = {"review": found, "part": part, "pagination": pagination, "per_page": RELIRE_PAR_PAGE, **forge_links}
                    plan.append(PageSpec(path, "review.jinja.md", context, scope="default"))
        self.plan = plan
        # A French sheet printed beside a translated one says nothing of the page's notice: its words are noted apart, and never read.
        self.views = views_of(guide, schema)
        self.schema = schema
        self.default_words = {**ReaderWords(schema, self.default, site_url).of(self.default.page()), **self.views}
        self.french_pages: dict[str, str] = {}  # page path → the default locale's text: a word is explained only where the French has it

    def specs(self, localizer: Localizer) -> list[PageSpec]:
        """The pages a locale gets, in the plan's order."""
        return [
            spec
            for spec in self.plan
            # the partners' pages are for French-speaking partners only; French beside French (or Facile à lire) would print the same text twice
            if not (spec.scope == "default" and not localizer.is_default) and not (spec.scope == "bilingual" and localizer not in self.bilingual)
        ]

    def src_uris(self, localizer: Localizer) -> list[str]:
        """The source path of each page of a locale, before any is made."""
        return [localized_path(spec.path, localizer) for spec in self.specs(localizer)]

    def render(self, localizer: Localizer) -> list[GeneratedPage]:
        """Every page of one locale (the default locale's before any other's)."""
        env, guide, views = self.env, self.guide, self.views
        locale_words = ReaderWords(self.schema, localizer, self.site_url)
        pages = []
        for spec in self.specs(localizer):
            page = localizer.page()  # this page's own tracker: its notice depends on nothing made before or after it
            words = {**locale_words.of(page), **views}
            print_fiche = _print_fiche(env, guide, {"here": (localizer, words), "fr": (self.default, self.default_words)})
            state = localizer.state(list(spec.records))
            text = env.get_template(spec.template).render(
                page_path=spec.path,
                guide=guide,
                state=state,
                site_path=site_path(self.site_url),
                audio_of=page.audio,
                today=self.today,
                print_fiche=print_fiche,
                locale=localizer.locale,
                **words,
                **spec.context,
            )
            whole = page.all_in_french()  # no text of the data in the locale: the notice says the page does not exist in it yet
            parts = [] if whole else notice_parts(page.french_parts(), localizer, spec.path)  # the parts shown in French, named
            text = with_notice(text, localizer.notice_state("manquant") if whole else page.notice_state(), localizer, env, whole, parts)
            if localizer.is_default:
                self.french_pages[spec.path] = text
            if spec.scope == "all" and not spec.paper:  # the word list is for screens; on paper each fiche keeps to its page
                text = with_lexicon(text, localizer, env, self.french_pages.get(spec.path))
            pages.append(GeneratedPage(localized_path(spec.path, localizer), localizer.locale, spec, text.rstrip() + "\n", page))
        return pages

    def render_apart(self, localizers: list[Localizer]) -> Callable[[str], list[GeneratedPage]]:
        """Start making these locales' pages in a child process (guide/rendu/background.py), one locale after the other,
        after the default locale's; return the function that waits for one locale's pages. Each page comes back as plain
        data, its spec and locale found here again."""
        specs = {id(spec): i for i, spec in enumerate(self.plan)}
        trackers = [f.name for f in fields(PageTexts) if f.name != "localizer"]

        def plain(localizer: Localizer) -> list[tuple]:
            pages = self.render(localizer)
            return [(p.src_uri, specs[id(p.spec)], p.text, {name: getattr(p.texts, name) for name in trackers}) for p in pages]

        apart = Apart({localizer.locale: functools.partial(plain, localizer) for localizer in localizers})
        by_locale = {localizer.locale: localizer for localizer in localizers}

        def pages(locale: str) -> list[GeneratedPage]:
            return [GeneratedPage(uri, locale, self.plan[i], text, PageTexts(by_locale[locale], **noted)) for uri, i, text, noted in apart.result(locale)]

        return pages


def bilingual_locales(localizers: list[Localizer], default: Localizer) -> list[Localizer]:
    """The locales that get a two-language printable sheet: those in another language than the default."""
    return [loc for loc in localizers if loc.page_lang != default.page_lang]


def _print_fiche(env: Environment, guide: Guide, languages: dict[str, tuple[Localizer, dict]]) -> Callable[..., str]:
    """The function templates call to print one fiche's sheet in the page's language ("here") or the default one ("fr").

    The sheet's macros (_macros.jinja.md) are made once per page and language, not once per fiche: a booklet prints
    dozens, a two-language sheet 12 blocks. They read only the words of the language (the names they use, and
    `direction` through the `texte` filter), never the fiche being printed.
    """
    macros: dict[str, object] = {}

    def print_fiche(service: Service, which: str = "here", level: int = 2, page_path: str = "", anchor: str = "", block: str | None = None) -> str:
        localizer, words = languages[which]
        if which not in macros:
            macros[which] = env.get_template("_macros.jinja.md").make_module({**words, "guide": guide})
        return (
            env.get_template("_print-fiche.jinja.md")
            .render(
                m=macros[which],
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


def views_of(guide: Guide, schema: Schema) -> dict:
    """What the templates look up about the guide's services: each one's contact plan, the helplines."""
    plans = contact_plans(guide, schema)
    return {"plan_of": lambda service: plans[service.id], "helplines": helplines(guide)}
