"""Importer data·inclusion : des propositions de contacts à relire, jamais appliquées sans relecture.

Trois étapes, trois commandes :

1. `python -m guide importer DOSSIER --commune 25056 --sortie propositions.yaml` lit
   `structures.json` et `services.json` de l'export national (version 1 du schéma),
   valide chaque ligne avec le paquet officiel `data-inclusion-schema`, garde les
   communes demandées, rapproche chaque ligne des fiches du guide et écrit les
   valeurs qui changeraient. `data/` n'est pas touché.
2. Le partenaire relit le fichier et supprime ce qu'il refuse.
3. `python -m guide importer --appliquer propositions.yaml` écrit ce qui reste dans
   `data/schemes.yaml` (le reste du fichier garde ses octets : ruamel.yaml en aller-retour),
   avec la provenance de chaque valeur et le champ listé dans `a_confirmer`.

Règles de rapprochement, la meilleure preuve d'abord (une ligne n'est rapprochée
que par la première règle qui trouve quelque chose) :

- `siret` : même SIRET que l'organisation (confiance 1) ;
- `identifiant` : une ligne de notre propre export (`guide-planoise--<id>`, confiance 1) ;
- `reseau-commune` : le réseau porteur de la ligne est celui de l'organisation
  (`RESEAUX_PORTEURS` de guide/opendata.py), ou celui du gestionnaire du lieu, et la
  ligne est dans une des communes demandées (confiance 0,8) ;
- `nom` : nom normalisé (minuscules, sans accents ni mots outils ni parenthèses)
  semblable à un des noms de la fiche (nom, sigle, alias) à `SEUIL_NOM` au moins,
  dans une commune demandée, sans réseau porteur contraire ni autre commune
  (confiance : la ressemblance × 0,75 sur son nom, × 0,7 sur un sigle ou un alias) ;
- un service data·inclusion n'est rapproché d'un service du guide que si sa structure
  est rapprochée d'une organisation ou d'un lieu de ce service et que leurs noms se
  ressemblent (confiance 0,8 ; 0,7 par un alias), ou par son identifiant.

Sans `--commune`, seules les deux premières règles (preuves certaines) s'appliquent.

Une fiche que plusieurs lignes rapprochent à égalité (même règle, confiances à moins de `MARGE`), ou une ligne qui rapproche
plusieurs fiches, va dans `a_decider` : rien n'y est appliqué. Une valeur que le
guide a déjà n'est remplacée que sur une correspondance certaine (confiance 1) ;
sinon la différence est seulement signalée (`non_proposees`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import phonenumbers
import yaml
from data_inclusion.schema import v1
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from guide import hours
from guide.checks import is_valid_french_phone, is_valid_opening_hours
from guide.loader import load_yaml
from guide.markup import EXAMPLE_EMAIL, is_bare_email
from guide.model import Guide, Organisation, Place, Record, Service
from guide.opendata import CHAMPS_LIEU, CHAMPS_SERVICE, CHAMPS_STRUCTURE, RESEAUX_PORTEURS, SOURCE, di_id
from guide.paths import SCHEMA_FILE
from guide.schema import Schema

SEUIL_NOM = 0.85  # ressemblance minimale de deux noms normalisés (difflib, de 0 à 1)
CONFIANCE = {"siret": 1.0, "identifiant": 1.0, "reseau-commune": 0.8, "structure-et-nom": 0.8}
FICHIERS = {"structures": v1.Structure, "services": v1.Service}

# Les champs qu'un import peut remplir, par liste du guide (les correspondances de guide/opendata.py).
CHAMPS_IMPORTABLES = {"organisations": CHAMPS_STRUCTURE, "lieux": CHAMPS_LIEU, "services": CHAMPS_SERVICE}

# Mots sans poids dans un nom (normalisé sans accents).
MOTS_OUTILS = frozenset("a au aux d de des du en et l la le les pour sur".split())


# ---------------------------------------------------------------- reading the export


@dataclass(frozen=True)
class Ligne:
    """One valid row of the export: which file, its position (from 1) and its fields as written."""

    fichier: str
    numero: int
    data: dict

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in ("fichier", "numero", "data"):
            raise AttributeError(name)
        return self.data.get(name)

    @property
    def reseaux(self) -> set[str]:
        return set(self.data.get("reseaux_porteurs") or [])


@dataclass
class Lecture:
    """What the export gave: valid rows kept, problems in French, counts."""

    structures: list[Ligne] = field(default_factory=list)
    services: list[Ligne] = field(default_factory=list)
    problemes: list[str] = field(default_factory=list)
    lues: int = 0
    invalides: int = 0
    hors_communes: int = 0
    fatal: bool = False


def lire_export(dossier: Path, communes: list[str] | None) -> Lecture:
    """Read both files, keep the rows of these INSEE codes (all rows when None), then validate the kept rows.

    Filtering first keeps a national export readable: only the rows of the communes asked for are checked and reported.
    A service row without a commune follows its structure.
    """
    lecture = Lecture()
    brut = {fichier: _lire_json(Path(dossier) / f"{fichier}.json", lecture) or [] for fichier in FICHIERS}
    lecture.lues = sum(len(rows) for rows in brut.values())

    def dans(row: Any, structures: set[str] | None = None) -> bool:
        if communes is None:
            return True
        if not isinstance(row, dict):
            return True  # reported as invalid rather than silently dropped
        if row.get("code_insee"):
            return row["code_insee"] in communes
        structure = row.get("structure_id")
        if structure is not None and not isinstance(structure, str):
            return True  # a list or a number: reported as invalid rather than silently dropped (nor hashed)
        return structures is not None and structure in structures

    gardees: set[str] = set()
    for fichier, model in FICHIERS.items():
        kept = lecture.structures if fichier == "structures" else lecture.services
        for numero, row in enumerate(brut[fichier], start=1):
            if not dans(row, gardees if fichier == "services" else None):
                lecture.hors_communes += 1
                continue
            messages = valider_ligne(row, model)
            if messages:
                lecture.invalides += 1
                rid = row.get("id") if isinstance(row, dict) else None
                qui = f" (id « {rid} »)" if isinstance(rid, str) else ""
                lecture.problemes += [f"{fichier}.json, ligne {numero}{qui}, champ {champ} : {message} ; ligne ignorée" for champ, message in messages]
                continue
            kept.append(Ligne(fichier, numero, dict(row)))
            if fichier == "structures":
                gardees.add(row["id"])
    return lecture


def _lire_json(path: Path, lecture: Lecture) -> list | None:
    """The JSON array of one file, or None with a French problem."""
    if not path.is_file():
        lecture.problemes.append(f"{path} : fichier introuvable (l'export data·inclusion contient structures.json et services.json)")
        lecture.fatal = True
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8-sig"), parse_constant=_non_finite, parse_float=_finite)
    except UnicodeDecodeError:
        lecture.problemes.append(f"{path} : le fichier n'est pas en UTF-8")
        lecture.fatal = True
        return None
    except json.JSONDecodeError as error:
        lecture.problemes.append(f"{path}:{error.lineno}:{error.colno} : JSON invalide ({_json_fr(error.msg)})")
        lecture.fatal = True
        return None
    except _NotFinite as error:
        lecture.problemes.append(f"{path} : JSON invalide (« {error} » n'est pas un nombre fini ; un export data·inclusion n'en contient pas)")
        lecture.fatal = True
        return None
    except RecursionError:
        lecture.problemes.append(
            f"{path} : JSON invalide (des tableaux ou des objets imbriqués sur des milliers de niveaux ; une ligne n'en a que deux ou trois)"
        )
        lecture.fatal = True
        return None
    if not isinstance(value, list):
        lecture.problemes.append(f"{path} : un tableau JSON de lignes était attendu ([ {{…}}, {{…}} ])")
        lecture.fatal = True
        return None
    return value


class _NotFinite(ValueError):
    """NaN, Infinity or a number too big for a float in an export: json.loads would accept them, guide.json could not be read."""


def _non_finite(constant: str) -> float:
    raise _NotFinite(constant)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(text)
    return value


def valider_ligne(row: Any, model) -> list[tuple[str, str]]:
    """(field, French message) for each error the official model finds; none for a valid row."""
    if not isinstance(row, dict):
        return [("(ligne)", "un objet JSON { … } était attendu")]
    try:
        model.model_validate(row)
    except ValidationError as error:
        return [(".".join(str(p) for p in e["loc"]) or "(ligne)", message_fr(e)) for e in error.errors()]
    return []


def message_fr(error: dict) -> str:
    """One pydantic error of the data·inclusion models, in French."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    shown = f"« {str(value)[:60]} »" if isinstance(value, (str, int, float)) and not isinstance(value, bool) else "la valeur"
    if kind == "missing":
        return "champ obligatoire absent"
    if kind == "string_too_short":
        return f"texte trop court (au moins {ctx.get('min_length')} caractères)"
    if kind == "string_too_long":
        return f"texte trop long (au plus {ctx.get('max_length')} caractères)"
    if kind == "string_pattern_mismatch":
        return f"{shown} n'a pas la forme attendue"
    if kind in ("string_type", "list_type", "set_type", "dict_type", "float_type", "float_parsing", "int_type", "int_parsing", "bool_type"):
        return f"{shown} n'est pas du bon type"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"{shown} n'est pas une date au format AAAA-MM-JJ"
    if kind.startswith("url"):
        return f"{shown} n'est pas une adresse web valide"
    if kind == "enum":
        return f"{shown} n'est pas dans la liste du schéma data·inclusion"
    if kind == "value_error":
        text = str(ctx.get("error", error.get("msg", "")))
        if "email" in text:
            return f"{shown} n'est pas une adresse électronique valide"
        return text if _est_francais(text) else f"{shown} est refusé par le schéma data·inclusion"
    return f"{shown} est refusé par le schéma data·inclusion"


