#!/usr/bin/env bash
# Install what the project needs on a Debian machine: system packages when missing, then the venv.
set -euo pipefail
venv="${1:-.venv}"
cd "$(dirname "$0")/.."

missing=()
while read -r pkg probe; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    if [[ "$probe" == "-" ]]; then
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    elif [[ "$probe" == /* ]]; then
        [[ -e "$probe" ]] || missing+=("$pkg")  # a file (font) or a program: present is enough
    else
        command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
    fi
done < scripts/apt-packages.txt

if ((${#missing[@]})); then
    echo "bootstrap: installing ${missing[*]} with apt-get"
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # dovecot and postgresql start system services on install; the tests run their own
    # instances on free loopback ports, so the system ones are only in the way.
    for service in dovecot postgresql; do
        if [[ " ${missing[*]} " == *" $service"* ]]; then
            "${sudo_cmd[@]}" systemctl disable --now "$service" >/dev/null 2>&1 \
                || "${sudo_cmd[@]}" service "$service" stop >/dev/null 2>&1 || true
        fi
    done
fi

python=${PYTHON:-python3}
if [[ ! -x "$venv/bin/python" ]]; then
    echo "bootstrap: creating $venv"
    "$python" -m venv "$venv"
fi
log="$venv/pip-install.log"
if ! { "$venv/bin/python" -m pip install -q --upgrade pip && "$venv/bin/python" -m pip install -e '.[dev]'; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "bootstrap: pip install failed (full log: $log); check the network to PyPI and retry" >&2
    exit 2
fi
# The tutorial's SCORM test runs the package in scorm-again, an LMS-side runtime from npm.
scorm_test=tests/tutorial/scorm
if command -v npm >/dev/null 2>&1 && [[ -f "$scorm_test/package-lock.json" ]]; then
    if ! npm ci --prefix "$scorm_test" --no-audit --no-fund >"$venv/npm-install.log" 2>&1; then
        tail -n 20 "$venv/npm-install.log" >&2
        echo "bootstrap: npm ci failed (full log: $venv/npm-install.log); check the network to the npm registry and retry" >&2
        exit 2
    fi
fi
# The living spec's Allure test builds the Allure 3 report of a run (npm package `allure`).
allure_test=tests/livingspec/allure
if command -v npm >/dev/null 2>&1 && [[ -f "$allure_test/package-lock.json" ]]; then
    if ! npm ci --prefix "$allure_test" --no-audit --no-fund >"$venv/npm-allure.log" 2>&1; then
        tail -n 20 "$venv/npm-allure.log" >&2
        echo "bootstrap: npm ci failed (full log: $venv/npm-allure.log); check the network to the npm registry and retry" >&2
        exit 2
    fi
fi
echo "bootstrap: ready ($venv)"
