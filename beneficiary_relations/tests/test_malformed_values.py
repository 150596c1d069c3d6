"""Malformed values sent over RPC get clear errors, never a traceback from
the module's code, and change nothing.

Each case here was found by the RPC fuzz (``tests/rpc/test_fuzz.py`` at the
repository root) against a server with worker processes; they are replayed
here as the demo users, as shipped.
"""

from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ShippedUsersCommon


@tagged("post_install", "-at_install")
class TestMalformedValues(ShippedUsersCommon):
    def test_values_that_are_not_values(self):
        """create()/write() given anything but dictionaries of values, at the
        top or inside a one2many/many2many command."""
        Request = self.as_user(self.officer, self.env["beneficiary.request"])
        for vals_list in (None, "state", 42, [None], [{"reason": "x"}, 7]):
            with (
                self.subTest(vals_list=vals_list),
                self.assertRaisesRegex(ValidationError, "Malformed value"),
            ):
                Request.create(vals_list)
        request = self.as_user(self.officer, self.ref("beneficiary_request_draft_demo"))
        for vals in (None, "state", ["reason"]):
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, "Malformed"):
                request.write(vals)
        with self.assertRaisesRegex(ValidationError, "Malformed value"):
            request.beneficiary_id.write({"family_member_ids": [(0, 0, None)]})
        with self.assertRaisesRegex(ValidationError, "Malformed value"):
            self.as_user(self.manager, self.env["beneficiary.consent.withdraw"]).create(
                {"reason": "طلب المستفيد", "consent_ids": [(0, 0, None)]}
            )
        with self.assertRaisesRegex(ValidationError, "Malformed value"):
            self.as_user(self.manager, self.env["beneficiary.request.justify"]).create(
                {"reason": "عاجل", "request_ids": [(1, request.id, None)]}
            )
        # the legitimate counterpart
        request.write({"reason": "إيجار متأخر"})
        self.assertEqual(request.reason, "إيجار متأخر")

    def test_record_ids_given_as_other_values(self):
        """A many2one given a boolean, a float, a list or a dictionary: the
        module read them as ids (unhashable values, ``WHERE id IN (true)``)."""
        meeting = self.ref("committee_meeting_open_demo")
        request = self.ref("beneficiary_request_committee_demo")
        Vote = self.as_user(self.chair, self.env["beneficiary.committee.vote"])
        Attendee = self.as_user(self.chair, self.env["beneficiary.committee.attendee"])
        Line = self.as_user(self.officer, self.env["beneficiary.disbursement"])
        for value in (True, 1.5, [meeting.id], [meeting.id, "x"], {"id": meeting.id}):
            with self.subTest(value=value):
                with self.assertRaisesRegex(ValidationError, "id of a record"):
                    Vote.create({"meeting_id": value, "request_id": request.id, "vote": "abstain"})
                with self.assertRaisesRegex(ValidationError, "id of a record"):
                    Attendee.create({"meeting_id": value, "user_id": self.chair.id})
                with self.assertRaisesRegex(ValidationError, "id of a record"):
                    self.as_user(self.chair, meeting.attendee_ids[:1]).write({"meeting_id": value})
                with self.assertRaisesRegex(ValidationError, "id of a record"):
                    Line.create(
                        {
                            "request_id": value,
                            "name": "دفعة",
                            "kind": "cash",
                            "date_planned": fields.Date.today(),
                            "amount": 10,
                        }
                    )
                with self.assertRaisesRegex(ValidationError, "id of a record"):
                    self.as_user(self.officer, self.env["beneficiary.beneficiary"]).create(
                        {"name": "اختبار", "company_id": value}
                    )
        # the legitimate counterpart: the chair votes on the request on the agenda
        vote = Vote.create({"meeting_id": meeting.id, "request_id": request.id, "vote": "abstain"})
        self.assertEqual(vote.member_id, self.chair)

    def test_computed_fields_are_not_set_directly(self):
        """Stored fields Odoo computes from others (the meeting's association,
        an installment's contact and program, a request's amounts) were
        stored as sent: the chair moved a closed meeting, and its votes, out
        of the association."""
        closed = self.ref("committee_meeting_closed_demo")
        with self.assertRaisesRegex(UserError, "computed from other data"):
            self.as_user(self.chair, closed).write({"company_id": False})
        self.assertEqual(closed.vote_ids.company_id, closed.committee_id.company_id)
        line = self.ref("beneficiary_request_approved_demo").disbursement_ids.filtered(
            lambda d: d.state == "planned"
        )[:1]
        self.assertTrue(line)
        other_program = self.ref("program_health_support_demo")
        for vals in ({"partner_id": self.officer.partner_id.id}, {"program_id": other_program.id}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "computed"):
                self.as_user(self.officer, line).write(vals)
        draft = self.as_user(self.officer, self.ref("beneficiary_request_draft_demo"))
        with self.assertRaisesRegex(UserError, "computed"):
            draft.write({"amount_remaining": 1000000})
        with self.assertRaisesRegex(UserError, "computed"):
            self.as_user(self.officer, self.env["beneficiary.request"]).create(
                {
                    "beneficiary_id": draft.beneficiary_id.id,
                    "program_id": draft.program_id.id,
                    "channel_id": draft.channel_id.id,
                    "amount_planned": -0.01,
                }
            )
        # the legitimate counterpart: the installment's own date, planned
        day = line.date_planned + timedelta(days=1)
        self.as_user(self.officer, line).write({"date_planned": day})
        self.assertEqual(line.date_planned, day)

    def test_reach_period_needs_both_dates(self):
        reach = self.as_user(self.officer, self.ref("indirect_reach_social_demo"))
        for name in ("date_start", "date_end"):
            with (
                self.subTest(name=name),
                self.assertRaisesRegex(ValidationError, "its first and last day"),
            ):
                reach.write({name: False})
        reach.write({"date_end": reach.date_start})
        self.assertEqual(reach.date_end, reach.date_start)

    def test_numbers_out_of_range(self):
        """Infinite or huge numbers: a quorum of infinitely many members, a
        response time of two billion days (the next complaint's deadline then
        overflowed the calendar), a decision window no request could fit."""
        committee = self.as_user(self.manager, self.ref("committee_research_demo"))
        for value in (float("inf"), float("nan"), 2.5):
            with self.subTest(value=value), self.assertRaisesRegex(ValidationError, "whole number"):
                committee.write({"quorum_type": "number", "quorum_value": value})
        committee.write({"quorum_type": "number", "quorum_value": 2})
        self.assertEqual(committee.quorum_value, 2)
        company = self.as_user(self.manager, self.officer.company_id)
        with self.assertRaisesRegex(ValidationError, "at most 365 days"):
            company.write({"complaint_days_low": 2**31 - 1})
        with self.assertRaisesRegex(ValidationError, "at most 365 days, weeks"):
            company.write({"beneficiary_answer_max": 10**6})
        company.write({"complaint_days_low": 30, "beneficiary_answer_max": 8})
        self.assertEqual(company.complaint_days_low, 30)

    def test_period_report_at_the_ends_of_the_calendar(self):
        report = self.as_user(self.manager, self.env["beneficiary.period.report"]).create(
            {
                "date_from": date(1, 1, 1),
                "date_to": date(9999, 12, 31),
                "company_id": self.officer.company_id.id,
            }
        )
        requests = self.env["beneficiary.request"].search_count(
            [("company_id", "=", self.officer.company_id.id), ("date_submitted", "!=", False)]
        )
        self.assertEqual(report.request_count, requests)
        with self.assertRaisesRegex(ValidationError, "first and last day"):
            report.write({"date_to": False})

    def test_aid_plan_within_the_calendar(self):
        request = self.ref("beneficiary_request_approved_demo")
        planned = request.disbursement_ids.filtered(lambda d: d.state == "planned")
        self.assertTrue(planned)
        self.as_user(self.officer, planned).unlink()
        Plan = self.as_user(self.officer, self.env["beneficiary.disbursement.plan"])
        self.assertFalse(Plan.with_context(active_ids=[]).default_get(["request_id"])["request_id"])
        Plan = Plan.with_context(active_ids=request.ids)
        installments = {"schedule": "installments", "installment_count": 2}
        for vals, message in (
            ({**installments, "installment_count": 10**6}, "from 1 to 120"),
            ({**installments, "interval_months": 2**31 - 1}, "from 1 to 120"),
            ({**installments, "date_first": date(9999, 12, 1)}, "past the calendar"),
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, message):
                Plan.create(vals).action_confirm()
        Plan.create({"schedule": "single"}).action_confirm()
        self.assertEqual(request.amount_planned, request.approved_amount)

    def test_bank_account_without_number(self):
        """A beneficiary's bank account cleared of its number: the IBAN check
        read the missing number; Odoo now refuses the empty required field."""
        bank = self.env["res.partner.bank"].search(
            [("partner_id.beneficiary_ids", "!=", False)], limit=1
        )
        self.assertTrue(bank)
        for value in (None, False):
            with (
                self.subTest(value=value),
                self.assertRaises(IntegrityError),
                mute_logger("odoo.sql_db"),
            ):
                self.as_user(self.officer, bank).write({"acc_number": value})
                bank.flush_recordset()
        for value in ("", "SA00"):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(ValidationError, "not a valid Saudi IBAN"),
            ):
                self.as_user(self.officer, bank).write({"acc_number": value})
