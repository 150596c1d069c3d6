from odoo import api, models


class ReportPersonalData(models.AbstractModel):
    """Everything the association holds about a beneficiary, readable
    (PDPL rights of access and copy); the manager only."""

    _name = "report.beneficiary_relations.report_personal_data"
    _inherit = "beneficiary.letter"
    _description = "Personal Data Held About a Beneficiary"
    _letter_model = "beneficiary.beneficiary"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["beneficiary.beneficiary"].browse(docids)
        Export = self.env["beneficiary.data.export"]
        exports = {}
        for beneficiary in docs:
            export = Export._export_data(beneficiary)
            exports[beneficiary.id] = {
                "lang": export["lang"],
                "sources": Export._export_display(export),
            }
        return {
            "doc_ids": docids,
            "doc_model": "beneficiary.beneficiary",
            "docs": docs,
            "exports": exports,
        }
