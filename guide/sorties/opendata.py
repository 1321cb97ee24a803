"""Données ouvertes : les fichiers publiés sous `donnees/`, construits depuis le modèle validé.

Quatre fichiers, toujours aux mêmes adresses :

- `data-inclusion/structures.json` et `data-inclusion/services.json` : nos
  organisations et nos services au schéma national data·inclusion (version 1) ;
- `services.csv` : un service par ligne, pour un tableur (UTF-8 avec BOM, `;`) ;
- `guide.json` : les enregistrements tels qu'ils sont écrits et validés, avec un en-tête.

Les fichiers ne dépendent que des données et de la date de construction
(jamais de l'horloge) : deux constructions d'un même commit donnent les mêmes
octets.

Correspondance avec data·inclusion (rien n'est inventé ; ce qu'on ne sait pas reste `null`) :

- `source` : « guide-planoise » ; `id` et `structure_id` : « guide-planoise--<notre id> »,
  comme le schéma le demande (identifiant du producteur, puis le nôtre).
- `date_maj` : la date de l'information, jamais celle de la construction : le
  jour de sa dernière vérification par une organisation nommée (`verification`),
  sinon la date de sa source lue la plus récente (le pacte du 31 janvier 2023 pour
  la plupart). Une fiche dont les seules sources sont des pages officielles notées
  sans être ouvertes prend la date d'information la plus récente du guide (le schéma
  exige une date), et sa description dit « À vérifier sur le site officiel : … ».
  Qui a vérifié, et ce qui est à confirmer, sont dans `services.csv` et `guide.json`.
- `lien_source` : la page de la fiche (ou de l'organisation) sur le guide.
- Structure : `description` = le rôle ; téléphone, courriel, site et SIRET seulement
  s'ils sont dans nos données (`CHAMPS_STRUCTURE`, les mêmes que relit l'import) ;
  adresse, commune, horaires, accessibilité : `null` (le pacte n'en donne pas). `reseaux_porteurs` : seulement les
  correspondances sûres de `RESEAUX_PORTEURS`.
- Service : `structure_id` = le partenaire responsable (`owner`) s'il fait partie
  des organisations qui portent le service, sinon la première d'entre elles.
  data·inclusion n'a qu'une structure par service : les autres ne sont que dans
  `guide.json` et `services.csv`.
- `thematiques` : par thème, seulement quand le sens est le même (`THEMATIQUES`) ;
  « Emploi et insertion » et « Santé » restent vides (data·inclusion n'a que des
  sous-thèmes précis, nos thèmes sont plus larges).
- `publics` : comme dit le schéma du guide (« élèves » → jeunes, « professionnels »
  non exporté) ; si le service est pour tout le monde, `tous-publics` seul (le
  schéma national l'interdit avec d'autres valeurs). Les âges, que data·inclusion
  n'a pas, sont écrits en tête de `publics_precisions`.
- `frais` : gratuit → gratuit, payant → payant, « gratuit ou aidé sous
  conditions » et « prix non précisé » → `null` (aucune affirmation) ;
  `frais_precisions` recopié, ou « Prix non précisé par la source. ». Un prix
  marqué « à confirmer » s'exporte `null` aussi.
- Champs « à confirmer » (`a_confirmer`) : une phrase « À confirmer : … » à la
  fin de `description`, pour qu'aucune supposition ne passe pour un fait.
- `modes_accueil` : « à distance » pour un lieu en ligne, « en présentiel » pour
  un autre lieu ; `null` sans lieu. `commune` : celle des lieux quand ils sont
  tous dans la même.
- `type`, `zone_eligibilite`, `modes_mobilisation`, `mobilisable_par`,
  `lien_mobilisation`, `conditions_acces`, adresse, code INSEE : `null`, faute de
  donnée. Notre `site_web` n'a pas de champ dans le service data·inclusion v1
  (ce n'est pas forcément un lien pour s'inscrire) : il est dans `services.csv`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from guide.donnees import markup
from guide.donnees.formatting import age_text
from guide.donnees.model import Guide, Organisation, Service
from guide.donnees.schema import COLLECTIONS, Schema
from guide.donnees.text import spreadsheet
from guide.rendu.printing import page_url


class Validated(Protocol):
    """What the exports read of a validation (guide/validate.py, which sits above them): the guide, its schema, the French words."""

    guide: Guide
    schema: Schema

    def localizers(self, locales: list[str]) -> list: ...


SOURCE = "guide-planoise"
LICENCE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
PRODUCER = "Guide des jeunes de Planoise"
EXPORT_DIR = "donnees"

# Notre thème → thématiques data·inclusion, seulement quand le sens est le même.
THEMATIQUES: dict[str, list[str]] = {
    "metiers": ["choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"],
    "culture": ["remobilisation--activites-sportives-et-culturelles"],
    "famille-parentalite": ["famille--soutien-a-la-parentalite-et-a-leducation"],
    "emploi-insertion": [],
    "sante": [],
}

# Notre public → public data·inclusion (voir les descriptions de `public` dans data/schemes.schema.json).
PUBLICS: dict[str, str | None] = {
    "tous-publics": "tous-publics",
    "jeunes": "jeunes",
    "eleves": "jeunes",
    "etudiants": "etudiants",
    "familles": "familles",
    "femmes": "femmes",
    "demandeurs-emploi": "demandeurs-emploi",
    "personnes-exilees": "personnes-exilees",
    "allophones": None,  # des citoyens français qui parlent peu le français (familles mahoraises) : pas des personnes exilées
    "residents-qpv-frr": "residents-qpv-frr",
    "professionnels": None,
}

FRAIS: dict[str, str | None] = {"gratuit": "gratuit", "payant": "payant", "sous-conditions": None, "non-precise": None}

# Notre organisation → réseau porteur data·inclusion, quand le réseau est exactement le sien.
RESEAUX_PORTEURS: dict[str, str] = {
    "france-travail": "france-travail",
    "caf-doubs": "caf",
    "cpam-doubs": "cpam",
    "mission-locale": "mission-locale",
    "ville-besancon": "communes",
    "grand-besancon-metropole": "communes",
    "departement-doubs": "departements",
    "region-bfc": "regions",
    "prefecture-doubs": "regions",  # « Régions, Préfectures et services régionaux »
    "drac-bfc": "regions",
    "ccas-besancon": "ccas-cias",
    "csapa": "csapa",
    "ecole-deuxieme-chance": "ecoles-de-la-deuxieme-chance",
}

# Les champs que le guide et data·inclusion ont en commun : notre champ → le champ data·inclusion.
# Déclarés une seule fois : l'export les écrit, l'import (guide/importer/) les relit et les compare.
CHAMPS_STRUCTURE: dict[str, str] = {"telephone": "telephone", "courriel": "courriel", "site_web": "site_web"}  # organisation ↔ structure
CHAMPS_SERVICE: dict[str, str] = {"telephone": "telephone", "courriel": "courriel", "horaires_accueil": "horaires_accueil"}  # service ↔ service
CHAMPS_LIEU: dict[str, str] = {"adresse": "adresse", "commune": "commune", "latitude": "latitude", "longitude": "longitude"}  # lieu ↔ adresse d'une structure

CSV_COLUMNS = [
    "id",
    "nom",
    "résumé",
    "thème",
    "âges",
    "frais",
    "téléphone",
    "site",
    "organisations",
    "mesures",
    "source",
    "vérifié le",
    "vérifié par",
    "à confirmer",
    "URL de la fiche",
]

# The collections of guide.json, in the order of data/schemes.yaml.
RAW_COLLECTIONS = tuple(COLLECTIONS)


# ---------------------------------------------------------------- files


def export_files(guide: Guide, schema: Schema, t: Callable[[str], str], site_url: str, generated_on: dt.date) -> dict[str, bytes]:
    """Every open-data file: path under donnees/ → bytes. `t` gives the French interface strings (ages)."""
    labels = field_labels(schema)
    newest = guide.reference_date  # read once: it looks at every record (once per service it made the export quadratic)
    return {
        "data-inclusion/structures.json": _json([structure(o, site_url, labels, newest) for o in guide.organisations]),
        "data-inclusion/services.json": _json([di_service(s, site_url, t, labels, newest) for s in guide.services]),
        "services.csv": services_csv(guide, schema, t, site_url, labels),
        "guide.json": _json(raw_records(guide, site_url, generated_on)),
    }


def publish(directory: Path, validation: Validated, site_url: str, generated_on: dt.date) -> list[Path]:
    """Write every open-data file of a validated guide under `directory` (French texts)."""
    french = validation.localizers(["fr"])[0]
    return write_exports(directory, export_files(validation.guide, validation.schema, french.raw, site_url, generated_on))


def write_exports(directory: Path, files: dict[str, bytes]) -> list[Path]:
    """Write the files under `directory`; return their paths."""
    written = []
    for relative, content in sorted(files.items()):
        target = Path(directory) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written


# ---------------------------------------------------------------- data·inclusion


def di_id(record_id: str) -> str:
    """The data·inclusion id of one of our records: producer, two hyphens, our id."""
    return f"{SOURCE}--{record_id}"


# The pact gives no address and no coordinates: these data·inclusion fields stay empty, never guessed.
NO_ADDRESS: dict[str, None] = dict.fromkeys(["code_postal", "code_insee", "adresse", "complement_adresse", "longitude", "latitude"])


def structure(organisation: Organisation, site_url: str, labels: dict[str, str], undated: dt.date = dt.date(2023, 1, 31)) -> dict[str, Any]:
    """One organisation as a data·inclusion v1 structure."""
    reseau = RESEAUX_PORTEURS.get(organisation.id)
    return {
        "source": SOURCE,
        "id": di_id(organisation.id),
        "nom": organisation.nom,
        "date_maj": date_maj(organisation, undated),
        "description": _sentences([markup.plain_text(organisation.role, formatted=True), unsure_sentence(organisation, labels), unread_sentence(organisation)]),
        "lien_source": record_url(site_url, organisation),
        "siret": organisation.siret,
        "commune": None,
        **NO_ADDRESS,
        **{theirs: organisation.french.get(ours) for ours, theirs in CHAMPS_STRUCTURE.items()},
        "horaires_accueil": None,
        "accessibilite_lieu": None,
        "reseaux_porteurs": [reseau] if reseau else None,
    }


def di_service(service: Service, site_url: str, t: Callable[[str], str], labels: dict[str, str], undated: dt.date = dt.date(2023, 1, 31)) -> dict[str, Any]:
    """One service as a data·inclusion v1 service."""
    towns = {p.commune for p in service.lieux}
    return {
        "source": SOURCE,
        "structure_id": di_id(carrier(service).id),
        "id": di_id(service.id),
        "nom": service.nom,
        "description": _sentences([markup.plain_text(service.description, formatted=True), unsure_sentence(service, labels), unread_sentence(service)]),
        "lien_source": record_url(site_url, service),
        "date_maj": date_maj(service, undated),
        "type": None,
        "thematiques": THEMATIQUES.get(service.thematique) or None,
        "frais": None if service.unsure("frais") else FRAIS.get(service.frais),
        "frais_precisions": markup.plain_text(service.frais_precisions, formatted=True)
        if service.frais_precisions
        else ("Prix non précisé par la source." if service.frais == "non-precise" else None),
        "publics": di_publics(service.publics),
        "publics_precisions": _sentences(
            [_capitalised(age_text(service, t)), markup.plain_text(service.publics_precisions, formatted=True) if service.publics_precisions else None]
        ),
        "conditions_acces": None,
        "commune": towns.pop() if len(towns) == 1 else None,
        **NO_ADDRESS,
        **{theirs: service.french.get(ours) for ours, theirs in CHAMPS_SERVICE.items()},
        "modes_accueil": sorted({"a-distance" if p.type == "en-ligne" else "en-presentiel" for p in service.lieux}) or None,
        "zone_eligibilite": None,
        "contact_nom_prenom": None,
        "lien_mobilisation": None,
        "modes_mobilisation": None,
        "mobilisable_par": None,
        "mobilisation_precisions": None,
        "volume_horaire_hebdomadaire": None,
        "nombre_semaines": None,
    }


def date_maj(record, undated: dt.date) -> str:
    """The date of the information (last verification, else newest dated source); `undated` when nobody read any of its sources.

    data·inclusion requires a date: for a record whose only sources are official pages recorded without opening them,
    it is the newest date of information in the whole guide (the same for every build of the same data), never a
    consultation that did not happen; its description says « À vérifier sur le site officiel ».
    """
    return (record.information_date or undated).isoformat()


def carrier(service: Service) -> Organisation:
    """The one structure data·inclusion attaches a service to: its responsible partner when it runs it, else the first that does."""
    return service.owner if service.owner in service.organisations else service.organisations[0]


def di_publics(publics: list[str]) -> list[str] | None:
    """Our publics as data·inclusion publics: `tous-publics` alone when it applies, none we cannot say."""
    mapped = {PUBLICS.get(p) for p in publics} - {None}
    if "tous-publics" in mapped:
        return ["tous-publics"]
    return sorted(mapped) or None


# ---------------------------------------------------------------- spreadsheet


def services_csv(guide: Guide, schema: Schema, t: Callable[[str], str], site_url: str, labels: dict[str, str]) -> bytes:
    """One row per service, for French spreadsheets (guide.donnees.text.spreadsheet: UTF-8 with BOM, `;` between columns, no formula)."""
    themes, costs = schema.labels("thematique"), schema.labels("frais")
    rows = []
    for s in guide.services:
        rows.append(
            [
                s.id,
                s.nom,
                s.resume,
                themes[s.thematique],
                age_text(s, t),
                costs[s.frais],
                s.telephone or "",
                s.site_web or "",
                organisations_text(s),
                ", ".join(str(m.numero) for m in s.mesures),
                source_text(s, schema.labels("appui")),
                s.verification.date.isoformat() if s.verification else "",
                s.verification.par.nom if s.verification else "",
                ", ".join(unsure_labels(s, labels)),
                record_url(site_url, s),
            ]
        )
    return spreadsheet(CSV_COLUMNS, rows)


def organisations_text(service: Service) -> str:
    """The service's organisations in one cell, each guessed name, and a guessed list as a whole, followed by « (à confirmer) »."""
    names = ", ".join(o.nom + (" (à confirmer)" if o.unsure("nom") else "") for o in service.organisations)
    return names + (" (à confirmer)" if service.unsure("organisations") else "")


