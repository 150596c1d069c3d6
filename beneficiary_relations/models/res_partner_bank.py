from odoo import api, models

from ..tools import validated_saudi_iban


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    @api.constrains("acc_number", "partner_id")
    def _check_saudi_iban(self):
        """A beneficiary's account is the Saudi IBAN the aid is paid to:
        validated in full (Odoo alone accepts an invalid IBAN as a plain
        account number).  Other contacts' accounts stay as Odoo keeps them."""
        for bank in self:
            if bank.acc_number is False:
                continue  # no number at all: a required field, Odoo refuses it
            # an anonymised file's account keeps only its last characters
            # sudo: whether the account is a beneficiary's, whoever writes the bank account
            is_beneficiary = bank.partner_id.sudo().beneficiary_ids.filtered(
                lambda beneficiary: not beneficiary.anonymised_date
            )
            if is_beneficiary:
                validated_saudi_iban(self.env, bank.acc_number)
