import base64
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import BeneficiaryCommon


class StakeholderCommon(BeneficiaryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env.ref("beneficiary_relations.channel_email")
        cls.complainant = cls.env["res.partner"].create(
            {"name": "مورد أغذية", "stakeholder_type": "supplier_client", "email": "s@example.com"}
        )
        cls.area = cls.env["stakeholder.work.area"].create(
            {"name": "خدمات المستفيدين", "contact_officer_id": cls.officer.id}
        )
        cls.Complaint = cls.env["stakeholder.complaint"]

    def complaint(self, env=None, **vals):
        values = {
            "partner_id": self.complainant.id,
            "channel_id": self.channel.id,
            "category": "service_quality",
            "severity": "medium",
            "description": "<p>تأخر الرد على الاتصالات</p>",
            "work_area_id": self.area.id,
            **vals,
        }
        return (env or self.env)["stakeholder.complaint"].create(values)

    def notices(self, record):
        return record.message_ids.filtered(
            lambda m: m.message_type == "comment" and record.partner_id in m.partner_ids
        )


@tagged("post_install", "-at_install")
class TestComplaints(StakeholderCommon):
    @freeze_time("2026-05-03 09:00:00")
    def test_whole_path_with_notices(self):
        complaint = self.complaint(env=self.env(user=self.officer_2))
        self.assertEqual(complaint.state, "received")
        self.assertTrue(complaint.name.startswith("CMP/2026/"))
        self.assertEqual(complaint.user_id, self.officer, "the area's contact officer")
        self.assertEqual(complaint.stakeholder_type, "supplier_client")
        self.assertEqual(complaint.date_deadline, date(2026, 5, 13), "medium: 10 days")
        self.assertEqual(len(self.notices(complaint)), 1, "receipt notice")
        complaint.with_user(self.officer).action_review()
        with self.assertRaisesRegex(UserError, "outcome"):
            complaint.with_user(self.officer).action_resolve()
        complaint.with_user(self.officer).write(
            {"resolution": "settled", "resolution_note": "<p>تمت التسوية ودياً</p>"}
        )
        complaint.with_user(self.officer).action_resolve()
        self.assertEqual(complaint.state, "resolved")
        self.assertTrue(complaint.date_resolved)
        notices = self.notices(complaint)
        self.assertEqual(len(notices), 2, "resolution notice")
        self.assertIn("تمت التسوية ودياً", notices[0].body)
        complaint.with_user(self.officer).action_close()
        self.assertEqual(complaint.state, "closed")
        with self.assertRaisesRegex(UserError, "appeal it instead"):
            complaint.severity = "high"
        with self.assertRaisesRegex(UserError, "kept as a record"):
            complaint.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            complaint.with_user(self.officer).unlink()

    def test_deadline_by_severity_and_information_request(self):
        self.env.company.complaint_days_critical = 1
        critical = self.complaint(severity="critical")
        received = critical.date_received.date()
        self.assertEqual(critical.date_deadline, received + timedelta(days=1))
        info = self.complaint(category="information_request", severity="low")
        self.assertEqual(info.date_deadline, received + timedelta(days=10))
        info.category = "other"
        self.assertEqual(info.date_deadline, received + timedelta(days=15), "low: 15 days")
        with self.assertRaisesRegex(ValidationError, "at least one day"):
            self.env.company.complaint_days_high = 0

    def test_appeal_creates_linked_complaint(self):
        complaint = self.complaint()
        complaint.action_review()
        complaint.write({"resolution": "rejected", "resolution_note": "<p>لا وجه للشكوى</p>"})
        complaint.action_resolve()
        action = complaint.action_appeal()
        appeal = self.Complaint.browse(action["res_id"])
        self.assertEqual(appeal.parent_id, complaint)
        self.assertEqual(appeal.state, "received")
        self.assertEqual(appeal.partner_id, self.complainant)
        self.assertEqual(complaint.appeal_ids, appeal)
        with self.assertRaisesRegex(UserError, "not possible"):
            appeal.action_appeal()

    def test_aid_delay_records_support(self):
        complaint = self.complaint(category="aid_delay")
        complaint.action_review()
        complaint.write({"resolution": "upheld", "resolution_note": "<p>تأخر التحويل البنكي</p>"})
        with self.assertRaisesRegex(UserError, "support given"):
            complaint.action_resolve()
        complaint.support_given = "تواصلنا مع البنك وأبلغنا المستفيد بالموعد الجديد"
        complaint.action_resolve()
        self.assertEqual(complaint.state, "resolved")

    def test_anonymous_and_missing_complainant(self):
        anonymous = self.complaint(is_anonymous=True)
        self.assertFalse(anonymous.partner_id)
        self.assertFalse(self.notices(anonymous))
        with self.assertRaisesRegex(ValidationError, "Name the complainant"):
            self.complaint(partner_id=False)

    def test_overdue_cron(self):
        with freeze_time("2026-01-01 09:00:00"):
            late = self.complaint(severity="high")
            on_time = self.complaint(severity="low")
        with freeze_time("2026-01-08"):
            self.Complaint._cron_flag_overdue()
        self.assertTrue(late.is_overdue)
        self.assertFalse(on_time.is_overdue)
        self.assertEqual(late.activity_ids.user_id, self.officer)
        self.assertIn(late, self.Complaint.search([("is_overdue", "=", True)]))
        # the analyses group on the response status, which follows the flag
        self.assertEqual((late.response_status, on_time.response_status), ("overdue", "open"))
        self.assertEqual(
            self.Complaint.search(
                [("response_status", "=", "overdue"), ("id", "in", (late | on_time).ids)]
            ),
            late,
        )
        with freeze_time("2026-01-09"):
            self.Complaint._cron_flag_overdue()
        self.assertEqual(len(late.activity_ids), 1, "flagged once")
        reminder = late.activity_ids
        self.assertEqual(
            reminder.activity_type_id,
            self.env.ref("beneficiary_relations.mail_activity_type_complaint_overdue"),
        )
        # resolving it marks the reminder done, and only it
        by_hand = late.activity_schedule(
            "mail.mail_activity_data_todo", summary="متابعة مع المشتكي", user_id=self.officer.id
        )
        late.with_user(self.officer).action_review()
        late.with_user(self.officer).write(
            {"resolution": "settled", "resolution_note": "<p>تمت التسوية ودياً</p>"}
        )
        late.with_user(self.officer).action_resolve()
        self.assertFalse(reminder.exists())
        self.assertEqual(late.activity_ids, by_hand)


@tagged("post_install", "-at_install", "beneficiary_access")
class TestComplaintAccess(StakeholderCommon):
    def test_confidential_only_for_manager_and_assignee(self):
        confidential = self.complaint(
            category="staff_conduct", is_confidential=True, user_id=self.officer.id
        )
        public = self.complaint(user_id=self.officer.id)
        self.assertEqual(confidential.with_user(self.officer).name, confidential.name)
        self.assertEqual(confidential.with_user(self.manager).name, confidential.name)
        with self.assertRaises(AccessError):
            confidential.with_user(self.officer_2).read(["description"])
        with self.assertRaises(AccessError):
            confidential.with_user(self.researcher).write({"severity": "low"})
        visible = self.Complaint.with_user(self.officer_2).search([])
        self.assertIn(public, visible)
        self.assertNotIn(confidential, visible)

    def test_other_roles_have_no_access(self):
        complaint = self.complaint()
        for user in (self.internal, self.member):
            with self.assertRaises(AccessError):
                complaint.with_user(user).read(["name"])


@tagged("post_install", "-at_install")
class TestCompensation(StakeholderCommon):
    def case(self, **vals):
        return self.env["stakeholder.compensation"].create(
            {
                "partner_id": self.complainant.id,
                "source": "contract",
                "contract_reference": "عقد توريد 12/2026",
                "breach_description": "<p>تأخر سداد مستحقات المورد</p>",
                "breach_type": "contractual",
                **vals,
            }
        )

    def bring_to_agreement(self, case):
        case.action_assess()
        case.action_negotiate()
        case.negotiation_ids = [
            Command.create({"kind": "offer", "amount": 4000, "note": "عرض الجمعية"}),
            Command.create({"kind": "outcome", "amount": 5000, "note": "اتفاق الطرفين"}),
        ]
        case.write({"mechanism": "payment", "agreed_amount": 5000})
        case.action_agree()

    def test_whole_path(self):
        case = self.case(
            association_failed=True,
            directly_caused=True,
            proof_type="final_ruling",
            ruling_authority="المحكمة التجارية",
            ruling_reference="4471/ق",
            ruling_date=date(2026, 1, 5),
        )
        self.assertTrue(case.conditions_met)
        self.bring_to_agreement(case)
        with self.assertRaises(AccessError):
            case.with_user(self.officer).action_approve()
        case.with_user(self.manager).action_approve()
        self.assertEqual(case.state, "approved")
        self.assertEqual(case.approved_by_id, self.manager)
        self.company.write(
            {
                "compensation_journal_id": self.env["account.journal"]
                .search([("type", "=", "purchase"), ("company_id", "=", self.company.id)], limit=1)
                .id,
                "compensation_account_id": self.env["account.account"]
                .search([("account_type", "=", "expense")], limit=1)
                .id,
            }
        )
        # the officer has no accounting rights: the bill still reaches the accountants
        case.with_user(self.officer).action_mark_compensated()
        self.assertEqual(case.state, "compensated")
        self.assertEqual(case.move_id.move_type, "in_invoice")
        self.assertEqual(case.move_id.partner_id, self.complainant)
        self.assertEqual(case.move_id.amount_total, 5000)
        self.assertIn("5,000", case.message_ids[0].body.replace("٬", ","))
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            case.agreed_amount = 1
        with self.assertRaisesRegex(UserError, "Only draft"):
            case.unlink()

    def test_approval_refused_while_a_condition_is_missing(self):
        case = self.case(association_failed=True, proof_type="acknowledgement")
        self.bring_to_agreement(case)
        with self.assertRaises(UserError) as err:
            case.with_user(self.manager).action_approve()
        self.assertIn("directly caused", str(err.exception))
        self.assertIn("acknowledgement", str(err.exception))
        self.assertEqual(case.state, "agreed")
        case.write(
            {
                "directly_caused": True,
                "acknowledgement_document": base64.b64encode(b"%PDF-1.4 ack"),
            }
        )
        case.with_user(self.manager).action_approve()
        self.assertEqual(case.state, "approved")

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.case(agreed_amount=-10)
        case = self.case(proof_type="final_ruling", ruling_authority="المحكمة")
        with self.assertRaisesRegex(ValidationError, "authority, its reference and its date"):
            case.action_assess()
        with self.assertRaisesRegex(ValidationError, "negative"):
            case.negotiation_ids = [Command.create({"kind": "offer", "amount": -5, "note": "x"})]
        case2 = self.case()
        case2.action_assess()
        case2.action_negotiate()
        with self.assertRaisesRegex(UserError, "mechanism"):
            case2.action_agree()
        case2.mechanism = "service"
        with self.assertRaisesRegex(UserError, "Log the negotiation"):
            case2.action_agree()

    def test_rejection(self):
        case = self.case()
        with self.assertRaisesRegex(UserError, "reason"):
            case._reject("")
        case._reject("الضرر لم ينتج عن تقصير الجمعية")
        self.assertEqual(case.state, "rejected")
        with self.assertRaisesRegex(UserError, "not possible"):
            case.action_assess()


@tagged("post_install", "-at_install")
class TestPolicyRegister(StakeholderCommon):
    def policy(self, **vals):
        return self.env["stakeholder.policy"].create(
            {
                "name": "سياسة تنظيم العلاقة مع المستفيدين",
                "version": "1.0",
                "board_meeting_number": "الجلسة الأولى",
                "board_approval_date": date(2023, 1, 9),
                "implementing_officer_id": self.officer.id,
                **vals,
            }
        )

    def test_approval_and_acknowledgement(self):
        policy = self.policy()
        self.assertEqual(policy.board_approval_date_hijri, "1444/06/16")
        with self.assertRaises(AccessError):
            policy.with_user(self.officer).action_approve()
        policy.with_user(self.manager).action_approve()
        self.assertEqual(policy.state, "approved")
        self.assertEqual(policy.effective_date, date(2023, 1, 9))
        with self.assertRaises(AccessError):
            policy.with_user(self.officer_2).action_acknowledge()
        by_hand = policy.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="عرض السياسة على الفريق",
            user_id=self.officer.id,
        )
        acknowledgement = policy.activity_ids - by_hand
        self.assertEqual(
            acknowledgement.activity_type_id,
            self.env.ref("beneficiary_relations.mail_activity_type_policy_acknowledgement"),
        )
        self.assertEqual(acknowledgement.user_id, self.officer)
        policy.with_user(self.officer).action_acknowledge()
        self.assertFalse(acknowledgement.exists(), "the acknowledgement is done")
        self.assertEqual(policy.activity_ids, by_hand, "another to-do stays")
        self.assertEqual(policy.acknowledged_by_id, self.officer)
        self.assertTrue(policy.acknowledgement_date)
        with self.assertRaisesRegex(UserError, "new version"):
            policy.text = "<p>تعديل</p>"
        # every internal user may read the policy, only the manager edits
        self.assertEqual(policy.with_user(self.internal).name, policy.name)
        with self.assertRaises(AccessError):
            self.policy(version="9").with_user(self.internal).write({"version": "10"})

    def test_new_version_supersedes(self):
        policy = self.policy()
        policy.action_approve()
        action = policy.action_new_version()
        new = self.env["stakeholder.policy"].browse(action["res_id"])
        self.assertEqual(new.previous_id, policy)
        self.assertEqual(new.state, "draft")
        new.write({"version": "2.0", "board_approval_date": date(2025, 1, 1)})
        new.action_approve()
        self.assertEqual(policy.state, "superseded")
        with self.assertRaisesRegex(UserError, "approve a new version"):
            policy.unlink()

    def test_approval_needs_board_data(self):
        policy = self.policy(board_meeting_number=False)
        with self.assertRaisesRegex(UserError, "board meeting number"):
            policy.action_approve()
        with self.assertRaisesRegex(ValidationError, "future"):
            self.policy(version="2", board_approval_date=datetime.now().date() + timedelta(days=2))
