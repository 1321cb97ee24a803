"""Ce qu'il faut pour imprimer : l'adresse complète d'une page et son QR code.

Le QR code est fabriqué à la construction par `segno`, en SVG à insérer dans
la page : aucun service extérieur, rien à télécharger pour le lecteur.
"""

from __future__ import annotations

import functools
import logging
import posixpath
from urllib.parse import urlsplit

import segno

# Names that never reach a real site (RFC 2606, RFC 6761): mkdocs.yml's default `https://guide-planoise.invalid/` is one.
_RESERVED_HOSTS = ("localhost", "example.com", "example.net", "example.org")
_RESERVED_SUFFIXES = (".invalid", ".example", ".test", ".localhost", ".local")


def is_published_address(site_url: str) -> bool:
    """True when `site_url` is an address a reader can open: http(s), a host, and not a reserved placeholder name.

    A printed QR code or address is only useful then; otherwise print pages ask the mediator to print from the published site.
    """
    parts = urlsplit(site_url or "")
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("http", "https") or "." not in host:
        return False
    reserved = host in _RESERVED_HOSTS or host.endswith(tuple(f".{name}" for name in _RESERVED_HOSTS) + _RESERVED_SUFFIXES)
    if reserved or host.startswith("127.") or host == "0.0.0.0":
        return False
    return True


def placeholder_warning(site_url: str) -> str | None:
    """The build's warning, in French, when the site address is a placeholder (None when it is real)."""
    if is_published_address(site_url):
        return None
    return (
        f"Guide : attention, l'adresse du site est « {site_url or '/'} », qui ne mène nulle part : les feuilles à imprimer et les livrets "
        "n'auront ni QR code ni adresse imprimée (ils demandent d'imprimer depuis le site publié). Donnez la vraie adresse, "
        "avant de construire : GUIDE_SITE_URL=https://adresse-du-site-publie/ mkdocs build (voir README)."
    )


_WARNED: set[str] = set()  # addresses already warned about in this process: said once, not on every pass or rebuild


def placeholder_warning_once(site_url: str) -> str | None:
    """The placeholder warning the first time a build of this process uses this address, None after (and for a real one)."""
    message = placeholder_warning(site_url)
    if message is None or site_url in _WARNED:
        return None
    _WARNED.add(site_url)
    return message


def warn_if_placeholder(site_url: str) -> None:
    """Say the placeholder warning once (guide/build.py, when a build starts), outside MkDocs' loggers: shown, not failing --strict."""
    message = placeholder_warning_once(site_url)
    if message:
        logging.getLogger("guide.construction").warning(message)


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
