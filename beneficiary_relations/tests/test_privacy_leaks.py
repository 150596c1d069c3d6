"""The personal-data leaks of issue 12, each tried as the demo users exactly
as shipped (plus an employee without any of the module's roles), with the
refusal asserted, and its legitimate counterpart."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DEMO_USERS, ShippedUsersCommon

VALID_IBAN = "SA0380000000608010167519"


class PrivacyCommon(ShippedUsersCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.association = cls.env.ref("beneficiary_relations.company_demo")
        # an employee of the association with none of the module's roles, and
        # a committee member who sits on no committee of these requests
        cls.employee = cls.association_user("br_employee", "base.group_user")
        cls.other_member = cls.association_user(
            "br_other_member", "beneficiary_relations.group_committee_member"
        )
        cls.demo = cls.env.ref("base.user_demo")  # base's plain internal user
        cls.meeting = cls.env.ref("beneficiary_relations.committee_meeting_open_demo")
        # before the committee: the request in the open meeting's agenda
        cls.on_agenda = cls.env.ref("beneficiary_relations.beneficiary_24_demo")
        # decided at the closed meeting, and on no agenda at all
        cls.decided = cls.env.ref("beneficiary_relations.beneficiary_12_demo")
        cls.no_agenda = cls.env.ref("beneficiary_relations.beneficiary_30_demo")
        cls.rejected = cls.env.ref("beneficiary_relations.beneficiary_request_rejected_demo")
        cls.closed = cls.env.ref("beneficiary_relations.beneficiary_request_closed_demo")

    @classmethod
    def association_user(cls, login, groups, company=None):
        """A user working in the demo association only (or in ``company``)."""
        company = company or cls.association
        return new_test_user(
            cls.env,
            login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )


@tagged("post_install", "-at_install", "beneficiary_access")
class TestCommitteeReadsItsAgenda(PrivacyCommon):
    """A committee member reads a file, its family, documents, bank accounts,
    contact and request documents while one of its requests is at committee
    on the agenda of a planned or ongoing meeting of his committee."""

    def test_members_read_only_the_files_before_them(self):
        for user in (self.committee, self.chair):
            with self.subTest(user=user.login):
                files = self.as_user(user, self.env["beneficiary.beneficiary"]).search([])
                self.assertEqual(files, self.on_agenda)
                self.assertTrue(self.as_user(user, self.on_agenda).national_id)
                for off in (self.decided, self.no_agenda):
                    beneficiary = self.as_user(user, off)
                    for fname in ("name", "national_id", "birth_date", "category_ids", "iban"):
                        with self.assertRaises(AccessError):
                            beneficiary.read([fname])
                    for records in (off.family_member_ids, off.document_ids, off.partner_id):
                        with self.assertRaises(AccessError):
                            self.as_user(user, records).read(["display_name"])
                for model in ("beneficiary.family.member", "beneficiary.document"):
                    found = self.as_user(user, self.env[model]).search([])
                    self.assertEqual(found.beneficiary_id, self.on_agenda)
                lines = self.as_user(user, self.env["beneficiary.request.document"]).search([])
                self.assertEqual(lines.request_id.beneficiary_id, self.on_agenda)
                self.as_user(user, self.on_agenda.partner_id).read(["name", "mobile"])

    def test_bank_accounts(self):
        self.on_agenda.iban = VALID_IBAN
        paid = self.env.ref("beneficiary_relations.beneficiary_09_demo").bank_account_id
        self.assertTrue(paid)
        self.assertEqual(self.as_user(self.committee, self.on_agenda).iban, VALID_IBAN)
        with self.assertRaises(AccessError):
            self.as_user(self.committee, paid).read(["acc_number"])
        for user in (self.officer, self.accountant):
            self.assertTrue(self.as_user(user, paid).acc_number)
        with self.assertRaises(AccessError):
            self.as_user(self.employee, paid).read(["acc_number"])

    def test_other_committees_and_closed_meetings(self):
        with self.assertRaises(AccessError):
            self.as_user(self.other_member, self.on_agenda).read(["national_id"])
        self.assertFalse(
            self.as_user(self.other_member, self.env["beneficiary.beneficiary"]).search([])
        )
        # once the meeting is closed, its files are no longer the committee's
        self.meeting._step().write({"state": "closed"})
        with self.assertRaises(AccessError):
            self.as_user(self.committee, self.on_agenda).read(["national_id"])
        # the request's form still names the applicant
        request = self.as_user(
            self.committee, self.env.ref("beneficiary_relations.beneficiary_request_committee_demo")
        )
        values = request.web_read({"beneficiary_id": {"fields": {"display_name": {}}}})
        self.assertEqual(values[0]["beneficiary_id"]["display_name"], self.on_agenda.display_name)

    def test_file_summary_follows_the_rules(self):
        Report = self.env["ir.actions.report"]
        summary = "beneficiary_relations.action_report_beneficiary_summary"
        for off in (self.decided, self.no_agenda):
            with self.assertRaises(AccessError):
                self.as_user(self.committee, Report)._render_qweb_html(summary, off.ids)
        html = self.as_user(self.committee, Report)._render_qweb_html(summary, self.on_agenda.ids)
        self.assertIn(self.on_agenda.code, html[0].decode())
        # the minutes of the closed meeting still name the applicants decided
        minutes = self.as_user(self.committee, Report)._render_qweb_html(
            "beneficiary_relations.action_report_committee_meeting_minutes",
            self.env.ref("beneficiary_relations.committee_meeting_closed_demo").ids,
        )
        self.assertIn(self.decided.name, minutes[0].decode())

    def test_committee_screens_open(self):
        """The agenda's request opens for the chair and the secretary (the
        form test of test_controls), and the closed meeting's agenda too."""
        meeting = self.env.ref("beneficiary_relations.committee_meeting_closed_demo")
        for user in (self.chair, self.committee):
            record = self.as_user(user, meeting)
            views = record.get_views([(False, "form")])
            agenda = record.web_read(
                {"request_ids": {"fields": {"beneficiary_id": {"fields": {"display_name": {}}}}}}
            )
            names = [line["beneficiary_id"]["display_name"] for line in agenda[0]["request_ids"]]
            self.assertIn(self.decided.display_name, names)
            self.assertIn("request_ids", views["models"]["beneficiary.committee.meeting"]["fields"])


