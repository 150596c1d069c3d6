from odoo import fields, models


class BeneficiaryCategory(models.Model):
    """A category of beneficiaries (orphan, widow, elderly, …)."""

    _name = "beneficiary.category"
    _description = "Beneficiary Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    is_health = fields.Boolean(
        string="Health-Related",
        help="Health data are sensitive personal data: such categories are shown only "
        "to the beneficiary relations team.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "A beneficiary category with this name already exists."),
    ]
