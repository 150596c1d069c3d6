from odoo import api, models


class ReportPeriod(models.AbstractModel):
    """The period report, printed from the period it is given: it reads no
    saved record, so a read replica serves it (Odoo 18 renders reports on
    read-only cursors) even before the dashboard's record has reached it."""

    _name = "report.beneficiary_relations.report_period"
    _description = "Period Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        Period = self.env["beneficiary.period.report"]
        period = (data or {}).get("period")
        docs = Period.new(period) if period else Period.browse(docids)
        return {
            "doc_ids": docs.ids,
            "doc_model": Period._name,
            "docs": docs,
            "data": data,
        }
