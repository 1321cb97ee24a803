#!/bin/sh
# Installe (si besoin) puis sert le site sur http://127.0.0.1:8000 (rechargé à chaque modification).
#   sh scripts/servir.sh            toutes les langues
#   sh scripts/servir.sh --rapide   le français seul (environ 5 fois plus rapide à chaque modification)
# Les autres arguments vont à `mkdocs serve`. Sous ce serveur, le service worker n'est pas installé (docs/assets/hors-ligne.js)
# et la politique de sécurité de la page permet le script de rechargement automatique (`mkdocs serve` le dit aux crochets : on_startup).
set -eu
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--rapide" ]; then
  shift
  export GUIDE_LANGUE_SEULE=fr
fi
sh scripts/installer.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 "$@"
