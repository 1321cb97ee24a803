"""Faire une partie du travail dans un processus à part, pendant que MkDocs continue.

Sur une machine à plusieurs processeurs, les pages des autres langues se font pendant que MkDocs construit la langue
par défaut (guide/build.py). Le processus est une copie (`fork`) de celui de la construction : il n'a rien à
recharger. Là où `fork` n'est pas sûr (Windows n'en a pas ; un processus qui a déjà des fils d'exécution, comme
`mkdocs serve` ou un test, pourrait s'y bloquer), le travail se fait tout de suite, au même endroit.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
import traceback
import weakref
from collections.abc import Callable
from typing import Any


class Later:
    """A result being computed in a child process; `result()` waits for it (once)."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self._outcome: tuple[str, Any] | None = None  # ("ok", the result) or ("erreur", what went wrong), once known
        if not hasattr(os, "fork") or threading.active_count() > 1:
            self._outcome = ("ok", work())
            return
        handle, self._path = tempfile.mkstemp(prefix="guide-pages-", suffix=".pickle")
        os.close(handle)
        self._pid = os.fork()
        if self._pid == 0:  # the child: compute, write the result to the file, leave without running the parent's exit handlers
            status = 1
            try:
                try:
                    outcome = ("ok", work())
                except BaseException:  # noqa: BLE001 - any failure goes to the parent, which raises it
                    outcome = ("erreur", traceback.format_exc())
                with open(self._path, "wb") as out:
                    pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        # A result never asked for (a build stopped half-way): the child is waited for and its file removed.
        self._cleanup = weakref.finalize(self, _forget, self._pid, self._path)

    def result(self) -> Any:
        """The work's result, once the child has finished; its error, raised here (each time), if it failed."""
        if self._outcome is None:
            _, status = os.waitpid(self._pid, 0)
            try:
                with open(self._path, "rb") as given:
                    self._outcome = pickle.load(given)  # noqa: S301 - our own child's pickle, in a file only it wrote
            except (OSError, EOFError, pickle.UnpicklingError) as error:
                self._outcome = ("erreur", f"arrêté sans résultat (état {status}) : {error}")
            finally:
                self._cleanup()
        kind, value = self._outcome
        if kind != "ok":
            raise RuntimeError(f"le travail fait à part a échoué : {value}")
        return value


def _forget(pid: int, path: str) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass  # already waited for
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
