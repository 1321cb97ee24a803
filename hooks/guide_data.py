"""Hook MkDocs : valide data/ et écrit les pages générées de chaque langue avant la construction.

Toute la logique est dans le paquet `guide` ; ce fichier ne fait que
l'appeler et traduire le résultat pour MkDocs.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from guide.handwritten import page_notice
from guide.jsonld import page_json_ld
from guide.opendata import EXPORT_DIR, publish
from guide.pages import build_date, epoch_of, prepare_docs, validate_once
from guide.recherche import build_search_index
from guide.render import UnknownMarker, expand_markers
from guide.site_files import copy_sitemaps, fix_material_html, fix_sitemap_hreflang, stamp_service_worker, with_html_dir, with_script_hashes

log = logging.getLogger("mkdocs.hooks.guide")

# ---------------------------------------------------------------- hooks


def on_config(config):
    """Validate the data once; stop with the partners' messages, or write the pages."""
    validation = validate_once()
    if not validation.ok:
        lines = [p.format() for p in validation.errors]
        raise PluginError(
            "\n".join([*lines, f"{len(lines)} erreur(s) dans les données : rien n'a été construit. Corrigez puis relancez (python -m guide check)."])
        )
    day = build_date(validation)
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch_of(day)))
    locales, default = _locales(config)
    prepared = prepare_docs(Path(config.docs_dir), day, locales, default, config.site_url or "/")
    if prepared.written or prepared.removed:
        log.info(f"Guide : {len(prepared.written)} page(s) générée(s) écrite(s), {len(prepared.removed)} supprimée(s) sur {prepared.total}.")
    if validation.warnings:
        # INFO, not WARNING: freshness warnings must not fail `mkdocs build --strict`.
        log.info(f"Guide : {len(validation.warnings)} avertissement(s) sur les données (détail : python -m guide check -v).")
    return config


def on_page_markdown(markdown, page, config, files):
    """Hand-written pages: translation notice, then `<!-- guide:… -->` markers."""
    if page.file.generated_by or "<!-- Page générée" in markdown[:400]:
        page.meta["guide_generee"] = True  # no hand-written source in docs/ to edit (see partials/guide-modifier.html)
        return markdown
    validation = validate_once()
    locales, default = _locales(config)
    current = _current_locale(config, default)
    localizer = _localizer(config)
    markdown = page_notice(markdown, page.meta, Path(config.docs_dir), page.file.src_uri, current, default, localizer)
    if "<!-- guide:" not in markdown:
        return markdown
    try:
        return expand_markers(markdown, page.file.src_uri, validation.guide, validation.schema, localizer)
    except UnknownMarker as error:
        raise PluginError(str(error)) from None


def on_page_context(context, page, config, nav):
    """Give theme templates the interface strings of the page's locale (guide_t) and its schema.org data (guide_json_ld)."""
    validation, localizer = validate_once(), _localizer(config)
    context["guide_t"] = localizer.t
    context["guide_json_ld"] = page_json_ld(validation.guide, validation.schema, localizer, page.file.src_uri, config.site_url or "")
    return context


def on_template_context(context, template_name, config):
    """The same for pages without a Markdown source (404.html)."""
    context["guide_t"] = _localizer(config).t
    return context


_DEFAULT_404: dict[str, str] = {}


def on_post_template(output_content, template_name, config):
    """Each language builds 404.html in turn: keep the default one at the root, put the others under /<langue>/."""
    if template_name != "404.html":
        return output_content
    locales, default = _locales(config)
    current = _current_locale(config, default)
    output_content = with_script_hashes(fix_material_html(with_html_dir(output_content, _direction(current))))
    if current == default:
        _DEFAULT_404[config.site_dir] = output_content
        return output_content
    target = Path(config.site_dir) / current / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output_content, encoding="utf-8")
    return _DEFAULT_404.get(config.site_dir, output_content)


def on_post_page(output, page, config):
    """`<html dir>` from the locale's interface strings (rtl for Arabic); the Content-Security-Policy gets the page's script hashes, last."""
    locales, default = _locales(config)
    return with_script_hashes(fix_material_html(with_html_dir(output, _direction(_current_locale(config, default)))))


@event_priority(-110)  # after mkdocs-static-i18n has built every language and merged the index
def on_post_build(config):
    """One search index and one sitemap per language; the open data, once."""
    plugin = _i18n(config)
    if plugin is None or plugin.building:
        return
    locales, default = _locales(config)
    validation = validate_once()
    exported = publish(Path(config.site_dir) / EXPORT_DIR, validation, config.site_url or "", build_date(validation))
    counts = build_search_index(
        Path(config.site_dir), locales, default, {locale: validation.interfaces.get(locale, {}).get("lang", locale) for locale in locales}
    )
    fix_sitemap_hreflang(Path(config.site_dir), {lang.locale: lang.hreflang for lang in plugin.config.languages if lang.hreflang})
    copy_sitemaps(Path(config.site_dir), locales, default)
    version = stamp_service_worker(Path(config.site_dir), locales, default)
    log.info(
        "Guide : index de recherche par langue : "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
        + f" ; {len(exported)} fichiers de données ouvertes ; service worker {version}"
    )


# ---------------------------------------------------------------- helpers


def _lunr_languages(config, locales: list[str]) -> dict[str, list[str]]:
    """The lunr language of each locale (interface string `lunr`), or plain whitespace tokenizing (`en`) when lunr has none."""
    validation = validate_once()
    available = {p.name.split(".")[1] for p in (Path(config.site_dir) / "assets" / "javascripts" / "lunr" / "min").glob("lunr.*.min.js")} | {"en"}
    chosen = {locale: validation.interfaces.get(locale, {}).get("lunr", locale) for locale in locales}
    return {locale: [lang if lang in available else "en"] for locale, lang in chosen.items()}


def _localizer(config):
    """The Localizer of the language being built."""
    locales, default = _locales(config)
    current = _current_locale(config, default)
    return validate_once().localizers(locales, default)[locales.index(current) if current in locales else 0]


def _direction(locale: str) -> str:
    """ltr or rtl, from the locale's interface strings."""
    return validate_once().interfaces.get(locale, {}).get("direction", "ltr")


def _i18n(config):
    return config.plugins.get("guide-i18n")


def _locales(config) -> tuple[list[str], str]:
    """The locales built, default first, from the i18n plugin's configuration."""
    plugin = _i18n(config)
    if plugin is None:
        return ["fr"], "fr"
    languages = [lang for lang in plugin.config.languages if lang.build and lang.locale != "null"]
    default = next(lang.locale for lang in languages if lang.default)
    return [default] + [lang.locale for lang in languages if lang.locale != default], default


def _current_locale(config, default: str) -> str:
    plugin = _i18n(config)
    return (plugin.current_language if plugin else None) or default
