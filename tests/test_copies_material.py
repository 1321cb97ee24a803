"""Les copies de Material for MkDocs 9.8.1 dans overrides/ suivent le thème installé.

Quelques partiels (overrides/partials/) et deux blocs de overrides/main.html sont des copies de Material, changées à
quelques endroits. Si une nouvelle version de Material change l'original, la copie garde l'ancien code sans rien dire.
Pour chaque copie, on garde ici l'empreinte (sha256) de l'original de Material 9.8.1 ; un test échoue, en nommant la
copie, dès que l'original installé ne lui correspond plus. Il faut alors relire le nouvel original, y reporter nos
changements (dits en tête de chaque copie), puis écrire ici sa nouvelle empreinte.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import material
import pytest

from guide.donnees.paths import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"

# copie dans overrides/ → (original dans material/templates/, bloc Jinja de l'original ou None pour tout le fichier, sha256)
COPIES = {
    "partials/alternate.html": ("partials/alternate.html", None, "572b1d4dae611aa5fd65107edec95e44331b6141abf86834ea4dc6c1ddd7241b"),
    "partials/copyright.html": ("partials/copyright.html", None, "bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea"),
    "partials/header.html": ("partials/header.html", None, "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f"),
    "partials/palette.html": ("partials/palette.html", None, "fb935107ae7d3d7475965019eec36c1ad72bf1d154254dab2474921fcd2710e3"),
    "partials/toc.html": ("partials/toc.html", None, "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84"),
    # Les scripts en ligne de ces trois partiels sont copiés dans docs/assets/material-*.js (ou laissés de côté).
    "partials/javascripts/base.html": ("partials/javascripts/base.html", None, "d6113712bc4deb30b4bd810ee0dfc28b6f04d2f88cc0016c0f1766eac7b762b6"),
    "partials/javascripts/content.html": ("partials/javascripts/content.html", None, "3722e156f0f6339de39fbbfc178b6e401d1a4fb890f189ac5b80c2504bda7dcf"),
    "partials/javascripts/palette.html": ("partials/javascripts/palette.html", None, "8790389765ea6036effddba548b15093bb05bdc75624eaeaf8b13f3c24be4ab5"),
    "main.html › site_meta": ("base.html", "site_meta", "e306b9472bf91403943802f57b9a77a72eabbd2612dfcf341a7c228d6aa8223f"),
    "main.html › content": ("partials/content.html", None, "ce33929c85af129f6e2f3b0aed47159e9c4a519482d1938bae15f5ff4a3cfae5"),
}
# Les partiels des langues que Material ne connaît pas (partials/languages/facile.html, swb.html) importent fr.html
# de Material au lieu de le copier : ils suivent ses changements.


def _original(material: Path, source: str, block: str | None) -> str | None:
    """The text a copy was made from: a whole file of Material, or one `{% block %}` of it (None if it is gone)."""
    path = material / source
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    if block is None:
        return text
    found = re.search(r"\{%-?\s*block\s+" + block + r"\s*-?%\}.*?\{%-?\s*endblock\s*-?%\}", text, re.S)
    return found.group(0) if found else None


def drift(copies: dict, material: Path) -> list[str]:
    """One message per copy whose original in the installed Material is no longer the one it was copied from."""
    messages = []
    for copy, (source, block, digest) in copies.items():
        original = _original(material, source, block)
        where = f"material/templates/{source}" + (f", bloc {block}" if block else "")
        if original is None:
            messages.append(f"overrides/{copy} : l'original ({where}) n'existe plus dans la version installée de Material")
        elif hashlib.sha256(original.encode("utf-8")).hexdigest() != digest:
            messages.append(
                f"overrides/{copy} : l'original ({where}) a changé depuis Material 9.8.1 ; relire le nouvel original, y reporter "
                f"les changements du guide (dits en tête de la copie), puis mettre sa nouvelle empreinte dans tests/test_copies_material.py"
            )
    return messages


@pytest.mark.unit
@pytest.mark.parametrize("copy", sorted(COPIES))
def test_chaque_copie_suit_son_original_dans_material_installe(copy):
    assert drift({copy: COPIES[copy]}, MATERIAL) == []


@pytest.mark.unit
def test_un_original_change_ou_disparu_est_signale_en_nommant_la_copie(tmp_path):
    for source in ("partials/header.html", "partials/toc.html", "base.html"):
        (tmp_path / source).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / source).write_text((MATERIAL / source).read_text(encoding="utf-8"), encoding="utf-8")
    copies = {name: COPIES[name] for name in ("partials/header.html", "partials/toc.html", "main.html › site_meta", "partials/palette.html")}
    assert drift({name: copies[name] for name in copies if name != "partials/palette.html"}, tmp_path) == []

    header = tmp_path / "partials/header.html"
    header.write_text(header.read_text(encoding="utf-8").replace("md-header", "md-header md-header--v10", 1), encoding="utf-8")
    base = tmp_path / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace('<meta charset="utf-8">', '<meta charset="UTF-8">', 1), encoding="utf-8")
    messages = drift(copies, tmp_path)
    assert [m.split(" : ")[0] for m in messages] == ["overrides/partials/header.html", "overrides/main.html › site_meta", "overrides/partials/palette.html"]
    assert "a changé depuis Material 9.8.1" in messages[0] and "bloc site_meta" in messages[1] and "n'existe plus" in messages[2]


@pytest.mark.unit
def test_chaque_partiel_qui_remplace_celui_de_material_a_son_empreinte():
    replaced = {p.relative_to(OVERRIDES).as_posix() for p in (OVERRIDES / "partials").rglob("*.html") if (MATERIAL / p.relative_to(OVERRIDES)).is_file()}
    assert replaced, "aucun partiel de Material remplacé ? (chemin de Material installé)"
    assert replaced <= set(COPIES), f"copies sans empreinte dans tests/test_copies_material.py : {sorted(replaced - set(COPIES))}"


@pytest.mark.unit
def test_chaque_bloc_de_main_html_qui_remplace_celui_de_material_a_son_empreinte():
    text = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    blocks = re.findall(r"\{% block (\w+) %\}(.*?)\{% endblock %\}", text, re.S)
    assert blocks
    for name, body in blocks:
        original = _original(MATERIAL, "base.html", name)
        assert original is not None, f"overrides/main.html : le bloc {name} n'existe pas dans base.html de Material"
        empty = re.fullmatch(r"\{% block \w+ %\}\s*\{% endblock %\}", original)
        if "super()" not in body and not empty:
            assert f"main.html › {name}" in COPIES, f"overrides/main.html : le bloc {name} remplace celui de Material sans empreinte ici"
