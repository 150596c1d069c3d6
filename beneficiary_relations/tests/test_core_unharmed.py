"""What the module changes in Odoo's own models applies to the module's
records only: the rest of the association's Odoo works as without it (Odoo's
own tests of these models run in scripts/test too).  Each test shows the
core behaviour kept, next to the module's rule on its own records."""

from markupsafe import Markup

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.beneficiary_relations.models.ir_actions_report import (
    IrActionsReport as ModuleReport,
)
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import MessageChecks, make_id

SAUDI_IBAN = "SA0380000000608010167519"


def laid_out_without_module(report, html):
    """``html`` laid out for the PDF as Odoo does without this module."""
    return super(ModuleReport, report)._prepare_html(html)


@tagged("post_install", "-at_install")
class TestCoreUnharmed(MessageChecks, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        # the employee and the officer have no mailbox
        users = {
            "billing": ("account.group_account_invoice", "br_core_billing@example.com"),
            "employee": ("base.group_user,base.group_partner_manager", False),
            "officer": ("beneficiary_relations.group_relations_officer", False),
        }
        for name, (groups, email) in users.items():
            user = new_test_user(
                cls.env, f"br_core_{name}", groups=groups, company_id=company.id, email=email
            )
            setattr(cls, name, user)
        # sudo: Odoo's accounting tests run as an accountant
        cls.beneficiary = (
            cls.env["beneficiary.beneficiary"]
            .sudo()
            .create(
                {
                    "name": "عائشة سالم",
                    "national_id": make_id("198765432"),
                    "company_id": company.id,
                    "user_id": cls.officer.id,
                }
            )
        )

    def test_supplier_with_a_saudi_iban_is_paid_as_before(self):
        supplier = self.partner_a
        bank = self.env["res.partner.bank"].create(
            {"partner_id": supplier.id, "acc_number": "SA03 8000 0000 6080 1016 7519"}
        )
        # Odoo keeps any account number of a supplier, a Saudi one mistyped too
        typo = self.env["res.partner.bank"].create(
            {"partner_id": supplier.id, "acc_number": "SA03 8000 0000 6080"}
        )
        self.assertTrue(typo)
        # a beneficiary's account is the IBAN the aid is paid to: checked in full
        with self.assertRaisesRegex(ValidationError, "is not a valid Saudi IBAN"):
            self.env["res.partner.bank"].sudo().create(
                {"partner_id": self.beneficiary.partner_id.id, "acc_number": "SA03 8000 0000 6080"}
            )
        # every employee still reads the supplier's accounts (a beneficiary's are private)
        self.assertEqual(bank.with_user(self.employee).acc_number, "SA03 8000 0000 6080 1016 7519")
        beneficiary_bank = (
            self.env["res.partner.bank"]
            .sudo()
            .create({"partner_id": self.beneficiary.partner_id.id, "acc_number": SAUDI_IBAN})
        )
        with self.assertRaises(AccessError):
            beneficiary_bank.with_user(self.employee).read(["acc_number"])

        bill = self.init_invoice("in_invoice", partner=supplier, amounts=[1200])
        bill.partner_bank_id = bank
        bill.action_post()
        register = (
            self.env["account.payment.register"]
            .with_user(self.billing)
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({})
        )
        self.assertEqual(register.partner_bank_id, bank)
        payment = register._create_payments()
        self.assertEqual(payment.partner_bank_id, bank)
        self.assertEqual(payment.amount, 1200)
        self.assertIn(bill.payment_state, ("paid", "in_payment"))

    def test_ordinary_invoice_prints_as_before(self):
        invoice = self.init_invoice("out_invoice", amounts=[500], post=True)
        report = self.env.ref("account.account_invoices")
        logs = self.env["beneficiary.access.log"].sudo().search_count([])
        html = report._render_qweb_html(report.report_name, invoice.ids)[0]
        # not logged as an access to a beneficiary's data
        self.assertEqual(self.env["beneficiary.access.log"].sudo().search_count([]), logs)
        # laid out for the PDF exactly as Odoo lays it out without the module
        report = report.with_context(lang="en_US")
        self.assertEqual(report._prepare_html(html), laid_out_without_module(report, html))
        # the module's letters get their Arabic words placed one by one
        letter = Markup(
            "<html><body><main><div class='article'><div class='o_br_letter'>"
            "<p>المبلغ 1500 ريال</p></div></div></main></body></html>"
        )
        self.assertNotEqual(report._prepare_html(letter), laid_out_without_module(report, letter))

    def test_chatter_of_other_records_as_before(self):
        partner = self.partner_a
        # Odoo asks an employee without an e-mail address to set one before
        # posting; on the module's records the association's address is used
        with self.assertRaises(UserError):
            partner.with_user(self.employee).message_post(body="ملاحظة")
        self.beneficiary.with_user(self.officer).message_post(body="ملاحظة")
        # anybody may follow a contact, and get an activity on it
        partner.with_user(self.employee).message_subscribe(partner_ids=self.billing.partner_id.ids)
        self.assertIn(self.billing.partner_id, partner.message_partner_ids)
        activity = partner.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.billing.id, summary="اتصال"
        )
        self.assertEqual(activity.user_id, self.billing)
        # a beneficiary's file only by who may read it
        with self.assertRaisesRegex(UserError, "cannot follow"):
            self.beneficiary.sudo().message_subscribe(partner_ids=self.billing.partner_id.ids)
        with self.assertRaisesRegex(ValidationError, "so the activity cannot be assigned to him"):
            self.beneficiary.sudo().activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.employee.id
            )

    def test_templates_of_other_models_render_as_before(self):
        template = self.env["mail.template"].create(
            {
                "name": "Greeting",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "subject": "Hello {{ object.name }}",
                "body_html": "<p>Dear <t t-out='object.name'/></p>",
            }
        )
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.employee)
            .with_context(default_model="res.partner", default_res_ids=self.partner_a.ids)
            .create({"template_id": template.id})
        )
        self.assertEqual(composer.subject, f"Hello {self.partner_a.name}")
        self.assertIn(self.partner_a.name, composer.body)

    def test_answers_of_other_surveys_as_before(self):
        survey = self.env["survey.survey"].sudo().create({"title": "Event feedback"})
        answer = survey._create_answer(partner=self.partner_a)
        survey_user = new_test_user(
            self.env, "br_core_survey_user", groups="survey.group_survey_user"
        )
        self.assertEqual(
            self.env["survey.user_input"]
            .with_user(survey_user)
            .search([("survey_id", "=", survey.id)]),
            answer,
        )
        self.assertEqual(answer.with_user(survey_user).partner_id, self.partner_a)
