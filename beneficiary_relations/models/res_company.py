from odoo import api, fields, models
from odoo.exceptions import ValidationError

WINDOW_UNITS = [("weeks", "Weeks"), ("days", "Days"), ("working_days", "Working Days")]


class ResCompany(models.Model):
    _inherit = "res.company"

    beneficiary_answer_min = fields.Integer(
        string="Earliest Answer After",
        default=2,
        help="The committee answers a request not less than this many periods after submission.",
    )
    beneficiary_answer_max = fields.Integer(
        string="Decision Deadline After",
        default=6,
        help="The committee answers a request not more than this many periods after submission.",
    )
    beneficiary_answer_unit = fields.Selection(
        WINDOW_UNITS,
        string="Decision Window Unit",
        default="weeks",
        help="Working days skip the Friday-Saturday weekend.",
    )
    complaint_days_low = fields.Integer(string="Low Severity Response Days", default=15)
    complaint_days_medium = fields.Integer(string="Medium Severity Response Days", default=10)
    complaint_days_high = fields.Integer(string="High Severity Response Days", default=5)
    complaint_days_critical = fields.Integer(string="Critical Severity Response Days", default=2)
    information_request_days = fields.Integer(
        string="Information Request Response Days",
        default=10,
        help="Stakeholders asking about their own affairs are answered within this many days.",
    )

    def _complaint_response_days(self, severity, category):
        """Days to answer a complaint of this severity and category."""
        self.ensure_one()
        if category == "information_request":
            return self.information_request_days
        return self[f"complaint_days_{severity}"]

    @api.constrains(
        "complaint_days_low",
        "complaint_days_medium",
        "complaint_days_high",
        "complaint_days_critical",
        "information_request_days",
    )
    def _check_complaint_days(self):
        for company in self:
            days = [
                company.complaint_days_low,
                company.complaint_days_medium,
                company.complaint_days_high,
                company.complaint_days_critical,
                company.information_request_days,
            ]
            if min(days) < 1:
                raise ValidationError(self.env._("Response times are at least one day."))

    @api.constrains("beneficiary_answer_min", "beneficiary_answer_max")
    def _check_beneficiary_window(self):
        for company in self:
            if (
                company.beneficiary_answer_min < 0
                or company.beneficiary_answer_max < company.beneficiary_answer_min
            ):
                raise ValidationError(
                    self.env._(
                        "The decision deadline must come after the earliest answer, "
                        "and neither can be negative."
                    )
                )