def _est_francais(text: str) -> bool:
    """The data·inclusion package writes its own checks in French (« La date … ne peut pas être dans le futur. »)."""
    return any(word in text.lower().split() for word in ("la", "le", "doit", "ne", "les", "de"))


def _json_fr(message: str) -> str:
    return {
        "Expecting value": "valeur attendue",
        "Expecting ',' delimiter": "virgule attendue",
        "Expecting property name enclosed in double quotes": "nom de champ entre guillemets attendu",
        "Extra data": "texte en trop après la fin",
    }.get(message, message)


# ---------------------------------------------------------------- matching


def normaliser(nom: str) -> str:
    """A name for comparison: lower case, no accents, no text in brackets, no punctuation, no small words."""
    text = re.sub(r"\([^)]*\)", " ", nom or "")
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    mots = re.findall(r"[a-z0-9]+", text)
    return " ".join(m for m in mots if m not in MOTS_OUTILS)


def ressemblance(a: str, b: str) -> float:
    """How alike two names are once normalised, from 0 to 1."""
    na, nb = normaliser(a), normaliser(b)
    return difflib.SequenceMatcher(None, na, nb).ratio() if na and nb else 0.0


def noms(record: Record) -> list[str]:
    """Every name a record goes by: name, acronym, aliases."""
    return [record.name, *([record.acronym] if getattr(record, "acronym", None) else []), *record.aliases]


