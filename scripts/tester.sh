#!/bin/sh
# Installe (si besoin) puis lance tous les tests, en parallèle (pytest-xdist : un processus par cœur ; le site est
# construit une seule fois pour tous). Les arguments sont passés à pytest : `-m unit` pour les tests rapides seuls,
# `-n 0` pour tout lancer dans un seul processus.
# Les tests de navigateur utilisent le Chromium de Debian (/usr/bin/chromium) : il est installé ici s'il manque,
# comme axe-core et le validateur HTML du W3C (npm ; Java de la machine) et poppler (pdfinfo, pdftotext, pdftoppm)
# qui lit les PDF imprimés par Chromium dans les tests d'impression.
set -eu
cd "$(dirname "$0")/.."
sh scripts/installer.sh
missing=""
[ -x /usr/bin/chromium ] || missing="chromium"
command -v java >/dev/null || missing="$missing default-jre-headless"
command -v npm >/dev/null || missing="$missing npm"
command -v pdftoppm >/dev/null || missing="$missing poppler-utils"
if [ -n "$missing" ]; then
  echo "Installation des paquets Debian pour les tests de navigateur : $missing…"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "Installation d'axe-core et du validateur HTML du W3C (registre npm, versions de package-lock.json)…"
  # Sans Lighthouse (dépendance facultative, pour benchmarks/bench.py --lighthouse : `npm ci` l'installe) : 2 paquets en
  # 2 s au lieu de 147 en 10 s.
  npm ci --omit=optional --no-audit --no-fund --loglevel=error
fi
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest -n auto --dist worksteal "$@"
