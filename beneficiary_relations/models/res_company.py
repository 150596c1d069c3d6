from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import rules

WINDOW_UNITS = [("weeks", "Weeks"), ("days", "Days"), ("working_days", "Working Days")]
# the longest response time or decision window an association may set: a
# year in days, and dates the calendar holds in weeks or working days
MAX_PERIOD = 365


class ResCompany(models.Model):
    _inherit = "res.company"

    beneficiary_answer_min = fields.Integer(
        string="Earliest Answer After",
        default=2,
        help="The committee answers a request not less than this many periods after submission.",
    )
    beneficiary_answer_max = fields.Integer(
        string="Decision Deadline After",
        default=6,
        help="The committee answers a request not more than this many periods after submission.",
    )
    beneficiary_answer_unit = fields.Selection(
        WINDOW_UNITS,
        string="Decision Window Unit",
        default="weeks",
        help="Working days follow the association's working hours (Settings): its weekend and "
        "its public holidays are skipped.",
    )
    compensation_journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', '=', 'purchase')]",
        help="Purchase journal of the bills that pay stakeholders' compensation.",
    )
    compensation_account_id = fields.Many2one(
        "account.account",
        string="Compensation Expense Account",
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
    )
    complaint_days_low = fields.Integer(string="Low Severity Response Days", default=15)
    complaint_days_medium = fields.Integer(string="Medium Severity Response Days", default=10)
    complaint_days_high = fields.Integer(string="High Severity Response Days", default=5)
    complaint_days_critical = fields.Integer(string="Critical Severity Response Days", default=2)
    information_request_days = fields.Integer(
        string="Information Request Response Days",
        default=10,
        help="Stakeholders asking about their own affairs are answered within this many days.",
    )

    # separation of duties (seed 002): each rule can be turned off by a small
    # association whose few staff must take several roles
    beneficiary_sod_research = fields.Boolean(
        string="Registering and Research Separated",
        default=True,
        help="The officer who registered a request cannot be its social researcher.",
    )
    beneficiary_sod_steps = fields.Boolean(
        string="Registering and Research Separated from Deciding",
        default=True,
        help="The officer who registered a request and its researcher cannot vote on it "
        "nor approve it as manager.",
    )
    beneficiary_sod_conflict = fields.Boolean(
        string="Conflicts of Interest Excluded",
        default=True,
        help="A committee member who declares a conflict of interest on a request (e.g. a "
        "relative of the applicant) is excluded from its vote; the minutes say so.",
    )
    beneficiary_sod_manager = fields.Boolean(
        string="Manager Other Than the Chair",
        default=True,
        help="The manager's approval above the committee's threshold is given by another "
        "person than the chair of the meeting that decided.",
    )

    # personal data protection (PDPL): the controller's settings, used by the
    # retention job, the consents and the register of processing activities
    beneficiary_privacy_notice_version = fields.Char(
        string="Privacy Notice Version",
        default="1.0",
        help="The version of the privacy notice in force: recorded with every consent.",
    )
    beneficiary_privacy_officer_id = fields.Many2one(
        "res.users",
        string="Personal Data Officer",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("beneficiary_relations.group_privacy_officer").ids),
        ],
        help="Answers data subjects' requests and breaches; named in the register of "
        "processing activities.",
    )
    beneficiary_retention_years = fields.Integer(
        string="Inactive Files Kept (Years)",
        default=5,
        help="A beneficiary's file with no activity for this many years is proposed to the "
        "manager for anonymisation.",
    )
    beneficiary_financial_retention_years = fields.Integer(
        string="Financial Records Kept (Years)",
        default=10,
        help="Aid paid is kept identifiable at least this many years after its payment "
        "(financial records: at least 10 years).",
    )

    # the online channel: mail to this alias becomes a complaint (seed 002)
    complaint_alias_id = fields.Many2one(
        "mail.alias",
        string="Complaints E-mail Alias",
        copy=False,
        help="Mail sent to this address becomes a complaint of the association, from its sender.",
    )

    def _set_complaint_alias(self, name):
        """Create, rename or remove the association's complaints alias."""
        for company in self:
            alias = company.complaint_alias_id.sudo()  # sudo: aliases are the system's
            if not name:
                company.complaint_alias_id = False
                alias.unlink()
            elif alias:
                alias.alias_name = name
            else:
                company.complaint_alias_id = (
                    self.env["mail.alias"]
                    # sudo: the complaints alias is mail configuration
                    .sudo()
                    .create(
                        {
                            "alias_name": name,
                            "alias_model_id": self.env["ir.model"]._get_id("stakeholder.complaint"),
                            "alias_defaults": repr(
                                {
                                    "company_id": company.id,
                                    "channel_id": self.env.ref(
                                        "beneficiary_relations.channel_email"
                                    ).id,
                                }
                            ),
                            "alias_contact": "everyone",
                            "alias_domain_id": company.alias_domain_id.id,
                            # without a mail domain, the name alone is recognised
                            "alias_incoming_local": not company.alias_domain_id,
                        }
                    )
                )

    def _complaint_response_days(self, severity, category):
        """Days to answer a complaint of this severity and category."""
        self.ensure_one()
        if category == "information_request":
            return self.information_request_days
        if f"complaint_days_{severity}" not in self._fields:
            raise ValidationError(self.env._("Choose the severity of the complaint."))
        return self[f"complaint_days_{severity}"]

    @api.constrains(
        "complaint_days_low",
        "complaint_days_medium",
        "complaint_days_high",
        "complaint_days_critical",
        "information_request_days",
    )
    def _check_complaint_days(self):
        for company in self:
            days = [
                company.complaint_days_low,
                company.complaint_days_medium,
                company.complaint_days_high,
                company.complaint_days_critical,
                company.information_request_days,
            ]
            if min(days) < 1:
                raise ValidationError(self.env._("Response times are at least one day."))
            if max(days) > MAX_PERIOD:
                raise ValidationError(
                    self.env._("Response times are at most %(days)s days.", days=MAX_PERIOD)
                )

    @api.constrains("beneficiary_retention_years", "beneficiary_financial_retention_years")
    def _check_retention_years(self):
        for company in self:
            if company.beneficiary_retention_years < 1:
                raise ValidationError(self.env._("Inactive files are kept at least one year."))
            if company.beneficiary_financial_retention_years < 10:
                raise ValidationError(self.env._("Financial records are kept at least 10 years."))

    @api.constrains("beneficiary_answer_min", "beneficiary_answer_max")
    def _check_beneficiary_window(self):
        for company in self:
            if (
                company.beneficiary_answer_min < 0
                or company.beneficiary_answer_max < company.beneficiary_answer_min
            ):
                raise ValidationError(
                    self.env._(
                        "The decision deadline must come after the earliest answer, "
                        "and neither can be negative."
                    )
                )
            if company.beneficiary_answer_max > MAX_PERIOD:
                raise ValidationError(
                    self.env._(
                        "The decision deadline is at most %(count)s days, weeks or working days "
                        "after the submission.",
                        count=MAX_PERIOD,
                    )
                )

    def _decision_window(self, submitted):
        """(earliest answer, decision deadline) of a request submitted on
        ``submitted``, from the association's settings; working days are those
        of its working hours (resource.calendar)."""
        self.ensure_one()
        weekend, holidays = self._working_calendar(submitted)
        return rules.decision_window(
            submitted,
            self.beneficiary_answer_min,
            self.beneficiary_answer_max,
            self.beneficiary_answer_unit,
            weekend,
            holidays,
        )

    def _working_calendar(self, day_from):
        """``(weekend, holidays)`` of the association's working hours: the
        weekdays without working hours in its calendar (Friday and Saturday
        without one) and the days of its public holidays — the calendar's time
        off not tied to a person, such as the two Eids — in the year from
        ``day_from``."""
        self.ensure_one()
        # sudo: the officers read the association's calendar to compute the
        # window, as Odoo's time off does
        calendar = self.sudo().resource_calendar_id
        if not calendar.attendance_ids:
            return rules.SAUDI_WEEKEND, set()
        worked = {int(day) for day in calendar.attendance_ids.mapped("dayofweek")}
        weekend = tuple(day for day in range(7) if day not in worked)
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(day_from, time.min)).astimezone(pytz.utc)
        end = start + timedelta(days=366 + 3 * max(self.beneficiary_answer_max, 0))
        leaves = (
            self.env["resource.calendar.leaves"]
            # sudo: the public holidays of the working calendar, whoever computes the deadline
            .sudo()
            .search(
                [
                    ("resource_id", "=", False),
                    "|",
                    ("calendar_id", "=", calendar.id),
                    "&",
                    ("calendar_id", "=", False),
                    ("company_id", "=", self.id),
                    ("date_from", "<", end.replace(tzinfo=None)),
                    ("date_to", ">", start.replace(tzinfo=None)),
                ]
            )
        )
        holidays = set()
        for leave in leaves:
            first, last = (
                pytz.utc.localize(moment).astimezone(tz).date()
                for moment in (leave.date_from, leave.date_to)
            )
            holidays.update(rules.days_between(first, last))
        return weekend, holidays

    def _demo_load_accounting(self):
        """Demo data only: the demo association's books on Odoo's Saudi chart
        of accounts (l10n_sa), as a Saudi association keeps them, in riyals,
        with an aid expense account (``account_aid_expense_demo``) and the
        compensation settings."""
        self.ensure_one()
        # sudo: demo data only: the demo association's chart of accounts
        company = self.sudo()
        if not company.chart_template:
            self.env["account.chart.template"]._load("sa", company, install_demo=False)
        company.write(
            {
                "currency_id": self.env.ref("base.SAR").id,
                "account_fiscal_country_id": self.env.ref("base.sa").id,
            }
        )
        # the chart names its journals' payment methods in English, untranslatable:
        # the association's accountants read them in Arabic
        lines = self.env["account.payment.method.line"].search(
            [("journal_id.company_id", "=", company.id)]
        )
        for line in lines:
            line.name = line.payment_method_id.with_context(lang="ar_001").name
        # kept by an uninstall with the books that use it: found again then
        account = self.env.ref(
            "beneficiary_relations.account_aid_expense_demo", raise_if_not_found=False
        )
        if not account:
            account = (
                self.env["account.account"]
                .with_company(company)
                .with_context(lang="en_US")
                .create(
                    {
                        "name": "Beneficiaries' Aid and Assistance",
                        "code": "400100",
                        "account_type": "expense",
                        "company_ids": [company.id],
                    }
                )
            )
            self.env["ir.model.data"]._update_xmlids(
                [
                    {
                        "xml_id": "beneficiary_relations.account_aid_expense_demo",
                        "record": account,
                        "noupdate": True,
                    }
                ]
            )
        company.write(
            {
                "compensation_account_id": account.id,
                "compensation_journal_id": self.env["account.journal"]
                .search([("type", "=", "purchase"), ("company_id", "=", company.id)], limit=1)
                .id,
            }
        )
