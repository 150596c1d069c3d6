"""Data subjects' rights (PDPL): the register of their requests, answered
within 30 days, and the export of everything held about a beneficiary.

Tried as the module's demo users exactly as shipped (test_controls.DEMO_USERS)
and base's plain internal user ``demo``.
"""

import base64
import json
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .. import rules
from .common import ShippedUsersCommon, arabic_pattern, letter_hijri, pdf_text

# reporting models built as SQL views over the linked models: their rows are
# the linked models' records, exported from those
SQL_VIEWS = {
    "beneficiary.satisfaction.report": "satisfaction answers per request, a view of "
    "survey.user_input and beneficiary.request",
}
# links to a contact that do not hold the data subject: (model, field) -> who it is
NOT_THE_PERSON = {
    ("beneficiary.request", "referred_partner_id"): "the association a request is referred to",
}


class DataSubjectCommon(ShippedUsersCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls.env.ref("base.user_demo")
        cls.company = cls.env.ref("beneficiary_relations.company_demo")
        cls.beneficiary = cls.env.ref("beneficiary_relations.beneficiary_09_demo")
        cls.channel = cls.env.ref("beneficiary_relations.channel_interview")
        cls.Request = cls.env["beneficiary.data.request"]
        cls.Export = cls.env["beneficiary.data.export"]

    def register(self, user=None, **vals):
        values = {
            "kind": "copy",
            "beneficiary_id": self.beneficiary.id,
            "channel_id": self.channel.id,
            **vals,
        }
        return self.as_user(user or self.officer, self.Request).create(values)

    def started(self, **vals):
        request = self.register(identity_method="in_person", **vals)
        request.action_verify_identity()
        request.action_start()
        return request

    def export_as_manager(self, request):
        self.as_user(self.manager, request).with_context(
            force_report_rendering=True
        ).action_export_data()


@tagged("post_install", "-at_install")
class TestDataRequestRegister(DataSubjectCommon):
    @freeze_time("2026-01-10 09:00:00")
    def test_answered_within_30_days_of_receipt(self):
        request = self.register(date_received=date(2026, 1, 5))
        self.assertEqual(request.date_deadline, date(2026, 2, 4))
        self.assertEqual(request.state, "received")
        self.assertTrue(request.name.startswith("DSR/"))
        request.date_received = date(2026, 1, 8)
        self.assertEqual(request.date_deadline, date(2026, 2, 7))
        with self.assertRaisesRegex(ValidationError, "A request cannot be received in the future"):
            request.date_received = date(2026, 1, 11)
        # once handled, the date of receipt (so the deadline) is kept
        request.identity_method = "nafath"
        request.action_verify_identity()
        request.action_start()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            request.date_received = date(2026, 1, 1)
        self.assertEqual(request.date_deadline, date(2026, 2, 7))

    def test_activity_for_the_personal_data_officer_else_the_manager(self):
        request = self.register()
        activity = request.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(activity.date_deadline, request.date_deadline)
        # the association's personal data officer, when he holds a role of the module
        self.company.beneficiary_privacy_officer_id = self.researcher
        self.assertEqual(self.register().activity_ids.user_id, self.researcher)
        # a plain internal user cannot open the register: the manager gets it
        self.company.beneficiary_privacy_officer_id = self.demo
        self.assertEqual(self.register().activity_ids.user_id, self.manager)

    def test_a_stakeholder_who_is_not_a_beneficiary(self):
        partner = self.env.ref("beneficiary_relations.partner_sponsor_company_demo")
        request = self.register(kind="objection", beneficiary_id=False, partner_id=partner.id)
        self.assertEqual(request.subject_name, partner.name)
        named = self.register(kind="access", beneficiary_id=False, subject_name="سعد العتيبي")
        self.assertFalse(named.partner_id)
        self.assertEqual(named.subject_name, "سعد العتيبي")
        on_file = self.register()
        self.assertEqual(on_file.partner_id, self.beneficiary.partner_id)
        self.assertEqual(on_file.subject_name, self.beneficiary.name)

    def test_steps_only_through_their_actions(self):
        request = self.register(identity_method="in_person")
        for vals in (
            {"state": "answered"},
            {"answer": "تم"},
            {"answer_date": fields.Datetime.now()},
            {"answered_by_id": self.manager.id},
            {"identity_verified_by_id": self.officer.id},
            {"identity_verified_date": fields.Datetime.now()},
            {"is_overdue": True},
            {"export_date": fields.Datetime.now()},
        ):
            for user in (self.officer, self.manager):
                with (
                    self.subTest(vals=vals, user=user.login),
                    self.assertRaisesRegex(UserError, "records a step of the workflow"),
                ):
                    self.as_user(user, request).write(vals)
        with self.assertRaisesRegex(UserError, "step"):
            self.register(state="answered", answer="تم")
        created = (
            self.as_user(self.officer, self.Request)
            .with_context(default_state="answered", default_answer="تم")
            .create(
                {
                    "kind": "copy",
                    "beneficiary_id": self.beneficiary.id,
                    "channel_id": self.channel.id,
                }
            )
        )
        self.assertEqual(created.state, "received")
        self.assertFalse(created.answer)

    def test_identity_verified_before_the_handling(self):
        request = self.register()
        with self.assertRaisesRegex(UserError, "Verify the identity"):
            request.action_start()
        with self.assertRaisesRegex(UserError, "was verified"):
            request.action_verify_identity()
        request.identity_method = "in_person"
        request.action_verify_identity()
        self.assertEqual(request.identity_verified_by_id, self.officer)
        self.assertTrue(request.identity_verified_date)
        with self.assertRaisesRegex(UserError, "already verified"):
            request.action_verify_identity()
        # a committee member holds no officer's role
        with self.assertRaises(AccessError):
            self.as_user(self.committee, request).action_verify_identity()
        request.action_start()
        self.assertEqual(request.state, "in_progress")

    def test_who_reads_and_registers(self):
        request = self.register()
        self.assertEqual(self.as_user(self.researcher, request).kind, "copy")
        self.assertEqual(self.as_user(self.manager, request).kind, "copy")
        for user in (self.committee, self.chair, self.accountant, self.demo):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.as_user(user, request).read(["subject_name"])
                with self.assertRaises(AccessError):
                    self.register(user)
        for user in (self.officer, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(user, request).unlink()

    def test_other_associations_do_not_see_the_register(self):
        other = self.env["res.company"].create({"name": "جمعية أخرى"})
        manager = self.env["res.users"].create(
            {
                "name": "مدير جمعية أخرى",
                "login": "br_other_manager",
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
                "groups_id": [Command.set(self.env.ref("beneficiary_relations.group_manager").ids)],
            }
        )
        request = self.register()
        Request = self.as_user(manager, self.Request)
        self.assertFalse(Request.search([("id", "=", request.id)]))
        with self.assertRaises(AccessError):
            Request.browse(request.id).read(["subject_name"])
        with self.assertRaises(AccessError):
            self.as_user(manager, self.Export)._export_json(self.beneficiary.with_user(manager))


@tagged("post_install", "-at_install")
class TestDataRequestAnswer(DataSubjectCommon):
    def test_copy_request_answered_with_the_export(self):
        request = self.started()
        for user in (self.officer, self.researcher):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.as_user(user, request).action_answer()
                with self.assertRaises(AccessError):
                    self.as_user(user, request)._answer("تم")
                with self.assertRaises(AccessError):
                    self.as_user(user, request).action_export_data()
        manager = self.as_user(self.manager, request)
        with self.assertRaisesRegex(UserError, "Export the data"):
            manager._answer("أرسلت البيانات إلى المستفيد")
        self.export_as_manager(request)
        self.assertTrue(manager.export_date)
        self.assertEqual(manager.export_json_name, "BEN-00009.json")
        exported = json.loads(base64.b64decode(manager.export_json))
        self.assertEqual(exported["data_subject"]["file"], self.beneficiary.code)
        self.assertTrue(base64.b64decode(manager.export_pdf).startswith(b"%PDF"))
        # the files of the answer are the manager's only, whatever the path
        for user in (self.officer, self.researcher):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.as_user(user, request).read(["export_json"])
                attachments = (
                    self.env["ir.attachment"]
                    .sudo()
                    .search(
                        [
                            ("res_model", "=", request._name),
                            ("res_id", "=", request.id),
                            ("res_field", "in", ("export_json", "export_pdf")),
                        ]
                    )
                )
                self.assertEqual(len(attachments), 2)
                with self.assertRaises(AccessError):
                    attachments.with_user(user).read(["datas"])
        manager._answer("أرسلت نسخة البيانات إلى المستفيد بالبريد الإلكتروني")
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.answered_by_id, self.manager)
        self.assertTrue(request.answer_date)
        self.assertFalse(request.activity_ids, "the deadline's to-do is done")
        with self.assertRaisesRegex(UserError, "Answering is not possible"):
            manager._answer("مرة أخرى")
        with self.assertRaisesRegex(UserError, "Exporting the person's data is not possible"):
            manager.action_export_data()

    def test_answer_needs_a_text_and_the_handling_started(self):
        request = self.register(kind="correction", identity_method="in_person")
        manager = self.as_user(self.manager, request)
        with self.assertRaisesRegex(UserError, "Answering is not possible"):
            manager._answer("صحح العنوان")
        request.action_verify_identity()
        request.action_start()
        with self.assertRaisesRegex(UserError, "Write the answer"):
            manager._answer("  ")
        manager._answer("صُحِّح العنوان")
        self.assertEqual(request.answer, "صُحِّح العنوان")

    def test_export_only_for_access_and_copy_of_a_file(self):
        correction = self.started(kind="correction")
        with self.assertRaisesRegex(UserError, "access or copy"):
            self.export_as_manager(correction)
        stakeholder = self.started(kind="access", beneficiary_id=False, subject_name="سعد العتيبي")
        with self.assertRaisesRegex(UserError, "access or copy"):
            self.export_as_manager(stakeholder)
        # not before the requester's identity is verified
        unverified = self.register()
        with self.assertRaisesRegex(UserError, "Exporting the person's data is not possible"):
            self.export_as_manager(unverified)

    def test_refusal_with_its_reason(self):
        request = self.register(kind="objection")
        with self.assertRaises(AccessError):
            self.as_user(self.officer, request)._refuse("طلب متكرر")
        with self.assertRaises(AccessError):
            self.as_user(self.officer, request).action_refuse()
        manager = self.as_user(self.manager, request)
        with self.assertRaisesRegex(UserError, "reason"):
            manager._refuse(" ")
        manager._refuse("لم يثبت مقدم الطلب هويته بعد ثلاث مراجعات")
        self.assertEqual(request.state, "refused")
        self.assertEqual(request.refusal_reason, "لم يثبت مقدم الطلب هويته بعد ثلاث مراجعات")
        self.assertEqual(request.answered_by_id, self.manager)
        self.assertFalse(request.activity_ids)

    def test_refusal_closes_only_the_requests_own_activities(self):
        request = self.register(kind="objection")
        answer = request.activity_ids
        self.assertEqual(
            answer.activity_type_id,
            self.env.ref("beneficiary_relations.mail_activity_type_data_request_answer"),
        )
        by_hand = request.activity_schedule(
            "mail.mail_activity_data_todo", summary="الاتصال بمقدم الطلب", user_id=self.manager.id
        )
        self.as_user(self.manager, request)._refuse("طلب متكرر")
        self.assertFalse(answer.exists(), "the answer's activity is done")
        self.assertEqual(request.activity_ids, by_hand, "a to-do added by hand stays")

    def test_the_personal_data_officer_answers(self):
        self.company.beneficiary_privacy_officer_id = self.researcher
        request = self.started(kind="correction")
        self.assertTrue(self.as_user(self.researcher, request).can_answer)
        self.assertFalse(self.as_user(self.officer, request).can_answer)
        with self.assertRaises(AccessError):
            self.as_user(self.officer, request)._answer("تم")
        self.as_user(self.researcher, request)._answer("صُحِّح رقم الجوال")
        self.assertEqual(request.answered_by_id, self.researcher)
        # the export stays the manager's
        copy = self.started()
        with self.assertRaises(AccessError):
            self.as_user(self.researcher, copy).action_export_data()

    def test_wizard_records_the_answer(self):
        request = self.started(kind="correction")
        action = self.as_user(self.manager, request).action_answer()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"text": "صُحِّح اسم الحي"})
        )
        wizard.action_confirm()
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.answer, "صُحِّح اسم الحي")


