from odoo import fields, models


class BeneficiaryChannel(models.Model):
    """A communication channel the association's policy names (قنوات التواصل)."""

    _name = "beneficiary.channel"
    _description = "Communication Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Stable technical code used by integrations and reports."
    )
    sequence = fields.Integer(default=10)
    is_online = fields.Boolean(
        string="Online Channel",
        help="Requests through this channel are made without the applicant being present.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a communication channel must be unique."),
    ]
