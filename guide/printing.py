"""Ce qu'il faut pour imprimer : l'adresse complète d'une page et son QR code.

Le QR code est fabriqué à la construction par `segno`, en SVG à insérer dans
la page : aucun service extérieur, rien à télécharger pour le lecteur.
"""

from __future__ import annotations

import functools
import posixpath
from urllib.parse import urlsplit

import segno


def site_path(site_url: str) -> str:
    """The site's path on its server, with a final slash: `https://x.fr/guide` → `/guide/`."""
    return (urlsplit(site_url or "/").path or "/").rstrip("/") + "/"


def page_url(site_url: str, source_path: str, locale_prefix: str = "") -> str:
    """The address a reader types or scans for a generated page (directory URLs, as MkDocs writes them).

    `fiches/cej.md` → `https://x.fr/ar/fiches/cej/` with the prefix `ar/`; `index.md` → the folder itself.
    """
    stem = source_path[:-3] if source_path.endswith(".md") else source_path
    folder = posixpath.dirname(stem) if posixpath.basename(stem) in ("index", "README") else stem
    tail = f"{folder}/" if folder else ""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"{base}{locale_prefix}{tail}"


@functools.lru_cache(maxsize=4096)
def qr_svg(url: str, title: str) -> str:
    """A QR code of `url`, as one line of SVG that scales with CSS (viewBox, no fixed size).

    Error correction M (15 % of the code may be damaged: a fold or a stain on a printed sheet).
    `title` is the SVG's accessible name.
    """
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=1, border=4, omitsize=True, title=title, svgclass="guide-qr", lineclass=None, dark="#000", light="#fff")
