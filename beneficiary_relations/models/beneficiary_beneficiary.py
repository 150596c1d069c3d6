from contextlib import contextmanager

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import fix_import_export_id_paths
from odoo.tools import SQL, sql

from .. import rules
from ..tools import (
    MISSING_IBAN_ACTIVITY,
    OFFICER,
    SAUDI_REGIONS,
    SENSITIVE_GROUPS,
    check_role,
    check_vals_list,
    list_text,
    many2one_ids,
    may_read,
    next_references,
    number_warning,
    related_action,
    role_domain,
    validated_mobile,
    validated_national_id,
    validated_saudi_iban,
)

# what a direct beneficiary's file must hold to be complete
FILE_FIELDS = (
    "beneficiary_type",
    "national_id",
    "mobile",
    "birth_date",
    "gender",
    "region",
    "city",
    "consent_state",
    "document_ids",
)

# what else the file needs: the consents of the family members and, for a
# health-related category, the consent to the processing of health data
CONSENT_FIELDS = (
    "consent_ids.state",
    "consent_ids.family_member_id",
    "family_member_ids",
    "category_ids",
)

# what the file shows of its contact, stored on the file
STORED_CONTACT_FIELDS = ("name", "mobile", "city")
# and not stored (related fields): given when the file and its contact are
# created, they are the contact's
CONTACT_FIELDS = ("email", "street")


@contextmanager
def exact_lookups(cr):
    """Look numbers up exactly in their btree indexes, not in their trigram
    ones: PostgreSQL (pg_trgm serves "=" since version 14) may estimate a
    trigram index cheaper for a list of numbers, and each lookup there costs
    milliseconds instead of microseconds.  Trigram indexes are only scanned
    through bitmaps, so these are turned off for the lookups, then back."""
    cr.execute(
        "SELECT current_setting('enable_bitmapscan'), set_config('enable_bitmapscan', 'off', true)"
    )
    previous = cr.fetchone()[0]
    yield
    # (after an error the setting goes with the transaction or its savepoint)
    cr.execute(SQL("SELECT set_config('enable_bitmapscan', %s, true)", previous))


