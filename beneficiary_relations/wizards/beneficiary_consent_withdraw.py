from odoo import fields, models


class BeneficiaryConsentWithdraw(models.TransientModel):
    """Records the withdrawal of consents, at the person's request."""

    _name = "beneficiary.consent.withdraw"
    _description = "Withdraw Consent"

    consent_ids = fields.Many2many(
        "beneficiary.consent",
        string="Consents",
        default=lambda self: self.env.context.get("default_consent_ids"),
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.consent_ids._withdraw(self.reason)
        return {"type": "ir.actions.act_window_close"}
