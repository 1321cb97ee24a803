"""Le formulaire des partenaires (partenaires/formulaire/) : confirmer, corriger ou proposer une fiche sans git ni YAML.

- La description du formulaire vient du schéma (guide/rendu/formulaire.py) : libellés, aides, listes fermées, renvois, obligatoires.
- Ses contrôles disent les phrases de `guide check` (écrites par guide/donnees/schema.py lui-même, à la construction) : comparées
  ici mot pour mot, en Python puis dans Chromium.
- Les propositions qu'il écrit (tests/fixtures/formulaire/, produites par le navigateur) se lisent avec PyYAML et ont le
  format attendu par `python -m guide appliquer`.
- Dans Chromium, à 360 px, sous la politique de sécurité du site : depuis la fiche du CEJ, « Tout est toujours juste » ;
  corriger le résumé ; proposer un nouveau service (une erreur en français, puis rempli). Chaque parcours est chronométré,
  gestes et champs comptés. Puis axe-core, hors connexion, et le bouton courriel seulement quand le guide a une adresse.

Les captures de CONTRIBUTING.md (contributing/captures/, hors de docs/ : le site ne les publie pas) sont refaites par
`GUIDE_CAPTURES_FORMULAIRE=1 .venv/bin/python -m pytest -n 0 -p no:cacheprovider tests/test_formulaire.py -k parcours`,
et les propositions de tests/fixtures/formulaire/ par `GUIDE_PROPOSITIONS_FORMULAIRE=1` (même commande).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from guide.donnees.paths import SCHEMA_FILE
from guide.donnees.schema import RECORD_LISTS, Schema
from guide.rendu import formulaire
from guide.rendu.formulaire import TemplateError, form_description, message_templates
from support import MINIMAL, PHONE, ROOT, complete_run, greedy_cover, spread, wait_for, yaml_load

FIXTURES = ROOT / "tests" / "fixtures" / "formulaire"
MOIS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
CAPTURES = ROOT / "contributing" / "captures"  # read on the forge with CONTRIBUTING.md; not under docs/, not published
FORM = "partenaires/formulaire/"
CEJ = "fiches/contrat-engagement-jeune/"
LISTS = ("services", "mesures", "organisations", "lieux")
# Issue 28: each path of the form (confirm, correct, propose a new service) takes under two minutes of a person's time.
LIMIT = 120
MEANS = ("appel", "courriel", "site-web", "document", "rencontre")


@pytest.fixture(scope="module")
def schema() -> Schema:
    return Schema.load(SCHEMA_FILE)


# ---------------------------------------------------------------- the proposal format


def proposal_problems(document) -> list[str]:
    """What is wrong in a proposal read by PyYAML, against the format the form writes and `guide appliquer` reads."""
    found = []
    if not isinstance(document, dict) or document.get("origine") != "formulaire" or not isinstance(document.get("propositions"), list):
        return ["en-tête : origine: formulaire et une liste propositions attendues"]
    if not document["propositions"]:
        found.append("propositions : la liste est vide")
    for n, item in enumerate(document["propositions"], 1):
        where = f"proposition {n}"
        if not isinstance(item.get("fiche"), str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item["fiche"]):
            found.append(f"{where} : fiche (identifiant) attendue")
        if item.get("liste") not in LISTS:
            found.append(f"{where} : liste parmi {LISTS}")
        prov = item.get("provenance")
        if not isinstance(prov, dict) or set(prov) - {"organisation", "moyen", "date", "note"}:
            found.append(f"{where} : provenance (organisation, moyen, date, note) attendue")
            continue
        if not isinstance(prov.get("organisation"), str) or prov.get("moyen") not in MEANS or not isinstance(prov.get("date"), dt.date):
            found.append(f"{where} : provenance incomplète {prov}")
        if "note" in prov and not isinstance(prov["note"], str):
            found.append(f"{where} : provenance.note est un texte")
        if item.get("nouvelle") is True:
            if set(item) != {"fiche", "liste", "nouvelle", "provenance", "valeurs"} or not isinstance(item["valeurs"], dict) or "id" in item["valeurs"]:
                found.append(f"{where} : une nouvelle fiche a fiche, liste, nouvelle, provenance et valeurs (sans id) : {sorted(item)}")
            continue
        if set(item) != {"fiche", "liste", "nom", "provenance", "verification", "champs"}:
            found.append(f"{where} : champs attendus fiche, liste, nom, provenance, verification, champs : {sorted(item)}")
        if not isinstance(item.get("verification"), bool) or not isinstance(item.get("champs"), list):
            found.append(f"{where} : verification (vrai ou faux) et champs (liste) attendus")
            continue
        for change in item["champs"]:
            if not isinstance(change, dict) or set(change) != {"champ", "actuel", "propose"} or not isinstance(change["champ"], str):
                found.append(f"{where} : chaque changement a champ, actuel, propose : {change}")
    return found


@pytest.mark.unit
def test_le_controle_du_format_refuse_une_proposition_fausse():
    good = {
        "origine": "formulaire",
        "propositions": [
            {
                "fiche": "a-b",
                "liste": "services",
                "nom": "A",
                "provenance": {"organisation": "o", "moyen": "appel", "date": dt.date(2026, 1, 2)},
                "verification": True,
                "champs": [],
            }
        ],
    }
    assert proposal_problems(good) == []
    for path, value in ((("liste",), "fiches"), (("provenance", "moyen"), "pigeon"), (("provenance", "date"), "hier"), (("champs",), [{"champ": "resume"}])):
        bad = copy.deepcopy(good)
        target = bad["propositions"][0]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert proposal_problems(bad), f"{path} = {value!r} devrait être refusé"


@pytest.mark.unit
@pytest.mark.parametrize("name", ["confirmer.yaml", "corriger-resume.yaml", "nouveau-service.yaml"])
def test_les_propositions_ecrites_par_le_navigateur_se_lisent_et_ont_le_format(name):
    """Les trois propositions que le formulaire a écrites dans Chromium (test_parcours_*), relues avec PyYAML."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert text.startswith("# Proposition pour le Guide des jeunes de Planoise, envoyée depuis le formulaire du site le ")
    document = yaml_load(text)
    assert proposal_problems(document) == []
    item = document["propositions"][0]
    if name == "confirmer.yaml":
        assert item["verification"] is True and item["champs"] == []
    elif name == "corriger-resume.yaml":
        assert [c["champ"] for c in item["champs"]] == ["resume"] and item["champs"][0]["actuel"] != item["champs"][0]["propose"]
    else:
        assert item["nouvelle"] is True
        required = set(Schema.load(SCHEMA_FILE).document["$defs"]["service"]["required"]) - {"id"}
        assert required <= set(item["valeurs"]), f"champs obligatoires absents : {required - set(item['valeurs'])}"


