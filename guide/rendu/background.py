"""Faire une partie du travail dans un processus à part, pendant que MkDocs continue.

Sur une machine à plusieurs processeurs, les pages des autres langues se font pendant que MkDocs construit la langue
par défaut (guide/build.py), une langue après l'autre : chaque langue est prête dès qu'elle est faite, sans attendre
les suivantes. Le processus est une copie (`fork`) de celui de la construction : il n'a rien à recharger. Là où
`fork` n'est pas sûr (Windows n'en a pas ; un processus qui a déjà des fils d'exécution, comme `mkdocs serve` ou un
test, pourrait s'y bloquer), le travail se fait tout de suite, au même endroit.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import threading
import traceback
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any


class Apart:
    """Named pieces of work done in order in one child process; `result(name)` waits for that piece only."""

    def __init__(self, works: Mapping[str, Callable[[], Any]]) -> None:
        self._names = list(works)
        self._outcomes: dict[str, tuple[str, Any]] = {}  # name → ("ok", its result) or ("erreur", what went wrong)
        if not hasattr(os, "fork") or threading.active_count() > 1:
            self._outcomes = {name: ("ok", work()) for name, work in works.items()}
            return
        self._folder = Path(tempfile.mkdtemp(prefix="guide-pages-"))
        read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: each piece in turn, announced as soon as it is written; it leaves without the parent's exit handlers
            os.close(read)
            try:
                _child(works, self._folder, write)
            finally:
                os._exit(0)
        os.close(write)
        self._done = os.fdopen(read, "rb", buffering=0)  # one line per piece written: its number
        # Results never asked for (a build stopped half-way): the child is waited for and its files removed.
        self._cleanup = weakref.finalize(self, _forget, self._pid, self._done, self._folder)

    def result(self, name: str) -> Any:
        """The piece's result, once the child has written it; its error, raised here (each time), if it failed."""
        while name not in self._outcomes:
            line = self._done.readline()
            if not line:  # the child has ended: what it did not write, it could not do
                for missing in self._names:
                    self._outcomes.setdefault(missing, ("erreur", "le processus s'est arrêté avant de le faire"))
                break
            done = self._names[int(line)]
            with open(self._folder / f"{int(line)}.pickle", "rb") as given:
                self._outcomes[done] = pickle.load(given)  # noqa: S301 - our own child's pickle, in a folder only it writes
        if len(self._outcomes) == len(self._names):
            self._cleanup()  # every piece read: the child is waited for, its files removed (once)
        kind, value = self._outcomes[name]
        if kind != "ok":
            raise RuntimeError(f"le travail fait à part (« {name} ») a échoué : {value}")
        return value


def _child(works: Mapping[str, Callable[[], Any]], folder: Path, write: int) -> None:
    """In the child: each piece in order, its outcome pickled, then its number on the pipe; it stops at the first failure."""
    for number, work in enumerate(works.values()):
        try:
            outcome = ("ok", work())
        except BaseException:  # noqa: BLE001 - any failure goes to the parent, which raises it
            outcome = ("erreur", traceback.format_exc())
        partial = folder / f"{number}.partiel"
        with open(partial, "wb") as out:
            pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
        partial.rename(folder / f"{number}.pickle")
        try:
            os.write(write, f"{number}\n".encode())
        except BrokenPipeError:
            return  # the parent no longer listens (its build stopped)
        if outcome[0] != "ok":
            return


def _forget(pid: int, done: Any, folder: Path) -> None:
    done.close()
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass  # already waited for
    shutil.rmtree(folder, ignore_errors=True)
