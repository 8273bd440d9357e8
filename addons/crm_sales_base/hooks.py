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
