"""Import data·inclusion, lecture : les deux fichiers de l'export, filtrés par commune, chaque ligne validée par le paquet officiel."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data_inclusion.schema import v1
from pydantic import ValidationError

FICHIERS = {"structures": v1.Structure, "services": v1.Service}


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
