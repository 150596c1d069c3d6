from datetime import date, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common_request import PDF, RequestCommon


@tagged("post_install", "-at_install")
class TestRequestWorkflow(RequestCommon):
    def notices(self, request):
        return request.message_ids.filtered(
            lambda m: m.message_type == "comment" and request.partner_id in m.partner_ids
        )

    @freeze_time("2026-03-01")
    def test_whole_path(self):
        request = self.make_request(env=self.env(user=self.officer))
        self.assertEqual(request.state, "draft")
        self.assertTrue(request.name.startswith("REQ/2026/"))
        self.assertEqual(request.eligibility_state, "eligible")
        self.assertEqual(len(request.document_line_ids), 1)
        request.action_sign_declaration()
        self.assertEqual(request.declaration_method, "in_person")
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.date_submitted, date(2026, 3, 1))
        self.assertEqual(request.date_earliest_answer, date(2026, 3, 15))
        self.assertEqual(request.date_deadline, date(2026, 4, 12))
        notice = self.notices(request)
        self.assertEqual(len(notice), 1, "the applicant is told the decision window")
        self.assertIn(request.name, notice.subject)

        request.with_user(self.researcher).action_start_research()
        self.assertEqual(request.state, "research")
        self.assertTrue(request.activity_ids.filtered(lambda a: a.user_id == self.researcher))
        with self.assertRaisesRegex(UserError, "findings and the recommendation"):
            request.with_user(self.researcher).action_send_to_committee()
        request.with_user(self.researcher).write(
            {
                "research_findings": "<p>زيارة ميدانية</p>",
                "research_recommendation": "partial",
                "recommended_amount": 1500,
            }
        )
        request.with_user(self.researcher).action_send_to_committee()
        self.assertEqual(request.state, "committee")
        self.assertEqual(request.committee_id, self.committee)

        meeting = self.open_meeting()
        self.assertEqual(request.meeting_id, meeting)
        self.vote(meeting, request, self.member, "approve", 1200)
        self.vote(meeting, request, self.member_2, "approve", 1500)
        self.vote(meeting, request, self.chair, "reject", note="يكفي دعم جزئي")
        # the policy's two weeks: not decided before the earliest answer date
        with self.assertRaisesRegex(UserError, "earliest answer date"):
            meeting.with_user(self.chair).action_close()
        self.assertEqual(meeting.state, "in_session")
        with freeze_time("2026-03-16"):
            meeting.with_user(self.chair).action_close()
        self.assertEqual(meeting.state, "closed")
        self.assertEqual(meeting.closed_by_id, self.chair)
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.decision, "partial")
        self.assertEqual(request.approved_amount, 1200)
        self.assertEqual(request.date_decision, date(2026, 3, 16))
        self.assertFalse(request.urgent_decision)
        self.assertEqual(request.submitted_by_id, self.officer)
        self.assertEqual(request.research_done_by_id, self.researcher)
        self.assertIn(request.name, meeting.minutes)
        self.assertEqual(len(self.notices(request)), 2, "the decision is notified")
        self.assertIn("1,200", self.notices(request)[0].body)

        request.with_user(self.officer).action_close()
        self.assertEqual(request.state, "closed")

    def test_notice_in_the_applicants_language(self):
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(["beneficiary_relations"], ["ar_001"])
        self.beneficiary.partner_id.lang = "ar_001"
        request = self.submitted_request()
        body = self.notices(request).body
        self.assertIn("لجنة البحث", body)
        self.assertIn(request.name, body)

    def test_incomplete_submission_lists_what_is_missing(self):
        request = self.make_request(reason=False)
        with self.assertRaises(UserError) as err:
            request.action_submit()
        message = str(err.exception)
        self.assertIn("reason for the request", message)
        self.assertIn("signed declaration", message)
        self.assertNotIn("Document", message)
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.date_submitted)

    def test_expired_or_unverified_document_refused(self):
        beneficiary = self.make_complete_beneficiary()
        request = self.make_request(beneficiary_id=beneficiary.id)
        request.action_sign_declaration()
        beneficiary.document_ids.write(
            {"issue_date": date(2020, 1, 1), "expiry_date": date(2021, 1, 1)}
        )
        with self.assertRaisesRegex(UserError, "Document expired"):
            request.action_submit()
        beneficiary.document_ids.write({"expiry_date": date(2035, 1, 1)})
        # changing the document cleared its verification
        with self.assertRaisesRegex(UserError, "not verified"):
            request.action_submit()
        beneficiary.document_ids.write({"attachment": False})
        with self.assertRaisesRegex(UserError, "Document missing"):
            request.action_submit()

    def test_documents_added_and_verified_from_the_request(self):
        """The required-documents checklist follows the file, and a missing or
        unverified document is added and verified from the request itself."""
        beneficiary = self.make_complete_beneficiary()
        beneficiary.document_ids.unlink()
        request = self.make_request(beneficiary_id=beneficiary.id)
        request.action_sign_declaration()
        line = request.document_line_ids
        self.assertFalse(line.is_present)
        with self.assertRaisesRegex(UserError, "Document missing"):
            request.with_user(self.officer).action_submit()
        # the form reloads the checklist after the refusal
        self.env.invalidate_all()
        line = request.document_line_ids
        action = line.with_user(self.officer).action_add_document()
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"]["default_document_type_id"], self.doc_type_id.id)
        document = (
            self.env[action["res_model"]]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create(
                {"attachment": PDF, "issue_date": date(2024, 1, 1), "expiry_date": date(2035, 1, 1)}
            )
        )
        line = request.document_line_ids
        self.assertEqual(line.document_id, document, "the new document shows on the request")
        with self.assertRaisesRegex(UserError, "not verified"):
            request.with_user(self.officer).action_submit()
        self.env.invalidate_all()
        request.document_line_ids.with_user(self.officer).action_verify_document()
        self.assertEqual(document.verified_by_id, self.officer)
        request.with_user(self.officer).action_submit()
        self.assertEqual(request.state, "submitted")
        # once submitted, the checklist is the one checked at submission
        with self.assertRaisesRegex(UserError, "not possible"):
            request.document_line_ids.with_user(self.officer).action_add_document()
        # only the officers take these steps
        with self.assertRaises(AccessError):
            request.document_line_ids.with_user(self.member).action_verify_document()

    def test_no_request_after_consent_withdrawn(self):
        beneficiary = self.make_complete_beneficiary()
        beneficiary._withdraw_consent("طلب المستفيد")
        with self.assertRaisesRegex(ValidationError, "withdrew consent"):
            self.make_request(beneficiary_id=beneficiary.id)

    def test_amounts_checked(self):
        with self.assertRaisesRegex(ValidationError, "at most"):
            self.make_request(requested_amount=5000)
        with self.assertRaisesRegex(ValidationError, "negative"):
            self.make_request(requested_amount=-1)

    def test_referral(self):
        request = self.submitted_request()
        supplier = self.env["res.partner"].create(
            {"name": "مورد", "stakeholder_type": "supplier_client"}
        )
        with self.assertRaisesRegex(UserError, "civil society body"):
            request._refer(supplier, "خارج النطاق")
        with self.assertRaisesRegex(UserError, "reason"):
            request._refer(self.civil_body, " ")
        action = request.with_user(self.officer).action_refer()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"])
        )
        wizard.partner_id = self.civil_body
        wizard.reason = "الخدمة خارج نطاق الجمعية"
        wizard.consent = True
        wizard.save().action_confirm()
        self.assertEqual(request.state, "referred")
        self.assertEqual(request.referred_partner_id, self.civil_body)
        self.assertIn(self.civil_body.name, self.notices(request)[0].body)

    def test_withdraw_and_decided_requests_are_kept(self):
        request = self.make_request()
        with self.assertRaisesRegex(UserError, "reason"):
            request._withdraw("")
        request._withdraw("تراجع المتقدم")
        self.assertEqual(request.state, "withdrawn")
        with self.assertRaisesRegex(UserError, "no longer be changed"):
            request.requested_amount = 100
        with self.assertRaisesRegex(UserError, "Only draft requests"):
            request.unlink()
        with self.assertRaisesRegex(UserError, "not possible"):
            request.action_submit()
        with self.assertRaisesRegex(UserError, "Archive the file instead"):
            request.beneficiary_id.unlink()
        draft = self.make_request()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_decided_request_cannot_go_back(self):
        request = self.request_at_committee()
        meeting = self.open_meeting()
        self.vote(meeting, request, self.member, "reject", note="لا تنطبق الشروط")
        self.vote(meeting, request, self.member_2, "reject", note="الدخل يتجاوز الحد")
        meeting.action_close()
        self.assertEqual(request.state, "rejected")
        self.assertIn("لا تنطبق الشروط", request.decision_reason)
        self.assertIn("الدخل يتجاوز الحد", request.decision_reason)
        # not even the superuser moves a decision back
        with self.assertRaisesRegex(UserError, "earlier step"):
            request.state = "committee"
        officer_request = request.with_user(self.officer)
        for vals in (
            {"state": "approved"},
            {"decision": "approved"},
            {"approved_amount": 10},
            {"decision_reason": "تعديل"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "step"):
                officer_request.write(vals)
        self.assertEqual(request.approved_amount, 0)
        self.assertIn("لا تنطبق الشروط", self.notices(request)[0].body)

    def test_escalation(self):
        request = self.make_request()
        action = request.with_user(self.officer).action_escalate()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"])
        )
        wizard.user_id = self.manager
        wizard.reason = "الإجراءات غير واضحة"
        wizard.save().action_confirm()
        self.assertEqual(request.escalated_to_id, self.manager)
        activity = request.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(len(activity), 1)
        # the senior officer sees the case
        self.assertEqual(request.with_user(self.manager).name, request.name)

    def test_window_in_working_days(self):
        """Working days are those of the association's working hours: the
        Saudi week skips Friday and Saturday, and its public holidays."""
        self.env.company.write(
            {
                "beneficiary_answer_min": 10,
                "beneficiary_answer_max": 30,
                "beneficiary_answer_unit": "working_days",
                "resource_calendar_id": self.env.ref(
                    "beneficiary_relations.resource_calendar_sunday_thursday"
                ).id,
            }
        )
        with freeze_time("2026-01-04"):  # a Sunday
            request = self.submitted_request()
        self.assertEqual(request.date_earliest_answer, date(2026, 1, 18))
        self.assertEqual(request.date_deadline, date(2026, 2, 15))
        # Eid al-Fitr entered as a public holiday of the association, in Riyadh time
        self.env["resource.calendar.leaves"].create(
            {
                "name": "عيد الفطر",
                "company_id": self.env.company.id,
                "date_from": "2026-03-19 21:00:00",
                "date_to": "2026-03-23 20:59:59",
            }
        )
        with freeze_time("2026-03-15"):  # a Sunday
            request = self.submitted_request()
        # 16-19 March, the Eid (20-23: 29 March without it), then 24-26 and 29-31 March
        self.assertEqual(request.date_earliest_answer, date(2026, 3, 31))
        with self.assertRaisesRegex(ValidationError, "deadline must come after"):
            self.env.company.beneficiary_answer_max = 5

    def test_window_in_working_days_of_another_week(self):
        """An association working Monday to Friday has Saturday and Sunday off."""
        self.env.company.write(
            {
                "beneficiary_answer_min": 1,
                "beneficiary_answer_max": 5,
                "beneficiary_answer_unit": "working_days",
                "resource_calendar_id": self.env["resource.calendar"]
                .create({"name": "Monday to Friday", "company_id": self.env.company.id})
                .id,
            }
        )
        with freeze_time("2026-01-02"):  # a Friday
            request = self.submitted_request()
        self.assertEqual(request.date_earliest_answer, date(2026, 1, 5))
        self.assertEqual(request.date_deadline, date(2026, 1, 9))