@dataclass(frozen=True)
class Candidat:
    """One way a row could be one of our records, and why."""

    ligne: Ligne
    fiche: Record
    regle: str
    preuve: str
    confiance: float


def reseau_de(record: Record) -> str | None:
    """The data·inclusion network of an organisation, or of the manager of a place."""
    if isinstance(record, Organisation):
        return RESEAUX_PORTEURS.get(record.id)
    if isinstance(record, Place) and record.manager:
        return RESEAUX_PORTEURS.get(record.manager.id)
    return None


def candidats_structure(ligne: Ligne, fiches: Iterable[Record], communes: list[str] | None) -> list[Candidat]:
    """The records of one kind (organisations, or places) this structure row may be, by the first rule that finds any."""
    fiches = list(fiches)
    dedans = communes is not None and ligne.code_insee in communes
    regles = [
        ("siret", lambda f: bool(ligne.siret) and getattr(f, "siret", None) == ligne.siret, lambda f: f"même SIRET ({ligne.siret})"),
        (  # our export has organisations only: a place sharing an organisation's id is not that row
            "identifiant",
            lambda f: isinstance(f, Organisation) and ligne.source == SOURCE and ligne.id == di_id(f.id),
            lambda f: f"ligne de l'export du guide ({ligne.id})",
        ),
        (
            "reseau-commune",
            lambda f: dedans and reseau_de(f) in ligne.reseaux and _meme_commune(f, ligne),
            lambda f: f"réseau porteur « {reseau_de(f)} » et commune {ligne.code_insee}",
        ),
    ]
    for regle, accepte, preuve in regles:
        found = [Candidat(ligne, f, regle, preuve(f), CONFIANCE[regle]) for f in fiches if accepte(f)]
        if found or (regle == "identifiant" and ligne.source == SOURCE):
            return found  # a row of our own export is only ever the record it was made from
    if not dedans:
        return []  # without the communes asked for, only certain evidence counts
    found = []
    for f in fiches:
        if reseau_de(f) and ligne.reseaux and reseau_de(f) not in ligne.reseaux or not _meme_commune(f, ligne):
            continue
        score, nom, poids = meilleur_nom(ligne.nom, f)
        if score >= SEUIL_NOM:
            found.append(Candidat(ligne, f, "nom", f"nom proche : « {ligne.nom} » et « {nom} » ({score:.2f})", round(score * poids, 2)))
    return found


def meilleur_nom(nom: str, record: Record) -> tuple[float, str, float]:
    """The closest of the record's names to `nom`: (likeness, that name, weight): its own name weighs 0.75, an acronym or alias 0.7."""
    score, found = ressemblance(nom, record.name), record.name
    if score >= SEUIL_NOM:
        return score, found, 0.75
    others = noms(record)[1:]
    score, found = max([(ressemblance(nom, n), n) for n in others] or [(score, found)])
    return score, found, 0.7


