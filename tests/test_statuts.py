"""Statuts des traductions (automatique, brouillon, relu), politique d'affichage par langue (le shimaoré non relu
n'est jamais montré comme du shimaoré), chaînes d'interface avec statut et empreinte, avis généré pour chaque page."""

from __future__ import annotations

import re
import shutil

import pytest

from guide.donnees.paths import INTERFACE_DIR, ROOT, SCHEMA_FILE
from guide.donnees.schema import Schema
from guide.langues.glossary import names_french
from guide.langues.interface import french_interface, load_interface, placeholders
from guide.langues.review import Review, ReviewPart, ToReview, parts
from guide.langues.translations import STATUSES, fingerprint
from guide.rendu import render
from guide.rendu.lexicon import _words_of
from guide.rendu.render import render_pages
from guide.validate import validate
from support import FIXTURES, MINIMAL, REAL_DATA_DIR, TODAY, reviewed_interface, validate_fixture, walk_paged_list, yaml_load

LOCALES = sorted(p.stem for p in INTERFACE_DIR.glob("*.yaml") if p.stem != "fr")
DRAFT_SWB = "MAANDISHI-YA-ZAMANI"  # a Shimaoré « draft » that no speaker wrote: it must never reach a page
REVIEWED_SWB = "Msada wa hazi relu"  # marked « relu » in the fixture: it must reach the page


def _sources() -> dict[str, str]:
    french = yaml_load((INTERFACE_DIR / "fr.yaml").read_text(encoding="utf-8"))
    return french_interface(french, Schema.load(SCHEMA_FILE))


@pytest.mark.unit
@pytest.mark.parametrize("locale", LOCALES)
def test_les_cles_et_les_reperes_de_chaque_langue_sont_ceux_du_francais(locale):
    interface, problems = load_interface(locale)
    assert not problems, [p.format() for p in problems]
    sources = _sources()
    unknown = sorted(set(interface.entries) - set(sources))
    assert not unknown, f"{locale} : clés inconnues en français {unknown}"
    for key in interface.entries:
        assert placeholders(interface[key]) == placeholders(sources[key]), (locale, key, interface[key], sources[key])


@pytest.mark.unit
@pytest.mark.parametrize("locale", LOCALES)
def test_chaque_chaine_traduite_a_un_statut_et_une_empreinte(locale):
    interface, _ = load_interface(locale)
    assert interface.entries
    for key, entry in interface.entries.items():
        assert entry.statut in STATUSES and entry.empreinte is not None, (locale, key)
        assert entry.par, (locale, key)


@pytest.mark.unit
@pytest.mark.donnees
def test_aucune_traduction_ne_se_dit_relue_par_l_equipe():
    """The old « relue par l'équipe du guide » claimed a review nobody can show: a text says who produced or reviewed it (a role).

    A text a speaker reviewed (statut: relu) is a partner's correct edit: this test does not forbid it."""
    for path in [*(REAL_DATA_DIR / "translations").glob("*.yaml"), *(REAL_DATA_DIR / "interface").glob("*.yaml"), *(ROOT / "docs").glob("*.*.md")]:
        text = path.read_text(encoding="utf-8")
        assert "relue par l'équipe" not in text, f"{path.name} : « relue par l'équipe » ne dit pas qui a relu ; écrivez un rôle (relu par une médiatrice)"


@pytest.mark.unit
def test_une_cle_inconnue_ou_un_repere_different_est_une_erreur_claire(tmp_path):
    shutil.copytree(INTERFACE_DIR, tmp_path / "interface")
    en = tmp_path / "interface" / "en.yaml"
    sources = _sources()
    text = en.read_text(encoding="utf-8")
    text = re.sub(
        r"^ages_de_a: .*$",
        f'ages_de_a: {{texte: "from {{min}} years", statut: automatique, empreinte: "{fingerprint(sources["ages_de_a"])}"}}',
        text,
        flags=re.M,
    )
    text += 'cle_inventee: {texte: "Hello", statut: automatique, empreinte: "000000000000"}\n'
    en.write_text(text, encoding="utf-8")
    validation = validate(MINIMAL, on=TODAY, interface_dir=tmp_path / "interface")
    messages = {p.field: p.format() for p in validation.errors}
    assert set(messages) == {"ages_de_a", "cle_inventee"}, messages
    assert "en.yaml" in messages["ages_de_a"] and "{max}" in messages["ages_de_a"] and "{min}" in messages["ages_de_a"]
    assert "n'existe pas en français" in messages["cle_inventee"] and "data/interface/fr.yaml" in messages["cle_inventee"]


