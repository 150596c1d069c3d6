from odoo import fields, models


class BeneficiaryConsentWithdraw(models.TransientModel):
    """Records a beneficiary's withdrawal of consent to data processing."""

    _name = "beneficiary.consent.withdraw"
    _description = "Withdraw Beneficiary Consent"

    beneficiary_ids = fields.Many2many(
        "beneficiary.beneficiary",
        string="Beneficiaries",
        default=lambda self: self.env.context.get("active_ids"),
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.beneficiary_ids._withdraw_consent(self.reason)
        return {"type": "ir.actions.act_window_close"}
