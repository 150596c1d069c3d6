from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import skip_locked

# the manager's decision on the files (data/mail_activity_type_data.xml)
REVIEW_ACTIVITY = "beneficiary_relations.mail_activity_type_retention_review"


class BeneficiaryRetentionReview(models.Model):
    """The files past their retention, proposed to the manager (PDPL: data
    are kept no longer than their purpose needs).

    A monthly job lists, per association, the files with no activity for the
    years set in the settings, nothing open, and no aid or bill within the
    years financial records are kept.  The manager keeps some (with the
    reason) and approves the anonymisation of the others::

        to_approve ─approve─> done
        to_approve ─cancel──> cancelled
    """

    _name = "beneficiary.retention.review"
    _description = "Retention Review"
    _inherit = ["mail.thread", "mail.activity.mixin", "beneficiary.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(
        string="Reviewed On",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
        help="Files inactive since before this date less the retention period are listed.",
    )
    state = fields.Selection(
        [("to_approve", "To Approve"), ("done", "Anonymised"), ("cancelled", "Cancelled")],
        default="to_approve",
        required=True,
        readonly=True,
        tracking=True,
        step=True,
    )
    line_ids = fields.One2many("beneficiary.retention.review.line", "review_id", string="Files")
    file_count = fields.Integer(compute="_compute_file_count")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)
    approved_date = fields.Datetime(readonly=True, copy=False, step=True)

    def _compute_file_count(self):
        counts = dict(
            self.env["beneficiary.retention.review.line"]._read_group(
                [("review_id", "in", self.ids)], ["review_id"], ["__count"]
            )
        )
        for review in self:
            review.file_count = counts.get(review._origin, 0)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager(self.env._("Only the beneficiary relations manager reviews retention."))
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_cancelled(self):
        if self.filtered(lambda review: review.state == "done"):
            raise UserError(self.env._("A review that anonymised files is kept as their record."))

    @api.model
    def _cron_review_retention(self):
        """Monthly: list, for each association, the files past retention that
        no open review lists yet, and ask its manager to decide."""
        reviews = self.browse()
        for company in self.env["res.company"].search([]):
            files = self.env["beneficiary.beneficiary"]._past_retention(company)
            pending = self.env["beneficiary.retention.review.line"].search(
                [("review_id.state", "=", "to_approve"), ("beneficiary_id", "in", files.ids)]
            )
            # the files another worker is listing right now are left to it
            files = skip_locked(files - pending.beneficiary_id)
            if not files:
                continue
            review = self.with_company(company).create(
                {
                    "company_id": company.id,
                    "line_ids": [
                        fields.Command.create({"beneficiary_id": beneficiary.id})
                        for beneficiary in files
                    ],
                }
            )
            review._activity_update()
            reviews |= review
        return reviews

    def action_approve(self):
        """Anonymise the files the manager did not keep."""
        self._check_manager(
            self.env._("Only the beneficiary relations manager approves an anonymisation.")
        )
        self._lock_rows()
        self._check_state(["to_approve"], self.env._("Approving the anonymisation"))
        lines = self.line_ids.filtered(lambda line: line.decision == "anonymise")
        lines.beneficiary_id._check_past_retention()
        lines.beneficiary_id._anonymise()
        now = fields.Datetime.now()
        lines._step().write({"anonymised_date": now})
        self._step().write({"state": "done", "approved_by_id": self.env.uid, "approved_date": now})
        self._activity_update()
        return True

    def action_cancel(self):
        self._check_manager(self.env._("Only the beneficiary relations manager reviews retention."))
        self._check_state(["to_approve"], self.env._("Cancelling the review"))
        self._step().write({"state": "cancelled"})
        self._activity_update()
        return True

    def _activity_update(self):
        """Schedule and close the reviews' activities, by type: to approve,
        *Retention Review* for the association's personal data officer (else
        the manager); done once the anonymisation is approved, removed when
        the review is cancelled.  The to-dos added by hand stay as they are."""
        done = self.filtered(lambda r: r.state == "done")
        if done:
            done.activity_feedback([REVIEW_ACTIVITY])
        cancelled = self.filtered(lambda r: r.state == "cancelled")
        if cancelled:
            cancelled.activity_unlink([REVIEW_ACTIVITY])
        waiting = self.filtered(lambda r: r.state == "to_approve")
        for review in waiting._without_activity(REVIEW_ACTIVITY):
            company = review.company_id
            manager = company.beneficiary_privacy_officer_id or self._manager_for(company=company)
            if manager:
                review._schedule_activity(
                    REVIEW_ACTIVITY,
                    manager,
                    self.env._(
                        "Files past their retention to decide on: %(count)s",
                        count=len(review.line_ids),
                    ),
                )


class BeneficiaryRetentionReviewLine(models.Model):
    """One file of a retention review: anonymised, or kept with the reason."""

    _name = "beneficiary.retention.review.line"
    _description = "Retention Review File"
    _inherit = ["beneficiary.step.mixin"]
    _order = "review_id, last_activity, id"

    review_id = fields.Many2one(
        "beneficiary.retention.review", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True, index=True)
    state = fields.Selection(related="review_id.state")
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        string="Beneficiary File",
        required=True,
        ondelete="restrict",
        index=True,
        writable_in=(),
    )
    file_code = fields.Char(
        string="File Number", compute="_compute_snapshot", store=True, readonly=True
    )
    last_activity = fields.Date(compute="_compute_snapshot", store=True, readonly=True)
    decision = fields.Selection(
        [("anonymise", "Anonymise"), ("keep", "Keep")],
        required=True,
        default="anonymise",
        writable_in=("to_approve",),
    )
    keep_reason = fields.Char(
        string="Why It Is Kept",
        writable_in=("to_approve",),
        help="E.g. a dispute or a legal claim still pending.",
    )
    anonymised_date = fields.Datetime(readonly=True, copy=False, step=True)

    @api.depends("beneficiary_id")
    def _compute_snapshot(self):
        activity = self.env["beneficiary.beneficiary"]._last_activity(self.beneficiary_id)
        for line in self:
            line.file_code = line.beneficiary_id.code
            line.last_activity = activity.get(line.beneficiary_id.id)

    @api.constrains("decision", "keep_reason")
    def _check_keep_reason(self):
        for line in self:
            if line.decision == "keep" and not (line.keep_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why the file %(code)s is kept past its retention.",
                        code=line.file_code,
                    )
                )
