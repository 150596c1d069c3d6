from . import beneficiary_consent_withdraw
