"""Crochet de la référence des mesures (bench.py, paires.py) : les mêmes pages que le guide.

Le guide ne refait pas ses pages faites en français seulement (celles des partenaires) dans les autres langues
(guide_mkdocs/i18n.py) : un lien vers l'une d'elles y mène à la page française. mkdocs-static-i18n n'a pas d'option
pour cela : ce crochet fait de même, après le greffon (−100), pour que la référence construise exactement les pages
que le guide construit. La liste vient de `extra.default_language_only` du mkdocs.yml de la référence (bench.py).
"""

from mkdocs.plugins import event_priority
from mkdocs.structure.files import InclusionLevel


@event_priority(-110)  # after mkdocs-static-i18n (−100), which has picked each page's language
def on_files(files, config):
    i18n = config.plugins["i18n"]
    only = set(config.extra.get("default_language_only") or ())
    for file in [f for f in files if getattr(f, "norm_src_uri", f.src_uri) in only]:
        file.alternates = {i18n.default_language: file}
        if i18n.current_language != i18n.default_language:
            file.inclusion, file.url, file.dest_uri = InclusionLevel.EXCLUDED, file.url.split("/", 1)[1], file.dest_uri.split("/", 1)[1]
    return files