def source_text(record, labels: dict[str, str] | None = None) -> str:
    """The record's sources in one line: document (date, or « à vérifier sur le site officiel »), article, measure, web address, what it supports."""
    texts = []
    for src in record.sources:
        text = f"{src.titre} ({src.date.isoformat() if src.date else 'non datée, à vérifier sur le site officiel'})"
        text += f", article {src.article}" if src.article else ""
        text += f", mesure {src.mesure}" if src.mesure else ""
        text += f", {src.url}" if src.url else ""
        texts.append(text + (f", pour {(labels or {}).get(src.pour, src.pour)}" if src.pour and len(record.sources) > 1 else ""))
    return " ; ".join(texts)


def field_labels(schema: Schema) -> dict[str, str]:
    """Field name → its French title in the schema (any record kind), to name the values « à confirmer »."""
    labels = {}
    for collection in schema.record_fields():
        record = schema.resolve(schema.document["properties"][collection]["items"])
        for name, prop in record["properties"].items():
            labels.setdefault(name, schema.resolve(prop).get("title", name))
    return labels


def unsure_labels(record, labels: dict[str, str]) -> list[str]:
    """The French names of the record's fields marked « à confirmer », in a stable order."""
    return sorted(labels.get(name, name).lower() for name in record.a_confirmer)


