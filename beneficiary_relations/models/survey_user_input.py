from odoo import fields, models


class SurveyUserInput(models.Model):
    """A satisfaction answer of a direct beneficiary, one per support request."""

    _inherit = "survey.user_input"

    # who answered is the beneficiary relations manager's to know (the record
    # rules also hide these answers from the other Surveys users)
    beneficiary_request_id = fields.Many2one(
        "beneficiary.request",
        string="Support Request",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        groups="beneficiary_relations.group_manager",
    )
    beneficiary_id = fields.Many2one(
        related="beneficiary_request_id.beneficiary_id",
        store=True,
        string="Beneficiary",
        groups="beneficiary_relations.group_manager",
    )
    beneficiary_program_id = fields.Many2one(
        related="beneficiary_request_id.program_id",
        store=True,
        string="Program",
        groups="beneficiary_relations.group_manager",
    )

    _sql_constraints = [
        (
            "beneficiary_request_unique",
            "unique(beneficiary_request_id)",
            "A support request has one satisfaction answer only.",
        ),
    ]
