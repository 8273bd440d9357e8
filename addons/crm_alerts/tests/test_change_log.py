from odoo.tests import HttpCase, tagged

from odoo.addons.crm_sales_base.tests.common import RpcMixin, SalesPanelCase


@tagged("post_install", "-at_install")
class TestRuleChangeLog(RpcMixin, HttpCase, SalesPanelCase):
    """Every change of an alert rule or a target is kept with who and when (issue 21), in a
    log the managers read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls.env["crm.alert.rule"].create({
            "name": "Few calls", "metric": "calls", "threshold": 5, "message": "{name}: {value}"})
        cls.target = cls.env["crm.sales.target"].create({
            "user_id": cls.agent_a1.id, "date_start": "2026-11-21", "weekly_count": 10})

    def test_alert_rule_change_logged_with_author_and_values(self):
        self.authenticate(self.manager.login, self.manager.login)
        self.rpc("crm.alert.rule", "write", self.rule.ids, {"threshold": 3, "day_fri": True})
        [(author, date, changes)] = self.change_log(self.rule)
        self.assertEqual(author, self.manager.partner_id.id)
        self.assertTrue(date, "the log says when")
        self.assertEqual(sorted(changes), [("day_fri", False, True), ("threshold", 5.0, 3.0)])

    def test_target_change_logged_with_author_and_values(self):
        self.authenticate(self.manager.login, self.manager.login)
        self.rpc("crm.sales.target", "write", self.target.ids, {"weekly_count": 12})
        [(author, date, changes)] = self.change_log(self.target)
        self.assertEqual(author, self.manager.partner_id.id)
        self.assertTrue(date)
        self.assertEqual(changes, [("weekly_count", 10, 12)])
        # The list of targets opens each one's form, where the log is.
        views = self.rpc("crm.sales.target", "get_views", views=[[False, "list"], [False, "form"]], options={})
        self.assertIn("<chatter", views["views"]["form"]["arch"])
