"""La recherche du site : les mots des habitants (data/recherche/<langue>.yaml) et l'index Pagefind de chaque langue.

- Les mots des habitants (mots courants, abréviations, anciens noms) sont des données : un fichier par langue,
  vérifié comme le reste (schéma data/recherche.schema.json, identifiants connus, messages en français).
  Les gabarits les ajoutent, cachés, aux fiches nommées, après leurs alias (`search_terms`, avec `search_words` du Localizer).
- Dès que les pages d'une langue sont écrites, `SearchIndexes` lui fait son index Pagefind (<langue>/pagefind/),
  fait des seules pages marquées `data-pagefind-body` (fiches, mesures, organisations, quelques pages pour les
  habitants) : ni les pages d'index, ni les livrets, ni les feuilles en 2 langues, ni les pages pour partenaires.
  Le navigateur ne télécharge rien de l'index avant que le lecteur ouvre la recherche (docs/assets/recherche.js).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from guide.donnees import markup
from guide.donnees.loader import load_yaml
from guide.donnees.paths import ROOT, shown_path
from guide.donnees.problems import Problem
from guide.donnees.references import known_ids, reference_problems
from guide.donnees.schema import Schema

WORDS_SCHEMA = ROOT / "data" / "recherche.schema.json"
# What marks a page as resident content (overrides/main.html puts it on the page's main content).
BODY_MARK = "data-pagefind-body"
# Files of the Pagefind bundle the guide's own search box never asks for (Pagefind's ready-made interfaces).
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-modular-ui.js")
_UNUSED += ("pagefind-modular-ui.css", "pagefind-highlight.js", "pagefind-worker.js")  # recherche.js: noWorker
# The list of the bundle's files, which the service worker keeps for offline search once search has been used.
FILE_LIST = "fichiers.json"


# ---------------------------------------------------------------- residents' words


def search_terms(record: Any, words: dict[str, list[str]]) -> list[str]:
    """The words a record's page gives the search index, hidden: its aliases, then the residents' words of the page's language."""
    return [*record.alias, *words.get(record.id, [])]


def load_search_words(directory: Path, data: dict, schema_file: Path = WORDS_SCHEMA) -> tuple[dict[str, dict[str, list[str]]], list[Problem]]:
    """Every data/recherche/<locale>.yaml: locale → record id → words, and the problems found (in French)."""
    if not directory.is_dir():
        return {}, []
    schema = Schema.load(schema_file)
    known = known_ids(data)
    words: dict[str, dict[str, list[str]]] = {}
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yaml")):
        shown = shown_path(path)
        loaded = load_yaml(path, shown)
        if loaded.problems:
            problems += loaded.problems
            continue
        found = schema.problems(loaded.data, shown)
        if not found:
            found = _word_problems(loaded.data, shown) + reference_problems(loaded.data, shown, schema.reference_paths(), known)
        problems += found
        if not found:
            words[path.stem] = _by_record(loaded.data["mots"])
    return words, problems


def _word_problems(document: Any, shown: str) -> list[Problem]:
    """Every word is plain text (guide/donnees/markup.py): the pages print them, hidden, for the search index."""
    problems = []
    for i, entry in enumerate(document["mots"]):
        for j, word in enumerate(entry["mots"]):
            found = markup.problems(word, formatted=False)
            if found:
                line, column = entry["mots"].marks.get(j, entry.marks.get("mots", (1, 1)))
                problems.append(Problem(shown, line, column, f"mots n°{i + 1}", f"mots[{j + 1}]", markup.message(found), *markup.expected(False)))
    return problems


def _by_record(entries: list[dict]) -> dict[str, list[str]]:
    """Record id → its words, each once, in file order."""
    found: dict[str, list[str]] = {}
    for entry in entries:
        for rid in entry["fiches"]:
            bucket = found.setdefault(rid, [])
            bucket += [w for w in entry["mots"] if w not in bucket]
    return found


# ---------------------------------------------------------------- index, after the build


