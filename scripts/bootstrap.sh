#!/usr/bin/env bash
# Create .venv with exactly the locked dependencies of requirements.lock (hashes checked; uv if
# available, else pip), then install wgp-audit in editable mode without resolving again.
# Idempotent: a second run only checks. Needs Python 3.11 (or PYTHON=python3.12 / python3.13) and
# PyPI. `make lock` refreshes requirements.lock after a change to pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
stamp=.venv/.wgp-installed
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt requirements.lock ]; then
  exit 0
fi
echo "bootstrap: creating .venv with $($PY --version)" >&2
if ! command -v uv >/dev/null 2>&1; then
  "$PY" -m pip install --quiet uv >/dev/null 2>&1 || true
fi
if command -v uv >/dev/null 2>&1; then
  [ -x .venv/bin/python ] || uv venv --quiet --python "$PY" .venv
  uv pip install --quiet --python .venv/bin/python --require-hashes -r requirements.lock
  uv pip install --quiet --python .venv/bin/python --no-deps -e ".[test]"
  check=(uv pip check --quiet --python .venv/bin/python)
else
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps -e ".[test]"
  check=(.venv/bin/python -m pip check)
fi
if ! "${check[@]}" >&2; then  # a dependency added to pyproject.toml but not to the lock
  echo "bootstrap: requirements.lock does not satisfy pyproject.toml: run \`make lock\`, then make setup" >&2
  exit 1
fi
touch "$stamp"
echo "bootstrap: .venv ready" >&2
