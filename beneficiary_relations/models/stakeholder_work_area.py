from odoo import api, fields, models

from ..tools import OFFICER, check_role, role_domain


class StakeholderWorkArea(models.Model):
    """A work area of the association with its contact officer (ضابط اتصال),
    who answers stakeholders' enquiries about their own affairs."""

    _name = "stakeholder.work.area"
    _description = "Work Area"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    # the complaints of the work area are assigned to its contact officer
    contact_officer_id = fields.Many2one(
        "res.users", required=True, domain=lambda self: role_domain(self.env, OFFICER)
    )
    contact_phone = fields.Char(related="contact_officer_id.partner_id.phone")
    contact_email = fields.Char(related="contact_officer_id.partner_id.email")
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)

    @api.constrains("contact_officer_id")
    def _check_contact_officer_id(self):
        check_role(self, "contact_officer_id", OFFICER)
