from odoo import fields, models


class BeneficiaryDocumentType(models.Model):
    """A kind of supporting document (ID copy, family card, income proof, …)."""

    _name = "beneficiary.document.type"
    _description = "Beneficiary Document Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    has_expiry = fields.Boolean(
        string="Expires",
        default=True,
        help="Documents of this type carry an expiry date and stop being valid after it.",
    )
    active = fields.Boolean(default=True)
