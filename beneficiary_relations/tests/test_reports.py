from datetime import date

import lxml.html
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import arabic_pattern, letter_hijri, pdf_text
from .common_request import RequestCommon

HIJRI_DECISION_DAY = "1447/05/29"  # 2025-11-20, Umm al-Qura


class ReportCommon(RequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env["ir.module.module"]._load_module_terms(["beneficiary_relations"], ["ar_001"])
        cls.beneficiary.partner_id.lang = "ar_001"
        cls.civil_body.lang = "ar_001"
        cls.Report = cls.env["ir.actions.report"]
        with freeze_time("2025-11-20 09:00:00"):
            cls.approved = cls.request_at_committee(visit_date=date(2025, 11, 20))
            cls.rejected = cls.request_at_committee(requested_amount=1500)
            cls.meeting = cls.env["beneficiary.committee.meeting"].create(
                {"committee_id": cls.committee.id, "location": "مقر الجمعية"}
            )
            cls.meeting.action_add_pending_requests()
            cls.meeting.action_start()
            for user in (cls.member, cls.member_2, cls.chair):
                cls.vote(cls, cls.meeting, cls.approved, user, "approve", 2000)
                cls.vote(cls, cls.meeting, cls.rejected, user, "reject", note="الدخل يتجاوز الحد")
            cls.meeting.action_close()
            cls.referred = cls.submitted_request()
            cls.referred._refer(cls.civil_body, "الحالة من اختصاص جمعية الإسكان", consent=True)
            cls.complainant = cls.env["res.partner"].create(
                {"name": "مورد أغذية", "stakeholder_type": "supplier_client", "lang": "ar_001"}
            )
            cls.complaint = cls.env["stakeholder.complaint"].create(
                {
                    "partner_id": cls.complainant.id,
                    "channel_id": cls.channel.id,
                    "description": "<p>تأخر الرد على الاتصالات</p>",
                    "user_id": cls.officer.id,
                }
            )
            cls.complaint.action_review()
            cls.complaint.write(
                {"resolution": "settled", "resolution_note": "<p>تمت التسوية مع المورد</p>"}
            )
            cls.complaint.action_resolve()
            cls.compensation = cls.env["stakeholder.compensation"].create(
                {
                    "partner_id": cls.complainant.id,
                    "source": "contract",
                    "breach_description": "<p>تأخر سداد مستحقات المورد</p>",
                    "breach_type": "contractual",
                    "association_failed": True,
                    "directly_caused": True,
                    "proof_type": "final_ruling",
                    "ruling_authority": "المحكمة التجارية",
                    "ruling_reference": "4471/ق",
                    "ruling_date": date(2025, 11, 1),
                }
            )
            cls.compensation.action_assess()
            cls.compensation.action_negotiate()
            cls.compensation.negotiation_ids = [
                Command.create({"kind": "outcome", "amount": 5000, "note": "اتفاق الطرفين"})
            ]
            cls.compensation.write({"mechanism": "payment", "agreed_amount": 5000})
            cls.compensation.action_agree()
            cls.compensation.with_user(cls.manager).action_approve()
        cls.officer.lang = "ar_001"
        cls.policy = cls.env["stakeholder.policy"].create(
            {
                "name": "سياسة تنظيم العلاقة مع المستفيدين",
                "version": "1.0",
                "board_meeting_number": "الجلسة الأولى",
                "board_approval_date": date(2023, 1, 9),
                "board_chair_name": "نورة عبدالعزيز",
                "implementing_officer_id": cls.officer.id,
            }
        )
        cls.policy.action_approve()

    def render_pdf(self, report, records, user=None):
        env = self.env(user=user) if user else self.env
        pdf, kind = (
            env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(f"beneficiary_relations.{report}", records.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf)


@tagged("post_install", "-at_install")
class TestReports(ReportCommon):
    def test_decisions_applied(self):
        self.assertEqual(self.approved.decision, "approved")
        self.assertEqual(self.rejected.decision, "rejected")
        self.assertEqual(self.approved.date_decision, date(2025, 11, 20))

    @freeze_time("2025-11-20 09:00:00")
    def test_every_report_prints_in_arabic_with_hijri_date(self):
        referral_day = fields.Datetime.context_timestamp(self.referred, self.referred.write_date)
        cases = [
            (
                "action_report_request_form",
                self.approved,
                ["نموذج طلب دعم مستفيد", "الإقرار بصحة البيانات"],
                HIJRI_DECISION_DAY,
            ),
            (
                "action_report_request_research",
                self.approved,
                ["تقرير البحث الاجتماعي", "الباحث الاجتماعي"],
                HIJRI_DECISION_DAY,
            ),
            (
                "action_report_request_decision",
                self.approved,
                ["إشعار بالموافقة على طلب دعم", "2,000.00"],
                HIJRI_DECISION_DAY,
            ),
            (
                "action_report_request_decision",
                self.rejected,
                ["إشعار بالاعتذار عن طلب دعم", "الدخل يتجاوز الحد"],
                HIJRI_DECISION_DAY,
            ),
            (
                "action_report_committee_meeting_minutes",
                self.meeting,
                ["محضر اجتماع لجنة البحث", "الحضور", "رئيس اللجنة"],
                HIJRI_DECISION_DAY,
            ),
            (
                "action_report_request_referral",
                self.referred,
                ["إحالة مستفيد", "جمعية مختصة", "الحالة من اختصاص جمعية الإسكان"],
                letter_hijri(referral_day),
            ),
            (
                "action_report_compensation_agreement",
                self.compensation,
                ["اتفاقية تعويض", "الطرف الثاني", "5,000.00"],
                HIJRI_DECISION_DAY,
            ),
            (
                "action_report_complaint_resolution",
                self.complaint,
                ["معالجة شكواكم", "تمت التسوية مع المورد"],
                HIJRI_DECISION_DAY,
            ),
            (
                "action_report_policy_approval",
                self.policy,
                ["اعتماد مجلس الإدارة", "إقرار", "نورة عبدالعزيز"],
                "1444/06/16",
            ),
            (
                "action_report_beneficiary_summary",
                self.beneficiary,
                ["ملخص ملف المستفيد", "الأسرة والدخل", self.beneficiary.national_id],
                HIJRI_DECISION_DAY,
            ),
        ]
        for report, record, words, hijri in cases:
            with self.subTest(report=report, record=record.display_name):
                text = self.render_pdf(report, record)
                for word in [*words, "الرقم", "التاريخ", "المرفقات", hijri]:
                    self.assertRegex(text, arabic_pattern(word))
                self.assertIn("هـ", text)

    @freeze_time("2025-11-20 09:00:00")
    def test_language_follows_the_recipient(self):
        english = self.approved.copy()
        english.beneficiary_id = self.make_complete_beneficiary()
        english.beneficiary_id.partner_id.lang = "en_US"
        english.write(
            {
                "state": "approved",
                "decision": "approved",
                "approved_amount": 900,
                "date_decision": date(2025, 11, 20),
            }
        )
        records = self.approved | english
        html = self.Report._render_qweb_html(
            "beneficiary_relations.action_report_request_decision", records.ids
        )[0]
        root = lxml.html.fromstring(html)
        letters = root.xpath("//div[contains(@class, 'o_br_letter')]")
        self.assertEqual([letter.get("dir") for letter in letters], ["rtl", "ltr"])
        text = self.render_pdf("action_report_request_decision", english)
        self.assertIn("Notice of Approval of a Support Request", text)
        self.assertIn("1447/05/29 AH", text)
        self.assertIn("2025-11-20 AD", text)
        self.assertNotIn("الرقم", text)

    def test_letters_refused_before_their_step(self):
        draft = self.make_request()
        with self.assertRaisesRegex(UserError, "No decision has been taken"):
            self.Report._render_qweb_html(
                "beneficiary_relations.action_report_request_decision", draft.ids
            )
        with self.assertRaisesRegex(UserError, "not referred"):
            self.Report._render_qweb_html(
                "beneficiary_relations.action_report_request_referral", self.approved.ids
            )
        anonymous = self.env["stakeholder.complaint"].create(
            {"is_anonymous": True, "channel_id": self.channel.id, "description": "<p>x</p>"}
        )
        with self.assertRaisesRegex(UserError, "named complainant"):
            self.Report._render_qweb_html(
                "beneficiary_relations.action_report_complaint_resolution", anonymous.ids
            )
        draft_policy = self.policy.copy({"version": "2.0"})
        with self.assertRaisesRegex(UserError, "once the meeting is closed"):
            self.Report._render_qweb_html(
                "beneficiary_relations.action_report_committee_meeting_minutes",
                self.open_meeting().ids,
            )
        with self.assertRaisesRegex(UserError, "not approved"):
            self.Report._render_qweb_html(
                "beneficiary_relations.action_report_policy_approval", draft_policy.ids
            )

    def test_arabic_words_printed_one_by_one(self):
        """Debian's wkhtmltopdf needs every word and every run of digits or
        punctuation of an Arabic document in its own element."""
        html = self.Report._render_qweb_html(
            "beneficiary_relations.action_report_request_decision", self.approved.ids
        )[0]
        report = self.env.ref("beneficiary_relations.action_report_request_decision")
        bodies = report._prepare_html(html, report_model=report.model)[0]
        self.assertIn(f"<span>{HIJRI_DECISION_DAY}</span> <span>هـ</span>", bodies[0])
        self.assertIn("<span>السلام</span> <span>عليكم</span>", bodies[0])


@tagged("post_install", "-at_install")
class TestReportAccess(ReportCommon):
    def test_only_readers_print(self):
        ref = "beneficiary_relations.action_report_request_decision"
        with self.assertRaises(AccessError):
            self.Report.with_user(self.internal)._render_qweb_html(ref, self.approved.ids)
        # the votes in the minutes are the committee's
        with self.assertRaises(AccessError):
            self.Report.with_user(self.officer)._render_qweb_html(
                "beneficiary_relations.action_report_committee_meeting_minutes", self.meeting.ids
            )
        html = (
            self.Report.with_user(self.chair)
            ._render_qweb_html(
                "beneficiary_relations.action_report_committee_meeting_minutes", self.meeting.ids
            )[0]
            .decode()
        )
        self.assertIn("الدخل يتجاوز الحد", html)

    def test_print_menu_by_role(self):
        def printable(user, model):
            bindings = self.env["ir.actions.actions"].with_user(user).get_bindings(model)
            return {action["id"] for action in bindings.get("report", [])}

        minutes = self.env.ref("beneficiary_relations.action_report_committee_meeting_minutes").id
        self.assertIn(minutes, printable(self.chair, "beneficiary.committee.meeting"))
        self.assertNotIn(minutes, printable(self.officer, "beneficiary.committee.meeting"))
        research = self.env.ref("beneficiary_relations.action_report_request_research").id
        self.assertIn(research, printable(self.researcher, "beneficiary.request"))
        self.assertNotIn(research, printable(self.officer, "beneficiary.request"))
        self.assertFalse(printable(self.internal, "beneficiary.beneficiary"))

    def test_sensitive_fields_follow_the_field_groups(self):
        letter = self.env["beneficiary.letter"]
        for field in ("national_id", "household_size", "document_ids", "birth_date"):
            self.assertTrue(letter.with_user(self.officer)._readable(self.beneficiary, field))
            self.assertFalse(letter.with_user(self.internal)._readable(self.beneficiary, field))
        self.assertTrue(letter.with_user(self.internal)._readable(self.beneficiary, "name"))


@tagged("post_install", "-at_install")
class TestReportBatch(RequestCommon):
    def test_200_decision_letters_query_budget(self):
        self.env["res.lang"]._activate_lang("en_US")
        english = self.make_complete_beneficiary()
        english.partner_id.lang = "en_US"
        vals = [
            {
                "beneficiary_id": (self.beneficiary if index % 2 else english).id,
                "program_id": self.program.id,
                "channel_id": self.channel.id,
                "requested_amount": 2000,
                "user_id": self.officer.id,
            }
            for index in range(200)
        ]
        requests = self.env["beneficiary.request"].create(vals)
        requests[:100].write(
            {
                "state": "approved",
                "decision": "approved",
                "approved_amount": 1500,
                "date_decision": date(2025, 11, 20),
            }
        )
        requests[100:].write(
            {
                "state": "rejected",
                "decision": "rejected",
                "decision_reason": "خارج نطاق البرنامج",
                "date_decision": date(2025, 11, 20),
            }
        )
        # the queries do not grow with the number of letters (the access log
        # of the letters printed is written in one INSERT)
        for letters in (requests[95:105], requests):
            self.env.invalidate_all()
            # (one of them reads the addressees' recorded gender, for the salutation)
            with self.assertQueryCount(78):
                html = self.env["ir.actions.report"]._render_qweb_html(
                    "beneficiary_relations.action_report_request_decision", letters.ids
                )[0]
        self.assertEqual(html.count(b'class="article o_br_letter'), 200)
