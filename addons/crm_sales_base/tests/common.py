from odoo import Command
from odoo.tests import TransactionCase, new_test_user


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