# ---------------------------------------------------------------- the form, described from the schema


@pytest.mark.unit
def test_chaque_champ_du_formulaire_vient_du_schema(schema):
    described = form_description(schema)
    assert set(described["listes"]) == set(RECORD_LISTS)
    for name, spec in described["listes"].items():
        definition = schema.resolve(schema.document["properties"][name]["items"])
        required = set(definition["required"])
        shown = {f["nom"]: f for f in spec["champs"]}
        # Every field of the schema is either in the form, in its own block (verification), or named as left out.
        assert set(shown) | set(spec["hors_formulaire"]) | {"verification"} == set(definition["properties"])
        for key, field in shown.items():
            full = schema.resolve(definition["properties"][key])
            assert field["titre"] == full.get("title", key)
            assert field["aide"] == full.get("description", "")
            assert field["requis"] == (key in required)
            closed = full if "oneOf" in full else schema.resolve(full.get("items", {}))
            if field["sorte"] in ("choix", "choix_multiples"):
                assert [c["valeur"] for c in field["choix"]] == [c["const"] for c in closed["oneOf"]]
                assert [c["libelle"] for c in field["choix"]] == [c.get("title", c["const"]) for c in closed["oneOf"]]
            if full.get("x-reference") or schema.resolve(full.get("items", {})).get("x-reference"):
                assert field["sorte"] in ("renvoi", "renvois")
                assert field["liste"] == full.get("x-reference") or schema.resolve(full.get("items", {})).get("x-reference")
            if full.get("type") == "array" and field["sorte"] not in ("choix_multiples", "renvois"):
                assert field["sorte"] == "lignes"
    assert [m["valeur"] for m in described["moyens"]] == [t.slug for t in schema.taxonomy("moyen_verification")]
    assert set(described["verification"]) == set(schema.document["$defs"]["verification"]["properties"])


@pytest.mark.unit
def test_le_formulaire_suit_un_schema_qui_change():
    """A field added to the schema is in the form at the next build, with its label, help and choices (a copy of the schema)."""
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    document["$defs"]["service"]["properties"]["transport"] = {
        "title": "Transport",
        "description": "Comment venir.",
        "oneOf": [{"const": "bus", "title": "En bus"}, {"const": "tram", "title": "En tram"}],
    }
    document["$defs"]["service"]["required"].append("transport")
    field = next(f for f in form_description(Schema(SCHEMA_FILE, document))["listes"]["services"]["champs"] if f["nom"] == "transport")
    assert field["titre"] == "Transport" and field["aide"] == "Comment venir." and field["requis"]
    assert field["choix"] == [{"valeur": "bus", "libelle": "En bus", "aide": ""}, {"valeur": "tram", "libelle": "En tram", "aide": ""}]


