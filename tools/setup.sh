#!/usr/bin/env bash
# Installs what the Sales Panel's tests need besides Odoo 18 itself: the pinned Python
# packages, Chromium for the tours (without it Odoo silently skips them) and MariaDB for
# the CDR tests. Idempotent; run as root on Debian, or with the packages already present.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || need+=(chromium)
command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || need+=(mariadb-server)
if ((${#need[@]})); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
    else
        echo "missing: ${need[*]} (install them with your package manager)" >&2
        exit 1
    fi
fi

# Odoo flips its stylesheets for right-to-left languages (Persian) with rtlcss; without it
# Persian pages are served left to right, silently.
if ! command -v rtlcss >/dev/null 2>&1; then
    if command -v npm >/dev/null 2>&1; then
        npm install --global --silent rtlcss@4.3.0
    else
        echo "missing: rtlcss (install Node.js, then: npm install -g rtlcss)" >&2
        exit 1
    fi
fi

python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt
python3 -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-oca.txt
