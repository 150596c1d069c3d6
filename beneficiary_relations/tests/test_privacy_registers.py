"""The controller's registers (PDPL): breaches, the access log of
beneficiaries' data and the register of processing activities, tried as the
demo users exactly as shipped (admin is the manager)."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ShippedUsersCommon, arabic_pattern, pdf_text

# the shipped users who are neither manager nor personal data officer
DENIED = ("officer", "researcher", "committee", "chair", "accountant")
ACTIVITY_TYPE = "beneficiary_relations.mail_activity_type_breach_notice"
DISCOVERED = datetime(2026, 3, 1, 8, 0)  # 11:00 in Riyadh


def number(value):
    """A regex finding ``value`` as a whole number (beside Arabic words too)."""
    return rf"(?<!\d){value}(?!\d)"


class PrivacyCommon(ShippedUsersCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("beneficiary_relations.company_demo")
        cls.privacy_officer = new_test_user(
            cls.env,
            "br_privacy_officer",
            name="سلمى مسؤولة البيانات",
            groups="beneficiary_relations.group_privacy_officer",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Asia/Riyadh",
        )
        cls.company.beneficiary_privacy_officer_id = cls.privacy_officer
        cls.beneficiary = cls.env.ref("beneficiary_relations.beneficiary_01_demo")
        cls.Breach = cls.env["beneficiary.data.breach"]
        cls.Log = cls.env["beneficiary.access.log"]

    def new_breach(self, user=None, **vals):
        values = {
            "date_discovered": DISCOVERED,
            "description": "<p>ضياع حاسوب محمول يحوي ملفات المستفيدين</p>",
            "cause": "سرقة من سيارة الموظف",
            "data_identity": True,
            "data_financial": True,
            "beneficiary_ids": [Command.set(self.beneficiary.ids)],
            "other_people_count": 3,
            "risk": "high",
            **vals,
        }
        return self.as_user(user or self.privacy_officer, self.Breach).create(values)

    def record_notice(self, breach, mode, user=None, **vals):
        wizard = self.as_user(
            user or self.privacy_officer, self.env["beneficiary.data.breach.notice"]
        )
        wizard = wizard.with_context(active_ids=breach.ids).create({"mode": mode, **vals})
        wizard.action_confirm()


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01 10:00:00")
class TestBreachRegister(PrivacyCommon):
    def test_recorded_with_the_72_hour_deadline_and_its_activity(self):
        breach = self.new_breach()
        self.assertRegex(breach.name, r"^BREACH/2026/\d{4}$")
        self.assertEqual(breach.state, "open")
        self.assertEqual(breach.date_authority_deadline, datetime(2026, 3, 4, 8, 0))
        self.assertEqual(breach.affected_count, 4)
        self.assertEqual(breach.user_id, self.privacy_officer)
        activity = breach.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.env.ref(ACTIVITY_TYPE))
        self.assertEqual(activity.user_id, self.privacy_officer)
        self.assertEqual(activity.date_deadline, fields.Date.to_date("2026-03-04"))

    def test_without_a_personal_data_officer_the_manager_follows_it(self):
        self.company.beneficiary_privacy_officer_id = False
        breach = self.new_breach(user=self.manager)
        self.assertEqual(breach.user_id, self.manager)
        self.assertEqual(breach.activity_ids.user_id, self.manager)

    def test_deadline_late_in_the_evening_is_due_on_the_riyadh_day(self):
        # 22:30 UTC is 01:30 the next day in Riyadh
        breach = self.new_breach(date_discovered=datetime(2026, 2, 26, 22, 30))
        self.assertEqual(breach.date_authority_deadline, datetime(2026, 3, 1, 22, 30))
        self.assertEqual(breach.activity_ids.date_deadline, fields.Date.to_date("2026-03-02"))

    def test_other_roles_neither_create_nor_read(self):
        breach = self.new_breach()
        for role in DENIED:
            user = getattr(self, role)
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.new_breach(user=user)
                with self.assertRaises(AccessError):
                    self.as_user(user, breach).read(["name", "description"])
                with self.assertRaises(AccessError):
                    self.as_user(user, self.Breach).search([])
                with self.assertRaises(AccessError):
                    self.as_user(user, breach).action_notify_authority()
                with self.assertRaises(AccessError):
                    self.as_user(user, breach)._notify_authority(DISCOVERED, "SDAIA-1")

    def test_manager_and_personal_data_officer_keep_the_register(self):
        mine = self.new_breach(user=self.manager)
        theirs = self.new_breach()
        for user in (self.manager, self.privacy_officer):
            found = self.as_user(user, self.Breach).search([("id", "in", (mine | theirs).ids)])
            self.assertEqual(found, mine | theirs)
            self.assertEqual(self.as_user(user, theirs).description, theirs.description)

    def test_steps_change_only_through_the_actions(self):
        breach = self.new_breach()
        for user in (self.privacy_officer, self.manager):
            for vals in (
                {"state": "closed"},
                {"authority_notified_date": fields.Datetime.now()},
                {"authority_reference": "X"},
                {"date_authority_deadline": datetime(2026, 3, 30)},
                {"is_overdue": True},
                {"no_notification_reason": "لا شيء"},
            ):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaisesRegex(UserError, "records a step of the workflow"),
                ):
                    self.as_user(user, breach).write(vals)
        with self.assertRaisesRegex(UserError, "records a step of the workflow"):
            self.new_breach(state="closed")
        self.assertEqual(breach.state, "open")
        # what may change while open
        self.as_user(self.privacy_officer, breach).write(
            {"date_discovered": datetime(2026, 2, 28, 9, 0), "containment": "تغيير كلمات المرور"}
        )
        self.assertEqual(breach.date_authority_deadline, datetime(2026, 3, 3, 9, 0))
        self.assertEqual(breach.activity_ids.date_deadline, fields.Date.to_date("2026-03-03"))

    def test_authority_then_people_then_closed(self):
        breach = self.new_breach()
        officer_breach = self.as_user(self.privacy_officer, breach)
        action = officer_breach.action_notify_authority()
        self.assertEqual(action["res_model"], "beneficiary.data.breach.notice")
        with Form(
            self.env["beneficiary.data.breach.notice"]
            .with_user(self.privacy_officer)
            .with_context(**action["context"])
        ) as form:
            form.reference = "SDAIA-2026-0042"
        form.record.action_confirm()
        self.assertEqual(breach.state, "authority_notified")
        self.assertEqual(breach.authority_reference, "SDAIA-2026-0042")
        self.assertEqual(breach.authority_notified_by_id, self.privacy_officer)
        self.assertEqual(breach.authority_notified_date, fields.Datetime.now())
        self.assertFalse(breach.is_notified_late)
        self.assertFalse(breach.activity_ids, "the 72-hour activity is done")
        # the date of discovery is what the deadline was counted from
        with self.assertRaisesRegex(UserError, "can no longer be changed at this step"):
            officer_breach.date_discovered = datetime(2026, 3, 1, 9, 0)

        self.record_notice(
            breach,
            "people",
            channel_id=self.env.ref("beneficiary_relations.channel_phone").id,
            notice="أُبلغتم بفقدان جهاز يحوي بياناتكم، وغيّرنا كلمات المرور.",
        )
        self.assertEqual(breach.state, "people_notified")
        self.assertEqual(breach.people_notified_by_id, self.privacy_officer)
        self.assertEqual(
            breach.people_channel_id, self.env.ref("beneficiary_relations.channel_phone")
        )

        with self.assertRaisesRegex(UserError, "containment"):
            officer_breach.action_close()
        officer_breach.containment = "إيقاف حسابات الجهاز عن بُعد"
        officer_breach.action_close()
        self.assertEqual(breach.state, "closed")
        self.assertEqual(breach.date_closed, fields.Datetime.now())
        # a closed breach is a record: nothing changes, not even for the manager
        for user in (self.privacy_officer, self.manager):
            with self.assertRaisesRegex(UserError, "can no longer be changed at this step"):
                self.as_user(user, breach).remediation = "تشفير الأجهزة"

    def test_notification_dates_are_real(self):
        breach = self.new_breach()
        with self.assertRaisesRegex(UserError, "future"):
            self.record_notice(breach, "authority", date=datetime(2026, 3, 1, 11, 0), reference="A")
        with self.assertRaisesRegex(UserError, "discovered after"):
            self.record_notice(breach, "authority", date=datetime(2026, 3, 1, 7, 0), reference="A")
        with self.assertRaisesRegex(UserError, "reference"):
            self.record_notice(breach, "authority", reference=" ")
        self.assertEqual(breach.state, "open")
        with self.assertRaisesRegex(UserError, "current state"):
            self.record_notice(breach, "people", channel_id=False, notice="x")

    def test_high_risk_breach_tells_the_people_before_closing(self):
        high = self.new_breach(containment="إيقاف الحسابات")
        medium = self.new_breach(containment="إيقاف الحسابات", risk="medium")
        self.record_notice(high | medium, "authority", reference="SDAIA-7")
        with self.assertRaisesRegex(UserError, "high"):
            self.as_user(self.privacy_officer, high).action_close()
        self.as_user(self.privacy_officer, medium).action_close()
        self.assertEqual(medium.state, "closed")
        self.assertEqual(high.state, "authority_notified")

    def test_no_notification_only_for_a_low_risk_with_its_justification(self):
        breach = self.new_breach()
        with self.assertRaisesRegex(UserError, "not low"):
            self.record_notice(breach, "none", reason="بيانات مشفرة")
        self.as_user(self.privacy_officer, breach).risk = "low"
        with self.assertRaisesRegex(UserError, "justification"):
            self.record_notice(breach, "none", reason="  ")
        self.record_notice(breach, "none", reason="الجهاز مشفر بالكامل ولم يُفتح")
        self.assertEqual(breach.state, "not_required")
        self.assertEqual(breach.no_notification_reason, "الجهاز مشفر بالكامل ولم يُفتح")
        self.assertFalse(breach.activity_ids)
        with self.assertRaisesRegex(UserError, "can no longer be changed at this step"):
            self.as_user(self.privacy_officer, breach).risk = "high"

    def test_what_is_recorded_makes_sense(self):
        with self.assertRaisesRegex(ValidationError, "future"):
            self.new_breach(date_discovered=datetime(2026, 3, 2, 8, 0))
        with self.assertRaisesRegex(ValidationError, "category"):
            self.new_breach(data_identity=False, data_financial=False)
        with self.assertRaisesRegex(ValidationError, "negative"):
            self.new_breach(other_people_count=-1)

    def test_kept_as_a_record(self):
        breach = self.new_breach()
        for user in (self.privacy_officer, self.manager):
            with self.assertRaises(AccessError):
                self.as_user(user, breach).unlink()
        with self.assertRaisesRegex(UserError, "Breaches are kept as a record"):
            breach.sudo().unlink()

    def test_other_association_breaches_stay_there(self):
        other = self.env["res.company"].create({"name": "جمعية أخرى"})
        theirs = self.Breach.with_company(other).create(
            {
                "company_id": other.id,
                "date_discovered": DISCOVERED,
                "description": "<p>x</p>",
                "data_contact": True,
            }
        )
        for user in (self.privacy_officer, self.manager):
            self.assertFalse(self.as_user(user, self.Breach).search([("id", "=", theirs.id)]))
            with self.assertRaises(AccessError):
                self.as_user(user, theirs).read(["description"])


@tagged("post_install", "-at_install")
class TestPersonalDataScreens(PrivacyCommon):
    def test_registers_open_for_their_keepers_only(self):
        with freeze_time("2026-03-01 10:00:00"):
            self.new_breach()
        self.env["beneficiary.access.log"]._log(self.beneficiary, "Personal data export")
        menu = self.env.ref("beneficiary_relations.beneficiary_privacy_menu")
        for user in (self.manager, self.privacy_officer):
            self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())
            for xmlid in ("beneficiary_data_breach_action", "beneficiary_access_log_action"):
                action = self.ref(xmlid)
                Model = self.as_user(user, self.env[action.res_model])
                for mode in ("list", "form"):
                    with self.subTest(user=user.login, action=xmlid, view=mode):
                        views = Model.get_views([(False, mode)])
                        spec = self._spec(views["models"][Model._name]["fields"], views["models"])
                        records = Model.search([], limit=1)
                        self.assertTrue(records)
                        records.web_read(spec)
        # the officers see the menu for the data subjects' requests they
        # register, not the registers kept by the personal data officer
        registers = [
            self.ref(xmlid).id
            for xmlid in (
                "beneficiary_data_breach_menu",
                "beneficiary_access_log_menu",
                "beneficiary_processing_register_menu",
            )
        ]
        for role in DENIED:
            visible = self.env["ir.ui.menu"].with_user(getattr(self, role))._visible_menu_ids()
            for menu_id in registers:
                self.assertNotIn(menu_id, visible, role)


@tagged("post_install", "-at_install")
class TestBreachOverdue(PrivacyCommon):
    def test_cron_flags_the_breaches_past_72_hours_once(self):
        with freeze_time("2026-03-01 10:00:00"):
            late = self.new_breach()
            late_2 = self.new_breach(risk="medium")
            notified = self.new_breach()
            self.record_notice(notified, "authority", reference="SDAIA-9")
        cron = self.env.ref("beneficiary_relations.ir_cron_data_breach_overdue")
        self.assertEqual(cron.interval_type, "hours")
        with freeze_time(DISCOVERED + timedelta(hours=71, minutes=59)):
            self.Breach._cron_flag_overdue()
        self.assertFalse((late | late_2).filtered("is_overdue"))

        with freeze_time(DISCOVERED + timedelta(hours=72, minutes=1)):
            self.Breach._cron_flag_overdue()
            self.Breach._cron_flag_overdue()  # twice: still one escalation each
        self.assertEqual((late | late_2).mapped("is_overdue"), [True, True])
        self.assertFalse(notified.is_overdue)
        self.assertFalse(notified.activity_ids)
        for breach in late | late_2:
            escalation = breach.activity_ids.filtered(lambda a: a.user_id == self.manager)
            self.assertEqual(len(escalation), 1)
            # in the manager's language
            self.assertEqual(
                escalation.summary,
                self.env(context={"lang": self.manager.lang})._(
                    "Overdue: the authority was not notified of %(name)s within 72 hours",
                    name=breach.name,
                ),
            )
            self.assertEqual(escalation.date_deadline, fields.Date.to_date("2026-03-04"))
        found = self.as_user(self.privacy_officer, self.Breach).search(
            [("is_overdue", "=", True), ("id", "in", (late | late_2 | notified).ids)]
        )
        self.assertEqual(found, late | late_2)

        # notified late: the flag goes, the lateness stays visible
        with freeze_time(DISCOVERED + timedelta(hours=80)):
            self.record_notice(late, "authority", reference="SDAIA-10")
        self.assertFalse(late.is_overdue)
        self.assertTrue(late.is_notified_late)
        self.assertFalse(
            late.activity_ids, "both the officer's and the manager's activities are done"
        )


@tagged("post_install", "-at_install")
class TestAccessLog(PrivacyCommon):
    def lines(self, **domain):
        return self.Log.search([(name, "=", value) for name, value in domain.items()], order="id")

    def print_as(self, user, report, records):
        self.env["ir.actions.report"].with_user(user).with_company(self.company)._render_qweb_pdf(
            f"beneficiary_relations.{report}", records.ids
        )

    def test_officer_printing_the_summary_is_logged(self):
        before = self.lines(beneficiary_id=self.beneficiary.id)
        self.print_as(self.officer, "action_report_beneficiary_summary", self.beneficiary)
        line = self.lines(beneficiary_id=self.beneficiary.id) - before
        self.assertEqual(len(line), 1)
        self.assertEqual(line.user_id, self.officer)
        self.assertEqual(line.what, "Beneficiary File Summary")
        self.assertEqual(
            (line.res_model, line.res_id), ("beneficiary.beneficiary", self.beneficiary.id)
        )
        self.assertEqual(line.record_name, self.beneficiary.display_name)
        self.assertEqual(line.company_id, self.company)
        self.assertAlmostEqual(line.date, fields.Datetime.now(), delta=timedelta(minutes=1))

    def test_request_documents_are_logged_per_request(self):
        requests = self.env.ref("beneficiary_relations.beneficiary_request_committee_demo") | (
            self.env.ref("beneficiary_relations.beneficiary_request_research_demo")
        )
        self.print_as(self.manager, "action_report_request_form", requests)
        lines = self.lines(user_id=self.manager.id, what="Support Request Form")
        self.assertEqual(
            {(line.res_model, line.res_id, line.beneficiary_id) for line in lines},
            {("beneficiary.request", r.id, r.beneficiary_id) for r in requests},
        )

    def test_accountant_printing_an_aid_statement_is_logged(self):
        request = self.env.ref("beneficiary_relations.beneficiary_request_approved_demo")
        partner = request.beneficiary_id.partner_id
        self.print_as(self.accountant, "action_report_aid_statement", partner)
        line = self.lines(user_id=self.accountant.id)
        self.assertEqual(line.beneficiary_id, request.beneficiary_id)
        self.assertEqual((line.res_model, line.res_id), ("res.partner", partner.id))

    def test_documents_without_personal_data_are_not_logged(self):
        policy = self.env["stakeholder.policy"].search([("state", "=", "approved")], limit=1)
        self.assertTrue(policy, "the demo data approve a policy")
        before = self.Log.search_count([])
        self.print_as(self.manager, "action_report_policy_approval", policy)
        self.assertEqual(self.Log.search_count([]), before)

    def test_an_export_is_logged_through_one_method(self):
        files = self.beneficiary | self.env.ref("beneficiary_relations.beneficiary_02_demo")
        self.Log.with_user(self.manager)._log(files, "Personal data export")
        lines = self.lines(what="Personal data export")
        self.assertEqual(lines.beneficiary_id, files)
        self.assertEqual(lines.user_id, self.manager)

    def test_nobody_changes_the_log(self):
        self.print_as(self.officer, "action_report_beneficiary_summary", self.beneficiary)
        line = self.lines(user_id=self.officer.id)
        for role in DENIED:
            user = getattr(self, role)
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.as_user(user, line).read(["what"])
                with self.assertRaises(AccessError):
                    self.as_user(user, self.Log).search([])
        for user in (self.officer, self.manager, self.privacy_officer):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.as_user(user, line).write({"what": "لا شيء"})
                with self.assertRaises(AccessError):
                    self.as_user(user, line).unlink()
                with self.assertRaises(AccessError):
                    self.as_user(user, self.Log).create(
                        {
                            "date": fields.Datetime.now(),
                            "user_id": user.id,
                            "beneficiary_id": self.beneficiary.id,
                            "what": "x",
                        }
                    )
        self.assertEqual(line.what, "Beneficiary File Summary")

    def test_other_association_log_stays_there(self):
        other = self.env["res.company"].create({"name": "جمعية أخرى"})
        elsewhere = self.env["beneficiary.beneficiary"].create(
            {"name": "مستفيد في جمعية أخرى", "company_id": other.id}
        )
        self.Log._log(elsewhere, "Personal data export")
        line = self.lines(beneficiary_id=elsewhere.id)
        self.assertEqual(line.company_id, other)
        for user in (self.manager, self.privacy_officer):
            self.assertFalse(self.as_user(user, self.Log).search([("id", "=", line.id)]))
            with self.assertRaises(AccessError):
                self.as_user(user, line).read(["what"])

    def test_manager_reads_the_log_of_a_file(self):
        self.print_as(self.officer, "action_report_beneficiary_summary", self.beneficiary)
        for user in (self.manager, self.privacy_officer):
            beneficiary = self.as_user(user, self.beneficiary)
            count = beneficiary.access_log_count
            self.assertGreaterEqual(count, 1)
            action = beneficiary.action_view_access_log()
            lines = self.as_user(user, self.Log).search(action["domain"])
            self.assertEqual(len(lines), count)
            self.assertIn(self.officer, lines.user_id)
            self.assertEqual(lines.beneficiary_id, self.beneficiary)
        # the officer prints the file but does not see who else did
        with self.assertRaises(AccessError):
            self.as_user(self.officer, self.beneficiary).read(["access_log_count"])


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01 10:00:00")
class TestProcessingRegister(PrivacyCommon):
    REPORT = "beneficiary_relations.action_report_processing_register"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(["beneficiary_relations"], ["ar_001"])
        cls.manager.lang = "ar_001"

    def render(self, user):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_company(self.company)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(self.REPORT, self.company.ids)
        )
        self.assertEqual(kind, "pdf")
        return pdf_text(pdf)

    def test_drawn_from_the_settings_and_the_roles(self):
        self.company.write(
            {"beneficiary_retention_years": 23, "beneficiary_financial_retention_years": 37}
        )
        text = self.render(self.manager)
        for words in (
            "سجل أنشطة المعالجة",
            "جمعية البر التجريبية",
            "سجل المستفيدين",
            "سجل حوادث تسرب البيانات",
            "الهيئة السعودية للبيانات والذكاء الاصطناعي",
            "موظف علاقات المستفيدين",
            "عضو لجنة البحث",
            "مسؤول حماية البيانات الشخصية",
            "مدير علاقات المستفيدين",
        ):
            self.assertRegex(text, arabic_pattern(words))
        self.assertRegex(text, arabic_pattern(self.privacy_officer.name))
        self.assertRegex(text, number(23))
        self.assertRegex(text, number(37))
        self.assertNotRegex(text, number(41))

        self.company.write(
            {"beneficiary_retention_years": 29, "beneficiary_financial_retention_years": 41}
        )
        text = self.render(self.privacy_officer)
        self.assertRegex(text, number(29))
        self.assertRegex(text, number(41))
        self.assertNotRegex(text, number(23))

    def test_roles_counted_when_printed(self):
        register = self.env["report.beneficiary_relations.report_processing_register"]
        officers = self.env.ref("beneficiary_relations.group_relations_officer")
        before = register._roles(self.company)[officers]
        self.assertGreaterEqual(before, 4, "officer, researcher, admin and the officer of privacy")
        new_test_user(
            self.env,
            "br_new_officer",
            groups="beneficiary_relations.group_relations_officer",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.assertEqual(register._roles(self.company)[officers], before + 1)
        holders = register._holders(
            self.company,
            register._roles(self.company),
            "beneficiary_relations.group_privacy_officer",
            "beneficiary_relations.group_manager",
        )
        self.assertEqual(
            [group for group, _count in holders],
            [
                self.env.ref("beneficiary_relations.group_privacy_officer"),
                self.env.ref("beneficiary_relations.group_manager"),
            ],
        )
        self.assertEqual(holders[0][1], 2, "the personal data officer and admin")

    def test_printed_from_the_menu_by_the_manager_only(self):
        menu_action = self.env.ref("beneficiary_relations.action_print_processing_register")
        action = menu_action.with_user(self.manager).with_company(self.company).run()
        self.assertEqual(action["report_name"], "beneficiary_relations.report_processing_register")
        self.assertEqual(action["context"]["active_ids"], self.company.ids)
        for role in DENIED:
            user = getattr(self, role)
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    menu_action.with_user(user).run()
                with self.assertRaises(AccessError):
                    self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                        self.REPORT, self.company.ids
                    )

    def test_english_for_an_english_user(self):
        self.privacy_officer.lang = "en_US"
        text = self.render(self.privacy_officer)
        self.assertIn("Register of Processing Activities", text)
        self.assertIn("Saudi Data and AI Authority", text)
        self.assertIn("years after the payment", text)
