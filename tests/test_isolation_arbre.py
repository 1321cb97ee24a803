"""Les passages latins d'une page arabe écrite à la main sont isolés sur l'arbre du document (html.parser), pas en
découpant le HTML fini par une expression régulière : un attribut reste un attribut, et seul un vrai attribut `dir`
isole un élément."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from guide.donnees.markup import isolate_latin_html


class _Text(HTMLParser):
    """The text of a fragment (references resolved) and the attributes of its elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.attributes.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)

    @classmethod
    def of(cls, fragment: str) -> _Text:
        parser = cls()
        parser.feed(fragment)
        parser.close()
        return parser


@pytest.mark.unit
def test_un_chevron_dans_un_attribut_ne_coupe_pas_la_balise():
    fragment = '<abbr title="CAF &gt; caisse > allocations">CAF</abbr> عربي'
    assert isolate_latin_html(fragment) == '<abbr title="CAF &gt; caisse > allocations"><bdi dir="ltr">CAF</bdi></abbr> عربي'


@pytest.mark.unit
def test_seul_un_vrai_attribut_dir_isole_un_element():
    assert isolate_latin_html('<span title="voir dir=ici">CAF</span>') == '<span title="voir dir=ici"><bdi dir="ltr">CAF</bdi></span>'
    assert isolate_latin_html('<span dir="ltr">CAF</span> <code>axe</code>') == '<span dir="ltr">CAF</span> <code>axe</code>'


@pytest.mark.unit
@pytest.mark.parametrize(
    "fragment",
    [
        "<p>مرجع (RGAA) &amp; <code>axe-core</code><br>Chromium &#39;x&#39;</p><!-- a > b -->",
        '<ul>\n<li><a href="https://x.fr/?a=1&amp;b=2" title="A > B">France Travail</a> ، 03 81 00 00 00</li>\n</ul>',
        '<svg viewBox="0 0 1 1"><path d="M0 0"/></svg> CAF <script>var a = "<b>CAF</b>";</script> نص',
    ],
)
def test_rien_ne_change_que_le_texte_isole(fragment):
    """The text read and every element's attributes are those of the fragment; only <bdi dir="ltr"> elements are added."""
    before, after = _Text.of(fragment), _Text.of(isolate_latin_html(fragment))
    assert "".join(after.text) == "".join(before.text)
    assert [a for a in after.attributes if a != ("bdi", [("dir", "ltr")])] == before.attributes
    assert isolate_latin_html(fragment).count("<bdi") > 0


@pytest.mark.unit
def test_un_texte_sans_passage_latin_garde_ses_references_telles_qu_ecrites():
    fragment = "<p>نص &#39;عربي&#39; &amp; نص</p>\n<!-- CAF -->"
    assert isolate_latin_html(fragment) == fragment
