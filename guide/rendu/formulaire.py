"""Le formulaire des partenaires (« Confirmer ou corriger cette fiche ») décrit depuis le schéma, à la construction.

Une seule page du site (`partenaires/formulaire/`, en français) sert toutes les fiches : le navigateur la remplit pour
la fiche demandée (`?liste=services&fiche=contrat-engagement-jeune`) avec les données publiées (`donnees/guide.json`).
Ce module dit au script de la page (docs/assets/formulaire.js) ce qu'il doit savoir, tiré de data/schemes.schema.json
seul : les champs de chaque sorte de fiche (libellé `title`, aide `description`, exemple, obligatoire, listes fermées
`oneOf`/`const`/`title`, renvois `x-reference`, tailles, formes), et les phrases de `guide check` pour chaque règle.

Les phrases ne sont pas recopiées : `message_templates` les fait écrire par guide/donnees/schema.py lui-même, sur de petits
exemples, puis remplace les valeurs de l'exemple par des repères ({n}, {limite}, {valeur}, {champ}). Une phrase de
`guide check` qui change change donc aussi dans le navigateur ; si une valeur ne s'y retrouve pas une seule fois, la
construction s'arrête (`TemplateError`) plutôt que d'afficher une phrase fausse.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from guide.donnees import hours
from guide.donnees.schema import RECORD_LISTS, Schema, _example, _expected

# The form page, in the default language only (partners work in French).
FORM_PAGE = "partenaires/formulaire.md"

# Fields the form does not show as fields: the verification is the form's own block (who, how, when), and the id of an
# existing record never changes (it is the page's address).
OWN_BLOCK = ("verification",)

# The closed list of how a partner confirmed: the proposal's `provenance.moyen` (schema: moyen_verification).
MEANS = "moyen_verification"


class TemplateError(ValueError):
    """A sentence of guide/donnees/schema.py no longer has the expected shape: the form would show a wrong one."""


# ---------------------------------------------------------------- fields


def form_description(schema: Schema) -> dict[str, Any]:
    """What docs/assets/formulaire.js needs: each list's fields, the means of confirmation, the checks' sentences."""
    lists = {}
    for name in RECORD_LISTS:
        definition = schema.document["$defs"][schema.document["properties"][name]["items"]["$ref"].rsplit("/", 1)[-1]]
        fields, left_out = [], []
        for key, prop in definition.get("properties", {}).items():
            if key in OWN_BLOCK:
                continue
            described = describe_field(schema, key, prop, key in definition.get("required", []))
            (fields if described else left_out).append(described or key)
        title = schema.document["properties"][name].get("title", name)
        lists[name] = {"titre": definition.get("title", name), "liste_titre": title, "champs": fields, "hors_formulaire": left_out}
    means = [{"valeur": t.slug, "libelle": t.label, "aide": t.description} for t in schema.taxonomy(MEANS)]
    # The proposal's « who, how, when » block is the schema's verification (par, moyen, date, note).
    verification = describe_field(schema, "verification", {"$ref": "#/$defs/verification"}, False) or {"champs": []}
    own = {part["nom"]: part for part in verification["champs"]}
    return {"listes": lists, "moyens": means, "verification": own, "messages": message_templates(), "horaires": hours_help()}


def describe_field(schema: Schema, name: str, prop: dict, required: bool, depth: int = 0) -> dict | None:
    """One field as the form shows and checks it, or None when the form cannot edit it (a list of blocks, a block of blocks)."""
    full = schema.resolve(prop)
    kind = full.get("type")
    field: dict[str, Any] = {
        "nom": name,
        "titre": full.get("title", name),
        "aide": full.get("description", ""),
        "requis": required,
        # What « le champ obligatoire … manque » says after it (guide/donnees/schema.py: _expected, _example of the property).
        "requis_attendu": _expected(full),
        "requis_exemple": _example(full),
    }
    if "examples" in full:
        field["exemple_saisie"] = _shown_example(full["examples"][0])
    if name == "horaires_accueil":
        field["horaires"] = True
    if _closed(full):
        field.update(sorte="choix", choix=_choices(full))
    elif full.get("x-reference") and kind != "array":
        field.update(sorte="renvoi", liste=full["x-reference"], regles=_rules(schema, prop, "string"))
    elif kind == "array":
        item_prop = full.get("items", {})
        item = schema.resolve(item_prop)
        field.update(regles=_rules(schema, prop, "array"))
        if _closed(item):
            field.update(sorte="choix_multiples", choix=_choices(item))
        elif full.get("x-reference") or item.get("x-reference"):
            field.update(sorte="renvois", liste=full.get("x-reference") or item["x-reference"])
        elif item.get("type") in ("string", "integer", "number"):
            field.update(sorte="lignes", element=_rules(schema, item_prop, item["type"]), element_type=item["type"])
        else:
            return None
    elif kind == "object":
        if depth or "properties" not in full:
            return None
        inner = [describe_field(schema, key, sub, key in full.get("required", []), depth + 1) for key, sub in full["properties"].items()]
        if any(part is None for part in inner):
            return None
        field.update(sorte="bloc", champs=inner)
    elif kind in ("string", "integer", "number", "boolean"):
        field.update(sorte={"string": "texte", "integer": "entier", "number": "nombre", "boolean": "oui_non"}[kind], regles=_rules(schema, prop, kind))
        if kind == "string" and full.get("maxLength", 0) > 200 and "pattern" not in full:
            field["long"] = True
    else:
        return None
    return field


def _closed(spec: dict) -> bool:
    return bool(spec.get("oneOf")) and all("const" in choice for choice in spec["oneOf"])


def _choices(spec: dict) -> list[dict[str, str]]:
    return [{"valeur": c["const"], "libelle": c.get("title", c["const"]), "aide": c.get("description", "")} for c in spec["oneOf"]]


def _shown_example(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value).lower() if isinstance(value, bool) else str(value)


def _rules(schema: Schema, prop: dict, kind: str) -> dict[str, Any]:
    """The keywords the browser checks, each with what `guide check` says after its message (attendu, exemple).

    guide/donnees/schema.py takes the example from the schema that holds the failing keyword (a shared definition reached by
    `$ref` has its own examples) and the expected form of a pattern from that schema's description: the same here.
    """
    rules: dict[str, Any] = {"type": kind}
    for keyword in ("minLength", "maxLength", "pattern", "format", "minimum", "maximum", "minItems", "maxItems", "uniqueItems"):
        home = _home(schema, prop, keyword)
        if home is None:
            continue
        value = home[keyword]
        rule: dict[str, Any] = {"valeur": value, "exemple": _example(home)}
        if keyword == "pattern":
            rule["attendu"] = home.get("description") or f"un texte de la forme {value}"
        rules[keyword] = rule
    type_home = _home(schema, prop, "type")
    if type_home is not None:
        rules["type_exemple"] = _example(type_home)
    return rules


def _home(schema: Schema, prop: dict, keyword: str) -> dict | None:
    """The schema that holds `keyword` for this property (following `$ref`s), resolved as guide/donnees/schema.py resolves it."""
    current = prop
    while keyword not in current:
        ref = current.get("$ref", "")
        if not ref.startswith("#/"):
            return None
        target = schema.document
        for part in ref[2:].split("/"):
            target = target[part]
        current = target
    return schema.resolve(current)


# ---------------------------------------------------------------- sentences


def message_templates() -> dict[str, Any]:
    """The sentences of guide/donnees/schema.py for each rule the browser checks, with {n}, {limite}, {valeur}, {champ} in place of values.

    Each is written by guide/donnees/schema.py on a small example, then the example's values are replaced by markers.
    """
    found: dict[str, Any] = {}

    def sentence(keyword: str, rule: dict, value: Any, markers: dict[str, str]) -> None:
        message, expected = _run({"type": "object", "properties": {"c": rule}}, {"c": value})
        message, expected = _marked([message, expected or ""], markers, keyword)
        found[keyword] = {"message": message, "attendu": expected or None}

    sentence("minLength", {"type": "string", "minLength": 37}, "abcde", {"5": "{n}", "37": "{limite}"})
    sentence("maxLength", {"type": "string", "maxLength": 3}, "x" * 41, {"41": "{n}", "3": "{limite}"})
    sentence("minimum", {"type": "integer", "minimum": 37}, 5, {"« 5 »": "{valeur}", "37": "{limite}"})
    sentence("maximum", {"type": "integer", "maximum": 37}, 85, {"« 85 »": "{valeur}", "37": "{limite}"})
    sentence("maxItems", {"type": "array", "maxItems": 3}, list(range(41)), {"41": "{n}", "3": "{limite}"})
    sentence("uniqueItems", {"type": "array", "uniqueItems": True}, [1, 1], {})
    sentence("pattern", {"type": "string", "pattern": "^a$"}, "zqxw", {"« zqxw »": "{valeur}"})
    found["pattern"]["attendu"] = None  # the field's own: its description, or its pattern (_rules)
    sentence("type_integer", {"type": "integer"}, "zqxw", {"« zqxw »": "{valeur}"})
    sentence("type_number", {"type": "number"}, "zqxw", {"« zqxw »": "{valeur}"})
    sentence("minItems_vide", {"type": "array", "minItems": 37}, [], {"37": "{limite}"})
    sentence("minItems", {"type": "array", "minItems": 37}, [1], {"37": "{limite}"})
    for kind in ("date", "email"):
        sentence(f"format_{kind}", {"type": "string", "format": kind}, "zqxw", {"« zqxw »": "{valeur}"})
    message, expected = _run({"type": "object", "required": ["zqxw"], "properties": {"zqxw": {}}}, {})
    found["required"] = {"message": _marked([message], {"zqxw": "{champ}"}, "required")[0], "attendu": None}
    found["valeur_montree"] = {"longueur": _shown_length()}
    return found


def _run(document: dict, data: Any) -> tuple[str, str | None]:
    """The message and expected form guide/donnees/schema.py gives for the one error of `data` under `document`."""
    problems = Schema(Path("formulaire"), document).problems(data, "formulaire")
    if len(problems) != 1:
        raise TemplateError(f"formulaire : {len(problems)} erreur(s) au lieu d'une pour {document}")
    return problems[0].message, problems[0].expected


def _marked(texts: list[str], markers: dict[str, str], keyword: str) -> list[str]:
    """The message and expected form with each example value replaced by its marker; each value must be there exactly once."""
    for value, marker in markers.items():
        if sum(text.count(value) for text in texts) != 1:
            raise TemplateError(f"formulaire : la phrase de guide check pour « {keyword} » a changé de forme : {texts!r} (attendu une fois : {value!r})")
        texts = [text.replace(value, marker) for text in texts]
    return texts


def _shown_length() -> int:
    """How many characters of a wrong value guide/donnees/schema.py quotes before « … »."""
    message, _ = _run({"type": "object", "properties": {"c": {"type": "string", "pattern": "^a$"}}}, {"c": "z" * 500})
    return message.count("z")


def hours_help() -> dict[str, Any]:
    """The stored form of opening hours and how the guide says it in words (guide/donnees/hours.py), for the hours field's help."""
    examples = [hours.EXAMPLE, "Mo-Fr 09:00-12:00,14:00-17:00", hours.EXAMPLE_EVERY_OTHER]
    days = dict(zip(hours.DAY_CODES, ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"), strict=True))
    return {"exemples": [{"valeur": value, "mots": hours.in_french(value) or ""} for value in examples], "jours": days}


@functools.lru_cache(maxsize=8)  # the same for every page plan made from one schema
def form_json(schema: Schema) -> str:
    """The description as JSON to put in the page, in a <script type="application/json"> (« < » escaped: no tag can end it)."""
    text = json.dumps(form_description(schema), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
