from odoo import models

from ..tools import IMPORT_COLUMNS


class BaseImportImport(models.TransientModel):
    """Odoo's *Import records* on beneficiary files: the columns of the Arabic
    template are matched to their fields whatever the user's language (a
    mapping the user saved stays first), and the rows' problems are reported
    with their line in the file."""

    _inherit = "base_import.import"

    def _get_mapping_suggestion(self, header, fields_tree, header_types, mapping_fields):
        if self.res_model == "beneficiary.beneficiary":
            template = {column.lower(): name for column, name in IMPORT_COLUMNS.items()}
            mapping_fields = {**template, **mapping_fields}
        return super()._get_mapping_suggestion(header, fields_tree, header_types, mapping_fields)

    def execute_import(self, fields, columns, options, dryrun=False):
        if self.res_model == "beneficiary.beneficiary":
            first_line = 1 + bool(options.get("has_headers")) + (options.get("skip") or 0)
            self = self.with_context(beneficiary_import_first_line=first_line)
        return super().execute_import(fields, columns, options, dryrun=dryrun)