def _fill(template: str, **values) -> str:
    """The form's own filling of a template (docs/assets/formulaire.js, fill)."""
    return re.sub(r"\{(n|limite|valeur|champ)\}", lambda m: str(values[m.group(1)]), template)


def _line(champ: str, message: str, expected: str | None, example: str | None) -> str:
    """A problem as the form shows it (docs/assets/formulaire.js, problem)."""
    hints = [f"attendu : {expected}"] if expected else []
    if example:
        hints.append(f"exemple : {example}")
    return f"{champ} : {message}" + (f" ({' ; '.join(hints)})" if hints else "")


def _check_lines(record: dict) -> set[str]:
    """`guide check`'s lines about one service, without the file, line and id (what the form shows)."""
    data = yaml_load(MINIMAL.read_text(encoding="utf-8"))
    data["services"] = [record]
    problems = Schema.load(SCHEMA_FILE).problems(data, "schemes.yaml")
    return {p.format().split(" › ", 1)[1] for p in problems if p.record_id == record.get("id")}


def _fixture_service() -> dict:
    return copy.deepcopy(yaml_load(MINIMAL.read_text(encoding="utf-8"))["services"][0])


@pytest.mark.unit
def test_les_phrases_du_formulaire_sont_celles_de_guide_check(schema):
    """The form's templates, filled as the browser fills them, give guide check's lines word for word."""
    described = form_description(schema)
    messages = described["messages"]
    fields = {f["nom"]: f for f in described["listes"]["services"]["champs"]}
    record = _fixture_service()
    del record["nom"]
    record.update(resume="Court", telephone="abc", etapes=["Appeler.", "x"], age_min=120, publics=[])
    expected = _check_lines(record)
    rules = {name: fields[name]["regles"] for name in fields if "regles" in fields[name]}
    form_lines = {
        _line("nom", _fill(messages["required"]["message"], champ="nom"), fields["nom"]["requis_attendu"], fields["nom"]["requis_exemple"]),
        _line(
            "resume",
            _fill(messages["minLength"]["message"], n=5),
            _fill(messages["minLength"]["attendu"], limite=rules["resume"]["minLength"]["valeur"]),
            rules["resume"]["minLength"]["exemple"],
        ),
        _line("telephone", _fill(messages["pattern"]["message"], valeur="« abc »"), *(rules["telephone"]["pattern"][k] for k in ("attendu", "exemple"))),
        _line(
            "etapes[2]",
            _fill(messages["minLength"]["message"], n=1),
            _fill(messages["minLength"]["attendu"], limite=fields["etapes"]["element"]["minLength"]["valeur"]),
            fields["etapes"]["element"]["minLength"]["exemple"],
        ),
        _line(
            "age_min",
            _fill(messages["maximum"]["message"], valeur="« 120 »"),
            _fill(messages["maximum"]["attendu"], limite=rules["age_min"]["maximum"]["valeur"]),
            rules["age_min"]["maximum"]["exemple"],
        ),
        _line(
            "publics",
            messages["minItems_vide"]["message"],
            _fill(messages["minItems_vide"]["attendu"], limite=rules["publics"]["minItems"]["valeur"]),
            rules["publics"]["minItems"]["exemple"],
        ),
    }
    assert form_lines <= expected, f"phrases du formulaire absentes de guide check : {form_lines - expected}"


@pytest.mark.unit
def test_une_phrase_de_guide_check_qui_change_de_forme_arrete_la_construction(monkeypatch):
    """If guide/donnees/schema.py wrote a value twice (or not at all), the form would show a wrong sentence: the build stops."""
    monkeypatch.setattr(formulaire, "_run", lambda document, data: ("le texte a 5 caractères, 5 !", "au moins 37"))
    with pytest.raises(TemplateError, match="minLength"):
        message_templates()


@pytest.mark.unit
def test_les_captures_de_contributing_sont_legeres():
    """The screenshots CONTRIBUTING.md shows (taken by this module's browser tests at 360 px): each one linked, each under
    80 KB, kept out of docs/ (the site does not publish them)."""
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert ROOT / "docs" not in CAPTURES.parents, "les captures des partenaires ne sont pas publiées avec le site"
    shots = sorted(CAPTURES.glob("*.png"))
    assert shots
    for shot in shots:
        assert f"contributing/captures/{shot.name}" in contributing, f"{shot.name} n'est pas dans CONTRIBUTING.md"
        assert shot.stat().st_size < 80_000, f"{shot.name} : {shot.stat().st_size} octets (moins de 80 Ko)"
        assert shot.read_bytes()[16:24] == (360).to_bytes(4, "big") + shot.read_bytes()[20:24], f"{shot.name} : 360 px de large attendus"


