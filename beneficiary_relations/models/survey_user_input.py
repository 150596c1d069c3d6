from odoo import fields, models


class SurveyUserInput(models.Model):
    """A satisfaction answer of a direct beneficiary, one per support request."""

    _inherit = "survey.user_input"

    beneficiary_request_id = fields.Many2one(
        "beneficiary.request",
        string="Support Request",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    beneficiary_id = fields.Many2one(
        related="beneficiary_request_id.beneficiary_id", store=True, string="Beneficiary"
    )
    beneficiary_program_id = fields.Many2one(
        related="beneficiary_request_id.program_id", store=True, string="Program"
    )

    _sql_constraints = [
        (
            "beneficiary_request_unique",
            "unique(beneficiary_request_id)",
            "A support request has one satisfaction answer only.",
        ),
    ]
