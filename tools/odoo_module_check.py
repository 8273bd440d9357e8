"""Uninstall one addon from a database and check that it left nothing behind.

Prints one JSON line: {"module": ..., "ok": bool, "problems": [...]}. Usage:

    python3 tools/odoo_module_check.py MODULE [odoo options: -d DB --addons-path ...]
"""

import importlib
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
        # Tables of the models the addon defines, columns of the fields it adds to others.
        tables = [model._table for model in env.registry.values()
                  if model._original_module == module_name and not model._abstract]
        own_fields = env["ir.model.fields"].browse(env["ir.model.data"].search([
            ("module", "=", module_name), ("model", "=", "ir.model.fields"),
        ]).mapped("res_id")).filtered(
            lambda f: f.store and f.ttype not in ("one2many", "many2many")
            and f.modules == module_name and f.model in env
            and env[f.model]._original_module != module_name
        )
        columns = [(env[f.model]._table, f.name) for f in own_fields]
        # Groups the addon made (sections, roles' groups): none may outlive it, not even
        # one Odoo failed to delete while dropping its external id.
        groups = env["ir.model.data"].search([("module", "=", module_name), ("model", "=", "res.groups")])
        group_ids = groups.mapped("res_id")
        # Indexes the addon adds to other addons' tables (its hooks.INDEXES): Odoo drops a
        # table's indexes with the table only, the addon's uninstall hook must drop these.
        try:
            indexes = list(importlib.import_module(f"odoo.addons.{module_name}.hooks").INDEXES)
        except (ImportError, AttributeError):
            indexes = []
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
        stray = env["res.groups"].browse(group_ids).exists()
        if stray:
            problems.append(f"groups {', '.join(stray.mapped('full_name'))} remain")
        for table in tables:
            cr.execute("SELECT to_regclass(%s)", [table])
            if cr.fetchone()[0]:
                problems.append(f"table {table} remains")
        for table, column in columns:
            cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                       [table, column])
            if cr.fetchone():
                problems.append(f"column {table}.{column} remains")
        for index in indexes:
            cr.execute("SELECT to_regclass(%s)", [index])
            if cr.fetchone()[0]:
                problems.append(f"index {index} remains")
    return problems


def main():
    module_name, odoo_args = sys.argv[1], sys.argv[2:]
    config.parse_config(odoo_args)
    odoo.modules.module.initialize_sys_path()
    problems = check_uninstall(config["db_name"].split(",")[0], module_name)
    print(json.dumps({"module": module_name, "ok": not problems, "problems": problems}))


if __name__ == "__main__":
    main()
