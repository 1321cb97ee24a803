"""Les longues listes de services sont coupées en pages (guide/rendu/pagination.py).

Un jeu de 150 services fabriqué ici (copies des services du jeu de test) : chaque liste qui en montre plus de PAR_PAGE
continue sur d'autres pages ; depuis la première, les liens « Page suivante » mènent à chacun de ses services, et aucune
page n'en tient plus que PAR_PAGE. Une liste courte garde sa seule page, à la même adresse.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from guide.donnees.paths import INTERFACE_DIR
from guide.rendu.pagination import PAR_PAGE, paginate, part_path
from guide.rendu.plan import GENERATED_ROOTS, PageSpec, page_plan
from guide.rendu.render import render_pages
from guide.validate import validate
from support import MINIMAL, TODAY, yaml_load

pytestmark = pytest.mark.unit

SERVICES = 150


@pytest.fixture(scope="module")
def grand_jeu(tmp_path_factory):
    """The fixture data with SERVICES services: copies of service-a (same theme, organisation, measure, ages) under new names."""
    folder: Path = tmp_path_factory.mktemp("grand-jeu")
    data = yaml_load(MINIMAL.read_text(encoding="utf-8"))
    model = next(s for s in data["services"] if s["id"] == "service-a")
    for number in range(SERVICES - len(data["services"])):
        clone = copy.deepcopy(model)
        clone["id"], clone["nom"] = f"service-copie-{number:03}", f"Copie {number:03} du service"
        clone.pop("alias", None)
        data["services"].append(clone)
    (folder / "translations").mkdir()
    (folder / "schemes.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    validation = validate(folder / "schemes.yaml", on=TODAY, interface_dir=INTERFACE_DIR)
    assert validation.ok, [p.format() for p in validation.errors]
    return validation


def _listed(spec: PageSpec) -> list:
    """The services a list page shows, in order."""
    if "view" in spec.context:
        return [m.service for m in spec.context["view"].results.all]
    if "groups" in spec.context:
        return [s for _, services in spec.context["groups"] for s in services]
    if "sections" in spec.context:  # the partners' report: its rows' records (fiches, measures, organisations)
        return [gap.record for section in spec.context["sections"] for gap in section.gaps]
    return list(spec.context["services"])


def _lists(plan: list[PageSpec]) -> dict[str, list[PageSpec]]:
    """Each paged list, by the path of its first page: its pages in the order the « Page suivante » links give them."""
    by_path = {spec.path: spec for spec in plan}
    found = {}
    for spec in plan:
        pages = spec.context.get("pagination") or getattr(spec.context.get("view"), "pagination", None)
        if pages is None or pages.number != 1:
            continue
        chain = [spec]
        while (pages.next) is not None:
            chain.append(by_path[pages.next])
            pages = chain[-1].context.get("pagination") or chain[-1].context["view"].pagination
        found[spec.path] = chain
    return found


def test_une_liste_est_coupee_en_pages_reliees_la_premiere_garde_son_adresse():
    pages = paginate("themes/sante.md", list(range(150)), 60)
    assert [(path, len(items), p.number) for path, items, p in pages] == [
        ("themes/sante.md", 60, 1),
        ("themes/sante/page-2.md", 60, 2),
        ("themes/sante/page-3.md", 30, 3),
    ]
    first, second, last = (p for _, _, p in pages)
    assert (first.previous, first.next) == (None, "themes/sante/page-2.md")
    assert (second.previous, second.next) == ("themes/sante.md", "themes/sante/page-3.md")
    assert (last.previous, last.next) == ("themes/sante/page-2.md", None)
    assert [item for _, items, _ in pages for item in items] == list(range(150)), "chaque élément une fois, dans l'ordre"
    # A short list, or an empty one, keeps its one page at its address, with no page links.
    assert [(path, items, p.paged) for path, items, p in paginate("a-z.md", [1, 2])] == [("a-z.md", [1, 2], False)]
    assert [(path, items, p.paged) for path, items, p in paginate("a-z.md", [])] == [("a-z.md", [], False)]
    assert part_path("je-cherche/a/b/index.md", 2) == "je-cherche/a/b/page-2.md"
    assert part_path("organisations/org-a.md", 3) == "organisations/org-a/page-3.md"


def test_depuis_la_premiere_page_les_liens_suivante_menent_a_chaque_service_de_chaque_liste(grand_jeu):
    guide = grand_jeu.guide
    plan = page_plan(guide, grand_jeu.schema, TODAY)
    lists = _lists(plan)
    copies = {s.id for s in guide.services if s.id.startswith("service-copie-")}
    # Every kind of list that grows with the data is cut: A to Z, theme, audience, organisation, measure, booklet, finder.
    assert len(lists["a-z.md"]) == 3
    assert len(lists["themes/emploi-insertion.md"]) > 1 and len(lists["livrets/emploi-insertion.md"]) > 1
    assert len(lists["organisations/org-a.md"]) > 1 and len(lists["mesures/mesure-20.md"]) > 1
    assert any(len(chain) > 1 for path, chain in lists.items() if path.startswith("pour-qui/"))
    assert any(len(chain) > 1 for path, chain in lists.items() if path.startswith("je-cherche/"))
    for first, chain in lists.items():
        reached = [s for spec in chain for s in _listed(spec)]
        assert len(reached) == len({s.id for s in reached}), f"{first} : un service sur deux pages"
        if len(chain) > 1:
            assert copies <= {s.id for s in reached}, f"{first} : un service qu'aucune page suivante ne montre"
    assert {s.id for s in _listed(lists["a-z.md"][0])} | {s.id for spec in lists["a-z.md"][1:] for s in _listed(spec)} == {s.id for s in guide.services}
    # The measure's and the organisation's structured data are on their own page only.
    assert [spec.about is not None for spec in lists["organisations/org-a.md"]] == [True, False, False]


def test_aucune_page_de_liste_ne_tient_plus_que_la_borne(grand_jeu):
    plan = page_plan(grand_jeu.guide, grand_jeu.schema, TODAY)
    lists = [spec for chain in _lists(plan).values() for spec in chain]
    assert lists
    for spec in lists:
        assert len(_listed(spec)) <= PAR_PAGE, spec.path
        assert len(spec.records) <= max(PAR_PAGE, 1), spec.path
    # Every page of the plan names at most the bound of services (fiches and sheets name one).
    assert max(len([r for r in spec.records if r.collection == "services"]) for spec in plan) <= PAR_PAGE


def test_une_page_suivante_a_son_titre_et_ses_liens_de_page_dans_chaque_langue(grand_jeu):
    only = frozenset({"themes/emploi-insertion.md", "themes/emploi-insertion/page-2.md", "themes/emploi-insertion/page-3.md"})
    pages = render_pages(grand_jeu.guide, grand_jeu.schema, TODAY, grand_jeu.localizers(["fr", "facile", "en", "ar", "swb"]), only=only)
    second = pages["themes/emploi-insertion/page-2.md"]
    assert yaml_load(second.split("---")[1])["title"] == "Emploi et insertion — page 2"
    assert re.search(r"^# Emploi et insertion — page 2$", second, re.M)
    assert '<nav class="guide-pages" aria-label="Pages de la liste" markdown>' in second
    assert '- [Page précédente](../emploi-insertion.md){ rel="prev" }' in second
    assert '- [Page suivante](page-3.md){ rel="next" }' in second
    assert '- <span aria-current="page">Page 2</span>' in second
    assert "Page 2 sur 3." in second
    first = pages["themes/emploi-insertion.md"]
    assert "— page" not in first.split("\n## ")[0] and "Page précédente" not in first and "- [Page suivante](emploi-insertion/page-2.md)" in first
    for locale in ("facile", "en", "ar", "swb"):
        assert "guide-pages" in pages[f"themes/emploi-insertion/page-2.{locale}.md"], locale
    assert 'aria-label="صفحات القائمة"' in pages["themes/emploi-insertion/page-2.ar.md"]


def test_le_suivi_du_pacte_nomme_au_plus_la_borne_de_services_par_mesure_et_mene_aux_autres(grand_jeu):
    pages = render_pages(grand_jeu.guide, grand_jeu.schema, TODAY, grand_jeu.localizers(["fr"]), only=frozenset({"suivi-du-pacte.md"}))
    line = next(line for line in pages["suivi-du-pacte.md"].splitlines() if "Services liés" in line and "Copie" in line)
    named = len(next(m for m in grand_jeu.guide.mesures if m.id == "mesure-20").services)
    assert named > PAR_PAGE
    assert line.count("](fiches/") == PAR_PAGE
    assert line.endswith(f"[et {named - PAR_PAGE} autres](mesures/mesure-20.md)"), "les autres services sont sur la page de la mesure"


def test_chaque_page_suivante_est_la_ou_seules_les_pages_generees_vont(grand_jeu):
    """An older build's file left in docs/ there is recognised and set aside (guide/build.py, is_generated_root)."""
    further = [spec.path for spec in page_plan(grand_jeu.guide, grand_jeu.schema, TODAY) if "/page-" in spec.path]
    assert further
    for path in further:
        assert path.split("/")[0] in GENERATED_ROOTS, path
