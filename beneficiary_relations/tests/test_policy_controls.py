"""Policy rules and separation of duties end to end, as the demo users as
shipped: what the decision record, the decision letter and the minutes show
of them, each rule of the settings both ways, and the accountant's batch
billing."""

import lxml.html

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ShippedUsersCommon


def html_text(html):
    """The text of a rendered report, its white space folded."""
    return " ".join(lxml.html.fromstring(html).text_content().split())


@tagged("post_install", "-at_install")
class PolicyControlsCommon(ShippedUsersCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls.env.ref("beneficiary_relations.user_committee2_demo")
        cls.company = cls.officer.company_id
        cls.request = cls.env.ref("beneficiary_relations.beneficiary_request_committee_demo")
        cls.meeting = cls.request.meeting_id

    def justify(self, user, button, reason):
        """``user`` presses ``button`` and gives ``reason`` in its wizard."""
        action = getattr(self.as_user(user, self.request), button)()
        wizard = Form(
            self.env[action["res_model"]].with_user(user).with_context(**action["context"])
        )
        wizard.reason = reason
        wizard.save().action_confirm()

    def vote(self, user, vote, amount=0.0, note=False):
        return self.as_user(user, self.env["beneficiary.committee.vote"]).create(
            {
                "meeting_id": self.meeting.id,
                "request_id": self.request.id,
                "vote": vote,
                "amount": amount,
                "note": note,
            }
        )

    def set_duty(self, name, value):
        """The manager turns a separation-of-duties rule on or off in the
        settings."""
        settings = self.as_user(self.manager, self.env["res.config.settings"]).create({})
        settings[name] = value
        settings.execute()
        self.assertEqual(self.company[name], value)

    def render(self, user, report, records):
        html = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_company(user.company_id)
            ._render_qweb_html(f"beneficiary_relations.{report}", records.ids)[0]
        )
        return html_text(html)

    def lang_env(self, user):
        return self.env(user=user, context={"lang": user.lang})


@tagged("post_install", "-at_install")
class TestDecisionsShowTheirControls(PolicyControlsCommon):
    """A request that fails its program's eligibility, decided before the
    two weeks, with a member in conflict of interest."""

    def test_exception_conflict_and_steps_in_the_record_letter_and_minutes(self):
        # the applicant's household now earns more than the program's limit
        self.request.beneficiary_id.monthly_income = 20000
        self.assertEqual(self.request.eligibility_state, "not_eligible")
        # the secretary records committee2 present; she is related to the applicant
        attendee = self.meeting.attendee_ids.filtered(lambda a: a.user_id == self.member)
        self.as_user(self.committee, attendee).attendance = "present"
        self.vote(self.member, "conflict", note="قريبة للمستفيد")
        self.vote(self.chair, "approve", 2500)
        self.justify(self.chair, "action_mark_urgent", "إخلاء وشيك للمسكن")
        chair_meeting = self.as_user(self.chair, self.meeting)
        with self.assertRaisesRegex(UserError, "recorded exception"):
            chair_meeting.action_close()
        # a plain member may not grant the exception
        with self.assertRaises(AccessError):
            self.as_user(self.member, self.request).action_grant_eligibility_exception()
        self.justify(
            self.chair, "action_grant_eligibility_exception", "دخل مؤقت من تعويض نهاية الخدمة"
        )
        chair_meeting.action_close()
        self.assertEqual(self.request.state, "approved")
        self.assertEqual(self.request.approved_amount, 2500)

        # the decision record, as the officer reads it
        record = self.as_user(self.officer, self.request).read(
            [
                "eligibility_exception_by_id",
                "eligibility_exception_reason",
                "urgent_by_id",
                "submitted_by_id",
                "research_done_by_id",
                "decided_by_id",
            ]
        )[0]
        self.assertEqual(record["eligibility_exception_by_id"][0], self.chair.id)
        self.assertEqual(record["eligibility_exception_reason"], "دخل مؤقت من تعويض نهاية الخدمة")
        self.assertEqual(record["urgent_by_id"][0], self.chair.id)
        self.assertEqual(record["decided_by_id"][0], self.chair.id)
        self.assertTrue(record["submitted_by_id"] and record["research_done_by_id"])
        form = self.as_user(self.officer, self.request).get_views([(False, "form")])
        arch = form["views"]["form"]["arch"]
        for name in ("eligibility_exception_by_id", "urgent_by_id", "decided_by_id"):
            self.assertIn(f'name="{name}"', arch)

        # the decision letter, printed by the officer
        letter = self.render(self.officer, "report_request_decision", self.request)
        self.assertIn("دخل مؤقت من تعويض نهاية الخدمة", letter)
        self.assertIn(self.chair.name, letter)
        self.assertIn("إخلاء وشيك للمسكن", letter)

        # the minutes, printed by the chair: who did each step, who was excluded and why
        minutes = self.render(self.chair, "report_committee_meeting_minutes", self.meeting)
        env = self.lang_env(self.chair)
        conflict = env._(
            "%(member)s did not vote (%(why)s)",
            member=self.member.name,
            why=env._("declared a conflict of interest"),
        )
        exception = env._(
            "Exception to the eligibility policy by %(user)s: %(reason)s",
            user=self.chair.name,
            reason="دخل مؤقت من تعويض نهاية الخدمة",
        )
        for text in (
            conflict,
            exception,
            "إخلاء وشيك للمسكن",
            self.request.submitted_by_id.name,
            self.request.research_done_by_id.name,
            self.meeting.started_by_id.name,
        ):
            with self.subTest(text=text):
                self.assertIn(text, minutes)
        self.assertEqual(self.meeting.closed_by_id, self.chair)