def _meme_commune(record: Record, ligne: Ligne) -> bool:
    """False only when a place names a town and the row another."""
    town = getattr(record, "town", None)
    return not (town and ligne.commune and normaliser(town) != normaliser(ligne.commune))


def candidats_service(ligne: Ligne, services: Iterable[Service], structures: dict[str, list[Record]]) -> list[Candidat]:
    """The services of the guide this service row may be: by our id, else by its structure's match and a close name."""
    services = list(services)
    found = [Candidat(ligne, s, "identifiant", f"ligne de l'export du guide ({ligne.id})", 1.0) for s in services if ligne.id == di_id(s.id)]
    if found or ligne.source == SOURCE:
        return found
    porteurs = {r.id for r in structures.get(ligne.structure_id, [])}
    for s in services:
        if not porteurs & {*(o.id for o in s.organisations), *(p.id for p in s.places)}:
            continue
        score, nom, poids = meilleur_nom(ligne.nom, s)
        if score >= SEUIL_NOM:
            porteur = sorted(porteurs & {*(o.id for o in s.organisations), *(p.id for p in s.places)})[0]
            preuve = f"structure rapprochée de « {porteur} » et nom proche : « {ligne.nom} » et « {nom} » ({score:.2f})"
            found.append(Candidat(ligne, s, "structure-et-nom", preuve, CONFIANCE["structure-et-nom"] if poids == 0.75 else 0.7))
    return found


@dataclass
class Rapprochement:
    """Every decision: sure matches (one row, one record), and what a person must decide."""

    surs: list[Candidat] = field(default_factory=list)
    a_decider: list[tuple[Record, list[Candidat], str]] = field(default_factory=list)
    sans_correspondance: list[Ligne] = field(default_factory=list)


def departager(candidats: list[Candidat], rapprochement: Rapprochement) -> None:
    """Keep the pairs that are one row ↔ one record; send the others to a person."""
    by_row: dict[tuple[str, int], list[Candidat]] = {}
    by_record: dict[str, list[Candidat]] = {}
    for c in candidats:
        by_row.setdefault((c.ligne.fichier, c.ligne.numero), []).append(c)
        by_record.setdefault(c.fiche.id, []).append(c)
    for rid, found in by_record.items():
        best = max(found, key=_rang)
        top = [c for c in found if _a_egalite(c, best)]
        rows_of_top = {(c.ligne.fichier, c.ligne.numero) for c in top}
        if len(rows_of_top) > 1:
            rapprochement.a_decider.append((found[0].fiche, sorted(top, key=lambda c: c.ligne.numero), "plusieurs lignes data·inclusion correspondent autant"))
            continue
        c = top[0]
        others = [o for o in by_row[(c.ligne.fichier, c.ligne.numero)] if o.fiche.id != rid]
        if any(_rang(o) > _rang(c) and not _a_egalite(o, c) for o in others):
            continue  # the row is better explained by another record
        rivals = [o for o in others if _a_egalite(o, c)]
        if rivals:
            rapprochement.a_decider.append((c.fiche, [c], f"la même ligne correspond aussi à : {', '.join(sorted(o.fiche.id for o in rivals))}"))
            continue
        rapprochement.surs.append(c)


# The rules in order of evidence, best first; within one rule, confidences closer than MARGE are a tie.
REGLES = ("siret", "identifiant", "reseau-commune", "structure-et-nom", "nom")
MARGE = 0.05


def _rang(c: Candidat) -> tuple[int, float]:
    return (-REGLES.index(c.regle), c.confiance)


def _a_egalite(a: Candidat, b: Candidat) -> bool:
    """Same rule, and confidences too close to choose."""
    return a.regle == b.regle and abs(a.confiance - b.confiance) < MARGE


def rapprocher(guide: Guide, lecture: Lecture, communes: list[str] | None) -> Rapprochement:
    """Match every kept row to organisations, places and services."""
    result = Rapprochement()
    structures_vers: dict[str, list[Record]] = {}
    for fiches in (guide.organisations, guide.places):
        found = [c for ligne in lecture.structures for c in candidats_structure(ligne, fiches, communes)]
        before = len(result.surs)
        departager(found, result)
        for c in result.surs[before:]:
            structures_vers.setdefault(c.ligne.id, []).append(c.fiche)
    found = [c for ligne in lecture.services for c in candidats_service(ligne, guide.services, structures_vers)]
    departager(found, result)
    vues = {(c.ligne.fichier, c.ligne.numero) for c in result.surs} | {(c.ligne.fichier, c.ligne.numero) for _, cs, _ in result.a_decider for c in cs}
    result.sans_correspondance = [ligne for ligne in [*lecture.structures, *lecture.services] if (ligne.fichier, ligne.numero) not in vues]
    return result


