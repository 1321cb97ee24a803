"""Hook MkDocs : valide data/ et écrit les pages générées avant la construction.

Toute la logique est dans le paquet `guide` ; ce fichier ne fait que
l'appeler et traduire le résultat pour MkDocs.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from guide.pages import build_date, epoch_of, prepare_docs, validate_once
from guide.render import UnknownMarker, expand_markers

log = logging.getLogger("mkdocs.hooks.guide")

# ---------------------------------------------------------------- hooks


def on_config(config):
    """Validate the data once; stop with the partners' messages, or write the pages."""
    validation = validate_once()
    if not validation.ok:
        lines = [p.format() for p in validation.errors]
        raise PluginError("\n".join([*lines, f"{len(lines)} erreur(s) dans les données : rien n'a été construit. Corrigez puis relancez (python -m guide check)."]))
    day = build_date(validation)
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch_of(day)))
    prepared = prepare_docs(Path(config.docs_dir), day)
    if prepared.written or prepared.removed:
        log.info(f"Guide : {len(prepared.written)} page(s) générée(s) écrite(s), {len(prepared.removed)} supprimée(s) sur {prepared.total}.")
    if validation.warnings:
        # INFO, not WARNING: freshness warnings must not fail `mkdocs build --strict`.
        log.info(f"Guide : {len(validation.warnings)} avertissement(s) sur les données (détail : python -m guide check -v).")
    return config


def on_page_markdown(markdown, page, config, files):
    """Expand the `<!-- guide:… -->` markers of hand-written pages."""
    if "<!-- guide:" not in markdown:
        return markdown
    validation = validate_once()
    try:
        return expand_markers(markdown, page.file.src_uri, validation.guide, validation.schema)
    except UnknownMarker as error:
        raise PluginError(str(error)) from None
