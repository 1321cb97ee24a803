"""Les langues du site, décrites une fois : codes, langue par défaut, hreflang, sens d'écriture, langue de recherche.

La liste et l'ordre viennent de la configuration du greffon de langues (mkdocs.yml) ; le sens d'écriture et la
langue de recherche viennent des textes d'interface de chaque langue (data/interface/<code>.yaml). Ajouter une
langue ne demande donc pas de code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Locales:
    """The built locales, default first, with what the site needs to know about each."""

    codes: tuple[str, ...]
    hreflang: Mapping[str, str]
    direction: Mapping[str, str]
    search: Mapping[str, str]

    @property
    def default(self) -> str:
        return self.codes[0]

    @property
    def others(self) -> tuple[str, ...]:
        return self.codes[1:]

    @property
    def easy_read(self) -> str | None:
        """The Facile à lire version of the default language (hreflang `…-x-falc`), paired with it by the page tools."""
        return next((code for code in self.others if self.hreflang.get(code, "").endswith("-x-falc")), None)

    @classmethod
    def of(cls, languages: Iterable[Mapping], interfaces: Mapping[str, Mapping]) -> Locales:
        """From the i18n plugin's language entries (locale, default, build, hreflang) and the interface strings."""
        built = [lang for lang in languages if lang.get("build", True) and lang["locale"] != "null"]
        if not built:
            return cls.single("fr", interfaces)
        default = next((lang["locale"] for lang in built if lang.get("default")), built[0]["locale"])
        codes = (default, *[lang["locale"] for lang in built if lang["locale"] != default])
        tags = {lang["locale"]: lang.get("hreflang") or lang["locale"] for lang in built}
        return cls(codes, tags, _directions(codes, interfaces), _search(codes, interfaces))

    @classmethod
    def single(cls, code: str, interfaces: Mapping[str, Mapping]) -> Locales:
        """One locale alone (a build without the i18n plugin)."""
        return cls((code,), {code: code}, _directions((code,), interfaces), _search((code,), interfaces))


def _directions(codes: Iterable[str], interfaces: Mapping[str, Mapping]) -> dict[str, str]:
    return {code: (interfaces.get(code) or {}).get("direction", "ltr") for code in codes}


def _search(codes: Iterable[str], interfaces: Mapping[str, Mapping]) -> dict[str, str]:
    """The language search stems each locale with: its texts' language (interface setting `lang`)."""
    return {code: (interfaces.get(code) or {}).get("lang", code) for code in codes}


def default_language_only(generated: Iterable[str], locales: Iterable[str]) -> frozenset[str]:
    """The generated pages made in the default language only: `x.md` with no `x.<locale>.md` in any other locale.

    They are the partners' pages (guide/rendu/plan.py, `scope="default"`): every page for residents is made in each
    locale, and a two-language sheet has no default-language version. The language plugin (guide_mkdocs/i18n.py)
    makes no French copy of them under the other languages.
    """
    sources = set(generated)
    suffixes = [f".{locale}.md" for locale in locales]
    default = {uri for uri in sources if not uri.endswith(tuple(suffixes))}
    return frozenset(uri for uri in default if not any(uri[: -len(".md")] + suffix in sources for suffix in suffixes))