# ---------------------------------------------------------------- proposals


@dataclass
class Changement:
    champ: str
    actuel: Any
    propose: Any


@dataclass
class Proposition:
    """What one sure match would change in one record."""

    candidat: Candidat
    liste: str
    changements: list[Changement] = field(default_factory=list)


@dataclass
class Propositions:
    propositions: list[Proposition] = field(default_factory=list)
    non_proposees: list[tuple[Candidat, str, Any, Any, str]] = field(default_factory=list)  # (match, field, ours, theirs, why)
    rapprochement: Rapprochement = field(default_factory=Rapprochement)


def liste_de(record: Record) -> str:
    return record.collection


def partenaire(record: Record) -> str | None:
    """Who reviews the proposals of a record: its responsible partner, or the manager of a place (None when nobody is named)."""
    who = getattr(record, "owner", None) or getattr(record, "manager", None)
    return who.id if who else None


def valeur_proposee(champ: str, ligne: Ligne) -> tuple[Any, str | None]:
    """The row's value for one of our fields, written as the guide writes it; or (None, why it is refused)."""
    mapping = CHAMPS_IMPORTABLES["lieux"] if champ in CHAMPS_LIEU else {**CHAMPS_STRUCTURE, **CHAMPS_SERVICE}
    value = ligne.data.get(mapping[champ])
    if value is None or value == "":
        return None, None
    if champ == "telephone":
        formatted = format_telephone(str(value))
        return (formatted, None) if formatted else (None, f"le numéro « {value} » n'est pas un numéro français valide")
    if champ == "site_web":
        return (value, None) if str(value).startswith("https://") else (None, f"l'adresse « {value} » ne commence pas par https://")
    if champ == "courriel" and not is_bare_email(value):
        # data·inclusion accepts « accueil?bcc=…&body=…@exemple.fr » (RFC 5322): in a mailto: link, a hidden copy or a text.
        return None, f"le courriel « {value} » n'est pas une simple adresse (sans « ? », « & », « % » ni espace ; exemple : {EXAMPLE_EMAIL})"
    if champ == "horaires_accueil":
        if not is_valid_opening_hours(value):
            return None, f"les horaires « {value} » ne sont pas au format OpenStreetMap"
        found = hours.problem(value)
        return (value, None) if found is None else (None, found[0])
    if champ == "adresse":
        full = ", ".join(p for p in (value, ligne.complement_adresse) if p)
        return (full, None) if len(full) <= 120 else (None, "adresse de plus de 120 caractères")
    if champ in ("latitude", "longitude"):
        return round(float(value), 6), None
    return value, None


def format_telephone(text: str) -> str | None:
    """A French number as the guide writes it: « 01 99 00 10 01 », or a short number as is; None when invalid."""
    if not is_valid_french_phone(text):
        return None
    number = phonenumbers.parse(text, "FR")
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return re.sub(r"\D", "", text)


def meme_valeur(champ: str, ours: Any, theirs: Any) -> bool:
    """Equal for the reader: numbers by digits, e-mails without case, addresses without a final slash, coordinates to 6 decimals."""
    if champ == "telephone":
        return _chiffres(ours) == _chiffres(theirs)
    if champ == "courriel":
        return str(ours).strip().lower() == str(theirs).strip().lower()
    if champ == "site_web":
        return str(ours).rstrip("/") == str(theirs).rstrip("/")
    if champ in ("latitude", "longitude"):
        return abs(float(ours) - float(theirs)) < 1e-6
    return " ".join(str(ours).split()) == " ".join(str(theirs).split())


def _chiffres(phone: Any) -> str:
    try:
        number = phonenumbers.parse(str(phone), "FR")
        return str(number.national_number)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", str(phone))


def proposer(guide: Guide, lecture: Lecture, communes: list[str] | None) -> Propositions:
    """Every field a sure match would fill (or, on a certain match, replace)."""
    result = Propositions(rapprochement=rapprocher(guide, lecture, communes))
    for c in result.rapprochement.surs:
        liste = liste_de(c.fiche)
        proposition = Proposition(c, liste)
        for champ in CHAMPS_IMPORTABLES[liste]:
            theirs, why = valeur_proposee(champ, c.ligne)
            ours = c.fiche.french.get(champ)
            if why:
                result.non_proposees.append((c, champ, ours, c.ligne.data.get(champ), why))
                continue
            if theirs is None or (ours is not None and meme_valeur(champ, ours, theirs)):
                continue
            if ours is not None and c.confiance < 1:
                why = "le guide a déjà une valeur : elle n'est remplacée que sur une correspondance certaine (SIRET)"
                result.non_proposees.append((c, champ, ours, theirs, why))
                continue
            proposition.changements.append(Changement(champ, ours, theirs))
        if proposition.changements:
            result.propositions.append(proposition)
    return result


