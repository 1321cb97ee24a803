"""Pages écrites à la main (accueil, familles mahoraises…) dans une autre langue ou en Facile à lire.

Une page traduite `page.<langue>.md` dit d'où elle vient dans son en-tête :

    ---
    traduction:
      statut: brouillon        # ou relu
      par: équipe du guide (rédaction FALC)
      empreinte: 1a2b3c4d5e6f  # python -m guide empreinte docs/page.md
    ---

Si la page n'existe pas dans la langue, le greffon i18n montre la page
française : on l'annonce au lecteur.
"""

from __future__ import annotations

import re
from pathlib import Path

from guide.render import make_environment
from guide.translations import DRAFT, REVIEWED, Localizer, fingerprint

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def body(text: str) -> str:
    """A Markdown file without its front matter."""
    return _FRONT_MATTER.sub("", text, count=1)


def french_source(src_uri: str, locale: str) -> str:
    """`index.facile.md` → `index.md`."""
    suffix = f".{locale}.md"
    return src_uri[: -len(suffix)] + ".md" if src_uri.endswith(suffix) else src_uri


def page_state(meta: dict, docs_dir: Path, src_uri: str, locale: str, default: str) -> str:
    """original / relu / brouillon / perime / manquant for a hand-written page shown in `locale`."""
    if locale == default:
        return "original"
    if not src_uri.endswith(f".{locale}.md"):
        return "manquant"
    info = meta.get("traduction") or {}
    french = docs_dir / french_source(src_uri, locale)
    if french.exists() and info.get("empreinte") != fingerprint(body(french.read_text(encoding="utf-8"))):
        return "perime"
    return REVIEWED if info.get("statut") == REVIEWED else DRAFT


def page_notice(markdown: str, meta: dict, docs_dir: Path, src_uri: str, locale: str, default: str, localizer: Localizer) -> str:
    """The page's Markdown with the reader's notice after its title, when one is due."""
    state = page_state(meta, docs_dir, src_uri, locale, default)
    if state in ("original", REVIEWED):
        return markdown
    notice = make_environment().get_template("notice.jinja.md").render(state=state, t=localizer.t).strip()
    lines = markdown.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return "\n".join(lines[:at] + ["", notice, ""] + lines[at:])
