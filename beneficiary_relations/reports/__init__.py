from . import beneficiary_letter
from . import beneficiary_personal_data
