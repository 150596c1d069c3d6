from . import beneficiary_letter
