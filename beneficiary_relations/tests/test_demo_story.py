"""The demo data tell a true story, as a new association would see it: named
staff, plausible households and dates, everything in Arabic, the books on
Odoo's Saudi chart of accounts."""

import itertools
import re
from datetime import date

from odoo.tests import TransactionCase, tagged

from .. import rules

# what is not a word of a sentence: tags, references, e-mails, links
NOT_WORDS = re.compile(r"<[^>]+>|&\w+;|[A-Z]{2,5}/\d{4}/\d+|\S+@\S+|https?://\S+|IBAN|SA\d+")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("beneficiary_relations.company_demo", raise_if_not_found=False)
        if not cls.company:
            cls.skipTest(cls, "the module's demo data are not installed")
        cls.files = cls.env["beneficiary.beneficiary"].search(
            [("company_id", "=", cls.company.id), ("beneficiary_type", "=", "direct")]
        )
        cls.requests = cls.env["beneficiary.request"].search([("company_id", "=", cls.company.id)])

    def test_households_are_plausible(self):
        """Children born when their parents could have them, a year apart
        (or twins), named after their father; spouses of a plausible age; the
        marital status and the categories agree with the household."""
        problems = []
        for file in self.files:
            members = file.family_member_ids
            children = members.filtered(lambda m: m.relation in ("son", "daughter"))
            spouse = members.filtered(lambda m: m.relation == "spouse")
            where = f"{file.code} {file.name}"
            if spouse and file.marital_status != "married":
                problems.append(f"{where}: a spouse but {file.marital_status}")
            if children and file.marital_status == "single":
                problems.append(f"{where}: single with children")
            for child in children:
                parent_age = rules.age_on(file.birth_date, child.birth_date)
                top = 45 if file.gender == "female" else 56
                if not 18 <= parent_age <= top:
                    problems.append(f"{where}: {parent_age} at the birth of {child.name}")
                fathers = {child.name.split()[1] for child in children}
                if len(fathers) > 1:
                    problems.append(f"{where}: children of several fathers {fathers}")
            births = sorted(children.mapped("birth_date"))
            for first, second in itertools.pairwise(births):
                if first != second and (second - first).days < 300:
                    problems.append(f"{where}: births {first} and {second}")
            if any(day > date.today() for day in births):
                problems.append(f"{where}: a child born in the future")
            for partner in spouse:
                gap = abs(rules.age_on(file.birth_date, date.today()) - partner.age)
                if gap > 15 or partner.age < 18:
                    problems.append(f"{where}: spouse {partner.name} aged {partner.age}")
            codes = set(file.category_ids.mapped("code"))
            age = rules.age_on(file.birth_date, date.today())
            if ("elderly" in codes) != (age >= 60):
                problems.append(f"{where}: aged {age}, elderly category {'elderly' in codes}")
            if "widow" in codes and (file.gender, file.marital_status) != ("female", "widowed"):
                problems.append(f"{where}: widow category but {file.marital_status}")
            if "divorced" in codes and file.marital_status != "divorced":
                problems.append(f"{where}: divorced category but {file.marital_status}")
        self.assertFalse(problems, "\n".join(problems))

    def test_dates_follow_the_workflow(self):
        """No request before its applicant's consent, no decision before the
        earliest answer date unless urgent, no installment due or paid before
        its decision."""
        problems = []
        for request in self.requests:
            consent = request.beneficiary_id.consent_date
            if request.date_submitted and consent and request.date_submitted < consent.date():
                problems.append(f"{request.name}: submitted before the consent")
            if (
                request.date_decision
                and request.date_decision < request.date_earliest_answer
                and not request.urgent_decision
            ):
                problems.append(f"{request.name}: decided before its earliest answer date")
            for line in request.disbursement_ids:
                for day in (line.date_planned, line.date_paid):
                    if day and day < request.date_decision:
                        problems.append(f"{request.name}: {line.name} {day} before the decision")
        self.assertFalse(problems, "\n".join(problems))

    def test_done_by_named_staff(self):
        """The association's staff did what the demo shows, not OdooBot nor
        Mitchell Admin."""
        root = self.env.ref("base.user_root")
        self.assertNotIn("Mitchell", self.env.ref("base.user_admin").name)
        messages = self.env["mail.message"].search(
            [("model", "like", "beneficiary.%"), ("res_id", "in", self.requests.ids)]
        )
        self.assertTrue(messages)
        self.assertNotIn(root.partner_id, messages.author_id)
        for model in ("beneficiary.request", "stakeholder.compensation", "beneficiary.consent"):
            records = self.env[model].search([("company_id", "=", self.company.id)])
            self.assertNotIn(root, records.create_uid, model)
        approved = self.env.ref("beneficiary_relations.compensation_compensated_demo")
        self.assertEqual(approved.approved_by_id, self.env.ref("base.user_admin"))
        # the officer works in the field, without a mailbox; the others have one
        for role in ("researcher", "chair", "accountant"):
            user = self.env.ref(f"beneficiary_relations.user_{role}_demo")
            self.assertTrue(user.email.endswith("@albirr.example.sa"), user.email)

    def test_everything_in_arabic(self):
        """Chatter, activities and the bills' lines read in Arabic."""
        models = (
            "beneficiary.request",
            "beneficiary.committee.meeting",
            "beneficiary.disbursement",
        )
        messages = self.env["mail.message"].search([("model", "in", models)])
        english = [
            message.body
            for message in messages
            if LATIN_WORD.search(NOT_WORDS.sub(" ", message.body or ""))
        ]
        self.assertFalse(english, "\n".join(english))
        activities = self.env["mail.activity"].search([("res_model", "in", models)])
        for activity in activities:
            self.assertFalse(LATIN_WORD.search(activity.summary or ""), activity.summary)
            # the module's activity types, named in the assignee's language
            activity_type = activity.activity_type_id.with_context(lang=activity.user_id.lang)
            self.assertFalse(LATIN_WORD.search(activity_type.name), activity.summary)
        lines = self.requests.disbursement_ids.move_ids.invoice_line_ids
        payments = self.env["account.payment"].search([("company_id", "=", self.company.id)])
        lines |= payments.move_id.line_ids
        self.assertTrue(lines and payments)
        for line in lines:
            self.assertFalse(LATIN_WORD.search(NOT_WORDS.sub(" ", line.name)), line.name)

    def test_books_on_the_saudi_chart(self):
        self.assertEqual(self.company.chart_template, "sa")
        aid = self.env.ref("beneficiary_relations.account_aid_expense_demo")
        self.assertEqual(aid.account_type, "expense")
        self.assertTrue(self.requests.disbursement_ids.move_ids)
        self.assertEqual(self.requests.disbursement_ids.move_ids.company_id, self.company)
