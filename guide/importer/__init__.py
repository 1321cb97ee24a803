"""Importer data·inclusion : des propositions de contacts à relire, jamais appliquées sans relecture.

Trois étapes, trois commandes :

1. `python -m guide importer DOSSIER --commune 25056 --sortie propositions.yaml` lit
   `structures.json` et `services.json` de l'export national (version 1 du schéma),
   valide chaque ligne avec le paquet officiel `data-inclusion-schema`, garde les
   communes demandées, rapproche chaque ligne des fiches du guide et écrit les
   valeurs qui changeraient. `data/` n'est pas touché.
2. Le partenaire relit le fichier et supprime ce qu'il refuse.
3. `python -m guide appliquer propositions.yaml` (ou `importer --appliquer`) écrit ce qui reste dans
   `data/schemes.yaml` (le reste du fichier garde ses octets : ruamel.yaml en aller-retour),
   avec la provenance de chaque valeur et le champ listé dans `a_confirmer`.

Règles de rapprochement, la meilleure preuve d'abord (une ligne n'est rapprochée
que par la première règle qui trouve quelque chose) :

- `siret` : même SIRET que l'organisation (confiance 1) ;
- `identifiant` : une ligne de notre propre export (`guide-planoise--<id>`, confiance 1) ;
- `reseau-commune` : le réseau porteur de la ligne est celui de l'organisation
  (`RESEAUX_PORTEURS` de guide/sorties/opendata.py), ou celui du gestionnaire du lieu, et la
  ligne est dans une des communes demandées (confiance 0,8) ;
- `nom` : nom normalisé (minuscules, sans accents ni mots outils ni parenthèses)
  semblable à un des noms de la fiche (nom, sigle, alias) à `SEUIL_NOM` au moins,
  dans une commune demandée, sans réseau porteur contraire ni autre commune
  (confiance : la ressemblance × 0,75 sur son nom, × 0,7 sur un sigle ou un alias) ;
- un service data·inclusion n'est rapproché d'un service du guide que si sa structure
  est rapprochée d'une organisation ou d'un lieu de ce service et que leurs noms se
  ressemblent (confiance 0,8 ; 0,7 par un alias), ou par son identifiant.

Sans `--commune`, seules les deux premières règles (preuves certaines) s'appliquent.

Une fiche que plusieurs lignes rapprochent à égalité (même règle, confiances à moins de `MARGE`), ou une ligne qui rapproche
plusieurs fiches, va dans `a_decider` : rien n'y est appliqué. Une valeur que le
guide a déjà n'est remplacée que sur une correspondance certaine (confiance 1) ;
sinon la différence est seulement signalée (`non_proposees`).

Le paquet suit ces étapes : `lecture` (l'export), `rapprochement` (ligne ↔ fiche),
`propositions` (les valeurs, le fichier à relire). L'application est commune à toutes
les sortes de propositions (celles du formulaire du site aussi) : guide/appliquer.py.
"""

from guide.appliquer import Application, appliquer
from guide.importer.lecture import FICHIERS, Lecture, Ligne, lire_export, message_fr, valider_ligne
from guide.importer.propositions import (
    CHAMPS_IMPORTABLES,
    Changement,
    Proposition,
    Propositions,
    ecrire_propositions,
    format_telephone,
    meme_valeur,
    partenaire,
    proposer,
    valeur_proposee,
)
from guide.importer.rapprochement import (
    CONFIANCE,
    MARGE,
    REGLES,
    SEUIL_NOM,
    Candidat,
    Rapprochement,
    candidats_service,
    candidats_structure,
    departager,
    meilleur_nom,
    normaliser,
    rapprocher,
    ressemblance,
)

__all__ = [
    "CHAMPS_IMPORTABLES",
    "CONFIANCE",
    "FICHIERS",
    "MARGE",
    "REGLES",
    "SEUIL_NOM",
    "Application",
    "Candidat",
    "Changement",
    "Lecture",
    "Ligne",
    "Proposition",
    "Propositions",
    "Rapprochement",
    "appliquer",
    "candidats_service",
    "candidats_structure",
    "departager",
    "ecrire_propositions",
    "format_telephone",
    "lire_export",
    "meilleur_nom",
    "meme_valeur",
    "message_fr",
    "normaliser",
    "partenaire",
    "proposer",
    "rapprocher",
    "ressemblance",
    "valeur_proposee",
    "valider_ligne",
]
