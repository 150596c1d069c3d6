from odoo import fields, models

from ..tools import OFFICER, role_domain


class BeneficiaryRequestWizardMixin(models.AbstractModel):
    _name = "beneficiary.request.wizard.mixin"
    _description = "Request Wizard Mixin"

    request_ids = fields.Many2many(
        "beneficiary.request",
        string="Requests",
        default=lambda self: self.env.context.get("active_ids"),
    )
    reason = fields.Text(required=True)


class BeneficiaryRequestRefer(models.TransientModel):
    """Refer requests to the competent association."""

    _name = "beneficiary.request.refer"
    _inherit = ["beneficiary.request.wizard.mixin"]
    _description = "Refer a Support Request"

    partner_id = fields.Many2one(
        "res.partner",
        string="Competent Association",
        required=True,
        domain="[('stakeholder_type', '=', 'civil')]",
    )
    consent = fields.Boolean(
        string="The Applicant Consents to the Sharing",
        help="The applicant agrees that the data of the request are shared with the competent "
        "association (recorded as a consent of its own, which can be withdrawn).",
    )

    def action_confirm(self):
        self.ensure_one()
        self.request_ids._refer(self.partner_id, self.reason, consent=self.consent)
        return {"type": "ir.actions.act_window_close"}


class BeneficiaryRequestWithdraw(models.TransientModel):
    """Withdraw requests, or reject a decision awaiting the manager."""

    _name = "beneficiary.request.withdraw"
    _inherit = ["beneficiary.request.wizard.mixin"]
    _description = "Withdraw or Reject a Support Request"

    mode = fields.Selection(
        [("withdraw", "Withdraw"), ("reject", "Reject")], default="withdraw", required=True
    )

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "reject":
            self.request_ids._manager_reject(self.reason)
        else:
            self.request_ids._withdraw(self.reason)
        return {"type": "ir.actions.act_window_close"}


class BeneficiaryRequestEscalate(models.TransientModel):
    """Escalate an unclear case to a more senior or experienced officer."""

    _name = "beneficiary.request.escalate"
    _inherit = ["beneficiary.request.wizard.mixin"]
    _description = "Escalate a Support Request"

    user_id = fields.Many2one(
        "res.users",
        string="Senior Officer",
        required=True,
        domain=lambda self: role_domain(self.env, OFFICER),
    )

    def action_confirm(self):
        self.ensure_one()
        self.request_ids._escalate(self.user_id, self.reason)
        return {"type": "ir.actions.act_window_close"}


class BeneficiaryRequestJustify(models.TransientModel):
    """Record, with its reason, an urgent decision (before the earliest answer
    date) or an exception to the program's eligibility."""

    _name = "beneficiary.request.justify"
    _inherit = ["beneficiary.request.wizard.mixin"]
    _description = "Justify a Committee Decision"

    mode = fields.Selection(
        [("urgent", "Urgent Decision"), ("exception", "Eligibility Exception")],
        required=True,
        default="urgent",
    )

    def action_confirm(self):
        self.ensure_one()
        self.request_ids._justify(self.mode, self.reason)
        return {"type": "ir.actions.act_window_close"}


class StakeholderCompensationReject(models.TransientModel):
    """Reject a compensation case with its reason."""

    _name = "stakeholder.compensation.reject"
    _description = "Reject a Compensation Case"

    compensation_ids = fields.Many2many(
        "stakeholder.compensation", default=lambda self: self.env.context.get("active_ids")
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.compensation_ids._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
