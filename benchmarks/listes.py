"""Les pages de listes à grande échelle, sans construire le site : un script qui affiche des chiffres (pas un test).

    .venv/bin/python benchmarks/listes.py --services 5000

Sur un jeu synthétique de N services (celui de bench.py), il affiche ce que dit le plan des pages (pages générées
par langue, la plus longue liste d'une page), puis, pour chaque sorte de page de liste (de A à Z, un thème, une
entrée « Pour qui », une organisation, une mesure, un livret, les aides de « Je cherche… ») : ses pages, le Markdown
écrit en français et le temps de processeur pour le faire (gabarits du guide) puis pour le changer en HTML
(Python-Markdown avec les extensions de mkdocs.yml), au total et par service listé. Une construction complète à
5 000 services prend 20 à 25 minutes de processeur ; ceci en prend une ou deux, et montre si une page qui grandit
coûte plus que sa part.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import ROOT, _load_config, _synthetic_data  # noqa: E402

KINDS = {
    "a-z.jinja.md": "de A à Z",
    "theme.jinja.md": "thème",
    "audience.jinja.md": "pour qui",
    "organisation.jinja.md": "organisation",
    "measure.jinja.md": "mesure",
    "booklet.jinja.md": "livret",
    "je-cherche.jinja.md": "je cherche",
}


def _listed(spec) -> int:
    """How many services a page lists (a fiche or a sheet: the one it describes)."""
    context = spec.context
    if "view" in context:
        return len(context["view"].results.all) if context["view"].results else 0
    if "groups" in context and spec.template == "a-z.jinja.md":
        return sum(len(services) for _, services in context["groups"])
    if "services" in context:
        return len(context["services"])
    if "measure" in context or "organisation" in context:  # before the lists were cut: the record's own list
        return len((context.get("measure") or context["organisation"]).services)
    return len(spec.records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=5000)
    args = parser.parse_args()

    import markdown

    from guide.rendu.plan import page_plan
    from guide.rendu.render import render_pages
    from guide.validate import validate

    config = _load_config()
    with tempfile.TemporaryDirectory() as scratch:
        data = _synthetic_data(Path(scratch), args.services)
        start = time.process_time()
        validation = validate(data, interface_dir=data.parent / "interface")
        assert validation.ok, [p.format() for p in validation.errors][:5]
        print(f"{args.services} services : validation {time.process_time() - start:.1f} s de processeur", flush=True)
        guide, schema, today = validation.guide, validation.schema, validation.guide.reference_date
        plan = page_plan(guide, schema, today)
        longest = max(_listed(s) for s in plan if s.template in KINDS)
        print(f"  plan : {len(plan)} pages générées par langue ; la plus longue liste d'une page : {longest} services")
        localizers = validation.localizers(["fr"])
        render_pages(guide, schema, today, localizers, only=frozenset({"a-z.md"}))  # warm-up: templates compiled, caches filled
        start = time.process_time()
        render_pages(guide, schema, today, localizers, only=frozenset())  # what any call costs (partners' pages, reviews): taken off below
        fixed = time.process_time() - start
        print(f"  coût fixe d'un appel à render_pages (retiré de « gabarits ») : {fixed:.2f} s")
        print(f"  {'sorte':14} {'pages':>6} {'fiches':>7} {'max/page':>9} {'Markdown':>10} {'gabarits':>9} {'HTML':>8} {'ms/fiche':>9}")
        for template, kind in KINDS.items():
            specs = [s for s in plan if s.template == template and _listed(s)]
            if template != "a-z.jinja.md":  # the one list with the most services, all its pages (`x.md`, `x/page-2.md`…)
                lists: dict[str, list] = {}
                for spec in specs:
                    lists.setdefault(spec.path.split("/page-")[0].removesuffix(".md"), []).append(spec)
                specs = max(lists.values(), key=lambda pages: sum(_listed(s) for s in pages))
            only = frozenset(s.path for s in specs)
            start = time.process_time()
            pages = render_pages(guide, schema, today, localizers, only=only)
            templates = max(time.process_time() - start - fixed, 0.0)
            start = time.process_time()
            for text in pages.values():
                md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
                md.convert(text.split("\n---\n", 1)[-1])
            html = time.process_time() - start
            fiches = sum(_listed(s) for s in specs)
            size = sum(len(t.encode()) for t in pages.values())
            print(
                f"  {kind:14} {len(specs):6} {fiches:7} {max(_listed(s) for s in specs):9} {size / 1024:8.0f}Ko"
                f" {templates:8.2f}s {html:7.2f}s {1000 * (templates + html) / max(fiches, 1):9.2f}",
                flush=True,
            )


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    main()
