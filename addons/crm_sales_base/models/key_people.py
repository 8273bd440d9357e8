import io

from odoo import _, api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..lib.xlsx import XlsxTextSheet

KEY_PEOPLE_FILENAME = "key_people.xlsx"
BATCH = 5000


class ResPartnerKeyPeople(models.AbstractModel):
    _inherit = "res.partner"

    @api.model
    def _sales_panel_key_people_export(self):
        """The menu's action: the file at once, or past the company's size built in the
        background (``sales.panel.progress``) and its user told when it is ready."""
        user = self.env.user
        if not user.has_group("crm_sales_base.group_section_key_people"):
            raise AccessError(_("Only users whose role switches the Key-people export section on export the "
                                "key people."))
        if self.env.company._sales_panel_in_background(self.search_count([("is_company", "=", True)])):
            return self.env["sales.panel.progress"]._sales_panel_queue_export(
                _("Key people"), self, "_sales_panel_key_people_xlsx", KEY_PEOPLE_FILENAME)
        return {"type": "ir.actions.act_url", "url": "/sales_panel/key_people.xlsx", "target": "download"}

    @api.model
    def _sales_panel_key_people_xlsx(self, job=None):
        """Every company visible to the user and its key people, one row per key person (a
        company without any gets one row of its own). The rows are read as plain values by
        one query per batch of companies (through the user's record rules) and streamed into
        the file (lib/xlsx.py), so 200 000 companies fit in little memory and time. ``job``:
        the background job's reporter (companies written of all)."""
        tier_names = dict(self._fields["tier"]._description_selection(self.env))
        rtl = (self.env.user.lang or "").startswith(("fa", "ar", "he"))
        headers = [_("Company"), _("Tier"), _("Person"), _("Job title"), _("Phone"),
                   _("Mobile"), _("Email"), _("Salesperson")]
        users = {}  # salespeople's names, read once, those of a batch together

        def read_users(user_ids):
            missing = self.env["res.users"].browse(uid for uid in user_ids if uid and uid not in users)
            for user in missing:
                users[user.id] = user.name or ""

        def user_name(user_id):
            return users.get(user_id, "") if user_id else ""

        output = io.BytesIO()
        with XlsxTextSheet(output, _("Key people"), widths=[22] * len(headers), rtl=rtl) as sheet:
            sheet.header(headers)
            company_ids = self.search([("is_company", "=", True)], order="name, id").ids
            if job:
                job.update(total=len(company_ids))
            for start in range(0, len(company_ids), BATCH):
                batch = company_ids[start:start + BATCH]
                companies = {row[0]: row[1:] for row in self.env.execute_query(SQL(
                    "SELECT id, name, tier, user_id FROM res_partner WHERE id = ANY(%s)", batch))}
                people = self._search([("parent_id", "in", batch), ("is_key_person", "=", True)],
                                      order="name, id")
                by_company = {}
                for parent_id, *person in self.env.execute_query(people.select(*(
                        self._field_to_sql(self._table, name, people)
                        for name in ("parent_id", "name", "function", "phone", "mobile", "email", "user_id")))):
                    by_company.setdefault(parent_id, []).append(person)
                read_users({row[2] for row in companies.values()}
                           | {person[-1] for persons in by_company.values() for person in persons})
                rows = []
                for company_id in batch:
                    name, tier, company_user = companies[company_id]
                    company_cells = (name, tier_names.get(tier, ""))
                    for person in by_company.get(company_id) or [None]:
                        if person:
                            *cells, person_user = person
                            rows.append((*company_cells, *cells, user_name(person_user or company_user)))
                        else:
                            rows.append((*company_cells, "", "", "", "", "", user_name(company_user)))
                sheet.rows(rows)
                if job:
                    job.update(advance=len(batch))
        return output.getvalue()
