"""Uninstall one addon from a database and check that it left nothing behind.

Prints one JSON line: {"module": ..., "ok": bool, "problems": [...]}. Usage:

    python3 tools/odoo_module_check.py MODULE [odoo options: -d DB --addons-path ...]
"""

import json
import sys

import odoo
from odoo.modules.registry import Registry
from odoo.tools import config


def check_uninstall(dbname, module_name):
    problems = []
    with Registry(dbname).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", module_name)])
        if module.state != "installed":
            return [f"{module_name} is {module.state or 'unknown'}, not installed"]
        models = env["ir.model.data"].search(
            [("module", "=", module_name), ("model", "=", "ir.model")]
        )
        tables = [env[m.model]._table for m in env["ir.model"].browse(models.mapped("res_id"))
                  if m.model in env and not env[m.model]._abstract]
    with Registry(dbname).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["ir.module.module"].search([("name", "=", module_name)]).button_immediate_uninstall()
    with Registry(dbname).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        state = env["ir.module.module"].search([("name", "=", module_name)]).state
        if state != "uninstalled":
            problems.append(f"state after uninstall is {state}")
        left = env["ir.model.data"].search_count([("module", "=", module_name)])
        if left:
            problems.append(f"{left} ir.model.data records of {module_name} remain")
        for table in tables:
            cr.execute("SELECT to_regclass(%s)", [table])
            if cr.fetchone()[0]:
                problems.append(f"table {table} remains")
    return problems


def main():
    module_name, odoo_args = sys.argv[1], sys.argv[2:]
    config.parse_config(odoo_args)
    odoo.modules.module.initialize_sys_path()
    problems = check_uninstall(config["db_name"].split(",")[0], module_name)
    print(json.dumps({"module": module_name, "ok": not problems, "problems": problems}))


if __name__ == "__main__":
    main()
