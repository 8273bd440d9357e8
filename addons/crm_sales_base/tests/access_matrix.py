"""The suite's access test (issue #15): one harness, a table per addon.

Every check goes through the web client's own doors, as the person it is about: a JSON-RPC
call to ``/web/dataset/call_kw`` or an HTTP request, after logging in as that person. An
AccessError comes back as an RPC error; a route answers with its status code.

Roles (users made by :class:`AccessMatrixCase`, on top of ``SalesPanelCase``):

=============  =====================================================================
``agent``      agent A1 (team A)
``marketer``   marketer of team A (owns nothing of the fixtures)
``supervisor`` leader of team A (agents A1, A2 and the marketer)
``manager``    Sales Panel manager of the first company
``salesman``   "Sales / User: Own Documents Only", no Sales Panel role
``portal``     a portal user
``public``     nobody logged in (routes only)
=============  =====================================================================

Model tables say, per role, what may be read, written, created and deleted of three
records: agent A1's (``a1``), agent B1's of the other team (``b1``), and one of the second
company (``co2``), where nobody of the first company works. One row per role::

    #             read write create unlink     (columns: a1 b1 co2)
    "agent":     "+--  +--   ---    ---",

``+`` allowed, ``-`` refused (an AccessError), ``.`` not applicable (no such record).

The public-method walk finds every public method (no leading underscore) that an addon's
own classes define, calls each as a portal user and as an agent on records they do not
own, and compares with a declared table: a method missing from the table fails the test,
so that each new button is declared with who may press it.
"""

import contextlib
import inspect
import socket
import threading

from odoo import Command, http
from odoo.models import MetaModel
from odoo.tests import HttpCase, new_test_user
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import SalesPanelCase, outside_user

ROLES = ("agent", "marketer", "supervisor", "manager", "salesman", "portal")
COLUMNS = ("a1", "b1", "co2")
OPERATIONS = ("read", "write", "create", "unlink")
REFUSED = "refused"
# Tables several models share, their rules being the same by design.
# Records that follow a call (legs, SMS after calls): read as the call is, by its agent, the
# supervisor of its team and managers; written by the PBX sync and the queue only.
SEEN_AS_CALLS = {
    #              read write create unlink     (columns: a1 b1 co2)
    "agent":      "+--  ---   ---    ---",
    "marketer":   "---  ---   ---    ---",
    "supervisor": "+--  ---   ---    ---",
    "manager":    "++-  ---   ---    ---",
    "salesman":   "---  ---   ---    ---",
    "portal":     "---  ---   ---    ---",
}
# Wizards (a1: opened by agent A1 on A1's record, b1: by agent B1 on B1's): each person sees
# their own, and opens one only on a record they may see and change.
OWN_WIZARD = {
    "agent":      "+-.  +-.   +-.    --.",
    "marketer":   "--.  --.   --.    --.",
    "supervisor": "--.  --.   +-.    --.",
    "manager":    "--.  --.   ++.    --.",
    "salesman":   "--.  --.   --.    --.",
    "portal":     "--.  --.   --.    --.",
}
# ORM entry points and stock framework hooks the addons override without changing who may
# call them: their access is the ORM's (ACLs and record rules, checked by the model tables).
ORM_METHODS = frozenset({
    "create", "write", "unlink", "read", "search", "search_read", "search_count", "read_group",
    "web_read", "web_search_read", "web_save", "default_get", "onchange", "copy", "name_search",
    "name_create", "fields_get", "init", "get_views", "check_access_rule", "check_access",
})


class RpcRefused(Exception):
    """An RPC call answered with an error: ``name`` is the exception's class path."""

    def __init__(self, name):
        super().__init__(name)
        self.name = name


class ConnectionCounter:
    """A TCP server on loopback that counts the connections it accepts and closes them:
    whoever points a PBX database or a gateway here shows whether Odoo tried to connect."""

    def __init__(self):
        self.accepted = 0
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(16)
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _addr = self._socket.accept()
            except OSError:
                continue
            self.accepted += 1
            conn.close()

    def stop(self):
        self._stop.set()
        self._thread.join()
        self._socket.close()


