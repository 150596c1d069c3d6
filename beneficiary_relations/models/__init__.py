from . import beneficiary_channel
from . import beneficiary_category
from . import beneficiary_document_type
from . import beneficiary_document
from . import beneficiary_family_member
from . import beneficiary_beneficiary
from . import res_partner
