"""Appliquer un fichier de propositions à data/schemes.yaml : une seule façon de faire, quelle que soit la source.

Deux sources écrivent des propositions (format décrit dans CONTRIBUTING.md, schéma data/propositions.schema.json) :

- le formulaire du site (`origine: formulaire`) : un partenaire confirme une fiche (`verification: true`), corrige
  des champs (`champs`), ou propose une fiche nouvelle (`nouvelle: true`, `valeurs`) ; `provenance` dit quelle
  organisation confirme, comment et quand ;
- l'import data·inclusion (`origine: data-inclusion`, ou un fichier de `python -m guide importer` sans `origine`) :
  `provenance` nomme la ligne de l'export, et chaque valeur reste « à confirmer ».

Règles : le fichier de propositions doit suivre son schéma ; une valeur `actuel` différente de celle des données
(la fiche a changé depuis) est refusée ; un champ corrigé garde sa provenance (`provenance.<champ>`) ; il est
« à confirmer » sauf quand l'organisation qui confirme est celle de la fiche (son partenaire `owner`, une de ses
`organisations`, le gestionnaire d'un lieu, ou l'organisation elle-même). Une seule proposition refusée, et rien
n'est écrit : la commande (guide/__main__.py) vérifie ensuite le résultat avec `guide check` avant de l'écrire.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from guide import edition_yaml as ed
from guide.donnees.loader import load_yaml
from guide.donnees.paths import ROOT
from guide.donnees.schema import RECORD_LISTS, Schema
from guide.donnees.source_checks import proprietaires
from guide.sorties.opendata import CHAMPS_LIEU, CHAMPS_SERVICE, CHAMPS_STRUCTURE

PROPOSITIONS_SCHEMA = ROOT / "data" / "propositions.schema.json"

# The fields an import may fill, per list (data·inclusion's mapping, guide/sorties/opendata.py).
CHAMPS_IMPORTABLES = {"organisations": CHAMPS_STRUCTURE, "lieux": CHAMPS_LIEU, "services": CHAMPS_SERVICE}

# Fields a proposal never writes directly: the applier writes them itself (provenance, a_confirmer, verification) or they are the record's id.
CHAMPS_GERES = frozenset({"id", "provenance", "a_confirmer", "verification"})

EXEMPLE_PARTENAIRE = "provenance: {organisation: mission-locale, moyen: appel, date: 2026-12-07}"


@dataclass
class Application:
    """What applying a proposals file did, and what it refused."""

    ecrites: list[str] = field(default_factory=list)  # « organisations › mission-locale › telephone »
    refusees: list[str] = field(default_factory=list)  # French messages
    texte: str = ""
    a_confirmer: list[str] = field(default_factory=list)  # the written values left « à confirmer »


def appliquer(propositions_path: Path, data_text: str) -> Application:
    """The data file with every proposal written in, or the data unchanged and every refusal explained in French.

    Nothing is applied when one proposal is refused: the result is all or nothing.
    """
    result = Application(texte=data_text)
    shown = str(propositions_path)
    loaded = load_yaml(propositions_path, mapping="propositions:\n  - fiche: mission-locale")
    if loaded.problems:
        result.refusees += [p.format() for p in loaded.problems]
        return result
    schema = Schema.load(PROPOSITIONS_SCHEMA)
    problems = schema.problems(loaded.data, shown)
    if problems:
        entries = loaded.data.get("propositions") if isinstance(loaded.data, dict) else None
        result.refusees += [_nommer(p, entries).format() for p in problems]
        return result
    data = ed.ruamel().load(data_text)
    nouvelles: dict[str, list[CommentedMap]] = {}
    for entry in loaded.data.get("propositions") or []:
        where = f"{shown}:{_ligne(entry)}"
        if "organisation" in entry["provenance"]:
            _partenaire(entry, data, where, result, nouvelles)
        else:
            _data_inclusion(entry, data, where, result)
    if result.refusees:
        result.ecrites, result.a_confirmer = [], []
        return result
    result.texte = ed.inserer_fiches(ed.dump(data), nouvelles)
    return result


# ---------------------------------------------------------------- partners (the site's form)


def _partenaire(entry: dict, data: CommentedMap, where: str, result: Application, nouvelles: dict[str, list[CommentedMap]]) -> None:
    """A confirmation, corrections or a new record from a partner organisation."""
    rid, liste, prov = entry["fiche"], entry["liste"], entry["provenance"]
    organisations = {str(o.get("id")) for o in data.get("organisations") or []}
    qui = prov["organisation"]
    if qui not in organisations:
        result.refusees.append(
            f"{where} : {rid} › provenance.organisation : aucune organisation « {qui} » dans la liste « organisations » "
            f"(attendu : l'identifiant de l'organisation qui confirme ; exemple : {EXEMPLE_PARTENAIRE})"
        )
        return
    source = _source_partenaire(prov)
    records = data.get(liste) or []
    record = next((r for r in records if r.get("id") == rid), None)
    if entry.get("nouvelle"):
        _nouvelle(entry, data, record, source, where, result, nouvelles)
        return
    if record is None:
        result.refusees.append(
            f"{where} : {rid} : aucune fiche « {rid} » dans la liste « {liste} » "
            "(attendu : l'identifiant d'une fiche existante, ou « nouvelle: true » avec ses « valeurs » pour en proposer une)"
        )
        return
    if not entry.get("champs") and not entry.get("verification"):
        result.refusees.append(
            f"{where} : {rid} : la proposition ne change rien (attendu : des « champs » corrigés, ou « verification: true » pour confirmer la fiche)"
        )
        return
    allowed = set(ed.ordre(liste)) - CHAMPS_GERES
    accepted = []
    for change in entry.get("champs") or []:
        champ, cwhere = change["champ"], f"{where.rsplit(':', 1)[0]}:{_ligne(change)}"
        if champ not in allowed:
            result.refusees.append(
                f"{cwhere} : {rid} › {champ} : ce champ ne se corrige pas par une proposition dans « {liste} » "
                f"(attendu : un des champs : {', '.join(sorted(allowed))} ; exemple : champ: resume)"
            )
            continue
        if not _meme(record.get(champ), change, cwhere, rid, champ, result):
            continue
        accepted.append((champ, change.get("propose")))
    if result.refusees:
        return
    own = qui in proprietaires(record, liste)
    for champ, value in accepted:
        if value is None:
            ed.retirer(record, champ)
            _retirer_provenance(record, champ)
            _confirme(record, champ)
            result.ecrites.append(f"{liste} › {rid} › {champ} (retiré)")
            continue
        ed.ecrire(record, liste, champ, value)
        _provenance(record, liste, champ, source)
        if own:
            _confirme(record, champ)
        else:
            _a_confirmer(record, liste, champ)
            result.a_confirmer.append(f"{liste} › {rid} › {champ}")
        result.ecrites.append(f"{liste} › {rid} › {champ}")
    if entry.get("verification"):
        verification = {"date": DoubleQuotedScalarString(str(prov["date"])), "par": qui, "moyen": prov["moyen"]}
        if prov.get("note"):
            verification["note"] = ed.texte(str(prov["note"]))
        ed.ecrire(record, liste, "verification", ed.flow(verification))
        result.ecrites.append(f"{liste} › {rid} › verification")


def _nouvelle(
    entry: dict, data: CommentedMap, record: Any, source: CommentedMap, where: str, result: Application, nouvelles: dict[str, list[CommentedMap]]
) -> None:
    rid, liste = entry["fiche"], entry["liste"]
    if record is not None or any(n["id"] == rid for n in nouvelles.get(liste, [])):
        result.refusees.append(f"{where} : {rid} : la liste « {liste} » a déjà une fiche « {rid} » (attendu : un identifiant nouveau ; exemple : {rid}-2)")
        return
    values = dict(entry.get("valeurs") or {})
    if not values:
        result.refusees.append(f"{where} : {rid} › valeurs : une fiche nouvelle donne ses champs (attendu : valeurs: {{nom: …, resume: …}})")
        return
    reserved = sorted(set(values) & {"id", "provenance", "a_confirmer"})
    if reserved:
        result.refusees.append(f"{where} : {rid} › valeurs.{reserved[0]} : ce champ est écrit par la commande (attendu : les autres champs de la fiche)")
        return
    values.setdefault("source", source)  # the partner's word is the source: no invented document nor article
    _dater_les_documents(values, data)
    if entry.get("verification"):
        values.setdefault("verification", {k: v for k, v in source.items()} | {"par": source["organisation"]})
        values["verification"].pop("organisation", None)
    nouvelles.setdefault(liste, []).append(ed.nouvelle_fiche(liste, rid, values))
    result.ecrites.append(f"{liste} › {rid} (nouvelle fiche)")


def _dater_les_documents(values: dict, data: CommentedMap) -> None:
    """A source chosen in the form that cites a dated document (the pact, 2023-01-31) gets that date, as `guide check` wants:
    the partner picks the document, the date comes from the documents list, never typed nor guessed."""
    dates = {d.get("id"): d.get("date") for d in data.get("documents") or [] if isinstance(d, dict)}
    cited = [values.get("source")] + list(values.get("autres_sources") or [])
    for src in cited:
        if isinstance(src, dict) and dates.get(src.get("document")) and "date" not in src:
            src["date"] = DoubleQuotedScalarString(str(dates[src["document"]]))


def _source_partenaire(prov: dict) -> CommentedMap:
    return ed.flow({"organisation": prov["organisation"], "moyen": prov["moyen"], "date": DoubleQuotedScalarString(str(prov["date"]))})


def _confirme(record: CommentedMap, champ: str) -> None:
    """The record's own organisation confirmed the value: it is no longer « à confirmer »."""
    names = record.get("a_confirmer")
    if isinstance(names, list) and champ in names:
        names.remove(champ)
        if not names:
            ed.retirer(record, "a_confirmer")


