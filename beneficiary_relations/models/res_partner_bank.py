from odoo import api, models
from odoo.exceptions import ValidationError

from .. import rules


def validated_saudi_iban(env, value):
    """The normalised Saudi IBAN, or a translated ValidationError saying what
    is wrong with ``value``."""
    try:
        return rules.check_saudi_iban(value)
    except rules.RuleError as err:
        messages = {
            "country": env._("A Saudi IBAN starts with SA."),
            "length": env._("A Saudi IBAN has 24 characters: SA, 2 check digits, 20 more."),
            "characters": env._(
                "A Saudi IBAN holds only letters and digits, with the bank code in digits."
            ),
            "checksum": env._("This IBAN's check digits are wrong: check it letter by letter."),
        }
        raise ValidationError(
            env._("%(iban)s is not a valid Saudi IBAN. %(why)s", iban=value, why=messages[err.code])
        ) from err


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
