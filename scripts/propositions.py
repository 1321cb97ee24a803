"""Ce que lance le workflow .github/workflows/propositions.yml : appliquer une proposition reçue par la forge.

Deux chemins mènent ici, sans git ni YAML à écrire pour le partenaire :

- un fichier ajouté sous `propositions/` (page « Add file » de la forge, ou pull request qui n'ajoute que ce fichier,
  fusionnée) : `python scripts/propositions.py --fichiers propositions/x.yaml …` ;
- une issue ouverte avec le formulaire « Proposer une correction » (.github/ISSUE_TEMPLATE/proposition.yml), dont le
  champ « Proposition » contient le fichier donné par le formulaire du site :
  `python scripts/propositions.py --issue 12 --texte-issue corps.md`.

Pour chaque proposition : `python -m guide appliquer` (tout ou rien, messages en français). Le script écrit le texte de la
pull request (`--corps`) et, pour le workflow, dans $GITHUB_OUTPUT : `applique` (true/false), `branche`, `titre`.
Il ne touche ni à git ni à la forge : le workflow ouvre ou met à jour la pull request. Il répond 0 même quand la
proposition est refusée (le refus est dans le corps, que le workflow met en commentaire) ; 2 pour un appel sans objet.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

DOSSIER = "propositions"
RACINE = Path(__file__).resolve().parent.parent


@dataclass
class Resultat:
    """What applying one proposal gave: the exit code and everything the command printed (French)."""

    fichier: str
    code: int
    sortie: str

    @property
    def applique(self) -> bool:
        return self.code == 0


def propositions_ajoutees(chemins: list[str]) -> list[str]:
    """The proposal files among the paths a push added: YAML files directly under propositions/ (its README aside)."""
    found = []
    for chemin in chemins:
        path = Path(chemin.strip())
        if path.parts[:1] == (DOSSIER,) and len(path.parts) == 2 and path.suffix in (".yaml", ".yml"):
            found.append(path.as_posix())
    return sorted(dict.fromkeys(found))


def extraire_de_l_issue(texte: str) -> str | None:
    """The proposal pasted in the issue form: the ```yaml block GitHub makes of a `render: yaml` field, else the text from « origine: »."""
    bloc = re.search(r"```(?:yaml|yml)?[ \t]*\r?\n(.*?)\r?\n```", texte, flags=re.DOTALL)
    if bloc and "propositions:" in bloc.group(1):
        return bloc.group(1).strip() + "\n"
    debut = re.search(r"^(?:#.*\n)*(?:origine|propositions):", texte, flags=re.MULTILINE)
    return texte[debut.start() :].strip() + "\n" if debut else None


def branche(source: str) -> str:
    """The branch of the pull request for one proposal: the same proposal always updates the same pull request."""
    nom = re.sub(r"[^a-z0-9-]+", "-", Path(source).stem.lower()).strip("-") or "proposition"
    return f"propositions/{nom}"


def appliquer(fichier: str, donnees: str | None = None) -> Resultat:
    """`python -m guide appliquer FICHIER`, in this process: its exit code and what it printed."""
    from guide.__main__ import main

    out = io.StringIO()
    args = ["appliquer", fichier] + (["--donnees", donnees] if donnees else [])
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(args)
        except SystemExit as stop:  # argparse
            code = int(stop.code or 0)
    return Resultat(fichier, code, out.getvalue())


def titre(fiches: list[str]) -> str:
    """The pull request's title: the records it changes."""
    qui = ", ".join(fiches[:3]) + ("…" if len(fiches) > 3 else "")
    return f"Proposition : {qui}" if qui else "Proposition de correction"


def fiches_de(texte: str) -> list[str]:
    """The record ids a proposal names (« - fiche: x »), for the title."""
    return list(dict.fromkeys(re.findall(r"^\s*-\s*fiche:\s*([a-z0-9-]+)\s*$", texte, flags=re.MULTILINE)))


def corps(resultats: list[Resultat], origine: str) -> str:
    """The pull request's text (or the issue comment when refused), in French, for the maintainer and the partner."""
    lignes = [f"Proposition reçue {origine}, appliquée par `python -m guide appliquer` (le workflow `propositions.yml`).", ""]
    for r in resultats:
        etat = "appliquée" if r.applique else "**refusée : rien n'est écrit**"
        lignes += [f"### `{r.fichier}` : {etat}", "", "```", r.sortie.strip() or "(rien)", "```", ""]
    if all(r.applique for r in resultats):
        lignes += [
            "À relire avant de fusionner : la modification de `data/schemes.yaml` (onglet « Files changed »), la provenance",
            "(organisation, moyen, date) et, pour une valeur donnée par une autre organisation que celle de la fiche, « à confirmer ».",
            "La vérification habituelle (`verifier.yml`) tourne sur cette pull request.",
        ]
    else:
        lignes += ["Corrigez la proposition (le message dit quelle fiche et quel champ), puis modifiez l'issue ou le fichier : le workflow recommence."]
    return "\n".join(lignes) + "\n"


def _sortie_github(valeurs: dict[str, str]) -> None:
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        for cle, valeur in valeurs.items():
            handle.write(f"{cle}={valeur}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/propositions.py", description="Appliquer les propositions reçues par la forge.")
    parser.add_argument("--fichiers", nargs="*", default=[], help="les chemins ajoutés par le push (seuls ceux de propositions/ comptent)")
    parser.add_argument("--issue", help="le numéro de l'issue qui porte la proposition")
    parser.add_argument("--texte-issue", help="le fichier où le workflow a écrit le corps de l'issue")
    parser.add_argument("--donnees", default=None, help="le fichier de données (par défaut data/schemes.yaml)")
    parser.add_argument("--corps", default="corps-pr.md", help="où écrire le texte de la pull request")
    parser.add_argument("--dossier", default=str(RACINE / DOSSIER), help="où écrire la proposition d'une issue (par défaut propositions/)")
    args = parser.parse_args(argv)
    if args.issue:
        texte = Path(args.texte_issue).read_text(encoding="utf-8") if args.texte_issue else ""
        proposition = extraire_de_l_issue(texte)
        if proposition is None:
            message = "Aucune proposition trouvée dans l'issue : collez le fichier donné par le formulaire du site dans le champ « Proposition »."
            Path(args.corps).write_text(message + "\n", encoding="utf-8")
            _sortie_github({"applique": "false", "branche": f"propositions/issue-{args.issue}", "titre": "Proposition introuvable"})
            print(message)
            return 0
        fichier = Path(args.dossier) / f"issue-{args.issue}.yaml"
        fichier.parent.mkdir(exist_ok=True)
        fichier.write_text(proposition, encoding="utf-8")
        fichiers, origine, nom = [str(fichier)], f"dans l'issue #{args.issue}", f"issue-{args.issue}"
    else:
        fichiers = propositions_ajoutees(args.fichiers)
        if not fichiers:
            print("Aucun fichier de propositions/ dans ce push : rien à faire.")
            return 2
        origine, nom = "par un fichier ajouté sous propositions/", Path(fichiers[0]).stem
    fiches = [f for chemin in fichiers for f in fiches_de(Path(chemin).read_text(encoding="utf-8"))]
    resultats = [appliquer(f, args.donnees) for f in fichiers]
    applique = all(r.applique for r in resultats)
    if args.issue or applique:  # the issue keeps the proposal; an applied file leaves propositions/ in the same pull request
        for chemin in fichiers:
            Path(chemin).unlink()
    Path(args.corps).write_text(corps(resultats, origine), encoding="utf-8")
    _sortie_github({"applique": "true" if applique else "false", "branche": branche(nom), "titre": titre(fiches)})
    for r in resultats:
        print(r.sortie, end="")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(RACINE))
    sys.exit(main())
