#!/bin/sh
# Installe (si besoin) puis sert le site sur http://127.0.0.1:8000 (rechargé à chaque modification).
set -eu
cd "$(dirname "$0")/.."
sh scripts/installer.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 "$@"
