#!/bin/sh
# Installe (si besoin) puis lance tous les tests. Les arguments sont passés à pytest.
# Les tests de navigateur utilisent le Chromium de Debian (/usr/bin/chromium) : il est installé ici s'il manque.
set -eu
cd "$(dirname "$0")/.."
sh scripts/installer.sh
if [ ! -x /usr/bin/chromium ]; then
  echo "Installation de Chromium (paquet Debian) pour les tests de navigateur…"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