@tagged("post_install", "-at_install")
class TestCommitteeVotes(RequestCommon):
    def test_quorum_missing(self):
        request = self.request_at_committee()
        meeting = self.open_meeting(absent=self.member | self.member_2)
        self.assertFalse(meeting.quorum_reached)
        self.vote(meeting, request, self.chair, "approve", 1000)
        meeting.action_close()
        self.assertEqual(request.state, "committee", "no decision without quorum")
        self.assertFalse(request.meeting_id, "back on the committee's queue")
        next_meeting = self.open_meeting()
        self.assertEqual(request.meeting_id, next_meeting)

    def test_tie_broken_by_chair_and_abstentions(self):
        first = self.request_at_committee()
        second = self.request_at_committee()
        meeting = self.open_meeting()
        self.vote(meeting, first, self.member, "approve")
        self.vote(meeting, first, self.member_2, "reject", note="غير مستحق")
        self.vote(meeting, first, self.chair, "abstain")
        self.vote(meeting, second, self.member, "approve")
        self.vote(meeting, second, self.member_2, "reject", note="غير مستحق")
        self.vote(meeting, second, self.chair, "approve")
        meeting.action_close()
        self.assertEqual(first.state, "committee", "a tie the chair did not break")
        self.assertEqual(second.state, "approved")
        self.assertEqual(second.approved_amount, 2000, "the recommended amount")

    def test_agenda_shows_where_each_vote_stands(self):
        """The chair sees, per request on the agenda, the votes cast, who has
        not voted yet, the quorum and what closing would decide, before closing."""
        first = self.request_at_committee()
        second = self.request_at_committee()
        third = self.request_at_committee()
        self.registered_days_ago(third, 2)  # its two weeks have not passed
        meeting = self.open_meeting(absent=self.member_2)
        self.vote(meeting, first, self.member, "approve", 1500)
        self.vote(meeting, first, self.chair, "abstain")
        self.vote(meeting, second, self.member, "reject", note="الدخل يتجاوز الحد")
        self.vote(meeting, third, self.member, "approve")
        self.vote(meeting, third, self.chair, "approve")
        agenda = meeting.with_user(self.chair).request_ids
        rows = {
            request: (
                request.vote_approve_count,
                request.vote_reject_count,
                request.vote_abstain_count,
                request.vote_pending,
                request.vote_quorum,
                request.vote_standing,
            )
            for request in agenda
        }
        self.assertEqual(rows[first], (1, 0, 1, False, True, "approved"))
        self.assertEqual(rows[second], (0, 1, 0, self.chair.name, True, "rejected"))
        self.assertEqual(rows[third], (2, 0, 0, False, True, "approved"))
        self.assertFalse(first.with_user(self.chair).vote_blocker)
        self.assertIn("earliest answer date", third.with_user(self.chair).vote_blocker)
        # officers without a committee role do not see the committee's tally
        with self.assertRaises(AccessError):
            first.with_user(self.officer).read(["vote_standing"])
        with self.assertRaisesRegex(UserError, "earliest answer date"):
            meeting.with_user(self.chair).action_close()
        third.with_user(self.chair)._justify("urgent", "إنذار بالإخلاء خلال أسبوع")
        self.assertFalse(third.with_user(self.chair).vote_blocker)
        meeting.with_user(self.chair).action_close()
        self.assertEqual(
            (first.state, second.state, third.state), ("approved", "rejected", "approved")
        )
        self.assertFalse(first.vote_standing, "a closed meeting is decided")

    def test_member_votes_once(self):
        request = self.request_at_committee()
        meeting = self.open_meeting()
        self.vote(meeting, request, self.member, "approve")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.vote(meeting, request, self.member, "reject")

    def test_only_members_present_vote_for_themselves(self):
        request = self.request_at_committee()
        meeting = self.open_meeting(absent=self.member_2)
        with self.assertRaisesRegex(ValidationError, "not a member"):
            self.vote(meeting, request, self.outsider, "approve")
        with self.assertRaisesRegex(ValidationError, "not recorded as present"):
            self.vote(meeting, request, self.member_2, "approve")
        with self.assertRaises(AccessError):
            self.env["beneficiary.committee.vote"].with_user(self.member).create(
                {
                    "meeting_id": meeting.id,
                    "request_id": request.id,
                    "member_id": self.chair.id,
                    "vote": "approve",
                }
            )
        vote = self.vote(meeting, request, self.member, "approve")
        with self.assertRaises(AccessError):
            vote.with_user(self.chair).write({"vote": "reject"})
        vote.with_user(self.member).write({"vote": "reject", "note": "تغيير"})
        self.assertEqual(vote.vote, "reject")

    def test_no_vote_in_closed_or_planned_meeting(self):
        request = self.request_at_committee()
        meeting = self.env["beneficiary.committee.meeting"].create(
            {"committee_id": self.committee.id}
        )
        meeting.action_add_pending_requests()
        with self.assertRaises(ValidationError) as err:
            self.vote(meeting, request, self.member, "approve")
        self.assertIn("only while the meeting is in session", str(err.exception))
        meeting.action_start()
        vote = self.vote(meeting, request, self.member, "approve")
        self.vote(meeting, request, self.member_2, "approve")
        meeting.action_close()
        with self.assertRaises(AccessError):
            vote.with_user(self.member).write({"vote": "reject"})
        with self.assertRaisesRegex(UserError, "not possible"):
            meeting.action_close()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            meeting.unlink()

    def test_rejection_needs_a_reason(self):
        request = self.request_at_committee()
        meeting = self.open_meeting()
        for note in (False, "   "):
            with self.assertRaises(ValidationError) as caught:
                self.vote(meeting, request, self.member, "reject", note=note)
            self.assertIn("why you reject", str(caught.exception))
        self.vote(meeting, request, self.member, "reject", note="الدخل يتجاوز الحد")
        self.vote(meeting, request, self.member_2, "reject", note="الدخل يتجاوز الحد")
        meeting.action_close()
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.decision_reason, "الدخل يتجاوز الحد")

    def test_above_threshold_waits_for_manager(self):
        request = self.request_at_committee(requested_amount=3000)
        meeting = self.open_meeting()
        self.vote(meeting, request, self.member, "approve", 2800)
        self.vote(meeting, request, self.member_2, "approve", 2900)
        meeting.action_close()
        self.assertEqual(request.state, "committee")
        self.assertTrue(request.awaiting_manager)
        self.assertEqual(request.approved_amount, 2800)
        with self.assertRaises(AccessError):
            request.with_user(self.chair).action_manager_approve()
        request.with_user(self.manager).action_manager_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.manager_approved_by_id, self.manager)

    def test_manager_rejects_above_threshold(self):
        request = self.request_at_committee(requested_amount=3000)
        meeting = self.open_meeting()
        self.vote(meeting, request, self.member, "approve", 3000)
        self.vote(meeting, request, self.member_2, "approve", 3000)
        meeting.action_close()
        action = request.with_user(self.manager).action_manager_reject()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        )
        wizard.reason = "الميزانية لا تسمح"
        wizard.save().action_confirm()
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.decision_reason, "الميزانية لا تسمح")

    def activities(self, request, xmlid):
        return request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(f"beneficiary_relations.{xmlid}")
        )

    def test_manager_decision_closes_only_its_own_activity(self):
        """Approving or rejecting the decision marks done the manager's
        approval activity, and no other: an open escalation and a to-do
        someone added by hand stay open."""
        for approve in (True, False):
            with self.subTest(approve=approve):
                request = self.request_at_committee(requested_amount=3000)
                meeting = self.open_meeting()
                self.vote(meeting, request, self.member, "approve", 2800)
                self.vote(meeting, request, self.member_2, "approve", 2800)
                meeting.action_close()
                approval = self.activities(request, "mail_activity_type_request_approval")
                self.assertEqual(len(approval), 1)
                self.assertTrue(approval.user_id.has_group("beneficiary_relations.group_manager"))
                self.assertFalse(
                    self.activities(request, "mail_activity_type_request_research"),
                    "the research is done",
                )
                request.with_user(self.officer)._escalate(self.manager, "الإجراءات غير واضحة")
                escalation = self.activities(request, "mail_activity_type_request_escalation")
                by_hand = (
                    self.env["mail.activity"]
                    .with_user(self.officer)
                    .create(
                        {
                            "res_model_id": self.env["ir.model"]._get_id(request._name),
                            "res_id": request.id,
                            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                            "summary": "اتصل بالمستفيد",
                            "user_id": self.manager.id,
                        }
                    )
                )
                if approve:
                    request.with_user(self.manager).action_manager_approve()
                else:
                    request.with_user(self.manager)._manager_reject("الميزانية لا تسمح")
                self.assertEqual(request.state, "approved" if approve else "rejected")
                self.assertFalse(approval.exists())
                done = request.message_ids.filtered(
                    lambda m: (
                        m.mail_activity_type_id
                        == self.env.ref("beneficiary_relations.mail_activity_type_request_approval")
                    )
                )
                self.assertEqual(len(done), 1, "the approval is marked done in the chatter")
                self.assertEqual(request.activity_ids, escalation | by_hand)

    def test_withdrawal_removes_the_research_activity(self):
        request = self.submitted_request()
        request.with_user(self.officer).action_start_research()
        research = self.activities(request, "mail_activity_type_request_research")
        self.assertEqual(research.user_id, self.researcher)
        self.assertEqual(research.date_deadline, request.date_earliest_answer)
        request.with_user(self.officer)._escalate(self.manager, "الإجراءات غير واضحة")
        request.with_user(self.officer)._withdraw("تراجع المستفيد")
        self.assertFalse(research.exists(), "the research will not be done")
        self.assertEqual(
            request.activity_ids.activity_type_id,
            self.env.ref("beneficiary_relations.mail_activity_type_request_escalation"),
        )

    def test_quorum_settings_checked(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 1"):
            self.committee.quorum_value = 2
        with self.assertRaisesRegex(ValidationError, "chair"):
            self.committee.member_ids = [(3, self.chair.id)]


@tagged("post_install", "-at_install")
class TestOverdueCron(RequestCommon):
    def make_overdue(self, count):
        past = date.today() - timedelta(days=1)
        program = self.env["beneficiary.program"].create({"name": "برنامج مفتوح"})
        return (
            self.env["beneficiary.request"]
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "beneficiary_id": self.beneficiary.id,
                        "program_id": program.id,
                        "channel_id": self.channel.id,
                        "state": "submitted",
                        "date_submitted": past - timedelta(days=50),
                        "date_deadline": past,
                    }
                    for _i in range(count)
                ]
            )
        )

    def run_cron(self):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.env["beneficiary.request"]._cron_flag_overdue()
        self.env.flush_all()
        return self.env.cr.sql_log_count - start

    def test_overdue_flagged_with_activity(self):
        requests = self.make_overdue(3)
        on_time = self.submitted_request()
        self.run_cron()
        self.assertTrue(all(requests.mapped("is_overdue")))
        self.assertFalse(on_time.is_overdue)
        activity = requests.program_id.activity_ids
        self.assertEqual(len(activity), 1, "one activity per program, not one per request")
        self.assertTrue(activity.user_id.has_group("beneficiary_relations.group_manager"))
        # the count, in the manager's language
        self.assertEqual(
            activity.summary,
            activity.user_id.with_context(lang=activity.user_id.lang).env._(
                "Requests past their decision deadline: %(count)s", count=3
            ),
        )
        for name in requests.mapped("name"):
            self.assertIn(name, activity.note)
        found = self.env["beneficiary.request"].search([("is_overdue", "=", True)])
        self.assertEqual(found & (requests | on_time), requests)
        # a second run finds nothing new
        self.run_cron()
        self.assertEqual(len(requests.program_id.activity_ids), 1)

    def test_decided_requests_are_not_overdue(self):
        requests = self.make_overdue(2)
        requests[0]._withdraw("تراجع")
        self.run_cron()
        self.assertFalse(requests[0].is_overdue)
        self.assertTrue(requests[1].is_overdue)

    def test_query_count_does_not_grow(self):
        """The same queries for 5 overdue requests as for 50: a fixed number
        whatever the registry's size (bench/run times it at scale)."""
        self.make_overdue(5)
        self.run_cron()  # warm the caches (xml ids, models, groups)
        self.make_overdue(5)
        small = self.run_cron()
        large = self.make_overdue(50)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            self.env["beneficiary.request"]._cron_flag_overdue()
        self.assertTrue(all(large.mapped("is_overdue")))
