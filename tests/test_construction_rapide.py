"""Ce que la construction garde en mémoire pour aller plus vite ne change aucune page, et ne devient jamais périmé.

Chemins relatifs mis en cache, gabarits relus une fois par rendu (pas à chaque `get_template`), mots du glossaire
cherchés seulement dans une page qui peut les contenir : chaque test dit la règle qui rend le raccourci sûr.
"""

from __future__ import annotations

import pytest

from guide.rendu.templating import relative_path


@pytest.mark.unit
def test_un_chemin_relatif_est_calcule_une_fois_et_ne_depend_pas_du_dossier_courant(tmp_path, monkeypatch):
    first = relative_path("organisations/caf.md", "fiches/une-fiche-de-ce-test.md")
    hits = relative_path.cache_info().hits
    monkeypatch.chdir(tmp_path)  # posixpath.relpath lit le dossier courant : il s'annule entre les deux chemins
    assert relative_path("organisations/caf.md", "fiches/une-fiche-de-ce-test.md") == first == "../organisations/caf.md"
    assert relative_path.cache_info().hits == hits + 1, "le même lien, demandé par chaque langue, n'est calculé qu'une fois"
    relative_path.cache_clear()
    assert relative_path("organisations/caf.md", "fiches/une-fiche-de-ce-test.md") == first
