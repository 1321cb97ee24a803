"""Mise en forme partagée par les pages et les exports : âges en mots, repères {nom} remplis, liens tel:.

En bas des étages : n'importe aucune autre partie du guide (les exports, guide/sorties/opendata.py, s'en servent sans
dépendre du rendu des pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guide.donnees.model import Service


def age_text(service: Service, t: Callable[[str], str]) -> str:
    """The age range in words, or an honest '' when unknown."""
    low, high = service.age_min, service.age_max
    if low is not None and high is not None:
        return fill(t("ages_de_a"), min=low, max=high) if low else fill(t("ages_jusqu_a"), max=high)
    if low is not None:
        return fill(t("ages_a_partir_de"), min=low)
    if high is not None:
        return fill(t("ages_jusqu_a"), max=high)
    return ""


def fill(text: str, **values: object) -> str:
    """An interface string with its {nom} placeholders replaced, as the templates do (`replace`): a placeholder that no
    code gives stays as it is, instead of stopping the build (str.format would raise KeyError)."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def tel_uri(phone: str) -> str:
    """A `tel:` address for a French number (digits only; +33 kept)."""
    digits = re.sub(r"[^0-9+]", "", phone)
    return f"tel:{digits}"
