#!/usr/bin/env bash
# The front door's toolchain checks, run by the Makefile before it installs anything.
#
#   bash tools/toolchain.sh python-command     # the first of python3, python3.14 ... python3.11 that is >= 3.11
#   bash tools/toolchain.sh venv PYTHON VENV   # refuse a Python < 3.11; rebuild a VENV made by one; create VENV
#   bash tools/toolchain.sh npm                # npm is there to install the pinned Node tools
#   bash tools/toolchain.sh node NODE          # the pinned Node (package.json's `node`) runs and is >= 22
#
# Node: jsii (the CDK's bridge to Python) supports Node ^22 and ^24 only, and its support for Node 20 ended on
# 2026-10-30. package.json pins the npm registry's `node` package, which installs a Node binary into
# node_modules/.bin; the Makefile puts that folder first on PATH, so the CDK CLI, the app's jsii kernel and every
# other Node tool run on it whatever Node the machine has (this one's only installs the packages).
set -euo pipefail

MIN_PYTHON="3.11"
MIN_NODE_MAJOR=22

fail() {
    echo "error: $*" >&2
    exit 1
}

python_ok() {
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

python_version() {
    "$1" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo "not runnable"
}

python_command() {
    for candidate in python3 python3.14 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null && python_ok "$candidate"; then
            echo "$candidate"
            return
        fi
    done
    echo python3 # the venv step then says what is missing
}

venv() {
    local python="$1" venv="$2"
    python_ok "$python" || fail "Python >= $MIN_PYTHON is needed; '$python' is $(python_version "$python"). Install" \
        "Python $MIN_PYTHON or newer and run make again (or point at it: make install PYTHON=/path/to/python3.11)."
    if [[ -e "$venv" ]] && ! python_ok "$venv/bin/python"; then
        echo "==> $venv was made by Python $(python_version "$venv/bin/python"), not >= $MIN_PYTHON: rebuilding it"
        rm -rf "$venv"
    fi
    if [[ ! -x "$venv/bin/python" ]]; then
        echo "==> creating $venv with $python ($(python_version "$python"))"
        "$python" -m venv "$venv"
    fi
}

check_node() {
    local node="$1" version
    version=$("$node" -p 'process.versions.node' 2>/dev/null) ||
        fail "the pinned Node ($node) does not run: remove node_modules and run make install again"
    ((${version%%.*} >= MIN_NODE_MAJOR)) ||
        fail "Node >= $MIN_NODE_MAJOR is needed (jsii's support); $node is $version. Check package.json's 'node' pin."
    echo "==> Node tools run on the pinned Node $version ($node)"
}

case "${1:-}" in
python-command) python_command ;;
venv) venv "$2" "$3" ;;
npm) command -v npm >/dev/null || fail "npm not found: install Node.js with npm (any version); make installs the" \
    "pinned Node the tools run on." ;;
node) check_node "$2" ;;
*) fail "usage: bash tools/toolchain.sh python-command | venv PYTHON VENV | npm | node NODE" ;;
esac