# ---------------------------------------------------------------- the proposals file


EN_TETE = """\
# Propositions tirées de data·inclusion pour le Guide des jeunes de Planoise.
# Rien n'est encore changé dans les données du guide.
#
# À relire avec le partenaire responsable de chaque fiche (« partenaire ») :
# - pour refuser une valeur, supprimez son bloc, de « - champ: » jusqu'au suivant ;
# - pour refuser toute une fiche, supprimez son bloc, de « - fiche: » jusqu'à la suivante ;
# - ne corrigez pas une valeur ici : corrigez-la dans data·inclusion ou, après l'import, dans la fiche.
# Puis : python -m guide importer --appliquer {sortie}
# Chaque valeur appliquée garde sa provenance (la ligne data·inclusion et sa date)
# et reste « à confirmer » jusqu'à ce que le partenaire la vérifie.
# Les sections « a_decider » et « non_proposees » ne sont jamais appliquées.
"""


def _y(value: Any) -> str:
    """One value in YAML on a single line, quoted only when needed."""
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_y(v) for v in value) + "]"
    if isinstance(value, dict):  # a block where a value was expected (a proposal edited by hand): shown, never dumped
        return json.dumps(value, ensure_ascii=False, default=str)
    if not isinstance(value, (str, int, float, bool)):
        value = str(value)
    plain = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix("...").strip()
    return json.dumps(value, ensure_ascii=False) if plain.startswith("'") else plain  # « "…" » reads better than « '…''…' »


def _date(ligne: Ligne) -> str:
    value = ligne.date_maj
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def ecrire_propositions(found: Propositions, lecture: Lecture, dossier: str, communes: list[str] | None, sortie: str) -> str:
    """The proposals file, for a partner to read: French keys, one block per record, the evidence and the row each value comes from."""
    out = [EN_TETE.format(sortie=sortie)]
    out.append(f"export: {_y(dossier)}")
    out.append(f"communes: {_y(communes) if communes else '[]  # toutes'}")
    out.append(
        f"# {lecture.lues} ligne(s) lue(s), {lecture.invalides} refusée(s) par le schéma data·inclusion, {lecture.hors_communes} hors des communes demandées."
    )
    out.append("")
    out.append("propositions:" if found.propositions else "propositions: []  # rien de nouveau")
    for p in found.propositions:
        c = p.candidat
        out += [
            f"  - fiche: {_y(c.fiche.id)}",
            f"    liste: {p.liste}",
            f"    nom: {_y(c.fiche.name)}",
            f"    partenaire: {_y(partenaire(c.fiche))}",
            "    correspondance:",
            f"      regle: {c.regle}",
            f"      preuve: {_y(c.preuve)}",
            f"      confiance: {c.confiance}",
            "    provenance:",
            f"      source: {_y(c.ligne.source)}",
            f"      fichier: {c.ligne.fichier}",
            f"      ligne: {_y(c.ligne.id)}",
            f"      nom: {_y(c.ligne.nom)}",
            f"      date_maj: {_y(_date(c.ligne))}",
            f"      lien_source: {_y(c.ligne.lien_source)}",
            "    champs:",
        ]
        for ch in p.changements:
            out += [f"      - champ: {ch.champ}", f"        actuel: {_y(ch.actuel)}", f"        propose: {_y(ch.propose)}"]
    out.append("")
    out.append("# Plusieurs correspondances possibles : une personne décide, rien n'est appliqué. Pour trancher, ajoutez")
    out.append("# à l'organisation le SIRET de la bonne structure (champ siret), ou complétez la fiche à la main, puis relancez l'import.")
    out.append("a_decider:" if found.rapprochement.a_decider else "a_decider: []")
    for record, candidats, why in found.rapprochement.a_decider:
        out += [f"  - fiche: {_y(record.id)}", f"    liste: {liste_de(record)}", f"    nom: {_y(record.name)}", f"    pourquoi: {_y(why)}", "    candidats:"]
        for c in candidats:
            out += [
                f"      - ligne: {_y(c.ligne.id)}",
                f"        nom: {_y(c.ligne.nom)}",
                f"        preuve: {_y(c.preuve)}",
                f"        confiance: {c.confiance}",
            ]
    out.append("")
    out.append("# Différences vues mais pas proposées : la valeur du guide est gardée.")
    out.append("non_proposees:" if found.non_proposees else "non_proposees: []")
    for c, champ, ours, theirs, why in found.non_proposees:
        out += [
            f"  - fiche: {_y(c.fiche.id)}",
            f"    champ: {champ}",
            f"    actuel: {_y(ours)}",
            f"    data_inclusion: {_y(theirs)}",
            f"    ligne: {_y(c.ligne.id)}",
            f"    pourquoi: {_y(why)}",
        ]
    out.append("")
    out.append("# Lignes gardées sans fiche correspondante dans le guide.")
    sans = found.rapprochement.sans_correspondance
    out.append("sans_correspondance:" if sans else "sans_correspondance: []")
    out += [f"  - {_y(f'{ligne.fichier}.json, ligne {ligne.numero} : {ligne.nom} ({ligne.id})')}" for ligne in sans]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- applying