def resident_pages(site_dir: Path, locale: str, locales: list[str], default: str) -> list[tuple[str, Path]]:
    """The pages of a locale that carry resident content: (address relative to the locale's root, file)."""
    root = site_dir if locale == default else site_dir / locale
    others = {other for other in locales if other != default}
    found = []
    for path in sorted(root.rglob("index.html")):
        relative = path.parent.relative_to(root)
        if locale == default and relative.parts and relative.parts[0] in others:
            continue
        if BODY_MARK.encode() in path.read_bytes():  # the mark is ASCII: the page need not be decoded to find it
            found.append(("/" + (relative.as_posix() + "/" if relative.parts else ""), path))
    return found


class SearchIndexes:
    """The Pagefind index of each locale (<locale>/pagefind/), each started as soon as its locale's pages are written.

    mkdocs-static-i18n builds the languages one after the other: `start(locale)` right after a language's pass lets
    Pagefind index it on the other processor while the next language is built; `finish()` starts any locale not yet
    started, waits for every run and returns the number of pages of each. Pagefind's own command is run on a scratch
    copy of the locale's resident pages (hard links when the file system allows): it writes every file before it
    exits (its Python API could return before the last file was complete). Each run writes only its own folder.
    """

    def __init__(self, site_dir: Path, locales: list[str], default: str, languages: dict[str, str]) -> None:
        self.site_dir, self.locales, self.default, self.languages = Path(site_dir), list(locales), default, languages
        self.scratch: Path | None = None  # made by the first `start`
        self.runs: dict[str, tuple[subprocess.Popen, Path, str]] = {}
        self.counts: dict[str, int] = {}

    def start(self, locale: str) -> None:
        """Index a locale whose pages are all written (once: a locale already started is left running)."""
        from pagefind_bin import get_executable  # the binary comes inside the pagefind-bin wheel (requirements.txt)

        if locale in self.runs or locale not in self.locales:
            return
        self.scratch = self.scratch or Path(tempfile.mkdtemp(prefix="guide-pagefind-"))
        pages = resident_pages(self.site_dir, locale, self.locales, self.default)
        output = (self.site_dir if locale == self.default else self.site_dir / locale) / "pagefind"
        shutil.rmtree(output, ignore_errors=True)
        language = self.languages.get(locale, locale)
        for url, path in pages:
            target = Path(self.scratch, locale, url.strip("/"), "index.html")
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(path, target)
        command = [str(get_executable()), "--site", str(Path(self.scratch, locale)), "--output-path", str(output), "--force-language", language, "--silent"]
        try:
            self.runs[locale] = (subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), output, language)
        except BaseException:
            self.close()  # no scratch copy left behind by a build that stops here
            raise
        self.counts[locale] = len(pages)

    def finish(self) -> dict[str, int]:
        """Every locale's index complete (those not started are started now); the number of pages of each, in locale order."""
        try:
            for locale in self.locales:
                self.start(locale)
            failed = {}
            for locale, (run, _, _) in self.runs.items():
                out, err = run.communicate()
                if run.returncode != 0:
                    failed[locale] = err.strip() or out.strip()
        finally:
            self.close()
        if failed:
            locale, message = next(iter(failed.items()))
            raise RuntimeError(f"Pagefind n'a pas pu écrire l'index de recherche « {locale} » : {message}")
        for _, output, language in self.runs.values():
            for name in _UNUSED:
                (output / name).unlink(missing_ok=True)
            if (output / f"wasm.{language}.pagefind").exists():  # Pagefind falls back on the language-neutral one otherwise
                (output / "wasm.unknown.pagefind").unlink(missing_ok=True)
            files = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
            (output / FILE_LIST).write_text(json.dumps(files, separators=(",", ":")), encoding="utf-8")
        return {locale: self.counts[locale] for locale in self.locales}

    def close(self) -> None:
        """Stop what still runs (a build that failed half-way) and remove the scratch copy."""
        for run, _, _ in self.runs.values():
            if run.poll() is None:
                run.kill()
                run.communicate()
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link to the page (Pagefind only reads it), or a copy across file systems."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
