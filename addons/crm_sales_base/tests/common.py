import datetime
import itertools
from unittest.mock import patch

import pytz
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user
from odoo.tests.common import ChromeBrowser, JsonRpcException

from odoo.addons.crm_sales_base.lib import calendar

SEQUENCE = itertools.count()

# The browser tests of dates (issue 19): the agents' timezone and the quotations' list.
TEHRAN = "Asia/Tehran"
QUOTATIONS = "/odoo/action-sale.action_quotations_with_onboarding"


def local_time(moment_utc, tz_name):
    return pytz.utc.localize(moment_utc).astimezone(pytz.timezone(tz_name)).replace(tzinfo=None)


def jalali_text(moment_utc, tz_name):
    """The reference: the server's conversion of the local time, as fa_IR writes it."""
    local = local_time(moment_utc, tz_name)
    return f"{calendar.format_date(local, 'jalali')} {local:%H:%M:%S}"


class TehranBrowserMixin:
    """The web client shows times in the browser's timezone: the test's browser is in the
    agents' one (Tehran, UTC+03:30), so that local days differ from UTC days."""

    def authenticate(self, user, password, browser=None):
        session = super().authenticate(user, password, browser=browser)
        if browser:
            browser._websocket_request("Emulation.setTimezoneOverride", params={"timezoneId": TEHRAN})
        return session

# People outside the suite's roles, whom every access test checks besides the roles.
OUTSIDE_ROLES = {
    "portal": "base.group_portal",
    "salesman": "sales_team.group_sale_salesman",  # Sales / User: Own Documents Only
    "employee": "base.group_user",
    "accountant": "base.group_user,account.group_account_invoice",
}


def outside_user(env, kind, tag, groups=""):
    """A user of ``OUTSIDE_ROLES[kind]`` (plus ``groups``), its login made unique by ``tag``;
    the password is the login."""
    login = f"t_{kind}_{tag}"
    return new_test_user(env, login=login, name=login,
                         groups=",".join(filter(None, (OUTSIDE_ROLES[kind], groups))))


