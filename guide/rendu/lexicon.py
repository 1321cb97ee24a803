"""« Les mots de cette page » : à la fin d'une page traduite, chaque terme du glossaire qu'elle emploie, expliqué."""

from __future__ import annotations

import re

from jinja2 import Environment

from guide.langues.glossary import used_terms
from guide.langues.localizer import Localizer
from guide.rendu.notices import FRONT_MATTER


def with_lexicon(markdown: str, localizer: Localizer, env: Environment, french: str | None = None) -> str:
    """A translated page with « Les mots de cette page » at its end: each glossary term it uses, with its explanation.

    The rule for hard words and names (data/glossaire/<langue>.yaml): a reader meets none without its explanation on the page;
    with the page's French (`french`), a term is explained only where the French names it (guide/langues/glossary.py, used_terms).
    """
    body = FRONT_MATTER.sub("", markdown, count=1)
    terms = used_terms(localizer.catalogue.glossary, body, None if french is None else _words_of(french))
    if localizer.is_default or not terms:
        return markdown
    # Read from the Localizer: the list repeats the page's own words, it does not change its notice.
    lexicon = env.get_template("lexicon.jinja.md").render(terms=terms, t=localizer.t, direction=localizer.raw("direction")).strip()
    return markdown.rstrip() + "\n\n" + lexicon + "\n"


_NOT_WORDS = re.compile(r"\]\([^)\s]*\)|<[^>]*>|\{[^}\n]*\}")  # link targets, tags, attribute lists: addresses, not words


def _words_of(markdown: str) -> str:
    """What a reader reads of a page's Markdown: no front matter, no link target (fiches/adulte-relais-….md is not a word)."""
    return _NOT_WORDS.sub(" ", FRONT_MATTER.sub("", markdown, count=1))
