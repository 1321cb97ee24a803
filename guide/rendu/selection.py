"""Quelles fiches une page liste, et dans quel ordre : par thème, par public, de A à Z."""

from __future__ import annotations

from guide.donnees.contacts import can_be_reached
from guide.donnees.model import Guide, Service
from guide.donnees.text import sort_key


def services_for_theme(guide: Guide, theme: str) -> list[Service]:
    """Services of a theme, open ones first, among them those a resident can reach (own or organisation contact), then by name."""
    return sorted((s for s in guide.services if s.thematique == theme), key=lambda s: (s.is_project, not can_be_reached(s), sort_key(s.nom)))


def services_for_band(guide: Guide, band: dict) -> list[Service]:
    """Services for an audience entry: by age overlap, or by public (parents); open and reachable ones first, then by name."""
    if "public" in band:
        chosen = [s for s in guide.services if band["public"] in s.publics]
    else:
        chosen = [s for s in guide.services if s.serves_ages(band["age-min"], band["age-max"])]
    return sorted(chosen, key=lambda s: (s.is_project, not can_be_reached(s), sort_key(s.nom)))


def alphabetical_groups(services: list[Service]) -> list[tuple[str, list[Service]]]:
    """Services grouped by first letter (accents folded), A to Z."""
    groups: dict[str, list[Service]] = {}
    for service in sorted(services, key=lambda s: sort_key(s.nom)):
        groups.setdefault(sort_key(service.nom)[:1].upper() or "#", []).append(service)
    return list(groups.items())