@dataclass
class Application:
    """What applying a proposals file did, and what it refused."""

    ecrites: list[str] = field(default_factory=list)  # « organisations › mission-locale › telephone »
    refusees: list[str] = field(default_factory=list)  # French messages
    texte: str = ""


def _ruamel() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 100_000
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def document_id(ligne_id: str) -> str:
    """The id of the document that cites one data·inclusion row: `data-inclusion-` and the row id, as an identifier."""
    slug = normaliser_id(ligne_id)
    return f"data-inclusion-{slug}"[:60].rstrip("-")


def normaliser_id(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def appliquer(propositions_path: Path, data_text: str) -> Application:
    """The data file with the accepted proposals written in; every refusal explained in French."""
    result = Application(texte=data_text)
    loaded = load_yaml(propositions_path, mapping="propositions:\n  - fiche: mission-locale")
    if loaded.problems:
        result.refusees += [p.format() for p in loaded.problems]
        return result
    shown = str(propositions_path)
    fichier = loaded.data if isinstance(loaded.data, dict) else {}
    entries = fichier.get("propositions") or []
    if not isinstance(entries, list):
        result.refusees.append(f"{shown} : « propositions » doit être une liste (- fiche: …)")
        return result
    y = _ruamel()
    data = y.load(data_text)
    documents = data["documents"]
    for index, entry in enumerate(entries):
        line = entry.start[0] if hasattr(entry, "start") else 0
        where = f"{shown}:{line}"
        if not isinstance(entry, dict):
            result.refusees.append(f"{where} : proposition n°{index + 1} : un bloc « - fiche: … » était attendu")
            continue
        liste, rid = entry.get("liste"), entry.get("fiche")
        if not isinstance(liste, str) or not isinstance(rid, str):
            result.refusees.append(
                f"{where} : proposition n°{index + 1} : « fiche » et « liste » sont des textes (attendu : fiche: mission-locale, liste: organisations)"
            )
            continue
        records = data.get(liste) if liste in CHAMPS_IMPORTABLES else None
        record = next((r for r in records or [] if r.get("id") == rid), None)
        if record is None:
            result.refusees.append(f"{where} : {rid} : aucune fiche « {rid} » dans la liste « {liste} » (attendu : liste organisations, lieux ou services)")
            continue
        prov = entry.get("provenance") or {}
        if not isinstance(prov, dict):
            result.refusees.append(f"{where} : {rid} : « provenance » est un bloc source, fichier, ligne, date_maj (ne modifiez pas ce bloc)")
            continue
        missing = [k for k in ("source", "fichier", "ligne", "date_maj") if not _scalar(prov.get(k))]
        if missing:
            result.refusees.append(f"{where} : {rid} : provenance incomplète, il manque : {', '.join(missing)} (ne modifiez pas ce bloc)")
            continue
        changes = entry.get("champs") or []
        if not isinstance(changes, list):
            result.refusees.append(f"{where} : {rid} : « champs » doit être une liste (- champ: …)")
            continue
        accepted = []
        for change in changes:
            champ = change.get("champ") if isinstance(change, dict) else None
            cline = change.start[0] if hasattr(change, "start") else line
            if not isinstance(champ, str) or champ not in CHAMPS_IMPORTABLES[liste]:
                result.refusees.append(
                    f"{shown}:{cline} : {rid} › {champ} : champ non importable dans « {liste} » (attendu : {', '.join(CHAMPS_IMPORTABLES[liste])})"
                )
                continue
            current = record.get(champ)
            if not _egal(current, change.get("actuel")):
                result.refusees.append(
                    f"{shown}:{cline} : {rid} › {champ} : la fiche a changé depuis les propositions "
                    f"(valeur actuelle {_y(_plain(current))}, proposition faite sur {_y(change.get('actuel'))}) ; relancez l'import"
                )
                continue
            if not _scalar(change.get("propose")):
                result.refusees.append(
                    f'{shown}:{cline} : {rid} › {champ} : la valeur proposée doit être un texte ou un nombre fini (attendu : propose: "03 81 00 00 00")'
                )
                continue
            accepted.append((champ, change.get("propose")))
        if not accepted:
            continue
        doc_id = _document(documents, prov)
        for champ, value in accepted:
            _set(record, liste, champ, value)
            _provenance(record, liste, champ, doc_id, str(prov["date_maj"]))
            _a_confirmer(record, liste, champ)
            result.ecrites.append(f"{liste} › {rid} › {champ}")
    buffer = io.StringIO()
    y.dump(data, buffer)
    result.texte = buffer.getvalue()
    return result


def _scalar(value: Any) -> bool:
    """A value a proposal may carry: a non-empty text or a finite number (a block, a list, true/false or .nan would break the data file)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return math.isfinite(value)
    return isinstance(value, str) and bool(value.strip())


def _plain(value: Any) -> Any:
    """A ruamel value as a plain Python one (its own float and string types cannot be written by PyYAML)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value) if isinstance(value, float) else int(value)
    return str(value)


