"""The browser writes phone numbers as the server does (issue 19): the web client's
formatter (static/src/phone/phone_format.js) against the vectors the server's lib/phone.py
is tested with (tests/fixtures/phone_display.json, tests/unit/test_money_format.py), the
rules of the company's country as the session gives them and those of other countries
fetched from /sales_panel/phone_rules/<code>, as the web client fetches them."""

import json
from pathlib import Path

from odoo.tests import HttpCase, tagged

from ..lib import phone

VECTORS = json.loads((Path(__file__).parent / "fixtures" / "phone_display.json").read_text(encoding="utf-8"))

# In the browser: every vector through the web client's formatter; a foreign country's
# rules are fetched from the server's route the first time they are asked for.
CHECK = """
(async () => {
    const { formatPhoneWith } = odoo.loader.modules.get("@crm_sales_base/phone/phone_format");
    const vectors = %(vectors)s;
    const homes = %(homes)s;
    const fetched = {};
    const missing = new Set();
    const rulesOf = (code) => {
        if (!(code in fetched)) {
            missing.add(code);
        }
        return fetched[code];
    };
    for (let round = 0; round < 2; round++) {
        vectors.forEach((v) => formatPhoneWith(v.raw, homes[v.region], rulesOf));
        for (const code of missing) {
            const response = await fetch(`/sales_panel/phone_rules/${code}`);
            fetched[code] = await response.json();
        }
        missing.clear();
    }
    const wrong = vectors
        .map((v) => ({ ...v, browser: formatPhoneWith(v.raw, homes[v.region], rulesOf) }))
        .filter((v) => v.browser !== v.display);
    if (wrong.length) {
        console.error("The browser writes numbers otherwise than the server: " + JSON.stringify(wrong));
    } else {
        console.log(`${vectors.length} numbers written as the server writes them`);
        console.log("test successful");
    }
})();
"""


@tagged("post_install", "-at_install")
class TestPhoneDisplay(HttpCase):
    def test_browser_writes_numbers_as_the_server(self):
        vectors = VECTORS["vectors"]
        self.assertTrue({"IR", "GB", "US"} <= {v["region"] for v in vectors})
        for vector in vectors:
            self.assertEqual(phone.display(vector["raw"], vector["region"]), vector["display"], vector)
        homes = {region: phone.national_rules(region) for region in {v["region"] for v in vectors}}
        code = CHECK % {"vectors": json.dumps(vectors), "homes": json.dumps(homes)}
        self.browser_js("/odoo", code, login="admin")

    def test_rules_route(self):
        self.authenticate("admin", "admin")
        response = self.url_open("/sales_panel/phone_rules/44")
        self.assertEqual(response.json(), json.loads(json.dumps(phone.format_rules(calling_code="44"))))
        self.assertIn("max-age", response.headers["Cache-Control"])
        self.assertEqual(self.url_open("/sales_panel/phone_rules/999").json(), {}, "no such country code")

    def test_numbers_in_the_contact_list(self):
        company = self.env.company
        company.sales_panel_phone_country_id = self.env.ref("base.ir")
        for name, number in (("Phone at home", "+989121234567"), ("Phone abroad", "+442079460958"),
                             ("Phone extension", "101")):
            self.env["res.partner"].create({"name": name, "phone": number})
        self.assertEqual(company._sales_panel_format_phone("+442079460958"), "+44 20 7946 0958")
        self.start_tour("/odoo/action-contacts.action_contacts?view_type=list", "crm_sales_base_phone_display",
                        login="admin")
