"""The alerts history (list and cards) in the reader's digits (issue 19): the messages the
server writes with ASCII digits are shown with Persian digits to a Persian-digit reader, as
the top bar and the home show them, and as written to a reader of Latin digits."""

import json
import re

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import AlertCase

PERSIAN = str.maketrans("0123456789,.", "۰۱۲۳۴۵۶۷۸۹٬٫")
# A number in a text: digits, with "," or "." between digits.
NUMBER = re.compile(r"[0-9](?:[0-9]|[.,](?=[0-9]))*")

# Opens the history as a list, then as cards, on the result ``expected.id``; reads its message.
READ_HISTORY = """
(async () => {
    const expected = __EXPECTED__;
    const action = odoo.__WOWL_DEBUG__.root.env.services.action;
    async function read(viewType, selector) {
        await action.doAction({
            type: "ir.actions.act_window", res_model: "crm.alert.result", views: [[false, viewType]],
            domain: [["id", "=", expected.id]],
        });
        let cell;
        for (let i = 0; i < 200 && !(cell = document.querySelector(selector)); i++) {
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return cell && cell.textContent.trim();
    }
    const shown = {
        list: await read("list", ".o_list_view .o_data_row td[name='message']"),
        kanban: await read("kanban", ".o_kanban_view .o_sales_panel_alert_card [name='message']"),
    };
    if (shown.list !== expected.message || shown.kanban !== expected.message) {
        console.error("The history shows " + JSON.stringify(shown) + ", expected " + expected.message);
    } else {
        console.log("test successful");
    }
})();
"""


@tagged("post_install", "-at_install")
class TestHistoryDigits(HttpCase, AlertCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rule = cls.env.ref("crm_alerts.rule_f19_talk_minutes")
        persian = cls.env(context=dict(cls.env.context, lang="fa_IR"))
        rule.with_env(persian).message = "دقیقه‌های امروز: {value}"
        cls.result = cls.env["crm.alert.result"].create({
            "rule_id": rule.id, "user_id": cls.agent_a1.id, "company_id": cls.env.company.id,
            "date": fields.Date.today(), "is_on": True, "first_on": fields.Datetime.now(),
            "value": 1502.5, "target": 0, "done": 0})
        # The supervisor of agent A1 reads the history in Persian; the company shows Persian
        # digits to Persian readers.
        cls.env.company.sales_panel_persian_digits = True
        cls.sup_a.lang = "fa_IR"

    def read_history(self, persian_digits):
        """The message of the result as the list and the cards show it to the supervisor,
        against the server's text (in their digits)."""
        message = self.result.with_user(self.sup_a).with_context(lang="fa_IR").message
        self.assertIn("1,502.5", message)
        if persian_digits:
            message = NUMBER.sub(lambda number: number.group().translate(PERSIAN), message)
        expected = {"id": self.result.id, "message": message}
        self.browser_js("/odoo", READ_HISTORY.replace("__EXPECTED__", json.dumps(expected, ensure_ascii=False)),
                        ready="odoo.isReady === true", login="t_sup_a")
        return message

    def test_persian_digits_reader(self):
        self.assertTrue(self.sup_a._sales_panel_persian_digits())
        message = self.read_history(persian_digits=True)
        self.assertEqual(message, "دقیقه‌های امروز: ۱٬۵۰۲٫۵")

    def test_latin_digits_reader(self):
        self.sup_a.sales_panel_digits = "latin"
        message = self.read_history(persian_digits=False)
        self.assertEqual(message, "دقیقه‌های امروز: 1,502.5")
