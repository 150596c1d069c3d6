from odoo import models
from odoo.exceptions import UserError


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payments(self):
        aid_bills = self.line_ids.move_id.filtered("beneficiary_disbursement_id")
        if aid_bills and self.currency_id.compare_amounts(self.payment_difference, 0.0) < 0:
            raise UserError(
                self.env._(
                    "%(amount)s is more than what remains to pay on the aid bills: aid is never "
                    "paid beyond the approved amount.",
                    amount=self.currency_id.format(self.amount),
                )
            )
        return super()._create_payments()
