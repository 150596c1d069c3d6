from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount

from .. import rules
from ..tools import (
    COMMITTEE_MEMBER,
    COMMITTEE_OUTCOMES,
    OFFICER,
    RESEARCHER,
    WAITING_STATES,
    check_role,
    check_vals_list,
    list_text,
    role_domain,
)

OPEN_STATES = ("draft", "submitted", "research", "committee")
# once decided, referred or withdrawn a request only moves on to these states,
# whoever writes (the superuser included): nothing decided is undone
NEXT_STATES = {"approved": ("closed",), "rejected": ("closed",)}
DONE_STATES = ("approved", "rejected", "closed", "referred", "withdrawn")
RESEARCH_FIELDS = (
    "research_visit_date",
    "research_findings",
    "research_recommendation",
    "recommended_amount",
)
# the activities of the request's steps (data/mail_activity_type_data.xml)
RESEARCH_ACTIVITY = "beneficiary_relations.mail_activity_type_request_research"
APPROVAL_ACTIVITY = "beneficiary_relations.mail_activity_type_request_approval"
ESCALATION_ACTIVITY = "beneficiary_relations.mail_activity_type_request_escalation"
OVERDUE_ACTIVITY = "beneficiary_relations.mail_activity_type_request_overdue"


class BeneficiaryRequest(models.Model):
    """A beneficiary support request (طلب دعم مستفيد).

    ::

        draft ─submit─> submitted ─start research─> research ─send─> committee
                                                                       │ meeting closed
                                    (above the threshold: manager)     ├─> approved ─close─> closed
                                                                       └─> rejected ─close─> closed
        draft, submitted, research, committee ─refer─> referred
        draft, submitted, research, committee ─withdraw─> withdrawn

    Decided, referred and withdrawn requests are never edited back nor deleted.

    What each step does besides moving the state (the activities by their
    type, ``_activity_update``):

    - *submit* (officer): only a complete request (file, consent, signed
      declaration, online identity confirmed, required documents valid and
      verified); records who registered it, the earliest answer date and the
      decision deadline; the applicant is told the window.
    - *start research* (officer): the researcher must hold his role (and, when
      duties are separated, not have registered it); a *Social Research*
      activity for him, due on the earliest answer date.
    - *send to the committee* (its researcher): the findings and the
      recommendation written; the program's committee and who researched
      it recorded; the *Social Research* activity done.
    - *the meeting closes* (its chair, secretary or the manager): approved or
      rejected as voted, the date of the decision recorded, the overdue flag
      cleared, the applicant told; an approval above the committee's
      threshold waits for the manager, with a *Manager Approval* activity
      for the program's manager; an undecided request goes back to the
      committee's queue, with a note saying why.  An urgent decision or an
      eligibility exception is recorded before, with its reason.
    - *manager approves / rejects* (when duties are separated, not who
      registered or researched it, nor the committee's chair): who and when
      recorded, the date of the decision, the overdue flag
      cleared, the *Manager Approval* activity done (nothing else: an
      escalation, the aid's activities, a to-do added by hand stay), the
      applicant told.
    - *close* (officer, or by itself once the aid is all paid and delivered):
      only with no installment left to pay; the date recorded; the
      satisfaction survey sent when the program measures it at closing
      (``beneficiary_request_satisfaction.py``).
    - *refer* (officer): to a civil society body, with the applicant's
      consent to share his data (in force, or recorded now); the date and
      reason recorded, the overdue flag cleared, the open step activities
      removed, the applicant told.
    - *withdraw* (officer): the reason recorded, the overdue flag cleared,
      the open step activities removed.
    - *escalate* (officer; any open state, the state unchanged): an
      *Escalated Case* activity for the senior officer chosen, a note.
    - *plan the aid* (officer, approved): the installments; a *Missing IBAN*
      activity for the officer when a cash installment has no account to be
      paid to (``beneficiary_disbursement.py``).
    - *every day*: the undecided requests past their deadline are flagged
      overdue, with one *Overdue Requests* activity per program for its
      manager (``_cron_flag_overdue``).
    """

    _name = "beneficiary.request"
    _description = "Beneficiary Support Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "beneficiary.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _beneficiary_private = True
    _overdue_states = WAITING_STATES
    _overdue_columns = ("name", "program_id")
    _overdue_activity = OVERDUE_ACTIVITY

    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("research", "Under Research"),
            ("committee", "At Committee"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("closed", "Closed"),
            ("referred", "Referred"),
            ("withdrawn", "Withdrawn"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand="_expand_states",
        step=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        writable_in=("draft",),
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        ondelete="restrict",
        writable_in=("draft",),
    )
    partner_id = fields.Many2one(related="beneficiary_id.partner_id", string="Applicant")
    program_id = fields.Many2one(
        "beneficiary.program",
        required=True,
        check_company=True,
        tracking=True,
        index=True,
        writable_in=("draft",),
    )
    channel_id = fields.Many2one(
        "beneficiary.channel",
        required=True,
        tracking=True,
        help="The channel through which the request came.",
        writable_in=("draft",),
    )
    requested_amount = fields.Monetary(tracking=True, writable_in=("draft",))
    in_kind_description = fields.Text(string="In-Kind Aid Requested", writable_in=("draft",))
    reason = fields.Text(string="Reason for the Request", writable_in=("draft",))
    # the association's own: the applicant reads his request in the portal without it
    note = fields.Html(string="Internal Notes", groups="base.group_user")
    document_line_ids = fields.One2many(
        "beneficiary.request.document", "request_id", string="Required Documents"
    )
    eligibility_state = fields.Selection(
        [
            ("eligible", "Eligible"),
            ("not_eligible", "Not Eligible"),
            ("incomplete", "Incomplete Data"),
        ],
        compute="_compute_eligibility",
        compute_sudo=True,
    )
    eligibility_html = fields.Html(
        string="Eligibility Checklist", compute="_compute_eligibility", compute_sudo=True
    )
    # the applicant's declaration that the data are correct (الإقرار بصحة البيانات)
    declaration_signed = fields.Boolean(
        tracking=True,
        readonly=True,
        copy=False,
        step=True,
        help="The applicant declared the data correct and is directly responsible for them.",
    )
    declaration_by = fields.Char(string="Declared By", readonly=True, copy=False, step=True)
    declaration_date = fields.Datetime(string="Declared On", readonly=True, copy=False, step=True)
    declaration_method = fields.Selection(
        [("in_person", "In Person"), ("online", "Online")],
        string="Declared",
        readonly=True,
        copy=False,
        step=True,
        help="How the applicant signed the declaration: at the association or online.",
    )
    # sent online (the program's public form, the portal): the terms accepted,
    # and who applied without signing in, whose identity an officer confirms
    terms_policy_id = fields.Many2one(
        "stakeholder.policy",
        string="Terms Accepted",
        readonly=True,
        copy=False,
        check_company=True,
        step=True,
        help="The approved version of the association's policy the applicant accepted when "
        "applying online, with the program's published eligibility policy.",
    )
    terms_accepted_date = fields.Datetime(
        string="Terms Accepted On", readonly=True, copy=False, step=True
    )
    online_identity_pending = fields.Boolean(
        string="Identity to Confirm",
        readonly=True,
        copy=False,
        index=True,
        step=True,
        help="Applied online without signing in: an officer confirms who applied (identity "
        "card in person, Nafath) before the request is registered.",
    )
    online_identity_confirmed_by_id = fields.Many2one(
        "res.users", string="Identity Confirmed By", readonly=True, copy=False, step=True
    )
    online_application = fields.Html(
        string="Sent Online",
        readonly=True,
        copy=False,
        step=True,
        help="What the applicant typed and sent in the online form.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Relations Officer",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        domain=lambda self: role_domain(self.env, OFFICER),
        writable_in=OPEN_STATES,
    )
    researcher_id = fields.Many2one(
        "res.users",
        string="Social Researcher",
        tracking=True,
        index=True,
        domain=lambda self: role_domain(self.env, RESEARCHER),
        writable_in=("draft", "submitted"),
    )
    # who took each step, and when
    submitted_by_id = fields.Many2one(
        "res.users", string="Registered By", readonly=True, copy=False, step=True
    )
    date_submitted = fields.Date(readonly=True, copy=False, tracking=True, step=True)
    date_earliest_answer = fields.Date(readonly=True, copy=False, step=True)
    date_deadline = fields.Date(
        string="Decision Deadline", readonly=True, copy=False, index=True, step=True
    )
    date_research = fields.Date(string="Research Started", readonly=True, copy=False, step=True)
    research_done_by_id = fields.Many2one(
        "res.users", string="Researched By", readonly=True, copy=False, step=True
    )
    date_committee = fields.Date(string="Sent to Committee", readonly=True, copy=False, step=True)
    date_decision = fields.Date(readonly=True, copy=False, tracking=True, step=True)
    date_closed = fields.Date(readonly=True, copy=False, step=True)
    is_overdue = fields.Boolean(
        string="Overdue",
        readonly=True,
        copy=False,
        index=True,
        step=True,
        help="Still undecided after the decision deadline (flagged every day).",
    )
    # the decision against the window promised: figures the indicators group on
    decision_days = fields.Integer(
        string="Days to Decision",
        compute="_compute_decision_kpis",
        store=True,
        aggregator="avg",
        help="Calendar days from the submission to the decision.",
    )
    decided_on_time = fields.Boolean(
        string="Decided Within the Window",
        compute="_compute_decision_kpis",
        store=True,
        help="Decided on or before the decision deadline given to the applicant, and not "
        "as an urgent decision before the policy's two weeks.",
    )
    decision_timing = fields.Selection(
        [
            ("on_time", "Within the Window"),
            ("late", "After the Deadline"),
            ("urgent", "Urgent Decision"),
        ],
        compute="_compute_decision_kpis",
        store=True,
        help="When the request was decided against the window promised to the applicant: on "
        "or before its deadline, after it, or before the policy's two weeks as an urgent "
        "decision.",
    )
    # social research: written by the researcher while the research is open;
    # internal to the association, like the notes
    research_visit_date = fields.Date(
        string="Visit Date", writable_in=("research",), groups="base.group_user"
    )
    research_findings = fields.Html(
        string="Findings", writable_in=("research",), groups="base.group_user"
    )
    research_recommendation = fields.Selection(
        [
            ("approve", "Approve"),
            ("partial", "Approve Partially"),
            ("reject", "Reject"),
            ("refer", "Refer to Another Association"),
        ],
        string="Recommendation",
        tracking=True,
        writable_in=("research",),
        groups="base.group_user",
    )
    recommended_amount = fields.Monetary(
        tracking=True, writable_in=("research",), groups="base.group_user"
    )
    # committee
    committee_id = fields.Many2one(
        "beneficiary.committee",
        readonly=True,
        copy=False,
        index=True,
        check_company=True,
        step=True,
    )
    meeting_id = fields.Many2one(
        "beneficiary.committee.meeting",
        string="Committee Meeting",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        check_company=True,
        step=True,
    )
    decided_by_id = fields.Many2one(
        related="meeting_id.closed_by_id", string="Meeting Closed By", readonly=True
    )
    vote_ids = fields.One2many(
        "beneficiary.committee.vote",
        "request_id",
        string="Votes",
        groups="beneficiary_relations.group_committee_member",
    )
    # where the vote stands at the meeting: the chair's view of the agenda
    vote_approve_count = fields.Integer(
        string="Approve",
        compute="_compute_vote_standing",
        compute_sudo=True,
        groups=COMMITTEE_MEMBER,
    )
    vote_reject_count = fields.Integer(
        string="Reject",
        compute="_compute_vote_standing",
        compute_sudo=True,
        groups=COMMITTEE_MEMBER,
    )
    vote_abstain_count = fields.Integer(
        string="Abstain",
        compute="_compute_vote_standing",
        compute_sudo=True,
        groups=COMMITTEE_MEMBER,
    )
    vote_pending = fields.Char(
        string="Not Voted Yet",
        compute="_compute_vote_standing",
        compute_sudo=True,
        groups=COMMITTEE_MEMBER,
        help="The members present who may vote on the request and have not voted yet.",
    )
    vote_quorum = fields.Boolean(
        string="Quorum",
        compute="_compute_vote_standing",
        compute_sudo=True,
        groups=COMMITTEE_MEMBER,
        help="Enough members present may vote on the request (those who registered or "
        "researched it, or declared a conflict of interest, do not count).",
    )
    vote_standing = fields.Selection(
        COMMITTEE_OUTCOMES,
        string="As It Stands",
        compute="_compute_vote_standing",
        compute_sudo=True,
        groups=COMMITTEE_MEMBER,
        help="What closing the meeting now would decide on the request.",
    )
    vote_blocker = fields.Char(
        string="Before Closing",
        compute="_compute_vote_standing",
        compute_sudo=True,
        groups=COMMITTEE_MEMBER,
        help="What must be done before the meeting can be closed with this decision.",
    )
    decision = fields.Selection(
        [("approved", "Approved"), ("partial", "Partially Approved"), ("rejected", "Rejected")],
        readonly=True,
        copy=False,
        tracking=True,
        step=True,
    )
    approved_amount = fields.Monetary(readonly=True, copy=False, tracking=True, step=True)
    decision_reason = fields.Text(
        readonly=True,
        copy=False,
        step=True,
        help="Why the request was rejected, from the reject votes' notes or the manager.",
    )
    # a decision before the earliest answer date (policy: not less than two weeks)
    urgent_decision = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        step=True,
        help="Decided before the earliest answer date (the policy's two weeks), with a reason "
        "recorded by the chair or the secretary; counted apart in the indicators.",
    )
    urgent_reason = fields.Text(string="Reason for Urgency", readonly=True, copy=False, step=True)
    urgent_by_id = fields.Many2one(
        "res.users", string="Urgency Recorded By", readonly=True, copy=False, step=True
    )
    # approval of a request that fails the program's eligibility (policy 003 5-8)
    eligibility_exception = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        step=True,
        help="Approved although it fails the program's eligibility policy, with who granted the "
        "exception and why.",
    )
    eligibility_exception_reason = fields.Text(
        string="Reason for the Exception", readonly=True, copy=False, step=True
    )
    eligibility_exception_by_id = fields.Many2one(
        "res.users", string="Exception Granted By", readonly=True, copy=False, step=True
    )
    awaiting_manager = fields.Boolean(
        string="Awaiting Manager Approval",
        readonly=True,
        copy=False,
        tracking=True,
        step=True,
        help="The committee approved an amount above its threshold: the manager approves or "
        "rejects the decision.",
    )
    manager_approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)
    manager_approved_date = fields.Datetime(readonly=True, copy=False, step=True)
    # referral, escalation, withdrawal
    referred_partner_id = fields.Many2one(
        "res.partner",
        string="Referred To",
        readonly=True,
        copy=False,
        tracking=True,
        check_company=True,
        step=True,
        help="The competent association the request was referred to.",
    )
    referral_reason = fields.Text(readonly=True, copy=False, step=True)
    date_referred = fields.Date(readonly=True, copy=False, step=True)
    escalated_to_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True, step=True
    )
    escalation_reason = fields.Text(readonly=True, copy=False, step=True)
    withdrawal_reason = fields.Text(readonly=True, copy=False, step=True)
    # aid disbursement: amounts read from Odoo Accounting's documents
    disbursement_ids = fields.One2many(
        "beneficiary.disbursement",
        "request_id",
        string="Disbursement Plan",
        # the committee decides the aid, the officers plan it, the accountants pay it
        groups="beneficiary_relations.group_relations_officer,account.group_account_invoice,"
        "account.group_account_readonly",
    )
    amount_planned = fields.Monetary(compute="_compute_disbursed", store=True)
    amount_posted = fields.Monetary(compute="_compute_disbursed", store=True)
    amount_paid = fields.Monetary(compute="_compute_disbursed", store=True)
    amount_delivered = fields.Monetary(
        string="In-Kind Delivered", compute="_compute_disbursed", store=True
    )
    amount_remaining = fields.Monetary(
        compute="_compute_disbursed",
        store=True,
        help="Approved aid not yet turned into a bill, a payment or a delivery.",
    )
    bill_count = fields.Integer(compute="_compute_document_counts", compute_sudo=True)
    payment_count = fields.Integer(compute="_compute_document_counts", compute_sudo=True)

    @api.depends("date_submitted", "date_decision", "date_deadline", "urgent_decision")
    def _compute_decision_kpis(self):
        for request in self:
            decided = request.date_decision and request.date_submitted
            request.decision_days = (
                (request.date_decision - request.date_submitted).days if decided else 0
            )
            request.decided_on_time = bool(
                decided
                and not request.urgent_decision
                and request.date_deadline
                and request.date_decision <= request.date_deadline
            )
            if not decided:
                request.decision_timing = False
            elif request.urgent_decision:
                request.decision_timing = "urgent"
            else:
                request.decision_timing = "on_time" if request.decided_on_time else "late"

    @api.depends(
        "approved_amount",
        "disbursement_ids.state",
        "disbursement_ids.amount",
        "disbursement_ids.amount_posted",
        "disbursement_ids.amount_paid",
    )
    def _compute_disbursed(self):
        for request in self:
            lines = request.disbursement_ids.filtered(lambda d: d.state != "cancelled")
            committed = lines.filtered(lambda d: d.state != "planned")
            request.amount_planned = sum(lines.mapped("amount"))
            request.amount_posted = sum(lines.mapped("amount_posted"))
            request.amount_paid = sum(lines.mapped("amount_paid"))
            request.amount_delivered = sum(
                lines.filtered(lambda d: d.state == "delivered").mapped("amount")
            )
            request.amount_remaining = request.approved_amount - sum(committed.mapped("amount"))

    def _compute_document_counts(self):
        for request in self:
            request.bill_count = len(request.disbursement_ids.move_ids)
            request.payment_count = len(request.disbursement_ids.payment_ids)

    @api.depends(
        "meeting_id.state",
        "meeting_id.vote_ids.vote",
        "meeting_id.attendee_ids.attendance",
    )
    def _compute_vote_standing(self):
        empty = {
            "vote_approve_count": 0,
            "vote_reject_count": 0,
            "vote_abstain_count": 0,
            "vote_pending": False,
            "vote_quorum": False,
            "vote_standing": False,
            "vote_blocker": False,
        }
        for meeting, requests in self.grouped("meeting_id").items():
            if not meeting or meeting.state != "in_session" or not meeting.id:
                requests.update(empty)
                continue
            standing = meeting._vote_standing()
            for request in requests:
                line = standing.get(request._origin)
                if not line:
                    request.update(empty)
                    continue
                request.update(
                    {
                        "vote_approve_count": line["approve"],
                        "vote_reject_count": line["reject"],
                        "vote_abstain_count": line["abstain"],
                        "vote_pending": list_text(self.env, line["pending"].mapped("name"))
                        or False,
                        "vote_quorum": line["quorum"],
                        "vote_standing": line["outcome"],
                        "vote_blocker": line["blocker"],
                    }
                )

    def _expand_states(self, states, domain):
        # kanban columns in the order of the workflow
        return [key for key, _label in self._fields["state"].selection]

    @api.depends_context("lang")
    @api.depends(
        "program_id",
        "beneficiary_id.consent_state",
        "beneficiary_id.category_ids",
        "beneficiary_id.region",
        "beneficiary_id.income_per_member",
        "beneficiary_id.beneficiary_type",
        "beneficiary_id.document_ids.expiry_date",
        "date_submitted",
    )
    def _compute_eligibility(self):
        today = fields.Date.context_today(self)
        for request in self:
            if not request.program_id or not request.beneficiary_id:
                request.eligibility_state = False
                request.eligibility_html = False
                continue
            checks = request._eligibility_checks(request.date_submitted or today)
            request.eligibility_state = rules.eligibility_outcome(checks)
            request.eligibility_html = request._eligibility_checklist_html(checks)

    def _eligibility_checks(self, day):
        self.ensure_one()
        beneficiary = self.beneficiary_id
        valid_types = beneficiary.document_ids.filtered(lambda d: d.is_valid_on(day))
        applicant = {
            "beneficiary_type": beneficiary.beneficiary_type,
            "category_ids": set(beneficiary.category_ids.ids),
            "region": beneficiary.region,
            "income_per_member": beneficiary.income_per_member
            if beneficiary.monthly_income or beneficiary.family_member_ids
            else None,
            "valid_document_type_ids": set(valid_types.document_type_id.ids),
            "consent": beneficiary.consent_state == "given",
        }
        return rules.evaluate_eligibility(self.program_id._eligibility_criteria(), applicant, day)

    def _eligibility_checklist_html(self, checks):
        """The checklist as HTML, one line per criterion with its reason."""
        program = self.program_id
        labels = {
            "period": self.env._("The program is open on this date"),
            "consent": self.env._("Consent to data processing given"),
            "beneficiary_type": self.env._("Beneficiary type required by the program"),
            "categories": self.env._(
                "Belongs to a target category: %(names)s",
                names=list_text(self.env, program.category_ids.mapped("name")),
            ),
            "region": self.env._(
                "Lives in the region: %(region)s",
                region=dict(program._fields["region"]._description_selection(self.env)).get(
                    program.region, ""
                ),
            ),
            "income": self.env._(
                "Income per member at most %(limit)s",
                limit=format_amount(self.env, program.max_income_per_member, self.currency_id),
            ),
            "documents": self.env._("Required documents valid"),
        }
        icons = {
            rules.PASSED: ("fa-check-circle text-success", self.env._("passed")),
            rules.FAILED: ("fa-times-circle text-danger", self.env._("failed")),
            rules.UNKNOWN: ("fa-question-circle text-warning", self.env._("unknown")),
        }
        items = []
        for criterion, status, detail in checks:
            icon, word = icons[status]
            text = labels[criterion]
            if criterion == "documents" and detail.get("missing"):
                names = self.env["beneficiary.document.type"].browse(detail["missing"])
                text = self.env._(
                    "Required documents valid (missing or expired: %(names)s)",
                    names=list_text(self.env, names.mapped("name")),
                )
            if criterion == "income" and "income" in detail:
                text = self.env._(
                    "Income per member %(income)s, at most %(limit)s",
                    income=format_amount(self.env, detail["income"], self.currency_id),
                    limit=format_amount(self.env, detail["limit"], self.currency_id),
                )
            items.append(
                Markup('<li dir="auto"><i class="fa %s" title="%s"></i> %s</li>')
                % (icon, word, escape(text))
            )
        return Markup('<ul class="list-unstyled mb-0">%s</ul>') % Markup("").join(items)

    @api.constrains("requested_amount", "recommended_amount", "approved_amount")
    def _check_amounts(self):
        for request in self:
            if (
                min(request.requested_amount, request.recommended_amount, request.approved_amount)
                < 0
            ):
                raise ValidationError(self.env._("Amounts of a request cannot be negative."))
            program_max = request.program_id.max_amount
            if program_max and request.requested_amount > program_max:
                raise ValidationError(
                    self.env._(
                        "The program %(program)s gives at most %(max)s per request.",
                        program=request.program_id.name,
                        max=program_max,
                    )
                )
            if request.requested_amount and request.approved_amount > request.requested_amount:
                raise ValidationError(
                    self.env._("The approved amount cannot exceed the requested amount.")
                )

    @api.constrains("user_id", "researcher_id", "escalated_to_id")
    def _check_users(self):
        check_role(self, "user_id", OFFICER)
        check_role(self, "researcher_id", RESEARCHER)
        check_role(self, "escalated_to_id", OFFICER)

    @api.constrains("beneficiary_id", "program_id")
    def _check_beneficiary_consent(self):
        # An application sent without signing in, with an ID whose holder
        # withdrew his consent, is kept without telling who typed the ID
        # anything about that file: it is registered only once an officer
        # confirms the applicant and records the consent given again
        # (_submission_problems lists both).
        for request in self.filtered(lambda r: not r.online_identity_pending):
            if request.state == "draft" and request.beneficiary_id.consent_state == "withdrawn":
                raise ValidationError(
                    self.env._(
                        "%(name)s withdrew consent to data processing: no new request can be made.",
                        name=request.beneficiary_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(request.state != "draft" for request in self):
            raise UserError(
                self.env._(
                    "Only draft requests can be deleted. Withdraw the request instead: "
                    "what was submitted or decided is kept."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        requests = super().create(vals_list)
        requests._sync_document_lines()
        return requests

    def _check_locked(self, vals):
        if "state" in vals and any(
            r.state in DONE_STATES
            and r.state != vals["state"]
            and vals["state"] not in NEXT_STATES.get(r.state, ())
            for r in self
        ):
            raise UserError(self.env._("A decided request cannot go back to an earlier step."))

    def write(self, vals):
        check_vals_list(self, [vals])
        if not self.env.su and set(RESEARCH_FIELDS) & vals.keys():
            self._check_researcher(self.env._("Writing the social research"))
        result = super().write(vals)
        if {"program_id", "beneficiary_id"} & vals.keys():
            self.filtered(lambda r: r.state == "draft")._sync_document_lines()
        return result

    def _check_researcher(self, action):
        """Only the request's own social researcher (or the manager) takes the
        research steps."""
        if self._is_manager():
            return
        others = self.filtered(lambda r: r.researcher_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "%(action)s of %(names)s is for its social researcher only.",
                    action=action,
                    names=list_text(self.env, others.mapped("name")),
                )
            )

    def _sync_document_lines(self):
        """(Re)build the checklist of the program's required documents, each
        matched with the file's latest document of that type."""
        today = fields.Date.context_today(self)
        Line = self.env["beneficiary.request.document"]._step()
        self.document_line_ids._step().unlink()
        values = []
        for request in self:
            day = request.date_submitted or today
            # sudo: officers see the checklist even when the file's documents are
            # restricted to other roles later on
            documents = request.beneficiary_id.sudo().document_ids
            for doc_type in request.program_id.required_document_type_ids:
                candidates = documents.filtered(lambda d, t=doc_type: d.document_type_id == t)
                valid = candidates.filtered(lambda d, day=day: d.is_valid_on(day))
                document = (valid or candidates)[:1]
                values.append(
                    {
                        "request_id": request.id,
                        "document_type_id": doc_type.id,
                        "document_id": document.id,
                        "valid_on_submission": bool(document) and document.is_valid_on(day),
                    }
                )
        Line.create(values)

    def _anonymise(self, identities):
        """For the anonymisation of the applicants' files (the file's
        ``_anonymise``): the requests' narratives are erased; the reasons of
        the steps, the committee's notes and the minutes keep their words but
        not the applicants' ``identities`` (names, IDs, mobiles).  States,
        amounts, dates and decisions stay as they are."""
        # sudo: the anonymisation erases every request of the file, whoever approves it
        requests = self.sudo()._step()
        requests.write(
            {
                "reason": False,
                "in_kind_description": False,
                "note": False,
                "research_findings": False,
                "declaration_by": False,
            }
        )
        reasons = (
            "decision_reason",
            "urgent_reason",
            "eligibility_exception_reason",
            "referral_reason",
            "escalation_reason",
            "withdrawal_reason",
        )
        for request in requests:
            request.write(
                {name: rules.redact(request[name], identities) for name in reasons if request[name]}
            )
        for vote in requests.vote_ids.filtered("note"):
            vote._step().write({"note": rules.redact(vote.note, identities)})
        for meeting in requests.vote_ids.meeting_id.filtered("minutes"):
            meeting._step().write({"minutes": rules.redact(meeting.minutes, identities)})

    def _still_open(self):
        """The requests of these that are not decided, referred nor withdrawn."""
        return self.filtered(lambda request: request.state in OPEN_STATES)

    def _submission_problems(self, day):
        """What stops the request from being submitted, as translated lines."""
        self.ensure_one()
        problems = []
        beneficiary = self.beneficiary_id
        if beneficiary.consent_state != "given":
            problems.append(self.env._("The beneficiary's consent to data processing"))
        # sudo: the file's missing items (sensitive fields), whoever submits the request
        for item in beneficiary.sudo()._missing_file_items():
            problems.append(self.env._("Beneficiary file: %(item)s", item=item))
        program = self.program_id
        if (
            not program.active
            or (program.date_start and day < program.date_start)
            or (program.date_end and day > program.date_end)
        ):
            problems.append(
                self.env._("The program %(program)s is not open today", program=program.name)
            )
        if not self.requested_amount and not self.in_kind_description:
            problems.append(self.env._("The requested amount or the in-kind aid requested"))
        if not self.reason:
            problems.append(self.env._("The reason for the request"))
        if not (
            self.declaration_signed
            and self.declaration_by
            and self.declaration_date
            and self.declaration_method
        ):
            problems.append(
                self.env._("The applicant's signed declaration that the data are correct")
            )
        if self.online_identity_pending:
            problems.append(
                self.env._(
                    "The identity of the applicant who applied online, confirmed by an officer"
                )
            )
        for line in self.document_line_ids:
            name = line.document_type_id.name
            if not line.document_id or not line.document_id.attachment:
                problems.append(self.env._("Document missing: %(name)s", name=name))
            elif not line.document_id.is_valid_on(day):
                problems.append(self.env._("Document expired: %(name)s", name=name))
            elif not line.document_id.verified_by_id:
                problems.append(
                    self.env._("Document not verified against the original: %(name)s", name=name)
                )
        return problems

    def action_sign_declaration(self):
        """Record that the applicant signed the declaration in person now."""
        self._check_officer(self.env._("Recording the declaration"))
        self._lock_rows()
        self._check_state(["draft"], self.env._("Signing the declaration"))
        for request in self:
            request._step().write(
                {
                    "declaration_signed": True,
                    "declaration_by": request.beneficiary_id.name,
                    "declaration_date": fields.Datetime.now(),
                    "declaration_method": "in_person",
                }
            )
        return True

    def action_confirm_online_identity(self):
        """The officer checked who applied online (identity card in person,
        Nafath) against the file, and what was sent against what it holds."""
        action = self.env._("Confirming the identity of an online applicant")
        self._check_officer(action)
        self._lock_rows()
        self._check_state(["draft"], action)
        if self.filtered(lambda r: not r.online_identity_pending):
            raise UserError(
                self.env._(
                    "Only the identity of an online applicant not yet confirmed can be confirmed."
                )
            )
        self._step().write(
            {"online_identity_pending": False, "online_identity_confirmed_by_id": self.env.uid}
        )
        for request in self:
            request._message_log(
                body=self.env._(
                    "Identity of the online applicant confirmed by %(user)s.",
                    user=self.env.user.name,
                )
            )
        return True

    def action_submit(self):
        """Register the request: only when complete; tells the applicant the
        decision window (policy: not less than two weeks, not more than six)."""
        self._check_officer(self.env._("Submitting"))
        self._lock_rows()
        self._check_state(["draft"], self.env._("Submitting"))
        today = fields.Date.context_today(self)
        self._sync_document_lines()
        blocking = []
        for request in self:
            problems = request._submission_problems(today)
            if problems:
                blocking.append(
                    self.env._("%(name)s is missing:", name=request.name)
                    + "\n"
                    + "\n".join(f"• {problem}" for problem in problems)
                )
        if blocking:
            raise UserError("\n\n".join(blocking))
        for company, requests in self.grouped("company_id").items():
            earliest, deadline = company._decision_window(today)
            requests._step().write(
                {
                    "state": "submitted",
                    "submitted_by_id": self.env.uid,
                    "date_submitted": today,
                    "date_earliest_answer": earliest,
                    "date_deadline": deadline,
                }
            )
        self._notify_applicant("beneficiary_relations.mail_template_request_submitted")
        return True

    def action_start_research(self):
        self._check_officer(self.env._("Starting the social research"))
        self._lock_rows()
        self._check_state(["submitted"], self.env._("Starting the social research"))
        missing = self.filtered(lambda r: not r.researcher_id)
        if missing:
            raise UserError(
                self.env._(
                    "Assign a social researcher to %(names)s first.",
                    names=list_text(self.env, missing.mapped("name")),
                )
            )
        for request in self:
            request._check_researcher_role()
        self._step().write({"state": "research", "date_research": fields.Date.context_today(self)})
        self._activity_update()
        return True

    def _check_researcher_role(self):
        """The assigned researcher holds the researcher's role and, when the
        association separates duties, did not register the request."""
        self.ensure_one()
        researcher = self.researcher_id
        if not researcher.has_group("beneficiary_relations.group_social_researcher"):
            raise UserError(
                self.env._(
                    "%(user)s is not a social researcher: assign the research of %(name)s to "
                    "a social researcher.",
                    user=researcher.name,
                    name=self.name,
                )
            )
        if self.company_id.beneficiary_sod_research and researcher == self.submitted_by_id:
            raise UserError(
                self.env._(
                    "%(user)s registered %(name)s and cannot also research it: the association "
                    "separates the roles of who registers and who researches.",
                    user=researcher.name,
                    name=self.name,
                )
            )

    def action_send_to_committee(self):
        self._check_researcher(self.env._("Sending to the committee"))
        self._lock_rows()
        self._check_state(["research"], self.env._("Sending to the committee"))
        for request in self:
            if not request.research_findings or not request.research_recommendation:
                raise UserError(
                    self.env._(
                        "Write the findings and the recommendation of the social research "
                        "of %(name)s first.",
                        name=request.name,
                    )
                )
            committee = request.program_id.committee_ids.filtered("active")[:1]
            if not committee:
                raise UserError(
                    self.env._(
                        "No research committee decides the program %(program)s: "
                        "set one on the committee.",
                        program=request.program_id.name,
                    )
                )
            request._step().write(
                {
                    "state": "committee",
                    "committee_id": committee.id,
                    "research_done_by_id": self.env.uid,
                    "date_committee": fields.Date.context_today(self),
                }
            )
        self._activity_update()
        return True

    def action_close(self):
        self._check_officer(self.env._("Closing"))
        self._lock_rows()
        self._check_state(["approved", "rejected"], self.env._("Closing"))
        unsettled = self.disbursement_ids.filtered(
            lambda d: d.state in ("planned", "to_post", "posted", "partial")
        )
        if unsettled:
            raise UserError(
                self.env._(
                    "%(requests)s still have aid to pay or deliver: pay it, or cancel the "
                    "installments that will not be paid, before closing.",
                    requests=list_text(self.env, unsettled.request_id.mapped("name")),
                )
            )
        self._step().write({"state": "closed", "date_closed": fields.Date.context_today(self)})
        # the programs measuring satisfaction at closing ask the beneficiary now
        self.filtered(
            lambda r: r.program_id.satisfaction_trigger == "close"
        )._send_satisfaction_survey()
        return True

    def _close_when_settled(self):
        """Close the approved requests whose whole approved amount is planned
        and every installment paid or delivered."""
        # sudo: a request closes itself when paid, whoever registered the payment
        settled = self.sudo().filtered(
            lambda r: (
                r.state == "approved"
                and r.disbursement_ids
                and not r.currency_id.compare_amounts(r.amount_planned, r.approved_amount)
                and all(d.state in ("paid", "delivered", "cancelled") for d in r.disbursement_ids)
            )
        )
        if settled:
            settled.action_close()
            for request in settled:
                request._message_log(body=self.env._("Fully paid and delivered: closed."))

    def action_plan_disbursements(self):
        self._check_officer(self.env._("Planning the aid"))
        self._check_state(["approved"], self.env._("Planning the aid"))
        self._check_can_receive_aid()
        return self._open_wizard("beneficiary.disbursement.plan", self.env._("Plan the Aid"))

    def _check_can_receive_aid(self):
        """Individual aid goes to direct beneficiaries with a complete file
        (policy 003 2-2-1: direct beneficiaries have full data)."""
        for request in self:
            # sudo: the file's type and completeness (sensitive), whoever plans the aid
            beneficiary = request.beneficiary_id.sudo()
            if beneficiary.beneficiary_type != "direct":
                raise UserError(
                    self.env._(
                        "%(name)s is an indirect beneficiary: indirect beneficiaries are counted, "
                        "not given individual aid.",
                        name=beneficiary.name,
                    )
                )
            missing = beneficiary._missing_file_items()
            if missing:
                raise UserError(
                    self.env._(
                        "Complete the file of %(name)s before planning its aid:\n%(missing)s",
                        name=beneficiary.name,
                        missing="\n".join(f"• {item}" for item in missing),
                    )
                )

    def action_view_bills(self):
        self.ensure_one()
        return self.disbursement_ids.action_open_documents()

    def action_view_payments(self):
        self.ensure_one()
        return self.disbursement_ids.filtered("payment_ids").action_open_documents()

    def action_open_beneficiary(self):
        self.ensure_one()
        return self._open_form(self.beneficiary_id)

    def action_open_meeting(self):
        self.ensure_one()
        return self._open_form(self.meeting_id)

    def action_refer(self):
        self._check_officer(self.env._("Referring"))
        self._check_state(OPEN_STATES, self.env._("Referring"))
        return self._open_wizard("beneficiary.request.refer", self.env._("Refer the Request"))

    def action_withdraw(self):
        self._check_officer(self.env._("Withdrawing"))
        self._check_state(OPEN_STATES, self.env._("Withdrawing"))
        return self._open_wizard("beneficiary.request.withdraw", self.env._("Withdraw the Request"))

    def action_escalate(self):
        self._check_officer(self.env._("Escalating"))
        self._check_state(OPEN_STATES, self.env._("Escalating"))
        return self._open_wizard(
            "beneficiary.request.escalate", self.env._("Escalate to a Senior Officer")
        )

    def _refer(self, partner, reason, consent=False):
        """Refer to the competent association (policy: a service outside the
        association's scope) and tell the applicant.

        Sharing the applicant's data with that association needs his consent
        to this purpose: in force already, or given now (``consent``)."""
        self._check_officer(self.env._("Referring"))
        self._lock_rows()
        self._check_state(OPEN_STATES, self.env._("Referring"))
        if not partner or partner.stakeholder_type != "civil":
            raise UserError(self.env._("Refer the request to a civil society body (association)."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the referral."))
        beneficiaries = self.beneficiary_id.filtered(lambda b: not b._has_consent("referral"))
        if beneficiaries and not consent:
            raise UserError(
                self.env._(
                    "%(names)s did not consent to the sharing of the data with another "
                    "association: ask, and record the consent with the referral.",
                    names=list_text(self.env, beneficiaries.mapped("name")),
                )
            )
        beneficiaries._record_consents(["referral"], family=False)
        self._step().write(
            {
                "state": "referred",
                "referred_partner_id": partner.id,
                "referral_reason": reason.strip(),
                "date_referred": fields.Date.context_today(self),
                "is_overdue": False,
            }
        )
        self._activity_update()
        self._notify_applicant("beneficiary_relations.mail_template_request_decision")

    def _withdraw(self, reason):
        self._check_officer(self.env._("Withdrawing"))
        self._lock_rows()
        self._check_state(OPEN_STATES, self.env._("Withdrawing"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason the request is withdrawn."))
        self._step().write(
            {"state": "withdrawn", "withdrawal_reason": reason.strip(), "is_overdue": False}
        )
        self._activity_update()

    def _escalate(self, user, reason):
        """Refer an unclear case to a more senior or experienced officer
        (policy 004), with an activity for that officer."""
        self._check_officer(self.env._("Escalating"))
        self._check_state(OPEN_STATES, self.env._("Escalating"))
        if not user or user.share:
            raise UserError(self.env._("Choose the senior officer the case is escalated to."))
        if not user.has_group("beneficiary_relations.group_relations_officer") or (
            self.company_id - user.company_ids
        ):
            raise UserError(
                self.env._(
                    "%(user)s holds no beneficiary relations role in this association: escalate "
                    "to an officer, researcher or manager who may read the case.",
                    user=user.name,
                )
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Say what is unclear in the case."))
        self._step().write({"escalated_to_id": user.id, "escalation_reason": reason.strip()})
        for request in self:
            request._schedule_activity(
                ESCALATION_ACTIVITY,
                user,
                self.env._("Escalated case: advise the officer"),
                note=reason,
            )
            request._message_log(
                body=self.env._("Escalated to %(user)s: %(reason)s", user=user.name, reason=reason)
            )

    # --- the committee's decision -----------------------------------------

    def _check_runs_committee(self, action):
        """The chair or the secretary of the request's committee, or the
        manager, records what the committee decides about it."""
        if self._is_manager():
            return
        user = self.env.user
        # sudo: committee members read the committee of the requests on their agenda
        for request in self.sudo():
            committee = request.committee_id
            if user not in committee.chair_id | committee.secretary_id:
                raise AccessError(
                    self.env._(
                        "%(action)s of %(name)s is for the chair or the secretary of its "
                        "committee.",
                        action=action,
                        name=request.name,
                    )
                )

    def action_mark_urgent(self):
        self._check_runs_committee(self.env._("Recording an urgent decision"))
        self._check_state(["committee"], self.env._("Recording an urgent decision"))
        return self._open_wizard(
            "beneficiary.request.justify", self.env._("Urgent Decision"), default_mode="urgent"
        )

    def action_grant_eligibility_exception(self):
        self._check_runs_committee(self.env._("Granting an eligibility exception"))
        self._check_state(["committee"], self.env._("Granting an eligibility exception"))
        return self._open_wizard(
            "beneficiary.request.justify",
            self.env._("Eligibility Exception"),
            default_mode="exception",
        )

    def _justify(self, mode, reason):
        """Record, with its reason, an urgent decision (before the earliest
        answer date) or an exception to the program's eligibility."""
        label = (
            self.env._("Recording an urgent decision")
            if mode == "urgent"
            else self.env._("Granting an eligibility exception")
        )
        self._check_runs_committee(label)
        requests = self.sudo()  # sudo: the committee has no write access to requests
        requests._lock_rows()
        requests._check_state(["committee"], label)
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason."))
        if mode == "urgent":
            vals = {"urgent_decision": True, "urgent_reason": reason.strip()}
            vals["urgent_by_id"] = self.env.uid
            message = self.env._("Urgent decision allowed: %(reason)s", reason=reason.strip())
        else:
            vals = {
                "eligibility_exception": True,
                "eligibility_exception_reason": reason.strip(),
                "eligibility_exception_by_id": self.env.uid,
            }
            message = self.env._(
                "Exception to the program's eligibility granted: %(reason)s", reason=reason.strip()
            )
        requests._step().write(vals)
        for request in requests:
            request._message_log(body=message)

    def _excluded_voters(self, votes=None):
        """The members who may not vote on this request: those who registered
        or researched it (separation of duties) and those who declared a
        conflict of interest in ``votes``."""
        self.ensure_one()
        request = self.sudo()  # sudo: the company's settings and the steps' authors
        excluded = self.env["res.users"]
        if request.company_id.beneficiary_sod_steps:
            excluded |= request.submitted_by_id | request.research_done_by_id
            excluded |= request.researcher_id
        if votes is not None and request.company_id.beneficiary_sod_conflict:
            excluded |= votes.filtered(lambda v: v.vote == "conflict").member_id
        return excluded

    def _decision_blockers(self, outcome, today):
        """Why this request cannot be decided ``outcome`` today, or False."""
        self.ensure_one()
        if (
            self.date_earliest_answer
            and today < self.date_earliest_answer
            and not self.urgent_decision
        ):
            return self.env._(
                "%(name)s cannot be decided before its earliest answer date %(date)s (the "
                "policy's two weeks) unless it is recorded as an urgent decision, with "
                "the reason.",
                name=self.name,
                date=self.date_earliest_answer,
            )
        if (
            outcome == "approved"
            and not self.eligibility_exception
            and self.eligibility_state == "not_eligible"
        ):
            return self.env._(
                "%(name)s does not meet the eligibility policy of %(program)s: it can be "
                "approved only with a recorded exception (who and why).",
                name=self.name,
                program=self.program_id.name,
            )
        return False

    def _apply_committee_decisions(self, decisions):
        """Apply the decisions of a closed meeting, all requests at once.

        ``decisions``: {request: (outcome, amount, reason)} with the outcome of
        rules.committee_decision.  Approvals above the committee's threshold
        wait for the manager; undecided requests go back to the queue.  The
        requests deciding alike are written together, and the notes, the
        manager's activities and the applicants' notices are made in batches.
        """
        today = fields.Date.context_today(self)
        final = awaiting = self.browse()
        undecided = {}
        writes = defaultdict(self.browse)  # the values written -> their requests
        for request, (outcome, amount, reason) in decisions.items():
            if outcome == "rejected":
                vals = {"decision": "rejected", "approved_amount": 0.0, "decision_reason": reason}
            elif outcome == "approved":
                partial = request.requested_amount and amount < request.requested_amount
                vals = {
                    "decision": "partial" if partial else "approved",
                    "approved_amount": amount,
                    "decision_reason": reason or False,
                }
            else:
                undecided[request] = outcome
                continue
            threshold = request.committee_id.manager_threshold
            if outcome == "approved" and threshold and amount > threshold:
                vals["awaiting_manager"] = True
                awaiting |= request
            else:
                vals["state"] = "rejected" if outcome == "rejected" else "approved"
                vals.update(date_decision=today, is_overdue=False)
                final |= request
            writes[tuple(sorted(vals.items()))] |= request
        for vals, requests in writes.items():
            requests._step().write(dict(vals))
        if undecided:
            back = self.browse().union(*undecided)
            back._step().write({"meeting_id": False})
            reasons = dict(self._fields["vote_standing"]._description_selection(self.env))
            back._message_log_batch(
                bodies={
                    request.id: self.env._(
                        "Not decided at the meeting (%(why)s): back on the committee's queue.",
                        why=reasons.get(outcome, outcome),
                    )
                    for request, outcome in undecided.items()
                }
            )
        (final | awaiting)._activity_update()
        final._notify_applicant("beneficiary_relations.mail_template_request_decision")

    def _check_manager_approval(self):
        self._check_manager(
            self.env._("Only the beneficiary relations manager can approve this decision.")
        )
        waiting = self.filtered(lambda r: r.state == "committee" and r.awaiting_manager)
        if waiting != self:
            raise UserError(self.env._("Only decisions awaiting the manager can be approved."))
        user = self.env.user
        # sudo: the separation of duties compares every step's author, whatever the manager reads
        for request in self.sudo():
            company = request.company_id
            if company.beneficiary_sod_steps and user in (
                request.submitted_by_id | request.research_done_by_id | request.researcher_id
            ):
                raise UserError(
                    self.env._(
                        "You registered or researched %(name)s: another manager must approve "
                        "its decision (separation of duties).",
                        name=request.name,
                    )
                )
            if company.beneficiary_sod_manager and user == request.meeting_id.committee_id.chair_id:
                raise UserError(
                    self.env._(
                        "You chaired the committee that decided %(name)s: the manager's approval "
                        "must come from another person.",
                        name=request.name,
                    )
                )

    def action_manager_approve(self):
        self._check_manager_approval()
        self._lock_rows()
        self._check_manager_approval()
        today = fields.Date.context_today(self)
        for request in self:
            problem = request._decision_blockers("approved", today)
            if problem:
                raise UserError(problem)
        self._step().write(
            {
                "state": "approved",
                "awaiting_manager": False,
                "manager_approved_by_id": self.env.uid,
                "manager_approved_date": fields.Datetime.now(),
                "date_decision": today,
                "is_overdue": False,
            }
        )
        self._activity_update()
        self._notify_applicant("beneficiary_relations.mail_template_request_decision")
        return True

    def _manager_reject(self, reason):
        self._check_manager_approval()
        self._lock_rows()
        self._check_manager_approval()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the rejection."))
        today = fields.Date.context_today(self)
        for request in self:
            problem = request._decision_blockers("rejected", today)
            if problem:
                raise UserError(problem)
        self._step().write(
            {
                "state": "rejected",
                "decision": "rejected",
                "approved_amount": 0.0,
                "decision_reason": reason.strip(),
                "awaiting_manager": False,
                "manager_approved_by_id": self.env.uid,
                "manager_approved_date": fields.Datetime.now(),
                "date_decision": today,
                "is_overdue": False,
            }
        )
        self._activity_update()
        self._notify_applicant("beneficiary_relations.mail_template_request_decision")

    def action_manager_reject(self):
        self._check_manager_approval()
        return self._open_wizard(
            "beneficiary.request.withdraw", self.env._("Reject the Request"), default_mode="reject"
        )

    def _activity_update(self):
        """Schedule and close the activities of the requests' steps, each by
        its type, after a step (as ``hr.leave``'s ``activity_update``):

        - under research: *Social Research* for the researcher, due on the
          earliest answer date; done once the request goes to the committee;
        - at the committee awaiting the manager: *Manager Approval* for the
          program's manager (``_manager_for``); done once he approves or
          rejects the decision;
        - referred or withdrawn: those still open are removed, their step
          will not be taken.

        Nothing else is touched: an escalation, the aid's activities and the
        to-dos someone added by hand stay as they are."""
        at_committee = self.filtered(lambda r: r.state == "committee")
        decided = self.filtered(lambda r: r.state in ("approved", "rejected"))
        dropped = self.filtered(lambda r: r.state in ("referred", "withdrawn"))
        if at_committee:
            at_committee.activity_feedback([RESEARCH_ACTIVITY])
        if decided:
            decided.activity_feedback([RESEARCH_ACTIVITY, APPROVAL_ACTIVITY])
        if dropped:
            dropped.activity_unlink([RESEARCH_ACTIVITY, APPROVAL_ACTIVITY])
        research = self.filtered(lambda r: r.state == "research" and r.researcher_id)
        for request in research._without_activity(RESEARCH_ACTIVITY):
            request._schedule_activity(
                RESEARCH_ACTIVITY,
                request.researcher_id,
                self.env._("Social research"),
                date_deadline=request.date_earliest_answer,
            )
        awaiting = self.filtered(lambda r: r.state == "committee" and r.awaiting_manager)
        awaiting = awaiting._without_activity(APPROVAL_ACTIVITY)
        for manager, requests in awaiting.grouped(lambda r: r._manager_for(r.program_id)).items():
            if manager:
                requests._schedule_activity(
                    APPROVAL_ACTIVITY, manager, self.env._("Approve the committee's decision")
                )

    def _get_report_base_filename(self):
        """The name of the letters downloaded from the portal."""
        self.ensure_one()
        return self.name

    def _notify_applicant(self, template_xmlid):
        """Post the notice to the applicant on each request (e-mailed when the
        applicant has an address; kept in the chatter as proof either way)."""
        self._notify_partner(template_xmlid, "partner_id")

    @api.model
    def _overdue_reminders(self, rows):
        """The daily job's reminders: one activity per program, for its
        manager, listing its requests past their decision deadline (the cost
        does not grow with the number of requests)."""
        by_program = defaultdict(list)
        for _id, name, program_id in rows:
            by_program[program_id].append(name)
        for program in self.env["beneficiary.program"].browse(by_program):
            names = sorted(by_program[program.id])
            yield (
                program,
                program.company_id,
                self._manager_for(program),
                lambda env, names=names: (
                    env._("Requests past their decision deadline: %(count)s", count=len(names)),
                    list_text(env, names[:200]),
                ),
            )