@tagged("post_install", "-at_install")
class TestSeparationOfDutiesSettings(PolicyControlsCommon):
    """Each rule of the settings, on (as shipped) and turned off by the
    manager for a small association."""

    def test_registrar_does_not_research(self):
        request = self.complete_request(self.researcher, researcher_id=self.researcher.id)
        request.action_sign_declaration()
        request.action_submit()
        self.assertEqual(request.submitted_by_id, self.researcher)
        with self.assertRaisesRegex(UserError, "cannot also research"):
            request.action_start_research()
        self.set_duty("beneficiary_sod_research", False)
        request.action_start_research()
        self.assertEqual(request.state, "research")

    def test_registrar_and_researcher_neither_vote_nor_approve(self):
        self.request._step().submitted_by_id = self.chair
        with (
            self.assertRaisesRegex(ValidationError, "separation of duties"),
            self.env.cr.savepoint(),
        ):
            self.vote(self.chair, "approve", 2500)
        waiting = self.ref("beneficiary_request_manager_demo")
        waiting._step().research_done_by_id = self.manager
        with self.assertRaisesRegex(UserError, "separation of duties"):
            self.as_user(self.manager, waiting).action_manager_approve()
        self.set_duty("beneficiary_sod_steps", False)
        self.vote(self.chair, "approve", 2500)
        self.as_user(self.manager, waiting).action_manager_approve()
        self.assertEqual(waiting.state, "approved")

    def test_member_in_conflict_excluded(self):
        attendee = self.meeting.attendee_ids.filtered(lambda a: a.user_id == self.member)
        self.as_user(self.committee, attendee).attendance = "present"
        votes = self.vote(self.member, "conflict", note="ابن عم المستفيد")
        # the declaration stands
        for change in ({"vote": "approve"}, {"vote": "abstain"}):
            with self.subTest(change=change), self.assertRaisesRegex(ValidationError, "conflict"):
                self.as_user(self.member, votes).write(change)
        with self.assertRaisesRegex(ValidationError, "conflict"):
            self.as_user(self.member, votes).unlink()
        self.vote(self.chair, "approve", 2500)
        self.justify(self.chair, "action_mark_urgent", "إخلاء وشيك للمسكن")
        env = self.lang_env(self.chair)
        remark = env._(
            "%(member)s did not vote (%(why)s)",
            member=self.member.name,
            why=env._("declared a conflict of interest"),
        )
        self.assertIn(self.member, self.request._excluded_voters(votes))
        with self.env.cr.savepoint() as savepoint:
            self.as_user(self.chair, self.meeting).action_close()
            minutes = self.render(self.chair, "report_committee_meeting_minutes", self.meeting)
            self.assertIn(remark, minutes)
            savepoint.rollback()
        self.set_duty("beneficiary_sod_conflict", False)
        self.assertNotIn(self.member, self.request._excluded_voters(votes))
        self.as_user(self.chair, self.meeting).action_close()
        minutes = self.render(self.chair, "report_committee_meeting_minutes", self.meeting)
        self.assertNotIn(remark, minutes)
        self.assertEqual(self.request.state, "approved")

    def test_manager_is_not_the_chair(self):
        # the chair of the meeting that decided is also a manager
        self.chair.groups_id = [Command.link(self.ref("group_manager").id)]
        waiting = self.ref("beneficiary_request_manager_demo")
        self.assertEqual(waiting.meeting_id.committee_id.chair_id, self.chair)
        with self.assertRaisesRegex(UserError, "chaired the committee"):
            self.as_user(self.chair, waiting).action_manager_approve()
        self.set_duty("beneficiary_sod_manager", False)
        self.as_user(self.chair, waiting).action_manager_approve()
        self.assertEqual(waiting.manager_approved_by_id, self.chair)

    def test_only_the_manager_changes_the_rules(self):
        for user in (self.officer, self.chair, self.accountant):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(user, self.env["res.config.settings"]).create(
                    {"beneficiary_sod_manager": False}
                ).execute()
        self.assertTrue(self.company.beneficiary_sod_manager)


