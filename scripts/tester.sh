#!/bin/sh
# Installe (si besoin) puis lance tous les tests. Les arguments sont passés à pytest.
set -eu
cd "$(dirname "$0")/.."
sh scripts/installer.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
