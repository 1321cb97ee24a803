"""Les parties d'une page que l'avis peut nommer : le titre que le lecteur voit (clé de data/interface/) et son ancre.

Une seule table : les gabarits écrivent leurs titres de partie par `partie(clé)` (guide/rendu/words.py), qui met
l'ancre ci-dessous, la même dans chaque langue, et note dans le relevé de la page (PageTexts) que les textes suivants
sont dans cette partie ; l'avis d'une page (guide/rendu/notices.py) nomme les parties montrées en français et renvoie à la
même ancre sur la page française.
"""

from __future__ import annotations

# Heading key (data/interface/) → the anchor of that part, on every page of every locale.
SECTIONS = {
    "comment_faire": "comment-faire",
    "en_savoir_plus": "en-savoir-plus",
    "l_engagement": "l-engagement",
    "services_lies": "services-lies",
    "ses_services": "ses-services",
    "ses_engagements": "ses-engagements",
}
# What comes before a page's first named part (its title, summary, « L'essentiel »): named by this key, no anchor.
TOP = "avis_partie_debut"
# A notice names at most this many parts, then « et d'autres parties » (a phone screen).
MAX_PARTS = 4


def heading(key: str, title: str) -> str:
    """A part's Markdown heading text: its title in the reader's language and its fixed anchor (attr_list)."""
    return f"{title} {{ #{SECTIONS[key]} }}"


def anchor(key: str) -> str:
    """The fragment of a part on a page (empty for the top of the page)."""
    return f"#{SECTIONS[key]}" if key in SECTIONS else ""


def french_page_href(path: str, locale: str) -> str:
    """From a generated page in another locale (`fiches/cej.md` in `en`: /en/fiches/cej/) to the same page in French, relative."""
    url = path[: -len(".md")]
    url = "" if url == "index" else url[: -len("/index")] if url.endswith("/index") else url
    french = f"{url}/" if url else ""
    depth = len(f"{locale}/{french}".strip("/").split("/"))
    return "../" * depth + french