class BeneficiaryBeneficiary(models.Model):
    """A beneficiary's file (ملف المستفيد), linked to the partner aid is paid to.

    Direct beneficiaries get a full file: identity, household, income,
    documents and consent; indirect ones are only counted.
    """

    _name = "beneficiary.beneficiary"
    _description = "Beneficiary"
    _inherit = ["mail.thread", "mail.activity.mixin", "beneficiary.step.mixin"]
    _order = "id desc"
    _rec_names_search = ["name", "code", "national_id", "mobile"]
    _check_company_auto = True
    _beneficiary_private = True

    # trigram indexes: the search box looks names, numbers and IDs up with
    # ilike, which a btree index cannot serve
    code = fields.Char(
        string="File Number", readonly=True, copy=False, index="trigram", tracking=True
    )
    # always set (created in create() when left empty), so not required in forms
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        ondelete="restrict",
        index=True,
        check_company=True,
        tracking=True,
        help="The contact that letters and aid payments are addressed to. "
        "Created from the beneficiary's name when left empty.",
    )
    # the contact's name, mobile and city, kept on the file for the lists and
    # searches, and written back to the contact only where they differ (a
    # file registered with its new contact writes nothing back to it)
    name = fields.Char(
        compute="_compute_contact",
        inverse="_inverse_contact",
        store=True,
        readonly=False,
        required=True,
        index="trigram",
        tracking=True,
    )
    # also a btree index (init): the duplicate checks look numbers up exactly
    mobile = fields.Char(
        compute="_compute_contact",
        inverse="_inverse_contact",
        store=True,
        readonly=False,
        index="trigram",
        tracking=True,
    )
    email = fields.Char(related="partner_id.email", readonly=False, tracking=True)
    beneficiary_type = fields.Selection(
        [("direct", "Direct"), ("indirect", "Indirect")],
        required=True,
        default="direct",
        tracking=True,
        help="Direct: receives a service, has a full file and is asked about satisfaction "
        "after the program. Indirect: reached through the association's publications and "
        "content; counted, not filed.",
    )
    # exact lookups use the index of the unique constraint
    national_id = fields.Char(
        string="National ID / Iqama",
        copy=False,
        index="trigram",
        tracking=True,
        groups=SENSITIVE_GROUPS,
    )
    id_kind = fields.Selection(
        [("citizen", "Citizen (National ID)"), ("resident", "Resident (Iqama)")],
        string="Identity Kind",
        compute="_compute_id_kind",
        store=True,
        precompute=True,
        groups=SENSITIVE_GROUPS,
    )
    nationality_id = fields.Many2one(
        "res.country",
        compute="_compute_nationality_id",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
    )
    gender = fields.Selection([("male", "Male"), ("female", "Female")], tracking=True)
    birth_date = fields.Date(tracking=True, groups=SENSITIVE_GROUPS)
    birth_date_hijri = fields.Char(
        string="Birth Date (Hijri)", compute="_compute_birth_date_hijri", groups=SENSITIVE_GROUPS
    )
    age = fields.Integer(compute="_compute_age", groups=SENSITIVE_GROUPS)
    marital_status = fields.Selection(
        [
            ("single", "Single"),
            ("married", "Married"),
            ("divorced", "Divorced"),
            ("widowed", "Widowed"),
        ],
        tracking=True,
    )
    region = fields.Selection(SAUDI_REGIONS, tracking=True)
    city = fields.Char(
        compute="_compute_contact",
        inverse="_inverse_contact",
        store=True,
        readonly=False,
        tracking=True,
    )
    district = fields.Char(tracking=True)
    street = fields.Char(
        related="partner_id.street", readonly=False, string="Address", tracking=True
    )
    category_ids = fields.Many2many(
        "beneficiary.category", string="Categories", tracking=True, groups=SENSITIVE_GROUPS
    )
    family_member_ids = fields.One2many(
        "beneficiary.family.member",
        "beneficiary_id",
        string="Family Members",
        groups=SENSITIVE_GROUPS,
    )
    household_size = fields.Integer(
        compute="_compute_income",
        store=True,
        groups=SENSITIVE_GROUPS,
        help="The beneficiary and the dependant family members.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    monthly_income = fields.Monetary(
        tracking=True,
        groups=SENSITIVE_GROUPS,
        help="The beneficiary's own monthly income from all sources.",
    )
    monthly_expenses = fields.Monetary(
        tracking=True,
        groups=SENSITIVE_GROUPS,
        help="The household's monthly expenses (rent, utilities, debts, …).",
    )
    household_income = fields.Monetary(
        compute="_compute_income",
        store=True,
        groups=SENSITIVE_GROUPS,
        help="The beneficiary's income plus the family members' own incomes.",
    )
    income_per_member = fields.Monetary(
        compute="_compute_income",
        store=True,
        groups=SENSITIVE_GROUPS,
        help="Household income divided by the household size.",
    )
    document_ids = fields.One2many(
        "beneficiary.document", "beneficiary_id", string="Documents", groups=SENSITIVE_GROUPS
    )
    document_count = fields.Integer(compute="_compute_document_stats", groups=SENSITIVE_GROUPS)
    expired_document_count = fields.Integer(
        compute="_compute_document_stats", groups=SENSITIVE_GROUPS
    )
    # consents per purpose (PDPL); the fields below mirror the consent to the
    # requested service of the beneficiary's own data, the main one
    consent_ids = fields.One2many(
        "beneficiary.consent",
        "beneficiary_id",
        string="Consents",
        groups="beneficiary_relations.group_relations_officer",
    )
    consent_date = fields.Datetime(
        string="Consent Given On",
        compute="_compute_consent",
        inverse="_inverse_consent",
        store=True,
        tracking=True,
        help="When the beneficiary consented to the processing of the data for the "
        "requested service. Applying, online or in person, is consent to the program's terms.",
    )
    consent_channel_id = fields.Many2one(
        "beneficiary.channel", compute="_compute_consent", inverse="_inverse_consent", store=True
    )
    consent_policy_version = fields.Char(
        string="Privacy Policy Version",
        compute="_compute_consent",
        inverse="_inverse_consent",
        store=True,
        help="The version of the privacy notice the beneficiary agreed to.",
    )
    consent_withdrawn_date = fields.Datetime(
        string="Consent Withdrawn On",
        compute="_compute_consent",
        store=True,
        tracking=True,
        readonly=True,
        copy=False,
        step=True,
    )
    consent_withdrawal_reason = fields.Text(
        compute="_compute_consent", store=True, readonly=True, copy=False, step=True
    )
    consent_state = fields.Selection(
        [("none", "Not Recorded"), ("given", "Given"), ("withdrawn", "Withdrawn")],
        string="Consent",
        compute="_compute_consent_state",
        store=True,
        help="The beneficiary's consent to the processing of the data for the requested "
        "service: no request is made without it.",
    )
    channel_id = fields.Many2one(
        "beneficiary.channel",
        string="First Contact Channel",
        tracking=True,
        help="The channel through which the beneficiary first came to the association.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Relations Officer",
        default=lambda self: self.env.user,
        tracking=True,
        domain=lambda self: role_domain(self.env, OFFICER),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    # both computed as superuser: completeness is shown to everyone who sees
    # the file, even to roles that may not read the sensitive fields behind it
    is_file_complete = fields.Boolean(
        string="File Complete",
        compute="_compute_is_file_complete",
        store=True,
        help="A direct beneficiary's file holds the identity, contact, address, consents and at "
        "least one document: what a support request needs.",
    )
    missing_info = fields.Text(compute="_compute_missing_info", compute_sudo=True)
    duplicate_warning = fields.Text(compute="_compute_duplicate_warning")
    # kept by _refresh_duplicate_flags whenever an ID or a mobile number
    # changes, so the filter reads one indexed column whatever the registry's size
    has_possible_duplicate = fields.Boolean(
        string="Possible Duplicate",
        default=False,
        readonly=True,
        copy=False,
        index=True,
        step=True,
        help="Another file of the association has the same mobile number, or a national ID "
        "is found both in this file (the beneficiary's or a family member's) and in another.",
    )
    request_ids = fields.One2many("beneficiary.request", "beneficiary_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count")
    access_log_count = fields.Integer(
        string="Accesses Logged",
        compute="_compute_access_log_count",
        groups="beneficiary_relations.group_privacy_officer",
    )
    bank_account_id = fields.Many2one(
        "res.partner.bank",
        domain="[('partner_id', '=', partner_id)]",
        tracking=True,
        groups=SENSITIVE_GROUPS,
        help="Cash aid is paid to this account (a Saudi IBAN).",
    )
    iban = fields.Char(
        string="IBAN",
        compute="_compute_iban",
        inverse="_inverse_iban",
        groups=SENSITIVE_GROUPS,
        help="Saudi IBAN (SA followed by 22 characters) of the account cash aid is paid to.",
    )
    aid_received = fields.Monetary(
        compute="_compute_aid_received",
        groups=SENSITIVE_GROUPS,
        help="Cash paid and in-kind aid delivered, all requests together.",
    )
    note = fields.Html(string="Notes")
    active = fields.Boolean(default=True, tracking=True)
    anonymised_date = fields.Datetime(readonly=True, copy=False, step=True, index=True)
    # the data subject's requests (PDPL), for the officers who register them
    data_request_ids = fields.One2many(
        "beneficiary.data.request",
        "beneficiary_id",
        string="Data Subject Requests",
        groups="beneficiary_relations.group_relations_officer",
    )
    data_request_count = fields.Integer(
        compute="_compute_data_request_count",
        groups="beneficiary_relations.group_relations_officer",
    )

    _sql_constraints = [
        (
            "national_id_company_unique",
            "unique(national_id, company_id)",
            "This national ID / iqama number is already registered for another beneficiary.",
        ),
    ]

    def init(self):
        result = super().init()
        cr = self.env.cr
        # earlier versions indexed these columns with a btree index of the
        # name Odoo gives the trigram index: dropped, so Odoo creates the latter
        for name in ("code", "national_id"):
            index = sql.make_index_name(self._table, name)
            cr.execute(
                SQL(
                    "SELECT 1 FROM pg_class i JOIN pg_am am ON am.oid = i.relam "
                    "WHERE i.relname = %s AND am.amname = 'btree'",
                    index,
                )
            )
            if cr.fetchone():
                sql.drop_index(cr, index, self._table)
        sql.create_index(cr, f"{self._table}_mobile_exact_index", self._table, ["mobile"])
        # files registered before the flag was stored
        cr.execute(
            SQL(
                "SELECT 1 FROM %s WHERE has_possible_duplicate IS NULL LIMIT 1",
                SQL.identifier(self._table),
            )
        )
        if cr.fetchone() and sql.column_exists(cr, "beneficiary_family_member", "company_id"):
            self._refresh_duplicate_flags()
        return result

    @api.depends("partner_id.name", "partner_id.mobile", "partner_id.city")
    def _compute_contact(self):
        for beneficiary in self:
            partner = beneficiary.partner_id
            for name in STORED_CONTACT_FIELDS:
                beneficiary[name] = partner[name]

    def _inverse_contact(self):
        # the contacts created with their files hold these values already
        new = set(self.env.context.get("beneficiary_new_contacts", ()))
        files = self.browse([b.id for b in self if b.partner_id.id not in new])
        for name in STORED_CONTACT_FIELDS:
            changed = files.filtered(
                lambda b, name=name: b.partner_id and b.partner_id[name] != b[name]
            )
            for value, files in changed.grouped(name).items():
                files.partner_id.write({name: value})

    @api.depends("national_id")
    def _compute_id_kind(self):
        for beneficiary in self:
            beneficiary.id_kind = rules.id_kind(beneficiary.national_id)

    @api.depends("national_id")
    def _compute_nationality_id(self):
        saudi = self.env.ref("base.sa", raise_if_not_found=False)
        for beneficiary in self:
            if rules.id_kind(beneficiary.national_id) == "citizen":
                beneficiary.nationality_id = saudi
            elif beneficiary.nationality_id == saudi:
                beneficiary.nationality_id = False

    @api.depends_context("lang")
    @api.depends("birth_date")
    def _compute_birth_date_hijri(self):
        arabic = (self.env.lang or "").startswith("ar")
        for beneficiary in self:
            beneficiary.birth_date_hijri = rules.hijri_date(beneficiary.birth_date, arabic)

    @api.depends("birth_date")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for beneficiary in self:
            beneficiary.age = rules.age_on(beneficiary.birth_date, today) or 0

    @api.depends(
        "monthly_income", "family_member_ids.monthly_income", "family_member_ids.is_dependent"
    )
    def _compute_income(self):
        for beneficiary in self:
            members = beneficiary.family_member_ids
            size = 1 + len(members.filtered("is_dependent"))
            incomes = [beneficiary.monthly_income, *members.mapped("monthly_income")]
            beneficiary.household_size = size
            beneficiary.household_income = sum(incomes)
            beneficiary.income_per_member = rules.household_income_per_member(incomes, size)

    @api.depends("document_ids.expiry_date")
    def _compute_document_stats(self):
        today = fields.Date.context_today(self)
        for beneficiary in self:
            documents = beneficiary.document_ids
            beneficiary.document_count = len(documents)
            beneficiary.expired_document_count = len(
                documents.filtered(lambda d: d.expiry_date and d.expiry_date < today)
            )

    def _compute_request_count(self):
        counts = dict(
            self.env["beneficiary.request"]._read_group(
                [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
            )
        )
        for beneficiary in self:
            beneficiary.request_count = counts.get(beneficiary._origin, 0)

    def _compute_access_log_count(self):
        counts = dict(
            self.env["beneficiary.access.log"]._read_group(
                [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
            )
        )
        for beneficiary in self:
            beneficiary.access_log_count = counts.get(beneficiary._origin, 0)

    @api.depends("bank_account_id.acc_number")
    def _compute_iban(self):
        for beneficiary in self:
            beneficiary.iban = beneficiary.bank_account_id.acc_number

    def _inverse_iban(self):
        Bank = self.env["res.partner.bank"]
        for beneficiary in self:
            if not beneficiary.iban:
                beneficiary.bank_account_id = False
                continue
            iban = validated_saudi_iban(self.env, beneficiary.iban)
            bank = beneficiary.partner_id.bank_ids.filtered(
                lambda b, iban=iban: b.sanitized_acc_number == iban
            )[:1] or Bank.create({"partner_id": beneficiary.partner_id.id, "acc_number": iban})
            beneficiary.bank_account_id = bank

    @api.depends("request_ids.amount_paid", "request_ids.amount_delivered")
    def _compute_aid_received(self):
        totals = {
            beneficiary: paid + delivered
            for beneficiary, paid, delivered in self.env["beneficiary.request"]._read_group(
                [("beneficiary_id", "in", self.ids)],
                ["beneficiary_id"],
                ["amount_paid:sum", "amount_delivered:sum"],
            )
        }
        for beneficiary in self:
            beneficiary.aid_received = totals.get(beneficiary._origin, 0.0)

    @api.depends(
        "consent_ids.state",
        "consent_ids.date_given",
        "consent_ids.channel_id",
        "consent_ids.notice_version",
        "consent_ids.withdrawal_reason",
    )
    def _compute_consent(self):
        for beneficiary in self:
            consent = beneficiary._own_consent("service")
            beneficiary.consent_date = consent.date_given
            beneficiary.consent_channel_id = consent.channel_id
            beneficiary.consent_policy_version = consent.notice_version
            beneficiary.consent_withdrawn_date = consent.withdrawn_date
            beneficiary.consent_withdrawal_reason = consent.withdrawal_reason

    def _inverse_consent(self):
        """Consent given on the file itself is the consent to the requested
        service: recorded (or corrected while in force) as its consent line."""
        new_consents = []
        for beneficiary in self:
            consent = beneficiary._own_consent("service")
            values = {
                "date_given": beneficiary.consent_date,
                "channel_id": beneficiary.consent_channel_id.id,
                "notice_version": beneficiary.consent_policy_version
                or beneficiary.company_id.beneficiary_privacy_notice_version,
            }
            if consent.state == "given":
                if not beneficiary.consent_date:
                    raise UserError(
                        self.env._(
                            "A consent is not erased: withdraw it, with the reason the "
                            "beneficiary gave."
                        )
                    )
                changes = {
                    name: value
                    for name, value in values.items()
                    if consent._fields[name].convert_to_write(consent[name], consent) != value
                }
                if changes:
                    consent.write(changes)
            elif beneficiary.consent_date and beneficiary.consent_date != consent.date_given:
                new_consents.append(
                    {**values, "beneficiary_id": beneficiary.id, "purpose": "service"}
                )
        if new_consents:
            self.env["beneficiary.consent"].create(new_consents)

    def _own_consent(self, purpose):
        """The beneficiary's own consent to ``purpose``: the one in force,
        else the last one withdrawn (an empty record when none)."""
        self.ensure_one()
        # sudo: the consent in force governs every step, whoever takes it
        consents = self.sudo().consent_ids.filtered(
            lambda c: c.purpose == purpose and not c.family_member_id
        )
        in_force = consents.filtered(lambda c: c.state == "given")
        return (in_force or consents.sorted("date_given", reverse=True))[:1].with_env(self.env)

    def _has_consent(self, purpose, member=None):
        """True when the consent to ``purpose`` of the beneficiary (or of the
        family ``member``) is in force."""
        self.ensure_one()
        member = member or self.env["beneficiary.family.member"]
        return any(
            c.purpose == purpose and c.family_member_id == member and c.state == "given"
            # sudo: the consent in force governs every step, whoever takes it
            for c in self.sudo().consent_ids
        )

    @api.depends("consent_date", "consent_withdrawn_date")
    def _compute_consent_state(self):
        for beneficiary in self:
            if beneficiary.consent_withdrawn_date:
                beneficiary.consent_state = "withdrawn"
            elif beneficiary.consent_date:
                beneficiary.consent_state = "given"
            else:
                beneficiary.consent_state = "none"

    @api.depends(*FILE_FIELDS, *CONSENT_FIELDS)
    def _compute_is_file_complete(self):
        for beneficiary in self:
            beneficiary.is_file_complete = not beneficiary._missing_file_items()

    @api.depends(*FILE_FIELDS, *CONSENT_FIELDS)
    def _compute_missing_info(self):
        for beneficiary in self:
            beneficiary.missing_info = "\n".join(beneficiary._missing_file_items())

    def _missing_file_items(self):
        """What a direct beneficiary's file still lacks, as translated labels
        (translated only when missing: completeness is computed for every
        file registered, an import's thousands included)."""
        self.ensure_one()
        if self.beneficiary_type != "direct":
            return []
        _ = self.env._
        checks = [
            (self.national_id, lambda: _("National ID / iqama number")),
            (self.mobile, lambda: _("Mobile number")),
            (self.birth_date, lambda: _("Birth date")),
            (self.gender, lambda: _("Gender")),
            (self.region and self.city, lambda: _("Region and city")),
            (self.consent_state == "given", lambda: _("Consent to data processing")),
            (self.document_ids, lambda: _("At least one supporting document")),
            (
                self._has_consent("health") or not self.category_ids.filtered("is_health"),
                lambda: _("Consent to the processing of health data (health-related category)"),
            ),
        ]
        checks += [
            (
                self._has_consent("service", member),
                lambda member=member: _(
                    "Consent of %(name)s, or of the guardian, to the recording of the data",
                    name=member.name,
                ),
            )
            for member in self.family_member_ids
        ]
        return [label() for present, label in checks if not present]

    @api.depends("national_id", "mobile", "company_id", "family_member_ids.national_id")
    def _compute_duplicate_warning(self):
        # only the flagged files share anything with another file
        warnings = self.filtered("has_possible_duplicate")._find_possible_duplicates()
        for beneficiary in self:
            beneficiary.duplicate_warning = "\n".join(warnings.get(beneficiary.id, []))

    def _file_label(self, other):
        """How a message names another file: by number and name when the user
        may read it, without naming it otherwise."""
        if other.with_env(self.env).has_access("read"):
            return self.env._("file %(code)s (%(name)s)", code=other.code, name=other.name)
        return self.env._(
            "a file you are not allowed to see (ask the beneficiary relations manager)"
        )

    def _find_possible_duplicates(self):
        """Map beneficiary id -> list of warnings about other files sharing its
        mobile number, or sharing national IDs between the beneficiary, family
        members and other files.  A fixed number of queries per recordset."""
        records = self.filtered("id")
        if not records:
            return {}
        # sudo: duplicates must be found in files the user may not read; the
        # messages then name only the files the user may read (_file_label)
        Beneficiary = self.sudo().with_context(active_test=False)
        Member = self.env["beneficiary.family.member"].sudo().with_context(active_test=False)
        full = records.sudo()
        own_ids = {b.national_id for b in full if b.national_id}
        member_ids = {m.national_id for m in full.family_member_ids if m.national_id}
        mobiles = {b.mobile for b in full if b.mobile}
        all_ids = own_ids | member_ids
        companies = full.company_id.ids
        others = Beneficiary.search(
            [
                ("company_id", "in", companies),
                "|",
                ("mobile", "in", list(mobiles)),
                ("national_id", "in", list(all_ids)),
            ]
        )
        other_members = Member.search(
            [("company_id", "in", companies), ("national_id", "in", list(all_ids))]
        )
        result = {}
        for beneficiary in full:
            lines = []
            mine_members = {m.national_id for m in beneficiary.family_member_ids if m.national_id}
            for other in others:
                if other.id == beneficiary.id or other.company_id != beneficiary.company_id:
                    continue
                label = self._file_label(other)
                if beneficiary.mobile and other.mobile == beneficiary.mobile:
                    lines.append(
                        self.env._(
                            "The mobile number %(mobile)s is also used in %(file)s.",
                            mobile=beneficiary.mobile,
                            file=label,
                        )
                    )
                if other.national_id and other.national_id in mine_members:
                    lines.append(
                        self.env._(
                            "A family member's ID %(id)s is the beneficiary of %(file)s.",
                            id=other.national_id,
                            file=label,
                        )
                    )
            for member in other_members:
                other = member.beneficiary_id
                if other.id == beneficiary.id or other.company_id != beneficiary.company_id:
                    continue
                label = self._file_label(other)
                if member.national_id == beneficiary.national_id:
                    lines.append(
                        self.env._(
                            "This beneficiary is listed as a family member in %(file)s.",
                            file=label,
                        )
                    )
                elif member.national_id in mine_members:
                    lines.append(
                        self.env._(
                            "A family member's ID %(id)s is also a family member in %(file)s.",
                            id=member.national_id,
                            file=label,
                        )
                    )
            if lines:
                result[beneficiary.id] = lines
        return result

    @api.model
    def _refresh_duplicate_flags(self, files=None, mobiles=(), national_ids=()):
        """Set the stored *Possible Duplicate* flag of ``files`` and of every
        file holding one of ``mobiles`` or ``national_ids`` (as its own or a
        family member's): what was shared before a change and what is shared
        after it.  One query of indexed lookups, however many files there
        are; without arguments, every file of the registry."""
        self.flush_model(["national_id", "mobile", "company_id"])
        self.env["beneficiary.family.member"].flush_model(
            ["national_id", "beneficiary_id", "company_id"]
        )
        if files is None and not mobiles and not national_ids:
            affected = SQL("SELECT id FROM beneficiary_beneficiary")
        else:
            affected = SQL(
                """
                SELECT id FROM beneficiary_beneficiary WHERE id = ANY(%(ids)s)
                 UNION SELECT id FROM beneficiary_beneficiary WHERE mobile = ANY(%(mobiles)s)
                 UNION SELECT id FROM beneficiary_beneficiary WHERE national_id = ANY(%(nids)s)
                 UNION SELECT beneficiary_id FROM beneficiary_family_member
                        WHERE national_id = ANY(%(nids)s)
                """,
                ids=list(files.ids if files else []),
                mobiles=[mobile for mobile in mobiles if mobile],
                nids=[number for number in national_ids if number],
            )
        query = SQL(
            """
                WITH affected AS (%(affected)s),
                flags AS (
                    SELECT b.id,
                           EXISTS (SELECT 1 FROM beneficiary_beneficiary o
                                    WHERE o.mobile = b.mobile AND o.company_id = b.company_id
                                      AND o.id != b.id)
                        OR EXISTS (SELECT 1 FROM beneficiary_family_member m
                                    WHERE m.national_id = b.national_id
                                      AND m.company_id = b.company_id
                                      AND m.beneficiary_id != b.id)
                        OR EXISTS (SELECT 1 FROM beneficiary_family_member mine
                                     JOIN beneficiary_family_member m
                                       ON m.national_id = mine.national_id
                                      AND m.company_id = mine.company_id
                                      AND m.beneficiary_id != mine.beneficiary_id
                                    WHERE mine.beneficiary_id = b.id)
                        OR EXISTS (SELECT 1 FROM beneficiary_family_member mine
                                     JOIN beneficiary_beneficiary o
                                       ON o.national_id = mine.national_id
                                      AND o.company_id = mine.company_id
                                      AND o.id != mine.beneficiary_id
                                    WHERE mine.beneficiary_id = b.id) AS flag
                      FROM beneficiary_beneficiary b JOIN affected USING (id)
                )
                UPDATE beneficiary_beneficiary b SET has_possible_duplicate = flags.flag
                  FROM flags
                 WHERE b.id = flags.id AND b.has_possible_duplicate IS DISTINCT FROM flags.flag
             RETURNING b.id
                """,
            affected=affected,
        )
        with exact_lookups(self.env.cr):
            self.env.cr.execute(query)
            changed = [row[0] for row in self.env.cr.fetchall()]
        if changed:
            self.browse(changed).invalidate_recordset(["has_possible_duplicate"])

    def _duplicate_keys(self):
        """(mobiles, national IDs) of these files and their households."""
        # sudo: every number of the files and households, archived ones too, whoever changes one
        files = self.sudo().with_context(active_test=False)
        return (
            set(files.mapped("mobile")),
            set(files.mapped("national_id")) | set(files.family_member_ids.mapped("national_id")),
        )

    def _check_national_id_available(self, national_ids, company):
        """Refuse national IDs already registered in another file of ``company``,
        naming that file when the user may see it.  Called before writing, so
        the user gets this message rather than the database constraint's.

        Each association (company) keeps its own register.  Files are looked
        for only in a company the user works in: for any other, registering is
        refused alike whether the ID is known there or not, so that nobody
        learns who is a beneficiary of another association."""
        if not self.env.su and company not in self.env.companies:
            raise AccessError(
                self.env._("You can register beneficiaries only in the associations you work in.")
            )
        # sudo: compared by id with the records _registered returns as superuser
        existing = (self._registered(national_ids, company) - self.sudo())[:1]
        if existing:
            raise ValidationError(
                self.env._(
                    "The national ID / iqama number %(id)s is already registered in "
                    "%(file)s. Open that file instead of creating a new one.",
                    id=existing.national_id,
                    file=self._file_label(existing),
                )
            )

    @api.model
    def _registered(self, national_ids, company):
        """The files of ``company`` holding one of ``national_ids``, in one
        query however long the list (an import's), as superuser: the user
        is told about them, named only when he may read them (_file_label)."""
        self.flush_model(["national_id", "company_id"])
        with exact_lookups(self.env.cr):
            self.env.cr.execute(
                SQL(
                    """
                    SELECT id FROM beneficiary_beneficiary
                     WHERE national_id = ANY(%s) AND company_id = %s
                    """,
                    list(national_ids),
                    company.id,
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
        # sudo: files the user may not read: the duplicate is refused without naming them
        return self.sudo().browse(ids)

    @api.onchange("national_id", "mobile", "iban")
    def _onchange_check_numbers(self):
        return number_warning(
            self.env,
            (
                (self.national_id, validated_national_id),
                (self.mobile, validated_mobile),
                (self.iban, validated_saudi_iban),
            ),
        )

    @api.constrains("national_id", "family_member_ids")
    def _check_member_ids(self):
        # sudo: the household's IDs are checked whatever the writer may read of them
        for beneficiary in self.sudo():
            ids = [m.national_id for m in beneficiary.family_member_ids if m.national_id]
            if beneficiary.national_id and beneficiary.national_id in ids:
                raise ValidationError(
                    self.env._(
                        "%(name)s cannot be listed as a family member of their own file.",
                        name=beneficiary.name,
                    )
                )
            if len(ids) != len(set(ids)):
                raise ValidationError(
                    self.env._(
                        "The same national ID appears twice among the family members of %(name)s.",
                        name=beneficiary.name,
                    )
                )

    @api.constrains("user_id")
    def _check_user_id(self):
        check_role(self, "user_id", OFFICER)

    @api.constrains("partner_id")
    def _check_partner_id(self):
        if any(not beneficiary.partner_id for beneficiary in self):
            raise ValidationError(self.env._("A beneficiary's file must keep its contact."))

    @api.constrains("monthly_income", "monthly_expenses")
    def _check_amounts(self):
        # sudo: income is a sensitive field: the rule holds whoever writes
        if any(b.monthly_income < 0 or b.monthly_expenses < 0 for b in self.sudo()):
            raise ValidationError(self.env._("Monthly income and expenses cannot be negative."))

    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        # sudo: the birth date is a sensitive field: the rule holds whoever writes
        if any(b.birth_date and b.birth_date > today for b in self.sudo()):
            raise self._future_birth_date_error()

    def _future_birth_date_error(self):
        return ValidationError(self.env._("A birth date cannot be in the future."))

    @api.constrains("consent_date", "consent_withdrawn_date")
    def _check_consent_dates(self):
        now = fields.Datetime.now()
        for beneficiary in self:
            if beneficiary.consent_date and beneficiary.consent_date > now:
                raise ValidationError(self.env._("Consent cannot be recorded in the future."))
            if beneficiary.consent_withdrawn_date and not beneficiary.consent_date:
                raise ValidationError(
                    self.env._("Consent cannot be withdrawn before it was given.")
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_requests(self):
        # sudo: requests the user may not see still keep the file
        if self.sudo().request_ids:
            raise UserError(
                self.env._(
                    "A beneficiary with support requests cannot be deleted: their decisions "
                    "and payments must be kept. Archive the file instead."
                )
            )

    @api.model
    def _normalize_vals(self, vals):
        """Validate and normalise identity and contact values of create/write."""
        vals = dict(vals)
        if vals.get("national_id"):
            vals["national_id"] = validated_national_id(self.env, vals["national_id"])
        if vals.get("mobile"):
            vals["mobile"] = validated_mobile(self.env, vals["mobile"])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        vals_list = [self._normalize_vals(vals) for vals in vals_list]
        by_company = {}
        for vals in vals_list:
            if vals.get("national_id"):
                company = next(iter(many2one_ids([vals], "company_id")), self.env.company.id)
                ids = by_company.setdefault(company, [])
                if vals["national_id"] in ids:
                    raise ValidationError(
                        self.env._(
                            "The national ID / iqama number %(id)s appears twice in the "
                            "beneficiaries being created.",
                            id=vals["national_id"],
                        )
                    )
                ids.append(vals["national_id"])
        for company_id, ids in by_company.items():
            self._check_national_id_available(ids, self.env["res.company"].browse(company_id))
        for vals in vals_list:
            if not vals.get("name") and not vals.get("partner_id"):
                raise ValidationError(self.env._("A beneficiary needs a name."))
        # a file given its contact without a name takes the contact's
        unnamed = [vals for vals in vals_list if not vals.get("name")]
        partners = self.env["res.partner"].browse(many2one_ids(unnamed, "partner_id"))
        for vals, partner in zip(unnamed, partners, strict=True):
            vals["name"] = partner.name
        # the household, documents and consents registered with the file are
        # its first state: the rectification trail starts after
        registering = self.with_context(beneficiary_registering=True, beneficiary_flags_later=True)
        # one partner per beneficiary that does not come with one, created in a batch
        without_partner = [vals for vals in vals_list if not vals.get("partner_id")]
        if without_partner:
            lang = "ar_001" if "ar_001" in dict(self.env["res.lang"].get_installed()) else False
            saudi = self.env.ref("base.sa", raise_if_not_found=False)
            partners = self.env["res.partner"].create(
                [
                    {
                        "name": vals["name"],
                        "mobile": vals.get("mobile"),
                        "email": vals.get("email"),
                        "city": vals.get("city"),
                        "street": vals.get("street"),
                        "country_id": saudi.id if saudi else False,
                        "lang": lang,
                        "stakeholder_type": "beneficiary",
                        "company_id": vals.get("company_id", self.env.company.id),
                        # a form's display option (account): given, so its
                        # default is not looked up once a contact
                        "display_invoice_template_pdf_report_id": False,
                    }
                    for vals in without_partner
                ]
            )
            registering = registering.with_context(beneficiary_new_contacts=tuple(partners.ids))
            for vals, partner in zip(without_partner, partners, strict=True):
                vals["partner_id"] = partner.id
                # the contact holds them: not written back to it one by one
                for name in CONTACT_FIELDS:
                    vals.pop(name, None)
        numbering = [vals for vals in vals_list if vals.get("code") in (None, False, "/")]
        codes = next_references(self.env, "beneficiary.beneficiary", len(numbering))
        for vals, code in zip(numbering, codes, strict=True):
            vals["code"] = code
        beneficiaries = super(BeneficiaryBeneficiary, registering).create(vals_list)
        beneficiaries = beneficiaries.with_env(self.env)
        beneficiaries.partner_id.filtered(
            lambda p: not p.stakeholder_type
        ).stakeholder_type = "beneficiary"
        self._refresh_duplicate_flags(beneficiaries, *beneficiaries._duplicate_keys())
        return beneficiaries

    def write(self, vals):
        check_vals_list(self, [vals])
        vals = self._normalize_vals(vals)
        if vals.get("national_id") or vals.get("company_id"):
            for beneficiary in self:
                # sudo: the ID (a sensitive field) is checked whoever changes the file
                national_id = vals.get("national_id") or beneficiary.sudo().national_id
                company = self.env["res.company"].browse(
                    many2one_ids([vals], "company_id") or beneficiary.company_id.ids
                )
                if national_id:
                    beneficiary._check_national_id_available([national_id], company)
            if vals.get("national_id") and len(self) > 1:
                raise ValidationError(
                    self.env._("Several beneficiaries cannot share one national ID.")
                )
        duplicate_keys = {"national_id", "mobile", "company_id", "partner_id"} & vals.keys()
        if duplicate_keys:
            mobiles, national_ids = self._duplicate_keys()
        health_before = {}
        if "category_ids" in vals:
            # sudo: the health categories (sensitive) before and after, to see one added
            health_before = {b: b.sudo().category_ids.filtered("is_health") for b in self}
        result = super().write(vals)
        if duplicate_keys:
            new_mobiles, new_ids = self._duplicate_keys()
            self._refresh_duplicate_flags(self, mobiles | new_mobiles, national_ids | new_ids)
        for beneficiary, before in health_before.items():
            # sudo: the health categories (sensitive) before and after, to see one added
            added = beneficiary.sudo().category_ids.filtered("is_health") - before
            if added and beneficiary._own_consent("health").state == "withdrawn":
                raise UserError(
                    self.env._(
                        "%(name)s withdrew the consent to the processing of health data: "
                        "%(categories)s cannot be recorded.",
                        name=beneficiary.name,
                        categories=list_text(self.env, added.mapped("name")),
                    )
                )
        if {"iban", "bank_account_id"} & vals.keys():
            # sudo: the IBAN recorded ends its requests' reminders, whoever was reminded
            paid_to = self.sudo().filtered("bank_account_id")
            if paid_to.request_ids:
                paid_to.request_ids.activity_feedback([MISSING_IBAN_ACTIVITY])
        return result

    def unlink(self):
        mobiles, national_ids = self._duplicate_keys()
        result = super().unlink()
        self._refresh_duplicate_flags(self.browse(), mobiles, national_ids)
        return result

    # --- import (base_import's *Import records*) ------------------------------

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Beneficiaries (Arabic)"),
                "template": "/beneficiary_relations/static/xls/beneficiary_import_template.xlsx",
            }
        ]

    @api.model
    def load(self, fields, data):
        """An imported file is checked whole against the module's rules
        first: every bad row is reported with its line and the reason, and
        nothing is imported while one is left (not even the rows of an
        earlier batch of the same file, which are all checked on the first)."""
        if not self.env.context.get("import_file"):
            return super().load(fields, data)
        paths = [fix_import_export_id_paths(name) for name in fields]
        problems = self._import_problems(paths, data)
        if not problems:
            return super().load(fields, data)
        # the file's other errors too (values Odoo cannot convert), nothing created
        for _converted in self._convert_records(
            self._extract_records(paths, data, log=problems.append), log=problems.append
        ):
            pass
        return {"ids": False, "messages": problems, "nextrow": 0}

    @api.model
    def _import_problems(self, paths, data):
        """The rows of an imported file that break the module's rules: the
        national IDs (check digit, twice in the file, already registered in
        the association), the mobile numbers, the names and the household's
        IDs; as load() messages, each with the row's line in the file."""
        first_line = self.env.context.get("beneficiary_import_first_line", 1)
        problems = []
        seen = {}  # national ID -> line
        lines = {}  # national ID -> [(line, name, index)]

        def problem(index, line, name, message):
            problems.append(
                {
                    "type": "error",
                    "record": index,
                    "rows": {"from": line - first_line, "to": line - first_line},
                    "message": self.env._(
                        "Line %(line)s (%(name)s): %(problem)s",
                        line=line,
                        name=name or "—",
                        problem=message,
                    ),
                }
            )

        with_partner = any(path[0] == "partner_id" for path in paths)
        for index, (record, info) in enumerate(self._extract_records(paths, data)):
            line = info["rows"]["from"] + first_line
            name = (record.get("name") or "").strip()
            # a row naming an existing file (its external or database id)
            # updates it: its own ID is no duplicate, its name may be left out
            update = bool(record.get("id") or record.get(".id"))
            if not name and not with_partner and not update:
                problem(index, line, name, self.env._("the beneficiary's name is missing."))
            for value, check in (
                (record.get("national_id"), validated_national_id),
                (record.get("mobile"), validated_mobile),
            ):
                if value and value.strip():
                    try:
                        check(self.env, value.strip())
                    except ValidationError as error:
                        problem(index, line, name, error.args[0])
            number = (record.get("national_id") or "").strip()
            try:
                number = number and rules.check_national_id(number)
            except rules.RuleError:
                number = False
            household = []
            for member in record.get("family_member_ids") or []:
                member_id = (member.get("national_id") or "").strip()
                if not member_id:
                    continue
                try:
                    member_id = validated_national_id(self.env, member_id)
                except ValidationError as error:
                    problem(index, line, name, error.args[0])
                    continue
                if member_id == number or member_id in household:
                    problem(
                        index,
                        line,
                        name,
                        self.env._(
                            "the ID %(id)s is listed twice in the household, or is the "
                            "beneficiary's own.",
                            id=member_id,
                        ),
                    )
                household.append(member_id)
            if not number or update:
                continue
            if number in seen:
                problem(
                    index,
                    line,
                    name,
                    self.env._(
                        "the national ID / iqama number %(id)s is also on line %(other)s.",
                        id=number,
                        other=seen[number],
                    ),
                )
            else:
                seen[number] = line
            lines.setdefault(number, []).append((index, line, name))
        if seen and not any(path[0] == "company_id" for path in paths):
            # one query for the whole file
            for other in self._registered(seen, self.env.company):
                for index, line, name in lines[other.national_id]:
                    problem(
                        index,
                        line,
                        name,
                        self.env._(
                            "the national ID / iqama number %(id)s is already registered in "
                            "%(file)s.",
                            id=other.national_id,
                            file=self._file_label(other),
                        ),
                    )
        return sorted(problems, key=lambda message: message["record"])

    @api.model
    def _last_activity(self, beneficiaries):
        """{file id: date of its last activity}: the file's own last change,
        its requests', and its contact's complaints and compensation cases."""
        if not beneficiaries:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT b.id, GREATEST(
                           b.write_date,
                           (SELECT MAX(r.write_date) FROM beneficiary_request r
                             WHERE r.beneficiary_id = b.id),
                           (SELECT MAX(c.write_date) FROM stakeholder_complaint c
                             WHERE c.partner_id = b.partner_id),
                           (SELECT MAX(s.write_date) FROM stakeholder_compensation s
                             WHERE s.partner_id = b.partner_id)
                       )::date
                  FROM beneficiary_beneficiary b
                 WHERE b.id IN %(ids)s
                """,
                ids=tuple(beneficiaries.ids),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _past_retention(self, company, today=None):
        """The files of ``company`` to propose for anonymisation: inactive for
        the retention years, nothing open, no aid paid, delivered or billed
        within the years financial records are kept, not anonymised yet."""
        today = today or fields.Date.context_today(self)
        inactive_since = today - relativedelta(years=company.beneficiary_retention_years)
        financial_since = today - relativedelta(years=company.beneficiary_financial_retention_years)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT b.id
                  FROM beneficiary_beneficiary b
                 WHERE b.company_id = %(company)s
                   AND b.anonymised_date IS NULL
                   AND b.write_date < %(inactive)s
                   AND NOT EXISTS (
                       SELECT 1 FROM beneficiary_request r
                        WHERE r.beneficiary_id = b.id
                          AND (r.write_date >= %(inactive)s
                               OR r.state NOT IN ('closed', 'rejected', 'referred', 'withdrawn')))
                   AND NOT EXISTS (
                       SELECT 1 FROM beneficiary_disbursement d
                         JOIN beneficiary_request r ON r.id = d.request_id
                        WHERE r.beneficiary_id = b.id
                          AND GREATEST(d.date_planned, d.date_paid, d.date_delivered)
                              >= %(financial)s)
                   AND NOT EXISTS (
                       SELECT 1 FROM account_move m
                        WHERE m.partner_id = b.partner_id AND m.date >= %(financial)s)
                   AND NOT EXISTS (
                       SELECT 1 FROM stakeholder_complaint c
                        WHERE c.partner_id = b.partner_id
                          AND (c.write_date >= %(inactive)s OR c.state IN ('received', 'review')))
                   AND NOT EXISTS (
                       SELECT 1 FROM stakeholder_compensation s
                        WHERE s.partner_id = b.partner_id
                          AND (s.write_date >= %(inactive)s
                               OR s.state NOT IN ('compensated', 'rejected')))
                 ORDER BY b.id
                """,
                company=company.id,
                inactive=inactive_since,
                financial=financial_since,
            )
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    def _check_past_retention(self):
        """Refuse to anonymise a file that became active again since it was
        listed (a new request, a payment, a complaint)."""
        for company, files in self.grouped("company_id").items():
            active = files - self._past_retention(company)
            if active:
                raise UserError(
                    self.env._(
                        "%(files)s had activity since the review: they are no longer past "
                        "their retention. Keep them in this review.",
                        files=list_text(self.env, active.mapped("code")),
                    )
                )

    def _anonymise(self):
        """Strip these files of what identifies their beneficiaries, once past
        their retention (PDPL): identity and contact, the household, the
        documents and their files, the free texts of the requests,
        complaints and compensation cases, the answers' contact, the bank
        account number, the chatter.  What the association must keep stays:
        the requests' states, programs, amounts and dates, the decisions, the
        installments and every accounting entry (the contact is kept,
        anonymised, so the books stay intact), the satisfaction scores — so
        the indicators add up as before.
        """
        self._check_manager(
            self.env._("Only the beneficiary relations manager approves an anonymisation.")
        )
        # sudo: every trace of these files, whoever could read which part;
        # no tracking: the old values are what is being erased
        files = self.sudo().with_context(active_test=False, tracking_disable=True)
        requests = files.request_ids._step()
        partners = files.partner_id
        files._close_portal_access()
        cases = (
            # sudo: the anonymisation reaches the contact's complaints and cases
            self.env["stakeholder.complaint"].sudo().search([("partner_id", "in", partners.ids)])
        )
        compensations = (
            self.env["stakeholder.compensation"].sudo().search([("partner_id", "in", partners.ids)])
        )
        # the names and IDs as shared texts (minutes, votes' notes) write them
        identities = [
            text
            for beneficiary in files
            for text in (beneficiary.name, beneficiary.national_id, beneficiary.mobile)
            if text
        ]
        now = fields.Datetime.now()
        files.write({"anonymised_date": now})
        files.family_member_ids.unlink()
        files.document_ids.unlink()
        files.consent_ids._step().write(
            {
                "guardian_name": False,
                "guardian_national_id": False,
                "document": False,
                "document_name": False,
            }
        )
        requests._anonymise(identities)
        cases._step().write(
            {"description": "<p>—</p>", "resolution_note": False, "support_given": False}
        )
        compensations._step().write({"breach_description": "<p>—</p>", "mechanism_note": False})
        # sudo: the satisfaction answers (the manager's only) lose the beneficiary's identity too
        answers = self.env["survey.user_input"].sudo().search([("beneficiary_id", "in", files.ids)])
        answers.write({"partner_id": False, "email": False, "nickname": False})
        answers.user_input_line_ids.filtered(
            lambda line: line.answer_type in ("char_box", "text_box")
        ).write({"value_char_box": False, "value_text_box": False})
        for bank in partners.with_context(active_test=False).bank_ids:
            vals = {"acc_number": rules.masked_account_number(bank.acc_number), "active": False}
            if bank.allow_out_payment:
                vals["allow_out_payment"] = False
            bank.write(vals)
        for beneficiary in files:
            label = self.env._("Anonymised beneficiary %(code)s", code=beneficiary.code)
            # (active users only: the portal's were archived above)
            beneficiary.partner_id.with_context(active_test=True).write(
                {
                    "name": label,
                    "mobile": False,
                    "phone": False,
                    "email": False,
                    "street": False,
                    "street2": False,
                    "city": False,
                    "zip": False,
                    "comment": False,
                    "image_1920": False,
                    "active": False,
                }
            )
            beneficiary._step().write(
                {
                    "national_id": False,
                    "birth_date": False,
                    "nationality_id": False,
                    "marital_status": False,
                    "district": False,
                    "monthly_income": 0.0,
                    "monthly_expenses": 0.0,
                    "bank_account_id": False,
                    "category_ids": [
                        fields.Command.unlink(category.id)
                        for category in beneficiary.category_ids.filtered("is_health")
                    ],
                    "note": False,
                    "active": False,
                }
            )
        # last: the chatter holds the old values, the changes above included
        self._scrub_chatter(
            files, requests, requests.disbursement_ids, cases, compensations, partners
        )
        for beneficiary in files:
            beneficiary._message_log(
                body=self.env._(
                    "File anonymised after its retention period, approved by %(user)s.",
                    user=self.env.user.name,
                )
            )
        return True

    @api.model
    def _scrub_chatter(self, *recordsets):
        """Delete the messages (with their tracked values), activities,
        followers and attached files of these records."""
        for records in filter(None, recordsets):
            domain = [("res_id", "in", records.ids)]
            # sudo: everything on the records goes, whoever made it
            self.env["mail.message"].sudo().search(
                [("model", "=", records._name), *domain]
            ).unlink()
            for model in ("mail.activity", "mail.followers"):
                # sudo: everything on the records goes, whoever made it
                self.env[model].sudo().search([("res_model", "=", records._name), *domain]).unlink()
            self.env["ir.attachment"].sudo().search(
                [("res_model", "=", records._name), *domain]
            ).unlink()

    @api.model
    def _search_display_name(self, operator, value):
        """A name is looked up in the names, a number in the numbers (file,
        ID, mobile; Arabic-Indic digits too, and a mobile as it is dialled):
        each lookup then reads one trigram index, where PostgreSQL reads the
        whole registry for one condition on all four columns."""
        positive = ("ilike", "like", "=ilike", "=like")
        if operator not in positive or not isinstance(value, str) or not value.strip():
            return super()._search_display_name(operator, value)
        number = rules.normalize_digits(value).lstrip("+")
        if number.isdigit():
            return [
                "|",
                "|",
                ("national_id", operator, number),
                ("mobile", operator, number[1:] if number.startswith("0") else number),
                ("code", operator, number),
            ]
        if any(char.isdigit() for char in value):  # a file number: BEN/00012
            return ["|", ("code", operator, value), ("name", operator, value)]
        return [("name", operator, value)]

    def action_record_consent(self):
        """Record consents: the beneficiary's, per purpose, and the family's."""
        self.ensure_one()
        self._check_officer(self.env._("Recording a consent"))
        return self._open_wizard(
            "beneficiary.consent.record",
            self.env._("Record Consents"),
            default_beneficiary_id=self.id,
        )

    def action_withdraw_consent(self):
        """Withdraw the consent to the requested service (the main one)."""
        return self._service_consents_in_force().action_withdraw()

    def _withdraw_consent(self, reason):
        """Record the withdrawal of the consent to the requested service; the
        file is kept (decisions and payments must be retained) but flagged."""
        self._service_consents_in_force()._withdraw(reason)

    def _service_consents_in_force(self):
        consents = self.env["beneficiary.consent"]
        for beneficiary in self:
            consent = beneficiary._own_consent("service")
            if consent.state != "given":
                raise UserError(self.env._("Only a consent that was given can be withdrawn."))
            consents |= consent
        return consents

    def _record_consents(self, purposes, family=True, **values):
        """Record the consents to ``purposes`` each beneficiary gives now and,
        with ``family``, the consents to the recording of the data of the
        family members who have none in force.  Consents already in force are
        kept as they are.

        ``values``: what the consents share (channel, notice version, signed
        document) and, for the beneficiary's own, who gave them (a minor
        beneficiary's guardian).
        """
        self._check_officer(self.env._("Recording a consent"))
        now = fields.Datetime.now()
        shared = {k: v for k, v in values.items() if not k.startswith(("given_by", "guardian_"))}
        consents = self.env["beneficiary.consent"].create(
            [
                {"beneficiary_id": beneficiary.id, "date_given": now, **values, "purpose": purpose}
                for beneficiary in self
                for purpose in purposes
                if not beneficiary._has_consent(purpose)
            ]
        )
        if family:
            for beneficiary in self.sudo():  # sudo: the household's data
                members = beneficiary.family_member_ids.filtered(
                    lambda m, b=beneficiary: not b._has_consent("service", m)
                )
                consents |= self.browse(beneficiary.id)._record_family_consents(members, **shared)
        return consents

    def _record_family_consents(self, members, **values):
        """Record now the consents to the recording of ``members``' data: the
        member's own, or the beneficiary's as the guardian of a minor."""
        self.ensure_one()
        beneficiary = self.sudo()  # sudo: the ages and the beneficiary's ID
        now = fields.Datetime.now()
        vals_list = []
        for member in members.sudo():
            vals = {
                "beneficiary_id": beneficiary.id,
                "family_member_id": member.id,
                "purpose": "service",
                "date_given": now,
                "given_by": "subject",
                **values,
            }
            if rules.is_minor(member.birth_date, now.date()):
                vals.update(
                    given_by="guardian",
                    guardian_name=beneficiary.name,
                    guardian_relation=self.env._("Head of the household"),
                    guardian_national_id=beneficiary.national_id,
                )
            vals_list.append(vals)
        return self.env["beneficiary.consent"].create(vals_list)

    def _log_consents(self, consents, title):
        """A note on the file: which consents were recorded or withdrawn."""
        self.ensure_one()
        lines = Markup("").join(
            Markup("<li>%s</li>")
            % (
                consent.display_name
                if consent.given_by != "guardian"
                else self.env._(
                    "%(consent)s, given by the guardian %(guardian)s",
                    consent=consent.display_name,
                    guardian=consent.guardian_name,
                )
            )
            # sudo: the consents' names in the note, whoever records the withdrawal
            for consent in consents.sudo()
        )
        self._message_log(body=Markup("<p>%s</p><ul>%s</ul>") % (title, lines))

    def _tell_officer_what_is_open(self, consents):
        """After a withdrawal: tell the file's officer what stops and what is
        still open, which is kept as long as the law requires."""
        self.ensure_one()
        beneficiary = self.sudo()  # the whole file, whoever records the withdrawal
        stops = {
            "service": self.env._("no new request can be made for the person concerned"),
            "referral": self.env._("the requests can no longer be referred to another association"),
            "health": self.env._("no health-related category can be added"),
            "satisfaction": self.env._("no satisfaction survey is sent"),
        }
        requests = beneficiary.request_ids
        request_states = dict(requests._fields["state"]._description_selection(self.env))
        open_items = [
            self.env._(
                "Request %(name)s (%(state)s)",
                name=request.name,
                state=request_states[request.state],
            )
            for request in requests._still_open()
        ]
        lines = requests.disbursement_ids._still_open()
        line_states = dict(lines._fields["state"]._description_selection(self.env))
        open_items += [
            self.env._(
                "Installment of %(request)s due %(date)s (%(state)s)",
                request=line.request_id.name,
                date=line.date_planned,
                state=line_states[line.state],
            )
            for line in lines
        ]
        open_items += [
            self.env._("Complaint %(name)s", name=complaint.name)
            for complaint in self.env["stakeholder.complaint"]
            # sudo: the contact's open complaints, which the user may not read
            .sudo()
            .search(
                [
                    ("partner_id", "=", beneficiary.partner_id.id),
                    ("state", "in", ("received", "review")),
                ]
            )
        ]
        note = Markup("<p>%s</p><ul>%s</ul><p>%s</p>") % (
            self.env._(
                "Consent withdrawn: %(consents)s. From now on %(stops)s.",
                consents=list_text(self.env, consents.mapped("display_name")),
                stops="; ".join(stops[p] for p in dict.fromkeys(consents.mapped("purpose"))),
            ),
            Markup("").join(Markup("<li>%s</li>") % item for item in open_items)
            or Markup("<li>%s</li>") % self.env._("Nothing is open."),
            self.env._(
                "Decisions, payments and their documents are kept as long as the law requires."
            ),
        )
        officer = beneficiary.user_id
        if officer.id == SUPERUSER_ID or not may_read(beneficiary, officer):
            officer = self._manager_for(company=beneficiary.company_id)
        if officer:
            self._schedule_activity(
                "beneficiary_relations.mail_activity_type_consent_withdrawn",
                officer,
                self.env._("Consent withdrawn: review what is open"),
                note=note,
            )

    def action_view_requests(self):
        self.ensure_one()
        return related_action(
            self.env,
            "beneficiary_relations.beneficiary_request_action",
            [("beneficiary_id", "=", self.id)],
            {"default_beneficiary_id": self.id},
        )

    def action_view_aid(self):
        """The beneficiary's statement of aid: every installment, with what
        was paid and delivered."""
        self.ensure_one()
        action = related_action(
            self.env,
            "beneficiary_relations.beneficiary_disbursement_action",
            [("beneficiary_id", "=", self.id), ("state", "!=", "cancelled")],
            {"search_default_group_request": 1},
        )
        action["name"] = self.env._("Aid Statement of %(name)s", name=self.name)
        return action

    def action_view_access_log(self):
        """Who printed or exported this beneficiary's data, and when."""
        self.ensure_one()
        return related_action(
            self.env,
            "beneficiary_relations.beneficiary_access_log_action",
            [("beneficiary_id", "=", self.id)],
            {},
        )

    def _compute_data_request_count(self):
        counts = dict(
            self.env["beneficiary.data.request"]._read_group(
                [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
            )
        )
        for beneficiary in self:
            beneficiary.data_request_count = counts.get(beneficiary._origin, 0)

    def action_view_data_requests(self):
        self.ensure_one()
        return related_action(
            self.env,
            "beneficiary_relations.beneficiary_data_request_action",
            [("beneficiary_id", "=", self.id)],
            {"default_beneficiary_id": self.id},
        )

    def action_export_personal_data(self):
        """Download everything the association holds about the beneficiary,
        as a JSON file (the manager only)."""
        self.ensure_one()
        self.env["beneficiary.data.export"]._check_export(self)
        return {
            "type": "ir.actions.act_url",
            "url": f"/beneficiary_relations/personal_data/{self.id}",
            "target": "download",
        }

    def action_view_documents(self):
        self.ensure_one()
        return related_action(
            self.env,
            "beneficiary_relations.beneficiary_document_action",
            [("beneficiary_id", "=", self.id)],
            {"default_beneficiary_id": self.id},
        )
