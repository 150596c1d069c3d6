from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from .. import rules
from ..tools import list_text


class StakeholderCompensation(models.Model):
    """A compensation case for a stakeholder whose rights were breached
    (سياسة تعويض أصحاب المصالح).

    ::

        draft ─assess─> assessed ─negotiate─> negotiation ─agree─> agreed
          ─approve (manager, every condition met)─> approved ─compensate─> compensated
        draft, assessed, negotiation, agreed ─reject (reason)─> rejected

    The policy's conditions are recorded as facts: the association failed a
    contractual obligation or an approved professional standard, it directly
    caused the damage, and this is proven by its own acknowledgement or by a
    final ruling of the competent authority.
    """

    _name = "stakeholder.compensation"
    _description = "Stakeholder Compensation"
    _inherit = ["mail.thread", "mail.activity.mixin", "beneficiary.workflow.mixin"]
    _order = "id desc"
    _beneficiary_private = True
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("assessed", "Assessed"),
            ("negotiation", "Negotiation"),
            ("agreed", "Agreed"),
            ("approved", "Approved"),
            ("compensated", "Compensated"),
            ("rejected", "Rejected"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        step=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Stakeholder",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    source = fields.Selection(
        [("complaint", "Complaint"), ("contract", "Contract"), ("request", "Support Request")],
        required=True,
        default="complaint",
    )
    complaint_id = fields.Many2one("stakeholder.complaint", check_company=True)
    request_id = fields.Many2one(
        "beneficiary.request", string="Support Request", check_company=True
    )
    contract_reference = fields.Char(string="Contract")
    breach_description = fields.Html(string="Breach", required=True)
    breach_type = fields.Selection(
        [
            ("contractual", "Contractual Obligation"),
            ("professional", "Approved Professional Standard"),
        ],
        tracking=True,
    )
    # the policy's conditions, as recorded facts
    association_failed = fields.Boolean(
        string="Association Failed Its Obligation",
        tracking=True,
        help="The breach comes from the association's failure to meet its contractual "
        "obligations or its approved professional standards.",
    )
    directly_caused = fields.Boolean(string="Association Directly Caused the Damage", tracking=True)
    proof_type = fields.Selection(
        [
            ("acknowledgement", "The Association's Acknowledgement"),
            ("final_ruling", "Final Ruling of the Competent Authority"),
        ],
        string="Proof",
        tracking=True,
    )
    acknowledgement_document = fields.Binary(attachment=True)
    acknowledgement_filename = fields.Char()
    ruling_authority = fields.Char()
    ruling_reference = fields.Char()
    ruling_date = fields.Date()
    missing_conditions = fields.Text(compute="_compute_missing_conditions")
    conditions_met = fields.Boolean(compute="_compute_missing_conditions")
    negotiation_ids = fields.One2many(
        "stakeholder.compensation.negotiation", "compensation_id", string="Negotiation Log"
    )
    agreed_amount = fields.Monetary(tracking=True)
    mechanism = fields.Selection(
        [("payment", "Payment"), ("service", "Service"), ("other", "Other")], tracking=True
    )
    mechanism_note = fields.Text(string="Agreed Mechanism")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)
    approved_date = fields.Datetime(readonly=True, copy=False, step=True)
    compensated_date = fields.Date(readonly=True, copy=False, step=True)
    rejection_reason = fields.Text(readonly=True, copy=False, step=True)
    move_id = fields.Many2one(
        "account.move",
        string="Vendor Bill",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        step=True,
    )
    payment_state = fields.Selection(related="move_id.payment_state", string="Payment Status")

    @api.depends(
        "association_failed",
        "directly_caused",
        "proof_type",
        "acknowledgement_document",
        "ruling_authority",
        "ruling_reference",
        "ruling_date",
    )
    def _compute_missing_conditions(self):
        for case in self:
            missing = rules.compensation_missing_conditions(case._condition_facts())
            labels = dict(self._condition_labels())
            case.missing_conditions = "\n".join(labels[key] for key in missing)
            case.conditions_met = not missing

    def _condition_facts(self):
        self.ensure_one()
        return {
            "failure": self.association_failed,
            "direct_cause": self.directly_caused,
            "proof": self.proof_type,
            "acknowledgement_document": bool(self.acknowledgement_document),
            "ruling_authority": self.ruling_authority,
            "ruling_reference": self.ruling_reference,
            "ruling_date": self.ruling_date,
        }

    def _condition_labels(self):
        return [
            (
                "failure",
                self.env._(
                    "The association failed its contractual obligations or approved "
                    "professional standards"
                ),
            ),
            ("direct_cause", self.env._("The association directly caused the damage")),
            (
                "proof",
                self.env._(
                    "Proof: the association's acknowledgement (document) or a final ruling "
                    "(authority, reference and date)"
                ),
            ),
        ]

    @api.constrains("agreed_amount")
    def _check_amount(self):
        if any(case.agreed_amount < 0 for case in self):
            raise ValidationError(self.env._("A compensation amount cannot be negative."))

    @api.constrains("state", "proof_type", "ruling_reference", "ruling_authority", "ruling_date")
    def _check_ruling(self):
        for case in self:
            if (
                case.proof_type == "final_ruling"
                and case.state != "draft"
                and not (case.ruling_reference and case.ruling_authority and case.ruling_date)
            ):
                raise ValidationError(
                    self.env._(
                        "A final ruling needs the authority, its reference and its date "
                        "(%(name)s).",
                        name=case.name,
                    )
                )
            if case.ruling_date and case.ruling_date > fields.Date.context_today(self):
                raise ValidationError(self.env._("A ruling date cannot be in the future."))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(case.state != "draft" for case in self):
            raise UserError(self.env._("Only draft compensation cases can be deleted."))

    def _check_locked(self, vals):
        final = self.filtered(lambda c: c.state in ("approved", "compensated", "rejected"))
        allowed = {"state", "compensated_date", "move_id", "activity_ids", "message_follower_ids"}
        if final and set(vals) - allowed:
            raise UserError(
                self.env._("An approved, paid or rejected compensation case cannot be changed.")
            )

    def action_assess(self):
        self._check_officer(self.env._("Assessing"))
        self._lock_rows()
        self._check_state(["draft"], self.env._("Assessing"))
        if any(not case.breach_type for case in self):
            raise UserError(
                self.env._("Say whether the breach concerns a contract or a professional standard.")
            )
        self._step().write({"state": "assessed"})
        return True

    def action_negotiate(self):
        self._check_officer(self.env._("Negotiating"))
        self._lock_rows()
        self._check_state(["assessed"], self.env._("Negotiating"))
        self._step().write({"state": "negotiation"})
        return True

    def action_agree(self):
        self._check_officer(self.env._("Recording the agreement"))
        self._lock_rows()
        self._check_state(["negotiation"], self.env._("Recording the agreement"))
        for case in self:
            if not case.mechanism or (case.mechanism == "payment" and not case.agreed_amount):
                raise UserError(
                    self.env._(
                        "Record the agreed mechanism, and the amount of a payment (%(name)s).",
                        name=case.name,
                    )
                )
            if not case.negotiation_ids:
                raise UserError(
                    self.env._(
                        "Log the negotiation with the affected party first (%(name)s).",
                        name=case.name,
                    )
                )
        self._step().write({"state": "agreed"})
        return True

    def action_approve(self):
        """The manager approves; impossible unless every condition is met."""
        self._check_manager(
            self.env._("Only the beneficiary relations manager approves compensation.")
        )
        self._lock_rows()
        self._check_state(["agreed"], self.env._("Approving"))
        for case in self:
            if not case.conditions_met:
                raise UserError(
                    self.env._(
                        "%(name)s cannot be approved: these conditions of the policy are not "
                        "established:\n%(missing)s",
                        name=case.name,
                        missing=case.missing_conditions,
                    )
                )
        self._step().write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_date": fields.Datetime.now(),
            }
        )
        return True

    def action_mark_compensated(self):
        self._check_officer(self.env._("Recording the compensation"))
        self._lock_rows()
        self._check_state(["approved"], self.env._("Recording the compensation"))
        unapproved = self.filtered(lambda c: not c.approved_by_id)
        if unapproved:
            raise UserError(
                self.env._(
                    "%(names)s has no recorded approval of the manager.",
                    names=list_text(self.env, unapproved.mapped("name")),
                )
            )
        self._register_compensation()
        self._step().write(
            {"state": "compensated", "compensated_date": fields.Date.context_today(self)}
        )
        return True

    def _register_compensation(self):
        """A monetary compensation becomes a vendor bill to the stakeholder on
        the company's compensation journal and account, which the accountants
        confirm and pay like any bill."""
        cases = self.filtered(lambda c: c.mechanism == "payment" and not c.move_id)
        for company in cases.company_id:
            if not (company.compensation_account_id and company.compensation_journal_id):
                raise UserError(
                    self.env._(
                        "Set the compensation journal and expense account of %(company)s in "
                        "the settings before paying a compensation.",
                        company=company.name,
                    )
                )
        today = fields.Date.context_today(self)
        # sudo: the compensation's bill is booked by the step, whoever approves it
        Move = self.env["account.move"].sudo()
        moves = Move.create(
            [
                Move._aid_bill_values(
                    case.partner_id,
                    case.company_id.compensation_journal_id,
                    case.company_id.compensation_account_id,
                    case.agreed_amount,
                    self.env._("Compensation %(name)s", name=case.name),
                    company_id=case.company_id.id,
                    invoice_date=today,
                    ref=case.name,
                )
                for case in cases
            ]
        )
        for case, move in zip(cases, moves, strict=True):
            case._step().move_id = move
            case._message_log(
                body=self.env._(
                    "Compensation of %(amount)s to %(partner)s sent to Accounting as the bill "
                    "%(bill)s.",
                    amount=format_amount(self.env, case.agreed_amount, case.currency_id),
                    partner=case.partner_id.name,
                    bill=move.display_name,
                )
            )

    def action_view_bill(self):
        self.ensure_one()
        return self._open_form(self.move_id)

    def _reject(self, reason):
        self._check_officer(self.env._("Rejecting"))
        self._lock_rows()
        self._check_state(["draft", "assessed", "negotiation", "agreed"], self.env._("Rejecting"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for rejecting the compensation."))
        self._step().write({"state": "rejected", "rejection_reason": reason.strip()})

    def action_reject(self):
        self._check_state(["draft", "assessed", "negotiation", "agreed"], self.env._("Rejecting"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject the Compensation"),
            "res_model": "stakeholder.compensation.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"active_ids": self.ids},
        }


class StakeholderCompensationNegotiation(models.Model):
    """One step of the negotiation with the affected party."""

    _name = "stakeholder.compensation.negotiation"
    _description = "Compensation Negotiation Step"
    _inherit = ["beneficiary.step.mixin"]
    _order = "date, id"

    compensation_id = fields.Many2one(
        "stakeholder.compensation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="compensation_id.company_id", store=True)
    currency_id = fields.Many2one(related="compensation_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(
        [
            ("meeting", "Meeting"),
            ("offer", "Offer by the Association"),
            ("counter_offer", "Counter-Offer"),
            ("outcome", "Outcome"),
        ],
        required=True,
        default="meeting",
    )
    amount = fields.Monetary()
    note = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True, step=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        if not self.env.su:  # data loading records past negotiations
            steps._check_log_open()
        return steps

    def _check_locked(self, vals):
        self._check_log_open()

    def write(self, vals):
        result = super().write(vals)
        self._check_log_open()  # nor moved to a case that moved on
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_while_negotiating(self):
        self._check_log_open()

    def _check_log_open(self):
        """The negotiation log is written during the negotiation, and kept as
        evidence once the case moves on."""
        if any(
            # sudo: the case's state, whatever the writer may read of the case
            step.sudo().compensation_id.state not in ("assessed", "negotiation")
            for step in self
        ):
            raise UserError(
                self.env._(
                    "The negotiation log of a case that is agreed, approved, compensated or "
                    "rejected is kept as it is."
                )
            )

    @api.constrains("amount")
    def _check_amount(self):
        if any(step.amount < 0 for step in self):
            raise ValidationError(self.env._("An offer cannot be negative."))