@tagged("post_install", "-at_install")
class TestDestructionRequest(DataSubjectCommon):
    def test_says_what_cannot_be_destroyed_yet_and_why(self):
        approved = self.env.ref("beneficiary_relations.beneficiary_request_approved_demo")
        self.assertEqual(approved.beneficiary_id, self.beneficiary)
        paid = approved.disbursement_ids.filtered(lambda d: d.state == "paid")
        self.assertTrue(paid)
        until = rules.add_years(max(paid.mapped("date_paid")), 10)
        request = self.started(kind="destruction")
        kept = request.retained_data
        self.assertIn(approved.name, kept)
        self.assertIn(f"until {until}", kept)
        self.assertIn("10 years", kept)
        # a resolved complaint keeps nothing; an open one does
        resolved = self.env.ref("beneficiary_relations.complaint_aid_delay_demo")
        self.assertEqual(resolved.state, "resolved")
        self.assertNotIn(resolved.name, kept)
        complaint = self.env["stakeholder.complaint"].create(
            {
                "partner_id": self.beneficiary.partner_id.id,
                "channel_id": self.channel.id,
                "description": "<p>تأخر القسط الثالث</p>",
                "company_id": self.company.id,
            }
        )
        request.invalidate_recordset(["retained_data"])
        kept = request.retained_data
        self.assertIn(complaint.name, kept)
        self.assertIn(approved.name, kept)
        # the association's own retention years
        self.company.beneficiary_financial_retention_years = 12
        request.invalidate_recordset(["retained_data"])
        self.assertIn("12 years", request.retained_data)
        self.as_user(self.manager, request)._answer(
            "أتلفت البيانات غير اللازمة، وبقي ما يلزم الاحتفاظ به نظامًا"
        )
        self.assertEqual(request.retained_statement, request.retained_data)
        self.assertIn(approved.name, request.retained_statement)

    def test_nothing_to_keep(self):
        newcomer = self.env["beneficiary.beneficiary"].create(
            {"name": "مستفيد جديد", "company_id": self.company.id}
        )
        request = self.started(kind="destruction", beneficiary_id=newcomer.id)
        self.assertEqual(request.retained_data, "Nothing must be kept: the data can be destroyed.")
        self.assertFalse(self.started(kind="copy").retained_data)

    def test_granted_destruction_anonymises_the_file(self):
        newcomer = self.env["beneficiary.beneficiary"].create(
            {"name": "مستفيد يطلب الإتلاف", "mobile": "0555123456", "company_id": self.company.id}
        )
        request = self.started(kind="destruction", beneficiary_id=newcomer.id)
        with self.assertRaises(AccessError):
            self.as_user(self.officer, request).action_destroy_data()
        self.as_user(self.manager, request).action_destroy_data()
        self.assertTrue(request.destroyed_date)
        self.assertTrue(newcomer.anonymised_date)
        self.assertFalse(newcomer.partner_id.mobile)
        self.assertNotIn("مستفيد يطلب الإتلاف", newcomer.name)
        with self.assertRaisesRegex(
            UserError, "Only a destruction request of a beneficiary's file"
        ):
            self.as_user(self.manager, request).action_destroy_data()

    def test_destruction_refused_while_records_must_be_kept(self):
        request = self.started(kind="destruction")
        with self.assertRaisesRegex(UserError, "cannot be destroyed yet"):
            self.as_user(self.manager, request).action_destroy_data()
        self.assertFalse(self.beneficiary.anonymised_date)


