from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import rules

# the implementing officer's acknowledgement (data/mail_activity_type_data.xml)
ACKNOWLEDGEMENT_ACTIVITY = "beneficiary_relations.mail_activity_type_policy_acknowledgement"


class StakeholderPolicy(models.Model):
    """A policy of the association, with its board approval (اعتماد مجلس الإدارة)
    and the written acknowledgement of the officer who implements it (إقرار).

    ::

        draft ─approve─> approved ─(a newer version is approved)─> superseded
    """

    _name = "stakeholder.policy"
    _description = "Association Policy"
    _inherit = ["mail.thread", "mail.activity.mixin", "beneficiary.step.mixin"]
    _order = "name, version desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    version = fields.Char(required=True, default="1.0", tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("superseded", "Superseded")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        step=True,
    )
    scope = fields.Selection(
        [
            ("beneficiaries", "Relation with Beneficiaries"),
            ("complaints", "Complaints and Disputes"),
            ("compensation", "Stakeholder Compensation"),
            ("confidentiality", "Good Relations and Confidentiality"),
            ("information", "Access to Information"),
            ("other", "Other"),
        ],
        required=True,
        default="beneficiaries",
    )
    text = fields.Html()
    document = fields.Binary(attachment=True)
    document_name = fields.Char()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    board_meeting_number = fields.Char(tracking=True)
    board_approval_date = fields.Date(tracking=True)
    board_approval_date_hijri = fields.Char(
        string="Board Approval Date (Hijri)", compute="_compute_board_approval_date_hijri"
    )
    board_chair_name = fields.Char(string="Board Chair")
    effective_date = fields.Date(tracking=True)
    previous_id = fields.Many2one(
        "stakeholder.policy",
        string="Supersedes",
        copy=False,
        readonly=True,
        check_company=True,
        step=True,
    )
    implementing_officer_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain="[('share', '=', False)]",
        help="The officer charged with implementing the policy, who acknowledges it in writing.",
    )
    acknowledged_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)
    acknowledgement_date = fields.Datetime(readonly=True, copy=False, tracking=True, step=True)

    _sql_constraints = [
        ("version_unique", "unique(name, version, company_id)", "This version already exists."),
    ]

    @api.depends_context("lang")
    @api.depends("board_approval_date")
    def _compute_board_approval_date_hijri(self):
        arabic = (self.env.lang or "").startswith("ar")
        for policy in self:
            policy.board_approval_date_hijri = rules.hijri_date(policy.board_approval_date, arabic)

    @api.constrains("board_approval_date", "effective_date")
    def _check_dates(self):
        for policy in self:
            if (
                policy.board_approval_date
                and policy.board_approval_date > fields.Date.context_today(self)
            ):
                raise ValidationError(self.env._("The board cannot approve in the future."))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(policy.state != "draft" for policy in self):
            raise UserError(
                self.env._("An approved policy is kept: approve a new version instead.")
            )

    def _check_locked(self, vals):
        locked = {
            "name", "version", "text", "document", "scope", "board_meeting_number",
            "board_approval_date", "effective_date", "implementing_officer_id",
        }  # fmt: skip
        if self.filtered(lambda p: p.state != "draft") and locked & vals.keys():
            raise UserError(
                self.env._("An approved policy cannot be changed: create a new version.")
            )

    def action_approve(self):
        """Record the board's approval; the previous version is superseded."""
        self._check_manager(self.env._("Only the manager records the board's approval."))
        self._lock_rows()
        for policy in self:
            if policy.state != "draft":
                raise UserError(self.env._("Only a draft policy can be approved."))
            if not (
                policy.board_meeting_number
                and policy.board_approval_date
                and policy.implementing_officer_id
            ):
                raise UserError(
                    self.env._(
                        "Record the board meeting number, the approval date and the "
                        "implementing officer of %(name)s first.",
                        name=policy.name,
                    )
                )
        for policy in self._step():
            policy.write(
                {
                    "state": "approved",
                    "effective_date": policy.effective_date or policy.board_approval_date,
                }
            )
            policy.previous_id.filtered(lambda p: p.state == "approved").write(
                {"state": "superseded"}
            )
        self._activity_update()
        return True

    def action_acknowledge(self):
        """The implementing officer's written acknowledgement (إقرار)."""
        for policy in self:
            if policy.state != "approved":
                raise UserError(self.env._("Only an approved policy is acknowledged."))
            if policy.implementing_officer_id != self.env.user:
                raise AccessError(
                    self.env._("Only the implementing officer acknowledges the policy.")
                )
        # sudo: the officer signs the acknowledgement without the right to edit policies
        self.sudo()._step().write(
            {"acknowledged_by_id": self.env.uid, "acknowledgement_date": fields.Datetime.now()}
        )
        self._activity_update()
        return True

    def _activity_update(self):
        """Schedule and close the policies' activities of their steps, by type:
        approved, *Policy Acknowledgement* for the implementing officer, done
        once he acknowledges it (the daily job's *Policy Review* reminders are
        done once a new version supersedes the policy: its publication part);
        nothing else, such as the to-dos added by hand, is touched."""
        acknowledged = self.filtered("acknowledged_by_id")
        if acknowledged:
            acknowledged.activity_feedback([ACKNOWLEDGEMENT_ACTIVITY])
        waiting = self.filtered(
            lambda p: (
                p.state == "approved" and p.implementing_officer_id and not p.acknowledged_by_id
            )
        )
        for policy in waiting._without_activity(ACKNOWLEDGEMENT_ACTIVITY):
            policy._schedule_activity(
                ACKNOWLEDGEMENT_ACTIVITY,
                policy.implementing_officer_id,
                self.env._("Acknowledge the policy you implement"),
            )

    def action_new_version(self):
        self.ensure_one()
        new = self._step().copy(
            {"previous_id": self.id, "version": f"{self.version} ({self.env._('new')})"}
        )
        return self._open_form(new)
