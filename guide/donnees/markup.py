"""Le texte des partenaires est une donnée, pas du balisage : ce qu'un champ peut contenir, vérifié et rendu ici seulement.

Le sous-ensemble permis (le même pour data/schemes.yaml, data/translations/, data/interface/ avec ses réglages et ses
libellés de menu, data/glossaire/ et data/recherche/ : une chaîne venue de data/ est du texte simple ou un texte long) :

- partout : du texte simple, en un seul paragraphe ;
- en plus, dans les champs de texte long (type `texte` du schéma : description, etapes, publics_precisions,
  frais_precisions, accessibilite, engagement, sans_service_motif, role) : *italique*, **gras** et des liens
  [texte](https://…), [texte](mailto:…) ou [texte](tel:…) ;
- dans les mots de l'interface : des emplacements {nom} que les gabarits remplacent, et ni « < » ni « > ».

Tout le reste est refusé par la vérification (`problems`, `interface_problems`) : HTML de toute sorte, images,
listes d'attributs « { … } », définitions de liens par référence, entités HTML (« &#…; »), liens vers un autre
schéma que https:, mailto: et tel:, titres, listes, citations, code, plusieurs paragraphes.

Et même si la vérification était contournée, le rendu ne peut rien produire d'autre : `markdown_text` lit le
texte avec Python-Markdown sans extension, le nettoie avec nh3 (liste blanche : em, strong, a[href] en https,
mailto ou tel), puis le réécrit en Markdown où chaque caractère que le Markdown du site interpréterait
(accolades d'attr_list, crochets, astérisques, « < », « & », « ! », « : » des émojis…) est une référence de
caractère. Les gabarits gardent leurs propres extensions (admonitions, attr_list, md_in_html) ; le texte venu
des données n'en profite jamais. Le module ne produit aucun HTML : seulement du Markdown et du texte.
"""

from __future__ import annotations

import functools
import html
import re
import string
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

import markdown
import nh3

from guide.donnees.problems import INVISIBLE

# ---------------------------------------------------------------- the subset

LINK_SCHEMES = ("https", "mailto", "tel")
SCRIPT_SCHEMES = ("javascript", "vbscript", "livescript", "data", "file", "blob", "about")

EXPECTED_PLAIN = "du texte simple, sans balise, accolade, image ni mise en forme"
EXPECTED_FORMATTED = "du texte simple ; *italique*, **gras** et des liens [texte](https://…), [texte](mailto:…) ou [texte](tel:…) sont permis"
EXPECTED_INTERFACE = "du texte simple, avec au besoin les emplacements {nom} déjà prévus (par exemple {count})"
EXAMPLE_PLAIN = "Accueil sans rendez-vous le mardi."
EXAMPLE_FORMATTED = "Inscription sur [le site officiel](https://www.1jeune1solution.gouv.fr), **avant le 30 juin**."

