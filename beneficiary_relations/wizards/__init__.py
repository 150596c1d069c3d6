from . import beneficiary_consent_withdraw
from . import beneficiary_request_wizards
