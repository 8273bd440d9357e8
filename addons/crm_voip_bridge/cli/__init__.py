from . import sales_panel_pbx
