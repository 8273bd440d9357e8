"""Shared set-up of the plain-Python and end-to-end tests.

The addons are imported as ``odoo.addons.<name>`` from ``addons/`` (plus the OCA addons
the test command found), without a database, so their protocol and maths modules are
tested directly. End-to-end tests get the database the test command installed through
``SALES_PANEL_DB`` and are skipped (which fails the test command) without it.
"""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))


def _hook_addons_path():
    try:
        import odoo.addons
    except ImportError:
        return
    paths = [str(ROOT / "addons")]
    paths += [p for p in os.environ.get("SALES_PANEL_ADDONS_PATH", "").split(",") if p]
    for path in paths:
        if path not in odoo.addons.__path__:
            odoo.addons.__path__.append(path)


_hook_addons_path()


@pytest.fixture(scope="session")
def odoo_env():
    """An Odoo environment (superuser) on the database the test command installed."""
    dbname = os.environ.get("SALES_PANEL_DB")
    if not dbname:
        pytest.skip("SALES_PANEL_DB is not set: run through `make test`")
    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    args = ["-d", dbname, "--addons-path", os.environ.get("SALES_PANEL_ADDONS_PATH", "")]
    config.parse_config([a for a in args if a])
    odoo.modules.module.initialize_sys_path()
    registry = Registry(dbname)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.rollback()
