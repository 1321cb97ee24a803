"""L'environnement Jinja des gabarits de pages (overrides/pages/) et ses filtres.

Chaque filtre dit ce qu'il fait ; le texte des données qu'un gabarit imprime sans `tr` passe par l'un d'eux
(guide/donnees/markup.py).
"""

from __future__ import annotations

import functools
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

from guide.donnees import markup
from guide.donnees.formatting import tel_uri

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "overrides" / "pages"


@functools.lru_cache(maxsize=32)
def make_environment(templates_dir: Path = TEMPLATES_DIR) -> Environment:
    """The Jinja environment of the Markdown templates, with the guide's filters (built once: templates compile once).

    A template is checked for changes once per rendering of the pages (`fresh_environment`), not at each
    `get_template` or `{% import %}` (Jinja's auto_reload: one file system call each, 15 000 per build).
    """
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        auto_reload=False,
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Paths between pages (relative Markdown links) and addresses from the data (sanitised) have names that cannot be mixed up.
    env.filters["chemin_relatif"] = relative_path  # the relative path from this page to another source file
    env.filters["chemin_relatif_page"] = lambda record, page_path: relative_path(record.page, page_path)  # a record's page, from this page
    env.filters["lcfirst"] = lambda text: text[:1].lower() + text[1:]
    env.filters["tel"] = tel_uri
    # Record text that templates print without `tr` (addresses, aliases, phones, notes…) goes through one of these.
    env.filters["texte"] = _texte
    env.filters["chemin"] = lambda value: markup.markdown_text(str(value))  # a path inside an attribute: never any markup
    env.filters["url_sure"] = markup.safe_url  # an address from the data, kept only when https, mailto or tel (guide/donnees/markup.py), else empty
    env.filters["hote"] = lambda url: markup.markdown_text(urlsplit(str(url)).hostname or "")  # the site's name, to read or type from a printed sheet
    env.filters["code"] = markup.code_span
    env.filters["meta"] = markup.html_attribute  # page title and description: the theme prints them into HTML as they are
    return env


def fresh_environment(templates_dir: Path = TEMPLATES_DIR) -> Environment:
    """`make_environment`, first forgetting each compiled template whose file changed or went since it was read
    (what Jinja's auto_reload checks, by the file's date): `mkdocs serve` renders an edited template anew."""
    env = make_environment(templates_dir)
    for key, template in list(env.cache.items()):
        if not template.is_up_to_date:
            del env.cache[key]
    return env


@pass_context
def _texte(context: Any, value: Any) -> str:
    """Record text printed without `tr` (addresses, aliases, phones…): literal Markdown, Latin runs isolated on right-to-left pages."""
    return "" if value is None else markup.markdown_text(str(value), isolate=context.get("direction") == "rtl")


@functools.lru_cache(maxsize=65536)
def relative_path(target: str, page_path: str) -> str:
    """The Markdown link from one generated page to another source file.

    Cached: a pure function of its two paths (relpath's working directory cancels out between them), asked again
    with the same paths by every locale and every fiche that links the same page.
    """
    return posixpath.relpath(target, posixpath.dirname(page_path) or ".")
