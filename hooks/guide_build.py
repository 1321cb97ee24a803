"""Crochets MkDocs du guide : l'adaptateur mince entre MkDocs et le paquet `guide` (guide/build.py fait le travail).

MkDocs ajoute les crochets (`hooks:` de mkdocs.yml) après les greffons : à priorité égale, un crochet passe après
mkdocs-static-i18n (greffon « guide-i18n »). Celui-ci prend on_config, on_files, on_post_page et on_post_build à −100,
on_page_markdown et on_page_context à +50 ; chaque événement ci-dessous dit sa priorité, et pourquoi.
Le fichier ne s'appelle pas `guide.py` : MkDocs met hooks/ en tête de sys.path pendant qu'il le charge, et
`import guide` y trouverait ce fichier au lieu du paquet.
"""

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from guide.build import DataErrors, UnknownMarker, docs_order, given_epoch, settings, snapshot

log = logging.getLogger("mkdocs.plugins.guide")
# The run's "command" and "epoch", as given before any build set SOURCE_DATE_EPOCH (on_startup; these defaults if MkDocs does not call it);
# of this configuration: "build" its Snapshot, "i18n" the guide-i18n plugin (or None), "locale" the language being built.
_state = {"command": "build", "epoch": given_epoch()}

# --- crochets ---


@event_priority(0)  # guide-i18n has no on_startup: no order between the two
def on_startup(command, dirty):
    """Once per `mkdocs build` or `mkdocs serve` (not per rebuild): which command, and the SOURCE_DATE_EPOCH it was given."""
    _state.update(command=command, epoch=given_epoch())


@event_priority(0)  # before guide-i18n (−100), which reconfigures Material and the menu per language
def on_config(config):
    """At each language's pass: validate the data and make every generated page in memory, once, with the settings MkDocs
    parsed; translate the menu; start the search index of the language built before (made while this one is built)."""
    i18n = _state["i18n"] = config.plugins.get("guide-i18n")
    languages = i18n.config.languages if i18n else []
    # What MkDocs parsed (site_url, docs_dir, extra: forge, data file, date); SOURCE_DATE_EPOCH as given, before a build set it;
    # `build` (not `serve`, which has threads): the other languages' pages made in a child process during the default's pass.
    try:
        build = _state["build"] = snapshot(languages, epoch=_state["epoch"], apart=_state["command"] == "build", **settings(config))
    except DataErrors as errors:
        raise PluginError(str(errors)) from None
    _state["locale"] = lambda: (i18n.current_language if i18n else None) or build.locales.default  # the language being built
    build.translate_menus(config.nav, languages)  # from the data
    build.begin_pass(Path(config.site_dir), _state["locale"](), _state["epoch"])  # SOURCE_DATE_EPOCH; the language before's search index
    if build.validation.warnings:  # INFO: freshness warnings must not fail `mkdocs build --strict`
        log.info(f"Guide : {len(build.validation.warnings)} avertissement(s) sur les données (détail : python -m guide check -v).")


@event_priority(0)  # before guide-i18n (−100): it then picks, language by language, among our generated pages too
def on_files(files, config):
    """Add the generated pages, as if they were in docs/."""
    for file in [f for f in files if _state["build"].is_generated_root(f.src_uri) and not f.generated_by]:
        files.remove(file)  # left in docs/ by an older version of the guide, which wrote its pages there
        log.info(f"Guide : {file.src_uri} ignoré : les pages générées ne viennent plus de docs/ (ce fichier peut être effacé).")
    generated = [File.generated(config, src_uri, content=text) for src_uri, text in _state["build"].sources(_state["locale"]())]
    return Files(sorted([*files, *generated], key=lambda f: docs_order(f.src_uri)))  # as if they were in docs/


@event_priority(0)  # after guide-i18n (+50), which has set the page's language
def on_page_markdown(markdown, page, config, files):
    """Fill a generated page for its language, or replace the markers of a hand-written one."""
    try:  # a generated page's meta gets `guide_generee`: no hand-written source in docs/ to edit (partials/guide-modifier.html)
        return _state["build"].markdown(markdown, page.meta, page.file.src_uri, _state["locale"](), generated=bool(page.file.generated_by))
    except UnknownMarker as error:
        raise PluginError(str(error)) from None


@event_priority(0)  # guide-i18n has no on_page_content
def on_page_content(html, page, config, files):
    """Finish the HTML of a hand-written page (generated pages are already finished)."""
    return html if page.file.generated_by else _state["build"].content(html, _state["locale"]())


@event_priority(0)  # guide-i18n's on_env (0, runs first) only adds a Jinja extension: no order between the two
def on_env(env, config, files):
    """Once per language: its interface strings, the site's locales, the scripts (the same security policy for every
    page) and the Latin isolation filter, for overrides/main.html."""
    env.globals.update(_state["build"].theme_globals(_state["locale"](), serving=_state["command"] == "serve"))  # serve: live reload
    # overrides/main.html: header, menu, footer; the theme's templates compiled once, not once per language
    env.filters["guide_isoler"], env.bytecode_cache = _state["build"].isolating(_state["locale"]()), _state["build"].compiled_templates
    return env


@event_priority(0)  # after guide-i18n (+50), which has set the page's language and alternates
def on_page_context(context, page, config, nav):
    """The page's structured data (JSON-LD)."""
    context["guide_json_ld"] = _state["build"].json_ld(page.file.src_uri, _state["locale"]())
    return context


@event_priority(0)  # guide-i18n has no on_post_template
def on_post_template(output, template_name, config):
    """The 404 page of each language, with absolute addresses."""
    return _state["build"].not_found(output, _state["locale"](), Path(config.site_dir)) if template_name == "404.html" else output


@event_priority(0)  # before guide-i18n (−100), which keeps the pages of its 5 passes
def on_post_page(output, page, config):
    """Finish a page's HTML and free its Markdown and content."""
    page.markdown = page.content = None  # about to be written; the i18n plugin nests its 5 passes, each keeping its pages
    return _state["build"].finish(_state["build"].served_anywhere(output, page.url), _state["locale"]())


@event_priority(-110)  # after guide-i18n (−100) has built every language and merged the search index
def on_post_build(config):
    """Once, after the last language: sitemaps, security policy, search index, offline cache."""
    if not (_state["i18n"] and _state["i18n"].building):
        log.info(_state["build"].finish_site(Path(config.site_dir)))
