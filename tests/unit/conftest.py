"""Load the addon's pure rules module without importing Odoo."""

import importlib.util
import pathlib
import sys

RULES = pathlib.Path(__file__).resolve().parents[2] / "beneficiary_relations" / "rules.py"

spec = importlib.util.spec_from_file_location("beneficiary_rules", RULES)
rules = importlib.util.module_from_spec(spec)
sys.modules["beneficiary_rules"] = rules
spec.loader.exec_module(rules)