_ATTRIBUTES = "une liste d'attributs ou des accolades « { } »"
_ENTITY = "une entité HTML (« &…; ») : écrivez le caractère lui-même"
_REFERENCE = "une définition de lien par référence (« [nom]: adresse »)"
_IMAGE = "une image : le guide n'affiche aucune image venue des données (celle d'un autre site ferait appeler ce site par le navigateur de chaque lecteur)"
_FORMATTING = "une mise en forme (*, **, lien), permise seulement dans les champs de texte long"
_EMPTY_LINK = "un lien sans texte (« [](…) ») : invisible à l'écran, il reste atteignable au clavier ; écrivez ce qu'il ouvre entre les crochets"
_EMPTY_LINK_HTML = re.compile(r"<a\b[^>]*>(?:\s|&nbsp;|<(?:em|strong)>|</(?:em|strong)>)*</a>")
_PARAGRAPHS = "plusieurs paragraphes : un champ est un seul paragraphe (des étapes vont dans « etapes »)"
_BLOCKS = {
    "h1": "un titre « # »",
    "h2": "un titre « # »",
    "h3": "un titre « # »",
    "h4": "un titre « # »",
    "h5": "un titre « # »",
    "h6": "un titre « # »",
    "ul": "une liste (des étapes vont dans « etapes »)",
    "ol": "une liste (des étapes vont dans « etapes »)",
    "li": "une liste (des étapes vont dans « etapes »)",
    "blockquote": "une citation « > »",
    "pre": "du code",
    "code": "du code « ` »",
    "hr": "un trait « --- »",
}
_ANGLE = "un signe « < » ou « > » (le thème écrit les mots de l'interface tels quels dans la page)"
_PLACEHOLDER = "un emplacement « {…} » mal écrit : seulement {nom}, sans espace ni autre signe"
# Read before any parsing: far above any real text (the longest field is under 700 characters, no text has a « [ » today),
# far below what makes Python-Markdown slow (2 999 « [ » take 13 s; 40, a few milliseconds).
MAX_CHECKED = 5_000
MAX_SIGNS = 40
_NESTED_LISTS = re.compile(r"^[ \t>]*(?:(?:[-+*]|[0-9]+[.)])[ \t>]+){4}", re.MULTILINE)  # « 1. 1. 1. 1. »: lists in lists
_TOO_BIG = f"plus de {MAX_CHECKED} caractères, plus de {MAX_SIGNS} signes « [ », « < » ou « > », ou des listes dans des listes (un lien ne demande qu'un « [ »)"


def too_big(text: str) -> bool:
    """True for a text the checker refuses without reading it: Python-Markdown is slow (quadratic) on runs of « [ » or « < »,
    and recursive on lists in lists (« 1. 1. 1. … » ends in RecursionError)."""
    return (
        len(text) > MAX_CHECKED or text.count("[") > MAX_SIGNS or text.count("<") > MAX_SIGNS or text.count(">") > MAX_SIGNS or bool(_NESTED_LISTS.search(text))
    )


def formatted_fields(schema: Any) -> dict[str, frozenset[str]]:
    """List of data/schemes.yaml → the fields (of type `texte`) that accept *italique*, **gras** and links (Schema.formatted_fields).

    The partners' field reference (guide/rendu/fieldref.py) shows the same, from the same rule.
    """
    return schema.formatted_fields


def expected(formatted: bool) -> tuple[str, str]:
    """What a partner may write in such a field, and an example: the end of every message about text."""
    return (EXPECTED_FORMATTED, EXAMPLE_FORMATTED) if formatted else (EXPECTED_PLAIN, EXAMPLE_PLAIN)


def message(found: list[str]) -> str:
    """The French message for what was found in a text."""
    return "le texte contient " + " ; ".join(found) + " : ce n'est pas permis dans le guide"


# ---------------------------------------------------------------- checking


def problems(text: str, formatted: bool) -> list[str]:
    """What a text holds outside the subset, in French (empty when the text is fine): `_problems`, as a new list."""
    return list(_problems(text, formatted))