@tagged("post_install", "-at_install")
class TestBatchBillingAsShipped(PolicyControlsCommon):
    def plan_health_aid(self):
        """The manager approves the health aid above the threshold, and the
        officer plans it in one payment: its beneficiary has no IBAN."""
        waiting = self.ref("beneficiary_request_manager_demo")
        self.as_user(self.manager, waiting).action_manager_approve()
        self.assertFalse(waiting.beneficiary_id.bank_account_id)
        action = self.as_user(self.officer, waiting).action_plan_disbursements()
        self.as_user(self.officer, self.env[action["res_model"]]).with_context(
            **action["context"]
        ).create({}).action_confirm()
        self.assertEqual(waiting.amount_planned, 6000)
        return waiting.disbursement_ids

    def test_batch_bills_what_it_can_and_flags_the_rest(self):
        health = self.plan_health_aid()
        waiting = health.request_id
        beneficiary = waiting.beneficiary_id
        # the missing IBAN is flagged to the officer now, not found by the accountant
        iban_todo = waiting.activity_ids.filtered(lambda a: beneficiary.name in a.summary)
        self.assertEqual(iban_todo.user_id, self.officer)

        # the accountant bills the installments due, in one batch
        planned = self.ref("disbursement_approved_4_demo")
        lines = self.as_user(self.accountant, planned | health)
        result = lines.action_create_documents()
        self.assertEqual(planned.state, "to_post")
        self.assertTrue(planned.sudo().move_ids.partner_bank_id)
        self.assertEqual(health.state, "planned")
        self.assertFalse(health.sudo().move_ids)
        # ... and is told which installment was skipped and why
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn(health.display_name, result["params"]["message"])
        self.assertIn("IBAN", result["params"]["message"])
        self.assertEqual(result["params"]["next"]["domain"], [("id", "in", planned.move_ids.ids)])
        # the officer gets the problem; the accountant may not open the file
        todo = waiting.activity_ids.filtered(lambda a: "IBAN" in a.summary and a != iban_todo)
        self.assertEqual(todo.user_id, self.officer)
        with self.assertRaises(AccessError):
            self.as_user(self.accountant, beneficiary).read(["iban"])
        self.as_user(self.officer, beneficiary).iban = "SA0380000000608010167519"
        self.as_user(self.accountant, health).action_create_documents()
        self.assertEqual(health.state, "to_post")

    def test_nothing_billable_is_refused_with_the_reasons(self):
        line = self.plan_health_aid()
        with self.assertRaisesRegex(UserError, "Nothing could be billed:\n.*IBAN"):
            self.as_user(self.accountant, line).action_create_documents()
        self.assertEqual(line.state, "planned")
        # others than the accountants do not bill
        for user in (self.officer, self.chair):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(user, line).action_create_documents()

    def test_indirect_file_gets_no_installment_by_any_path(self):
        request = self.ref("beneficiary_request_approved_demo")
        self.ref("disbursement_approved_4_demo")._step().cancelled = True
        request.beneficiary_id.beneficiary_type = "indirect"
        with self.assertRaisesRegex(UserError, "indirect"):
            self.as_user(self.officer, self.env["beneficiary.disbursement"]).create(
                {
                    "request_id": request.id,
                    "name": "قسط",
                    "date_planned": fields.Date.today(),
                    "amount": 500,
                }
            )
