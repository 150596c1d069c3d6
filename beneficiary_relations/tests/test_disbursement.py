from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import arabic_pattern, pdf_text
from .common_request import VALID_IBAN, DisbursementCommon


@tagged("post_install", "-at_install")
class TestDisbursement(DisbursementCommon):
    def test_full_path_to_paid_and_closed(self):
        request = self.approved_request(1000)
        self.assertEqual(request.amount_remaining, 1000)
        line = self.plan(request)
        self.assertEqual(line.amount, 1000)
        self.assertEqual(line.state, "planned")
        self.assertEqual(line.method, "bill")

        bill = self.bill(line)
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.partner_id, self.beneficiary.partner_id)
        self.assertEqual(bill.partner_bank_id.acc_number, VALID_IBAN)
        self.assertEqual(bill.invoice_line_ids.account_id, self.expense_account)
        self.assertFalse(bill.invoice_line_ids.tax_ids)
        self.assertEqual(
            bill.invoice_line_ids.analytic_distribution,
            {str(self.program.analytic_account_id.id): 100},
        )
        self.assertEqual(line.state, "to_post")
        self.assertEqual(request.amount_remaining, 0)
        self.assertEqual(request.amount_posted, 0)

        bill.with_user(self.accountant).action_post()
        self.assertEqual(line.state, "posted")
        self.assertEqual(request.amount_posted, 1000)
        self.assertEqual(request.amount_paid, 0)

        self.pay(bill)
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        self.assertEqual(line.state, "paid")
        self.assertEqual(line.amount_paid, 1000)
        self.assertEqual(line.date_paid, fields.Date.today())
        self.assertEqual(request.amount_paid, 1000)
        self.assertEqual(request.state, "closed", "fully paid: the request closes itself")
        self.assertEqual(self.beneficiary.with_user(self.officer).aid_received, 1000)

    def test_partial_payment(self):
        request = self.approved_request(1000)
        bill = self.bill(self.plan(request))
        bill.action_post()
        self.pay(bill, 300)
        line = request.disbursement_ids
        self.assertEqual(bill.payment_state, "partial")
        self.assertEqual(line.state, "partial")
        self.assertEqual(line.amount_paid, 300)
        self.assertEqual(request.amount_paid, 300)
        self.assertEqual(request.state, "approved")
        with self.assertRaisesRegex(UserError, "still have aid to pay or deliver"):
            request.action_close()
        self.pay(bill, 700)
        self.assertEqual(line.state, "paid")
        self.assertEqual(request.state, "closed")

    def test_installments(self):
        request = self.approved_request(1000)
        lines = self.plan(
            request,
            schedule="installments",
            installment_count=3,
            interval_months=1,
            date_first=date(2026, 1, 31),
        )
        self.assertEqual(lines.mapped("amount"), [333.33, 333.33, 333.34])
        self.assertEqual(
            lines.mapped("date_planned"), [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
        )
        self.assertEqual(request.amount_planned, request.approved_amount)
        bills = self.bill(lines[0])
        bills.action_post()
        self.pay(bills)
        self.assertEqual(request.amount_paid, 333.33)
        self.assertEqual(request.state, "approved", "two installments are still to pay")
        rest = self.bill(lines[1:])
        self.assertEqual(len(rest), 2)
        rest.action_post()
        self.pay(rest)
        self.assertEqual(request.amount_paid, 1000)
        self.assertEqual(request.state, "closed")

    def test_in_kind_delivery_closes(self):
        request = self.approved_request(600)
        self.plan(request, amount=400)
        self.plan(request, kind="in_kind", description="سلة غذائية")
        cash, in_kind = request.disbursement_ids
        self.assertEqual(in_kind.amount, 200)
        bill = self.bill(cash)
        bill.action_post()
        self.pay(bill)
        self.assertEqual(request.state, "approved", "the in-kind aid is not delivered yet")
        in_kind.with_user(self.officer).action_deliver()
        self.assertEqual(in_kind.state, "delivered")
        self.assertEqual(request.amount_delivered, 200)
        self.assertEqual(request.state, "closed")

    def test_indicators_count_aid_paid_and_delivered(self):
        request = self.approved_request(1000)
        self.plan(request, amount=600)
        self.plan(request, kind="in_kind", description="سلة غذائية")
        cash, in_kind = request.disbursement_ids
        bill = self.bill(cash)
        bill.action_post()
        self.pay(bill)
        in_kind.with_user(self.officer).action_deliver()
        # the payment is dated today in UTC, the decision and the delivery
        # today where their users are: the period covers both days
        days = {fields.Date.today(), request.date_decision, in_kind.date_delivered}
        kpis = (
            self.env["beneficiary.kpi"].with_user(self.manager)._compute_kpis(min(days), max(days))
        )
        self.assertEqual(kpis["aid"]["paid"], 600)
        self.assertEqual(kpis["aid"]["delivered"], 400)
        row = next(row for row in kpis["programs"] if row["label"] == self.program.name)
        self.assertEqual((row["approved"], row["paid"], row["delivered"]), (1000, 600, 400))

    def test_aid_statement_pdf(self):
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(["beneficiary_relations"], ["ar_001"])
        self.beneficiary.partner_id.lang = "ar_001"
        request = self.approved_request(1000)
        lines = self.plan(request, schedule="installments", installment_count=2)
        bill = self.bill(lines[0])
        bill.action_post()
        self.pay(bill)
        report = self.env["ir.actions.report"].with_user(self.accountant)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "beneficiary_relations.action_report_aid_statement", self.beneficiary.partner_id.ids
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        self.assertRegex(text, arabic_pattern("كشف الإعانات المستلمة"))
        self.assertIn(request.name, text)
        self.assertIn("500.00", text)
        # nothing planned for a contact: a clear refusal
        with self.assertRaisesRegex(UserError, "No aid has been planned for"):
            report._render_qweb_pdf(
                "beneficiary_relations.action_report_aid_statement", self.civil_body.ids
            )
        # other users do not read the aid
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.internal)._render_qweb_pdf(
                "beneficiary_relations.action_report_aid_statement",
                self.beneficiary.partner_id.ids,
            )

    def test_direct_payment(self):
        bank = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.company.id)], limit=1
        )
        self.program.write({"disbursement_method": "payment", "aid_journal_id": bank.id})
        request = self.approved_request(800)
        line = self.plan(request)
        line.with_user(self.accountant).action_create_documents()
        payment = line.payment_ids
        self.assertEqual(payment.amount, 800)
        self.assertEqual(payment.partner_type, "supplier")
        self.assertEqual(line.state, "to_post")
        payment.with_user(self.accountant).action_post()
        counterpart = payment.move_id.line_ids.filtered(
            lambda aml: aml.account_id == self.expense_account
        )
        self.assertEqual(counterpart.debit, 800)
        self.assertEqual(
            counterpart.analytic_distribution, {str(self.program.analytic_account_id.id): 100}
        )
        self.assertEqual(line.state, "paid")
        self.assertEqual(request.state, "closed")

    def test_no_disbursement_before_final_approval(self):
        request = self.request_at_committee(requested_amount=3000)
        with self.assertRaisesRegex(
            ValidationError, "Aid can be planned only after the final approval"
        ):
            self.env["beneficiary.disbursement"].create(
                {"request_id": request.id, "date_planned": date(2026, 1, 1), "amount": 100}
            )
        with self.assertRaisesRegex(UserError, "Planning the aid is not possible"):
            request.action_plan_disbursements()
        # above the committee's threshold: waiting for the manager is not final
        request._apply_committee_decisions({request: ("approved", 3000, "")})
        self.assertTrue(request.awaiting_manager)
        with self.assertRaisesRegex(
            ValidationError, "Aid can be planned only after the final approval"
        ):
            self.env["beneficiary.disbursement"].create(
                {"request_id": request.id, "date_planned": date(2026, 1, 1), "amount": 100}
            )
        self.assertFalse(request.disbursement_ids)

    def test_never_more_than_approved(self):
        request = self.approved_request(1000)
        with self.assertRaisesRegex(UserError, "of the approved aid is left to plan"):
            self.plan(request, amount=1200)
        self.plan(request, amount=900)
        with self.assertRaisesRegex(ValidationError, "more than the approved"):
            request.write(
                {
                    "disbursement_ids": [
                        Command.create({"date_planned": date(2026, 1, 1), "amount": 200})
                    ]
                }
            )
        self.assertEqual(request.amount_planned, 900)

    def test_overpayment_refused(self):
        request = self.approved_request(1000)
        bill = self.bill(self.plan(request))
        # a bill raised above its installment is never confirmed
        bill.invoice_line_ids.price_unit = 1500
        with self.assertRaisesRegex(UserError, "is more than its installment"):
            bill.action_post()
        bill.invoice_line_ids.price_unit = 1000
        bill.action_post()
        with self.assertRaisesRegex(UserError, "is more than what remains to pay on the aid bills"):
            self.pay(bill, 1200)
        self.assertEqual(bill.payment_state, "not_paid")
        self.assertFalse(request.amount_paid)

    def test_budget_exceeded(self):
        self.program.yearly_budget = 2500
        first = self.approved_request(2000)
        self.plan(first, date_first=date(2026, 3, 1))
        second = self.approved_request(1000, beneficiary_id=self.make_complete_beneficiary().id)
        with self.assertRaises(ValidationError) as error:
            self.plan(second, date_first=date(2026, 5, 1))
        self.assertIn("500.00", str(error.exception), "the message gives the remaining budget")
        self.assertFalse(second.disbursement_ids)
        # another year has its own budget
        self.plan(second, date_first=date(2027, 1, 10))
        self.assertEqual(second.amount_planned, 1000)

    def test_cancelled_bill_returns_amount(self):
        request = self.approved_request(1000)
        line = self.plan(request)
        bill = self.bill(line)
        bill.action_post()
        self.assertEqual(request.amount_remaining, 0)
        with self.assertRaisesRegex(UserError, "in Accounting first"):
            line.action_cancel()
        bill.button_draft()
        bill.button_cancel()
        self.assertEqual(line.state, "planned")
        self.assertEqual(request.amount_remaining, 1000)
        self.assertEqual(request.amount_posted, 0)
        # billed again: the cancelled bill stays in the books
        new_bill = self.bill(line)
        self.assertEqual(len(line.move_ids), 2)
        self.assertNotEqual(new_bill, bill)
        # or taken out of the plan
        new_bill.button_cancel()
        line.action_cancel()
        self.assertEqual(line.state, "cancelled")
        self.assertEqual(request.amount_planned, 0)

    def test_nothing_paid_is_deleted(self):
        request = self.approved_request(1000)
        line = self.plan(request)
        bill = self.bill(line)
        with self.assertRaisesRegex(UserError, "are kept as evidence"):
            line.unlink()
        with self.assertRaisesRegex(
            UserError,
            "An installment with an accounting document, or delivered or cancelled, cannot",
        ):
            line.write({"amount": 500})
        bill.action_post()
        self.pay(bill)
        with self.assertRaises(UserError):
            bill.unlink()
        with self.assertRaisesRegex(UserError, "are kept as evidence"):
            line.unlink()
        self.assertTrue(line.exists())
        plain = self.plan(self.approved_request(300, beneficiary_id=self.beneficiary.id))
        plain.unlink()
        self.assertFalse(plain.exists())

    def test_invalid_iban_refused(self):
        beneficiary = self.make_complete_beneficiary()
        for bad in ("SA0480000000608010167519", "SA03800000006080", "GB82WEST12345698765432"):
            with self.assertRaisesRegex(ValidationError, "is not a valid Saudi IBAN"):
                beneficiary.iban = bad
        with self.assertRaisesRegex(ValidationError, "A Saudi IBAN starts with SA"):
            self.env["res.partner.bank"].create(
                {"partner_id": beneficiary.partner_id.id, "acc_number": "123456"}
            )
        # a supplier's account is kept as Odoo keeps it (see test_core_unharmed)
        other = self.env["res.partner"].create({"name": "مورد"})
        self.env["res.partner.bank"].create(
            {"partner_id": other.id, "acc_number": "SA03 8000 0000 6080 1016 7518"}
        )
        beneficiary.iban = "sa03 8000 0000 6080 1016 7519"
        self.assertEqual(beneficiary.bank_account_id.acc_number, VALID_IBAN)

    def test_missing_iban_blocks_the_bill(self):
        beneficiary = self.make_complete_beneficiary()
        request = self.approved_request(500, beneficiary_id=beneficiary.id)
        line = self.plan(request)
        with self.assertRaises(UserError) as error:
            line.with_user(self.accountant).action_create_documents()
        self.assertIn("IBAN", str(error.exception))
        self.assertFalse(line.move_ids)

    def test_recording_the_iban_ends_its_reminder(self):
        beneficiary = self.make_complete_beneficiary()
        request = self.approved_request(500, beneficiary_id=beneficiary.id)
        self.plan(request)
        missing = self.env.ref("beneficiary_relations.mail_activity_type_missing_iban")
        reminder = request.activity_ids.filtered(lambda a: a.activity_type_id == missing)
        self.assertEqual(len(reminder), 1)
        beneficiary.with_user(self.officer).write({"mobile": "0501112233"})
        self.assertTrue(reminder.exists(), "only the IBAN ends it")
        beneficiary.with_user(self.officer).iban = VALID_IBAN
        self.assertFalse(reminder.exists())
        self.assertTrue(
            request.message_ids.filtered(lambda m: m.mail_activity_type_id == missing),
            "its completion is in the chatter",
        )

    def test_compensation_becomes_a_bill(self):
        case = self.env["stakeholder.compensation"].create(
            {
                "partner_id": self.civil_body.id,
                "breach_description": "<p>إخلال</p>",
                "mechanism": "payment",
                "agreed_amount": 750,
                "state": "approved",
                "approved_by_id": self.manager.id,
            }
        )
        with self.assertRaisesRegex(UserError, "Set the compensation journal and expense account"):
            case.action_mark_compensated()
        journal = self.env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", self.company.id)], limit=1
        )
        self.company.write(
            {
                "compensation_journal_id": journal.id,
                "compensation_account_id": self.expense_account.id,
            }
        )
        case.action_mark_compensated()
        self.assertEqual(case.state, "compensated")
        self.assertEqual(case.move_id.partner_id, self.civil_body)
        self.assertEqual(case.move_id.amount_total, 750)
        self.assertEqual(case.payment_state, "not_paid")


