from . import beneficiary_letter
from . import beneficiary_processing_register
