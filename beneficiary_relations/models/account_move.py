from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    beneficiary_disbursement_id = fields.Many2one(
        "beneficiary.disbursement",
        string="Aid Disbursement",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )

    @api.model
    def _aid_bill_values(self, partner, journal, account, amount, label, analytic=None, **values):
        """A vendor bill of one untaxed line, as aid and compensation are paid;
        ``values`` completes the bill (company, dates, references, …)."""
        return {
            "move_type": "in_invoice",
            "partner_id": partner.id,
            "journal_id": journal.id,
            **values,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                        "analytic_distribution": analytic and {str(analytic.id): 100},
                    }
                )
            ],
        }

    def _post(self, soft=True):
        self.filtered("beneficiary_disbursement_id")._check_aid_bill()
        return super()._post(soft)

    def _check_aid_bill(self):
        """An aid bill pays the beneficiary of its request, and never more
        than its installment."""
        for move in self:
            line = move.beneficiary_disbursement_id
            if move.commercial_partner_id != line.partner_id.commercial_partner_id:
                raise UserError(
                    self.env._(
                        "The aid bill %(bill)s must be made out to the beneficiary %(partner)s.",
                        bill=move.display_name,
                        partner=line.partner_id.name,
                    )
                )
            if move.currency_id.compare_amounts(move.amount_total, line.amount) > 0:
                raise UserError(
                    self.env._(
                        "The aid bill %(bill)s is more than its installment %(installment)s: "
                        "aid is never paid beyond the approved amount.",
                        bill=move.display_name,
                        installment=line.display_name,
                    )
                )

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        self.beneficiary_disbursement_id.request_id._close_when_settled()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_paid_aid(self):
        if self.filtered(lambda m: m.beneficiary_disbursement_id and m.payment_state != "not_paid"):
            raise UserError(self.env._("A paid aid bill cannot be deleted."))