@pytest.mark.unit
def test_le_courriel_du_guide_est_un_reglage_vide_par_defaut():
    """No address is invented: extra.contact.courriel comes from GUIDE_COURRIEL, empty by default."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^  contact:\n    courriel: !ENV \[GUIDE_COURRIEL, \"\"\]$", text, flags=re.MULTILINE)


# ---------------------------------------------------------------- the built site


def _form_links(html: str) -> list[str]:
    return re.findall(r'<a class="guide-modifier__formulaire" href="([^"]+)"', html)


@pytest.mark.build
def test_chaque_fiche_mesure_et_organisation_mene_au_formulaire(site):
    """Every record page of every locale links to the one French form page, for its own record."""
    pages = [p for folder in ("fiches", "mesures", "organisations") for p in site.glob(f"**/{folder}/*/index.html")]
    assert pages
    lists = {"fiches": "services", "mesures": "mesures", "organisations": "organisations"}
    for path in pages:
        links = _form_links(path.read_text(encoding="utf-8"))
        assert len(links) == 1, f"{path.relative_to(site)} : un lien « Confirmer ou corriger cette fiche » attendu"
        target = urlsplit(links[0].replace("&amp;", "&"))
        assert (path.parent / target.path / "index.html").resolve() == (site / FORM / "index.html").resolve()
        assert parse_qs(target.query) == {"liste": [lists[path.parent.parent.name]], "fiche": [path.parent.name]}
    assert not list(site.glob(f"**/{FORM}*/index.html")), "une seule page de formulaire, pas une par fiche"


@pytest.mark.build
def test_la_page_du_formulaire_porte_sa_description_et_son_script(site):
    html = (site / FORM / "index.html").read_text(encoding="utf-8")
    blob = re.search(r'<script type="application/json" id="guide-formulaire-description">(.*?)</script>', html, flags=re.S).group(1)
    assert json.loads(blob)["listes"].keys() == set(RECORD_LISTS)
    assert re.search(r'<script src="[./]*assets/formulaire\.js" data-donnees="[./]*donnees/guide\.json" data-courriel="" data-depot="https://', html)
    assert "<script>" not in html and "onclick" not in html


# ---------------------------------------------------------------- in Chromium, at 360 px, under the site's policy

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


class Flow:
    """A partner's path through the form: each tap and each typed field counted, the time measured."""

    def __init__(self, page):
        self.page, self.taps, self.fields, self.start = page, 0, 0, time.monotonic()

    def tap(self, selector: str):
        self.page.locator(selector).first.scroll_into_view_if_needed()
        self.page.locator(selector).first.click()
        self.taps += 1

    def type(self, selector: str, text: str):
        self.page.locator(selector).first.fill(text)
        self.fields += 1

    def choose(self, label: str, value: str):
        self.page.get_by_label(label, exact=True).select_option(value)
        self.taps += 2  # open the list, pick

    def person(self) -> int:
        """A person's time, in seconds: about 2 s a tap, 10 s a short typed field, plus 30 s of reading (issue 28)."""
        return self.taps * 2 + self.fields * 10 + 30

    def report(self, name: str) -> str:
        seconds = time.monotonic() - self.start
        # The time of the machine is only the floor; a person's is estimated from the taps and typed fields.
        person = self.person()
        return f"{name} : {self.taps} gestes, {self.fields} champs écrits, {seconds:.1f} s dans Chromium, environ {person} s pour une personne"


@pytest.fixture
def phone(browser, server):
    # No service worker here (test_le_formulaire_marche_hors_connexion_une_fois_charge has one): Playwright's routes
    # do not see what a service worker answers.
    context = browser.new_context(viewport=PHONE, accept_downloads=True, service_workers="block")
    context.add_init_script(WATCH)
    page = context.new_page()
    yield page
    assert page.evaluate("window.__csp") == [], "la politique de sécurité a refusé quelque chose"
    context.close()


def _open_from_cej(page, server) -> Flow:
    page.goto(server + CEJ)
    flow = Flow(page)
    flow.tap("a.guide-modifier__formulaire")
    page.wait_for_url(re.compile(r"partenaires/formulaire/\?liste=services&fiche=contrat-engagement-jeune"))
    wait_for(page, "document.getElementById('guide-formulaire').dataset.pret === 'oui'")
    return flow


def _who(flow: Flow):
    flow.choose("Confirmé par (obligatoire)", "mission-locale")
    flow.choose("Comment (obligatoire)", "appel")


def _proposal(page) -> tuple[str, dict]:
    wait_for(page, "!!document.querySelector('.guide-formulaire__yaml') || !document.querySelector('.guide-formulaire__resume').hidden")
    assert page.locator(".guide-formulaire__yaml").count() == 1, page.locator(".guide-formulaire__resume").inner_text()
    text = page.locator(".guide-formulaire__yaml").inner_text()
    return text, yaml_load(text)


