#!/usr/bin/env bash
# For each Python version given (default 3.11 3.12 3.13): a throwaway venv under ${TMPDIR:-/tmp}
# with exactly requirements.lock (hashes checked) and wgp-audit (editable, no resolving), then the
# fast tests on it. Interpreters: pyenv's versions, else whatever uv finds for that version. `make test-pythons`.
set -euo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.11 3.12 3.13)
FAST_TESTS=(tests/test_config.py tests/test_calendar.py tests/test_checks.py tests/test_runner.py
            tests/test_staging.py tests/test_environment.py tests/test_notebook_form.py)
status=0
for v in "${versions[@]}"; do
  venv="${TMPDIR:-/tmp}/wgp-audit-py$v"
  rm -rf "$venv"
  # pyenv's interpreter of that version if there is one (pyenv shims refuse inactive versions)
  py=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v".*/bin/python"$v" 2>/dev/null | sort -V | tail -1)
  uv venv --quiet --python "${py:-$v}" "$venv"
  uv pip install --quiet --python "$venv/bin/python" --require-hashes -r requirements.lock
  uv pip install --quiet --python "$venv/bin/python" --no-deps -e .
  echo "== $("$venv/bin/python" --version)" >&2
  if ! "$venv/bin/python" -m pytest -q -p no:cacheprovider "${FAST_TESTS[@]}"; then
    echo "FAILED on Python $v" >&2
    status=1
  fi
done
exit $status
