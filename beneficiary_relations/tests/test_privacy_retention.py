"""Retention and anonymisation (PDPL): files past their retention are
proposed to the manager, who keeps some and anonymises the others; the books
and the indicators are untouched."""

from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ShippedUsersCommon
from .common_request import RequestCommon


def backdate(records, years):
    """As if ``records`` had last changed ``years`` years ago."""
    records.env.flush_all()
    records.env.cr.execute(
        f"UPDATE {records._table} SET write_date = write_date - INTERVAL '{int(years)} years' "
        "WHERE id IN %s",
        [tuple(records.ids)],
    )
    records.invalidate_recordset(["write_date"])


@tagged("post_install", "-at_install")
class TestRetentionReview(RequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"beneficiary_retention_years": 5})
        # an old file whose request was rejected and closed long ago
        cls.old = cls.make_complete_beneficiary(user_id=cls.officer.id)
        cls.old_request = cls.submitted_request(beneficiary_id=cls.old.id)
        cls.old_request._withdraw("اعتذار المستفيد")
        # an old file with a request still open
        cls.busy = cls.make_complete_beneficiary()
        cls.submitted_request(beneficiary_id=cls.busy.id)
        # a recent file
        cls.recent = cls.make_complete_beneficiary()
        for beneficiary in (cls.old, cls.busy):
            backdate(beneficiary, 6)
            backdate(beneficiary.request_ids, 6)

    def review(self):
        return (
            self.env["beneficiary.retention.review"]
            ._cron_review_retention()
            .filtered(lambda r: r.company_id == self.company)
        )

    def test_the_files_past_retention_are_listed(self):
        review = self.review()
        self.assertEqual(review.line_ids.beneficiary_id, self.old)
        self.assertEqual(review.state, "to_approve")
        self.assertEqual(review.line_ids.last_activity, self.old.write_date.date())
        self.assertTrue(review.activity_ids, "the manager is asked to decide")
        self.assertFalse(self.review(), "a file on an open review is not listed twice")

    def test_financial_records_kept_ten_years(self):
        # a bill to the beneficiary's contact within 10 years keeps the file
        journal = self.env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", self.company.id)], limit=1
        )
        self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.old.partner_id.id,
                "journal_id": journal.id,
                "invoice_date": fields.Date.today() - timedelta(days=365 * 6),
                "date": fields.Date.today() - timedelta(days=365 * 6),
            }
        )
        backdate(self.old, 6)
        self.assertFalse(self.env["beneficiary.beneficiary"]._past_retention(self.company))

    def test_manager_keeps_some_and_anonymises_the_others(self):
        second = self.make_complete_beneficiary()
        backdate(second, 7)
        review = self.review()
        self.assertEqual(review.line_ids.beneficiary_id, self.old | second)
        kept = review.line_ids.filtered(lambda line: line.beneficiary_id == second)
        with self.assertRaisesRegex(ValidationError, "is kept past its retention"):
            kept.with_user(self.manager).write({"decision": "keep"})
        kept.with_user(self.manager).write({"decision": "keep", "keep_reason": "دعوى قائمة"})
        for user in (self.officer, self.member, self.internal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                review.with_user(user).read(["state"])
        with self.assertRaises(AccessError):
            review.with_user(self.officer).action_approve()

        review.with_user(self.manager).action_approve()
        self.assertEqual(review.state, "done")
        self.assertEqual(review.approved_by_id, self.manager)
        self.assertTrue(self.old.anonymised_date)
        self.assertFalse(self.old.active)
        self.assertFalse(self.old.national_id)
        self.assertFalse(second.anonymised_date, "kept, with its reason")
        self.assertTrue(second.national_id)
        with self.assertRaisesRegex(UserError, "Approving the anonymisation is not possible"):
            review.with_user(self.manager).action_approve()

    def test_activity_since_the_review_stops_the_anonymisation(self):
        review = self.review()
        self.submitted_request(beneficiary_id=self.old.id)
        with self.assertRaisesRegex(UserError, "no longer past"):
            review.with_user(self.manager).action_approve()
        self.assertFalse(self.old.anonymised_date)

    def test_cancelling_removes_only_the_reviews_own_activity(self):
        review = self.review()
        decide = review.activity_ids
        self.assertEqual(
            decide.activity_type_id,
            self.env.ref("beneficiary_relations.mail_activity_type_retention_review"),
        )
        by_hand = review.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="مراجعة الملفات مع المسؤول",
            user_id=self.manager.id,
        )
        review.with_user(self.manager).action_cancel()
        self.assertFalse(decide.exists())
        self.assertEqual(review.activity_ids, by_hand, "a to-do added by hand stays")


