"""Les mots d'une page dans sa langue : ce que les gabarits appellent pour imprimer les textes des fiches (`tr`),
les chaînes d'interface (`t`), les libellés, les dates, les âges, les adresses complètes et les QR codes.

Chaque fonction note ce qu'elle montre dans le relevé de la page (PageTexts, guide/langues/localizer.py) : l'avis de la
page en découle.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from babel.dates import format_date

from guide.donnees import hours, markup
from guide.donnees.formatting import age_text
from guide.donnees.model import Service
from guide.donnees.schema import Schema
from guide.langues.interface import SETTINGS
from guide.langues.localizer import Localizer, PageTexts
from guide.langues.recherche import search_terms
from guide.langues.review import translation_line
from guide.rendu.printing import is_published_address, page_url, qr_svg
from guide.rendu.sections import heading
from guide.rendu.templating import make_environment


class ReaderWords:
    """The words of one locale for its pages, ready once (labels, dates, addresses); `of(page)` gives the functions the
    templates use to print them, each noting in that page's tracker the state of what it shows."""

    def __init__(self, schema: Schema, localizer: Localizer, site_url: str = "/"):
        self.localizer = localizer
        self.site_url = site_url
        closed = [name for name, d in schema.document["$defs"].items() if "oneOf" in d and all("const" in c for c in d["oneOf"])]
        self.labels = {name: schema.labels(name) for name in closed}
        self.descriptions = {name: {t.slug: t.description for t in schema.taxonomy(name)} for name in closed}
        self.formatted = markup.formatted_fields(schema)
        # Right to left: every Latin run (names, acronyms, addresses) in the page's words is isolated in a <bdi> (guide/donnees/markup.py).
        self.rtl = localizer.raw("direction") == "rtl"

    def label(self, taxonomy: str, slug: str) -> str:
        key = f"{taxonomy}.{slug}"
        found = self.localizer.raw(key)
        return markup.interface_text(self.labels.get(taxonomy, {}).get(slug, slug) if found == key else found, isolate=self.rtl)

    def describe(self, taxonomy: str, slug: str) -> str:
        key = f"{taxonomy}.{slug}.description"
        found = self.localizer.raw(key)
        return markup.interface_text(self.descriptions.get(taxonomy, {}).get(slug, "") if found == key else found, isolate=self.rtl)

    def of(self, page: PageTexts) -> dict:
        """The functions templates use to print words (and full page addresses) on one page of the locale."""
        localizer, site_url, rtl, formatted = self.localizer, self.site_url, self.rtl, self.formatted
        in_language = make_environment().get_template("_autre-langue.jinja.md").module.autre_langue  # a text in another language than the page

        def t(key: str) -> str:
            return page.t(key, isolate=rtl and key not in SETTINGS)  # settings (lang, direction…) are never isolated

        def partie(key: str) -> str:
            """A part's heading (guide/rendu/sections.py): its title and fixed anchor; the texts shown after it are in this part."""
            page.enter(key)
            return heading(key, t(key))

        def etiquette(key: str) -> str:
            """A label and the locale's colon, unless the label is already a question: « Pour qui ? », never « Pour qui ? : »."""
            label = t(key)
            return label if re.sub(r"<[^>]+>", "", label).rstrip().endswith(("?", "؟")) else label + t("deux_points")

        def ages(service: Service) -> str:
            return age_text(service, page.t)

        def fdate(value: dt.date | None) -> str:
            return format_date(value, format="long", locale=localizer.raw("babel")) if value else ""

        def tr(record: Any, name: str) -> Any:
            """A record's text in the page's locale, as Markdown that can only be text, emphasis and safe links (guide/donnees/markup.py).

            This is where record text enters the templates. French shown in the place of a translation is marked lang="fr".
            """
            text = page.text(record, name)
            lang, direction = (localizer.fallback_lang, "ltr") if text.is_french else (localizer.lang, localizer.raw("direction"))
            # Right to left: Latin runs in a <bdi>, unless the text is French in its own left-to-right span.
            value = record_markdown(text.value, name in formatted.get(record.collection, ()), isolate=rtl and not text.is_french)
            if lang == localizer.page_lang or value is None or text.state == "original":
                return value
            return [in_language(v, lang, direction) for v in value] if isinstance(value, list) else in_language(value, lang, direction)

        plain = not localizer.is_default and not localizer.withholds and localizer.lang == localizer.fallback_lang  # Facile à lire

        def nom(record: Any) -> Any:
            """A record's name in a sentence (« {org} n'a pas encore vérifié cette fiche », « Site internet : {who} »): in a plain
            version of the default language (Facile à lire), an organisation's common short name when it has one (nom_court)."""
            short = getattr(record, "nom_court", None)
            return record_markdown(short, False, isolate=rtl) if plain and short else tr(record, "nom")

        prefix = "" if localizer.is_default else f"{localizer.locale}/"

        def url(path: str) -> str:
            """The full address of a generated page in this locale, as printed and scanned."""
            return page_url(site_url, path, prefix)

        def qr(address: str) -> str:
            """The QR code of an address, as inline SVG (made at build time by segno)."""
            return qr_svg(address, localizer.raw("qr_titre"))  # segno escapes the title itself

        return {
            "t": t,
            "etiquette": etiquette,
            "partie": partie,
            "tr": tr,
            "nom": nom,
            "label": self.label,
            "describe": self.describe,
            "ages": ages,
            "fdate": fdate,
            "horaires": lambda value: hours.describe(value, t, localizer.raw("babel")),
            "url": url,
            "qr": qr,
            "adresse_publiee": is_published_address(site_url),  # QR codes and printed addresses only for a real site address
            "search_terms": lambda record: search_terms(record, localizer.search_words),
            "ligne_traduction": lambda record: translation_line(localizer.catalogue, record),
            "lang_code": localizer.page_lang,
            "direction": localizer.t("direction"),
        }


def reader_words(schema: Schema, page: PageTexts, site_url: str = "/") -> dict:
    """The functions templates use to print words on one page (ReaderWords of its locale, bound to the page's tracker)."""
    return ReaderWords(schema, page.localizer, site_url).of(page)


def record_markdown(value: Any, formatted: bool, isolate: bool = False) -> Any:
    """A record's text (or list of texts) as safe Markdown: the second lock, behind the check, on all record text `tr` prints.

    Apostrophes stay as typed so that search finds « l'école ». `isolate`: Latin runs in <bdi> (right-to-left pages).
    """
    if isinstance(value, list):
        return [record_markdown(v, formatted, isolate) for v in value]
    return markup.markdown_text(value, formatted, isolate) if isinstance(value, str) else value
