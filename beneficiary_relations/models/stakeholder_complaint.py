from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import OFFICER, STAKEHOLDER_TYPES, check_role, check_vals_list, role_domain

OPEN_STATES = ("received", "review")
# the daily job's reminder (data/mail_activity_type_data.xml)
OVERDUE_ACTIVITY = "beneficiary_relations.mail_activity_type_complaint_overdue"


class StakeholderComplaint(models.Model):
    """A complaint, dispute or information request from a stakeholder
    (تسوية الشكاوى والخلافات: easy reporting, fast handling, amicable settlement).

    ::

        received ─review─> review ─resolve─> resolved ─close─> closed
                                               └─appeal─> a new complaint, linked

    The response deadline follows the severity (or the information-request
    time) configured for the association.
    """

    _name = "stakeholder.complaint"
    _description = "Stakeholder Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "beneficiary.workflow.mixin"]
    _order = "id desc"
    _beneficiary_private = True
    _check_company_auto = True
    _overdue_states = OPEN_STATES
    _overdue_columns = ("user_id", "company_id")
    _overdue_activity = OVERDUE_ACTIVITY

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("received", "Received"),
            ("review", "Under Review"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
        ],
        default="received",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        step=True,
    )
    is_anonymous = fields.Boolean(
        string="Anonymous", help="The complainant did not give a name; no notice can be sent."
    )
    partner_id = fields.Many2one(
        "res.partner", string="Complainant", tracking=True, index=True, check_company=True
    )
    stakeholder_type = fields.Selection(
        STAKEHOLDER_TYPES,
        compute="_compute_stakeholder_type",
        store=True,
        precompute=True,
        readonly=False,
    )
    channel_id = fields.Many2one("beneficiary.channel", required=True, tracking=True)
    category = fields.Selection(
        [
            ("service_quality", "Service Quality"),
            ("aid_delay", "Delay of Aid"),
            ("staff_conduct", "Staff Conduct"),
            ("data_privacy", "Data Privacy"),
            ("contract_dispute", "Contract Dispute"),
            ("information_request", "Information Request"),
            ("other", "Other"),
        ],
        required=True,
        default="service_quality",
        tracking=True,
    )
    severity = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("critical", "Critical")],
        required=True,
        default="medium",
        tracking=True,
    )
    description = fields.Html(required=True)
    is_confidential = fields.Boolean(
        string="Confidential",
        tracking=True,
        help="Visible only to the beneficiary relations manager and the assigned officer "
        "(e.g. a complaint about a member of staff).",
    )
    request_id = fields.Many2one(
        "beneficiary.request", string="Related Request", index=True, check_company=True
    )
    contract_reference = fields.Char(string="Related Contract")
    work_area_id = fields.Many2one("stakeholder.work.area", tracking=True, check_company=True)
    user_id = fields.Many2one(
        "res.users",
        string="Assigned Officer",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        domain=lambda self: role_domain(self.env, OFFICER),
    )
    date_received = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, copy=False, step=True
    )
    date_deadline = fields.Date(
        string="Response Deadline", readonly=True, copy=False, index=True, step=True
    )
    date_resolved = fields.Datetime(readonly=True, copy=False, step=True)
    date_closed = fields.Datetime(readonly=True, copy=False, step=True)
    is_overdue = fields.Boolean(string="Overdue", readonly=True, copy=False, index=True, step=True)
    response_status = fields.Selection(
        [("open", "Within the Deadline"), ("overdue", "Overdue"), ("answered", "Answered")],
        string="Response",
        compute="_compute_response_status",
        store=True,
        precompute=True,
        help="Whether the complainant has been answered, and if not, whether the response "
        "deadline has passed.",
    )
    resolution = fields.Selection(
        [
            ("settled", "Settled Amicably"),
            ("upheld", "Upheld"),
            ("partially_upheld", "Partially Upheld"),
            ("rejected", "Rejected"),
            ("referred", "Referred"),
        ],
        tracking=True,
        copy=False,
    )
    resolution_note = fields.Html(copy=False)
    support_given = fields.Text(
        help="For aid delayed for reasons outside the association's will: the technical "
        "support given to the beneficiary.",
    )
    parent_id = fields.Many2one(
        "stakeholder.complaint",
        string="Appeal Of",
        readonly=True,
        copy=False,
        index=True,
        check_company=True,
        step=True,
    )
    appeal_ids = fields.One2many("stakeholder.complaint", "parent_id", string="Appeals")

    @api.depends("partner_id")
    def _compute_stakeholder_type(self):
        for complaint in self:
            complaint.stakeholder_type = complaint.partner_id.stakeholder_type or (
                complaint.stakeholder_type
            )

    @api.depends("state", "is_overdue")
    def _compute_response_status(self):
        for complaint in self:
            if complaint.state in ("resolved", "closed"):
                complaint.response_status = "answered"
            else:
                complaint.response_status = "overdue" if complaint.is_overdue else "open"

    @api.depends("work_area_id")
    def _compute_user_id(self):
        for complaint in self:
            if complaint.work_area_id and not complaint.user_id:
                complaint.user_id = complaint.work_area_id.contact_officer_id

    @api.constrains("user_id")
    def _check_user_id(self):
        check_role(self, "user_id", OFFICER)

    @api.constrains("is_anonymous", "partner_id")
    def _check_complainant(self):
        for complaint in self:
            if not complaint.is_anonymous and not complaint.partner_id:
                raise ValidationError(
                    self.env._("Name the complainant, or mark the complaint as anonymous.")
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Complaints are kept as a record: close them instead."))

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        for vals in vals_list:
            if vals.get("is_anonymous"):
                vals["partner_id"] = False
        complaints = super().create(vals_list)
        complaints._set_deadline()
        complaints._notify_complainant("beneficiary_relations.mail_template_complaint_received")
        return complaints

    def _check_locked(self, vals):
        done = self.filtered(lambda c: c.state == "closed")
        if done and set(vals) - {"activity_ids", "message_follower_ids", "is_overdue"}:
            raise UserError(self.env._("A closed complaint cannot be changed: appeal it instead."))

    def write(self, vals):
        result = super().write(vals)
        if {"severity", "category"} & vals.keys():
            self.filtered(lambda c: c.state in OPEN_STATES)._set_deadline()
        return result

    def _set_deadline(self):
        for complaint in self:
            days = complaint.company_id._complaint_response_days(
                complaint.severity, complaint.category
            )
            received = fields.Date.to_date(complaint.date_received)
            complaint._step().date_deadline = received + timedelta(days=days)

    def action_review(self):
        self._check_officer(self.env._("Reviewing"))
        self._lock_rows()
        self._check_state(["received"], self.env._("Reviewing"))
        for complaint in self:
            if not complaint.user_id:
                complaint.user_id = self.env.user
        self._step().write({"state": "review"})
        return True

    def action_resolve(self):
        self._check_officer(self.env._("Resolving"))
        self._lock_rows()
        self._check_state(["review"], self.env._("Resolving"))
        for complaint in self:
            if not complaint.resolution or not complaint.resolution_note:
                raise UserError(
                    self.env._(
                        "Record the outcome and how %(name)s was settled before resolving it.",
                        name=complaint.name,
                    )
                )
            if complaint.category == "aid_delay" and not complaint.support_given:
                raise UserError(
                    self.env._(
                        "Record the support given to the beneficiary whose aid was delayed "
                        "(%(name)s).",
                        name=complaint.name,
                    )
                )
        self._step().write(
            {"state": "resolved", "date_resolved": fields.Datetime.now(), "is_overdue": False}
        )
        # the complainant is answered: the overdue reminder is done, nothing else
        self.activity_feedback([OVERDUE_ACTIVITY])
        self._notify_complainant("beneficiary_relations.mail_template_complaint_resolved")
        return True

    def action_close(self):
        self._check_officer(self.env._("Closing"))
        self._lock_rows()
        self._check_state(["resolved"], self.env._("Closing"))
        self._step().write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_appeal(self):
        """The complainant contests the resolution: a new complaint linked to
        this one, handled again from the start."""
        self.ensure_one()
        self._check_officer(self.env._("Appealing"))
        self._check_state(["resolved", "closed"], self.env._("Appealing"))
        appeal = self._step().create(
            {
                "parent_id": self.id,
                "partner_id": self.partner_id.id,
                "is_anonymous": self.is_anonymous,
                "stakeholder_type": self.stakeholder_type,
                "channel_id": self.channel_id.id,
                "category": self.category,
                "severity": self.severity,
                "is_confidential": self.is_confidential,
                "request_id": self.request_id.id,
                "contract_reference": self.contract_reference,
                "work_area_id": self.work_area_id.id,
                "company_id": self.company_id.id,
                "description": self.env._("Appeal of %(name)s", name=self.name),
            }
        )
        self._message_log(body=self.env._("Appealed: %(name)s", name=appeal.name))
        return self._open_form(appeal)

    def _notify_complainant(self, template_xmlid):
        """Tell a named complainant, from the association."""
        self.filtered(lambda c: not c.is_anonymous)._notify_partner(template_xmlid, "partner_id")

    @api.model
    def _flag_overdue(self, *args, **kwargs):
        rows = super()._flag_overdue(*args, **kwargs)
        # the analyses group on the response status, which follows the flag
        self.browse([row[0] for row in rows]).modified(["is_overdue"])
        return rows

    @api.model
    def _overdue_reminders(self, rows):
        """The daily job's reminders: one activity on each complaint past its
        response deadline, for its assigned officer (else the manager)."""
        users = self.env["res.users"].browse({row[1] for row in rows if row[1]})
        companies = self.env["res.company"].browse({row[2] for row in rows})
        for complaint_id, user_id, company_id in rows:
            yield (
                self.browse(complaint_id),
                companies.browse(company_id),
                users.browse(user_id),
                lambda env: (env._("Overdue complaint: answer the complainant"), False),
            )
