import io
import tempfile

import xlsxwriter

from odoo import _, api, models
from odoo.exceptions import AccessError

from ..lib.xlsx import XLSX_TEXT_OPTIONS

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
            raise AccessError(_("Supervisors and managers export the key people."))
        if self.env.company._sales_panel_in_background(self.search_count([("is_company", "=", True)])):
            return self.env["sales.panel.progress"]._sales_panel_queue_export(
                _("Key people"), self, "_sales_panel_key_people_xlsx", KEY_PEOPLE_FILENAME)
        return {"type": "ir.actions.act_url", "url": "/sales_panel/key_people.xlsx", "target": "download"}

    @api.model
    def _sales_panel_key_people_xlsx(self, job=None):
        """Every company visible to the user and its key people, one row per key person (a
        company without any gets one row of its own). xlsxwriter's constant-memory mode
        writes rows as they come, so 100 000 companies fit in little memory. ``job``: the
        background job's reporter (companies written of all)."""
        tier_names = dict(self._fields["tier"]._description_selection(self.env))
        rtl = (self.env.user.lang or "").startswith(("fa", "ar", "he"))
        output = io.BytesIO()
        with tempfile.TemporaryDirectory() as tmpdir:
            book = xlsxwriter.Workbook(output, dict(XLSX_TEXT_OPTIONS, constant_memory=True, tmpdir=tmpdir))
            sheet = book.add_worksheet(_("Key people"))
            if rtl:
                sheet.right_to_left()
            bold = book.add_format({"bold": True})
            headers = [_("Company"), _("Tier"), _("Person"), _("Job title"), _("Phone"),
                       _("Mobile"), _("Email"), _("Salesperson")]
            sheet.write_row(0, 0, headers, bold)
            sheet.set_column(0, len(headers) - 1, 22)
            row = 1
            company_ids = self.search([("is_company", "=", True)], order="name, id").ids
            if job:
                job.update(total=len(company_ids))
            for start in range(0, len(company_ids), BATCH):
                companies = self.browse(company_ids[start:start + BATCH])
                people = self.search_fetch(
                    [("parent_id", "in", companies.ids), ("is_key_person", "=", True)],
                    ["parent_id", "name", "function", "phone", "mobile", "email", "user_id"],
                    order="name, id",
                )
                by_company = {}
                for person in people:
                    by_company.setdefault(person.parent_id.id, []).append(person)
                companies.fetch(["name", "tier", "user_id"])
                for company in companies:
                    company_cells = [company.name, tier_names.get(company.tier, "")]
                    for person in by_company.get(company.id) or [None]:
                        cells = company_cells + ([
                            person.name, person.function or "", person.phone or "",
                            person.mobile or "", person.email or "",
                            (person.user_id or company.user_id).name or "",
                        ] if person else ["", "", "", "", "", company.user_id.name or ""])
                        sheet.write_row(row, 0, cells)
                        row += 1
                self.env.invalidate_all()
                if job:
                    job.update(advance=len(companies))
            book.close()
        return output.getvalue()
