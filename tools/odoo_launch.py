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

_preload_registries = server.preload_registries


def _preload_and_report(dbnames):
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
