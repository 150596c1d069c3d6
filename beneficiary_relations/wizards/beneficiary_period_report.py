from odoo import api, fields, models
from odoo.exceptions import ValidationError


class BeneficiaryPeriodReport(models.TransientModel):
    """The association's key indicators over a chosen period, on screen and
    as the printable period report for the board and the regulator."""

    _name = "beneficiary.period.report"
    _description = "Beneficiary Relations Period Report"

    def _default_date_from(self):
        return fields.Date.context_today(self).replace(month=1, day=1)

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    request_count = fields.Integer(string="Requests Submitted", compute="_compute_kpis")
    decided_count = fields.Integer(string="Requests Decided", compute="_compute_kpis")
    on_time_share = fields.Float(string="Decided Within the Window (%)", compute="_compute_kpis")
    urgent_count = fields.Integer(
        string="Urgent Decisions",
        compute="_compute_kpis",
        help="Decided before the policy's two weeks, with a recorded reason.",
    )
    median_days = fields.Float(string="Median Days to Decision", compute="_compute_kpis")
    p90_days = fields.Float(string="90th Percentile Days to Decision", compute="_compute_kpis")
    overdue_count = fields.Integer(string="Overdue Now", compute="_compute_kpis")
    referral_count = fields.Integer(string="Referrals Out", compute="_compute_kpis")
    complaint_count = fields.Integer(string="Complaints Received", compute="_compute_kpis")
    satisfaction_average = fields.Float(
        string="Average Satisfaction (out of 5)", compute="_compute_kpis"
    )
    satisfaction_answers = fields.Integer(compute="_compute_kpis")
    response_rate = fields.Float(string="Survey Response Rate (%)", compute="_compute_kpis")
    reach_count = fields.Integer(string="Indirect Beneficiaries Reached", compute="_compute_kpis")
    aid_paid = fields.Monetary(compute="_compute_kpis")
    aid_delivered = fields.Monetary(string="In-Kind Aid Delivered", compute="_compute_kpis")

    @api.depends("date_from", "date_to", "company_id")
    def _compute_kpis(self):
        for wizard in self:
            if not (wizard.date_from and wizard.date_to) or wizard.date_to < wizard.date_from:
                wizard.update(dict.fromkeys(wizard._kpi_field_names(), 0))
                continue
            kpis = wizard._kpis()
            decisions, satisfaction = kpis["decisions"], kpis["satisfaction"]
            wizard.update(
                {
                    "request_count": kpis["requests"]["total"],
                    "decided_count": decisions["decided"],
                    "on_time_share": decisions["on_time_share"],
                    "urgent_count": decisions["urgent"],
                    "median_days": decisions["median_days"] or 0.0,
                    "p90_days": decisions["p90_days"] or 0.0,
                    "overdue_count": decisions["overdue_now"],
                    "referral_count": decisions["referred"],
                    "complaint_count": kpis["complaints"]["received"],
                    "satisfaction_average": satisfaction["average"],
                    "satisfaction_answers": satisfaction["answers"],
                    "response_rate": satisfaction["response_rate"],
                    "reach_count": kpis["reach"]["people"],
                    "aid_paid": kpis["aid"]["paid"],
                    "aid_delivered": kpis["aid"]["delivered"],
                }
            )

    def _kpi_field_names(self):
        return [name for name, field in self._fields.items() if field.compute == "_compute_kpis"]

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if not (wizard.date_from and wizard.date_to):
                raise ValidationError(self.env._("Give the first and last day of the period."))
            if wizard.date_to < wizard.date_from:
                raise ValidationError(self.env._("The period cannot end before it starts."))

    def _kpis(self):
        self.ensure_one()
        kpi = self.env["beneficiary.kpi"].with_company(self.company_id)
        return kpi._compute_kpis(self.date_from, self.date_to)

    def _approved_policies(self):
        """The policies in force, with their board approval, as evidence."""
        return self.env["stakeholder.policy"].search(
            [("state", "=", "approved"), ("company_id", "=", self.company_id.id)]
        )

    @api.readonly
    def onchange(self, values, field_names, fields_spec):
        """The dashboard's figures, computed as it opens and as its period
        changes, on a read-only cursor (a read replica when there is one)."""
        return super().onchange(values, field_names, fields_spec)

    def action_print(self):
        """The period report of the period shown (see ReportPeriod)."""
        self.ensure_one()
        period = {
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
            "company_id": self.company_id.id,
        }
        return self.env.ref("beneficiary_relations.action_report_period").report_action(
            self.browse(), data={"period": period}
        )
