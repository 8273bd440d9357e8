import io
import tempfile

import xlsxwriter

from odoo import _, api, models

from ..lib.xlsx import XLSX_TEXT_OPTIONS

KEY_PEOPLE_FILENAME = "key_people.xlsx"
BATCH = 5000


class ResPartnerKeyPeople(models.AbstractModel):
    _inherit = "res.partner"

    @api.model
    def _sales_panel_key_people_xlsx(self):
        """Every company visible to the user and its key people, one row per key person (a
        company without any gets one row of its own). xlsxwriter's constant-memory mode
        writes rows as they come, so 100 000 companies fit in little memory."""
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
            book.close()
        return output.getvalue()
