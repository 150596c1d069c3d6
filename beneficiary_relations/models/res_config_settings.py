from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    beneficiary_answer_min = fields.Integer(
        related="company_id.beneficiary_answer_min", readonly=False
    )
    beneficiary_answer_max = fields.Integer(
        related="company_id.beneficiary_answer_max", readonly=False
    )
    beneficiary_answer_unit = fields.Selection(
        related="company_id.beneficiary_answer_unit", readonly=False
    )
