from odoo import _, models
from odoo.exceptions import ValidationError

from ..lib import templates


class SalesPanelPlaceholderMixin(models.AbstractModel):
    """Texts users write with ``{placeholders}`` (SMS texts, alert messages)."""

    _name = "sales.panel.placeholder.mixin"
    _description = "Text with placeholders"

    def _sales_panel_check_placeholders(self, field, allowed):
        """Refuse a ``field`` text naming a placeholder not in ``allowed``. The text is
        translatable: it is checked in every language it is written in, and in the English
        source even where English is not an installed language."""
        codes = {"en_US"} | {code for code, _name in self.env["res.lang"].get_installed()}
        for code in sorted(codes):
            for record in self.with_context(lang=code):
                bad = templates.unknown(record[field], allowed)
                if bad:
                    raise ValidationError(_(
                        "“%(field)s” of “%(record)s” uses an unknown placeholder: %(names)s. "
                        "Known placeholders: %(known)s.",
                        field=record._fields[field]._description_string(record.env), record=record.display_name,
                        names=", ".join(f"{{{b}}}" for b in bad), known=", ".join(f"{{{p}}}" for p in allowed)))
