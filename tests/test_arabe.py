"""L'arabe se lit d'un trait : sa ponctuation (« ، » « ؛ ») vient des mots de l'interface, et le glossaire n'explique
un mot que là où le français de la page le nomme (guide/langues/glossary.py, used_terms)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from guide.langues.glossary import Glossary, Term, used_terms
from guide.rendu.lexicon import _words_of

ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_NOT_TEXT = {"code", "pre", "script", "style", "kbd", "samp", "svg", "math", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


class _ArabicText(HTMLParser):
    """A page's text nodes, each with whether it is Arabic text: its nearest `dir` is rtl and its nearest `lang` is Arabic."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, str | None]] = []
        self.parts: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            found = dict(attrs)
            self.stack.append((tag, found.get("dir"), found.get("lang")))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if any(tag in _NOT_TEXT for tag, _, _ in self.stack):
            self.parts.append(("\n", False))  # code and URLs are not text: they also break a line of text
            return
        direction = next((d for _, d, _ in reversed(self.stack) if d), None)
        lang = next((lang for _, _, lang in reversed(self.stack) if lang), None)
        self.parts.append((data, direction == "rtl" and (lang or "ar").startswith("ar")))


def latin_punctuation_in_arabic(html: str) -> list[str]:
    """Each Latin `,` or `;` of the Arabic text of a page whose nearest letter, on its line, before or after, is Arabic.

    A comma between Latin letters belongs to a Latin run (« Mesdames, osez… », « Contrat d'engagement jeune, CEJ »):
    it stays as the French writes it.
    """
    parser = _ArabicText()
    parser.feed(html)
    parser.close()
    text = "".join(part for part, _ in parser.parts)
    found, at = [], 0
    for part, arabic in parser.parts:
        for match in re.finditer(r"[,;]", part) if arabic else ():
            i = at + match.start()
            before = next((c for c in reversed(text[:i].rsplit("\n", 1)[-1]) if c.isalpha()), "")
            after = next((c for c in text[i + 1 :].split("\n", 1)[0] if c.isalpha()), "")
            if ARABIC_LETTER.match(before or "x") or ARABIC_LETTER.match(after or "x"):
                found.append(" ".join(text[max(0, i - 30) : i + 30].split()))
        at += len(part)
    return found


@pytest.mark.unit
@pytest.mark.parametrize(
    ("html", "count"),
    [
        ('<html dir="rtl" lang="ar"><p>الشباب, العائلات; المدرسة</p></html>', 2),
        ('<html dir="rtl" lang="ar"><p>الشباب، العائلات؛ المدرسة</p></html>', 0),
        ('<html dir="rtl" lang="ar"><p>مقهى (Café « Salut, comment vas-tu ? »)</p></html>', 0),
        ('<html dir="rtl" lang="ar"><p><a href="#">كاف</a>, <a href="#">ميسيون لوكال</a></p></html>', 1),
        ('<html dir="rtl" lang="ar"><p lang="fr" dir="ltr">Urgences : 15, 17, 18</p><p>الطوارئ</p></html>', 0),
        ('<html dir="rtl" lang="ar"><p>الطوارئ <code>a, b</code></p></html>', 0),
    ],
)
def test_la_ponctuation_latine_se_trouve_dans_le_texte_arabe_seulement(html, count):
    assert len(latin_punctuation_in_arabic(html)) == count


@pytest.mark.build
def test_aucune_virgule_ni_point_virgule_latin_dans_le_texte_arabe_du_site(site: Path):
    pages = sorted((site / "ar").rglob("*.html"))
    assert len(pages) > 150
    found = {str(page.relative_to(site)): hits for page in pages if (hits := latin_punctuation_in_arabic(page.read_text(encoding="utf-8")))}
    assert found == {}, f"{len(found)} page(s) ; par exemple : {list(found.items())[:5]}"


# ---------------------------------------------------------------- glossary: explained only where the French names it

GLOSSARY = Glossary(
    "ar",
    [
        Term("adulte-relais", ("adulte-relais",), "وسيط", "adulte-relais", "شخص من الحي يعمل لربط السكان بالمصالح."),
        Term("ccas", ("CCAS", "Centre communal d'action sociale"), "المركز البلدي للعمل الاجتماعي", "CCAS", "مصلحة البلدية."),
    ],
)


@pytest.mark.unit
def test_le_glossaire_n_explique_un_mot_que_la_ou_le_francais_le_nomme():
    arabic = "اسأل وسيط الحي."
    assert [t.id for t in used_terms(GLOSSARY, arabic, french="Demandez à l'adulte-relais du quartier.")] == ["adulte-relais"]
    assert [t.id for t in used_terms(GLOSSARY, arabic, french="Demandez aux adultes-relais.")] == ["adulte-relais"], "au pluriel aussi"
    assert used_terms(GLOSSARY, arabic, french="Demandez à la mairie.") == [], "le français ne nomme pas d'adulte-relais"
    assert [t.id for t in used_terms(GLOSSARY, arabic)] == ["adulte-relais"], "sans page française : le mot écrit suffit"


@pytest.mark.unit
def test_un_sigle_laisse_en_lettres_latines_est_explique_aussi():
    assert [t.id for t in used_terms(GLOSSARY, "اذهب إلى CCAS.", french="Allez au CCAS.")] == ["ccas"]
    assert used_terms(GLOSSARY, "اذهب إلى CCAS.", french="Allez à la mairie.") == []


@pytest.mark.unit
def test_le_francais_d_une_page_se_lit_sans_ses_adresses_de_liens():
    french = '---\ntitle: "Adulte-relais"\n---\n# Mairie\n\n[La mairie](../fiches/adulte-relais-culture-pari.md){ .bouton }'
    words = _words_of(french)
    assert "La mairie" in words and "adulte-relais" not in words.lower()
    assert used_terms(GLOSSARY, "اسأل وسيط الحي.", french=words) == []
