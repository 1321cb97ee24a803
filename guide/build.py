"""Une construction du site, vue depuis le paquet : valider une fois, faire toutes les pages générées en mémoire,
puis finir chaque page et le site.

Les crochets MkDocs (hooks/guide_build.py) ne font que passer leurs événements à un `Snapshot` : rien ici n'importe
MkDocs, et rien n'est écrit dans docs/. Un instantané est fait une fois par construction ; il est réutilisé tant
que ni les données, ni les gabarits, ni les pages écrites à la main ne changent (empreinte de leur contenu, pas de
leur date), ce qui sert aussi `mkdocs serve` : modifier un gabarit refait les pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from guide.donnees.markup import isolate_latin_html
from guide.donnees.paths import DATA_FILE, FORGE, SCHEMA_FILE
from guide.donnees.problems import Problem
from guide.langues.locales import Locales
from guide.langues.localizer import Localizer, PageTexts
from guide.langues.menus import translate_menus
from guide.langues.recherche import SearchIndexes
from guide.pages import content_digest, date_for_mkdocs, epoch_of, given_epoch, stated_date
from guide.rendu.handwritten import in_default_language, localize_page
from guide.rendu.markers import UnknownMarker, expand_markers
from guide.rendu.plan import GENERATED_ROOTS
from guide.rendu.printing import warn_if_placeholder
from guide.rendu.render import GeneratedPage, Rendering
from guide.rendu.templating import TEMPLATES_DIR
from guide.sorties.jsonld import page_json_ld
from guide.sorties.opendata import EXPORT_DIR, publish
from guide.sorties.site_files import copy_sitemaps, finish_page, fix_sitemap_hreflang, script_sources, stamp_service_worker, with_absolute_urls
from guide.validate import Validation, validate

# The offline page of each language (docs/hors-ligne*.md), which the service worker (docs/sw.js) shows at any address.
OFFLINE_PAGE = "hors-ligne/"


class DataErrors(Exception):
    """The data has errors: nothing may be built. The message is the partners' list, in French."""


class CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once for the whole build, not once per language.

    MkDocs makes a new Jinja environment for each pass of mkdocs-static-i18n (5 languages): without this, each pass
    compiled Material's templates and ours again. A template is reused only while its source is the same (Jinja's
    checksum) and for an environment with the same extensions; the pages are the same, byte for byte.
    """

    def __init__(self) -> None:
        self.codes: dict[tuple, tuple[str, object]] = {}

    @staticmethod
    def _key(bucket: Bucket) -> tuple:
        return bucket.key, tuple(sorted(bucket.environment.extensions))

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self.codes.get(self._key(bucket), ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[self._key(bucket)] = (bucket.checksum, bucket.code)


@dataclass
class Snapshot:
    """Everything one build needs, made once: the validation, the locales and every generated page."""

    validation: Validation
    locales: Locales
    day: dt.date
    site_url: str
    docs_dir: Path
    made: dict[str, GeneratedPage] = field(default_factory=dict)  # the generated pages made so far, by source path
    pending: dict[str, str] = field(default_factory=dict)  # source path → locale of the pages still being made apart (render_apart), in order
    rest: Callable[[str], list[GeneratedPage]] | None = None  # waits for one locale's
    compiled_templates: CompiledTemplates = field(default_factory=CompiledTemplates)  # the theme's, shared by the languages' passes
    search: SearchIndexes | None = None  # the search indexes of the build under way (one per language, started after its pass)
    building: str = ""  # the language whose pass is under way

    @cached_property
    def localizers(self) -> dict[str, Localizer]:
        codes = list(self.locales.codes)
        return dict(zip(codes, self.validation.localizers(codes, self.locales.default), strict=True))

    @property
    def source_date_epoch(self) -> str:
        """The build's day as a SOURCE_DATE_EPOCH (midnight UTC), for MkDocs and Material (the sitemap's dates)."""
        return str(epoch_of(self.day))

    def translate_menus(self, nav: list | None, languages: list) -> None:
        """The menu of each i18n language entry, from the interface strings (guide/langues/menus.py)."""
        translate_menus(nav, languages, list(self.localizers.values()))

    @property
    def pages(self) -> dict[str, GeneratedPage]:
        """Every generated page, by source path (once those made apart are back)."""
        for locale in dict.fromkeys(self.pending.values()):
            self._collect(locale)
        return self.made

    def _collect(self, locale: str) -> None:
        """Take in one locale's pages made apart (waiting for them if they are not ready yet)."""
        if self.rest is not None and locale in self.pending.values():
            self.made.update((page.src_uri, page) for page in self.rest(locale))
            self.pending = {src_uri: other for src_uri, other in self.pending.items() if other != locale}

    def sources(self, locale: str) -> list[tuple[str, str]]:
        """Each generated page's source path and Markdown, for the file list of a language's pass.

        The languages after it may still be being made apart, one after the other: their pages are listed
        (mkdocs-static-i18n pairs each page with its versions) without their text, which this pass never reads."""
        self._collect(locale)
        return [*((page.src_uri, page.text) for page in self.made.values()), *((src_uri, "") for src_uri in self.pending)]

    def page(self, src_uri: str) -> GeneratedPage | None:
        """The generated page behind a source path, or None for a hand-written one."""
        if src_uri in self.pending:
            self._collect(self.pending[src_uri])
        return self.made.get(src_uri)

    def is_generated_root(self, src_uri: str) -> bool:
        """Whether a path lies where only generated pages may be (a file left there in docs/ by an older build)."""
        first = src_uri.split("/")[0]
        return (first if "/" in src_uri else f"{first.split('.')[0]}.md") in GENERATED_ROOTS

    # ------------------------------------------------------------ pages

    def markdown(self, markdown: str, meta: dict, src_uri: str, locale: str, generated: bool = False) -> str:
        """A hand-written page: French in the place of a held-back translation, `<!-- guide:… -->` markers, the notice.
        A `generated` one: see `generated_markdown`."""
        if generated:
            return self.generated_markdown(markdown, meta, src_uri, locale)
        localizer = self.localizers[locale]
        guide, schema = self.validation.guide, self.validation.schema

        def expand(text: str, page: PageTexts) -> str:
            return expand_markers(text, src_uri, guide, schema, page) if "<!-- guide:" in text else text

        return localize_page(markdown, meta, self.docs_dir, src_uri, locale, self.locales.default, localizer, expand)

    def generated_markdown(self, markdown: str, meta: dict, src_uri: str, locale: str) -> str:
        """A generated page as shown in a locale: unchanged, unless it has no version in this locale.

        mkdocs-static-i18n then shows the default language's page (the partners' pages are made in French only): in a
        locale whose pages are in another language, its text is marked as French, under a notice in the reader's language.
        """
        meta["guide_generee"] = True  # no hand-written source in docs/ to edit (partials/guide-modifier.html)
        localizer = self.localizers[locale]
        if locale == self.locales.default or src_uri.endswith(f".{locale}.md") or localizer.page_lang == localizer.fallback_lang:
            return markdown
        return in_default_language(markdown, meta, localizer, localizer.notice_state("manquant"))

    def content(self, html: str, locale: str) -> str:
        """A hand-written page's HTML: in a right-to-left locale, each Latin run in a <bdi> (generated pages get theirs from the templates)."""
        return isolate_latin_html(html) if self.locales.direction.get(locale) == "rtl" else html

    def theme_globals(self, locale: str, serving: bool) -> dict:
        """What overrides/main.html reads, once per language: its interface strings, the site's locales and the scripts
        (the same security policy for every page; under `mkdocs serve`, its inline live-reload script too)."""
        return {"guide_t": self.localizers[locale].t, "guide_locales": self.locales, "guide_scripts": script_sources(serving)}

    def isolating(self, locale: str) -> Callable[[str], str]:
        """The theme's filter for the HTML Material makes from our data (menu, titles, header): in a right-to-left
        locale, each Latin run of its text in a <bdi>, as on the pages themselves; elsewhere, the HTML as it is."""
        return isolate_latin_html if self.locales.direction.get(locale) == "rtl" else str

    def json_ld(self, src_uri: str, locale: str) -> str:
        """The schema.org data of the record a page describes ('' for other pages)."""
        page = self.page(src_uri)
        about = page.spec.about if page else None
        if not about:
            return ""
        texts = page.texts if page.locale == locale and page.texts else self.localizers[locale].page()  # the page's own tracker
        return page_json_ld(self.validation.schema, texts, about, self.site_url)

    def finish(self, html: str, locale: str) -> str:
        """`<html dir>` and two repairs of Material's markup (the Content-Security-Policy is the template's, never the page's)."""
        return finish_page(html, self.locales.direction.get(locale, "ltr"), self.localizers[locale].page_lang)

    def served_anywhere(self, html: str, page_url: str) -> str:
        """The offline page of each language with absolute addresses: the service worker shows it at any depth (site_files.with_absolute_urls)."""
        first, _, rest = page_url.partition("/")
        if page_url != OFFLINE_PAGE and not (first in self.locales.codes and rest == OFFLINE_PAGE):
            return html
        return with_absolute_urls(html, urlsplit(self.site_url).path.rstrip("/") + "/" + page_url)

    def not_found(self, html: str, locale: str, site_dir: Path) -> str:
        """Each language builds 404.html in turn: the default one stays at the root, the others go under /<langue>/.

        The default language is built first, so the root page on disk is already the default one when the others come.
        """
        html = self.finish(html, locale)
        root = site_dir / "404.html"
        if locale == self.locales.default or not root.exists():
            return html
        target = site_dir / locale / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        return root.read_text(encoding="utf-8")

    # ------------------------------------------------------------ site

    def begin_pass(self, site_dir: Path, locale: str, epoch: str | None) -> None:
        """A language's pass begins.

        - MkDocs and Material get the build's SOURCE_DATE_EPOCH: `epoch`, as the command was given it, or the build's day
          (set at each pass: under `mkdocs serve`, each rebuild has its own day).
        - The search index of the language built before is started (Pagefind, in its own process) and made while this
          one is built; the last one's is made by `finish_site`. The default language is built first: it begins a new
          build's indexes (one that failed half-way left its own).
        """
        date_for_mkdocs(epoch or self.source_date_epoch)
        if self.search is None or locale == self.locales.default:
            if self.search is not None:
                self.search.close()
            self.search = SearchIndexes(site_dir, list(self.locales.codes), self.locales.default, self.locales.search)
        elif self.building:
            self.search.start(self.building)
        self.building = locale

    def finish_site(self, site_dir: Path) -> str:
        """One search index (Pagefind) and one sitemap per language, the open data and the service worker; returns a log line."""
        codes = list(self.locales.codes)
        search = self.search or SearchIndexes(site_dir, codes, self.locales.default, self.locales.search)
        self.search, self.building = None, ""
        exported = publish(site_dir / EXPORT_DIR, self.validation, self.site_url, self.day)  # while the last language is indexed
        counts = search.finish()  # starts the last language's
        fix_sitemap_hreflang(site_dir, {code: tag for code, tag in self.locales.hreflang.items() if tag != code})
        copy_sitemaps(site_dir, codes, self.locales.default)
        version = stamp_service_worker(site_dir, codes, self.locales.default)
        indexes = ", ".join(f"{k} {v}" for k, v in counts.items())
        return f"Guide : index de recherche par langue : {indexes} ; {len(exported)} fichiers de données ouvertes ; service worker {version}"


