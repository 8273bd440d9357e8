"""Amounts in rials or tomans and phone numbers in the national format (issue 19, P4): one
definition on the server (res_company_display.py over lib/money.py and lib/phone.py) and
what the web client gets to show the same (session info)."""

from odoo.tests import HttpCase, tagged

from .common import RpcMixin, SalesPanelCase

NBSP = "\u00a0"


@tagged("post_install", "-at_install")
class TestMoneyDisplay(RpcMixin, HttpCase, SalesPanelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.irr = cls.env.ref("base.IRR")
        cls.irr.write({"active": True, "rounding": 1.0})  # as in the demo company
        cls.usd = cls.env.ref("base.USD")
        cls.company = cls.env.company
        cls.rules = cls.env["sales.panel.rules"]._sales_panel_for(cls.company)
        cls.en = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.fa = cls.env(context=dict(cls.env.context, lang="fa_IR"))

    def test_demo_company_works_in_rials_without_decimals(self):
        self.assertEqual(self.company.sales_panel_amount_unit, "currency", "as the currency by default")
        if not self.env.ref("base.module_crm_sales_base").demo:
            self.assertFalse(self.env.ref("crm_sales_base.demo_company", raise_if_not_found=False))
            return
        company = self.env.ref("crm_sales_base.demo_company")
        self.assertEqual((company.currency_id, company.currency_id.decimal_places), (self.irr, 0))
        self.assertEqual(self.env.ref("crm_sales_base.user_agent_1").company_id, company)
        order = self.env.ref("crm_sales_base.order_007")
        self.assertEqual((order.company_id, order.currency_id, order.amount_total),
                         (company, self.irr, 45_000_000_000))
        self.assertEqual(company.sales_panel_amount_unit, "currency", "in rials")

    def test_rials_or_tomans_stored_in_rials(self):
        company = self.company.with_env(self.en)
        self.assertEqual(company._sales_panel_format_amount(45_000_000_000, self.irr),
                         f"45,000,000,000{NBSP}{self.irr.symbol}")
        self.rules.sales_panel_amount_unit = "toman"
        self.assertEqual(company.sales_panel_amount_unit, "toman", "one storage: the company's")
        self.assertEqual(company._sales_panel_format_amount(45_000_000_000, self.irr),
                         f"4,500,000,000{NBSP}Toman")
        self.assertEqual(company._sales_panel_format_amount(25, self.irr), f"3{NBSP}Toman")
        persian = company.with_env(self.fa)._sales_panel_format_amount(45_000_000_000, self.irr)
        self.assertTrue(persian.endswith(f"{NBSP}تومان"), persian)
        self.assertEqual(persian.translate(str.maketrans("", "", ",٬")), f"4500000000{NBSP}تومان")
        # Another currency is shown as it is, with its decimals.
        self.assertEqual(company._sales_panel_format_amount(12.5, self.usd), f"${NBSP}12.50")

    def test_manager_sets_tomans_on_the_rules_screen_and_the_web_client_gets_them(self):
        self.authenticate(self.manager.login, self.manager.login)
        self.rpc("sales.panel.rules", "web_save", self.rules.ids, {"sales_panel_amount_unit": "toman"},
                 specification={"sales_panel_amount_unit": {}})
        self.assertEqual(self.company.sales_panel_amount_unit, "toman")
        tracked = self.env["mail.tracking.value"].sudo().search([
            ("mail_message_id.model", "=", "sales.panel.rules"), ("mail_message_id.res_id", "=", self.rules.id),
            ("field_id.name", "=", "sales_panel_amount_unit")])
        self.assertEqual(tracked.mail_message_id.author_id, self.manager.partner_id, "the change is logged")
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        # The symbol in the session's language ("تومان" in Persian).
        symbol = self.company.with_context(lang=info["user_context"]["lang"])._sales_panel_unit_symbols()["toman"]
        self.assertEqual(info["sales_panel_amount_units"], {str(self.irr.id): {"divisor": 10, "symbol": symbol}})
        self.assertEqual(self.company.with_env(self.fa)._sales_panel_unit_symbols()["toman"], "تومان")
        self.assertEqual(info["sales_panel_amount_currency_id"], self.company.currency_id.id)
        self.assertEqual(info["sales_panel_phone_rules"]["country_code"], "98")
        # Back to rials: nothing for the web client to convert.
        self.rpc("sales.panel.rules", "web_save", self.rules.ids, {"sales_panel_amount_unit": "currency"},
                 specification={"sales_panel_amount_unit": {}})
        self.assertEqual(self.make_jsonrpc_request("/web/session/get_session_info")["sales_panel_amount_units"], {})

    def test_agents_cannot_change_how_amounts_are_shown(self):
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        error = self.rpc_error("sales.panel.rules", "write", self.rules.ids, {"sales_panel_amount_unit": "toman"})
        self.assertIn("AccessError", error)
        self.assertEqual(self.company.sales_panel_amount_unit, "currency")

    def test_phone_numbers_in_the_national_format_of_the_company_country(self):
        company = self.company
        self.assertEqual(company._sales_panel_format_phone("+989121234567"), "0912 123 4567")
        self.assertEqual(company._sales_panel_format_phone("+442079460958"), "+44 20 7946 0958")
        company.sales_panel_phone_country_id = self.env.ref("base.uk")
        self.assertEqual(company._sales_panel_format_phone("+442079460958"), "020 7946 0958")
        self.assertEqual(company._sales_panel_format_phone("+989121234567"), "+98 912 123 4567")
        self.assertEqual(company._sales_panel_format_phone(False), "")

    def test_session_follows_the_company_switcher(self):
        """The web client is set up for the company chosen in the switcher (``cids``
        cookie), not the user's default company; a company not theirs is ignored."""
        rials = self.env["res.company"].create({
            "name": "Tehran branch", "currency_id": self.irr.id, "country_id": self.env.ref("base.ir").id,
            "sales_panel_amount_unit": "toman"})
        stranger = self.env["res.company"].create({"name": "Not theirs", "currency_id": self.irr.id})
        self.company.write({"currency_id": self.usd.id})
        self.agent_a1.write({"company_ids": [(4, rials.id)]})
        self.authenticate(self.agent_a1.login, self.agent_a1.login)
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertEqual((info["sales_panel_amount_currency_id"], info["sales_panel_amount_units"]),
                         (self.usd.id, {}))
        self.opener.cookies.set("cids", f"{rials.id}-{self.company.id}")
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertEqual((info["sales_panel_amount_currency_id"], list(info["sales_panel_amount_units"])),
                         (self.irr.id, [str(self.irr.id)]))
        self.opener.cookies.set("cids", str(stranger.id))
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertEqual(info["sales_panel_amount_currency_id"], self.usd.id, "another company's is ignored")
