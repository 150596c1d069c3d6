from . import beneficiary_consent_withdraw
from . import beneficiary_request_wizards
from . import beneficiary_period_report