def _keep(name: str, text: str, page=None, shot: str | None = None):
    if os.environ.get("GUIDE_PROPOSITIONS_FORMULAIRE"):
        FIXTURES.mkdir(parents=True, exist_ok=True)
        (FIXTURES / name).write_text(text, encoding="utf-8")
    if shot and page is not None and os.environ.get("GUIDE_CAPTURES_FORMULAIRE"):
        CAPTURES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(CAPTURES / shot))


def _no_side_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "la page défile de côté à 360 px"


def _appliquer_et_refaire(tmp_path: Path, text: str, page: str) -> str:
    """Issue 28's whole path: the proposal the browser wrote, applied with `python -m guide appliquer`'s code to a copy of
    the project's data, then the fiche made again from that copy (French Markdown of `page`)."""
    import shutil

    from guide.appliquer import appliquer
    from guide.rendu.render import render_pages
    from guide.validate import validate
    from support import REAL_DATA, REAL_DATA_DIR, real_day

    copy_dir = tmp_path / "data"
    shutil.copytree(REAL_DATA_DIR, copy_dir)
    proposal = tmp_path / "proposition.yaml"
    proposal.write_text(text, encoding="utf-8")
    data = copy_dir / REAL_DATA.name
    applied = appliquer(proposal, data.read_text(encoding="utf-8"))
    assert applied.refusees == [], "\n".join(applied.refusees)
    data.write_text(applied.texte, encoding="utf-8")
    validation = validate(data, on=real_day(), docs_dir=ROOT / "docs")
    assert validation.ok, "\n".join(p.format() for p in validation.problems if p.is_error)
    pages = render_pages(validation.guide, validation.schema, real_day(), validation.localizers(["fr"]), only=frozenset({page}))
    return pages[page]


@pytest.mark.browser
@pytest.mark.donnees
def test_parcours_tout_est_toujours_juste(phone, server, record_property, tmp_path):
    flow = _open_from_cej(phone, server)
    if os.environ.get("GUIDE_CAPTURES_FORMULAIRE"):
        CAPTURES.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(CAPTURES / "1-formulaire.png"))
    _who(flow)
    flow.tap("text=Tout est toujours juste")
    text, document = _proposal(phone)
    record_property("mesure", flow.report("Tout est toujours juste"))
    print(flow.report("Tout est toujours juste"))
    assert proposal_problems(document) == []
    item = document["propositions"][0]
    assert item["fiche"] == "contrat-engagement-jeune" and item["liste"] == "services" and item["verification"] is True and item["champs"] == []
    shown_date = dt.date.fromisoformat(phone.evaluate("document.querySelector('input[type=date]').value"))
    assert item["provenance"] == {"organisation": "mission-locale", "moyen": "appel", "date": shown_date}
    assert phone.evaluate("document.activeElement.textContent") == "Votre proposition est prête"
    _no_side_scroll(phone)
    phone.locator(".guide-formulaire__envois").scroll_into_view_if_needed()
    _keep("confirmer.yaml", text, phone, "2-proposition.png")
    assert flow.taps <= 6 and flow.fields == 0
    assert flow.person() < LIMIT, flow.report("Tout est toujours juste")
    fiche = _appliquer_et_refaire(tmp_path, text, "fiches/contrat-engagement-jeune.md")
    day = f"{shown_date.day} {MOIS[shown_date.month - 1]} {shown_date.year}"
    assert f"Vérifié le {day} par Mission locale, par téléphone" in fiche, "la fiche refaite ne montre pas la vérification"


@pytest.mark.browser
@pytest.mark.donnees
def test_parcours_corriger_le_resume(phone, server, tmp_path):
    flow = _open_from_cej(phone, server)
    _who(flow)
    before = phone.get_by_label("Résumé (obligatoire)", exact=True).input_value()
    flow.type("textarea[aria-describedby*='resume']", "Un accompagnement d'un an pour trouver un emploi ou une formation, avec une allocation.")
    flow.tap("button[type=submit]")
    text, document = _proposal(phone)
    print(flow.report("Corriger le résumé"))
    assert proposal_problems(document) == []
    item = document["propositions"][0]
    new = "Un accompagnement d'un an pour trouver un emploi ou une formation, avec une allocation."
    assert item["champs"] == [{"champ": "resume", "actuel": before, "propose": new}]
    assert item["verification"] is True
    _no_side_scroll(phone)
    _keep("corriger-resume.yaml", text)
    assert flow.taps <= 6 and flow.fields == 1
    assert flow.person() < LIMIT, flow.report("Corriger le résumé")
    fiche = _appliquer_et_refaire(tmp_path, text, "fiches/contrat-engagement-jeune.md")
    assert new in fiche and before not in fiche, "la fiche refaite ne montre pas le résumé corrigé"
    assert "Vérifié le " in fiche and "par Mission locale, par téléphone" in fiche


