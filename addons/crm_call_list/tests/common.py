from odoo.addons.crm_sales_base.tests.common import SalesPanelCase

HEADER = "Name,Phone\n"


class CallListCase(SalesPanelCase):
    """A call list of team A, one without a team, and the default outcomes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Messages are asserted in English (the tours run in Persian).
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.env.company.sales_panel_call_list_max_held = 3
        cls.category = cls.env["crm.call.list.category"].create({"name": "Trade fair"})
        cls.list_a = cls.env["crm.call.list"].create({"name": "Fair visitors", "team_id": cls.team_a.id,
                                                      "category_id": cls.category.id})
        cls.list_b = cls.env["crm.call.list"].create({"name": "Team B's list", "team_id": cls.team_b.id})
        ref = cls.env.ref
        cls.no_answer = ref("crm_call_list.outcome_no_answer")
        cls.call_later = ref("crm_call_list.outcome_call_later")
        cls.not_interested = ref("crm_call_list.outcome_not_interested")
        cls.customer = ref("crm_call_list.outcome_customer")

    @classmethod
    def numbers(cls, call_list, count, start=0, **values):
        return cls.env["crm.call.list.number"].create([
            dict({"list_id": call_list.id, "name": f"Person {start + i}", "number_raw": f"0912{start + i:07d}"}, **values)
            for i in range(count)])

    def import_file(self, content, fields=("name", "number_raw"), dryrun=False, call_list=None, **options):
        """base_import of ``content`` (bytes) into ``call_list`` as the web client does it."""
        wizard = self.env["base_import.import"].create({
            "res_model": "crm.call.list.number", "file": content, "file_type": "text/csv",
            "file_name": "numbers.csv"})
        options = dict({"quoting": '"', "separator": ",", "has_headers": True, "encoding": "utf-8"}, **options)
        context = {"default_list_id": (call_list or self.list_a).id}
        preview = wizard.with_context(**context).parse_preview(dict(options))
        result = wizard.with_context(**context).execute_import(list(fields), preview.get("headers", []), dict(options),
                                                             dryrun=dryrun)
        return preview, result
