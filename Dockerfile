# Odoo 18 with the Sales Panel's Python packages, its OCA dependencies and the tools the
# test command needs (Chrome for the tours, PostgreSQL client, MariaDB for the CDR tests).
FROM odoo:18.0

USER root
# The base image is Ubuntu, whose "chromium" package is only a snap stub: use Google's
# Chrome package, as Odoo's own CI images do.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       curl make mariadb-server postgresql-client \
    && curl -fsSL -o /tmp/chrome.deb \
       https://dl.google.com/linux/direct/google-chrome-stable_current_amd64.deb \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/chrome.deb \
    && rm -rf /var/lib/apt/lists/* /tmp/chrome.deb
COPY requirements.txt requirements-oca.txt /tmp/
# Odoo itself is the Debian package of the base image, not a pip distribution: the OCA
# addons go in with --no-deps and land in /usr/local/lib/python3.12/dist-packages/odoo/addons.
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/requirements.txt \
    && pip3 install --no-cache-dir --break-system-packages --no-deps -r /tmp/requirements-oca.txt
COPY addons /mnt/sales-panel/addons
COPY tools /mnt/sales-panel/tools
COPY tests /mnt/sales-panel/tests
COPY Makefile ruff.toml .pylintrc /mnt/sales-panel/
COPY odoo.conf /etc/odoo/odoo.conf
# Odoo's own entry point, after the configuration from the environment: the master password
# (never committed), proxy mode, demo data (docker/entrypoint.sh).
COPY docker/entrypoint.sh /usr/local/bin/sales-panel-entrypoint
RUN chown -R odoo /mnt/sales-panel
USER odoo
WORKDIR /mnt/sales-panel
ENTRYPOINT ["/usr/local/bin/sales-panel-entrypoint"]
CMD ["odoo"]
