from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount

from ..tools import MISSING_IBAN_ACTIVITY, check_vals_list, list_text, many2one_ids

CASH_DOCUMENT_FIELDS = ("amount", "date_planned", "kind", "request_id", "description")


class BeneficiaryDisbursement(models.Model):
    """One installment of the aid approved for a request: cash paid through
    Odoo Accounting (a vendor bill or a direct payment), or in-kind aid
    delivered.  Its state and the amounts posted and paid are read from the
    accounting documents, never kept by hand."""

    _name = "beneficiary.disbursement"
    _description = "Aid Disbursement"
    _inherit = ["mail.thread", "beneficiary.step.mixin"]
    _order = "date_planned, request_id, sequence, id"
    _check_company_auto = True

    request_id = fields.Many2one(
        "beneficiary.request",
        string="Support Request",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    request_reference = fields.Char(related="request_id.name", string="Request", store=True)
    program_id = fields.Many2one(related="request_id.program_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="request_id.partner_id", store=True, index=True, string="Beneficiary Contact"
    )
    beneficiary_id = fields.Many2one(
        related="request_id.beneficiary_id",
        store=True,
        index=True,
        groups="beneficiary_relations.group_relations_officer,"
        "beneficiary_relations.group_committee_member",
    )
    approved_amount = fields.Monetary(related="request_id.approved_amount")
    date_decision = fields.Date(related="request_id.date_decision")
    sequence = fields.Integer(default=1)
    name = fields.Char(
        string="Installment", required=True, default=lambda self: self.env._("Installment")
    )
    kind = fields.Selection(
        [("cash", "Cash"), ("in_kind", "In Kind")], required=True, default="cash", tracking=True
    )
    description = fields.Char(help="What is delivered, for in-kind aid.")
    date_planned = fields.Date(string="Due Date", required=True, index=True, tracking=True)
    amount = fields.Monetary(
        required=True, tracking=True, help="Cash amount, or the value of the in-kind aid."
    )
    method = fields.Selection(
        [("bill", "Vendor Bill"), ("payment", "Direct Payment")],
        help="Taken from the program when the installment is planned.",
    )
    # Odoo Accounting's documents: read by the accountants, not by the officers
    move_ids = fields.One2many(
        "account.move",
        "beneficiary_disbursement_id",
        string="Bills",
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    payment_ids = fields.One2many(
        "account.payment",
        "beneficiary_disbursement_id",
        string="Payments",
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    cancelled = fields.Boolean(readonly=True, copy=False, tracking=True, step=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("to_post", "To Confirm"),
            ("posted", "To Pay"),
            ("partial", "Partially Paid"),
            ("paid", "Paid"),
            ("delivered", "Delivered"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_accounting",
        store=True,
        index=True,
        tracking=True,
        step=True,
    )
    amount_posted = fields.Monetary(compute="_compute_accounting", store=True, step=True)
    amount_paid = fields.Monetary(compute="_compute_accounting", store=True, step=True)
    date_paid = fields.Date(compute="_compute_accounting", store=True, step=True)
    date_delivered = fields.Date(readonly=True, copy=False, step=True)
    delivered_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A disbursement's amount must be positive."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        requests = self.env["beneficiary.request"].browse(many2one_ids(vals_list, "request_id"))
        methods = {request.id: request.program_id.disbursement_method for request in requests}
        for vals in vals_list:
            if vals.get("kind", "cash") == "cash" and not vals.get("method"):
                request_id = next(iter(many2one_ids([vals], "request_id")), None)
                vals["method"] = methods.get(request_id)
        lines = super().create(vals_list)
        # however the installments are made (the plan, a form, RPC)
        lines.request_id._check_can_receive_aid()
        lines._flag_missing_iban()
        return lines

    def _flag_missing_iban(self):
        """A missing IBAN is found when the aid is planned, by the request's
        officer who may fix the file, not later by the accountant."""
        unpayable = self.filtered(
            lambda d: (
                d.kind == "cash" and d.program_id.require_bank_account and not d._bank_account()
            )
        )
        for request in unpayable.request_id:
            request._schedule_activity(
                MISSING_IBAN_ACTIVITY,
                request.user_id or self.env.user,
                self.env._(
                    "Record the IBAN of %(beneficiary)s: its aid cannot be paid without it",
                    beneficiary=request.beneficiary_id.name,
                ),
            )

    # --- accounting state -------------------------------------------------

    def _live_documents(self):
        """The bill or payment standing for this installment (cancelled and
        reversed ones returned the amount to the plan)."""
        self.ensure_one()
        self = self.sudo()  # sudo: the officers do not read Accounting's documents
        moves = self.move_ids.filtered(
            lambda m: m.state != "cancel" and m.payment_state != "reversed"
        )
        payments = self.payment_ids.filtered(lambda p: p.state not in ("canceled", "rejected"))
        return moves, payments

    @api.depends(
        "kind",
        "amount",
        "cancelled",
        "date_delivered",
        "move_ids.state",
        "move_ids.payment_state",
        "move_ids.amount_residual",
        "payment_ids.state",
        "payment_ids.amount",
    )
    def _compute_accounting(self):
        for line in self:
            moves, payments = line._live_documents()
            posted_moves = moves.filtered(lambda m: m.state == "posted")
            posted_payments = payments.filtered(lambda p: p.state in ("in_process", "paid"))
            line.amount_posted = sum(posted_moves.mapped("amount_total")) + sum(
                posted_payments.mapped("amount")
            )
            line.amount_paid = sum(m.amount_total - m.amount_residual for m in posted_moves) + sum(
                posted_payments.mapped("amount")
            )
            line.date_paid = line._payment_date(posted_moves, posted_payments)
            line.state = line._state_from(moves, payments)

    def _state_from(self, moves, payments):
        if self.cancelled:
            return "cancelled"
        if self.kind == "in_kind":
            return "delivered" if self.date_delivered else "planned"
        if not moves and not payments:
            return "planned"
        if self.currency_id.compare_amounts(self.amount_paid, self.amount) >= 0:
            return "paid"
        if self.amount_paid:
            return "partial"
        return "posted" if self.amount_posted else "to_post"

    def _payment_date(self, moves, payments):
        """When the money left: the latest reconciliation of the bills'
        payable lines, or the direct payments' date."""
        payable = moves.line_ids.filtered(lambda aml: aml.account_type == "liability_payable")
        dates = payable.matched_debit_ids.mapped("max_date") + payments.mapped("date")
        return max(dates) if dates else False

    # --- rules ------------------------------------------------------------

    @api.constrains("request_id", "amount", "kind", "description")
    def _check_plan(self):
        for line in self:
            request = line.request_id
            if request.state != "approved":
                raise ValidationError(
                    self.env._(
                        "Aid can be planned only after the final approval of the request "
                        "(%(request)s).",
                        request=request.name,
                    )
                )
            if line.kind == "in_kind" and not (line.description or "").strip():
                raise ValidationError(self.env._("Describe the in-kind aid that is delivered."))
        for request in self.request_id:
            planned = sum(
                request.disbursement_ids.filtered(lambda d: not d.cancelled).mapped("amount")
            )
            if request.currency_id.compare_amounts(planned, request.approved_amount) > 0:
                raise ValidationError(
                    self.env._(
                        "The disbursements of %(request)s would total %(planned)s, more than the "
                        "approved %(approved)s.",
                        request=request.name,
                        planned=format_amount(self.env, planned, request.currency_id),
                        approved=format_amount(
                            self.env, request.approved_amount, request.currency_id
                        ),
                    )
                )

    @api.constrains("amount", "date_planned", "cancelled", "request_id")
    def _check_budget(self):
        programs = self.program_id.filtered("yearly_budget")
        if not programs:
            return
        planned = self._planned_by_program_year(programs.ids)
        for line in self.filtered(lambda d: d.program_id in programs and not d.cancelled):
            key = (line.program_id.id, line.date_planned.year)
            if line.currency_id.compare_amounts(planned[key], line.program_id.yearly_budget) > 0:
                raise ValidationError(
                    line.program_id._budget_message(
                        line.date_planned.year, planned[key] - line.amount, line.amount
                    )
                )

    @api.model
    def _planned_by_program_year(self, program_ids):
        """{(program id, year): aid planned and not cancelled}, one query."""
        # sudo: the program's budget counts every plan, whoever reads it
        groups = self.sudo()._read_group(
            [("program_id", "in", program_ids), ("cancelled", "=", False)],
            ["program_id", "date_planned:year"],
            ["amount:sum"],
        )
        result = defaultdict(float)
        for program, year, amount in groups:
            result[program.id, year.year] = amount
        return result

    def _check_locked(self, vals):
        locked = set(vals) & set(CASH_DOCUMENT_FIELDS)
        # sudo: the state of the documents behind the lines, whoever writes
        if locked and self.sudo().filtered(
            lambda d: d.state != "planned" or d.move_ids or d.payment_ids
        ):
            raise UserError(
                self.env._(
                    "An installment with an accounting document, or delivered or cancelled, "
                    "cannot be changed: cancel its bill or payment first."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_plain_plans(self):
        # sudo: the state of the documents behind the lines, whoever deletes
        if self.sudo().filtered(lambda d: d.move_ids or d.payment_ids or d.state != "planned"):
            raise UserError(
                self.env._(
                    "Installments that have an accounting document or were delivered are "
                    "kept as evidence: cancel them instead of deleting them."
                )
            )

    # --- actions ----------------------------------------------------------

    def _still_open(self):
        """The installments of these still to pay or to deliver."""
        return self.filtered(lambda line: line.state in ("planned", "to_post", "posted", "partial"))

    def action_cancel(self):
        """Take planned installments out of the plan (their amount returns to
        the request's remaining amount)."""
        self._check_officer(self.env._("Cancelling an installment"))
        self._lock_rows()
        live = self.filtered(lambda d: any(d._live_documents()) or d.state == "delivered")
        if live:
            raise UserError(
                self.env._(
                    "Cancel the bill or payment of %(names)s in Accounting first; delivered "
                    "aid cannot be cancelled.",
                    names=list_text(self.env, live.mapped("display_name")),
                )
            )
        self._step().write({"cancelled": True})
        return True

    def action_deliver(self):
        self._check_officer(self.env._("Recording a delivery"))
        self._lock_rows()
        if self.filtered(lambda d: d.kind != "in_kind" or d.state != "planned"):
            raise UserError(self.env._("Only planned in-kind aid can be marked as delivered."))
        self._step().write(
            {"date_delivered": fields.Date.context_today(self), "delivered_by_id": self.env.uid}
        )
        self.request_id._close_when_settled()
        return True

    def action_create_documents(self):
        """Turn the selected cash installments into draft vendor bills or
        payments, all in one batch (accountants confirm and pay them)."""
        if not self.env["account.move"].has_access("create"):
            raise AccessError(
                self.env._("Only accountants can create the aid's bills and payments.")
            )
        lines = self.filtered(lambda d: d.kind == "cash" and d.state == "planned")
        if not lines:
            raise UserError(
                self.env._("Select planned cash installments without a bill or payment.")
            )
        problems = lines._billing_problems()
        skipped = lines.browse(problems)
        lines -= skipped
        report = "\n".join(
            f"• {line.display_name} ({line.partner_id.name}): {problems[line.id]}"
            for line in skipped
        )
        if not lines:
            raise UserError(self.env._("Nothing could be billed:\n%(report)s", report=report))
        today = fields.Date.context_today(self)
        bills = lines.filtered(lambda d: d.method == "bill")
        if bills:
            self.env["account.move"].create([line._bill_values(today) for line in bills])
        payments = lines - bills
        if payments:
            self.env["account.payment"].create([line._payment_values(today) for line in payments])
        skipped._flag_to_officers(problems)
        action = lines.action_open_documents()
        if not skipped:
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("Installments not billed: %(count)s", count=len(skipped)),
                "message": report,
                "next": action,
            },
        }

    def _billing_problems(self):
        """{installment id: why it cannot be billed now}: the program's
        accounting setup, the beneficiary's IBAN."""
        setup = {}
        for program in self.program_id:
            if not program.aid_account_id:
                setup[program] = self.env._(
                    "Set the aid expense account of %(program)s.", program=program.name
                )
            elif not program._aid_journal():
                setup[program] = self.env._(
                    "Set the aid journal of %(program)s.", program=program.name
                )
        problems = {}
        for line in self:
            program = line.program_id
            if program in setup:
                problems[line.id] = setup[program]
            elif program.require_bank_account and not line._bank_account():
                problems[line.id] = self.env._(
                    "%(beneficiary)s has no valid Saudi IBAN bank account.",
                    beneficiary=line.partner_id.name,
                )
        return problems

    def _flag_to_officers(self, problems):
        """An activity on the request for its officer, who may fix the file
        (the accountant may not read it)."""
        for line in self:
            # sudo: the accountant flags the request to its officer without reading the request
            request = line.request_id.sudo()
            officer = request.user_id or request.submitted_by_id
            if officer:
                request._schedule_activity(
                    "beneficiary_relations.mail_activity_type_aid_not_billed",
                    officer,
                    self.env._("Aid not billed: %(reason)s", reason=problems[line.id]),
                )

    def _bank_account(self):
        self.ensure_one()
        # sudo: the beneficiary's bank account, which the accountant reads for the bill only
        account = self.request_id.sudo().beneficiary_id.bank_account_id
        return (
            account
            or self.partner_id.bank_ids.filtered(lambda b: b.sanitized_acc_number.startswith("SA"))[
                :1
            ]
        )

    def _document_label(self):
        return self.env._(
            "%(program)s aid, %(request)s, %(installment)s",
            program=self.program_id.name,
            request=self.request_reference,
            installment=self.name,
        )

    def _bill_values(self, today):
        program = self.program_id
        return self.env["account.move"]._aid_bill_values(
            self.partner_id,
            program._aid_journal(),
            program.aid_account_id,
            self.amount,
            self._document_label(),
            analytic=program.analytic_account_id,
            company_id=self.company_id.id,
            invoice_date=today,
            invoice_date_due=max(today, self.date_planned),
            ref=f"{self.request_reference} - {self.name}",
            payment_reference=self.request_reference,
            partner_bank_id=self._bank_account().id,
            beneficiary_disbursement_id=self.id,
        )

    def _payment_values(self, today):
        program = self.program_id
        return {
            "payment_type": "outbound",
            "partner_type": "supplier",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": program._aid_journal().id,
            "amount": self.amount,
            "date": max(today, self.date_planned),
            "memo": self._document_label(),
            "partner_bank_id": self._bank_account().id,
            "destination_account_id": program.aid_account_id.id,
            "beneficiary_disbursement_id": self.id,
        }

    def _demo_settle(self):
        """Demo data only: confirm the installments' bills, dated on their
        due dates, and pay each in full on its due date, through Odoo's
        payment wizard."""
        for line in self:
            bills = line.move_ids.filtered(lambda m: m.state == "draft")
            bills.write({"invoice_date": line.date_planned})
            bills.action_post()
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=line.move_ids.ids
            ).create({"payment_date": line.date_planned})._create_payments()

    def action_open_documents(self):
        moves = self.move_ids
        payments = self.payment_ids
        if payments and not moves:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "account.action_account_payments_payable"
            )
            action["domain"] = [("id", "in", payments.ids)]
        else:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "account.action_move_in_invoice_type"
            )
            action["domain"] = [("id", "in", moves.ids)]
        action["context"] = {"create": False}
        return action
