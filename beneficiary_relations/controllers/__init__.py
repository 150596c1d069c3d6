from . import main
from . import online
from . import portal