def _new_service(page, server) -> Flow:
    page.goto(server + FORM + "?liste=services&nouvelle=1")
    wait_for(page, "document.getElementById('guide-formulaire').dataset.pret === 'oui'")
    return Flow(page)


@pytest.mark.browser
@pytest.mark.donnees
def test_parcours_proposer_un_nouveau_service(phone, server, schema, tmp_path):
    """The required fields first, what the guide can know prefilled (id from the name; organisation, owner and source: the
    proposing organisation), one round with missing fields that lists them all at once and puts the cursor on the first."""
    flow = _new_service(phone, server)
    _who(flow)
    flow.type("input[aria-describedby^='gf-nom-']", "Aide au permis de conduire")
    flow.type("textarea[aria-describedby^='gf-resume-']", "Une aide pour payer une partie du permis de conduire.")
    flow.tap("button[type=submit]")
    # Missing fields: all said at once in French, in the summary and beside each field; the cursor on the first one.
    wait_for(phone, "!document.querySelector('.guide-formulaire__resume').hidden")
    summary = phone.locator(".guide-formulaire__resume").inner_text()
    missing = [key for key, _, _ in _still_empty(phone, schema)] + ["description"]
    for key in missing:
        assert f"{key} : le champ obligatoire « {key} » manque" in summary, f"{key} absent du résumé des erreurs : {summary}"
    description = phone.get_by_label("Description (obligatoire)", exact=True)
    assert phone.evaluate("document.activeElement.getAttribute('aria-describedby')") == description.get_attribute("aria-describedby")
    assert description.get_attribute("aria-invalid") == "true"
    error_id = [i for i in description.get_attribute("aria-describedby").split() if i.endswith("-erreur")][0]
    assert "le champ obligatoire « description » manque" in phone.locator(f"#{error_id}").inner_text()
    if os.environ.get("GUIDE_CAPTURES_FORMULAIRE"):
        CAPTURES.mkdir(parents=True, exist_ok=True)
        phone.evaluate("window.scrollBy(0, 1)")  # Material's « Retour en haut » button hides when the page goes down
        phone.wait_for_timeout(400)
        phone.screenshot(path=str(CAPTURES / "3-erreur.png"))
    # One fix per missing field: the description, the closed lists still empty, one public, the first step.
    flow.type("textarea[aria-describedby^='gf-description-']", "La Ville aide les jeunes de Planoise à payer une partie du permis de conduire.")
    for _, label, value in _still_empty(phone, schema):
        flow.choose(label, value)
    flow.tap(".guide-formulaire__cases:has(legend:text-is('Publics (obligatoire)')) input")
    steps = ".guide-formulaire__liste:has(legend:text-is('Comment en bénéficier (obligatoire)'))"
    flow.type(f"{steps} li input, {steps} li textarea", "Demandez le dossier à l'accueil.")
    flow.tap("button[type=submit]")
    text, document = _proposal(phone)
    print(flow.report("Proposer un nouveau service"))
    assert flow.person() < LIMIT, flow.report("Proposer un nouveau service")
    assert proposal_problems(document) == []
    item = document["propositions"][0]
    assert item["fiche"] == "aide-au-permis-de-conduire" and item["nouvelle"] is True
    shown_date = dt.date.fromisoformat(phone.evaluate("document.querySelector('input[type=date]').value"))
    values = item["valeurs"]
    assert values["organisations"] == ["mission-locale"] and values["owner"] == "mission-locale"
    assert values["source"] == {"organisation": "mission-locale", "moyen": "appel", "date": shown_date.isoformat()}
    assert values["frais"] == "non-precise", "prix : « non précisé » tant que le partenaire ne le dit pas"
    required = set(schema.document["$defs"]["service"]["required"]) - {"id"}
    assert required <= set(values), f"champs obligatoires absents : {required - set(values)}"
    record = {"id": item["fiche"], **values}
    data = yaml_load(MINIMAL.read_text(encoding="utf-8"))
    data["organisations"].append({**data["organisations"][0], "id": "mission-locale"})
    data["services"].append(record)
    refused = [p.format() for p in schema.problems(data, "proposition") if p.record_id == item["fiche"]]
    assert refused == [], refused
    _no_side_scroll(phone)
    _keep("nouveau-service.yaml", text)
    fiche = _appliquer_et_refaire(tmp_path, text, "fiches/aide-au-permis-de-conduire.md")
    assert "Aide au permis de conduire" in fiche and "Demandez le dossier à l'accueil." in fiche


