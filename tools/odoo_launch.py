"""Run the installed Odoo's command line and write its test report as JSON.

Odoo only logs its test counts; the test runner needs them exactly (skipped tests
must fail the run), so this wraps ``preload_registries`` and reads the registry's
``OdooTestResult`` once the tests are done. Usage:

    SALES_PANEL_REPORT=report.json python3 tools/odoo_launch.py [odoo server args]
"""

import json
import os
import sys

from odoo.cli.command import main
from odoo.modules.registry import Registry
from odoo.service import server
from odoo.tools import config

_preload_registries = server.preload_registries


def _wait_longer_for_chrome():
    """Odoo skips a browser test when Chrome has not written its devtools port within 10 s; the
    first Chrome of a run on a busy two-core machine (cold disk and font caches) took longer once,
    and a skipped test fails this project's run. A minute is still far below a tour's timeout."""
    from odoo.tests import common  # only in test mode: Odoo warns when it is imported otherwise

    common.CHECK_BROWSER_ITERATIONS = 600
    common.BROWSER_WAIT = common.CHECK_BROWSER_SLEEP * common.CHECK_BROWSER_ITERATIONS


def _preload_and_report(dbnames):
    if config["test_enable"]:
        _wait_longer_for_chrome()
    rc = _preload_registries(dbnames)
    report = {}
    for dbname in dbnames or []:
        registry = Registry.registries.get(dbname)
        result = registry and registry._assertion_report
        if result is None:
            continue
        report[dbname] = {
            "run": result.testsRun,
            "failures": result.failures_count,
            "errors": result.errors_count,
            "skipped": result.skipped,
        }
    path = os.environ.get("SALES_PANEL_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump({"rc": rc, "databases": report}, fh)
    return rc


server.preload_registries = _preload_and_report

if __name__ == "__main__":
    sys.argv = ["odoo", *sys.argv[1:]]
    main()
