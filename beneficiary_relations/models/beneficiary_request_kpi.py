from odoo import api, fields, models


class BeneficiaryRequest(models.Model):
    """Figures of a request that the association's indicators group on."""

    _inherit = "beneficiary.request"

    decision_days = fields.Integer(
        string="Days to Decision",
        compute="_compute_decision_kpis",
        store=True,
        aggregator="avg",
        help="Calendar days from the submission to the decision.",
    )
    decided_on_time = fields.Boolean(
        string="Decided Within the Window",
        compute="_compute_decision_kpis",
        store=True,
        help="Decided on or before the decision deadline given to the applicant.",
    )
    date_referred = fields.Date(readonly=True, copy=False)

    @api.depends("date_submitted", "date_decision", "date_deadline")
    def _compute_decision_kpis(self):
        for request in self:
            decided = request.date_decision and request.date_submitted
            request.decision_days = (
                (request.date_decision - request.date_submitted).days if decided else 0
            )
            request.decided_on_time = bool(
                decided and request.date_deadline and request.date_decision <= request.date_deadline
            )

    def write(self, vals):
        if vals.get("state") == "referred" and "date_referred" not in vals:
            vals = dict(vals, date_referred=fields.Date.context_today(self))
        return super().write(vals)
