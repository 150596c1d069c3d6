import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import rules
from ..tools import REQUEST_DONE_STATES, list_text

OPEN_STATES = ("received", "in_progress")
MANAGER = "beneficiary_relations.group_manager"
# the activities of the requests (data/mail_activity_type_data.xml)
ANSWER_ACTIVITY = "beneficiary_relations.mail_activity_type_data_request_answer"
OVERDUE_ACTIVITY = "beneficiary_relations.mail_activity_type_data_request_overdue"


class BeneficiaryDataRequest(models.Model):
    """A data subject's request under the Personal Data Protection Law
    (طلب صاحب البيانات الشخصية): access to the data, a copy, their correction,
    their destruction, or an objection to their processing; answered within
    30 days of its receipt.

    ::

        received ─start (identity verified)─> in_progress ─answer─> answered
        received, in_progress ─refuse (reason)─> refused

    The officers register the requests and verify the requester's identity;
    the manager or the association's personal data officer answers them (the
    manager alone exports the person's data).  A daily job flags the requests
    past their deadline.
    """

    _name = "beneficiary.data.request"
    _description = "Data Subject Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "beneficiary.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _overdue_states = OPEN_STATES
    _overdue_columns = ("company_id", "date_deadline")
    _overdue_activity = OVERDUE_ACTIVITY

    state = fields.Selection(
        [
            ("received", "Received"),
            ("in_progress", "In Progress"),
            ("answered", "Answered"),
            ("refused", "Refused"),
        ],
        default="received",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        step=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        writable_in=("received",),
    )
    kind = fields.Selection(
        [
            ("access", "Access to the Data"),
            ("copy", "Copy of the Data"),
            ("correction", "Correction"),
            ("destruction", "Destruction"),
            ("objection", "Objection to Processing"),
        ],
        string="Right Exercised",
        required=True,
        tracking=True,
        writable_in=("received",),
    )
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        string="Beneficiary File",
        index=True,
        check_company=True,
        tracking=True,
        ondelete="restrict",
        writable_in=("received",),
        help="The data subject's file, when the person is a beneficiary.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
        tracking=True,
        writable_in=("received",),
        help="The data subject's contact: a stakeholder who is not a beneficiary, or the "
        "beneficiary's own contact.",
    )
    subject_name = fields.Char(
        string="Data Subject",
        compute="_compute_subject_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        writable_in=("received",),
    )
    requester_name = fields.Char(
        string="Submitted By",
        writable_in=("received",),
        help="Who submitted the request when it is not the data subject: a guardian or an "
        "authorised agent.",
    )
    channel_id = fields.Many2one(
        "beneficiary.channel", required=True, tracking=True, writable_in=("received",)
    )
    date_received = fields.Date(
        string="Received On",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        writable_in=("received",),
    )
    date_deadline = fields.Date(
        string="Answer Deadline",
        compute="_compute_date_deadline",
        store=True,
        precompute=True,
        index=True,
        help="The request is answered within 30 days of its receipt.",
    )
    description = fields.Text(
        string="Details",
        writable_in=OPEN_STATES,
        help="What exactly the data subject asks: which data to correct and how, what to "
        "destroy, which processing is objected to and why.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Registered By",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
        step=True,
    )
    identity_method = fields.Selection(
        [
            ("in_person", "Identity Document Shown in Person"),
            ("nafath", "Nafath / Absher Authentication"),
            ("file_data", "Matched Against the File's Data"),
            ("agent", "Agent's Authorisation and Identity Checked"),
        ],
        string="Identity Verified Through",
        writable_in=OPEN_STATES,
    )
    identity_verified_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)
    identity_verified_date = fields.Datetime(
        string="Identity Verified On", readonly=True, copy=False, step=True
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        readonly=True,
        copy=False,
        index=True,
        step=True,
        help="Still unanswered after its deadline (flagged every day).",
    )
    can_answer = fields.Boolean(string="You Answer It", compute="_compute_can_answer")
    retained_data = fields.Text(
        string="What Cannot Be Destroyed Yet",
        compute="_compute_retained_data",
        compute_sudo=True,
        help="For a destruction request: the data the association must still keep, and why.",
    )
    answer = fields.Text(readonly=True, copy=False, step=True)
    retained_statement = fields.Text(
        string="Kept and Why",
        readonly=True,
        copy=False,
        step=True,
        help="What the association told the data subject it must still keep, when answering "
        "a destruction request.",
    )
    refusal_reason = fields.Text(readonly=True, copy=False, step=True)
    answer_date = fields.Datetime(
        string="Answered On", readonly=True, copy=False, tracking=True, step=True
    )
    answered_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)
    # the export answering an access or copy request: only the manager reads it
    export_date = fields.Datetime(string="Data Exported On", readonly=True, copy=False, step=True)
    destroyed_date = fields.Datetime(
        string="Data Destroyed On",
        readonly=True,
        copy=False,
        step=True,
        help="The beneficiary's file was anonymised at the request, nothing being left that the "
        "association must keep.",
    )
    export_json = fields.Binary(
        string="Personal Data (JSON)",
        attachment=True,
        readonly=True,
        copy=False,
        step=True,
        groups=MANAGER,
    )
    export_json_name = fields.Char(
        string="JSON File Name", readonly=True, copy=False, step=True, groups=MANAGER
    )
    export_pdf = fields.Binary(
        string="Personal Data (PDF)",
        attachment=True,
        readonly=True,
        copy=False,
        step=True,
        groups=MANAGER,
    )
    export_pdf_name = fields.Char(
        string="PDF File Name", readonly=True, copy=False, step=True, groups=MANAGER
    )

    @api.depends("beneficiary_id")
    def _compute_partner_id(self):
        for request in self:
            if request.beneficiary_id:
                request.partner_id = request.beneficiary_id.partner_id

    @api.depends("partner_id")
    def _compute_subject_name(self):
        for request in self:
            if request.partner_id:
                request.subject_name = request.partner_id.name

    @api.depends("date_received")
    def _compute_date_deadline(self):
        for request in self:
            request.date_deadline = request.date_received and rules.data_request_deadline(
                request.date_received
            )

    @api.depends_context("uid")
    @api.depends("company_id")
    def _compute_can_answer(self):
        for request in self:
            request.can_answer = request._is_answerer()

    @api.depends_context("lang")
    @api.depends("kind", "beneficiary_id", "partner_id")
    def _compute_retained_data(self):
        destruction = self.filtered(lambda r: r.kind == "destruction")
        (self - destruction).retained_data = False
        for request, lines in destruction._retained_by_request().items():
            request.retained_data = "\n".join(f"• {line}" for line in lines) or self.env._(
                "Nothing must be kept: the data can be destroyed."
            )

    def _retained_by_request(self):
        """{destruction request: why some of its subject's data must be kept}."""
        destruction = self
        result = {}
        files = destruction.beneficiary_id
        partners = destruction.partner_id
        open_requests = self.env["beneficiary.request"].search(
            [("beneficiary_id", "in", files.ids), ("state", "not in", REQUEST_DONE_STATES)]
        )
        paid = self.env["beneficiary.disbursement"].search(
            [("beneficiary_id", "in", files.ids), ("state", "in", ("partial", "paid", "delivered"))]
        )
        complaints = self.env["stakeholder.complaint"].search(
            [("partner_id", "in", partners.ids), ("state", "in", ("received", "review"))]
        )
        compensations = self.env["stakeholder.compensation"].search(
            [
                ("partner_id", "in", partners.ids),
                ("state", "not in", ("compensated", "rejected")),
            ]
        )
        for request in destruction:
            lines = request._retained_lines(
                open_requests.filtered(lambda r, f=request.beneficiary_id: r.beneficiary_id == f),
                paid.filtered(lambda d, f=request.beneficiary_id: d.beneficiary_id == f),
                complaints.filtered(lambda c, p=request.partner_id: c.partner_id == p).mapped(
                    "name"
                )
                + compensations.filtered(lambda c, p=request.partner_id: c.partner_id == p).mapped(
                    "name"
                ),
            )
            result[request] = lines
        return result

    def _retained_lines(self, open_requests, paid, open_cases):
        """Why some data of this destruction request's subject cannot be
        destroyed yet: open requests, aid paid within the financial records'
        retention, open complaints and compensation cases (``open_cases``:
        their references)."""
        self.ensure_one()
        lines = []
        if open_requests:
            states = dict(open_requests._fields["state"]._description_selection(self.env))
            lines.append(
                self.env._(
                    "Support requests still being handled: %(requests)s. Their handling and "
                    "decision are recorded until they end.",
                    requests=list_text(
                        self.env, [f"{r.name} ({states[r.state]})" for r in open_requests]
                    ),
                )
            )
        years = self.company_id.beneficiary_financial_retention_years
        today = fields.Date.context_today(self)
        for request, lines_paid in paid.grouped("request_id").items():
            until = rules.kept_until(
                [line.date_paid or line.date_delivered for line in lines_paid], years
            )
            if until and until >= today:
                lines.append(
                    self.env._(
                        "Aid paid or delivered for %(request)s: financial records are kept "
                        "%(years)s years, until %(date)s.",
                        request=request.name,
                        years=years,
                        date=until,
                    )
                )
        if open_cases:
            lines.append(
                self.env._(
                    "Complaints or compensation cases still open: %(cases)s.",
                    cases=list_text(self.env, open_cases),
                )
            )
        return lines

    @api.constrains("date_received")
    def _check_date_received(self):
        today = fields.Date.context_today(self)
        if any(request.date_received > today for request in self):
            raise ValidationError(self.env._("A request cannot be received in the future."))

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._activity_update()
        return requests

    # --- who answers -----------------------------------------------------------

    def _answerer(self, company=None):
        """Who answers the requests of ``company`` (default: this request's):
        its personal data officer when he holds the module's roles, else its
        manager."""
        company = company or self.company_id
        officer = company.beneficiary_privacy_officer_id
        if (
            officer.active
            and officer.has_group("beneficiary_relations.group_relations_officer")
            and company in officer.company_ids
        ):
            return officer
        return self._manager_for(company=company)

    def _is_answerer(self):
        """The manager, or the personal data officer of these requests'
        association, answers them."""
        if self._is_manager():
            return True
        user = self.env.user
        return all(
            user == request.company_id.beneficiary_privacy_officer_id
            and user.has_group("beneficiary_relations.group_relations_officer")
            for request in self
        )

    def _check_answerer(self, action):
        if not self._is_answerer():
            raise AccessError(
                self.env._(
                    "%(action)s is for the beneficiary relations manager or the association's "
                    "personal data officer.",
                    action=action,
                )
            )

    # --- the steps -------------------------------------------------------------

    def action_verify_identity(self):
        """Record that the requester's identity was verified, by whom and when."""
        label = self.env._("Verifying the requester's identity")
        self._check_officer(label)
        self._lock_rows()
        self._check_state(OPEN_STATES, label)
        done = self.filtered("identity_verified_date")
        if done:
            raise UserError(
                self.env._(
                    "The identity of the requester of %(names)s is already verified.",
                    names=list_text(self.env, done.mapped("name")),
                )
            )
        missing = self.filtered(lambda r: not r.identity_method)
        if missing:
            raise UserError(
                self.env._(
                    "Say how the identity of the requester of %(names)s was verified.",
                    names=list_text(self.env, missing.mapped("name")),
                )
            )
        self._step().write(
            {
                "identity_verified_by_id": self.env.uid,
                "identity_verified_date": fields.Datetime.now(),
            }
        )
        return True

    def action_start(self):
        label = self.env._("Starting the handling")
        self._check_officer(label)
        self._lock_rows()
        self._check_state(["received"], label)
        unverified = self.filtered(lambda r: not r.identity_verified_date)
        if unverified:
            raise UserError(
                self.env._(
                    "Verify the identity of the requester of %(names)s first: personal data are "
                    "disclosed, corrected or destroyed only at the data subject's own request.",
                    names=list_text(self.env, unverified.mapped("name")),
                )
            )
        self._step().write({"state": "in_progress"})
        return True

    def action_export_data(self):
        """Attach the person's data (JSON and PDF) to an access or copy request."""
        label = self.env._("Exporting the person's data")
        self._check_manager(
            self.env._("Only the beneficiary relations manager exports a person's data.")
        )
        self._lock_rows()
        self._check_state(["in_progress"], label)
        wrong = self.filtered(lambda r: r.kind not in ("access", "copy") or not r.beneficiary_id)
        if wrong:
            raise UserError(
                self.env._(
                    "%(names)s: the data are exported for an access or copy request of a "
                    "beneficiary's file.",
                    names=list_text(self.env, wrong.mapped("name")),
                )
            )
        Export = self.env["beneficiary.data.export"]
        for request in self:
            beneficiary = request.beneficiary_id
            request._step().write(
                {
                    "export_json": base64.b64encode(Export._export_json(beneficiary)),
                    "export_json_name": Export._export_filename(beneficiary, "json"),
                    "export_pdf": base64.b64encode(Export._export_pdf(beneficiary)),
                    "export_pdf_name": Export._export_filename(beneficiary, "pdf"),
                    "export_date": fields.Datetime.now(),
                }
            )
            request._message_log(
                body=self.env._(
                    "The data held about %(name)s were exported (JSON and PDF) for the answer.",
                    name=beneficiary.name,
                )
            )
        return True

    def action_destroy_data(self):
        """Grant a destruction request nothing stands against: the person's
        file is anonymised now, as at the end of its retention (identity,
        contact, household, documents, chatter erased; decisions, payments and
        the books kept), and the request records when."""
        label = self.env._("Destroying the data")
        self._check_answerer(label)
        self._lock_rows()
        self._check_state(["in_progress"], label)
        wrong = self.filtered(
            lambda r: r.kind != "destruction" or not r.beneficiary_id or r.destroyed_date
        )
        if wrong:
            raise UserError(
                self.env._(
                    "Only a destruction request of a beneficiary's file, not destroyed yet, "
                    "destroys data: %(names)s.",
                    names=list_text(self.env, wrong.mapped("name")),
                )
            )
        for request, lines in self._retained_by_request().items():
            if lines:
                raise UserError(
                    self.env._(
                        "The data of %(name)s cannot be destroyed yet:\n%(why)s",
                        name=request.subject_name,
                        why="\n".join(lines),
                    )
                )
        self.beneficiary_id._anonymise()
        self._step().write({"destroyed_date": fields.Datetime.now()})
        for request in self:
            request.message_post(
                body=self.env._("The data subject's file was anonymised at his request."),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_answer(self):
        label = self.env._("Answering")
        self._check_answerer(label)
        self._check_state(["in_progress"], label)
        return self._open_wizard(
            "beneficiary.data.request.answer",
            self.env._("Answer the Data Subject"),
            default_mode="answer",
        )

    def action_refuse(self):
        label = self.env._("Refusing")
        self._check_answerer(label)
        self._check_state(OPEN_STATES, label)
        return self._open_wizard(
            "beneficiary.data.request.answer",
            self.env._("Refuse the Request"),
            default_mode="refuse",
        )

    def _answer(self, text):
        """Record the answer given to the data subject: what, when, by whom.
        A destruction request's answer records what must still be kept."""
        label = self.env._("Answering")
        self._check_answerer(label)
        self._lock_rows()
        self._check_state(["in_progress"], label)
        if not (text or "").strip():
            raise UserError(self.env._("Write the answer given to the data subject."))
        missing = self.filtered(
            lambda r: r.kind in ("access", "copy") and r.beneficiary_id and not r.export_date
        )
        if missing:
            raise UserError(
                self.env._(
                    "Export the data of %(names)s first: they are the answer to an access or "
                    "copy request.",
                    names=list_text(self.env, missing.mapped("name")),
                )
            )
        now = fields.Datetime.now()
        for request in self:
            request._step().write(
                {
                    "state": "answered",
                    "answer": text.strip(),
                    "retained_statement": request.retained_data or False,
                    "answer_date": now,
                    "answered_by_id": self.env.uid,
                    "is_overdue": False,
                }
            )
        self._activity_update()

    def _refuse(self, reason):
        label = self.env._("Refusing")
        self._check_answerer(label)
        self._lock_rows()
        self._check_state(OPEN_STATES, label)
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason the request is refused."))
        self._step().write(
            {
                "state": "refused",
                "refusal_reason": reason.strip(),
                "answer_date": fields.Datetime.now(),
                "answered_by_id": self.env.uid,
                "is_overdue": False,
            }
        )
        self._activity_update()

    def _activity_update(self):
        """Schedule and close the requests' activities, by type: received, *Data
        Subject's Request* for who answers it (``_answerer``), due on its
        deadline; answered or refused, it and the daily job's reminders
        (*Overdue Data Subject's Request*) are done.  The to-dos added by hand
        stay as they are."""
        done = self.filtered(lambda r: r.state not in OPEN_STATES)
        if done:
            done.activity_feedback([ANSWER_ACTIVITY, OVERDUE_ACTIVITY])
        waiting = self.filtered(lambda r: r.state in OPEN_STATES)
        for request in waiting._without_activity(ANSWER_ACTIVITY):
            answerer = request._answerer()
            if answerer:
                request._schedule_activity(
                    ANSWER_ACTIVITY,
                    answerer,
                    self.env._("Answer the data subject's request"),
                    note=self.env._(
                        "%(kind)s requested by %(name)s: answer by %(date)s.",
                        kind=dict(self._fields["kind"]._description_selection(self.env))[
                            request.kind
                        ],
                        name=request.subject_name,
                        date=request.date_deadline,
                    ),
                    date_deadline=request.date_deadline,
                )

    def action_open_beneficiary(self):
        self.ensure_one()
        return self._open_form(self.beneficiary_id)

    @api.model
    def _overdue_reminders(self, rows):
        """The daily job's reminders: one activity on each request past its
        30 days, for who answers it."""
        companies = self.env["res.company"].browse({row[1] for row in rows})
        answerers = {company.id: self._answerer(company) for company in companies}
        for request_id, company_id, deadline in rows:
            yield (
                self.browse(request_id),
                companies.browse(company_id),
                answerers[company_id],
                lambda env, deadline=deadline: (
                    env._("Overdue: the 30 days to answer have passed"),
                    env._(
                        "The deadline was %(date)s: answer the data subject now.",
                        date=self.with_env(env)._notice_date(deadline),
                    ),
                ),
            )
