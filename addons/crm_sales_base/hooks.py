def post_init_hook(env):
    """Existing contacts get the "None" cooperation type (F16)."""
    none = env.ref("crm_sales_base.cooperation_type_none")
    # No chatter line per contact for a value nobody chose.
    env["res.partner"].with_context(active_test=False, tracking_disable=True).search(
        [("cooperation_type_id", "=", False)]
    ).write({"cooperation_type_id": none.id})


def uninstall_hook(env):
    """Keep the chatter history of the suite's tracked fields and let them go.

    Odoo 18's mail copies a tracked field's description into its tracking values when the
    field is deleted, but at uninstall time the field is already gone from the registry,
    the copy fails and the field, its column and its model stay behind. Copy it here, while
    the fields are known, and mark them untracked."""
    fields = env["ir.model.fields"].search([
        ("tracking", "!=", False), ("model_id.model", "in", ("res.partner", "crm.lead")),
        ("name", "in", ("tier", "cooperation_type_id", "temperature")),
    ])
    for field in fields:
        env["mail.tracking.value"].search([("field_id", "=", field.id)]).write({
            "field_info": {
                "desc": field.field_description, "name": field.name, "type": field.ttype,
                "sequence": env[field.model]._mail_track_get_field_sequence(field.name),
            },
        })
    if fields:
        env.cr.execute("UPDATE ir_model_fields SET tracking = NULL WHERE id IN %s", [tuple(fields.ids)])
