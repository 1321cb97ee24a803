"""Le menu du site dans chaque langue, tiré des chaînes d'interface (pas de copies tenues à la main dans mkdocs.yml).

Chaque page du menu de mkdocs.yml a une clé `menu.<fichier sans .md>` dans
data/interface/<langue>.yaml (exemple : `menu.je-cherche/index`). Le greffon
mkdocs-static-i18n traduit le menu par `nav_translations` (libellé français →
libellé traduit) : on les écrit ici, langue par langue, depuis les données.
Une langue qui ne montre pas une chaîne (shimaoré non relu) garde le libellé français.
Ajouter une langue ne demande pas de code : ses clés `menu.*` suffisent.

Material écrit les titres du menu tels quels dans le HTML (menu, titre de la page, pied de page) : un libellé qui n'est
pas du texte simple (« < », « > », entité, balise) est refusé par la vérification et, si elle était contournée,
n'est jamais passé au thème (le libellé français de mkdocs.yml reste).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from guide.donnees import markup
from guide.langues.localizer import Localizer
from guide.langues.translations import WITHHELD


def nav_entries(nav: list | None) -> Iterator[tuple[str, str]]:
    """(French label, key) for every page of a MkDocs `nav` (nested sections included)."""
    for item in nav or []:
        if not isinstance(item, dict):
            continue
        for label, target in item.items():
            if isinstance(target, list):
                yield from nav_entries(target)
            elif isinstance(target, str) and target.endswith(".md"):
                yield label, "menu." + target[: -len(".md")]


def nav_translations(nav: list | None, localizer: Localizer) -> dict[str, str]:
    """French label → the label readers of this locale see (only the labels the locale shows)."""
    if localizer.is_default:
        return {}
    found = {}
    for label, key in nav_entries(nav):
        if key in localizer.interface and localizer.string_state(key) not in ("manquant", WITHHELD) and markup.is_plain_label(localizer.raw(key)):
            found[label] = localizer.raw(key)  # Material prints menu titles into HTML as they are: only a plain label (else French)
    return found


def translate_menus(nav: list | None, languages: list[Any], localizers: list[Localizer]) -> None:
    """Give each i18n language entry its `nav_translations`, from the data (labels written in mkdocs.yml win)."""
    by_locale = {localizer.locale: localizer for localizer in localizers}
    for language in languages:
        localizer = by_locale.get(language.locale)
        if localizer is not None:
            language.nav_translations = {**nav_translations(nav, localizer), **(language.nav_translations or {})}
