from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from .. import rules

# a plan of at most ten years of monthly installments, a year apart at most
MAX_INSTALLMENTS = 120
MAX_INTERVAL_MONTHS = 12


class BeneficiaryDisbursementPlan(models.TransientModel):
    """Plan the approved aid of a request: one payment, installments every
    N months, or in-kind aid with its value."""

    _name = "beneficiary.disbursement.plan"
    _description = "Plan the Aid of a Request"

    request_id = fields.Many2one(
        "beneficiary.request",
        required=True,
        readonly=True,
        default=lambda self: self._default_request_id(),
    )
    currency_id = fields.Many2one(related="request_id.currency_id")
    approved_amount = fields.Monetary(related="request_id.approved_amount")
    amount_unplanned = fields.Monetary(compute="_compute_amount_unplanned")
    kind = fields.Selection(
        [("cash", "Cash"), ("in_kind", "In Kind")], required=True, default="cash"
    )
    description = fields.Char(help="What is delivered, for in-kind aid.")
    schedule = fields.Selection(
        [("single", "One Payment"), ("installments", "Installments")],
        required=True,
        default="single",
    )
    installment_count = fields.Integer(string="Number of Installments", default=2)
    interval_months = fields.Integer(string="Every (Months)", default=1)
    date_first = fields.Date(
        string="First Due Date", required=True, default=fields.Date.context_today
    )
    amount = fields.Monetary(
        string="Amount to Plan", compute="_compute_amount", store=True, readonly=False
    )

    @api.model
    def _default_request_id(self):
        ids = self.env.context.get("active_ids")
        return ids[0] if isinstance(ids, list) and ids and type(ids[0]) is int else False

    @api.depends("request_id")
    def _compute_amount_unplanned(self):
        for wizard in self:
            wizard.amount_unplanned = (
                wizard.request_id.approved_amount - wizard.request_id.amount_planned
            )

    @api.depends("amount_unplanned")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard.amount_unplanned

    def action_confirm(self):
        self.ensure_one()
        request = self.request_id
        request._check_state(["approved"], self.env._("Planning the aid"))
        count = self.installment_count if self.schedule == "installments" else 1
        if self.currency_id.compare_amounts(self.amount, self.amount_unplanned) > 0:
            raise UserError(
                self.env._(
                    "Only %(left)s of the approved aid is left to plan.",
                    left=format_amount(self.env, self.amount_unplanned, self.currency_id),
                )
            )
        if not (
            1 <= count <= MAX_INSTALLMENTS and 1 <= self.interval_months <= MAX_INTERVAL_MONTHS
        ):
            raise UserError(
                self.env._(
                    "Plan from 1 to %(count)s installments, from 1 to %(months)s months apart.",
                    count=MAX_INSTALLMENTS,
                    months=MAX_INTERVAL_MONTHS,
                )
            )
        try:
            amounts = rules.split_amount(self.amount, count, self.currency_id.decimal_places)
        except rules.RuleError as err:
            raise UserError(
                self.env._("The amount to plan must be positive and cover every installment.")
            ) from err
        try:
            dates = rules.installment_dates(self.date_first, count, self.interval_months)
        except rules.RuleError as err:
            raise UserError(
                self.env._("The installments run past the calendar: choose an earlier first date.")
            ) from err
        first = len(request.disbursement_ids) + 1
        method = request.program_id.disbursement_method
        lines = self.env["beneficiary.disbursement"].create(
            [
                {
                    "request_id": request.id,
                    "sequence": first + index,
                    "name": (
                        self.env._(
                            "Installment %(number)s of %(count)s", number=index + 1, count=count
                        )
                        if count > 1
                        else self.env._("One payment")
                    ),
                    "kind": self.kind,
                    "description": self.description,
                    "date_planned": day,
                    "amount": amount,
                    "method": method if self.kind == "cash" else False,
                }
                for index, (day, amount) in enumerate(zip(dates, amounts, strict=True))
            ]
        )
        request._message_log(
            body=self.env._(
                "Aid planned: %(amount)s; installments: %(count)s.",
                count=len(lines),
                amount=format_amount(self.env, self.amount, self.currency_id),
            )
        )
        return {"type": "ir.actions.act_window_close"}