@tagged("post_install", "-at_install")
class TestDisbursementSaudiChart(TestDisbursement):
    """The aid flows again, in an association keeping its books on Odoo's
    Saudi chart of accounts (l10n_sa) as the demo association does: its
    purchase taxes stay off the aid, its journals take the bills and the
    payments."""

    chart_template = "sa"

    def test_books_on_the_saudi_chart(self):
        self.assertEqual(self.env.company.chart_template, "sa")
        self.assertEqual(self.program.company_id, self.env.company)
        self.assertTrue(self.env.company.account_purchase_tax_id, "the chart's 15% VAT")


@tagged("post_install", "-at_install")
class TestDisbursementAccess(DisbursementCommon):
    def test_accountant_sees_the_money_not_the_file(self):
        request = self.approved_request(1000)
        line = self.plan(request)
        as_accountant = line.with_user(self.accountant)
        self.assertEqual(as_accountant.request_reference, request.name)
        self.assertEqual(as_accountant.approved_amount, 1000)
        self.assertEqual(as_accountant.partner_id, self.beneficiary.partner_id)
        self.assertEqual(as_accountant.program_id.name, self.program.name)
        with self.assertRaises(AccessError):
            request.with_user(self.accountant).read(["reason"])
        with self.assertRaises(AccessError):
            self.beneficiary.with_user(self.accountant).read(["name"])
        with self.assertRaises(AccessError):
            as_accountant.read(["beneficiary_id"])
        with self.assertRaises(AccessError):
            as_accountant.write({"amount": 10})
        with self.assertRaises(AccessError):
            self.env["beneficiary.disbursement.plan"].with_user(self.accountant).create(
                {"request_id": request.id}
            )

    def test_only_accountants_create_bills(self):
        line = self.plan(self.approved_request(1000))
        with self.assertRaises(AccessError):
            line.with_user(self.officer).action_create_documents()
        with self.assertRaises(AccessError):
            line.with_user(self.manager).action_create_documents()
        self.assertFalse(line.move_ids)

    def test_others_cannot_read_disbursements(self):
        line = self.plan(self.approved_request(1000))
        for user in (self.internal, self.member):
            with self.assertRaises(AccessError):
                line.with_user(user).read(["amount"])

    def test_sensitive_bank_fields(self):
        with self.assertRaises(AccessError):
            self.beneficiary.with_user(self.internal).read(["iban"])
        self.assertEqual(self.beneficiary.with_user(self.officer).iban, VALID_IBAN)
        bank = self.beneficiary.bank_account_id
        # the IBAN is not readable through the contact's bank accounts either
        with self.assertRaises(AccessError):
            bank.with_user(self.internal).read(["acc_number"])
        self.assertFalse(
            self.env["res.partner.bank"].with_user(self.internal).search([("id", "=", bank.id)])
        )
        self.assertEqual(bank.with_user(self.accountant).acc_number, VALID_IBAN)
        self.assertEqual(bank.with_user(self.member).acc_number, VALID_IBAN)
        other = self.env["res.partner.bank"].create(
            {"partner_id": self.civil_body.id, "acc_number": "SA2305000068201234567000"}
        )
        self.assertEqual(other.with_user(self.internal).acc_number, "SA2305000068201234567000")


@tagged("post_install", "-at_install")
class TestDisbursementQueries(DisbursementCommon):
    def make_lines(self, count):
        request = self.approved_request(count, beneficiary_id=self.beneficiary.id)
        return self.env["beneficiary.disbursement"].create(
            [
                {
                    "request_id": request.id,
                    "name": f"{index + 1}/{count}",
                    "date_planned": date(2026, 1, 1),
                    "amount": 1,
                }
                for index in range(count)
            ]
        )

    def count_queries(self, lines):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        lines.with_user(self.accountant).action_create_documents()
        self.env.flush_all()
        return self.env.cr.sql_log_count - start

    def test_bill_generation_scales(self):
        self.count_queries(self.make_lines(5))  # warm the caches
        small = self.count_queries(self.make_lines(50))
        large_lines = self.make_lines(500)
        large = self.count_queries(large_lines)
        self.assertEqual(len(large_lines.move_ids), 500)
        per_bill = (large - small) / 450
        # Odoo Accounting itself costs about four queries per bill created
        self.assertLessEqual(per_bill, 5, f"{small} queries for 50 bills, {large} for 500")
