"""La seconde construction complète de la suite : ProperDocs (la suite de MkDocs 1.x) reconstruit le site avec le même
mkdocs.yml, et chaque fichier doit être identique à celui de la construction MkDocs de la session.

Ce seul test vérifie donc deux choses :

- ProperDocs lit mkdocs.yml quand il n'y a pas de properdocs.yml, redirige les imports `mkdocs.*` de nos hooks vers
  les siens et charge les greffons déclarés sous `mkdocs.plugins` (dont guide-i18n) : même liste de fichiers, mêmes
  octets ;
- la construction est reproductible : deux constructions dans deux processus (chacun avec sa graine de hachage
  aléatoire, sans SOURCE_DATE_EPOCH) donnent les mêmes octets. Une date, un ordre d'ensemble ou un nombre au hasard
  dans une page se verrait ici.

La suite du README fait ces deux constructions en français seulement (`GUIDE_LANGUE_SEULE=fr`, mkdocs.yml :
build_only_locale du greffon guide-i18n) : ProperDocs et MkDocs construisent chacun le site français, et les deux
doivent être identiques ; un tiers de minute au lieu de deux. La suite complète (GUIDE_COMPLET=1, chaque nuit) compare
la construction ProperDocs des cinq langues avec le site de la session.

Seules différences permises : la balise <meta name="generator"> des pages HTML et, par conséquent, la version du cache
dans sw.js (une empreinte de tous les autres fichiers ; tests/test_offline.py vérifie qu'elle ne dépend que d'eux).
"""

from __future__ import annotations

import filecmp
import re
import sys
from pathlib import Path

import pytest

from support import build_site, complete_run

GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')
SW_VERSION = re.compile(r'const VERSION = "[0-9a-f]{16}";')


def _normalised(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return SW_VERSION.sub("const VERSION = …;", text) if path.name == "sw.js" else GENERATOR.sub("", text)


@pytest.mark.build
def test_properdocs_reconstruit_les_memes_fichiers_que_mkdocs(request, tmp_path):
    properdocs = Path(sys.executable).parent / "properdocs"
    assert properdocs.exists(), "properdocs manque : sh scripts/installer.sh l'installe (requirements.txt)"
    if complete_run():  # the five languages, against the session's site
        reference, only = request.getfixturevalue("site"), {}
    else:  # French only, both builds
        reference, only = tmp_path / "mkdocs-site", {"GUIDE_LANGUE_SEULE": "fr"}
        run = build_site(reference, only)
        assert run.returncode == 0, run.stdout + run.stderr
    other = tmp_path / "properdocs-site"
    run = build_site(other, only, program=[str(properdocs)])
    assert run.returncode == 0, run.stdout + run.stderr
    assert "WARNING" not in run.stderr, run.stderr
    assert "Guide : index de recherche par langue" in run.stderr  # nos hooks ont tourné

    files = sorted(p.relative_to(reference).as_posix() for p in reference.rglob("*") if p.is_file())
    assert sorted(p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file()) == files
    assert len([f for f in files if f.endswith(".html")]) > (500 if complete_run() else 250)
    expected = {"index.html", "fiches/contrat-engagement-jeune/index.html", "partenaires/champs/index.html", "sw.js"}
    assert expected | ({"en/index.html", "ar/index.html", "swb/index.html", "facile/index.html"} if complete_run() else set()) <= set(files)
    assert "ProperDocs" in GENERATOR.search((other / "index.html").read_text(encoding="utf-8")).group(1)
    assert "ProperDocs" not in GENERATOR.search((reference / "index.html").read_text(encoding="utf-8")).group(1)

    _, different, errors = filecmp.cmpfiles(reference, other, files, shallow=False)
    assert errors == []
    allowed = [name for name in different if name.endswith(".html") or name == "sw.js"]
    assert sorted(set(different) - set(allowed)) == [], "fichiers qui diffèrent entre deux constructions"
    assert [name for name in allowed if _normalised(reference / name) != _normalised(other / name)] == []
