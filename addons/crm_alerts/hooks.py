from odoo.addons.crm_sales_base.hooks import drop_indexes

# Indexes this module adds to tables it does not own, created by the models' init() and
# dropped on uninstall: {name: (table, columns and predicate)}.
INDEXES = {
    # "Contacts added" by an agent in a period (alerts, agent home, manager report) is an
    # index range scan instead of a scan of every contact.
    "res_partner_create_uid_date_idx": ("res_partner", "(create_uid, create_date)"),
    # The manager report's contact and company filters by tier (the suite's classification),
    # evaluated once per report: with the contact, its company and the columns of the
    # contacts' record rule in the index, both sides (the contacts of a tier, the companies
    # of a tier) are read from it alone instead of twice from the table (bench/README.md).
    "res_partner_tier_commercial_idx": (
        "res_partner", "(tier, commercial_partner_id) INCLUDE (company_id, partner_share, id)"),
    # An agent's overdue tasks (alerts, banner, agent home), oldest first: with only
    # Odoo's single-column indexes the planner walked every overdue task of everyone
    # by deadline looking for the agent's first ten (0.7 s at 2 000 000 tasks).
    "mail_activity_user_deadline_idx": ("mail_activity", "(user_id, date_deadline) WHERE active"),
}


def uninstall_hook(env):
    drop_indexes(env, INDEXES)
