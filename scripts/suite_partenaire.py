"""Toute la suite de tests sur une copie des données modifiée comme le ferait un partenaire (issue 28).

La copie (tests/support.py, partner_copy) a : la fiche du CEJ vérifiée aujourd'hui par la Mission locale ; une adresse
locale avec sa source ; le téléphone de la Mission locale, donné par elle-même (numéro réservé à la fiction) ; un nouveau
service sans texte Facile à lire, anglais ni arabe ; le résumé arabe du CEJ récrit par une personne (statut brouillon).
Une modification juste d'un partenaire ne doit faire échouer aucun test.

    .venv/bin/python scripts/suite_partenaire.py            # toute la suite, 2 processus (20 à 30 minutes sur 2 cœurs)
    .venv/bin/python scripts/suite_partenaire.py -m unit    # les arguments suivants sont passés à pytest

La copie est écrite dans un dossier temporaire, nommé au début ; data/ n'est pas touché.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import partner_copy  # noqa: E402


def main(arguments: list[str]) -> int:
    folder = Path(tempfile.mkdtemp(prefix="guide-partenaire-"))
    schemes = partner_copy(folder)
    print(f"Données modifiées comme par un partenaire : {schemes.parent} (GUIDE_DATA={schemes})", flush=True)
    command = [sys.executable, "-m", "pytest", "-n", "2", "-p", "no:randomly", "-p", "no:cacheprovider", "-q", *arguments]
    return subprocess.call(command, cwd=ROOT, env={**os.environ, "GUIDE_DATA": str(schemes)})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