class SalesPanelCase(TransactionCase):
    """Two teams with a supervisor each, agents in each team, and a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))

        def user(login, group):
            return new_test_user(
                cls.env, login=login, groups=f"crm_sales_base.{group}", name=login
            )

        cls.manager = user("t_manager", "group_manager")
        cls.sup_a = user("t_sup_a", "group_supervisor")
        cls.sup_b = user("t_sup_b", "group_supervisor")
        cls.agent_a1 = user("t_agent_a1", "group_agent")
        cls.agent_a2 = user("t_agent_a2", "group_agent")
        cls.marketer_a = user("t_marketer_a", "group_marketer")
        cls.agent_b1 = user("t_agent_b1", "group_agent")
        Team = cls.env["crm.team"]
        cls.team_a = Team.create({
            "name": "Team A",
            "user_id": cls.sup_a.id,
            "crm_team_member_ids": [
                Command.create({"user_id": u.id})
                for u in (cls.agent_a1, cls.agent_a2, cls.marketer_a)
            ],
        })
        cls.team_b = Team.create({
            "name": "Team B",
            "user_id": cls.sup_b.id,
            "crm_team_member_ids": [Command.create({"user_id": cls.agent_b1.id})],
        })
        Partner = cls.env["res.partner"]
        cls.customer_a1 = Partner.create({"name": "Customer of A1", "user_id": cls.agent_a1.id})
        cls.customer_a2 = Partner.create({"name": "Customer of A2", "user_id": cls.agent_a2.id})
        cls.customer_b1 = Partner.create({"name": "Customer of B1", "user_id": cls.agent_b1.id})
        cls.company_a1 = Partner.create({
            "name": "Company of A1", "is_company": True, "user_id": cls.agent_a1.id,
        })
        cls.employee_a1 = Partner.create({"name": "Employee", "parent_id": cls.company_a1.id})
        cls.company_b1 = Partner.create({
            "name": "Company of B1", "is_company": True, "user_id": cls.agent_b1.id,
        })
        cls.employee_b1 = Partner.create({"name": "Employee B", "parent_id": cls.company_b1.id})
        cls.unassigned = Partner.create({"name": "Nobody's caller", "phone": "+98 912 000 0000"})

        def order(partner, salesperson, team):
            return cls.env["sale.order"].create({
                "partner_id": partner.id, "user_id": salesperson.id, "team_id": team.id,
            })

        cls.order_a1 = order(cls.customer_a1, cls.agent_a1, cls.team_a)
        cls.order_a2 = order(cls.customer_a2, cls.agent_a2, cls.team_a)
        cls.order_b1 = order(cls.customer_b1, cls.agent_b1, cls.team_b)

        def lead(partner, salesperson, team):
            return cls.env["crm.lead"].create({
                "name": f"Lead of {partner.name}", "partner_id": partner.id,
                "user_id": salesperson.id, "team_id": team.id,
            })

        cls.lead_a1 = lead(cls.customer_a1, cls.agent_a1, cls.team_a)
        cls.lead_a2 = lead(cls.customer_a2, cls.agent_a2, cls.team_a)
        cls.lead_b1 = lead(cls.customer_b1, cls.agent_b1, cls.team_b)


class RpcMixin:
    """Calls through the web client's JSON-RPC routes, as the logged-in user (HttpCase)."""

    def rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def rpc_error(self, model, method, *args, **kwargs):
        """The name of the exception a call raises (e.g. 'odoo.exceptions.AccessError')."""
        with self.assertRaises(JsonRpcException, msg=f"{model}.{method} should fail") as caught:
            self.rpc(model, method, *args, **kwargs)
        return str(caught.exception)

    def form_spec(self, model):
        """web_read specification of ``model``'s form view as the web client builds it for
        the logged-in user: from the fields of the arch it gets, where elements of groups
        the user is not in are already left out; x2many fields with the fields of their
        list."""
        views = self.rpc(model, "get_views", views=[[False, "form"]], options={})
        fields = views["models"]

        def spec(node, model, owner=None):
            result = {}
            for field in node.iter("field"):
                if next(field.iterancestors("field"), None) is not owner:
                    continue  # a field of a sub-view, read with its x2many
                info = fields[model]["fields"][field.get("name")]
                if info["type"] == "many2one":
                    result[field.get("name")] = {"fields": {"display_name": {}}}
                elif info["type"] in ("one2many", "many2many"):
                    sub = next(iter(field.iterchildren("list", "kanban")), None)
                    result[field.get("name")] = {"fields": spec(sub, info["relation"], field)
                                                 if sub is not None else {"display_name": {}}}
                else:
                    result[field.get("name")] = {}
            return result

        return spec(etree.fromstring(views["views"]["form"]["arch"]), model)

    def open_form(self, record):
        """Read ``record`` through its form view (web_read), as opening it does."""
        return self.rpc(record._name, "web_read", record.ids, specification=self.form_spec(record._name))[0]

    def new_form(self, model, **context):
        """The values a new record's form starts with (onchange of a new record)."""
        return self.rpc(model, "onchange", [], {}, [], self.form_spec(model), context=context)["value"]

    def change_log(self, record):
        """[(author partner id, date, [(field, old, new)])] of the changes logged on
        ``record``, newest first, as the logged-in user reads them in its chatter."""
        answer = self.make_jsonrpc_request("/mail/thread/messages", {
            "thread_model": record._name, "thread_id": record.id})
        return [(message["author"]["id"], message["date"],
                 [(value["fieldName"], value["oldValue"]["value"], value["newValue"]["value"])
                  for value in message["trackingValues"]])
                for message in answer["data"]["mail.message"] if message["trackingValues"]]


def company_init_chained(env):
    """Run res.company's ``init()`` as a module update does, on a company without a paper
    format: True when base's ``init()`` (which gives it one) ran, i.e. every override of
    the chain called ``super().init()``."""
    company = env["res.company"].create({"name": "Company of an init() check"})
    env.cr.execute("UPDATE res_company SET paperformat_id = NULL WHERE id = %s", [company.id])
    company.invalidate_recordset(["paperformat_id"])
    env["res.company"].init()
    company.invalidate_recordset(["paperformat_id"])
    return company.paperformat_id == env.ref("base.paperformat_euro")


def company_field_adopted(env, former_module, field):
    """As after an upgrade from the version where ``former_module`` defined res.company's
    ``field``: its ir.model.data row is duplicated under that module, then res.company's
    init() runs. Returns (chain intact, modules owning the field's xmlid afterwards)."""
    xmlid = f"field_res_company__{field}"
    env.cr.execute("""
        INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
        SELECT %s, name, model, res_id, noupdate FROM ir_model_data
         WHERE module = 'crm_sales_base' AND name = %s
    """, [former_module, xmlid])
    chained = company_init_chained(env)
    env.cr.execute("SELECT module FROM ir_model_data WHERE name = %s", [xmlid])
    return chained, [module for (module,) in env.cr.fetchall()]


