"""ProperDocs (la suite de MkDocs 1.x) construit le même site que MkDocs, avec le même mkdocs.yml.

ProperDocs lit mkdocs.yml quand il n'y a pas de properdocs.yml, redirige les
imports `mkdocs.*` de nos hooks vers les siens et charge les greffons déclarés
sous `mkdocs.plugins` (dont guide-i18n). Seule la balise <meta name="generator">
diffère.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from guide.paths import ROOT

GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')


def _properdocs_build(site_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    properdocs = Path(sys.executable).parent / "properdocs"
    assert properdocs.exists(), "properdocs manque : sh scripts/installer.sh l'installe (requirements.txt)"
    return subprocess.run([str(properdocs), "build", "--strict", "--site-dir", str(site_dir)], cwd=ROOT, capture_output=True, text=True, env=env)


def test_properdocs_construit_le_meme_site_que_mkdocs(site, tmp_path):
    other = tmp_path / "properdocs-site"
    run = _properdocs_build(other)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "WARNING" not in run.stderr, run.stderr
    assert "Guide : index de recherche par langue" in run.stderr  # nos hooks ont tourné
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 500
    assert sorted(p.relative_to(other).as_posix() for p in other.rglob("*.html")) == pages
    assert {"en/index.html", "ar/index.html", "swb/index.html", "facile/index.html", "partenaires/champs/index.html"} <= set(pages)
    home = (other / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in GENERATOR.search(home).group(1)
    assert "ProperDocs" not in GENERATOR.search((site / "index.html").read_text(encoding="utf-8")).group(1)
    different = [page for page in pages if GENERATOR.sub("", (site / page).read_text(encoding="utf-8")) != GENERATOR.sub("", (other / page).read_text(encoding="utf-8"))]
    assert different == []