def _retirer_provenance(record: CommentedMap, champ: str) -> None:
    provenance = record.get("provenance")
    if isinstance(provenance, dict) and champ in provenance:
        del provenance[champ]
        if not provenance:
            ed.retirer(record, "provenance")


# ---------------------------------------------------------------- data·inclusion (the importer's proposals)


def _data_inclusion(entry: dict, data: CommentedMap, where: str, result: Application) -> None:
    rid, liste, prov = entry["fiche"], entry["liste"], entry["provenance"]
    records = data.get(liste) if liste in CHAMPS_IMPORTABLES else None
    record = next((r for r in records or [] if r.get("id") == rid), None)
    if record is None:
        result.refusees.append(f"{where} : {rid} : aucune fiche « {rid} » dans la liste « {liste} » (attendu : liste organisations, lieux ou services)")
        return
    accepted = []
    for change in entry.get("champs") or []:
        champ, cwhere = change["champ"], f"{where.rsplit(':', 1)[0]}:{_ligne(change)}"
        if champ not in CHAMPS_IMPORTABLES[liste]:
            result.refusees.append(f"{cwhere} : {rid} › {champ} : champ non importable dans « {liste} » (attendu : {', '.join(CHAMPS_IMPORTABLES[liste])})")
            continue
        if not _meme(record.get(champ), change, cwhere, rid, champ, result, "relancez l'import"):
            continue
        if not _scalar(change.get("propose")):
            result.refusees.append(
                f'{cwhere} : {rid} › {champ} : la valeur proposée doit être un texte ou un nombre fini (attendu : propose: "03 81 00 00 00")'
            )
            continue
        accepted.append((champ, change.get("propose")))
    if not accepted or result.refusees:
        return
    doc_id = _document(data["documents"], prov)
    for champ, value in accepted:
        ed.ecrire(record, liste, champ, value)
        _provenance(record, liste, champ, ed.flow({"document": doc_id, "date": DoubleQuotedScalarString(str(prov["date_maj"]))}))
        _a_confirmer(record, liste, champ)
        result.ecrites.append(f"{liste} › {rid} › {champ}")
        result.a_confirmer.append(f"{liste} › {rid} › {champ}")


