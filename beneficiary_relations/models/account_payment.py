from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    beneficiary_disbursement_id = fields.Many2one(
        "beneficiary.disbursement",
        string="Aid Disbursement",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )

    @api.constrains("amount", "beneficiary_disbursement_id")
    def _check_aid_amount(self):
        for payment in self.filtered("beneficiary_disbursement_id"):
            line = payment.beneficiary_disbursement_id
            if payment.currency_id.compare_amounts(payment.amount, line.amount) > 0:
                raise ValidationError(
                    self.env._(
                        "The aid payment %(payment)s is more than its installment "
                        "%(installment)s: aid is never paid beyond the approved amount.",
                        payment=payment.display_name,
                        installment=line.display_name,
                    )
                )

    def _prepare_move_line_default_vals(self, write_off_line_vals=None, force_balance=None):
        """A direct aid payment books the expense on the program's analytic
        account, as its vendor bill would."""
        lines = super()._prepare_move_line_default_vals(write_off_line_vals, force_balance)
        analytic = self.beneficiary_disbursement_id.program_id.analytic_account_id
        if analytic and len(lines) > 1:
            lines[1]["analytic_distribution"] = {str(analytic.id): 100}
        return lines

    def action_post(self):
        res = super().action_post()
        self.beneficiary_disbursement_id.request_id._close_when_settled()
        return res
