from odoo import fields, models


class StakeholderWorkArea(models.Model):
    """A work area of the association with its contact officer (ضابط اتصال),
    who answers stakeholders' enquiries about their own affairs."""

    _name = "stakeholder.work.area"
    _description = "Work Area"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    contact_officer_id = fields.Many2one(
        "res.users", required=True, domain="[('share', '=', False)]"
    )
    contact_phone = fields.Char(related="contact_officer_id.partner_id.phone")
    contact_email = fields.Char(related="contact_officer_id.partner_id.email")
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