class FigureMixin:
    """Factories of what the figures of sales.panel.figure count, at local wall-clock times
    of the company's calendar (Asia/Tehran, weeks from Saturday); for a SalesPanelCase."""

    @classmethod
    def set_calendar(cls, company, tz="Asia/Tehran", week_start="5", kind="gregorian"):
        company.write({"sales_panel_timezone": tz, "sales_panel_week_start": week_start,
                       "sales_panel_calendar": kind})

    @classmethod
    def utc(cls, local_string, tz=None):
        """Naive UTC of a local 'YYYY-MM-DD HH:MM' wall-clock time (of the company's timezone)."""
        return calendar.to_utc(datetime.datetime.strptime(local_string, "%Y-%m-%d %H:%M"),
                               tz or cls.env.company._sales_panel_calendar()[0])

    def contact_added(self, agent, local_time, tier="none", **values):
        partner = self.env["res.partner"].create(dict({"name": f"New {next(SEQUENCE)}", "tier": tier}, **values))
        # create_uid / create_date are the database's: set them as if the agent typed it then.
        self.env.cr.execute("UPDATE res_partner SET create_uid = %s, create_date = %s WHERE id = %s",
                            (agent.id, self.utc(local_time), partner.id))
        partner.invalidate_recordset(["create_uid", "create_date"])
        return partner

    def sale_at(self, agent, local_time, amount=1_000_000, currency=None, customer=None):
        """A quotation of ``agent`` confirmed at ``local_time`` (its order date)."""
        product = self.env["product.product"].create({"name": f"Coil {next(SEQUENCE)}", "type": "service",
                                                       "taxes_id": [Command.clear()]})
        values = {"partner_id": (customer or self.customer_a1).id, "user_id": agent.id,
                  "order_line": [Command.create({"product_id": product.id, "price_unit": amount,
                                                 "tax_id": [Command.clear()]})]}
        if currency:
            values["pricelist_id"] = self.env["product.pricelist"].create(
                {"name": f"In {currency.name}", "currency_id": currency.id}).id
        order = self.env["sale.order"].create(values)
        order.action_confirm()
        order.date_order = self.utc(local_time)
        return order

    def figure_values(self, codes, period, users, company=None, sudo=True):
        """``sales.panel.figure`` values of ``codes`` over ``period`` (a calendar Period)."""
        Figure = self.env["sales.panel.figure"]
        return (Figure.sudo() if sudo else Figure)._sales_panel_values(
            codes, period.utc_start, period.utc_stop, users, company or self.env.company)


class PhoneTourMixin:
    """HttpCase tours at a phone's width (the Odoo mobile app shows the web client).

    Odoo starts Chrome with ``--window-size`` from ``browser_size`` and ``--touch-events``
    from ``touch_enabled``, but Chrome's headless mode keeps a window at least 500 px wide:
    the page's viewport is set to the phone's size through the DevTools protocol (as
    Chrome's device toolbar does) before the page loads, touch included."""

    browser_size = "375x667"
    touch_enabled = True

    def browser_js(self, *args, **kwargs):
        width, height = (int(size) for size in self.browser_size.replace(",", "x").split("x"))
        navigate_to = ChromeBrowser.navigate_to

        def navigate_on_a_phone(browser, url, wait_stop=False):
            browser._websocket_request("Emulation.setDeviceMetricsOverride", params={
                "width": width, "height": height, "deviceScaleFactor": 0, "mobile": True})
            browser._websocket_request("Emulation.setTouchEmulationEnabled", params={
                "enabled": True, "maxTouchPoints": 5})
            return navigate_to(browser, url, wait_stop)

        with patch.object(ChromeBrowser, "navigate_to", navigate_on_a_phone):
            return super().browser_js(*args, **kwargs)