def document_id(ligne_id: str) -> str:
    """The id of the document that cites one data·inclusion row: `data-inclusion-` and the row id, as an identifier."""
    slug = normaliser_id(ligne_id)
    return f"data-inclusion-{slug}"[:60].rstrip("-")


def normaliser_id(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


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
    document["data_inclusion"] = ed.flow({"source": str(prov["source"]), "id": DoubleQuotedScalarString(str(prov["ligne"])), "fichier": str(prov["fichier"])})
    previous = documents[-1] if len(documents) else None
    documents.append(document)
    if isinstance(previous, CommentedMap) and len(previous):
        last = list(previous)[-1]
        if last in previous.ca.items:  # the blank line and comments after the list follow its new last document
            document.ca.items["data_inclusion"] = previous.ca.items.pop(last)
    return doc_id


# ---------------------------------------------------------------- shared


def _meme(current: Any, change: dict, where: str, rid: str, champ: str, result: Application, then: str = "refaites la proposition") -> bool:
    """True when the data still holds the value the proposal was made on; else a French refusal."""
    if ed.egal(ed.plain(current), change.get("actuel")):
        return True
    result.refusees.append(
        f"{where} : {rid} › {champ} : la fiche a changé depuis les propositions "
        f"(valeur actuelle {ed.montrer(ed.plain(current))}, proposition faite sur {ed.montrer(change.get('actuel'))}) ; {then}"
    )
    return False


def _provenance(record: CommentedMap, liste: str, champ: str, source: CommentedMap) -> None:
    if "provenance" not in record:
        ed.inserer(record, liste, "provenance", CommentedMap())
    record["provenance"][champ] = source


def _a_confirmer(record: CommentedMap, liste: str, champ: str) -> None:
    if "a_confirmer" not in record:
        seq = CommentedSeq([champ])
        seq.fa.set_flow_style()
        ed.inserer(record, liste, "a_confirmer", seq)
    elif champ not in record["a_confirmer"]:
        record["a_confirmer"].append(champ)


def _scalar(value: Any) -> bool:
    """A value an import may carry: a non-empty text or a finite number (a block, a list, true/false or .nan would break the data file)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return math.isfinite(value)
    return isinstance(value, str) and bool(value.strip())


def _ligne(node: Any) -> int:
    return node.start[0] if hasattr(node, "start") else 0


def _nommer(problem, entries: Any):
    """A schema problem inside `propositions[n]` names the fiche of that proposal (« contrat-engagement-jeune › champs[1].propose »)."""
    from dataclasses import replace

    found = re.match(r"propositions\[(\d+)\]\.?(.*)", problem.field or "")
    if not found or not isinstance(entries, list):
        return problem
    index = int(found.group(1)) - 1
    entry = entries[index] if index < len(entries) else None
    rid = entry.get("fiche") if isinstance(entry, dict) and isinstance(entry.get("fiche"), str) else f"proposition n°{index + 1}"
    return replace(problem, record_id=rid, field=found.group(2))


__all__ = ["CHAMPS_IMPORTABLES", "PROPOSITIONS_SCHEMA", "RECORD_LISTS", "Application", "appliquer", "document_id"]
