from odoo import api, fields, models
from odoo.exceptions import UserError


class BeneficiaryPortalInvite(models.TransientModel):
    """Hands the beneficiary his one-time link to the portal: shown to the
    officer (to give in person or by message) or e-mailed to him."""

    _name = "beneficiary.portal.invite"
    _description = "Beneficiary Portal Invitation"

    beneficiary_id = fields.Many2one("beneficiary.beneficiary", required=True, readonly=True)
    login = fields.Char(readonly=True)
    email = fields.Char(readonly=True)
    signup_url = fields.Char(
        string="One-Time Link",
        readonly=True,
        help="Opens the page where the beneficiary sets his password. It works once: it stops "
        "working when he signs in, and after six days.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        beneficiary = self.env["beneficiary.beneficiary"].browse(values.get("beneficiary_id"))
        if beneficiary:
            beneficiary._check_officer(self.env._("Inviting a beneficiary to the portal"))
            user = beneficiary._portal_user()
            values.update(
                login=user.login,
                email=user.partner_id.email,
                signup_url=beneficiary._portal_signup_url(),
            )
        return values

    def action_send_email(self):
        """E-mail the link to the beneficiary, on its own: the link is not
        kept in the file's chatter (whoever holds it sets the password)."""
        self.ensure_one()
        beneficiary = self.beneficiary_id
        beneficiary._check_officer(self.env._("Inviting a beneficiary to the portal"))
        partner = beneficiary.partner_id
        if not partner.email:
            raise UserError(
                self.env._(
                    "%(name)s has no e-mail address: give the link in person.",
                    name=beneficiary.name,
                )
            )
        template = self.env.ref("beneficiary_relations.mail_template_portal_invitation")
        beneficiary.with_context(signup_url=beneficiary._portal_signup_url())._send_mail_of_its_own(
            template, partner
        )
        beneficiary._message_log(
            body=self.env._("Portal invitation e-mailed to %(email)s.", email=partner.email)
        )
        return {"type": "ir.actions.act_window_close"}
