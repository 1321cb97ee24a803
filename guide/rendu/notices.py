"""L'avis d'une page qui montre un texte non relu, placé une fois, sous le titre (overrides/pages/notice.jinja.md) ;
une page entière montrée en français dans une autre langue.
"""

from __future__ import annotations

import html
import re

from jinja2 import Environment

from guide.donnees import markup
from guide.langues.localizer import Localizer
from guide.rendu.sections import MAX_PARTS, TOP, anchor, french_page_href
from guide.rendu.templating import make_environment

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
NOTICE_MARK = "!!! warning guide-avis "
NOTICE_PLACE = "<!-- guide-avis-ici -->"  # where a template wants the page's notice, when not right under the title


def notice_markdown(state: str, localizer: Localizer, env: Environment | None = None, whole_page: bool = False, parts: list | None = None) -> str:
    """The reader's notice for a state (empty for French, reviewed or original text): overrides/pages/notice.jinja.md.

    `whole_page`: no text of the page exists in the locale (« Cette page n'existe pas encore en Facile à lire »).
    `parts`: the parts of the page shown in French (`notice_parts`), each named and linked to the same part of the French page."""
    env = env or make_environment()
    parts = [] if whole_page else list(parts or [])
    context = _notice_context(state, localizer)
    return env.get_template("notice.jinja.md").render(context, whole_page=whole_page, parts=parts[:MAX_PARTS], more=len(parts) > MAX_PARTS).strip()


def notice_parts(parts: list[str | None], localizer: Localizer, path: str) -> list[dict]:
    """The parts a notice names (PageTexts.french_parts), in the reader's words, each with the address of the same part of
    the French page: `{"titre": "What to do", "lien": "../../../fiches/cej/#comment-faire"}`.

    Right to left, a Latin run in a part's name is isolated (<bdi>)."""
    rtl = localizer.raw("direction") == "rtl"
    page = french_page_href(path, localizer.locale)
    return [{"titre": localizer.t(TOP if part is None else part, isolate=rtl), "lien": html.escape(page + anchor(part or ""), quote=True)} for part in parts]


def _notice_context(state: str, localizer: Localizer) -> dict:
    """What a notice needs (notice.jinja.md, page-en-francais.jinja.md): its state, the locale's strings, its name in French."""
    return {"state": state, "t": localizer.t, "langue": markup.markdown_text(localizer.raw("nom_en_francais"))}  # a setting is text too


def page_in_french(markdown: str, state: str, localizer: Localizer, lang: str, direction: str, env: Environment | None = None) -> str:
    """A whole page shown in French in another locale: the notice says so, the text is marked (overrides/pages/page-en-francais.jinja.md)."""
    env = env or make_environment()
    return env.get_template("page-en-francais.jinja.md").render(_notice_context(state, localizer), markdown=markdown, lang=lang, direction=direction)


def with_notice(markdown: str, state: str, localizer: Localizer, env: Environment | None = None, whole_page: bool = False, parts: list | None = None) -> str:
    """A page's Markdown with its notice after the title, once: the one rule every page kind goes through.

    A page whose fiches already carry their own notices (a booklet, a two-language sheet) keeps those alone: on paper,
    one notice per fiche is enough.
    """
    notice = notice_markdown(state, localizer, env, whole_page, parts)  # read from the Localizer: the notice's own words are not the page's text
    if NOTICE_PLACE in markdown:  # the template chose the place (a fiche: after its first screen)
        return markdown.replace(NOTICE_PLACE, f"{notice}\n" if notice else "", 1)  # a blank line: what follows is not in the notice
    if not notice or NOTICE_MARK in markdown:
        return markdown  # nothing to say, or the page's fiches carry their own notices (booklets, two-language sheets)
    front = FRONT_MATTER.match(markdown)
    start = front.end() if front else 0
    lines = markdown[start:].split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return markdown[:start] + "\n".join(lines[:at] + ["", notice, ""] + lines[at:])
