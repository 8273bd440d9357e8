#!/bin/bash
# Entry point of the Sales Panel image: Odoo's own (/entrypoint.sh of odoo:18.0), after
# writing the configuration Odoo runs with from /etc/odoo/odoo.conf and the environment.
#
# - admin_passwd, the database manager's master password, is never in a committed file:
#   it comes from ODOO_ADMIN_PASSWD, or from the file ODOO_ADMIN_PASSWD_FILE names (a
#   docker secret, /run/secrets/...). Without either, a random one is made on the first
#   start and kept in the data volume (/var/lib/odoo/.admin_passwd, readable by odoo only).
# - proxy_mode (trust the X-Forwarded-* headers) only with ODOO_PROXY_MODE=1, that is
#   behind the reverse proxy of docker-compose.proxy.yml: with 8069 published directly,
#   any client could forge its address.
# - ODOO_WITHOUT_DEMO=all installs the suite without demo data (and its demo passwords).
set -euo pipefail

base_rc=${SALES_PANEL_BASE_RC:-/etc/odoo/odoo.conf}
rc=${SALES_PANEL_RC:-/tmp/odoo.conf}
generated=${SALES_PANEL_GENERATED_PASSWD:-/var/lib/odoo/.admin_passwd}

case "${1:-}" in
    odoo | -- | -*)
        umask 077
        if [ -n "${ODOO_ADMIN_PASSWD_FILE:-}" ]; then
            ODOO_ADMIN_PASSWD="$(tr -d '\r\n' < "$ODOO_ADMIN_PASSWD_FILE")"
        fi
        if [ -z "${ODOO_ADMIN_PASSWD:-}" ]; then
            if [ ! -s "$generated" ]; then
                head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$generated"
                echo "sales-panel: master password generated: docker compose exec odoo cat $generated" >&2
            fi
            ODOO_ADMIN_PASSWD="$(cat "$generated")"
        fi
        # The keys set here leave the base file: Odoo refuses a key given twice.
        keys="admin_passwd|proxy_mode"
        if [ -n "${ODOO_WITHOUT_DEMO:-}" ]; then keys="$keys|without_demo"; fi
        grep -v -E "^[[:space:]]*($keys)[[:space:]]*=" "$base_rc" > "$rc" || true
        printf 'admin_passwd = %s\n' "$ODOO_ADMIN_PASSWD" >> "$rc"
        if [ "${ODOO_PROXY_MODE:-0}" = 1 ]; then
            echo "proxy_mode = True" >> "$rc"
        else
            echo "proxy_mode = False" >> "$rc"
        fi
        if [ -n "${ODOO_WITHOUT_DEMO:-}" ]; then
            echo "without_demo = $ODOO_WITHOUT_DEMO" >> "$rc"
        fi
        unset ODOO_ADMIN_PASSWD
        export ODOO_RC="$rc"
        ;;
esac
exec "${SALES_PANEL_ODOO_ENTRYPOINT:-/entrypoint.sh}" "$@"
