"""Import data·inclusion, propositions : les valeurs qu'une correspondance sûre remplirait, et le fichier à relire qui les donne."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from guide.appliquer import CHAMPS_IMPORTABLES
from guide.donnees import hours
from guide.donnees.checks import is_valid_french_phone, is_valid_opening_hours
from guide.donnees.markup import EXAMPLE_EMAIL, is_bare_email
from guide.donnees.model import Guide, Record
from guide.edition_yaml import montrer as _y
from guide.importer.lecture import Lecture, Ligne
from guide.importer.rapprochement import Candidat, Rapprochement, rapprocher
from guide.sorties.opendata import CHAMPS_LIEU, CHAMPS_SERVICE, CHAMPS_STRUCTURE


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
    who = getattr(record, "owner", None) or getattr(record, "gestionnaire", None)
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
# Puis : python -m guide appliquer {sortie}
# Chaque valeur appliquée garde sa provenance (la ligne data·inclusion et sa date)
# et reste « à confirmer » jusqu'à ce que le partenaire la vérifie.
# Les sections « a_decider » et « non_proposees » ne sont jamais appliquées.
"""


def _date(ligne: Ligne) -> str:
    value = ligne.date_maj
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def ecrire_propositions(found: Propositions, lecture: Lecture, dossier: str, communes: list[str] | None, sortie: str) -> str:
    """The proposals file, for a partner to read: French keys, one block per record, the evidence and the row each value comes from."""
    out = [EN_TETE.format(sortie=sortie)]
    out.append("origine: data-inclusion")
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
            f"    nom: {_y(c.fiche.nom)}",
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
        out += [f"  - fiche: {_y(record.id)}", f"    liste: {liste_de(record)}", f"    nom: {_y(record.nom)}", f"    pourquoi: {_y(why)}", "    candidats:"]
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
