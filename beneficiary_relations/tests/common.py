import re
import subprocess
import unicodedata
from contextlib import contextmanager

from hijridate import Gregorian
from stdnum import luhn

from odoo.tests import TransactionCase, new_test_user, tagged

LAM_ALEF = re.compile("ل[اأإآ]")
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def pdf_text(pdf):
    """The text of a PDF (pdftotext), Arabic presentation forms folded back
    into letters."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return unicodedata.normalize("NFKC", text).translate(BIDI_CONTROLS)


def arabic_pattern(word):
    """A regex finding ``word`` in a PDF's text: with the embedded Arabic font,
    pdftotext reads the lam-alef ligature (لا، لأ، لإ) as a space or nothing."""
    return "(?:ل[اأإآ]| ?)".join(re.escape(part) for part in LAM_ALEF.split(word))


def letter_hijri(day):
    """The Hijri date of ``day`` as an Arabic document writes it: in the
    Western digits of its amounts and references (one digit style)."""
    hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    return f"{hijri.year:04d}/{hijri.month:02d}/{hijri.day:02d}"


class MessageChecks:
    """``assertRaisesRegex`` as Odoo's ``assertRaises``: the refused call runs
    in a savepoint rolled back with its error (it leaves nothing behind, as a
    refused RPC call), then the error's message is checked."""

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex, msg=None):
        with self.assertRaises(expected_exception, msg=msg) as caught:
            yield caught
        self.assertRegex(str(caught.exception), expected_regex, msg=msg)


# role -> the demo user as shipped
DEMO_USERS = {
    "officer": "beneficiary_relations.user_officer_demo",
    "researcher": "beneficiary_relations.user_researcher_demo",
    "committee": "beneficiary_relations.user_committee1_demo",
    "chair": "beneficiary_relations.user_chair_demo",
    "accountant": "beneficiary_relations.user_accountant_demo",
    "manager": "base.user_admin",
}

RELATIONAL = ("many2one", "one2many", "many2many")


@tagged("post_install", "-at_install")
class ShippedUsersCommon(MessageChecks, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("beneficiary_relations.user_officer_demo", raise_if_not_found=False):
            cls.skipTest(cls, "the module's demo data are not installed")
        for role, xmlid in DEMO_USERS.items():
            setattr(cls, role, cls.env.ref(xmlid))

    def ref(self, xmlid):
        return self.env.ref(f"beneficiary_relations.{xmlid}")

    def as_user(self, user, record):
        return record.with_user(user).with_company(user.company_id)

    def _spec(self, fields_info, models, depth=0):
        spec = {}
        for name, info in fields_info.items():
            if info["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif info["type"] in ("one2many", "many2many"):
                sub = models.get(info["relation"], {}).get("fields", {})
                spec[name] = {
                    "fields": {n: {} for n, i in sub.items() if i["type"] not in RELATIONAL}
                    if depth == 0
                    else {}
                }
            else:
                spec[name] = {}
        return spec

    def complete_request(self, user=None, **values):
        """A new draft request by ``user`` (the officer) for the complete
        file of an approved demo request."""
        approved = self.ref("beneficiary_request_approved_demo")
        return self.as_user(user or self.officer, self.env["beneficiary.request"]).create(
            {
                "beneficiary_id": approved.beneficiary_id.id,
                "program_id": approved.program_id.id,
                "channel_id": approved.channel_id.id,
                "requested_amount": 1000,
                "reason": "إيجار متأخر",
                **values,
            }
        )


def make_id(first_nine):
    """A national ID / iqama with a valid check digit."""
    return first_nine + luhn.calc_check_digit(first_nine)


class BeneficiaryCommon(MessageChecks, TransactionCase):
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
