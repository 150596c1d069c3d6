from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    is_beneficiary_score = fields.Boolean(
        string="Overall Satisfaction Score",
        help="The answer to this scale question is the beneficiary's overall satisfaction "
        "score used by the association's indicators.",
    )