@tagged("post_install", "-at_install")
class TestOverdueDataRequests(DataSubjectCommon):
    def make_overdue(self, count, days=31):
        # the day of the job (the superuser's time zone)
        received = fields.Date.context_today(self.Request) - timedelta(days=days)
        return self.env["beneficiary.data.request"].create(
            [
                {
                    "kind": "access",
                    "subject_name": f"صاحب بيانات {i}",
                    "channel_id": self.channel.id,
                    "date_received": received,
                    "company_id": self.company.id,
                }
                for i in range(count)
            ]
        )

    def run_cron(self):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.env["beneficiary.data.request"]._cron_flag_overdue()
        return self.env.cr.sql_log_count - start

    def test_overdue_flagged_with_an_activity(self):
        overdue = self.make_overdue(2)
        on_time = self.make_overdue(1, days=30)
        answered = self.make_overdue(1)
        answered._step().write({"identity_method": "in_person", "state": "in_progress"})
        answered._answer("أُجيب")
        self.run_cron()
        self.assertTrue(all(overdue.mapped("is_overdue")))
        self.assertFalse(on_time.is_overdue)
        self.assertFalse(answered.is_overdue)
        for request in overdue:
            reminder = request.activity_ids.filtered(
                lambda a: a.date_deadline == fields.Date.context_today(self.Request)
            )
            self.assertEqual(reminder.user_id, self.manager)
            # in the language of whom it reminds
            self.assertEqual(
                reminder.summary,
                self.env(context={"lang": self.manager.lang})._(
                    "Overdue: the 30 days to answer have passed"
                ),
            )
        # a second run finds nothing new
        self.run_cron()
        self.assertEqual(len(overdue[0].activity_ids), 2)
        self.assertIn(overdue[0], self.Request.search([("is_overdue", "=", True)]))

    def test_query_count_does_not_grow(self):
        self.make_overdue(3)
        self.run_cron()  # warm the caches
        self.make_overdue(3)
        small = self.run_cron()
        self.make_overdue(60)
        self.assertEqual(self.run_cron(), small)