def unread_sentence(record) -> str | None:
    """« À vérifier sur le site officiel : … » for the official pages the record cites without anyone having read them, or None."""
    unread = [s.url or s.titre for s in record.sources if s.unread]
    return f"À vérifier sur le site officiel : {', '.join(unread)}." if unread else None


def unsure_sentence(record, labels: dict[str, str]) -> str | None:
    """« À confirmer : prix, âge maximum. », or None."""
    names = unsure_labels(record, labels)
    return f"À confirmer : {', '.join(names)}." if names else None


# ---------------------------------------------------------------- raw records


def raw_records(guide: Guide, site_url: str, generated_on: dt.date) -> dict[str, Any]:
    """Every record as written in data/schemes.yaml and validated, with a header saying what this is."""
    by_collection = {
        "documents": list(guide.documents.values()),
        "organisations": [o.french for o in guide.organisations],
        "lieux": [p.french for p in guide.lieux],
        "mesures": [m.french for m in guide.mesures],
        "services": [s.french for s in guide.services],
    }
    header = {
        "titre": f"{PRODUCER} : données",
        "producteur": PRODUCER,
        "site": site_url,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": f"{PRODUCER}, d'après le Pacte pour l'émancipation des jeunes de Planoise (31 janvier 2023)",
        "schema": "data/schemes.schema.json",
        "genere_le": generated_on.isoformat(),
        "nombre": {name: len(records) for name, records in by_collection.items()},
    }
    return {"en_tete": header, **{name: plain(by_collection[name]) for name in RAW_COLLECTIONS}}


def plain(value: Any) -> Any:
    """Loader objects as plain JSON values; dates as ISO strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        # Text, never HTML (the check refuses it; this holds even without the check); paragraphs kept (the partners' form).
        return markup.plain_lines(value)
    return value


# ---------------------------------------------------------------- helpers


def record_url(site_url: str, record: Any, locale: str | None = None) -> str:
    """The address of a record's page: site, locale folder (not for the default one), the record's page."""
    return page_url(site_url, record.page, f"{locale}/" if locale else "")


def _json(value: Any) -> bytes:
    """Every JSON file of the open data: its strings are text, never HTML (`plain`)."""
    return (json.dumps(plain(value), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentences(parts: list[str | None]) -> str | None:
    """Non-empty parts joined as sentences, or None."""
    kept = [p.strip() for p in parts if p and p.strip()]
    return " ".join(p if p.endswith((".", "!", "?", "…")) else p + "." for p in kept) or None
