"""Greffon « guide » : l'adaptateur mince entre MkDocs et le paquet `guide` (guide/build.py fait le travail).

Listé avant « guide-i18n » dans mkdocs.yml : ses pages générées en mémoire passent par le choix de langue.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from guide.build import DataErrors, UnknownMarker, snapshot
from guide.menus import translate_menus
from guide.site_files import script_sources, serving

log = logging.getLogger("mkdocs.plugins.guide")


def walk_order(src_uri: str) -> tuple:
    """The order MkDocs lists docs/ in (folder by folder, `index` first): the search index and sitemap keep it."""
    *folders, name = src_uri.split("/")
    return tuple(folders), name.split(".")[0] not in ("index", "README"), name


class GuidePlugin(BasePlugin):
    def on_config(self, config):
        i18n = config.plugins.get("guide-i18n")
        languages = [dict(lang) for lang in i18n.config.languages] if i18n else []
        try:
            self.build = snapshot(languages, config.site_url or "/", Path(config.docs_dir))
        except DataErrors as errors:
            raise PluginError(str(errors)) from None
        self.locale = lambda: (i18n.current_language if i18n else None) or self.build.locales.default
        translate_menus(config.nav, i18n.config.languages if i18n else [], list(self.build.localizers.values()))  # from the data
        if self.build.validation.warnings:  # INFO: freshness warnings must not fail `mkdocs build --strict`
            log.info(f"Guide : {len(self.build.validation.warnings)} avertissement(s) sur les données (détail : python -m guide check -v).")

    def on_files(self, files, config):
        for file in [f for f in files if self.build.is_generated_root(f.src_uri) and not f.generated_by]:
            files.remove(file)  # left in docs/ by an older version of the guide, which wrote its pages there
            log.info(f"Guide : {file.src_uri} ignoré : les pages générées ne viennent plus de docs/ (ce fichier peut être effacé).")
        generated = [File.generated(config, page.src_uri, content=page.text) for page in self.build.pages.values()]
        return Files(sorted([*files, *generated], key=lambda f: walk_order(f.src_uri)))  # as if they were in docs/

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.generated_by:
            page.meta["guide_generee"] = True  # no hand-written source in docs/ to edit (partials/guide-modifier.html)
            return self.build.generated_markdown(markdown, page.meta, page.file.src_uri, self.locale())
        try:
            return self.build.markdown(markdown, page.meta, page.file.src_uri, self.locale())
        except UnknownMarker as error:
            raise PluginError(str(error)) from None

    def on_page_content(self, html, page, config, files):
        return html if page.file.generated_by else self.build.content(html, self.locale())

    def on_env(self, env, config, files):  # once per language: its interface strings and the site's locales
        env.globals.update(guide_t=self.build.localizers[self.locale()].t, guide_locales=self.build.locales)
        env.globals["guide_scripts"] = script_sources(serving())  # overrides/main.html: the same policy for every page
        env.filters["guide_isoler"] = self.build.isolating(self.locale())  # overrides/main.html: header, menu, footer
        return env

    def on_page_context(self, context, page, config, nav):
        context["guide_json_ld"] = self.build.json_ld(page.file.src_uri, self.locale())
        return context

    def on_post_template(self, output, template_name, config):
        return self.build.not_found(output, self.locale(), Path(config.site_dir)) if template_name == "404.html" else output

    def on_post_page(self, output, page, config):
        page.markdown = page.content = None  # about to be written; the i18n plugin nests its 5 passes, each keeping its pages
        return self.build.finish(self.build.served_anywhere(output, page.url), self.locale())

    @event_priority(-110)  # after mkdocs-static-i18n has built every language and merged the search index
    def on_post_build(self, config):
        i18n = config.plugins.get("guide-i18n")
        if not (i18n and i18n.building):
            log.info(self.build.finish_site(Path(config.site_dir)))
