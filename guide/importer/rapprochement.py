"""Import data·inclusion, rapprochement : quelle ligne de l'export est quelle fiche du guide, et par quelle règle (voir guide/importer/__init__.py)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from guide.donnees.model import Guide, Organisation, Place, Record, Service
from guide.importer.lecture import Lecture, Ligne
from guide.sorties.opendata import RESEAUX_PORTEURS, SOURCE, di_id

SEUIL_NOM = 0.85  # ressemblance minimale de deux noms normalisés (difflib, de 0 à 1)
CONFIANCE = {"siret": 1.0, "identifiant": 1.0, "reseau-commune": 0.8, "structure-et-nom": 0.8}

# Mots sans poids dans un nom (normalisé sans accents).
MOTS_OUTILS = frozenset("a au aux d de des du en et l la le les pour sur".split())


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
    return [record.nom, *([record.sigle] if getattr(record, "sigle", None) else []), *record.alias]


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
    if isinstance(record, Place) and record.gestionnaire:
        return RESEAUX_PORTEURS.get(record.gestionnaire.id)
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
    score, found = ressemblance(nom, record.nom), record.nom
    if score >= SEUIL_NOM:
        return score, found, 0.75
    others = noms(record)[1:]
    score, found = max([(ressemblance(nom, n), n) for n in others] or [(score, found)])
    return score, found, 0.7


def _meme_commune(record: Record, ligne: Ligne) -> bool:
    """False only when a place names a town and the row another."""
    town = getattr(record, "commune", None)
    return not (town and ligne.commune and normaliser(town) != normaliser(ligne.commune))


def candidats_service(ligne: Ligne, services: Iterable[Service], structures: dict[str, list[Record]]) -> list[Candidat]:
    """The services of the guide this service row may be: by our id, else by its structure's match and a close name."""
    services = list(services)
    found = [Candidat(ligne, s, "identifiant", f"ligne de l'export du guide ({ligne.id})", 1.0) for s in services if ligne.id == di_id(s.id)]
    if found or ligne.source == SOURCE:
        return found
    porteurs = {r.id for r in structures.get(ligne.structure_id, [])}
    for s in services:
        if not porteurs & {*(o.id for o in s.organisations), *(p.id for p in s.lieux)}:
            continue
        score, nom, poids = meilleur_nom(ligne.nom, s)
        if score >= SEUIL_NOM:
            porteur = sorted(porteurs & {*(o.id for o in s.organisations), *(p.id for p in s.lieux)})[0]
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
    for fiches in (guide.organisations, guide.lieux):
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