@pytest.mark.browser
def test_le_formulaire_retient_l_organisation_sur_cet_appareil_seulement(phone, server):
    """After a proposal, the next form of the same browser has the organisation and the means already chosen: kept in this
    device's localStorage (nothing else, nothing sent); a remembered id that is no longer in the guide is not used."""
    flow = _open_from_cej(phone, server)
    _who(flow)
    flow.tap("text=Tout est toujours juste")
    _proposal(phone)
    stored = {k: v for k, v in phone.evaluate("Object.fromEntries(Object.entries(localStorage))").items() if "guide" in k}
    assert stored == {"guide-formulaire-provenance": json.dumps({"organisation": "mission-locale", "moyen": "appel"}, separators=(",", ":"))}
    _new_service(phone, server)
    assert phone.get_by_label("Confirmé par (obligatoire)", exact=True).input_value() == "mission-locale"
    assert phone.get_by_label("Comment (obligatoire)", exact=True).input_value() == "appel"
    phone.evaluate("localStorage.setItem('guide-formulaire-provenance', JSON.stringify({organisation: 'plus-la', moyen: 'pigeon'}))")
    _new_service(phone, server)
    assert phone.get_by_label("Confirmé par (obligatoire)", exact=True).input_value() == ""
    assert phone.get_by_label("Comment (obligatoire)", exact=True).input_value() == ""


def _still_empty(page, schema) -> list[tuple[str, str, str]]:
    """Every required closed list of a service (thematique, etat…) the new form leaves to choose: (key, label, first value)."""
    service = schema.document["$defs"]["service"]
    found = []
    for key in service["required"]:
        full = schema.resolve(service["properties"][key])
        if "oneOf" in full and page.get_by_label(f"{full['title']} (obligatoire)", exact=True).input_value() == "":
            found.append((key, f"{full['title']} (obligatoire)", full["oneOf"][0]["const"]))
    return found


@pytest.mark.browser
def test_les_erreurs_du_navigateur_sont_celles_de_guide_check(phone, server):
    """The same wrong values, typed in the form and checked by guide check: the same French lines."""
    _new_service(phone, server)
    phone.locator(".guide-formulaire__plus > summary").click()
    phone.locator("input[aria-describedby^='gf-id-']").fill("service-essai")
    phone.locator("textarea[aria-describedby^='gf-resume-']").fill("Court")
    phone.locator("input[aria-describedby^='gf-telephone-']").fill("abc")
    phone.locator("input[aria-describedby^='gf-age_min-']").fill("120")
    phone.locator("button[type=submit]").click()
    wait_for(phone, "!document.querySelector('.guide-formulaire__resume').hidden")
    shown = set(phone.locator(".guide-formulaire__resume li").all_inner_texts())
    record = _fixture_service()
    del record["nom"]
    record.update(id="service-essai", resume="Court", telephone="abc", age_min=120)
    expected = _check_lines(record)
    for line in expected:
        assert line in shown, f"guide check dit « {line} », le formulaire ne le dit pas ainsi : {sorted(shown)}"


@pytest.mark.browser
def test_le_formulaire_est_accessible_au_telephone(axe, server):
    """axe-core (WCAG 2.1 AA) on the form as loaded: the chooser, a fiche, a new service."""
    paths = [
        FORM,
        f"{FORM}?liste=services&fiche=contrat-engagement-jeune",
        f"{FORM}?liste=services&nouvelle=1",
        f"{FORM}?liste=organisations&fiche=mission-locale",
    ]
    assert axe.violations(server, paths) == {}


@pytest.mark.browser
def test_le_courriel_n_est_propose_que_si_le_guide_a_une_adresse(phone, server):
    """Without extra.contact.courriel (the built site): no mailto, a plain sentence. With one (fixture address): the button."""
    flow = _open_from_cej(phone, server)
    _who(flow)
    flow.tap("text=Tout est toujours juste")
    _proposal(phone)
    assert phone.locator("a[href^='mailto:']").count() == 0
    assert "pas encore d'adresse de courriel" in phone.locator(".guide-formulaire__resultat").inner_text()
    github = phone.get_by_role("link", name="Proposer sur GitHub").get_attribute("href")
    query = parse_qs(urlsplit(github).query)
    assert re.match(r"https://github\.com/[^/]+/[^/]+/new/main\?", github)
    assert re.fullmatch(r"propositions/proposition-contrat-engagement-jeune-\d{4}-\d{2}-\d{2}\.yaml", query["filename"][0])
    assert proposal_problems(yaml_load(query["value"][0])) == []
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Télécharger le fichier").click()
    assert re.fullmatch(r"proposition-contrat-engagement-jeune-\d{4}-\d{2}-\d{2}\.yaml", download.value.suggested_filename)
    assert proposal_problems(yaml_load(Path(download.value.path()).read_text(encoding="utf-8"))) == []

    def with_address(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace('data-courriel=""', 'data-courriel="guide@example.org"'))

    phone.route(re.compile(r".*/partenaires/formulaire/\?.*"), with_address)
    flow = _open_from_cej(phone, server)
    _who(flow)
    flow.tap("text=Tout est toujours juste")
    _proposal(phone)
    mail = phone.get_by_role("link", name="Envoyer par courriel").get_attribute("href")
    assert mail.startswith("mailto:guide@example.org?subject=")
    assert proposal_problems(yaml_load(parse_qs(urlsplit(mail).query)["body"][0])) == []


