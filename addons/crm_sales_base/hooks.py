from odoo.tools import SQL

# Indexes this module adds to tables it does not own, created by the models' init() and
# dropped on uninstall (create_indexes, drop_indexes below): {name: (table, columns and predicate)}.
INDEXES = {
    # The key people file (models/key_people.py) reads the key people of 5 000 companies at
    # a time: without it, each batch was a scan of every contact (1 000 000 at size L).
    "res_partner_key_person_parent_idx": ("res_partner", "(parent_id) WHERE is_key_person"),
}


def post_init_hook(env):
    """Existing contacts get the "None" cooperation type (F16)."""
    none = env.ref("crm_sales_base.cooperation_type_none")
    # No chatter line per contact for a value nobody chose.
    env["res.partner"].with_context(active_test=False, tracking_disable=True).search(
        [("cooperation_type_id", "=", False)]
    ).write({"cooperation_type_id": none.id})


def uninstall_hook(env):
    """Keep the chatter history of the suite's tracked fields and let them go."""
    keep_tracking(env, ("res.partner", "crm.lead"), ("tier", "cooperation_type_id", "temperature"))
    keep_tracking(env, ("sales.panel.rules",))
    drop_indexes(env, INDEXES)


def keep_tracking(env, models, names=None, module=None):
    """Copy the description of the tracked fields ``names`` (all: None; those ``module``
    defines, when given) of ``models`` into their tracking values and mark them untracked,
    for an uninstall hook.

    Odoo 18's mail copies a tracked field's description into its tracking values when the
    field is deleted, but at uninstall time the field is already gone from the registry,
    the copy fails and the field, its column and its model stay behind. Copy it here, while
    the fields are known."""
    domain = [("tracking", "!=", False), ("model_id.model", "in", list(models))]
    if module:
        names = [name for model in models for name, field in env[model]._fields.items()
                 if field._module == module and getattr(field, "tracking", None)]
        if not names:
            return
    fields = env["ir.model.fields"].search(domain + ([("name", "in", list(names))] if names else []))
    for field in fields:
        env["mail.tracking.value"].search([("field_id", "=", field.id)]).write({
            "field_info": {
                "desc": field.field_description, "name": field.name, "type": field.ttype,
                "sequence": env[field.model]._mail_track_get_field_sequence(field.name),
            },
        })
    if fields:
        env.cr.execute("UPDATE ir_model_fields SET tracking = NULL WHERE id IN %s", [tuple(fields.ids)])


def create_indexes(env, indexes, table=None):
    """Create the indexes ``indexes`` ({name: (table, columns and predicate)}) that an addon
    adds to tables it does not own (those of ``table`` only, when given), from a model's
    ``init()``; each declaration says why it exists. Odoo drops the indexes of a table with the
    table, not those added to other addons' tables: the addon's uninstall hook calls
    :func:`drop_indexes` with the same declarations."""
    for name, (on_table, definition) in indexes.items():
        if table in (None, on_table):
            env.cr.execute(SQL("CREATE INDEX IF NOT EXISTS %s ON %s %s",
                               SQL.identifier(name), SQL.identifier(on_table), SQL(definition)))


def drop_indexes(env, indexes):
    """Drop the indexes of :func:`create_indexes`, for an uninstall hook."""
    for name in indexes:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
