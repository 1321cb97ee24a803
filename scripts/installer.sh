#!/bin/sh
# Crée l'environnement Python local (.venv) et installe les versions figées de requirements.txt.
# Utilisé par scripts/servir.sh et scripts/tester.sh ; sans effet si tout est déjà installé.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv || {
    echo "Impossible de créer l'environnement Python. Sur Debian/Ubuntu : sudo apt-get install python3-venv" >&2
    exit 1
  }
fi
stamp=.venv/.requirements.sha256
wanted=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$wanted" > "$stamp"
fi