@tagged("post_install", "-at_install")
class TestAnonymisation(ShippedUsersCommon):
    """A demo file with aid paid through Odoo Accounting, anonymised."""

    def books(self, moves):
        return [
            (move.id, move.state, move.amount_total, move.amount_residual, move.partner_id.id)
            for move in moves.sorted("id")
        ] + [(sum(moves.line_ids.mapped("debit")), sum(moves.line_ids.mapped("credit")))]

    def test_anonymised_file_keeps_the_books_and_the_indicators(self):
        request = self.ref("beneficiary_request_approved_demo")
        beneficiary = request.beneficiary_id
        partner = beneficiary.partner_id
        moves = request.disbursement_ids.move_ids
        self.assertTrue(moves.filtered(lambda m: m.payment_state in ("paid", "in_payment")))
        meeting_minutes = request.vote_ids.meeting_id.filtered("minutes")
        name, national_id = beneficiary.name, beneficiary.national_id
        decided = (request.state, request.decision, request.approved_amount, request.date_decision)
        self.assertIn(name, "".join(meeting_minutes.mapped("minutes")))
        Kpi = self.env["beneficiary.kpi"].with_user(self.manager)
        period = (date(2000, 1, 1), date.today() + timedelta(days=400))
        before_kpis = Kpi._compute_kpis(*period)
        before_books = self.books(moves)
        documents = beneficiary.document_ids
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "beneficiary.document"),
                ("res_field", "=", "attachment"),
                ("res_id", "in", documents.ids),
            ]
        )
        self.assertTrue(attachments)

        with self.assertRaises(AccessError):
            self.as_user(self.officer, beneficiary)._anonymise()
        self.as_user(self.manager, beneficiary)._anonymise()

        self.assertEqual(self.books(moves), before_books, "the books are untouched")
        debit, credit = before_books[-1]
        self.assertAlmostEqual(debit, credit)
        after_kpis = Kpi._compute_kpis(*period)
        for key in ("requests", "decisions", "aid", "programs", "complaints", "satisfaction"):
            self.assertEqual(after_kpis[key], before_kpis[key], key)

        self.assertFalse(beneficiary.national_id)
        self.assertNotEqual(beneficiary.name, name)
        self.assertFalse(beneficiary.family_member_ids or beneficiary.document_ids)
        self.assertFalse(attachments.exists(), "the documents' files are deleted")
        self.assertFalse(partner.mobile or partner.email or partner.street)
        self.assertEqual(partner.name, beneficiary.name)
        self.assertTrue(all(bank.acc_number.startswith("X") for bank in partner.bank_ids))
        self.assertFalse(request.reason)
        self.assertEqual(
            (request.state, request.decision, request.approved_amount, request.date_decision),
            decided,
        )
        for minutes in meeting_minutes.mapped("minutes"):
            self.assertNotIn(name, minutes)
            self.assertNotIn(national_id, minutes)
        self.assertEqual(len(beneficiary.message_ids), 1, "the chatter keeps only the record")
        self.assertIn("anonymised", beneficiary.message_ids.body)
        self.assertFalse(request.message_ids.filtered(lambda m: name in (m.body or "")))
        answers = self.env["survey.user_input"].search([("beneficiary_id", "=", beneficiary.id)])
        self.assertFalse(answers.partner_id)
