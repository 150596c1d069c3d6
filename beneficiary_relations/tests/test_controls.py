"""Workflow controls, tried as the demo users exactly as shipped.

Every test here runs as one of the module's demo users (``with_user``), on
the demo records, never as the superuser: a step that a user can take over
RPC is a step he can take.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

from .common import DEMO_USERS, ShippedUsersCommon


@tagged("post_install", "-at_install")
class TestEveryScreenOpens(ShippedUsersCommon):
    """Each demo user opens every menu of the module he sees: its list,
    kanban and form views load, their records read, with the fields each
    view shows him."""

    def _open_menus(self, user):
        env = self.env(user=user, context={"allowed_company_ids": user.company_ids.ids})
        menus = env["ir.ui.menu"].load_menus(False)
        opened = []
        for menu in menus.values():
            action_ref = menu.get("action") if isinstance(menu, dict) else None
            if not action_ref or not action_ref.startswith("ir.actions.act_window,"):
                continue
            action = env["ir.actions.act_window"].sudo().browse(int(action_ref.split(",")[1]))
            if not action.res_model.startswith(("beneficiary.", "stakeholder.")):
                continue
            eval_context = {"uid": user.id, "active_id": False, "active_ids": []}
            context = safe_eval(action.context or "{}", eval_context)
            Model = env[action.res_model].with_context(**context)
            domain = safe_eval(
                action.domain or "[]",
                {
                    **eval_context,
                    "context_today": safe_datetime.date.today,
                    "datetime": safe_datetime,
                    "relativedelta": relativedelta,
                    "time": safe_time,
                },
            )
            for mode in action.view_mode.split(","):
                if mode not in ("list", "kanban", "form"):
                    continue
                with self.subTest(user=user.login, menu=menu["name"], view=mode):
                    views = Model.get_views([(False, mode)])
                    models = views["models"]
                    spec = self._spec(models[action.res_model]["fields"], models)
                    if mode == "form":
                        record = Model.search(domain, limit=1)
                        if record:
                            record.web_read(spec)
                    else:
                        Model.web_search_read(domain, spec, limit=40)
                    opened.append((menu["name"], mode))
        return opened

    def test_every_role_opens_its_screens(self):
        for role in DEMO_USERS:
            opened = self._open_menus(getattr(self, role))
            self.assertTrue(opened, f"{role} sees no screen of the module")

    def test_committee_opens_requests_on_its_agenda(self):
        request = self.ref("beneficiary_request_committee_demo")
        for user in (self.chair, self.committee):
            record = self.as_user(user, request)
            views = record.get_views([(False, "form")])
            fields_info = views["models"]["beneficiary.request"]["fields"]
            self.assertNotIn("disbursement_ids", fields_info, "the aid plan is not the committee's")
            record.web_read(self._spec(fields_info, views["models"]))
            with self.assertRaises(AccessError):
                record.read(["disbursement_ids"])

    def test_officer_opens_meetings_and_installments(self):
        meeting = self.ref("committee_meeting_closed_demo")
        for user in (self.officer, self.researcher):
            record = self.as_user(user, meeting)
            views = record.get_views([(False, "form")])
            fields_info = views["models"]["beneficiary.committee.meeting"]["fields"]
            self.assertNotIn("vote_ids", fields_info)
            record.web_read(self._spec(fields_info, views["models"]))
            with self.assertRaises(AccessError):
                record.read(["vote_ids"])
        line = self.as_user(self.officer, self.ref("disbursement_approved_1_demo"))
        views = line.get_views([(False, "form")])
        fields_info = views["models"]["beneficiary.disbursement"]["fields"]
        self.assertNotIn("move_ids", fields_info)
        line.web_read(self._spec(fields_info, views["models"]))
        with self.assertRaises(AccessError):
            line.read(["move_ids"])
        # the accountant reads the accounting documents
        self.assertTrue(self.as_user(self.accountant, line).move_ids)


@tagged("post_install", "-at_install")
class TestStepsOnlyThroughActions(ShippedUsersCommon):
    def test_officer_cannot_decide_his_own_request(self):
        request = self.as_user(self.officer, self.ref("beneficiary_request_draft_demo"))
        for vals in (
            {"state": "approved"},
            {"decision": "approved"},
            {"approved_amount": 3000},
            {"state": "approved", "decision": "approved", "approved_amount": 3000},
            {"date_submitted": fields.Date.today() - timedelta(days=30)},
            {"submitted_by_id": self.researcher.id},
            {"urgent_decision": True},
            {"eligibility_exception": True},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "step"):
                request.write(vals)
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.approved_amount)
        # nor created decided, nor through a default of the context
        values = {
            "beneficiary_id": request.beneficiary_id.id,
            "program_id": request.program_id.id,
            "channel_id": request.channel_id.id,
        }
        Request = self.as_user(self.officer, self.env["beneficiary.request"])
        with self.assertRaisesRegex(UserError, "step"):
            Request.create({**values, "state": "approved", "approved_amount": 3000})
        created = Request.with_context(
            default_state="approved", default_approved_amount=3000
        ).create(values)
        self.assertEqual(created.state, "draft")
        self.assertFalse(created.approved_amount)

    def test_waiting_for_the_manager_is_not_released_by_a_write(self):
        request = self.ref("beneficiary_request_manager_demo")
        self.assertTrue(request.awaiting_manager)
        for user in (self.officer, self.chair, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.as_user(user, request).write({"state": "approved", "awaiting_manager": False})
        self.assertTrue(request.awaiting_manager)
        self.assertEqual(request.state, "committee")
        # the chair who decided it is not the manager; the manager approves
        with self.assertRaises(AccessError):
            self.as_user(self.chair, request).action_manager_approve()
        self.as_user(self.manager, request).action_manager_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.manager_approved_by_id, self.manager)

    def test_installments_cannot_be_toggled(self):
        line = self.ref("disbursement_approved_1_demo")
        self.assertEqual(line.state, "paid")
        request = line.request_id
        for vals in ({"cancelled": True}, {"state": "planned"}, {"amount_paid": 0}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "step"):
                self.as_user(self.officer, line).write(vals)
            with self.subTest(one2many=vals), self.assertRaisesRegex(UserError, "step"):
                self.as_user(self.officer, request).write(
                    {"disbursement_ids": [Command.update(line.id, vals)]}
                )
        with self.assertRaisesRegex(UserError, "in Accounting first"):
            self.as_user(self.officer, line).action_cancel()
        self.assertEqual(line.state, "paid")
        with self.assertRaisesRegex(UserError, "are kept as evidence"):
            self.as_user(self.officer, line).unlink()
        # nor planned a second time: the whole approved amount is planned
        self.assertEqual(request.amount_planned, request.approved_amount)
        action = self.as_user(self.officer, request).action_plan_disbursements()
        plan = self.as_user(self.officer, self.env[action["res_model"]])
        with self.assertRaisesRegex(UserError, "of the approved aid is left to plan"):
            plan.with_context(**action["context"]).create({"amount": 500}).action_confirm()
        extra = {"name": "قسط إضافي", "date_planned": fields.Date.today(), "amount": 500}
        with (
            self.assertRaisesRegex(ValidationError, "more than the approved"),
            self.env.cr.savepoint(),
        ):
            self.as_user(self.officer, request).write({"disbursement_ids": [Command.create(extra)]})
        with (
            self.assertRaisesRegex(ValidationError, "more than the approved"),
            self.env.cr.savepoint(),
        ):
            self.as_user(self.officer, self.env["beneficiary.disbursement"]).create(
                {**extra, "request_id": request.id}
            )
        self.assertEqual(len(request.disbursement_ids), 4)
        self.assertEqual(request.amount_planned, 2000)

    def test_compensation_approved_only_by_the_manager(self):
        case = self.ref("compensation_negotiation_demo")
        officer_case = self.as_user(self.officer, case)
        for vals in (
            {"state": "approved"},
            {"approved_by_id": self.manager.id},
            {"state": "compensated"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "step"):
                officer_case.write(vals)
        with self.assertRaisesRegex(UserError, "Recording the compensation is not possible"):
            officer_case.action_mark_compensated()
        with self.assertRaisesRegex(UserError, "step"):
            self.as_user(self.officer, self.env["stakeholder.compensation"]).create(
                {
                    "partner_id": case.partner_id.id,
                    "breach_description": "<p>إخلال</p>",
                    "mechanism": "payment",
                    "agreed_amount": 750,
                    "state": "approved",
                }
            )
        self.assertFalse(case.move_id)
        # the log of a compensated case is evidence
        done = self.ref("compensation_compensated_demo")
        with self.assertRaisesRegex(UserError, "The negotiation log of a case that is agreed"):
            self.as_user(self.officer, done.negotiation_ids[:1]).unlink()
        with self.assertRaisesRegex(UserError, "The negotiation log of a case that is agreed"):
            self.as_user(self.officer, done.negotiation_ids[:1]).write({"amount": 1})

    def test_closed_meeting_stays_closed(self):
        meeting = self.ref("committee_meeting_closed_demo")
        chair_meeting = self.as_user(self.chair, meeting)
        with self.assertRaisesRegex(UserError, "step"):
            chair_meeting.write({"state": "in_session"})
        with self.assertRaisesRegex(UserError, "no longer be changed"):
            chair_meeting.write({"minutes": "<p>محضر آخر</p>"})
        with self.assertRaisesRegex(UserError, "The attendance of a closed meeting cannot change"):
            chair_meeting.attendee_ids[:1].unlink()
        with self.assertRaisesRegex(UserError, "The attendance of a closed meeting cannot change"):
            chair_meeting.attendee_ids[:1].write({"attendance": "absent"})
        vote = meeting.vote_ids.filtered(lambda v: v.member_id == self.committee)[:1]
        with self.assertRaises(AccessError):
            self.as_user(self.committee, vote).write({"vote": "reject", "note": "غيرت رأيي"})
        self.assertEqual(meeting.state, "closed")

    def test_secretary_cannot_rewrite_a_closed_meeting(self):
        meeting = self.ref("committee_meeting_closed_demo")
        self.assertEqual(meeting.committee_id.secretary_id, self.committee)
        minutes = meeting.minutes
        secretary_meeting = self.as_user(self.committee, meeting)
        with self.assertRaisesRegex(UserError, "no longer be changed"):
            secretary_meeting.write({"minutes": "<p>محضر آخر</p>"})
        for attendee in secretary_meeting.attendee_ids:
            with (
                self.subTest(member=attendee.user_id.login),
                self.assertRaisesRegex(
                    UserError, "The attendance of a closed meeting cannot change"
                ),
            ):
                attendee.unlink()
        with self.assertRaisesRegex(UserError, "can no longer be changed at this step"):
            secretary_meeting.write({"attendee_ids": [Command.clear()]})
        with self.assertRaisesRegex(UserError, "The attendance of a closed meeting cannot change"):
            self.as_user(self.committee, self.env["beneficiary.committee.attendee"]).create(
                {"meeting_id": meeting.id, "user_id": self.committee.id}
            )
        self.assertEqual(meeting.minutes, minutes)
        self.assertEqual(len(meeting.attendee_ids), 3)

    def test_closed_meeting_is_not_reopened_for_a_new_vote(self):
        meeting = self.ref("committee_meeting_closed_demo")
        request = self.ref("beneficiary_request_approved_demo")
        for user in (self.chair, self.committee, self.manager):
            as_user = self.as_user(user, meeting)
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "step"):
                as_user.write({"state": "in_session"})
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "Starting is not possible"),
            ):
                as_user.action_start()
        self.assertEqual(meeting.state, "closed")
        vote = self.as_user(self.committee, self.ref("vote_approved_committee1_demo"))
        with self.assertRaises(AccessError):
            vote.write({"vote": "reject", "note": "غيرت رأيي"})
        with self.assertRaises(AccessError):
            vote.unlink()
        with self.assertRaisesRegex(UserError, "can no longer be changed at this step"):
            self.as_user(self.committee, meeting).write(
                {"vote_ids": [Command.update(vote.id, {"vote": "reject", "note": "غيرت رأيي"})]}
            )
        self.assertEqual(vote.sudo().vote, "approve")
        self.assertEqual(request.state, "approved")

    def test_agenda_set_by_the_chair_or_secretary(self):
        meeting = self.ref("committee_meeting_open_demo")
        member = self.env.ref("beneficiary_relations.user_committee2_demo")  # not the secretary
        waiting = self.ref("beneficiary_request_research_demo")
        waiting.write({"research_recommendation": "approve", "recommended_amount": 3000})
        waiting.action_send_to_committee()
        for user in (self.officer, self.researcher, member):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(user, meeting).action_add_pending_requests()
        self.assertFalse(waiting.meeting_id)
        with self.assertRaisesRegex(UserError, "step"):
            self.as_user(self.officer, waiting).write({"meeting_id": meeting.id})
        self.as_user(self.chair, meeting).action_add_pending_requests()
        self.assertEqual(waiting.meeting_id, meeting)

    def test_verification_and_consent_are_steps(self):
        document = self.env["beneficiary.document"].search(
            [("verified_by_id", "!=", False), ("company_id", "=", self.officer.company_id.id)],
            limit=1,
        )
        with self.assertRaisesRegex(UserError, "step"):
            self.as_user(self.officer, document).write({"verified_by_id": self.researcher.id})
        with self.assertRaisesRegex(UserError, "step"):
            self.as_user(self.officer, document).write(
                {"verified_date": fields.Datetime.now() - timedelta(days=400)}
            )
        with self.assertRaisesRegex(UserError, "step"):
            self.as_user(self.officer, self.env["beneficiary.document"]).create(
                {
                    "beneficiary_id": document.beneficiary_id.id,
                    "document_type_id": document.document_type_id.id,
                    "expiry_date": "2030-01-01",
                    "verified_by_id": self.researcher.id,
                    "verified_date": fields.Datetime.now() - timedelta(days=400),
                }
            )
        beneficiary = document.beneficiary_id
        self.as_user(self.officer, beneficiary)._withdraw_consent("طلب المستفيد")
        self.assertEqual(beneficiary.consent_state, "withdrawn")
        for vals in ({"consent_withdrawn_date": False}, {"consent_withdrawal_reason": False}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "step"):
                self.as_user(self.officer, beneficiary).write(vals)
        self.assertEqual(beneficiary.consent_state, "withdrawn")

    def test_requests_close_and_checklists_through_the_steps(self):
        request = self.ref("beneficiary_request_partial_demo")
        self.assertEqual(request.state, "approved")
        with self.assertRaisesRegex(UserError, "step"):
            self.as_user(self.officer, request).write({"state": "closed"})
        # nor through its button while its installment is not paid
        self.assertEqual(request.disbursement_ids.state, "to_post")
        with self.assertRaisesRegex(UserError, "still have aid to pay"):
            self.as_user(self.officer, request).action_close()
        self.assertEqual(request.state, "approved")
        lines = self.as_user(self.officer, self.ref("beneficiary_request_approved_demo"))
        with self.assertRaisesRegex(UserError, "kept by the workflow"):
            lines.document_line_ids.unlink()
        with self.assertRaisesRegex(UserError, "kept by the workflow"):
            lines.write({"document_line_ids": [Command.clear()]})
        line = lines.document_line_ids[:1]
        with self.assertRaisesRegex(UserError, "kept by the workflow"):
            lines.write({"document_line_ids": [Command.delete(line.id)]})
        with self.assertRaisesRegex(UserError, "kept by the workflow"):
            lines.write(
                {"document_line_ids": [Command.update(line.id, {"valid_on_submission": False})]}
            )
        self.assertTrue(line.exists())

    def test_approved_policy_stays_approved(self):
        policy = self.env["stakeholder.policy"].search(
            [("state", "=", "approved"), ("company_id", "=", self.manager.company_id.id)], limit=1
        )
        self.assertTrue(policy)
        with self.assertRaisesRegex(UserError, "step"):
            self.as_user(self.manager, policy).write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "An approved policy cannot be changed"):
            self.as_user(self.manager, policy).write({"text": "<p>نص آخر</p>"})


@tagged("post_install", "-at_install")
class TestDailyPathsAsShipped(ShippedUsersCommon):
    """The demo officer has no e-mail address: the notices go out from the
    association."""

    def test_officer_without_email_submits(self):
        self.assertFalse(self.officer.email)
        request = self.complete_request()
        request.action_sign_declaration()
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.submitted_by_id, self.officer)
        notice = request.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertEqual(notice.author_id, self.officer.company_id.partner_id)

    def test_officer_without_email_assigns_notes_and_schedules(self):
        self.assertFalse(self.officer.email)
        beneficiary = self.as_user(self.officer, self.ref("beneficiary_09_demo"))
        # Odoo tells the new responsible he was assigned, from the officer
        beneficiary.write({"user_id": self.researcher.id})
        note = beneficiary.message_post(body="زيارة ميدانية الأسبوع القادم", message_type="comment")
        self.assertEqual(note.author_id, self.officer.partner_id, "the note stays his")
        activity = beneficiary.activity_schedule(
            "mail.mail_activity_data_todo", summary="تحديث المستندات", user_id=self.researcher.id
        )
        self.assertEqual(activity.user_id, self.researcher)
        self.assertEqual(beneficiary.user_id, self.researcher)

    def test_registrar_neither_votes_nor_approves(self):
        request = self.complete_request()
        request.action_sign_declaration()
        request.action_submit()
        # the officer also sits on the committee: he may not vote on what he registered
        self.officer.groups_id = [Command.link(self.ref("group_committee_member").id)]
        excluded = request.sudo()._excluded_voters()
        self.assertIn(self.officer, excluded)
        self.officer.company_id.beneficiary_sod_steps = False
        self.assertNotIn(self.officer, request.sudo()._excluded_voters())

    def test_urgent_decision_before_the_two_weeks(self):
        request = self.ref("beneficiary_request_committee_demo")
        self.assertGreater(request.date_earliest_answer, fields.Date.today())
        meeting = request.meeting_id
        self.assertEqual(meeting.state, "in_session")
        chair_meeting = self.as_user(self.chair, meeting)
        voted = meeting.vote_ids.filtered(lambda v: v.request_id == request).member_id
        for user in meeting.attendee_ids.filtered(lambda a: a.attendance == "present").user_id:
            if user not in voted:
                self.env["beneficiary.committee.vote"].with_user(user).create(
                    {"meeting_id": meeting.id, "request_id": request.id, "vote": "approve"}
                )
        with self.assertRaisesRegex(UserError, "earliest answer date"):
            chair_meeting.action_close()
        # an urgent decision, with its reason, recorded by the chair
        with self.assertRaises(AccessError):
            self.as_user(self.officer, request).action_mark_urgent()
        action = self.as_user(self.chair, request).action_mark_urgent()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.chair).with_context(**action["context"])
        )
        wizard.reason = "إخلاء وشيك للمسكن"
        wizard.save().action_confirm()
        self.assertTrue(request.urgent_decision)
        self.assertEqual(request.urgent_by_id, self.chair)
        chair_meeting.action_close()
        self.assertEqual(request.state, "approved")
        self.assertIn("إخلاء وشيك للمسكن", meeting.minutes)

    def test_indirect_beneficiary_gets_no_individual_aid(self):
        request = self.ref("beneficiary_request_partial_demo")
        request.beneficiary_id.sudo().beneficiary_type = "indirect"
        with self.assertRaisesRegex(UserError, "indirect"):
            self.as_user(self.officer, request).action_plan_disbursements()

    def test_bad_types_get_clean_errors(self):
        Beneficiary = self.as_user(self.officer, self.env["beneficiary.beneficiary"])
        beneficiary = self.as_user(self.officer, self.ref("beneficiary_24_demo"))
        member = beneficiary.family_member_ids[:1]
        Member = self.as_user(self.officer, self.env["beneficiary.family.member"])
        for value in (1234567890, True, 12.5):
            with (
                self.subTest(national_id=value),
                self.assertRaisesRegex(ValidationError, "The national ID / iqama number"),
            ):
                Beneficiary.create({"name": "اختبار", "national_id": value, "mobile": value})
            for field in ("national_id", "mobile"):
                with (
                    self.subTest(field=field, value=value),
                    self.assertRaisesRegex(
                        ValidationError,
                        "The national ID / iqama number|is not a valid Saudi mobile number",
                    ),
                ):
                    beneficiary.write({field: value})
            with (
                self.subTest(member=value),
                self.assertRaisesRegex(ValidationError, "The national ID / iqama number"),
            ):
                Member.create(
                    {
                        "beneficiary_id": beneficiary.id,
                        "name": "اختبار",
                        "relation": "son",
                        "national_id": value,
                    }
                )
            with (
                self.subTest(member=value),
                self.assertRaisesRegex(ValidationError, "The national ID / iqama number"),
            ):
                member.write({"national_id": value})
        complaint = self.env["stakeholder.complaint"].search(
            [
                ("state", "in", ("received", "review")),
                ("company_id", "=", self.officer.company_id.id),
            ],
            limit=1,
        )
        for severity in (None, False):
            with (
                self.subTest(severity=severity),
                self.assertRaisesRegex(ValidationError, "Choose the severity of the complaint"),
            ):
                self.as_user(self.officer, complaint).write({"severity": severity})
        reach = self.as_user(self.officer, self.ref("indirect_reach_social_demo"))
        for vals in ({"date_start": False}, {"date_end": None}, {"date_start": "2999-01-01"}):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(ValidationError, "Give the period of|ends before it starts"),
            ):
                reach.write(vals)
        self.assertTrue(reach.date_start and reach.date_end)


@tagged("post_install", "-at_install")
class TestCompanyConsistency(ShippedUsersCommon):
    """A record links only to records of its own association (or shared
    ones), refused by the server whatever the client sends: a write over RPC
    with the id of another association's record is no way around the views'
    domains, even for a user who works in both associations (as the demo
    officer and manager do here, both companies allowed) and reads both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = other = cls.env["res.company"].create({"name": "جمعية أخرى"})
        (cls.officer | cls.manager).write({"company_ids": [Command.link(other.id)]})
        cls.other_program = cls.env["beneficiary.program"].create(
            {"name": "برنامج جمعية أخرى", "company_id": other.id}
        )
        cls.other_committee = cls.env["beneficiary.committee"].create(
            {
                "name": "لجنة جمعية أخرى",
                "company_id": other.id,
                "chair_id": cls.chair.id,
                "member_ids": [Command.set(cls.chair.ids)],
            }
        )
        cls.other_work_area = cls.env["stakeholder.work.area"].create(
            {
                "name": "مجال جمعية أخرى",
                "company_id": other.id,
                "contact_officer_id": cls.officer.id,
            }
        )
        cls.other_complaint = cls.env.ref("beneficiary_relations.complaint_aid_delay_demo").copy(
            {
                "company_id": other.id,
                "partner_id": False,
                "is_anonymous": True,
                "request_id": False,
                "work_area_id": False,
                "is_confidential": False,
            }
        )

    def in_both(self, user, record):
        companies = user.company_id | self.other
        return record.with_user(user).with_context(allowed_company_ids=companies.ids)

    def assert_refused(self, user, record, vals):
        record = self.in_both(user, record).with_context(lang="en_US")
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            record.write(vals)

    def test_links_to_another_association_refused(self):
        reach = self.ref("indirect_reach_social_demo")
        program = self.ref("program_cash_aid_demo")
        committee = self.ref("committee_research_demo")
        complaint = self.ref("complaint_contract_dispute_demo")
        case = self.ref("compensation_negotiation_demo")
        self.assert_refused(self.officer, reach, {"program_id": self.other_program.id})
        self.assert_refused(
            self.manager, program, {"committee_ids": [Command.link(self.other_committee.id)]}
        )
        self.assert_refused(
            self.manager, committee, {"program_ids": [Command.link(self.other_program.id)]}
        )
        self.assert_refused(self.officer, complaint, {"work_area_id": self.other_work_area.id})
        self.assert_refused(self.officer, case, {"complaint_id": self.other_complaint.id})
        other_contact = self.env["res.partner"].create(
            {"name": "مشتكٍ من جمعية أخرى", "company_id": self.other.id}
        )
        self.assert_refused(self.officer, complaint, {"partner_id": other_contact.id})
        # a draft request moved to another association would keep its file and program
        draft = self.complete_request()
        self.assert_refused(self.officer, draft, {"company_id": self.other_program.company_id.id})
        # the same links within the association are taken
        self.in_both(self.officer, reach).write({"program_id": program.id})
        self.assertEqual(reach.program_id, program)
        self.in_both(self.manager, program).write({"committee_ids": [Command.link(committee.id)]})
        self.assertIn(committee, program.committee_ids)
        work_area = self.ref("work_area_programs_projects_demo")
        self.in_both(self.officer, complaint).write({"work_area_id": work_area.id})
        self.assertEqual(complaint.work_area_id, work_area)
        other_case = self.ref("complaint_aid_delay_demo")
        self.in_both(self.officer, case).write({"complaint_id": other_case.id})
        self.assertEqual(case.complaint_id, other_case)
