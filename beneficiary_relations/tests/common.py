from stdnum import luhn

from odoo.tests import TransactionCase, new_test_user


def make_id(first_nine):
    """A national ID / iqama with a valid check digit."""
    return first_nine + luhn.calc_check_digit(first_nine)


class BeneficiaryCommon(TransactionCase):
    # the chart of accounts the association keeps its books on: None for the
    # database's own company, or a chart template for an association of its
    # own in riyals ("sa": Odoo's Saudi chart, as the demo association)
    chart_template = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        if cls.chart_template:
            riyal = cls.env.ref("base.SAR")
            riyal.active = True
            association = cls.env["res.company"].create(
                {
                    "name": "جمعية الاختبار",
                    "country_id": cls.env.ref("base.sa").id,
                    "currency_id": riyal.id,
                }
            )
            cls.env["account.chart.template"].try_loading(
                cls.chart_template, association, install_demo=False
            )
            cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=association.ids))
        cls.company = cls.env.company
        roles = {
            "officer": "group_relations_officer",
            "officer_2": "group_relations_officer",
            "researcher": "group_social_researcher",
            "member": "group_committee_member",
            "chair": "group_committee_chair",
            "manager": "group_manager",
        }
        for role, group in roles.items():
            user = new_test_user(cls.env, f"br_{role}", groups=f"beneficiary_relations.{group}")
            setattr(cls, role, user)
        cls.internal = new_test_user(cls.env, "br_internal", groups="base.group_user")
        cls.Beneficiary = cls.env["beneficiary.beneficiary"]
        cls.doc_type_id = cls.env.ref("beneficiary_relations.document_type_national_id")
        cls.doc_type_income = cls.env.ref("beneficiary_relations.document_type_income_proof")
        cls.serial = 0

    @classmethod
    def new_id(cls, prefix="19"):
        """A fresh valid ID in a range the demo data does not use."""
        cls.serial += 1
        return make_id(f"{prefix}{cls.serial:07d}")

    @classmethod
    def create_beneficiary(cls, env=None, **vals):
        env = env or cls.env
        vals.setdefault("name", f"مستفيد تجريبي {cls.serial}")
        return env["beneficiary.beneficiary"].create(vals)
