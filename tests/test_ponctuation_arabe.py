"""Un texte arabe se ponctue en arabe : « ، » « ؛ » « ؟ », jamais la virgule, le point-virgule ni le point
d'interrogation latins entre des mots arabes. Règle sur les textes arabes des données (traductions des fiches, mots de
l'interface, glossaire, pages écrites à la main), vérifiée d'abord sur des phrases d'exemple.

Une ponctuation latine reste permise dans un passage en lettres latines (« Salut, comment vas-tu ? »,
« Contrat d'engagement jeune, CEJ ») : c'est le nom tel que le français l'écrit, à dire au guichet.
"""

from __future__ import annotations

import re

import pytest

from guide.donnees.paths import ROOT
from support import yaml_load

pytestmark = pytest.mark.unit

ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06fc\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Not words: link targets and addresses, inline code. A placeholder of the interface ({who}) stands for a word of the
# sentence, Arabic in an Arabic text: « {who}, ثم » is an Arabic comma to write.
_NOT_WORDS = re.compile(r"\]\([^)\s]*\)|https?://\S+|`[^`\n]*`")
_PLACEHOLDER = re.compile(r"\{[^}\n]*\}")


def _letter(chars) -> str:
    return next((c for c in chars if ARABIC_LETTER.match(c) or LATIN_LETTER.match(c)), "")


def latin_punctuation_in_arabic(text: str) -> list[str]:
    """Each Latin `,` `;` `?` that follows Arabic text: its nearest letter before, on its line, is Arabic; or it has
    no letter before and an Arabic letter after (« 3949, اتصل »). A mark that follows a Latin letter belongs to the
    Latin run (« Salut, comment vas-tu ? »). Returns the marks with a few words around them."""
    found = []
    for line in _PLACEHOLDER.sub("س", _NOT_WORDS.sub(" ", text)).split("\n"):
        for match in re.finditer(r"[,;?]", line):
            before = _letter(reversed(line[: match.start()]))
            after = _letter(line[match.end() :])
            if ARABIC_LETTER.match(before or "x") or (not before and ARABIC_LETTER.match(after or "x")):
                found.append(" ".join(line[max(0, match.start() - 25) : match.end() + 25].split()))
    return found


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("الشباب, العائلات; المدرسة", 2),
        ("هل فُتح الفضاء?", 1),
        ("اتصل بالرقم 3949, أو اذهب إلى الوكالة", 1),
        ("3949, اتصل", 1),
        ("الشباب، العائلات؛ المدرسة. هل فُتح؟", 0),
        ("مقهى «Salut, comment vas-tu ?» (مرحبًا، كيف حالك؟)", 0),
        ("عقد التزام الشباب (Contrat d'engagement jeune, CEJ)", 0),
        ("اسأل كاف الدوب (CAF du Doubs, 3230) هل فُتح", 0),
        ("يمكنك أن تسأل: {who}, ثم", 1),
        ("يمكنك أن تسأل: {who}، ثم", 0),
        ("[البيانات المفتوحة](donnees-ouvertes.md?a=1,2)", 0),
        ("Urgences : 15, 17, 18", 0),
    ],
)
def test_la_ponctuation_latine_entre_des_mots_arabes_est_reperee(text, count):
    assert len(latin_punctuation_in_arabic(text)) == count, latin_punctuation_in_arabic(text)


def _strings(value) -> list[str]:
    """Every text of a YAML document (the French `par` and fingerprints have no Arabic letter: they pass)."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [value] if isinstance(value, str) else []


ARABIC_FILES = ["data/translations/ar.yaml", "data/interface/ar.yaml", "data/glossaire/ar.yaml"]


@pytest.mark.parametrize("name", ARABIC_FILES)
def test_aucun_texte_arabe_des_donnees_n_a_de_ponctuation_latine(name):
    path = ROOT / name
    texts = _strings(yaml_load(path.read_text(encoding="utf-8")))
    assert any(ARABIC_LETTER.search(text) for text in texts), f"{name} : aucun texte arabe lu"
    found = [hit for text in texts for hit in latin_punctuation_in_arabic(text)]
    assert found == [], f"{name} : {len(found)} ponctuation(s) latine(s) dans un texte arabe (« ، » « ؛ » « ؟ ») : {found[:5]}"


def test_aucune_page_arabe_ecrite_a_la_main_n_a_de_ponctuation_latine():
    pages = sorted((ROOT / "docs").glob("*.ar.md"))
    assert pages
    found = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        body = re.sub(r"^---\n.*?\n---\n", "", text, count=1, flags=re.S)  # the front matter is French (traduction.par)
        body = re.sub(r"^```.*?^```", "", body, flags=re.S | re.M)
        if hits := latin_punctuation_in_arabic(body):
            found[page.name] = hits
    assert found == {}


# ---------------------------------------------------------------- « tu » au singulier : l'attribut s'accorde

# « إذا كنت منتخَبين » (« si tu es élus ») : après « كنت » (tu étais, tu es), un participe au pluriel (مـ…ين) ne
# s'accorde pas ; au singulier : « إذا كنت منتخَبًا ». Un participe se lit sans ses voyelles (منتخَبين = منتخبين).
_PLURAL_AFTER_YOU = re.compile(r"(?<![\u0600-\u06ff])كنت (م[\u0621-\u064a\u064b-\u0652]+ين)(?![\u0600-\u06ff])")


def plural_after_singular_you(text: str) -> list[str]:
    return _PLURAL_AFTER_YOU.findall(text)


@pytest.mark.parametrize(
    ("text", "count"),
    [("إذا كنت منتخَبين في المجلس", 1), ("إذا كنت مسجَّلين", 1), ("إذا كنت منتخَبًا في المجلس", 0), ("إذا كنت تبحث عن عمل", 0)],
)
def test_un_participe_au_pluriel_apres_tu_est_repere(text, count):
    assert len(plural_after_singular_you(text)) == count


@pytest.mark.parametrize("name", ARABIC_FILES[:2])
def test_apres_tu_au_singulier_l_attribut_est_au_singulier(name):
    texts = _strings(yaml_load((ROOT / name).read_text(encoding="utf-8")))
    assert [hit for text in texts for hit in plural_after_singular_you(text)] == []
