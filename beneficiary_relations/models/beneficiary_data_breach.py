from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime

from .. import rules
from ..tools import list_text

ACTIVITY_TYPE = "beneficiary_relations.mail_activity_type_breach_notice"
# a closed breach is a record: nothing in it changes any more
EDITABLE = ("open", "authority_notified", "people_notified", "not_required")
DATA_CATEGORIES = (
    "data_identity",
    "data_contact",
    "data_financial",
    "data_health",
    "data_family",
    "data_documents",
    "data_survey",
)


class BeneficiaryDataBreach(models.Model):
    """A personal data breach (تسرّب البيانات الشخصية, PDPL): what happened,
    whose data, the 72 hours to notify the Saudi Data and AI Authority
    (SDAIA), the notice to the people affected and what was done.

    ::

        open ─notify authority─> authority_notified ─notify people─> people_notified
          │                               │                                │
          │                               └─close (risk not high)─┐     close
          └─no notification needed (low risk, justified)─> not_required ─close─> closed

    Kept by the personal data officer and the beneficiary relations manager
    only; the dates, references and states are recorded by the actions.
    """

    _name = "beneficiary.data.breach"
    _description = "Personal Data Breach"
    _inherit = ["mail.thread", "mail.activity.mixin", "beneficiary.workflow.mixin"]
    _order = "date_discovered desc, id desc"
    _check_company_auto = True
    _overdue_states = ("open",)
    _overdue_deadline = "date_authority_deadline"
    _overdue_columns = ("name", "company_id", "user_id")
    _overdue_activity = ACTIVITY_TYPE

    def _default_user_id(self):
        company = self.env.company
        return (
            company.beneficiary_privacy_officer_id
            or self._manager_for(company=company)
            or self.env.user
        )

    state = fields.Selection(
        [
            ("open", "Open"),
            ("authority_notified", "Authority Notified"),
            ("people_notified", "People Notified"),
            ("not_required", "No Notification Needed"),
            ("closed", "Closed"),
        ],
        default="open",
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
        writable_in=("open",),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        default=lambda self: self._default_user_id(),
        tracking=True,
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("beneficiary_relations.group_privacy_officer").ids),
        ],
        writable_in=EDITABLE,
        help="Follows the breach up to its closing: the personal data officer, else the "
        "beneficiary relations manager.",
    )
    date_discovered = fields.Datetime(
        string="Discovered On",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        writable_in=("open",),
    )
    description = fields.Html(string="What Happened", required=True, writable_in=EDITABLE)
    cause = fields.Text(
        string="How It Happened",
        writable_in=EDITABLE,
        help="The cause: lost or stolen device or papers, message sent to the wrong person, "
        "unauthorised access, attack on the system, …",
    )
    risk = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        string="Risk to the People Affected",
        required=True,
        default="medium",
        tracking=True,
        writable_in=("open", "authority_notified", "people_notified"),
        help="High: the people affected must be told before the breach is closed. Low: the "
        "authority need not be notified, with the justification recorded.",
    )
    # the categories of personal data affected
    data_identity = fields.Boolean(
        string="Identity", writable_in=EDITABLE, help="Name, national ID or iqama, birth date."
    )
    data_contact = fields.Boolean(
        string="Contact Details", writable_in=EDITABLE, help="Mobile, e-mail, address."
    )
    data_financial = fields.Boolean(
        string="Financial Data", writable_in=EDITABLE, help="Incomes, expenses, IBAN, aid paid."
    )
    data_health = fields.Boolean(
        string="Health Data", writable_in=EDITABLE, help="Disability, illness."
    )
    data_family = fields.Boolean(
        string="Family Members", writable_in=EDITABLE, help="The household's members and data."
    )
    data_documents = fields.Boolean(
        string="Documents", writable_in=EDITABLE, help="Copies of IDs, proofs, reports."
    )
    data_survey = fields.Boolean(string="Satisfaction Answers", writable_in=EDITABLE)
    beneficiary_ids = fields.Many2many(
        "beneficiary.beneficiary",
        string="Beneficiaries Affected",
        check_company=True,
        writable_in=EDITABLE,
    )
    other_people_count = fields.Integer(
        string="Other People Affected",
        writable_in=EDITABLE,
        help="People affected who have no beneficiary file: family members, staff, stakeholders.",
    )
    affected_count = fields.Integer(string="People Affected", compute="_compute_affected_count")
    date_authority_deadline = fields.Datetime(
        string="Notify the Authority By",
        compute="_compute_date_authority_deadline",
        store=True,
        precompute=True,
        index=True,
        step=True,
        help="72 hours after the discovery: the Saudi Data and AI Authority (SDAIA) is "
        "notified by then.",
    )
    is_overdue = fields.Boolean(
        string="Notification Overdue", readonly=True, copy=False, index=True, step=True
    )
    authority_notified_date = fields.Datetime(
        string="Authority Notified On", readonly=True, copy=False, step=True
    )
    authority_reference = fields.Char(
        string="Authority's Reference", readonly=True, copy=False, step=True
    )
    authority_notified_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)
    is_notified_late = fields.Boolean(string="Notified Late", compute="_compute_is_notified_late")
    people_notified_date = fields.Datetime(
        string="People Notified On", readonly=True, copy=False, step=True
    )
    people_channel_id = fields.Many2one(
        "beneficiary.channel", string="Notified Through", readonly=True, copy=False, step=True
    )
    people_notice = fields.Text(
        string="Notice to the People Affected", readonly=True, copy=False, step=True
    )
    people_notified_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)
    no_notification_reason = fields.Text(
        string="Why No Notification Is Needed", readonly=True, copy=False, step=True
    )
    containment = fields.Text(
        string="Containment Measures",
        writable_in=EDITABLE,
        help="What was done at once to stop the breach and limit its effects.",
    )
    remediation = fields.Text(
        writable_in=EDITABLE,
        help="What was done so that it does not happen again.",
    )
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False, step=True)

    @api.depends("beneficiary_ids", "other_people_count")
    def _compute_affected_count(self):
        for breach in self:
            breach.affected_count = len(breach.beneficiary_ids) + breach.other_people_count

    @api.depends("date_discovered")
    def _compute_date_authority_deadline(self):
        for breach in self:
            breach.date_authority_deadline = rules.breach_notice_deadline(breach.date_discovered)

    @api.depends("authority_notified_date", "date_authority_deadline")
    def _compute_is_notified_late(self):
        for breach in self:
            breach.is_notified_late = bool(
                breach.authority_notified_date
                and breach.authority_notified_date > breach.date_authority_deadline
            )

    @api.constrains("date_discovered")
    def _check_date_discovered(self):
        if any(breach.date_discovered > fields.Datetime.now() for breach in self):
            raise ValidationError(self.env._("A breach cannot be discovered in the future."))

    @api.constrains("other_people_count", *DATA_CATEGORIES)
    def _check_affected(self):
        for breach in self:
            if breach.other_people_count < 0:
                raise ValidationError(self.env._("The number of other people cannot be negative."))
            if not any(breach[name] for name in DATA_CATEGORIES):
                raise ValidationError(
                    self.env._(
                        "Tick at least one category of personal data affected by %(name)s.",
                        name=breach.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Breaches are kept as a record: close them instead."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_privacy_officer(self.env._("Recording a breach"))
        breaches = super().create(vals_list)
        breaches._schedule_authority_notice()
        return breaches

    def write(self, vals):
        result = super().write(vals)
        if "date_discovered" in vals:
            # the deadline moved, and its activity with it; the next run of the
            # job flags the breach again if it is still overdue
            self.activity_unlink([ACTIVITY_TYPE])
            self._step().write({"is_overdue": False})
            self._schedule_authority_notice()
        return result

    def _schedule_authority_notice(self):
        """Give the responsible an activity due on the day of the 72-hour
        deadline (in his time zone)."""
        for breach in self:
            user = breach.user_id
            deadline = breach.date_authority_deadline
            local = fields.Datetime.context_timestamp(breach.with_context(tz=user.tz), deadline)
            breach.with_context(mail_activity_quick_update=True).activity_schedule(
                ACTIVITY_TYPE,
                date_deadline=local.date(),
                summary=self.env._("Notify the authority (SDAIA) of %(name)s", name=breach.name),
                note=Markup("<p>%s</p>")
                % self.env._(
                    "Notify the Saudi Data and AI Authority by %(deadline)s (72 hours after the "
                    "discovery), or record why no notification is needed.",
                    deadline=format_datetime(self.env, deadline, tz=user.tz),
                ),
                user_id=user.id,
            )

    # --- actions ------------------------------------------------------------

    def _notice_wizard(self, mode, title, states):
        self._check_privacy_officer(title)
        self._check_state(states, title)
        return self._open_wizard("beneficiary.data.breach.notice", title, default_mode=mode)

    def action_notify_authority(self):
        return self._notice_wizard("authority", self.env._("Notifying the authority"), ["open"])

    def action_notify_people(self):
        return self._notice_wizard(
            "people", self.env._("Notifying the people affected"), ["authority_notified"]
        )

    def action_no_notification(self):
        return self._notice_wizard(
            "none", self.env._("Recording that no notification is needed"), ["open"]
        )

    def action_close(self):
        action = self.env._("Closing a breach")
        self._check_privacy_officer(action)
        self._lock_rows()
        self._check_state(["authority_notified", "people_notified", "not_required"], action)
        untold = self.filtered(lambda b: b.state == "authority_notified" and b.risk == "high")
        if untold:
            raise UserError(
                self.env._(
                    "The risk of %(names)s is high: notify the people affected before closing.",
                    names=list_text(self.env, untold.mapped("name")),
                )
            )
        uncontained = self.filtered(lambda b: not (b.containment or "").strip())
        if uncontained:
            raise UserError(
                self.env._(
                    "Record the containment measures of %(names)s before closing.",
                    names=list_text(self.env, uncontained.mapped("name")),
                )
            )
        self._step().write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def _check_notice_date(self, date):
        if not date or date > fields.Datetime.now():
            raise UserError(
                self.env._("Give the date of the notification: it is not a future date.")
            )
        early = self.filtered(lambda b: date < b.date_discovered)
        if early:
            raise UserError(
                self.env._(
                    "%(names)s was discovered after the date of this notification.",
                    names=list_text(self.env, early.mapped("name")),
                )
            )

    def _notify_authority(self, date, reference):
        """Record that the authority (SDAIA) was notified on ``date`` under
        ``reference``."""
        action = self.env._("Notifying the authority")
        self._check_privacy_officer(action)
        self._lock_rows()
        self._check_state(["open"], action)
        self._check_notice_date(date)
        if not (reference or "").strip():
            raise UserError(self.env._("Give the reference the authority gave the notification."))
        self._step().write(
            {
                "state": "authority_notified",
                "authority_notified_date": date,
                "authority_reference": reference.strip(),
                "authority_notified_by_id": self.env.user.id,
                "is_overdue": False,
            }
        )
        self.activity_feedback([ACTIVITY_TYPE])

    def _notify_people(self, date, channel, notice):
        """Record the notice given on ``date`` through ``channel`` to the
        people affected."""
        action = self.env._("Notifying the people affected")
        self._check_privacy_officer(action)
        self._lock_rows()
        self._check_state(["authority_notified"], action)
        self._check_notice_date(date)
        if not channel or not (notice or "").strip():
            raise UserError(
                self.env._("Give the channel and the content of the notice to the people affected.")
            )
        self._step().write(
            {
                "state": "people_notified",
                "people_notified_date": date,
                "people_channel_id": channel.id,
                "people_notice": notice.strip(),
                "people_notified_by_id": self.env.user.id,
            }
        )

    def _no_notification(self, reason):
        """Record why a low-risk breach is notified to no one."""
        action = self.env._("Recording that no notification is needed")
        self._check_privacy_officer(action)
        self._lock_rows()
        self._check_state(["open"], action)
        risky = self.filtered(lambda b: b.risk != "low")
        if risky:
            raise UserError(
                self.env._(
                    "The risk of %(names)s is not low: the authority must be notified.",
                    names=list_text(self.env, risky.mapped("name")),
                )
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the justification: why no notification is needed."))
        self._step().write(
            {"state": "not_required", "no_notification_reason": reason.strip(), "is_overdue": False}
        )
        self.activity_feedback([ACTIVITY_TYPE])

    @api.model
    def _overdue_reminders(self, rows):
        """The daily job's reminders: one activity on each open breach whose
        authority was not notified within 72 hours, for the manager of its
        association (else its responsible)."""
        companies = self.env["res.company"].browse({row[2] for row in rows})
        managers = {company.id: self._manager_for(company=company) for company in companies}
        users = self.env["res.users"].browse({row[3] for row in rows if row[3]})
        for breach_id, name, company_id, user_id in rows:
            yield (
                self.browse(breach_id),
                companies.browse(company_id),
                managers[company_id] or users.browse(user_id),
                lambda env, name=name: (
                    env._(
                        "Overdue: the authority was not notified of %(name)s within 72 hours",
                        name=name,
                    ),
                    False,
                ),
            )
