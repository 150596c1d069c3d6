from . import test_beneficiary
from . import test_beneficiary_access
from . import test_request
from . import test_request_access
from . import test_stakeholder
from . import test_translations
from . import test_reports