@functools.lru_cache(maxsize=65536)  # the same text is checked once per run (a check, then each language of a build)
def _problems(text: str, formatted: bool) -> tuple[str, ...]:
    """What a text holds outside the subset, in French (empty when the text is fine).

    The text is read by the same parser as the site (Python-Markdown), and what it made is compared with the
    subset: the parser, not a pattern, says whether there is a tag, an image, a link or a reference.
    """
    found: list[str] = []

    def add(what: str) -> None:
        if what not in found:
            found.append(what)

    if too_big(text):
        return (_TOO_BIG,)  # Python-Markdown takes a time that grows with the square of the « [ » or « < »: never parsed
    if "{" in text or "}" in text:
        add(_ATTRIBUTES)
    if html.unescape(text) != text:
        add(_ENTITY)
    if not _could_be_markup(text):
        return tuple(found + _script_words(text, found))
    md = _parser()
    md.reset()
    try:
        out = md.convert(text)
    except RecursionError:  # pragma: no cover - `too_big` refuses the nestings known to recurse
        return (_TOO_BIG,)
    if md.references:
        add(_REFERENCE)
    raw_html = False
    for raw in md.htmlStash.rawHtmlBlocks:
        first = _Elements.of(str(raw))
        if first.tags or first.comments:
            raw_html = True
            add(f"du HTML (« <{first.tags[0][0]}> »)" if first.tags else "un commentaire HTML « <!-- --> »")
    paragraphs = 0
    empty_links = _EMPTY_LINK_HTML.search(out) is not None
    for tag, attrs in [] if raw_html else _Elements.of(out).tags:
        if tag == "p":
            paragraphs += 1
        elif tag in ("em", "strong"):
            if not formatted:
                add(_FORMATTING)
        elif tag == "a":
            if empty_links:
                add(_EMPTY_LINK)
            scheme = _scheme(dict(attrs).get("href") or "")
            if scheme in SCRIPT_SCHEMES:
                add(f"un lien de script (« {scheme}: »)")
            elif not formatted:
                add(_FORMATTING)
            elif scheme not in LINK_SCHEMES:
                add(f"un lien « {scheme + ':' if scheme else 'relatif'} » : seuls https:, mailto: et tel: sont permis")
            elif link_problem(dict(attrs).get("href") or ""):
                add(link_problem(dict(attrs).get("href") or ""))
        elif tag == "img":
            add(_IMAGE)
        elif tag in _BLOCKS:
            add(_BLOCKS[tag])
        elif tag != "br":
            add(f"du HTML (« <{tag}> »)")
    if paragraphs > 1:
        add(_PARAGRAPHS)
    return tuple(found + _script_words(text, found))


# An e-mail address as the guide writes it: one bare address, a dotted domain; no « ? », « & », space, second « @ »
# or « % ». In a `mailto:` link, « ?bcc=…&body=… » would make the reader's mail program add a hidden copy or a text.
_EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A `tel:` address: digits, « + » in front for an international number; nothing a phone would read as a command.
_TEL = re.compile(r"\+?[0-9]{2,20}")
EXAMPLE_EMAIL = "accueil@exemple.fr"


def is_bare_email(text: object) -> bool:
    """Whether a value is one bare e-mail address (the schema's `courriel` pattern says the same)."""
    return isinstance(text, str) and _EMAIL.fullmatch(text) is not None


def link_problem(url: str) -> str | None:
    """What is wrong with a mailto: or tel: address, in French (None when it is fine, or for another scheme)."""
    scheme = _scheme(url)
    if scheme not in ("mailto", "tel"):
        return None
    cleaned = "".join(c for c in html.unescape(url) if c > " " and c != "\x7f")
    address = cleaned.split(":", 1)[1] if ":" in cleaned else ""
    shown = address if len(address) <= 60 else address[:59] + "…"
    if scheme == "mailto" and not is_bare_email(address):
        return (
            f"un lien « mailto: » qui n'est pas une simple adresse (« {shown} ») : une seule adresse, sans « ? », « & », "
            f"espace ni paramètre, par exemple [écrire](mailto:{EXAMPLE_EMAIL})"
        )
    if scheme == "tel" and not _TEL.fullmatch(address):
        return f"un lien « tel: » avec autre chose que des chiffres et « + » (« {shown} ») : par exemple [appeler](tel:0381000000)"
    return None


def _script_words(text: str, found: list[str]) -> list[str]:
    """A script address written as plain text (« javascript:… ») is refused too: a linkifier would make it a link."""
    more = []
    for word in text.split():
        if ":" not in word and "&" not in word:  # no scheme without a colon, written or as an entity (&colon; &#58;)
            continue
        scheme = _scheme(word.strip("()[]<>«»\"'"))
        what = f"un lien de script (« {scheme}: »)"
        if scheme in SCRIPT_SCHEMES and word.rstrip(":").lower() != scheme and what not in found + more:
            more.append(what)
    return more


