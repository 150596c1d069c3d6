from . import beneficiary_consent_withdraw
from . import beneficiary_request_wizards
from . import beneficiary_disbursement_plan
from . import account_payment_register
from . import beneficiary_period_report
from . import beneficiary_consent_record
from . import beneficiary_data_breach_notice
from . import beneficiary_data_request_answer
