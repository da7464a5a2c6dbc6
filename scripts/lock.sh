#!/usr/bin/env bash
# Re-pin requirements/*.txt from the ranges in pyproject.toml, in a throw-away virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3.11 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet -e .
{
  echo "# Runtime dependencies, pinned. Ranges live in pyproject.toml; refresh with scripts/lock.sh."
  "$tmp/venv/bin/pip" freeze --exclude-editable
} > requirements/base.txt
"$tmp/venv/bin/pip" install --quiet pytest pytest-django hypothesis ruff polib time-machine "moto[server]" playwright axe-playwright-python pypdfium2 import-linter schemathesis
{
  echo "# Test dependencies, pinned; refresh with scripts/lock.sh."
  echo "-r base.txt"
  "$tmp/venv/bin/pip" freeze --exclude-editable | grep -vxFf <(grep -v '^#' requirements/base.txt)
} > requirements/test.txt
echo "pinned: $(grep -vc '^#' requirements/base.txt) runtime, $(grep -vcE '^(#|-r)' requirements/test.txt) test packages"
