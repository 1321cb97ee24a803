"""Les messages adressés aux partenaires : erreurs (bloquantes) et avertissements."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters a reader cannot see: control characters (but tab and line ends) and those that force the text's direction.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

ERROR = "erreur"
WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the data, located at a line of a file."""

    path: str
    line: int
    column: int
    record_id: str
    field: str
    message: str
    expected: str | None = None
    example: str | None = None
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        """True when the problem must stop the build."""
        return self.severity == ERROR

    def format(self) -> str:
        """The one French line a partner reads: `fichier:ligne:col: id › champ : message (attendu : … ; exemple : …)`."""
        where = f"{self.path}:{self.line}:{self.column}:"
        subject = " › ".join(part for part in (self.record_id, self.field) if part)
        head = f"{where} {subject} : {self.message}" if subject else f"{where} {self.message}"
        if self.severity == WARNING:
            head = f"{where} avertissement : " + head[len(where) + 1 :]
        hints = []
        if self.expected:
            hints.append(f"attendu : {self.expected}")
        if self.example:
            hints.append(f"exemple : {_one_line(self.example)}")
        return visible(f"{head} ({' ; '.join(hints)})" if hints else head)

    def github_annotation(self) -> str:
        """The same message as a GitHub Actions annotation on the right line."""
        kind = "error" if self.is_error else "warning"
        text = self.format().replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.column}::{text}"


def _one_line(text: str) -> str:
    return " ⏎ ".join(part.strip() for part in str(text).splitlines() if part.strip())


def visible(text: str) -> str:
    """The text with every invisible character written as an escape (« \\x1b », « \\u202e »): safe for a terminal or a log."""
    return INVISIBLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)