@tagged("post_install", "-at_install", "beneficiary_access")
class TestCommitteeDownloads(HttpCase):
    """The document files and the file summary, fetched over HTTP by the
    shipped committee member: served for the file before his committee,
    refused for the others."""

    def test_document_attachments_and_summary(self):
        on_agenda = self.env.ref("beneficiary_relations.beneficiary_24_demo").document_ids
        off_agenda = self.env.ref("beneficiary_relations.beneficiary_30_demo").document_ids
        self.assertTrue(on_agenda.filtered("attachment") and off_agenda.filtered("attachment"))
        self.authenticate("committee1", "committee1")
        for document in off_agenda.filtered("attachment"):
            response = self.url_open(f"/web/content/beneficiary.document/{document.id}/attachment")
            self.assertEqual(response.status_code, 404)
        document = on_agenda.filtered("attachment")[:1]
        response = self.url_open(f"/web/content/beneficiary.document/{document.id}/attachment")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content)
        report = "/report/html/beneficiary_relations.report_beneficiary_summary/%s"
        off_file = off_agenda.beneficiary_id
        self.assertNotEqual(self.url_open(report % off_file.id).status_code, 200)
        response = self.url_open(report % on_agenda.beneficiary_id.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn(on_agenda.beneficiary_id.code, response.text)


@tagged("post_install", "-at_install", "beneficiary_access")
class TestLettersRenderForReaders(PrivacyCommon):
    """The module's mail templates render in Odoo's composer only for who may
    post on the record (and so read it): the decision letter holds the
    applicant's name, the outcome, the amount and the reason."""

    def compose(self, user, request, template_xmlid):
        return self.as_user(user, self.env["mail.compose.message"]).create(
            {
                "model": "beneficiary.request",
                "res_ids": request.ids,
                "template_id": self.ref(template_xmlid).id,
                "composition_mode": "comment",
            }
        )

    def test_decision_letter(self):
        decision = "mail_template_request_decision"
        # the committee member reads the request decided at his committee's
        # meeting, but does not write to the applicant
        for user in (self.employee, self.demo, self.accountant, self.other_member, self.committee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.compose(user, self.rejected, decision)
        for user in (self.officer, self.manager):
            composer = self.compose(user, self.rejected, decision)
            self.assertIn(self.rejected.decision_reason[:20], composer.body)
            self.assertIn(self.rejected.partner_id.name, composer.body)

    def test_satisfaction_link(self):
        answer = self.closed.sudo().survey_answer_ids
        self.assertTrue(answer.access_token)
        satisfaction = "mail_template_request_satisfaction"
        for user in (self.employee, self.accountant, self.other_member, self.committee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.compose(user, self.closed, satisfaction)
        # the committee reads the request, not the link to its answers
        with self.assertRaises(AccessError):
            self.as_user(self.committee, self.closed).read(["satisfaction_survey_url"])
        self.assertFalse(self.as_user(self.committee, self.closed).satisfaction_survey_url)
        for message in self.as_user(self.committee, self.closed).message_ids:
            self.assertNotIn(answer.access_token, message.body)
        with self.assertRaises(AccessError):
            self.as_user(self.committee, self.closed).action_fill_satisfaction_survey()
        # the officer fills it in with the beneficiary on the phone
        officer = self.as_user(self.officer, self.closed)
        self.assertIn(answer.access_token, officer.satisfaction_survey_url)
        action = officer.action_fill_satisfaction_survey()
        self.assertIn(answer.access_token, action["url"])


@tagged("post_install", "-at_install", "beneficiary_access")
class TestSatisfactionAnswers(PrivacyCommon):
    def test_only_the_manager_of_the_association_reads_them(self):
        Answer = self.env["survey.user_input"]
        answers = Answer.search([("beneficiary_request_id", "!=", False)])
        self.assertTrue(answers)
        surveys_user = self.association_user("br_surveys", "survey.group_survey_user")
        other_company = self.env["res.company"].create({"name": "جمعية أخرى"})
        other_manager = self.association_user(
            "br_other_manager",
            "beneficiary_relations.group_manager,survey.group_survey_manager",
            other_company,
        )
        for user in (surveys_user, other_manager):
            with self.subTest(user=user.login):
                self.assertFalse(self.as_user(user, Answer).search([("id", "in", answers.ids)]))
                self.assertFalse(
                    self.as_user(user, self.env["survey.user_input.line"]).search(
                        [("user_input_id", "in", answers.ids)]
                    )
                )
                records = self.as_user(user, answers[:1])
                with self.assertRaises(AccessError):
                    records.read(["state"])
                with self.assertRaises(AccessError):
                    records.write({"state": "new"})
                with self.assertRaises(AccessError):
                    records.unlink()
        # the link to the beneficiary is the manager's to read
        with self.assertRaises(AccessError):
            self.as_user(surveys_user, Answer).search([("beneficiary_id", "!=", False)])
        mine = self.as_user(self.manager, Answer).search([("id", "in", answers.ids)])
        self.assertEqual(mine, answers)
        self.assertTrue(mine.beneficiary_id)


@tagged("post_install", "-at_install", "beneficiary_access")
class TestRolesOnFiles(PrivacyCommon):
    """Whoever is made responsible, assignee, member or follower of a file
    reads it, follows its chatter and gets its activities: only users holding
    the module's roles (and able to read that record) can be."""

    def test_responsible_fields_need_a_role(self):
        request = self.as_user(self.officer, self.ref("beneficiary_request_draft_demo"))
        cases = [
            (self.as_user(self.officer, self.on_agenda), "user_id", self.employee),
            (request, "user_id", self.employee),
            (request, "researcher_id", self.officer),
            (
                self.as_user(self.officer, self.ref("complaint_contract_dispute_demo")),
                "user_id",
                self.employee,
            ),
            (self.ref("work_area_programs_projects_demo"), "contact_officer_id", self.employee),
            (self.ref("committee_research_demo"), "secretary_id", self.employee),
            (self.ref("committee_research_demo"), "member_ids", self.employee | self.committee),
        ]
        for record, fname, users in cases:
            with self.subTest(model=record._name, field=fname):
                with self.assertRaisesRegex(ValidationError, "only users with the role"):
                    record.write({fname: users.ids if fname == "member_ids" else users.id})
                domain = record._fields[fname].get_domain_list(record)
                allowed = self.env["res.users"].search(domain)
                self.assertNotIn(self.employee, allowed)
        # the legitimate assignments (without Odoo's "assigned to you" e-mail,
        # which the shipped officer, who has no e-mail address, cannot send)
        request = request.with_context(mail_auto_subscribe_no_notify=True)
        self.as_user(self.officer, self.on_agenda).with_context(
            mail_auto_subscribe_no_notify=True
        ).user_id = self.researcher
        request.researcher_id = self.researcher
        self.assertEqual(request.researcher_id, self.researcher)

    def test_followers(self):
        beneficiary = self.as_user(self.officer, self.on_agenda)
        with self.assertRaisesRegex(UserError, "cannot follow"):
            beneficiary.message_subscribe(partner_ids=self.employee.partner_id.ids)
        with self.assertRaisesRegex(UserError, "cannot follow"):
            beneficiary.message_subscribe(partner_ids=self.other_member.partner_id.ids)
        self.assertNotIn(self.employee.partner_id, beneficiary.message_partner_ids)
        # who may read it, and its own contact, follow it
        beneficiary.message_subscribe(
            partner_ids=(
                self.researcher.partner_id | self.committee.partner_id | beneficiary.partner_id
            ).ids
        )
        self.assertLessEqual(
            self.researcher.partner_id | self.committee.partner_id | beneficiary.partner_id,
            beneficiary.message_partner_ids,
        )
        # making a plain employee responsible is refused before he follows
        with self.assertRaisesRegex(ValidationError, "only users with the role"):
            beneficiary.user_id = self.employee
        self.assertNotIn(self.employee.partner_id, beneficiary.message_partner_ids)

    def test_activities(self):
        request = self.as_user(self.officer, self.ref("beneficiary_request_research_demo"))
        for user in (self.employee, self.committee):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(
                    ValidationError, "so the activity cannot be assigned to him"
                ),
            ):
                request.activity_schedule(
                    "mail.mail_activity_data_todo", summary="تشخيص: سكري", user_id=user.id
                )
        with self.assertRaisesRegex(
            UserError, "holds no beneficiary relations role in this association"
        ):
            request._escalate(self.employee, "الحالة غير واضحة")
        self.assertFalse(request.activity_ids.filtered(lambda a: a.user_id == self.employee))
        activity = request._schedule_activity(
            "beneficiary_relations.mail_activity_type_request_escalation", self.researcher, "متابعة"
        )
        self.assertEqual(activity.user_id, self.researcher)

    def test_notices_still_reach_the_applicant(self):
        request = self.ref("beneficiary_request_manager_demo")
        messages = request.message_ids
        self.as_user(self.manager, request).action_manager_approve()
        notice = (request.message_ids - messages).filtered(lambda m: m.message_type == "comment")
        self.assertEqual(notice.partner_ids, request.partner_id)
        self.assertTrue(
            notice.notification_ids.filtered(lambda n: n.res_partner_id == request.partner_id)
            or not request.partner_id.email
        )
        for partner in request.message_partner_ids - request.partner_id:
            users = partner.user_ids.filtered(lambda u: not u.share)
            self.assertTrue(
                any(
                    request.with_user(u)
                    .with_context(allowed_company_ids=u.company_ids.ids)
                    .has_access("read")
                    for u in users
                ),
                f"{partner.name} follows a request he may not read",
            )


@tagged("post_install", "-at_install", "beneficiary_access")
class TestOtherAssociations(PrivacyCommon):
    def test_appeal_stays_in_the_association(self):
        original = self.ref("complaint_appealed_demo")
        appeal = self.env["stakeholder.complaint"].search([("parent_id", "=", original.id)])
        self.assertEqual(appeal.company_id, self.association)
        # appealed by a manager who works in both companies, from the other one
        main = self.env.ref("base.main_company")
        self.assertIn(main, self.manager.company_ids)
        complaint = original.with_user(self.manager).with_context(
            allowed_company_ids=[main.id, self.association.id]
        )
        self.assertEqual(complaint.env.company, main)
        action = complaint.action_appeal()
        second = self.env["stakeholder.complaint"].browse(action["res_id"])
        self.assertEqual(second.company_id, self.association)

    def test_national_id_oracle(self):
        known = self.on_agenda.national_id
        fresh = "1000000008"
        self.assertFalse(
            self.env["beneficiary.beneficiary"]
            .with_context(active_test=False)
            .search([("national_id", "=", fresh)])
        )
        main = self.env.ref("base.main_company")
        elsewhere = self.association_user(
            "br_officer_elsewhere", "beneficiary_relations.group_relations_officer", main
        )
        Beneficiary = self.as_user(elsewhere, self.env["beneficiary.beneficiary"])
        messages = []
        for national_id in (known, fresh):
            with self.assertRaises(AccessError) as err:
                Beneficiary.create(
                    {
                        "name": "مستفيد",
                        "national_id": national_id,
                        "company_id": self.association.id,
                    }
                )
            messages.append(str(err.exception))
        self.assertEqual(messages[0], messages[1])
        # each association keeps its own register
        own = Beneficiary.create({"name": "مستفيد", "national_id": known})
        self.assertEqual(own.company_id, main)
        # in the association, the officer is told which file holds the ID
        with self.assertRaises(ValidationError) as err:
            self.as_user(self.officer, self.env["beneficiary.beneficiary"]).create(
                {"name": "مستفيد", "national_id": known}
            )
        self.assertIn(self.on_agenda.code, str(err.exception))


@tagged("post_install", "-at_install", "beneficiary_access")
class TestBeneficiaryContacts(PrivacyCommon):
    def test_employees_do_not_see_who_is_a_beneficiary(self):
        Partner = self.as_user(self.employee, self.env["res.partner"])
        with self.assertRaises(AccessError):
            Partner.search([("stakeholder_type", "=", "beneficiary")])
        self.assertFalse(Partner.search([("beneficiary_ids", "!=", False)]))
        contacts = self.env["beneficiary.beneficiary"].search([]).partner_id
        self.assertFalse(Partner.search([("id", "in", contacts.ids)]))
        self.assertFalse(Partner.name_search(self.on_agenda.name))
        with self.assertRaises(AccessError):
            self.as_user(self.employee, self.on_agenda.partner_id).read(["name", "mobile", "city"])
        self.assertNotIn("stakeholder_type", Partner.fields_get())
        # Odoo's own flows go on: the contact list, choosing a contact
        supplier = self.ref("partner_cooling_supplier_demo")
        self.assertIn(supplier, Partner.search([]))
        self.assertIn(supplier.id, [pid for pid, _name in Partner.name_search(supplier.name)])
        self.assertEqual(
            self.as_user(self.employee, self.employee.partner_id).name, self.employee.name
        )
        self.assertTrue(Partner.web_search_read([], {"display_name": {}}, limit=10)["records"])

    def test_accountant_pays_and_prints(self):
        line = self.ref("disbursement_approved_1_demo")
        partner = line.partner_id
        accountant_partner = self.as_user(self.accountant, partner)
        self.assertEqual(accountant_partner.name, partner.name)
        self.assertEqual(accountant_partner.stakeholder_type, "beneficiary")
        self.assertEqual(self.as_user(self.accountant, line.move_ids).partner_id, partner)
        html = self.as_user(self.accountant, self.env["ir.actions.report"])._render_qweb_html(
            "beneficiary_relations.action_report_aid_statement", partner.ids
        )
        self.assertIn(partner.name, html[0].decode())
        with self.assertRaises(AccessError):
            self.as_user(self.employee, self.env["ir.actions.report"])._render_qweb_html(
                "beneficiary_relations.action_report_aid_statement", partner.ids
            )
        # the committee member sees the contacts of the files before him only
        self.assertTrue(self.as_user(self.committee, self.on_agenda.partner_id).name)
        with self.assertRaises(AccessError):
            self.as_user(self.committee, partner).read(["name"])

    def test_every_role_still_opens_the_contacts(self):
        for role in DEMO_USERS:
            user = getattr(self, role)
            found = self.as_user(user, self.env["res.partner"]).search([], limit=80)
            self.assertTrue(found, role)
