"""Construction du guide contre la référence (MkDocs + Material + mkdocs-static-i18n sur le même Markdown), en paires.

    .venv/bin/python benchmarks/paires.py                 # 1 tour d'échauffement, puis 3 paires A/B/A/B
    .venv/bin/python benchmarks/paires.py --paires 5
    .venv/bin/python benchmarks/paires.py --services 500  # sur un jeu synthétique (voir bench.py)

La machine de développement est partagée : le temps écoulé varie du simple au double selon la charge. Chaque paire
construit le guide (A) puis la référence (B), l'une juste après l'autre, et le script donne les médianes et le
rapport de chaque paire, en temps écoulé et en temps de processeur (utilisateur + système, programmes lancés compris,
comme Pagefind) : celui-ci dépend bien moins de la charge. La charge (`uptime`) est affichée avant et après.
Les deux constructions se préparent comme dans bench.py (mêmes pages écrites à la main, même Markdown généré).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import ROOT, _plain_config, _synthetic_data  # noqa: E402


def _build(config: Path, site: Path, env: dict) -> tuple[float, float, float]:
    """One build in a child process: (seconds elapsed, seconds of processor, peak memory in MB)."""
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"construction échouée : {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paires", type=int, default=3, help="nombre de paires A/B mesurées (après un tour d'échauffement)")
    parser.add_argument("--services", type=int, help="un jeu synthétique de N services (sinon : les vraies données)")
    args = parser.parse_args()
    print("charge avant :", _load(), flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        docs = work / "docs"
        shutil.copytree(ROOT / "docs", docs)
        data = _synthetic_data(work, args.services) if args.services else None
        env = {"GUIDE_DATA": str(data)} if data else {}
        guide = ROOT / "mkdocs.yml"  # the project's own configuration and docs/ (the copy in `docs` is the same pages, for the reference)
        plain_work = work / "plain"
        plain_work.mkdir()
        plain = _plain_config(plain_work, docs, data)
        builds = {"guide": (guide, work / "site", env), "référence": (plain, plain_work / "site", {})}
        for config, site, extra in builds.values():  # warm-up: caches of the disk and of Python's bytecode
            _build(config, site, extra)
        rows = []
        for i in range(args.paires):
            a = _build(*builds["guide"])
            b = _build(*builds["référence"])
            rows.append((a, b))
            print(
                f"  paire {i + 1} : guide {a[0]:6.1f} s ({a[1]:6.1f} s proc., {a[2]:5.0f} Mo)"
                f" | référence {b[0]:6.1f} s ({b[1]:6.1f} s proc., {b[2]:5.0f} Mo)"
                f" | rapport {a[0] / b[0]:4.2f} écoulé, {a[1] / b[1]:4.2f} processeur",
                flush=True,
            )
    med = statistics.median
    print(
        f"médianes : guide {med(a[0] for a, _ in rows):.1f} s ({med(a[1] for a, _ in rows):.1f} s proc.)"
        f" | référence {med(b[0] for _, b in rows):.1f} s ({med(b[1] for _, b in rows):.1f} s proc.)"
        f" | rapport médian des paires : {med(a[0] / b[0] for a, b in rows):.2f} écoulé, {med(a[1] / b[1] for a, b in rows):.2f} processeur"
    )
    print("charge après :", _load())


if __name__ == "__main__":
    main()
