"""Données structurées schema.org (JSON-LD) des fiches et des pages d'organisation.

Une fiche décrit un `GovernmentService` quand toutes les organisations qui le
portent sont publiques (État, collectivité, organisme public), sinon un
`Service`. Une page d'organisation décrit une `GovernmentOrganization` ou une
`Organization`. Seul ce qui est dans les données est écrit : pas de téléphone
sans numéro connu, pas d'âge sans âge connu.

Le dictionnaire est construit ici ; le hook ne fait que le passer au gabarit
(`overrides/main.html`, bloc `extrahead`), qui l'écrit dans un
`<script type="application/ld+json">`.
"""

from __future__ import annotations

import json
from typing import Any

from guide.donnees import markup
from guide.donnees.model import Organisation, Service
from guide.donnees.schema import Schema
from guide.langues.localizer import Localizer, PageTexts
from guide.rendu.words import ReaderWords
from guide.sorties.opendata import record_url

CONTEXT = "https://schema.org"
AREA_SERVED = {"@type": "Place", "name": "Planoise", "containedInPlace": {"@type": "City", "name": "Besançon"}}


def page_json_ld(schema: Schema, page: PageTexts, about: Any, site_url: str) -> str:
    """The JSON-LD text of the record a generated page describes (a fiche or an organisation), or '' for any other record.

    `page`: the tracker of the page the data goes into: the texts it reads are that page's.
    """
    if isinstance(about, Service):
        return script_text(_text_only(service_json_ld(about, schema, page, site_url)))
    if isinstance(about, Organisation):
        return script_text(_text_only(organisation_json_ld(about, page, site_url)))
    return ""


def service_json_ld(service: Service, schema: Schema, page: PageTexts, site_url: str) -> dict[str, Any]:
    """A service as schema.org `GovernmentService` (every provider public) or `Service`."""
    localizer = page.localizer
    label = _labels(schema, localizer)
    summary = page.text(service, "resume")
    audience: dict[str, Any] = {"@type": "PeopleAudience", "audienceType": ", ".join(label("public", p) for p in service.publics)}
    # A value marked « à confirmer » is left out: structured data cannot carry the doubt.
    if service.age_min is not None and not service.unsure("age_min"):
        audience["suggestedMinAge"] = service.age_min
    if service.age_max is not None and not service.unsure("age_max"):
        audience["suggestedMaxAge"] = service.age_max
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "GovernmentService" if all(o.is_public for o in service.organisations) else "Service",
        "name": page.text(service, "nom").value,
        "description": summary.value,
        "serviceType": label("thematique", service.thematique),
        "provider": [_organisation_ref(o, page, site_url) for o in service.organisations],
        "areaServed": AREA_SERVED,
        "audience": audience,
        "url": record_url(site_url, service, _prefix(localizer)),
        "inLanguage": "fr" if summary.is_french else localizer.raw("lang"),
    }
    if service.frais in ("gratuit", "payant") and not service.unsure("frais"):
        data["isAccessibleForFree"] = service.frais == "gratuit"
    if service.telephone and not service.unsure("telephone"):
        data["telephone"] = service.telephone
    return data


def organisation_json_ld(organisation: Organisation, page: PageTexts, site_url: str) -> dict[str, Any]:
    """An organisation as schema.org `GovernmentOrganization` or `Organization`, with what we know of it."""
    data = {
        "@context": CONTEXT,
        **_organisation_ref(organisation, page, site_url),
        "description": markup.plain_text(page.text(organisation, "role").value, formatted=True),
    }
    if organisation.sigle:
        data["alternateName"] = organisation.sigle
    if organisation.courriel:
        data["email"] = organisation.courriel
    if organisation.site_web:
        data["sameAs"] = organisation.site_web
    return data


def script_text(data: dict[str, Any]) -> str:
    """JSON that cannot end or confuse the <script> element holding it: <, > and & are written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ---------------------------------------------------------------- helpers


def _text_only(value: Any) -> Any:
    """Every string as text a reader sees (guide/donnees/markup.py): never HTML, and no character reference from the page's words."""
    if isinstance(value, dict):
        return {k: _text_only(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_text_only(v) for v in value]
    return markup.plain_text(value) if isinstance(value, str) else value


_LAST_WORDS: list = []  # [schema, localizer, its ReaderWords]: the locale whose pages MkDocs is making, one after another


def _labels(schema: Schema, localizer: Localizer):
    """The labels of a locale (ReaderWords reads the schema's lists: once per locale, not once per page)."""
    if not (_LAST_WORDS and _LAST_WORDS[0] is schema and _LAST_WORDS[1] is localizer):
        _LAST_WORDS[:] = [schema, localizer, ReaderWords(schema, localizer)]
    return _LAST_WORDS[2].label


def _organisation_ref(organisation: Organisation, page: PageTexts, site_url: str) -> dict[str, Any]:
    ref = {
        "@type": "GovernmentOrganization" if organisation.is_public else "Organization",
        "name": page.text(organisation, "nom").value,
        "url": record_url(site_url, organisation, _prefix(page.localizer)),
    }
    if organisation.telephone:
        ref["telephone"] = organisation.telephone
    return ref


def _prefix(localizer: Localizer) -> str | None:
    """The locale folder of the page's address (none for the default locale)."""
    return None if localizer.is_default else localizer.locale