def interface_problems(text: str) -> list[str]:
    """What an interface string holds outside plain text and its {nom} placeholders.

    No « < » nor « > » at all: menu labels and settings are printed by the theme into HTML as they are, in places
    (page title, menu) where an unclosed « <meta … » would still be a tag.
    """
    literal, bad = _split_placeholders(text)
    found = [_PLACEHOLDER] if bad else []
    found += [p for p in problems(literal, formatted=False) if p not in found]
    if ("<" in literal or ">" in literal) and not any(p.startswith("du HTML") for p in found):
        found.append(_ANGLE)
    return found


def is_plain_label(text: str) -> bool:
    """A label the theme may print into HTML as it is (menu): plain text, without « < », « > » nor an entity."""
    return not interface_problems(text)


# ---------------------------------------------------------------- rendering (what templates print)


@functools.lru_cache(maxsize=65536)
def markdown_text(text: str, formatted: bool = False, isolate: bool = False) -> str:
    """Record text as Markdown that the site's Markdown can only turn into text, *em*, **strong** and safe links.

    `isolate` (pages written right to left): each run of Latin text is put in a <bdi> element (see `_escape_isolated`).
    """
    if not formatted or not _could_be_markup(text):
        return _escape_isolated(_one_line(text), at_start=True) if isolate else _escape(_one_line(text), at_start=True)
    cleaned = _CLEANER.clean(_convert(text))
    return _escape_start(_one_line(_ToMarkdown.of(cleaned, isolate=isolate)))


@functools.lru_cache(maxsize=4096)
def interface_text(text: str, isolate: bool = False) -> str:
    """An interface string for a page: its {nom} placeholders kept for the templates, everything else literal."""
    escape = _escape_isolated if isolate else _escape
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return escape(text.replace("\n", " "), at_start=True)
    out = []
    for literal, field, spec, conversion in parts:
        out.append(escape(literal.replace("\n", " ")))
        if field is not None:
            out.append(f"{{{field}}}" if field.isidentifier() and not spec and not conversion else _escape(f"{{{field}}}"))
    return _escape_start("".join(out))


# Right-to-left pages: a run of Latin text (a name, an acronym, an address, a phone number written in groups) inside
# Arabic text must be isolated, or the Unicode bidirectional algorithm reorders its words and brackets
# (« (Contrat d'engagement jeune, CEJ) » shown as « Contrat d'engagement) / (jeune, CEJ »).
_LATIN = "A-Za-z\u00c0-\u024f"
_WORD = f"[0-9{_LATIN}](?:[0-9{_LATIN}'’.\\-/@_&+:?=#%~·]*[0-9{_LATIN}/])?"  # « · » : data·inclusion, point médian
_LATIN_RUN = re.compile(f"{_WORD}(?:(?:,? |\u00a0)+{_WORD})*")
_HAS_LATIN = re.compile(f"[{_LATIN}]")
_DIGIT_GROUPS = re.compile("[0-9]+(?:[ .\u00a0][0-9]+)+")


def latin_runs(text: str) -> list[tuple[int, int]]:
    """Where the runs to isolate are in a text: those with a Latin letter, and numbers written in groups (phones)."""
    return [m.span() for m in _LATIN_RUN.finditer(text) if _HAS_LATIN.search(m.group()) or _DIGIT_GROUPS.fullmatch(m.group())]


_NEWLINE = re.compile("\n")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_ISOLATING = frozenset("bdi code pre kbd samp script style svg textarea".split())


