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
