"""Greffon « guide-i18n » : mkdocs-static-i18n, avec des codes de langue que le greffon d'origine refuse.

mkdocs-static-i18n 1.3 n'accepte que des codes de 2 lettres (« fr », « en-US »).
Le guide a besoin de :
  - « swb » (shimaoré, code ISO 639-3 de 3 lettres) ;
  - « facile » (la version Facile à lire, servie sous /facile/).
La correction la moins invasive : une sous-classe qui remplace seulement le
validateur du code de langue et ajoute une option « hreflang » (la valeur
BCP 47 annoncée aux navigateurs et aux moteurs : « fr-x-falc » pour « facile »).
Il choisit aussi, langue par langue, parmi les pages générées en mémoire (`File.generated`, hooks/guide_build.py),
comme parmi les fichiers de docs/ : le greffon d'origine ne connaît que ces derniers.
Les pages générées dans la seule langue par défaut (celles des partenaires : guide/langues/locales.py,
`default_language_only`) ne sont pas refaites en français dans les autres langues : un lien vers l'une d'elles y mène
à la page française, dont le sélecteur de langue mène à l'accueil de chaque langue.
Tout le reste est le greffon d'origine, inchangé. Demande en amont : PR #348.
"""

from __future__ import annotations

import os
import re

from mkdocs.config import config_options
from mkdocs.config.base import ValidationError
from mkdocs.structure.files import InclusionLevel
from mkdocs_static_i18n import suffix
from mkdocs_static_i18n.config import I18nPluginConfig, I18nPluginLanguage
from mkdocs_static_i18n.plugin import I18n

from guide.langues.locales import default_language_only

# ISO 639 codes of 2 or 3 letters, or a lower-case slug (used as the URL prefix), with an optional region.
_CODE = re.compile(r"^([a-z]{2,3}|[a-z]{4,12})([-_][A-Z]{2})?$")
# BCP 47: language, optional script, optional region, optional private use (x-…).
_BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?(-x(-[a-z0-9]{1,8})+)?$")


class GuideLocale(config_options.Type):
    """A language code: ISO 639-1 or 639-3, or a readable slug such as `facile`."""

    def run_validation(self, value):
        value = super().run_validation(value)
        if value != "null" and not _CODE.match(value):
            raise ValidationError(
                f"code de langue « {value} » invalide (attendu : 2 ou 3 lettres ISO 639, ou un mot en minuscules ; exemple : en, swb, facile)"
            )
        return value


class Bcp47(config_options.Type):
    """The tag announced in `hreflang`."""

    def run_validation(self, value):
        value = super().run_validation(value)
        if not _BCP47.match(value):
            raise ValidationError(f"« {value} » n'est pas une étiquette BCP 47 (exemple : fr, swb, fr-x-falc)")
        return value


class GuideLanguage(I18nPluginLanguage):
    """A language entry that accepts the guide's codes and an `hreflang`."""

    locale = GuideLocale(str)
    hreflang = config_options.Optional(Bcp47(str))


class GuideI18nConfig(I18nPluginConfig):
    """The upstream options, with the guide's language entries."""

    build_only_locale = config_options.Optional(GuideLocale(str))
    languages = config_options.ListOfItems(config_options.SubConfig(GuideLanguage, validate=True))


class GuideI18n(I18n):
    """mkdocs-static-i18n with the guide's language codes."""

    config_class = GuideI18nConfig

    def reconfigure_material_theme(self, config, locale):
        """Upstream behaviour, then give each alternate its `hreflang` (kept in every per-page copy)."""
        config = super().reconfigure_material_theme(config, locale)
        tags = {lang.locale: lang.hreflang or lang.locale for lang in self.config.languages}
        for alternate in [*(config.extra.get("alternate") or []), *(self.extra_alternate or [])]:
            alternate["hreflang"] = tags.get(alternate.get("lang"), alternate.get("lang"))
        return config

    def reconfigure_files(self, files, mkdocs_config):
        """Upstream choice of each page's language, in-memory pages included.

        Upstream keeps only files under docs_dir and re-creates each one from its path on disk: a generated page
        pretends to live in docs_dir, and its re-created copy keeps its content and its `generated_by`.
        """
        for file in [f for f in files if f.generated_by and f.abs_src_path is None]:
            file.abs_src_path = os.path.normpath(os.path.join(mkdocs_config.docs_dir, file.src_uri))
        upstream = suffix.create_i18n_file

        def create_i18n_file(file, *args):
            made = upstream(file, *args)
            if file.generated_by:
                made.generated_by, made._content = file.generated_by, file._content
            return made

        # The partners' pages, made in French only: not built again under the other languages, where a link to one leads
        # to the French page; the French page has no alternate but itself (sitemap: listed once; language selector: each
        # language's home, as upstream does for a page without a version in that language).
        only = default_language_only([f.src_uri for f in files if f.generated_by], [lang.locale for lang in self.config.languages])
        suffix.create_i18n_file = create_i18n_file
        try:
            files = super().reconfigure_files(files, mkdocs_config)
        finally:
            suffix.create_i18n_file = upstream
        for file in [f for f in files if getattr(f, "norm_src_uri", f.src_uri) in only]:
            file.alternates = {self.default_language: file}
            if self.current_language != self.default_language:  # not written (excluded); its address: the French page's, without <locale>/
                file.inclusion, file.url, file.dest_uri = InclusionLevel.EXCLUDED, file.url.split("/", 1)[1], file.dest_uri.split("/", 1)[1]
        return files