@functools.lru_cache(maxsize=256)
def isolate_latin_html(fragment: str) -> str:
    """HTML of a hand-written right-to-left page, with each Latin run of its text in <bdi> (generated pages get theirs from the templates).

    The fragment is read as a document tree by the standard library's HTML parser (`_TextOutside`): text already
    isolated (bdi, an element with dir, code, svg…) is left as it is; nothing else changes but the text, escaped again.
    The same fragment (a footer, a header, often a menu, on each page of a language) is read once.
    """
    out, last = [], 0
    for start, end, text in _TextOutside.of(fragment):
        runs = latin_runs(text)
        if not runs:
            continue  # the text as it was written, character references included
        parts, done = [], 0
        for run_start, run_end in runs:
            parts += [html.escape(text[done:run_start], quote=False), f'<bdi dir="ltr">{html.escape(text[run_start:run_end], quote=False)}</bdi>']
            done = run_end
        out += [fragment[last:start], *parts, html.escape(text[done:], quote=False)]
        last = end
    return "".join(out) + fragment[last:] if out else fragment


class _TextOutside(HTMLParser):
    """Where the text of an HTML fragment lies outside any isolating element: (start, end, text with references resolved).

    Each event of the parser starts where its predecessor ends, so a text ends where the next event (tag, comment…) starts.
    """

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0, *(found.end() for found in _NEWLINE.finditer(fragment))]
        self.events: list[tuple[int, str | None]] = []  # (where it starts, its text if it is text to isolate)
        self.open: list[tuple[str, bool]] = []  # the open elements: (name, isolated)

    @classmethod
    def of(cls, fragment: str) -> list[tuple[int, int, str]]:
        parser = cls(fragment)
        parser.feed(fragment)
        parser.close()
        events = [*parser.events, (len(fragment), None)]
        return [(start, events[k + 1][0], text) for k, (start, text) in enumerate(events[:-1]) if text is not None]

    def _at(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _event(self, text: str | None = None) -> None:
        at = self._at()
        if text is not None and self.events and self.events[-1][1] is not None:  # text given in two pieces: one text
            at, before = self.events.pop()
            text = before + text
        self.events.append((at, text))

    def handle_starttag(self, tag, attrs):
        self._event()
        if tag not in _VOID:
            inside = bool(self.open and self.open[-1][1])
            self.open.append((tag, inside or tag in _ISOLATING or any(name == "dir" for name, _ in attrs)))

    def handle_startendtag(self, tag, attrs):
        self._event()

    def handle_endtag(self, tag):
        self._event()
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        self._event(None if self.open and self.open[-1][1] else data)

    def handle_comment(self, data):
        self._event()

    handle_decl = handle_pi = unknown_decl = handle_comment


def _escape_isolated(text: str, at_start: bool = False) -> str:
    """`_escape`, with each Latin run in <bdi dir="ltr">…</bdi> (ltr: a number alone would otherwise take the page's
    direction and show its groups backwards): the only markup added, around text escaped like any other."""
    out, last = [], 0
    for start, end in latin_runs(text):
        out.append(_escape(text[last:start], at_start=at_start and not out))
        out.append(f'<bdi dir="ltr">{_escape(text[start:end])}</bdi>')
        last = end
    out.append(_escape(text[last:], at_start=at_start and not out))
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def plain_text(text: str, formatted: bool = False) -> str:
    """The text a reader sees, without markup: for exports, JSON-LD and the page's title and description.

    A link keeps its text and its address in brackets. Nothing in it is HTML: `html_attribute` makes it safe to print in one.
    """
    if formatted and _could_be_markup(text):
        text = _ToMarkdown.of(_CLEANER.clean(_convert(text)), links_as_text=True)
    for _ in range(4):  # « &lt;b&gt; » becomes « <b> », which must go too
        cleaned = html.unescape(_STRIPPER.clean(_lone_angles(text)))
        if cleaned == text:
            break
        text = cleaned
    return _one_line(text)


def plain_lines(text: str) -> str:
    """`plain_text`, keeping the text's line breaks (paragraphs of a long text), for the records published in guide.json:
    the partners' form edits them, and a description written in paragraphs must come back in paragraphs.

    The markup is stripped from the whole text first (a tag split over two lines goes too), then each line is made one line.
    """
    for _ in range(4):
        cleaned = html.unescape(_STRIPPER.clean(_lone_angles(text)))
        if cleaned == text:
            break
        text = cleaned
    lines = [_one_line(line) for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


_BLANK_LINES = re.compile(r"\n{3,}")


# A « < » that opens a tag: a letter, « / », « ! » or « ? » after it, and a « > » before the next « < ». Any other « < »
# (« moins de <5 ans », « a<b », « x <a href » never closed) is text: nh3 would read « <b … » as a tag up to the end.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?][^<>]*>)")


def _lone_angles(text: str) -> str:
    """The text with every « < » that opens no tag written « &lt; », so that the stripper keeps it (and what follows) as text."""
    if "<" not in text:
        return text
    pieces = _TAG_START.split(text)
    return "<".join(piece.replace("<", "&lt;") for piece in pieces)


@functools.lru_cache(maxsize=65536)
def html_attribute(markdown_value: str) -> str:
    """What a template printed with `tr` or `t`, as plain text escaped for HTML (the theme prints page titles as they are)."""
    text = _one_line(html.unescape(_STRIPPER.clean(_convert(markdown_value))))
    return html.escape(text, quote=False).replace('"', "&quot;")


def code_span(text: str) -> str:
    """A Markdown code span that holds the whole text, whatever backticks it contains."""
    text = _one_line(text)
    longest = run = 0
    for character in text:
        run = run + 1 if character == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def safe_url(url: str) -> str:
    """A link address for a template: kept when it is https, a bare mailto or a digits-only tel (percent-encoded for Markdown), else empty."""
    url = str(url).strip()
    return quote(url, safe=_URL_SAFE) if _scheme(url) in LINK_SCHEMES and not link_problem(url) else ""


# ---------------------------------------------------------------- helpers

# The characters the site's Markdown (and its extensions) would read as markup, written as character references.
_MARKUP_CHARACTERS = '\\`*_{}[]<>&!|#"'
_REFERENCES = {ord(c): f"&#{ord(c)};" for c in _MARKUP_CHARACTERS}
_URL_SAFE = "/:?#@!$&'*+,;=%~-._"


# « 350 000 € » : the thousands separator is a no-break space, so that a number is never cut at the end of a line.
_THOUSANDS = re.compile(r"(?<![0-9])(?<![0-9] )[1-9][0-9]{0,2}(?: [0-9]{3})+(?![0-9])")  # not « 0 800 235 236 »: a phone number


def _escape(text: str, at_start: bool = False) -> str:
    if " " in text:
        text = _THOUSANDS.sub(lambda m: m.group().replace(" ", "\u00a0"), text)
    escaped = text.translate(_REFERENCES)
    # « :mot: » is an emoji shortcode for pymdownx.emoji: a colon followed by a letter, a digit, « + » or « - » is written as a reference.
    pieces = escaped.split(":")
    escaped = pieces[0] + "".join(("&#58;" if piece[:1].isalnum() or piece[:1] in ("+", "-") else ":") + piece for piece in pieces[1:])
    return _escape_start(escaped) if at_start else escaped


def _escape_start(text: str) -> str:
    """A text printed at the start of a line cannot open a list (« - », « + », « 1. ») or a heading."""
    if text[:1] in ("-", "+", "="):
        return f"&#{ord(text[0])};{text[1:]}"
    digits = len(text) - len(text.lstrip("0123456789"))
    if digits and text[digits : digits + 1] in (".", ")"):
        return f"{text[:digits]}&#{ord(text[digits])};{text[digits + 1 :]}"
    return text


# Every construct of Markdown without extensions needs one of these characters, or a line that starts with a
# list or code marker: a text with none of them is one plain paragraph, and the parser can be skipped.
_MARKDOWN_SIGNS = frozenset("<>&*_[]!`#\\{}\n\r\t")


def _could_be_markup(text: str) -> bool:
    return bool(_MARKDOWN_SIGNS.intersection(text)) or text.lstrip()[:1] in tuple("-+=0123456789") or text.startswith("    ")


_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def _one_line(text: str) -> str:
    """One line, runs of spaces made one; no-break spaces are kept (« 350 000 » must not break, nor turn round in Arabic).

    Invisible characters (control characters, direction overrides: guide/donnees/hygiene.py refuses them) are dropped.
    """
    return _SPACES.sub(" ", INVISIBLE.sub("", str(text))).strip(" \t\r\n\f\v")


@functools.lru_cache(maxsize=65536)  # the same addresses on each page that shows a record, in each language
def _scheme(url: str) -> str:
    """The scheme of an address as a browser reads it (spaces and control characters dropped), in lower case."""
    cleaned = "".join(c for c in html.unescape(url) if c > " " and c != "\x7f")
    try:
        return urlsplit(cleaned).scheme.lower()
    except ValueError:
        return "?"


def _split_placeholders(text: str) -> tuple[str, bool]:
    """The literal parts of an interface string, and whether a placeholder is not a plain {nom}."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return text, True
    literal = "".join(part[0] for part in parts)
    bad = any(field is not None and (not field.isidentifier() or spec or conversion) for _, field, spec, conversion in parts)
    return literal, bad


@functools.lru_cache(maxsize=1)
def _parser() -> markdown.Markdown:
    """Python-Markdown with no extension: what the subset is written in."""
    return markdown.Markdown()


def _convert(text: str) -> str:
    md = _parser()
    md.reset()
    return md.convert(text)


def _keep_safe_links(tag: str, attribute: str, value: str) -> str | None:
    return value if attribute == "href" and _scheme(value) in LINK_SCHEMES and not link_problem(value) else None


_CLEANER = nh3.Cleaner(
    tags={"em", "strong", "a"},
    clean_content_tags={"script", "style"},
    attributes={"a": {"href"}},
    attribute_filter=_keep_safe_links,
    url_schemes=set(LINK_SCHEMES),
    link_rel=None,
    strip_comments=True,
)
_STRIPPER = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"}, attributes={}, link_rel=None, strip_comments=True)


class _Elements(HTMLParser):
    """The elements and comments of an HTML fragment, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.comments = 0

    @classmethod
    def of(cls, fragment: str) -> _Elements:
        parser = cls()
        parser.feed(fragment)
        parser.close()
        return parser

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_comment(self, data):
        self.comments += 1

    handle_decl = handle_pi = unknown_decl = handle_comment


class _ToMarkdown(HTMLParser):
    """nh3's clean output (text, em, strong, a[href]) written back as Markdown whose text is all literal."""

    def __init__(self, links_as_text: bool = False, isolate: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[tuple[str | None, int]] = []  # each open link: its address, and where its text starts in `out`
        self.links_as_text = links_as_text
        self.isolate = isolate

    @classmethod
    def of(cls, cleaned: str, links_as_text: bool = False, isolate: bool = False) -> str:
        parser = cls(links_as_text, isolate)
        parser.feed(cleaned)
        parser.close()
        return "".join(parser.out)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href and not self.links_as_text:
                self.out.append("[")
            self.links.append((href, len(self.out)))
        elif not self.links_as_text:
            self.out.append({"em": "*", "strong": "**"}.get(tag, ""))

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href, start = self.links.pop()
            if href and not "".join(self.out[start:]).strip():  # a link without text: invisible, yet focusable
                del self.out[start - (0 if self.links_as_text else 1) :]
            elif href and self.links_as_text:
                self.out.append(f" ({href})")
            elif href:
                self.out.append(f"]({quote(href, safe=_URL_SAFE)})")
        elif not self.links_as_text:
            self.out.append({"em": "*", "strong": "**"}.get(tag, ""))

    def handle_data(self, data):
        self.out.append(data if self.links_as_text else _escape_isolated(data) if self.isolate else _escape(data))