@tagged("post_install", "-at_install")
class TestPersonalDataExport(DataSubjectCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(["beneficiary_relations"], ["ar_001"])
        # the satisfaction answer of the beneficiary's approved request
        cls.approved = cls.env.ref("beneficiary_relations.beneficiary_request_approved_demo")
        survey = cls.env.ref("beneficiary_relations.survey_beneficiary_satisfaction")
        cls.answer = survey._create_answer(
            partner=cls.beneficiary.partner_id,
            check_attempts=False,
            beneficiary_request_id=cls.approved.id,
        )
        question = cls.env.ref("beneficiary_relations.survey_beneficiary_satisfaction_q_overall")
        cls.answer._save_lines(question, question.suggested_answer_ids[:1].id)
        cls.answer._mark_done()
        cls.beneficiary.message_post(body="اتصل المستفيد يسأل عن موعد القسط الثالث")

    def export(self, beneficiary=None, user=None):
        beneficiary = beneficiary or self.beneficiary
        user = user or self.manager
        data = self.as_user(user, self.Export)._export_json(self.as_user(user, beneficiary))
        return json.loads(data)

    def test_every_model_linked_to_a_beneficiary_is_exported(self):
        """Every model holding a stored link to a beneficiary's file, to a
        support request or to the beneficiary's contact (a contact field of
        this module) is in the export's registry: a model added without its
        entry fails here."""
        targets = ("beneficiary.beneficiary", "beneficiary.request")
        linked = {}
        for name, Model in self.env.registry.items():
            if Model._abstract or Model._transient or name in SQL_VIEWS:
                continue
            for field in Model._fields.values():
                if field.type != "many2one" or not field.store:
                    continue
                if field.comodel_name in targets or (
                    field.comodel_name == "res.partner"
                    and field._module == "beneficiary_relations"
                    and (name, field.name) not in NOT_THE_PERSON
                ):
                    linked.setdefault(name, []).append(field.name)
        exported = {source["model"] for source in self.Export._export_sources(self.beneficiary)}
        missing = {model: links for model, links in linked.items() if model not in exported}
        self.assertFalse(
            missing, f"models linked to a beneficiary but not in the export: {missing}"
        )
        # the scan finds what it must
        for model in ("beneficiary.family.member", "survey.user_input", "stakeholder.complaint"):
            self.assertIn(model, linked)
        for model in SQL_VIEWS:
            self.assertFalse(self.env[model]._auto, f"{model} is not an SQL view")

    def test_everything_held_about_the_beneficiary(self):
        exported = self.export()
        self.assertEqual(exported["format"], "beneficiary_relations/personal-data")
        self.assertEqual(exported["language"], "ar_001")
        self.assertEqual(exported["data_subject"]["file"], "BEN/00009")
        sources = {source["model"]: source for source in exported["sources"]}
        self.assertEqual(
            set(sources),
            {source["model"] for source in self.Export._export_sources(self.beneficiary)},
        )

        def column(model, field):
            return sorted(str(record[field]) for record in sources[model]["records"])

        beneficiary = self.beneficiary
        (file,) = sources["beneficiary.beneficiary"]["records"]
        self.assertEqual(file["national_id"], beneficiary.national_id)
        self.assertEqual(file["iban"], beneficiary.iban)
        self.assertEqual(file["monthly_income"], beneficiary.monthly_income)
        self.assertEqual(file["birth_date"], str(beneficiary.birth_date))
        self.assertEqual(
            sorted(file["category_ids"]),
            sorted(beneficiary.category_ids.with_context(lang="ar_001").mapped("name")),
        )
        self.assertEqual(
            sources["beneficiary.beneficiary"]["fields"]["national_id"],
            "رقم الهوية الوطنية / الإقامة",
        )
        self.assertEqual(
            column("beneficiary.family.member", "national_id"),
            sorted(str(m.national_id or None) for m in beneficiary.family_member_ids),
        )
        self.assertEqual(
            column("beneficiary.document", "attachment_name"),
            sorted(str(d.attachment_name or None) for d in beneficiary.document_ids),
        )
        self.assertEqual(
            column("beneficiary.request", "name"), sorted(beneficiary.request_ids.mapped("name"))
        )
        (request,) = sources["beneficiary.request"]["records"]
        self.assertEqual(request["approved_amount"], self.approved.approved_amount)
        self.assertEqual(request["decision"], "موافق عليه")
        self.assertEqual(
            len(sources["beneficiary.committee.vote"]["records"]), len(self.approved.vote_ids)
        )
        self.assertNotIn("member_id", sources["beneficiary.committee.vote"]["fields"])
        # aid: every installment with its accounting references
        lines = self.approved.disbursement_ids
        self.assertEqual(
            column("beneficiary.disbursement", "name"),
            sorted(lines.with_context(lang="ar_001").mapped("name")),
        )
        references = [
            ref
            for record in sources["beneficiary.disbursement"]["records"]
            for ref in record["move_ids"]
        ]
        self.assertEqual(sorted(references), sorted(lines.move_ids.mapped("display_name")))
        self.assertTrue(references)
        # complaints of the beneficiary's contact, not other people's
        complaints = self.env["stakeholder.complaint"].search(
            [("partner_id", "=", beneficiary.partner_id.id)]
        )
        self.assertTrue(complaints)
        self.assertEqual(column("stakeholder.complaint", "name"), sorted(complaints.mapped("name")))
        # the satisfaction answer and its lines
        (answer,) = sources["survey.user_input"]["records"]
        self.assertEqual(answer["beneficiary_request_id"], self.approved.name)
        self.assertEqual(
            len(sources["survey.user_input.line"]["records"]), len(self.answer.user_input_line_ids)
        )
        self.assertIn(
            self.env.ref("beneficiary_relations.data_request_copy_demo").name,
            column("beneficiary.data.request", "name"),
        )
        bodies = column("mail.message", "body")
        self.assertTrue(any("موعد القسط الثالث" in body for body in bodies))
        self.assertEqual(
            len(sources["mail.message"]["records"]),
            self.env["mail.message"].search_count(
                [("model", "=", beneficiary._name), ("res_id", "=", beneficiary.id)]
            ),
        )
        # nothing of another beneficiary
        other = self.env.ref("beneficiary_relations.beneficiary_03_demo")
        text = json.dumps(exported, ensure_ascii=False)
        self.assertNotIn(other.national_id, text)
        self.assertNotIn(other.name, text)

    def test_the_chatter_keeps_its_changes(self):
        before = dict(self.beneficiary._fields["marital_status"].selection)[
            self.beneficiary.marital_status
        ]
        self.beneficiary.marital_status = "married"
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking is recorded at the commit
        messages = {s["model"]: s for s in self.export()["sources"]}["mail.message"]["records"]
        changes = [change for message in messages for change in message["tracking_value_ids"]]
        self.assertIn(f"الحالة الاجتماعية: {before} → Married", changes)

    def test_the_pdf_lists_it_in_arabic(self):
        text = pdf_text(
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_company(self.company)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "beneficiary_relations.action_report_personal_data", self.beneficiary.ids
            )[0]
        )
        self.assertIn(self.beneficiary.national_id, text)
        self.assertIn(self.approved.name, text)
        for words in (self.beneficiary.name, "البيانات الشخصية", "أفراد الأسرة", "الشكاوى"):
            self.assertRegex(text, arabic_pattern(words))
        hijri = letter_hijri(self.beneficiary.birth_date)
        self.assertIn(hijri, text)

    def test_only_the_manager_exports(self):
        beneficiary = self.beneficiary
        for role in ("officer", "researcher", "committee", "chair", "accountant"):
            user = getattr(self, role)
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.export(user=user)
                with self.assertRaises(AccessError):
                    self.as_user(user, beneficiary).action_export_personal_data()
                with self.assertRaises(AccessError):
                    self.env["ir.actions.report"].with_user(user).with_company(
                        self.company
                    )._render_qweb_pdf(
                        "beneficiary_relations.action_report_personal_data", beneficiary.ids
                    )
        with self.assertRaises(AccessError):
            self.as_user(self.demo, self.Export)._export_json(beneficiary.with_user(self.demo))
        action = self.as_user(self.manager, beneficiary).action_export_personal_data()
        self.assertEqual(action["url"], f"/beneficiary_relations/personal_data/{beneficiary.id}")

    def test_query_count_does_not_grow(self):
        # one record of each kind first, then many more
        beneficiary = self.env["beneficiary.beneficiary"].create(
            {
                "name": "مستفيدة للعد",
                "company_id": self.company.id,
                "family_member_ids": [Command.create({"name": "ابن", "relation": "son"})],
            }
        )
        beneficiary.message_post(body="ملاحظة")
        # a member added later: its trail (tracked values) is in the history
        beneficiary.family_member_ids = [Command.create({"name": "ابنة", "relation": "daughter"})]
        self.register(beneficiary_id=beneficiary.id)

        def measure():
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            self.export(beneficiary)
            return self.env.cr.sql_log_count - start

        measure()  # warm the caches
        small = measure()
        beneficiary.family_member_ids = [
            Command.create({"name": f"فرد {i}", "relation": "daughter"}) for i in range(20)
        ]
        for i in range(10):
            beneficiary.message_post(body=f"ملاحظة {i}")
        self.register(beneficiary_id=beneficiary.id)
        self.register(beneficiary_id=beneficiary.id, kind="access")
        self.assertEqual(measure(), small)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            self.export(beneficiary)


@tagged("post_install", "-at_install")
class TestPersonalDataDownload(HttpCase):
    def test_json_downloaded_by_the_manager_only(self):
        beneficiary = self.env.ref("beneficiary_relations.beneficiary_09_demo")
        url = f"/beneficiary_relations/personal_data/{beneficiary.id}"
        self.authenticate("officer", "officer")
        self.assertEqual(self.url_open(url).status_code, 403)
        self.authenticate("admin", "admin")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("BEN-00009.json", response.headers["Content-Disposition"])
        self.assertEqual(response.json()["data_subject"]["file"], "BEN/00009")
        self.assertTrue(response.headers["Content-Type"].startswith("application/json"))
