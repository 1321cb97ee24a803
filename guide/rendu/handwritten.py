"""Pages écrites à la main (accueil, familles mahoraises…) dans une autre langue ou en Facile à lire.

Une page traduite `page.<langue>.md` dit d'où elle vient dans son en-tête :

    ---
    traduction:
      statut: automatique      # ou brouillon (écrite par une personne), relu (relue par une personne qui parle la langue)
      par: traduction automatique (un outil) : personne ne l'a relue
      empreinte: 1a2b3c4d5e6f  # python -m guide empreinte docs/page.md
    ---

Si la page n'existe pas dans la langue, le greffon i18n montre la page
française : on l'annonce au lecteur. Si la langue ne montre pas ce statut
(shimaoré : seulement ce qu'une personne qui parle shimaoré a relu), la page
montre le texte français à la place, avec l'avis.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import yaml

from guide.langues.localizer import Localizer, PageTexts
from guide.langues.translations import DRAFT, STATUSES, WITHHELD, fingerprint, worst
from guide.rendu.notices import page_in_french, with_notice

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def body(text: str) -> str:
    """A Markdown file without its front matter."""
    return _FRONT_MATTER.sub("", text, count=1)


def french_source(src_uri: str, locale: str) -> str:
    """`index.facile.md` → `index.md`."""
    suffix = f".{locale}.md"
    return src_uri[: -len(suffix)] + ".md" if src_uri.endswith(suffix) else src_uri


def page_state(meta: dict, docs_dir: Path, src_uri: str, locale: str, default: str, shown: tuple[str, ...] = STATUSES) -> str:
    """original / relu / brouillon / automatique / perime / manquant / retenu for a hand-written page shown in `locale`."""
    if locale == default:
        return "original"
    if not src_uri.endswith(f".{locale}.md"):
        return "manquant"
    info = meta.get("traduction") or {}
    status = info.get("statut") if info.get("statut") in STATUSES else DRAFT
    if status not in shown:
        return WITHHELD
    french = docs_dir / french_source(src_uri, locale)
    if french.exists() and info.get("empreinte") != fingerprint(body(french.read_text(encoding="utf-8"))):
        return "perime"
    return status


def localize_page(
    markdown: str,
    meta: dict,
    docs_dir: Path,
    src_uri: str,
    locale: str,
    default: str,
    localizer: Localizer,
    expand: Callable[[str, PageTexts], str] = lambda text, page: text,
) -> str:
    """A hand-written page as the reader gets it: French in the place of a held-back translation, markers expanded, the notice after the title.

    A page written in French for the readers of a language (front matter `texte_en_francais`, e.g. the Shimaoré home in
    Facile à lire) is shown as it is, marked as French, with the notice of a page that has no text in the language.
    """
    if meta.get("texte_en_francais") and locale != default:
        page = localizer.page()
        markdown = expand(markdown, page) if "<!-- guide:" in markdown else markdown
        return in_default_language(markdown, meta, localizer, localizer.notice_state(worst([WITHHELD, page.notice_state()])))
    state = page_state(meta, docs_dir, src_uri, locale, default, localizer.shown_statuses)
    if state == WITHHELD:
        markdown, french_meta = _french(docs_dir, french_source(src_uri, locale))
        if "title" in french_meta:
            meta["title"] = french_meta["title"]
    page = localizer.page()  # what the page's markers show counts for its notice
    markdown = expand(markdown, page) if "<!-- guide:" in markdown else markdown
    notice_state = localizer.notice_state(worst([state, page.notice_state()]))
    if state in ("manquant", WITHHELD) and localizer.page_lang != localizer.fallback_lang:
        return in_default_language(markdown, meta, localizer, notice_state)
    return with_notice(markdown, notice_state, localizer)


def in_default_language(markdown: str, meta: dict, localizer: Localizer, notice_state: str = "manquant") -> str:
    """A page whose whole text is French, inside a page of another language (English; Arabic, right to left).

    The notice comes first, in the reader's language; the text follows, marked with its language and direction. The
    page's `guide_langue_texte` tells the theme (overrides/) to mark the title it repeats in the header and the table of
    contents the same way, and to give the tools it inserts under the title the reader's language back.
    """
    text = {"lang": localizer.fallback_lang, "dir": "ltr"}
    meta["guide_langue_texte"] = {**text, "lecteur": {"lang": localizer.page_lang, "dir": localizer.raw("direction")}}
    return page_in_french(markdown, notice_state, localizer, text["lang"], text["dir"])


def _french(docs_dir: Path, src_uri: str) -> tuple[str, dict]:
    """The French page's body and front matter."""
    text = (docs_dir / src_uri).read_text(encoding="utf-8")
    found = _FRONT_MATTER.match(text)
    meta = yaml.safe_load(found.group(1)) if found else {}
    return body(text), meta if isinstance(meta, dict) else {}
