from lxml import etree

from odoo import Command
from odoo.tests import TransactionCase, new_test_user
from odoo.tests.common import JsonRpcException

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