def _egal(current: Any, expected: Any) -> bool:
    if current is None or expected is None:
        return current is None and expected is None
    if isinstance(current, (int, float)) and not isinstance(current, bool):
        try:
            return abs(float(current) - float(expected)) < 1e-9
        except (TypeError, ValueError):
            return False
    return str(current) == str(expected)


def _ordre(liste: str) -> list[str]:
    """The fields of a record of this list, in the schema's order (where a new key goes)."""
    schema = Schema.load(SCHEMA_FILE)
    return list(schema.resolve(schema.document["properties"][liste]["items"])["properties"])


def _inserer(record: CommentedMap, liste: str, champ: str, value: Any) -> None:
    """Add a key where the schema puts it: after the last key of the record that comes before it in the schema."""
    order = _ordre(liste)
    before = set(order[: order.index(champ)]) if champ in order else set(order)
    keys = list(record)
    after = [i for i, k in enumerate(keys) if k in before]
    position = after[-1] + 1 if after else len(keys)
    record.insert(position, champ, value)
    if position == len(keys) and keys[-1] in record.ca.items:
        record.ca.items[champ] = record.ca.items.pop(keys[-1])  # the blank line after the record follows its new last key


def _set(record: CommentedMap, liste: str, champ: str, value: Any) -> None:
    value = DoubleQuotedScalarString(value) if isinstance(value, str) and not _plain_ok(value) else value
    if champ in record:
        record[champ] = value
    else:
        _inserer(record, liste, champ, value)


def _plain_ok(text: str) -> bool:
    """True when a string reads back as the same string written plain in YAML."""
    try:
        return yaml.safe_load(text) == text and ": " not in text and " #" not in text
    except yaml.YAMLError:
        return False


def _flow(mapping: dict) -> CommentedMap:
    found = CommentedMap(mapping)
    found.fa.set_flow_style()
    return found


def _document(documents: CommentedSeq, prov: dict) -> str:
    """The id of the document citing this row, added at the end of `documents` when new."""
    doc_id = document_id(str(prov["ligne"]))
    if any(d.get("id") == doc_id for d in documents):
        return doc_id
    title = f"data·inclusion : {prov.get('nom') or prov['ligne']} ({prov['source']})"
    document = CommentedMap()
    document["id"] = doc_id
    document["titre"] = DoubleQuotedScalarString(title[:117] + "…" if len(title) > 120 else title)
    document["date"] = DoubleQuotedScalarString(str(prov["date_maj"]))
    lien = prov.get("lien_source")
    if isinstance(lien, str) and lien.startswith("https://"):
        document["url"] = lien
    document["data_inclusion"] = _flow({"source": str(prov["source"]), "id": DoubleQuotedScalarString(str(prov["ligne"])), "fichier": str(prov["fichier"])})
    previous = documents[-1] if len(documents) else None
    documents.append(document)
    if isinstance(previous, CommentedMap) and len(previous):
        last = list(previous)[-1]
        if last in previous.ca.items:  # the blank line and comments after the list follow its new last document
            document.ca.items["data_inclusion"] = previous.ca.items.pop(last)
    return doc_id


def _provenance(record: CommentedMap, liste: str, champ: str, doc_id: str, date: str) -> None:
    if "provenance" not in record:
        _inserer(record, liste, "provenance", CommentedMap())
    record["provenance"][champ] = _flow({"document": doc_id, "date": DoubleQuotedScalarString(date)})


def _a_confirmer(record: CommentedMap, liste: str, champ: str) -> None:
    if "a_confirmer" not in record:
        seq = CommentedSeq([champ])
        seq.fa.set_flow_style()
        _inserer(record, liste, "a_confirmer", seq)
    elif champ not in record["a_confirmer"]:
        record["a_confirmer"].append(champ)