# What the snapshot reads of each i18n language entry. Not its `nav_translations`, which the plugin fills during the
# first language's pass: keyed on it, the second pass made the whole snapshot again (14 s of a 60 s build).
LANGUAGE_KEYS = ("locale", "default", "build", "hreflang")
_LAST: dict[str, Snapshot] = {}  # the last snapshot, by the hash of what it was made from (one entry)


def docs_order(src_uri: str) -> tuple:
    """The order MkDocs lists docs/ in (folder by folder, `index` first): generated pages are sorted among them by it,
    and the search index and sitemap keep it."""
    *folders, name = src_uri.split("/")
    return tuple(folders), name.split(".")[0] not in ("index", "README"), name


def settings(config: Mapping) -> dict:
    """The build's settings, from the configuration as MkDocs parsed it (`!ENV` included), for `snapshot`.

    Its site_url and docs_dir; extra.forge: {depot, branche}; extra.guide: {donnees (a path from mkdocs.yml's folder),
    date (AAAA-MM-JJ, the freshness warnings' day)}. Raises DataErrors, in French, for a date that is not one.
    """
    extra, file = config.get("extra") or {}, config.get("config_file_path")
    base = Path(file).parent if file else Path()  # paths of mkdocs.yml are from its folder
    forge, guide = extra.get("forge") or {}, extra.get("guide") or {}
    day = guide.get("date")
    if day is not None and not isinstance(day, dt.date):
        try:
            day = dt.date.fromisoformat(str(day))
        except ValueError:
            raise DataErrors(
                f"mkdocs.yml › extra › guide › date (GUIDE_DATE) : « {day} » n'est pas une date ; attendu : AAAA-MM-JJ, par exemple 2026-12-07"
            ) from None
    return {
        "site_url": config.get("site_url") or "/",
        "docs_dir": Path(config["docs_dir"]),
        "data": base / str(guide.get("donnees") or "data/schemes.yaml"),
        "forge": (str(forge.get("depot") or ""), str(forge.get("branche") or "main")),
        "today": day,
    }