class RolesMixin:
    """Roles (#18): roles made on the roles screen and people holding roles through
    base_user_role's lines, as managers give them."""

    SHIPPED_ROLES = ("agent", "marketer", "supervisor", "manager")

    @classmethod
    def setup_role_user(cls, name="Caller", login="t_caller", **levels):
        """``cls.role``, a custom role opening ``levels`` (and its own contacts), held by
        ``cls.caller`` (login ``login``), the leader of team B: "my teams" is agent B1's.
        On an access matrix case, a role of its own there (``login`` without ``t_``)."""
        cls.role = cls.make_role(name, **dict({"contacts": "own"}, **levels))
        cls.caller = cls.role_user(login, cls.role)
        cls.team_b.user_id = cls.caller
        if hasattr(cls, "role_users"):
            cls.role_users = dict(cls.role_users, **{login.removeprefix("t_"): cls.caller})
        return cls.caller

    @classmethod
    def shipped_holders(cls):
        """{name: a user holding the shipped role ``name`` through a role line}."""
        return {name: cls.role_user(f"t_holder_{name}", cls.env.ref(f"crm_sales_base.role_{name}"))
                for name in cls.SHIPPED_ROLES}

    def shipped_menus(self, *xmlids):
        """{shipped role: {xmlid: shown}} for a holder of each shipped role."""
        return {name: self.menus_of(user, *xmlids) for name, user in self.shipped_holders().items()}

    @classmethod
    def manager_role_without(cls, code, login):
        """A custom role giving what the shipped Manager role gives but the section
        ``code``: every other section at its highest level. Returns its holder ``login``
        (a role of the access matrix, ``login`` without ``t_``, on such a case)."""
        prefix = "sales_panel_section_"
        sections = cls.env["res.users.role"]._sales_panel_sections()
        role = cls.make_role(f"Manager without {code}", **{
            name.removeprefix(prefix): levels[-1][0] for name, levels in sections.items()
            if name != prefix + code})
        user = cls.role_user(login, role)
        if hasattr(cls, "role_users"):
            cls.role_users = dict(cls.role_users, **{login.removeprefix("t_"): user})
        return user

    @classmethod
    def switch_off_for_managers(cls, code):
        """The section ``code`` off on every shipped role a manager takes it from (Agent,
        Supervisor, Manager, the lowest first): the shipped Manager role without it."""
        for name in ("agent", "supervisor", "manager"):
            cls.env.ref(f"crm_sales_base.role_{name}")[f"sales_panel_section_{code}"] = "off"

    @classmethod
    def make_role(cls, name, **levels):
        """A role opening the sections ``levels`` ({section code: level}), the rest off."""
        return cls.env["res.users.role"].create({
            "name": name, **{f"sales_panel_section_{code}": level for code, level in levels.items()}})

    @classmethod
    def role_user(cls, login, *roles, **line):
        """A user (password: the login) holding ``roles``; ``line``: dates of the lines.
        An e-mail address, as people have: the chatter's messages of their changes need one."""
        return cls.env["res.users"].create({
            "name": login, "login": login, "password": login, "email": f"{login}@example.com",
            "role_line_ids": [Command.create({"role_id": role.id, **line}) for role in roles]})

    def assert_levels(self, role, code, user, records, expected, menus=None):
        """Switch the section ``code`` of ``role`` through the levels of ``expected``
        ({level: the part of ``records`` ``user`` then finds, None: refused}) and check
        what ``user`` finds and which ``menus`` ({xmlid: {level: shown}}) are shown."""
        got, want = {}, {}
        for level, seen in expected.items():
            role[f"sales_panel_section_{code}"] = level
            try:
                got[level] = sorted(records.with_user(user).search([("id", "in", records.ids)]).ids)
            except AccessError:
                got[level] = "refused"
            want[level] = "refused" if seen is None else sorted(seen.ids)
            for xmlid, shown in (menus or {}).items():
                got[f"{level} {xmlid}"] = self.menus_of(user, xmlid)[xmlid]
                want[f"{level} {xmlid}"] = shown[level]
        self.assertEqual(got, want, f"section {code}: what {user.login} finds and sees at each level")

    def menus_of(self, user, *xmlids):
        """{xmlid: shown to ``user``} of the menus ``xmlids``."""
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return {xmlid: self.env.ref(xmlid).id in visible for xmlid in xmlids}


def assert_indexes_dropped_on_uninstall(case, indexes, uninstall_hook):
    """Each index of ``indexes`` (an addon's hooks.INDEXES) exists on its table as declared,
    and the addon's uninstall hook drops them all (in the test's transaction: DROP INDEX is
    rolled back with it)."""
    def present():
        case.env.cr.execute("SELECT indexname, tablename, indexdef FROM pg_indexes WHERE indexname IN %s",
                            [tuple(indexes)])
        return {name: (table, definition) for name, table, definition in case.env.cr.fetchall()}

    found = present()
    for name, (table, _definition) in indexes.items():
        case.assertIn(name, found, f"index {name} is created at install")
        case.assertEqual(found[name][0], table, name)
    uninstall_hook(case.env)
    case.assertFalse(present(), "the uninstall hook drops every index the addon added")
