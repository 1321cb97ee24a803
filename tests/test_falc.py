"""Version « Facile à lire » : lisibilité de chaque texte, avis au lecteur, bascule, recherche séparée, lecture à voix haute."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from guide.donnees.paths import ROOT
from guide.langues.readability import THRESHOLDS, analyse, negations, page_text, syllables
from guide.langues.translations import fingerprint
from guide.pages import validate_once
from guide.rendu.handwritten import body, page_state
from guide.rendu.render import render_pages
from guide.validate import validate
from support import FIXTURES, MINIMAL, REAL_DATA, TODAY, french_pages, is_partners_page, minimal_text, reviewed_interface, search, validate_fixture

DOCS = ROOT / "docs"


# ---------------------------------------------------------------- the readability measure itself


# Spoken syllables of 150 French words, counted by hand (a silent final -e is not a syllable; « ils parlent » has one).
# Many are words of the guide; others are the traps of French spelling: hiatus (réunion, aéroport, client),
# diaeresis (naïf, Noël), « y » between vowels (payer, employeur), « qu »/« gu » (musique, psychologue), a spoken -ent.
SYLLABLES = {
    "jeune": 1,
    "emploi": 2,
    "formation": 3,
    "information": 4,
    "accompagnement": 5,
    "conseiller": 3,
    "aide": 1,
    "école": 2,
    "famille": 2,
    "enfant": 2,
    "mission": 2,
    "locale": 2,
    "travail": 2,
    "santé": 2,
    "psychologue": 3,
    "addictologie": 5,
    "prévention": 3,
    "parents": 2,
    "rendez-vous": 3,
    "logement": 3,
    "apprentissage": 4,
    "entreprise": 3,
    "gratuit": 2,
    "téléphone": 3,
    "inscription": 3,
    "diplôme": 2,
    "avenir": 3,
    "quartier": 2,
    "sport": 1,
    "culture": 2,
    "vacances": 2,
    "musique": 2,
    "ordinateur": 4,
    "numéro": 3,
    "dossier": 2,
    "adresse": 2,
    "semaine": 2,
    "matin": 2,
    "samedi": 3,
    "gymnase": 2,
    "permis": 2,
    "voiture": 2,
    "bourse": 1,
    "stage": 1,
    "métier": 2,
    "lycée": 2,
    "collège": 2,
    "handicap": 3,
    "crèche": 1,
    "garderie": 3,
    "rentrée": 2,
    "âge": 1,
    "ans": 1,
    "droit": 1,
    "argent": 2,
    "mairie": 2,
    "prendre": 1,
    "écrire": 2,
    "appeler": 3,
    "demander": 3,
    "trouver": 2,
    "engagement": 4,
    "contrat": 2,
    "chômage": 2,
    "Besançon": 3,
    "Planoise": 2,
    "psy": 1,
    "réunion": 3,
    "théâtre": 2,
    "créer": 2,
    "poème": 2,
    "naïf": 2,
    "aéroport": 4,
    "géant": 2,
    "réalité": 4,
    "Noël": 2,
    "maïs": 2,
    "chat": 1,
    "familles": 2,
    "parlent": 1,
    "France": 1,
    "aujourd'hui": 3,
    "l'école": 2,
    "gratuitement": 4,
    "répond": 2,
    "allocations": 4,
    "familiales": 3,
    "prévenir": 3,
    "éducateur": 4,
    "jeunesse": 2,
    "oui": 1,
    "nuit": 1,
    "beaucoup": 2,
    "monsieur": 2,
    "payer": 2,
    "essayer": 3,
    "pays": 2,
    "loyer": 2,
    "crayon": 2,
    "ville": 1,
    "fille": 1,
    "année": 2,
    "journée": 2,
    "idée": 2,
    "employeur": 3,
    "client": 2,
    "ouvrier": 3,
    "février": 3,
    "adolescent": 4,
    "souvent": 2,
    "clients": 2,
    "adolescents": 4,
    "patient": 2,
    "habitent": 2,
    "commencent": 2,
    "aident": 1,
    "urgent": 2,
    "référent": 3,
    "crier": 2,
    "premier": 2,
    "dernier": 2,
    "entier": 2,
    "lumière": 2,
    "boîte": 1,
    "maître": 1,
    "goût": 1,
    "où": 1,
    "eau": 1,
    "oiseau": 2,
    "femme": 1,
    "homme": 1,
    "personne": 2,
    "question": 2,
    "sexualité": 4,
    "violence": 2,
    "harcèlement": 4,
    "urgence": 2,
    "écoute": 2,
    "confidentiel": 4,
    "anonyme": 3,
    "soutien": 2,
    "bien": 1,
    "rien": 1,
    "chien": 1,
    "ancien": 2,
    "pitié": 2,
    "société": 3,
    "première": 2,
    "amitié": 3,
    "poésie": 3,
}


@pytest.mark.unit
@pytest.mark.parametrize("word, count", sorted(SYLLABLES.items()))
def test_syllabes_de_mots_connus(word, count):
    assert syllables(word) == count


@pytest.mark.unit
def test_formule_de_kandel_et_moles_sur_des_phrases_connues():
    # « Le chat dort. » : 3 mots, 3 syllabes, 1 phrase → 207 − 1,015 × 3 − 73,6 × 1
    assert analyse("Le chat dort.").kandel_moles == pytest.approx(207 - 1.015 * 3 - 73.6 * 1)
    # 2 phrases, 7 mots, 11 syllabes (vous 1, appelez 3, la 1, mairie 2, elle 1, vous 1, répond 2)
    assert analyse("Vous appelez la mairie. Elle vous répond.").kandel_moles == pytest.approx(207 - 1.015 * 3.5 - 73.6 * 11 / 7)


@pytest.mark.unit
def test_les_regles_falc_sont_detectees():
    assert analyse("La CAF vous aide.").unexpanded_acronyms == ["CAF"]
    assert analyse("La Caisse d'allocations familiales (CAF) vous aide. La CAF paie.").unexpanded_acronyms == []
    assert analyse("Au XXe siècle, 20 % des gens, etc.").forbidden == ["pourcentage « % »", "chiffre romain « XXe »", "abréviation « etc. »"]
    long_sentence = " ".join(["mot"] * 16) + "."
    assert any("phrase de 16 mots" in f for f in analyse(long_sentence).failures())
    assert analyse("Le conseil de la vie collégienne (CVC) se réunit.").forbidden == []


# ---------------------------------------------------------------- every FALC text of the guide


def _falc_pages():
    entries = validate_once(REAL_DATA).catalogues["facile"].entries
    for collection, records in entries.items():
        for rid, fields in records.items():
            text = page_text(fields)
            if text:
                yield pytest.param(text, id=f"{collection}/{rid}")


@pytest.mark.donnees
@pytest.mark.unit
@pytest.mark.parametrize("text", list(_falc_pages()))
def test_chaque_fiche_facile_respecte_les_seuils(text):
    assert analyse(text).failures() == []


def _markdown_text(path: Path) -> str:
    text = body(path.read_text(encoding="utf-8"))
    text = re.sub(r"<[^>]+>|<!--.*?-->", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return "\n".join(line.strip(" #-!*>") for line in text.splitlines() if line.strip() and not line.startswith("!!!"))


@pytest.mark.unit
@pytest.mark.parametrize("path", sorted(DOCS.glob("*.facile.md")), ids=lambda p: p.name)
def test_chaque_page_ecrite_a_la_main_en_facile_respecte_les_seuils(path):
    assert analyse(_markdown_text(path)).failures() == []


@pytest.mark.rendu
def test_une_fiche_sans_son_texte_facile_le_dit_sur_sa_page(validation, real_pages):
    """Whatever the data: a fiche whose own Facile à lire text is missing (a partner's new service) shows the French, and its
    page says it is not Facile à lire (or says worse: an outdated or held back text), never « un outil a écrit ce texte »."""
    localizer = validation.localizers(["fr", "facile"])[1]
    said = [localizer.raw(f"avis_{state}_titre") for state in ("manquant", "perime", "retenu")]
    for service in validation.guide.services:
        if localizer.state([service]) == "manquant":
            page = real_pages[f"fiches/{service.id}.facile.md"]
            assert any(title in page for title in said), (
                f"fiche {service.id} (data/schemes.yaml:{service.line}) : son texte Facile à lire manque ; sa page Facile à lire "
                f"doit le dire (avis « {said[0]} »)"
            )


@pytest.mark.unit
def test_les_seuils_sont_en_un_seul_endroit():
    source = (ROOT / "guide" / "langues" / "readability.py").read_text(encoding="utf-8")
    assert source.count("max_sentence_words: int = ") == 1 and THRESHOLDS.max_sentence_words == 15


# ---------------------------------------------------------------- what readers are told (fixtures)


@pytest.fixture(scope="module")
def fixture_pages(tmp_path_factory):
    # Interface strings all reviewed: each page's notice then comes from its records' texts alone.
    validation = validate(MINIMAL, on=TODAY, interface_dir=reviewed_interface(tmp_path_factory.mktemp("interface")))
    return render_pages(validation.guide, validation.schema, TODAY, validation.localizers(["fr", "facile"]))


@pytest.mark.unit
def test_le_jeu_de_test_signale_la_traduction_perimee():
    validation = validate_fixture()
    assert [(p.record_id, p.field, p.is_error) for p in validation.problems] == [("mesure-20", "titre.empreinte", False)]


@pytest.mark.unit
def test_avis_brouillon(fixture_pages):
    page = fixture_pages["fiches/service-b.facile.md"]
    assert "Texte pas encore relu" in page and "Un projet pour les parents." in page


@pytest.mark.unit
def test_avis_perime(fixture_pages):
    page = fixture_pages["mesures/mesure-20.facile.md"]
    assert "Texte peut-être ancien" in page and "Texte pas encore relu" not in page


@pytest.mark.unit
def test_avis_manquant_et_texte_francais_affiche(fixture_pages):
    page = fixture_pages["mesures/mesure-21.facile.md"]
    assert "Pas encore en facile à lire" in page
    assert "Une mesure de coordination, sans guichet." in page, "le texte français doit remplacer le texte manquant"
    assert "Pas encore en facile à lire" in fixture_pages["organisations/org-a.facile.md"], "un seul champ manquant suffit"


@pytest.mark.unit
def test_pas_d_avis_pour_une_page_relue_et_a_jour(fixture_pages, tmp_path_factory):
    # Every text a page shows counts, not only its own record's: service-a lists mesure-20, whose title is outdated.
    assert "Texte peut-être ancien" in fixture_pages["fiches/service-a.facile.md"]
    validation = validate(MINIMAL, on=TODAY, interface_dir=reviewed_interface(tmp_path_factory.mktemp("interface")))
    title = validation.catalogues["facile"].entries["mesures"]["mesure-20"]["titre"]
    title["empreinte"] = fingerprint(next(m for m in validation.guide.mesures if m.id == "mesure-20").french["titre"])
    page = render_pages(validation.guide, validation.schema, TODAY, validation.localizers(["fr", "facile"]))["fiches/service-a.facile.md"]
    assert "Vous trouvez un travail près de chez vous." in page
    assert "guide-avis" not in page and not any(w in page for w in ("Texte pas encore relu", "Texte peut-être ancien", "Pas encore en facile à lire"))


@pytest.mark.unit
def test_un_nouveau_service_sans_facile_a_lire_montre_le_francais_avec_son_avis(tmp_path):
    """A partner adds a service and writes no Facile à lire text: its Facile page shows the French, and says so.

    With the interface strings of Facile à lire written by a tool (as in data/interface/facile.yaml), the notice used to say
    « un outil a écrit ce texte facile à lire » over a text that is plain French."""
    text = minimal_text()
    block = text[text.index("  - id: service-b\n") :]
    new = block.replace("id: service-b", "id: service-neuf").replace("Un projet de test.", "Un service tout neuf, écrit en français courant.")
    (tmp_path / "schemes.yaml").write_text(text + "\n" + new, encoding="utf-8")
    shutil.copytree(FIXTURES / "translations", tmp_path / "translations")
    interface = reviewed_interface(tmp_path / "interface", statut="automatique")
    validation = validate(tmp_path / "schemes.yaml", on=TODAY, interface_dir=interface)
    assert validation.ok, [p.format() for p in validation.errors]
    pages = render_pages(validation.guide, validation.schema, TODAY, validation.localizers(["fr", "facile"]))
    page = pages["fiches/service-neuf.facile.md"]
    assert "Un service tout neuf, écrit en français courant." in page, "le texte français remplace le Facile à lire qui manque"
    assert "Pas encore en facile à lire" in page, "la page dit que ce n'est pas du Facile à lire"
    assert "Un outil a écrit ce texte" not in page, "aucun outil n'a écrit ce texte : c'est le français"
    assert "Pas encore en facile à lire" not in pages["fiches/service-b.facile.md"], "une fiche qui a son texte Facile à lire garde son avis"


@pytest.mark.unit
def test_jamais_d_avis_sur_les_pages_francaises(fixture_pages):
    french = [text for path, text in fixture_pages.items() if ".facile." not in path]
    assert french and not any("pas encore relu" in t.lower() or "Traduction non relue" in t for t in french)


@pytest.mark.unit
def test_etat_d_une_page_ecrite_a_la_main(tmp_path):
    (tmp_path / "page.md").write_text("---\ntitle: X\n---\n# Titre\n\nTexte.\n", encoding="utf-8")
    print_ = fingerprint(body((tmp_path / "page.md").read_text(encoding="utf-8")))
    assert page_state({}, tmp_path, "page.md", "fr", "fr") == "original"
    assert page_state({}, tmp_path, "page.md", "facile", "fr") == "manquant"
    assert page_state({"traduction": {"statut": "brouillon", "empreinte": print_}}, tmp_path, "page.facile.md", "facile", "fr") == "brouillon"
    assert page_state({"traduction": {"statut": "relu", "empreinte": print_}}, tmp_path, "page.facile.md", "facile", "fr") == "relu"
    assert page_state({"traduction": {"statut": "relu", "empreinte": "000000000000"}}, tmp_path, "page.facile.md", "facile", "fr") == "perime"


# ---------------------------------------------------------------- the built site


def _for_residents(site: Path) -> list[Path]:
    """The French pages for residents: not the partners' pages, made in French only."""
    return [page for page in french_pages(site) if not is_partners_page(site, page)]


@pytest.mark.build
def test_chaque_page_a_sa_version_facile_en_francais(site):
    pages = _for_residents(site)
    assert len(pages) > 150
    for page in pages:
        falc = site / "facile" / page.relative_to(site)
        assert falc.exists(), falc
        assert re.search(r'<html dir="ltr" lang="fr"', falc.read_text(encoding="utf-8")[:600])


@pytest.mark.build
def test_les_pages_des_partenaires_n_ont_ni_version_facile_ni_bascule(site):
    partners = [page for page in french_pages(site) if is_partners_page(site, page)]
    assert len(partners) > 10
    for page in partners:
        assert not (site / "facile" / page.relative_to(site)).exists(), page
        assert 'class="guide-bascule"' not in page.read_text(encoding="utf-8"), f"{page} : bouton Facile à lire vers une page qui n'existe pas"


@pytest.mark.build
def test_la_bascule_marche_dans_les_deux_sens_sur_chaque_page(site):
    href = re.compile(r'<a class="guide-bascule" href="([^"]+)"')
    for page in _for_residents(site):
        french = page.read_text(encoding="utf-8")
        falc_path = site / "facile" / page.relative_to(site)
        to_falc = href.search(french)
        assert to_falc, f"pas de bouton Facile à lire sur {page.relative_to(site)}"
        assert _resolve(site, page, to_falc.group(1)) == falc_path.resolve()
        back = href.search(falc_path.read_text(encoding="utf-8"))
        assert back and _resolve(site, falc_path, back.group(1)) == page.resolve()


def _resolve(site: Path, page: Path, href: str) -> Path:
    """The index.html an href leads to (relative, or absolute from the site root)."""
    base = site if href.startswith("/") else page.parent
    return (base / href.lstrip("/") / "index.html").resolve()


@pytest.mark.build
def test_la_recherche_facile_a_son_propre_index(site):
    entry = json.loads((site / "facile" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]  # <html lang="fr"> : racines françaises, mais un index à part
    assert (site / "facile" / "pagefind" / "pagefind-entry.json").read_bytes() != (site / "pagefind" / "pagefind-entry.json").read_bytes()


@pytest.mark.browser
def test_la_recherche_facile_trouve_les_pages_faciles(browser, server):
    page = browser.new_page()
    page.goto(server + "facile/")
    links = search(page, "travail")
    page.close()
    assert links and all(link.startswith("/facile/") for link in links), links


# ---------------------------------------------------------------- read aloud (speech API stubbed)

_STUB = """
window.__spoken = [];
const voices = %s;
Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
  getVoices: () => voices, speaking: false, paused: false,
  speak(u) { window.__spoken.push({ text: u.text, lang: u.lang }); this.speaking = true; },
  pause() { this.paused = true; window.__spoken.push({ action: 'pause' }); },
  resume() { this.paused = false; }, cancel() { this.speaking = false; window.__spoken.push({ action: 'cancel' }); },
  addEventListener() {},
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
"""


@pytest.mark.browser
def test_ecouter_lit_la_page_dans_sa_langue(browser, server):
    page = browser.new_page()
    page.add_init_script(_STUB % '[{"lang": "fr-FR", "name": "Voix française"}]')
    page.goto(server + "facile/fiches/contrat-engagement-jeune/")
    button = page.locator('.guide-ecouter [data-action="lire"]')
    assert button.is_visible()
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken[-1]["lang"] == "fr"
    title = page.locator("article h1").inner_text()
    assert title in spoken[-1]["text"] and "Écouter" not in spoken[-1]["text"]
    page.locator('.guide-ecouter [data-action="pause"]').click()
    page.locator('.guide-ecouter [data-action="arreter"]').click()
    actions = [s.get("action") for s in page.evaluate("window.__spoken")]
    assert actions[-2:] == ["pause", "cancel"]
    assert button.is_visible()
    page.close()


@pytest.mark.browser
def test_ecouter_est_cache_sans_voix_pour_la_langue(browser, server):
    page = browser.new_page()
    page.add_init_script(_STUB % '[{"lang": "en-GB", "name": "English"}]')
    page.goto(server + "fiches/contrat-engagement-jeune/")
    assert not page.locator(".guide-ecouter").is_visible()
    page.close()


@pytest.mark.unit
def test_les_negations_sont_comptees():
    assert negations("Il ne vient pas. Vous n'avez rien. Sans diplôme, ni travail.") == 4
    assert negations("Jamais ? Aucune aide.") == 2
    assert negations("Nelson Mandela, une neige, le nez.") == 0


@pytest.mark.unit
def test_le_facile_a_lire_n_a_pas_plus_de_negations_que_le_francais(validation):
    """Per record (names excepted): FALC asks for affirmative sentences, so never more negations than the source."""
    falc = validation.localizers(["fr", "facile"])[1]
    worse = []
    for record in [*validation.guide.services, *validation.guide.mesures, *validation.guide.organisations, *validation.guide.lieux]:
        source = simple = 0
        for name in falc.fields.get(record.collection, []):
            french, text = record.french.get(name), falc.text(record, name)
            if french is None or text.is_french or name in ("nom", "titre"):  # French shown in its place: not FALC text
                continue
            source += negations(" ".join(french) if isinstance(french, list) else str(french))
            simple += negations(" ".join(text.value) if isinstance(text.value, list) else str(text.value))
        if simple > source:
            worse.append(f"{record.collection}/{record.id} : {simple} négation(s) en Facile à lire, {source} en français")
    assert worse == []


# ---------------------------------------------------------------- generated FALC pages


def _reader_text(markdown: str, names: re.Pattern) -> str:
    """What a reader reads on a generated page, sentence by sentence: no front matter, markup, icons or hidden words
    (the residents' search words); names of records and documents count as one word (they are measured where written);
    the items of an inline list (« A : … ; B : … ») are read one by one."""
    text = markdown.split("---\n", 2)[2] if markdown.startswith("---\n") else markdown
    text = re.sub(r"<p hidden.*?</p>|<!--.*?-->|<svg.*?</svg>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>|\{[^}]*\}|:[a-z0-9-]+:|\*", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = names.sub("Nom", text).replace(" ; ", "\n")
    return "\n".join(line.strip(" #-!>|") for line in text.splitlines() if line.strip() and not line.startswith("!!!"))


@pytest.mark.rendu
def test_les_pages_generees_en_facile_respectent_les_seuils(validation, real_pages):
    """Every generated FALC page a resident reads (fiches, measures, organisations, themes, « Pour qui », A to Z,
    useful numbers, « Je cherche… »), not only the records' texts. Printed booklets and sheets repeat the fiches."""
    falc = validation.localizers(["fr", "facile"])[1]
    pages = real_pages
    records = [*validation.guide.services, *validation.guide.mesures, *validation.guide.organisations, *validation.guide.lieux]
    names = {r.nom for r in records} | {a for r in records for a in r.alias} | {d["titre"] for d in validation.guide.documents.values()}
    names |= {falc.text(r, "titre" if r.collection == "mesures" else "nom").value for r in records}
    names |= {r.sigle for r in validation.guide.organisations if r.sigle}
    pattern = re.compile("|".join(re.escape(n) for n in sorted((n for n in names if n and len(n) > 1), key=len, reverse=True)))
    # French shown in the place of an outdated FALC text, or of one that lost a number to call (guide/langues/translations.py),
    # is announced by the page's notice and is not measured as FALC.
    shown_french = {
        part
        for r in records
        for name in falc.fields.get(r.collection, [])
        if (text := falc.text(r, name)).is_french and text.value
        for part in (text.value if isinstance(text.value, list) else [text.value])
    }
    spaces = str.maketrans({"\u00a0": " ", "\u202f": " "})  # the page may keep a number's groups together
    ordered = sorted({t.translate(spaces) for t in shown_french}, key=len, reverse=True)
    french_fallback = re.compile("|".join(re.escape(t) for t in ordered)) if ordered else None

    def without_french(text: str) -> str:
        return french_fallback.sub(" ", text.translate(spaces)) if french_fallback else text

    measured = {
        path: _reader_text(without_french(text), pattern)
        for path, text in pages.items()
        if path.endswith(".facile.md") and not path.startswith(("livrets/", "imprimer/"))
    }
    assert len(measured) > 200
    failing = {path: found for path, text in measured.items() if (found := analyse(text).failures())}
    assert failing == {}


@pytest.mark.rendu
def test_une_etiquette_qui_pose_une_question_n_est_pas_suivie_de_deux_points(real_pages):
    """« Pour qui ? » is a label on its own: never « Pour qui ? : » (522 times on the Facile pages before)."""
    found = {path: line.strip() for path, text in real_pages.items() for line in text.splitlines() if re.search(r"[?؟]\**\s*:", line)}
    assert found == {}, "une question suivie de deux-points : " + "; ".join(f"{p} : {line}" for p, line in list(found.items())[:5])


@pytest.mark.rendu
def test_un_service_joint_seulement_a_distance_ne_montre_ni_ou_ni_quand(guide, real_pages):
    """A national line or site with no place in the neighbourhood: « Au téléphone ou sur internet », no « lieu non précisé »,
    and « Quand » only with known hours (« jour et nuit »), never « horaires non connus »; every other service keeps its Où and
    its Quand (a rule on any data)."""
    distant = [s for s in guide.services if s.at_a_distance]
    assert distant, "le jeu de données n'a aucun service joint à distance : la règle ne serait pas vérifiée"
    for service in guide.services:
        for suffix, where, when in ((".md", "au téléphone ou sur internet", "**Quand :**"), (".facile.md", "au téléphone ou sur internet", "**Quand ?**")):
            page = real_pages[service.page.removesuffix(".md") + suffix]
            essentials = page.split('<div class="fiche-essentiel" markdown>', 1)[1].split("</div>", 1)[0]
            if service.at_a_distance:
                assert where in essentials, f"{service.id}{suffix} : joint à distance, mais « lieu non précisé »"
                assert (when in essentials) == bool(service.horaires_accueil), f"{service.id}{suffix} : Quand seulement avec des horaires connus"
            else:
                assert when in essentials and where not in essentials, f"{service.id}{suffix} : Où et Quand attendus"


@pytest.mark.rendu
def test_un_bouton_de_site_n_ecrit_pas_de_devant_une_voyelle(real_pages):
    """« Site de Éducation nationale » was on the Facile pages: a button naming a site never puts « de » before a vowel."""
    found = sorted({m.group(0) for text in real_pages.values() for m in re.finditer(r"Site de [AEÉÈIOUYaeéèiouyh]\w*", text)})
    assert found == [], found