def snapshot(
    languages: Iterable[Mapping],
    site_url: str,
    docs_dir: Path,
    data: Path | None = None,
    schema_file: Path = SCHEMA_FILE,
    templates_dir: Path = TEMPLATES_DIR,
    forge: tuple[str, str] = FORGE,
    today: dt.date | None = None,
    epoch: str | None = None,
    apart: bool = False,
) -> Snapshot:
    """The build's snapshot: made once, and again only when a data file, a template or a hand-written page changed,
    or the build's day did.

    Everything is passed in (what MkDocs parsed, see `settings`): `today` dates the freshness warnings (None: the clock);
    `epoch` is SOURCE_DATE_EPOCH as the command was started with it (pages.given_epoch), never the one a build set.
    `apart`: the pages of the languages other than the default one are made in a child process, while MkDocs builds the
    default language (`mkdocs build` on a machine with several processors; the same pages, byte for byte).
    Raises DataErrors (nothing is built) when the data has errors.
    """
    data = Path(data or DATA_FILE)
    languages = [{k: lang[k] for k in LANGUAGE_KEYS if k in lang} for lang in languages]
    day = stated_date(epoch)  # asked at each build: under `mkdocs serve`, a rebuild after a commit takes its day
    extra = repr((languages, site_url, str(docs_dir), str(data), forge, today, day))
    key = content_digest([data.parent, Path(schema_file), Path(templates_dir), Path(docs_dir)], extra)
    if key not in _LAST:
        _LAST.clear()
        _LAST[key] = _make(languages, site_url, Path(docs_dir), data, Path(schema_file), Path(templates_dir), forge, today, day, apart)
    return _LAST[key]


def _make(
    languages: list[dict],
    site_url: str,
    docs_dir: Path,
    data: Path,
    schema_file: Path,
    templates_dir: Path,
    forge: tuple,
    today: dt.date | None,
    day: dt.date | None,
    apart: bool = False,
) -> Snapshot:
    validation = validate(data, schema_file, on=today, docs_dir=docs_dir)
    if not validation.ok:
        lines = [p.format() for p in validation.errors]
        lines.append(f"{len(lines)} erreur(s) dans les données : rien n'a été construit. Corrigez puis relancez (python -m guide check).")
        raise DataErrors("\n".join(lines))
    default = next((lang["locale"] for lang in languages if lang.get("default")), "fr")
    if default not in validation.interfaces:  # the pages' words, dates and labels: nothing can be written without them
        where = data.parent / "interface" / f"{default}.yaml"
        missing = Problem(
            str(where),
            1,
            1,
            "",
            "",
            "fichier introuvable : les mots de l'interface (boutons, titres, dates) manquent",
            "le dossier interface/ du dépôt à côté du fichier des données",
            "data/interface/fr.yaml",
        )
        raise DataErrors(f"{missing.format()}\nRien n'a été construit. Gardez le dossier interface/ à côté de {data.name}, puis relancez.")
    day = day or validation.guide.reference_date
    made = Snapshot(validation, Locales.of(languages, validation.interfaces), day, site_url or "/", docs_dir)
    warn_if_placeholder(site_url)  # printed QR codes and addresses need the real site address (GUIDE_SITE_URL)
    # Search stems each locale's pages in the language they are shown in (Shimaoré held back: French).
    made.locales = replace(made.locales, search={code: localizer.page_lang for code, localizer in made.localizers.items()})
    localizers = list(made.localizers.values())
    rendering = Rendering(validation.guide, validation.schema, day, localizers, site_url or "/", templates_dir, forge=forge)
    first, *others = rendering.localizers
    made.made = {page.src_uri: page for page in rendering.render(first)}
    if apart and others:  # made in a child process, one after the other, while MkDocs builds the languages before (each read in its own pass)
        made.pending = {uri: localizer.locale for localizer in others for uri in rendering.src_uris(localizer)}
        made.rest = rendering.render_apart(others)
    else:
        made.made.update((page.src_uri, page) for localizer in others for page in rendering.render(localizer))
    return made


__all__ = ["DataErrors", "Snapshot", "UnknownMarker", "given_epoch", "settings", "snapshot"]  # what hooks/guide_build.py needs