class AccessMatrixCase(HttpCase, SalesPanelCase):
    """Users of every role, a second company, and the checks of the tables."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = outside_user(cls.env, "salesman", "matrix")
        cls.portal = outside_user(cls.env, "portal", "matrix")
        cls.company_2 = cls.env["res.company"].create({"name": "Second company"})
        cls.agent_c2 = new_test_user(
            cls.env, login="t_agent_c2", groups="crm_sales_base.group_agent", name="t_agent_c2",
            company_id=cls.company_2.id, company_ids=[Command.set(cls.company_2.ids)])
        cls.customer_c2 = cls.env["res.partner"].create({
            "name": "Customer of the second company", "company_id": cls.company_2.id,
            "user_id": cls.agent_c2.id})
        cls.order_c2 = cls.env["sale.order"].with_company(cls.company_2).create({
            "partner_id": cls.customer_c2.id, "user_id": cls.agent_c2.id, "company_id": cls.company_2.id})
        cls.lead_c2 = cls.env["crm.lead"].create({
            "name": "Lead of the second company", "partner_id": cls.customer_c2.id,
            "user_id": cls.agent_c2.id, "company_id": cls.company_2.id})
        cls.role_users = {
            "agent": cls.agent_a1, "marketer": cls.marketer_a, "supervisor": cls.sup_a,
            "manager": cls.manager, "salesman": cls.salesman, "portal": cls.portal,
        }
        cls._logged_in = None

    # Doors ------------------------------------------------------------------------------

    def login(self, role):
        """Log in as ``role`` (a key of ROLES, or "public" for nobody)."""
        if self._logged_in != role:
            user = self.role_users.get(role)
            self.authenticate(user and user.login, user and user.login)
            self._logged_in = role

    def rpc_as(self, role, model, method, args=(), kwargs=None, after=None):
        """Call ``model.method`` over JSON-RPC as ``role``; RpcRefused when it fails.
        The call's effects are rolled back afterwards, so that every call of a table
        starts from the same records; ``after()`` runs before that, on what the call left."""
        self.login(role)
        with contextlib.closing(self.env.cr.savepoint()):
            try:
                with mute_logger("odoo.http"):
                    return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
                        "model": model, "method": method, "args": list(args), "kwargs": kwargs or {},
                    })
            except JsonRpcException as error:
                raise RpcRefused(str(error)) from None
            finally:
                self.env.invalidate_all()
                if after:
                    after()

    def outcome(self, role, model, method, args=(), kwargs=None, after=None):
        """'+' when the call succeeds, '-' when it is refused with an AccessError; any other
        error is returned by its name, so that the table's diff shows it."""
        try:
            self.rpc_as(role, model, method, args, kwargs, after)
        except RpcRefused as refused:
            return "-" if refused.name == "odoo.exceptions.AccessError" else refused.name
        return "+"

    def fetch(self, role, url, **kwargs):
        """Status of ``url`` fetched by ``role`` (redirects are not followed)."""
        self.login(role)
        with contextlib.closing(self.env.cr.savepoint()), mute_logger("odoo.http"):
            response = self.url_open(url, allow_redirects=False, **kwargs)
            self.env.invalidate_all()
        return response.status_code

    # Model tables ----------------------------------------------------------------------

    def assert_model_matrix(self, model, table, records, read_fields=("display_name",),
                            write_vals=None, create_vals=None):
        """Check ``table`` ({role: "rrr www ccc uuu"}) for ``model``.

        ``records``: {column: record or None}; ``write_vals``: values written to each record;
        ``create_vals``: {column: values of a new record of that column} (None: not
        applicable). Every cell is checked; the failure lists every differing row."""
        self.assertEqual(set(table), set(ROLES), f"{model}: the table must give every role")
        expected, actual = {}, {}
        for role in ROLES:
            cells = table[role].split()
            self.assertEqual(len(cells), 4, f"{model}/{role}: four groups (read write create unlink)")
            expected[role] = " ".join(cells)
            got = []
            for operation, cell in zip(OPERATIONS, cells, strict=True):
                self.assertEqual(len(cell), 3, f"{model}/{role}/{operation}: three columns")
                chars = ""
                for column, wanted in zip(COLUMNS, cell, strict=True):
                    if wanted == ".":
                        chars += "."
                        continue
                    record = records.get(column)
                    if operation == "create":
                        vals = (create_vals or {}).get(column)
                        self.assertIsNotNone(vals, f"{model}: no values to create a {column} record")
                        result = self.outcome(role, model, "create", [vals])
                    else:
                        self.assertTrue(record, f"{model}: no {column} record")
                        args = {
                            "read": [record.ids, list(read_fields)],
                            "write": [record.ids, write_vals or {}],
                            "unlink": [record.ids],
                        }[operation]
                        result = self.outcome(role, model, operation, args)
                    chars += result if len(result) == 1 else "!"
                    if len(result) > 1:
                        chars += f"({result})"
                got.append(chars)
            actual[role] = " ".join(got)
        self.assertEqual(
            "\n".join(f"{role:>10}: {actual[role]}" for role in ROLES),
            "\n".join(f"{role:>10}: {expected[role]}" for role in ROLES),
            f"{model}: what each role may read, write, create, unlink (a1 b1 co2); first is what happened")

    def assert_secrets_hidden(self, records, fields):
        """No role reads these fields of ``records`` (credentials, tokens): system
        administrators only."""
        got = {role: "".join(self.outcome(role, records._name, "read", [records.ids, [name]])[:1]
                             for name in fields) for role in ROLES}
        self.assertEqual(got, dict.fromkeys(ROLES, "-" * len(fields)),
                         f"{records._name}: who reads {', '.join(fields)}")

    # Routes ------------------------------------------------------------------------------

    @staticmethod
    def public_routes(addon):
        """{route pattern} of the routes ``addon``'s own controllers define (overrides of
        stock routes keep the stock patterns and are not listed)."""
        return {
            route
            for cls in http.Controller.children_classes.get(addon, ())
            for func in vars(cls).values()
            for route in (getattr(func, "original_routing", None) or {}).get("routes") or ()
        }

    def assert_route_matrix(self, addon, routes):
        """``routes``: [(route pattern, label, url, {role: status}, request options...)],
        covering every route ``addon`` defines."""
        self.assertEqual(sorted(self.public_routes(addon) - {row[0] for row in routes}), [],
                         f"routes of {addon} missing from its table: declare who may fetch them")
        differences = []
        for _pattern, label, url, statuses, *options in routes:
            for role, status in statuses.items():
                got = self.fetch(role, url, **(options[0] if options else {}))
                if got != status:
                    differences.append(f"{label} as {role}: {got}, expected {status}")
        self.assertFalse(differences, "\n".join(differences))

    # Public methods ----------------------------------------------------------------------

    @staticmethod
    def public_methods(addon):
        """{(model, method)} of the public methods defined by ``addon``'s own model classes
        (not inherited ones, not the ORM's entry points of ORM_METHODS)."""
        found = set()
        for cls in MetaModel.module_to_models.get(addon, ()):
            model = cls._name or (cls._inherit if isinstance(cls._inherit, str) else cls._inherit[0])
            for name, value in vars(cls).items():
                if name.startswith("_") or name in ORM_METHODS or not inspect.isfunction(value):
                    continue
                found.add((model, name))
        return found

    def assert_public_methods(self, addon, table, targets, side_effects):
        """Call every public method of ``addon`` as a portal user and as an agent.

        ``table``: {(model, method): REFUSED, a one-line reason it is allowed, or
        {"portal": ..., "agent": ..., "args": [arguments after the ids]}}. ``targets``: {model: [recordsets the method is
        called on]} (records the caller does not own, another company's); @api.model
        methods are called on the model. ``side_effects()`` returns {name: value} of the state no call
        may change (tokens, connections made to a PBX or a gateway...)."""
        methods = self.public_methods(addon)
        self.assertTrue(methods, f"{addon} defines no public method: is the addon's name right?")
        self.assertEqual(
            sorted(methods - set(table)), [],
            f"public methods of {addon} missing from its table: declare who may call them")
        self.assertEqual(sorted(set(table) - methods), [], f"{addon}: the table names methods that are gone")
        problems = []
        for (model, method), expected in sorted(table.items()):
            func = getattr(self.env.registry[model], method)
            on_model = getattr(func, "_api", None) in ("model", "model_create")
            extra = list(expected.get("args", ())) if isinstance(expected, dict) else []
            for role in ("portal", "agent"):
                wanted = expected.get(role, REFUSED) if isinstance(expected, dict) else expected
                calls = [extra] if on_model else [[records.ids, *extra] for records in targets.get(model, [])]
                if not calls:
                    problems.append(f"{model}.{method}: no record to call it on")
                for args in calls:
                    before, after = side_effects(), []
                    result = self.outcome(role, model, method, args,
                                          after=lambda seen=after: seen.append(side_effects()))
                    after = after[0]
                    where = f"{model}.{method}({args[0] if args else ''}) as {role}"
                    if wanted == REFUSED and result != "-":
                        problems.append(f"{where}: {'allowed' if result == '+' else result}, "
                                        "expected an AccessError")
                    elif wanted != REFUSED and result != "+":
                        problems.append(f"{where}: {result}, expected allowed ({wanted})")
                    changed = sorted(key for key in before if before[key] != after[key])
                    if changed:
                        problems.append(f"{where}: changed {', '.join(changed)}: "
                                        f"{[before[k] for k in changed]} -> {[after[k] for k in changed]}")
        self.assertFalse(problems, "\n".join(problems))