@pytest.mark.browser
def test_le_formulaire_marche_hors_connexion_une_fois_charge(browser, server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    address = server + FORM + "?liste=services&fiche=contrat-engagement-jeune"
    page.goto(address)
    wait_for(page, "navigator.serviceWorker.controller !== null")
    wait_for(page, "document.getElementById('guide-formulaire').dataset.pret === 'oui'")
    page.wait_for_timeout(1500)  # the service worker keeps the page, the records and the scripts
    context.set_offline(True)
    page.goto(address)
    wait_for(page, "document.getElementById('guide-formulaire').dataset.pret === 'oui'")
    page.get_by_label("Confirmé par (obligatoire)", exact=True).select_option("mission-locale")
    page.get_by_label("Comment (obligatoire)", exact=True).select_option("appel")
    page.get_by_role("button", name="Tout est toujours juste").click()
    _, document = _proposal(page)
    assert proposal_problems(document) == []
    context.close()


def _shape(value, path: str = "") -> set[str]:
    """Every field path of a published record with the kind of its value (`lieux[].adresse:str`, `horaires:None`)."""
    if isinstance(value, dict):
        return {f"{path}:dict"}.union(*(_shape(v, f"{path}.{k}") for k, v in value.items()))
    if isinstance(value, list):
        return {f"{path}:{'list' if value else 'empty'}"}.union(*(_shape(v, f"{path}[]") for v in value))
    return {f"{path}:{type(value).__name__}"}


def records_to_try(records: list[dict], everything: bool) -> list[str]:
    """The records of a list the untouched-form test sends: every one with GUIDE_COMPLET=1; else a spread of 3 and the few
    that together have every field and every kind of value any record of the list has (a record with hours, without a
    phone, with two places…), chosen greedily, the same on every run."""
    ids = [record["id"] for record in records]
    if everything or len(ids) <= 6:
        return ids
    return greedy_cover({record["id"]: _shape(record) for record in records}, start=spread(ids, 3))


@pytest.mark.unit
def test_les_fiches_essayees_ont_chaque_champ_de_leur_liste():
    records = [{"id": f"s{i}", "nom": "x", "telephone": None} for i in range(10)]
    records.insert(3, {"id": "rare", "nom": "x", "telephone": "03", "lieux": [{"adresse": "y"}]})
    taken = records_to_try(records, everything=False)
    assert taken == ["s0", "rare", "s4", "s9"], taken  # the first, the middle, the last, and the only one with a phone and a place
    assert records_to_try(records, everything=True) == [r["id"] for r in records]


@pytest.mark.browser
def test_un_formulaire_non_touche_ne_propose_aucun_changement(phone, server, site):
    """For every kind of record of the published data (records_to_try; all of them with GUIDE_COMPLET=1): the form filled
    with its values, sent untouched, changes nothing and finds no error."""
    published = json.loads((site / "donnees" / "guide.json").read_text(encoding="utf-8"))
    tried = {name: records_to_try(published[name], complete_run()) for name in LISTS}
    phone.goto(server + FORM)
    wait_for(phone, "document.getElementById('guide-formulaire').dataset.pret === 'oui'")
    # In the page, record after record (the form's own history route): Playwright's steps would take minutes.
    found = phone.evaluate(
        """async ([lists, tried]) => {
      const records = await (await fetch(document.querySelector('script[data-donnees]').dataset.donnees)).json();
      const found = {};
      for (const name of lists) for (const record of records[name].filter(r => tried[name].includes(r.id))) {
        history.pushState(null, '', '?liste=' + name + '&fiche=' + record.id);
        dispatchEvent(new PopStateEvent('popstate'));
        const form = document.querySelector('#guide-formulaire form');
        const selects = form.querySelectorAll('.guide-formulaire__provenance select');
        selects[0].selectedIndex = 1;
        selects[1].value = 'appel';
        form.requestSubmit();
        const yaml = document.querySelector('.guide-formulaire__yaml');
        if (!yaml) { found[name + '/' + record.id] = document.querySelector('.guide-formulaire__resume').innerText; continue; }
        if (!yaml.textContent.endsWith('champs: []\\n')) found[name + '/' + record.id] = yaml.textContent;
      }
      return found;
    }""",
        [list(LISTS), tried],
    )
    assert found == {}