@pytest.mark.unit
def test_une_chaine_dont_le_francais_a_change_est_perimee(tmp_path):
    shutil.copytree(INTERFACE_DIR, tmp_path / "interface")
    fr = tmp_path / "interface" / "fr.yaml"
    fr.write_text(re.sub(r"^prix: .*$", "prix: Combien ça coûte", fr.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    validation = validate(MINIMAL, on=TODAY, interface_dir=tmp_path / "interface")
    outdated = {(p.path.rsplit("/", 1)[-1], p.field) for p in validation.warnings if "a changé" in p.message}
    assert {("en.yaml", "prix"), ("ar.yaml", "prix")} <= outdated
    en = next(loc for loc in validation.localizers(["fr", "en"]) if loc.locale == "en")
    assert en.string_state("prix") == "perime" and en.string_state("pour_qui") == "automatique"


# ---------------------------------------------------------------- Shimaoré: only what a speaker wrote or reviewed


@pytest.fixture(scope="module")
def shimaore(tmp_path_factory):
    """The fixture data with a Shimaoré catalogue: service-a's name is a machine draft, its summary was reviewed."""
    root = tmp_path_factory.mktemp("shimaore")
    shutil.copytree(FIXTURES / "translations", root / "translations")
    data = yaml_load(MINIMAL.read_text(encoding="utf-8"))
    service = next(s for s in data["services"] if s["id"] == "service-a")
    (root / "translations" / "swb.yaml").write_text(
        "services:\n  service-a:\n"
        f'    nom: {{texte: "{DRAFT_SWB}", statut: automatique, par: "un outil", empreinte: "{fingerprint(service["nom"])}"}}\n'
        f'    resume: {{texte: "{REVIEWED_SWB}", statut: relu, par: "relu par une locutrice native", empreinte: "{fingerprint(service["resume"])}"}}\n',
        encoding="utf-8",
    )
    swb = yaml_load((INTERFACE_DIR / "swb.yaml").read_text(encoding="utf-8"))
    interface = reviewed_interface(root / "interface", ())  # a plain copy
    sources = _sources()
    text = (interface / "swb.yaml").read_text(encoding="utf-8")
    # One interface string reviewed by a speaker (the fixture's), the others as in the project (machine drafts).
    text = re.sub(
        r"^contact: .*$",
        f'contact: {{texte: "Mwasiliano", statut: relu, par: "relu par un locuteur natif (médiateur)", empreinte: "{fingerprint(sources["contact"])}"}}',
        text,
        flags=re.M,
    )
    (interface / "swb.yaml").write_text(text, encoding="utf-8")
    shutil.copyfile(MINIMAL, root / "schemes.yaml")
    validation = validate(root / "schemes.yaml", on=TODAY, translations_dir=root / "translations", interface_dir=interface)
    assert validation.ok, [p.format() for p in validation.errors]
    pages = render_pages(validation.guide, validation.schema, TODAY, validation.localizers(["fr", "swb"]))
    drafts = [v["texte"] for k, v in swb.items() if isinstance(v, dict) and k != "contact" and v["texte"] != sources.get(k)]
    return {path: text for path, text in pages.items() if ".swb." in path}, drafts


@pytest.mark.unit
def test_aucun_texte_shimaore_non_relu_n_atteint_une_page(shimaore):
    pages, drafts = shimaore
    assert len(pages) > 20
    long_drafts = [d for d in drafts if len(d) > 12]  # short ones may be French words too (« Contact »)
    assert len(long_drafts) > 50
    for path, text in pages.items():
        assert DRAFT_SWB not in text, path
        for draft in long_drafts:
            assert draft not in text, (path, draft)
    assert "Upiha" not in "".join(pages.values()), "« Upiha » veut dire « cuisiner » : le bouton Imprimer reste en français"


@pytest.mark.unit
def test_un_texte_shimaore_relu_atteint_la_page_marque_swb(shimaore):
    pages, _ = shimaore
    page = pages["fiches/service-a.swb.md"]
    assert f'<span lang="swb" dir="ltr">{REVIEWED_SWB}</span>' in page
    assert "Service A" in page  # the name: French, since its Shimaoré is a machine draft
    assert "Mwasiliano" in "".join(pages.values()), "une chaîne d'interface relue est montrée"


@pytest.mark.unit
def test_chaque_page_shimaore_dit_honnetement_pourquoi_elle_est_en_francais(shimaore):
    pages, _ = shimaore
    for path, text in pages.items():
        assert "!!! warning guide-avis" in text, path
        assert "Aucune personne qui parle shimaoré n'a encore écrit ni relu cette page" in text, path


# ---------------------------------------------------------------- glossary


@pytest.mark.unit
def test_un_terme_interdit_par_le_glossaire_est_une_erreur_claire(tmp_path):
    shutil.copytree(FIXTURES / "translations", tmp_path / "translations")
    shutil.copyfile(MINIMAL, tmp_path / "schemes.yaml")
    (tmp_path / "glossaire").mkdir()
    (tmp_path / "glossaire" / "facile.yaml").write_text(
        "service-a:\n  francais: [Service A]\n  terme: Service A\n  explication: Un service de test.\n  interdits: [Service A facile]\n", encoding="utf-8"
    )
    validation = validate(tmp_path / "schemes.yaml", on=TODAY)
    assert [(p.record_id, p.field) for p in validation.errors] == [("service-a", "nom.texte")]
    message = validation.errors[0].format()
    assert "translations/facile.yaml:" in message and "« Service A facile » n'est pas la bonne façon d'écrire « Service A »" in message
    assert "glossaire/facile.yaml" in message and "attendu : le terme du glossaire : « Service A »" in message
    assert "Traceback" not in message


@pytest.mark.unit
@pytest.mark.donnees
def test_les_traductions_arabes_suivent_le_glossaire(validation):
    glossary = [p for p in validation.problems if "glossaire" in p.message and p.path.endswith("ar.yaml")]
    assert not [p.format() for p in glossary if p.is_error]
    text = (REAL_DATA_DIR / "translations" / "ar.yaml").read_text(encoding="utf-8")
    assert "البعثة المحلية" not in text, "ar.yaml : « Mission locale » n'est pas une mission diplomatique ; écrivez ميسيون لوكال (Mission locale)"


@pytest.mark.unit
def test_un_mot_difficile_employe_est_explique_sur_la_page_et_seulement_la(tmp_path):
    """Vocabulary rule: a page that uses a hard word of its glossary ends with it and its explanation; other pages don't."""
    shutil.copytree(FIXTURES / "translations", tmp_path / "translations")
    shutil.copyfile(MINIMAL, tmp_path / "schemes.yaml")
    (tmp_path / "glossaire").mkdir()
    (tmp_path / "glossaire" / "facile.yaml").write_text(
        "travail:\n  francais: [emploi]\n  terme: travail\n  explication: Une activité payée.\n  difficile: true\n"
        "addictologie:\n  francais: [addictologie]\n  terme: addictologie\n  explication: Le soin des addictions.\n  difficile: true\n",
        encoding="utf-8",
    )
    validation = validate(tmp_path / "schemes.yaml", on=TODAY, interface_dir=INTERFACE_DIR)
    assert validation.ok, [p.format() for p in validation.errors]
    assert not [p for p in validation.problems if "glossaire" in p.message], "un mot difficile n'est pas exigé dans les traductions"
    pages = render_pages(validation.guide, validation.schema, TODAY, validation.localizers(["fr", "facile"]))
    page = pages["fiches/service-a.facile.md"]  # its summary: « Vous trouvez un travail près de chez vous. »
    assert page.index("Vous trouvez un travail") < page.index("## Les mots difficiles de cette page")
    assert "- **travail** : Une activité payée." in page and "addictologie" not in page
    assert "Les mots de cette page" not in pages["fiches/service-a.md"] and "mots difficiles" not in pages["fiches/service-a.md"]
    booklet = pages["livrets/emploi-insertion.facile.md"]  # on paper: the fiche, nothing after it
    assert "Vous trouvez un travail" in booklet and "Les mots difficiles" not in booklet


@pytest.mark.rendu
def test_chaque_page_traduite_explique_les_termes_du_glossaire_qu_elle_emploie(validation, real_pages):
    pages = real_pages
    glossaries = {loc.locale: loc.catalogue.glossary for loc in validation.localizers(["fr", "facile", "en", "ar"])[1:]}
    missing = []
    for path, text in pages.items():
        locale = path.rsplit(".", 2)[-2] if path.count(".") == 2 else "fr"
        if locale not in glossaries or path.startswith(("livrets/", "imprimer/", "partenaires/")):
            continue
        body, _, lexicon = text.partition('<div class="guide-lexique"')
        lexicon = re.sub(r"<[^>]+>|\\", "", lexicon)  # the list as read: no <bdi>, no Markdown escapes
        french = _words_of(pages.get(path.replace(f".{locale}.md", ".md"), ""))
        for term in glossaries[locale].terms:
            if not any(names_french(form, french) for form in term.french):
                continue  # explained only where the French names it (guide/langues/glossary.py, used_terms)
            if term.explanation and re.search(rf"(?<!\w){re.escape(term.term)}(?!\w)", body, 0 if term.term.isupper() else re.I):
                if term.explanation not in lexicon:
                    missing.append(f"{path} : « {term.term} » sans son explication")
    assert missing == []
    assert sum("guide-lexique" in text for path, text in pages.items() if path.endswith(".facile.md")) > 50


# ---------------------------------------------------------------- review pages


@pytest.mark.unit
def test_la_liste_a_relire_est_coupee_en_pages_sans_perdre_ni_repeter_une_ligne():
    """parts(): at most `per_page` rows a page, every row once and in order (hand-written pages, fiches, site words)."""

    def rows(prefix: str, count: int) -> list[ToReview]:
        return [ToReview(f"{prefix}{i}", "nom", "fr", "tr", "automatique", "f.yaml", i) for i in range(count)]

    found = Review("en", "en", "ltr", "anglais", ("relu",), records=rows("r", 7), strings=rows("s", 4), pages=rows("p", 2))
    cut = parts(found, 5)
    assert [len(p.pages) + len(p.records) + len(p.strings) for p in cut] == [5, 5, 3]
    assert [r.what for p in cut for r in [*p.pages, *p.records, *p.strings]] == [r.what for r in [*found.pages, *found.records, *found.strings]]
    assert [r.what for r in cut[1].records] == ["r3", "r4", "r5", "r6"] and [r.what for r in cut[1].strings] == ["s0"]
    assert parts(Review("en", "en", "ltr", "anglais", ("relu",)), 5) == [ReviewPart([], [], [])], "une liste vide a sa page"


def _review_rows(text: str) -> list[str]:
    """The body rows of a review page's tables (hand-written pages, fiches, site words), not their headers."""
    lines = text.splitlines()
    return [line for line, after in zip(lines, [*lines[1:], ""], strict=True) if line.startswith("| ") and not after.startswith("|---")]


@pytest.mark.unit
def test_chaque_page_de_la_liste_a_relire_a_son_titre_ses_liens_et_ses_lignes(monkeypatch):
    """With 2 rows a page, the fixture's Facile à lire list spans several pages: the first keeps the address, the
    explanation and the counts; each page says its number, links to every other page, and shows the rows of the
    one-page list, each once, in the same order."""
    validation = validate_fixture()
    localizers = validation.localizers(["fr", "facile"])
    monkeypatch.setattr(render, "RELIRE_PAR_PAGE", 10_000)
    whole = render_pages(validation.guide, validation.schema, TODAY, localizers)["partenaires/relire-facile.md"]
    assert "guide-pages" not in whole, "une liste qui tient sur une page n'a pas de liens vers d'autres pages"
    monkeypatch.setattr(render, "RELIRE_PAR_PAGE", 2)
    pages = render_pages(validation.guide, validation.schema, TODAY, localizers)
    paths, found = walk_paged_list(pages, "partenaires/relire-facile.md", _review_rows, "Relire : Facile à lire", 2)
    assert len(paths) >= 3
    for number, path in enumerate(paths, start=1):
        assert ("texte(s) à relire**" in pages[path]) == (number == 1), path
    assert found == _review_rows(whole) and len(found) > 2
    assert any("(suite)" in pages[path] for path in paths[1:])


@pytest.mark.unit
def test_la_page_de_relecture_montre_le_francais_a_cote_et_la_ligne_a_corriger():
    validation = validate_fixture()
    pages = render_pages(validation.guide, validation.schema, TODAY, validation.localizers(["fr", "facile"]))
    assert "partenaires/relire-facile.facile.md" not in pages, "hors des versions des habitants"
    page = pages["partenaires/relire-facile.md"]
    fixture = (FIXTURES / "translations" / "facile.yaml").read_text(encoding="utf-8").split("\n")
    draft = next(i + 1 for i, line in enumerate(fixture) if "Un projet pour les parents." in line)
    row = next(line for line in page.split("\n") if "Un projet pour les parents." in line)
    assert "brouillon" in row and f"data/translations/facile.yaml#L{draft})" in row
    # The line opens in the forge's editor (issue 28), not in the file's view; CONTRIBUTING.md is read in the view.
    links = re.findall(r"\]\((https?://[^)]+)\)", page)
    lines = [link for link in links if "#L" in link]
    assert lines and all(re.match(r"https://github\.com/[^/]+/[^/]+/edit/[^/]+/data/", link) for link in lines), lines
    assert not any("/blob/" in link for link in lines)
    assert any(re.search(r"/blob/[^/]+/CONTRIBUTING\.md#relire-une-langue$", link) for link in links)
    assert row.index("Un projet de test annoncé en 2023 pour les parents.") < row.index("Un projet pour les parents."), "le français est à côté"
    outdated = next(line for line in page.split("\n") if "`titre`" in line and "mesure" in line.lower())
    assert "à mettre à jour" in outdated
    assert "Vous trouvez un travail près de chez vous." not in page, "un texte relu n'est plus à relire"
    assert "#relire-une-langue" in page and "relire-une-langue" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").lower().replace(" ", "-")


@pytest.mark.unit
def test_l_arabe_tutoie_au_singulier_partout():
    """One way of saying « you » in every Arabic text: the singular (the plural « كم » endings and imperatives are gone)."""
    plural = re.compile(r"(?<![\u0600-\u06ff])[\u0600-\u06ff]+كم(?![\u0600-\u06ff])")
    imperatives = {"اسألوا", "تحدثوا", "اطلبوا", "تعالوا", "اتصلوا", "استعلموا", "اذهبوا", "افتحوا", "ابحثوا", "سجّلوا", "استمعوا", "كنتم", "أنتم"}
    for name in ("data/translations/ar.yaml", "data/interface/ar.yaml"):
        text = (ROOT / name).read_text(encoding="utf-8")
        found = [w for w in plural.findall(text) if w not in ("حكم", "وكم")]
        assert not found, (name, found[:10])
        words = set(re.findall(r"[\u0600-\u06ff]+", text))
        assert not {w.lstrip("وف") for w in words} & imperatives, (name, {w.lstrip("وف") for w in words} & imperatives)
