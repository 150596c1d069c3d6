from . import beneficiary_letter
from . import beneficiary_processing_register
from . import beneficiary_personal_data
from . import beneficiary_period
