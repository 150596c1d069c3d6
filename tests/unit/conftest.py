"""Load the addon's pure modules (the business rules, the layout of
right-to-left text) without importing Odoo."""

import importlib.util
import pathlib
import sys

ADDON = pathlib.Path(__file__).resolve().parents[2] / "beneficiary_relations"

for name, path in (
    ("beneficiary_rules", ADDON / "rules.py"),
    ("beneficiary_bidi", ADDON / "reports" / "bidi.py"),
):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
