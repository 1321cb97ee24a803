"""Les passages latins isolés dans les pages arabes : la même règle en Python (guide/donnees/markup.py, à la construction) et
en JavaScript (docs/assets/recherche.js, pour les résultats de recherche). Les deux sont lancées sur les mêmes textes."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from guide.donnees.markup import latin_runs
from guide.donnees.paths import ROOT

pytestmark = pytest.mark.outils

TEXTS = [
    "اتصل بـ CAF أو France Travail.",
    "عقد التزام الشباب (CEJ) لمن عمره 16 إلى 25 سنة",
    "الهاتف 03 81 00 00 00 أو 3949",
    "المبلغ 350\u00a0000 يورو، على data·inclusion",
    "الموقع 1jeune1solution.gouv.fr/contrat-engagement-jeune و mission-locale@example.org",
    "Planoise, Besançon – Île-de-France",
    "نص عربي فقط",
    "l'École de la 2e chance, puis l’E2C",
]


def _javascript_runs(texts: list[str]) -> list[list[list[int]]]:
    source = (ROOT / "docs" / "assets" / "recherche.js").read_text(encoding="utf-8")
    names = ("LATIN", "WORD", "LATIN_RUN", "HAS_LATIN", "DIGIT_GROUPS")
    lines = [re.search(rf"^\s*var {name} = .*;$", source, re.M) for name in names]
    assert all(lines), "recherche.js définit ses expressions sous ces noms"
    script = (
        "\n".join(m.group(0).strip() for m in lines if m)
        + """
const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(texts.map(function (text) {
  const spans = []; let found; LATIN_RUN.lastIndex = 0;
  while ((found = LATIN_RUN.exec(text))) {
    if (!HAS_LATIN.test(found[0]) && !DIGIT_GROUPS.test(found[0])) continue;
    spans.push([found.index, found.index + found[0].length]);
  }
  return spans;
})));
"""
    )
    run = subprocess.run(["node", "-e", script], input=json.dumps(texts), capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def test_la_recherche_isole_les_memes_passages_que_la_construction():
    python = [[list(span) for span in latin_runs(text)] for text in TEXTS]
    assert python == _javascript_runs(TEXTS)
    assert [TEXTS[1][a:b] for a, b in python[1]] == ["CEJ"] and python[6] == []  # the table itself can fail
