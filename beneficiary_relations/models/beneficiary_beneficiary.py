from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .. import rules
from .beneficiary_step_mixin import check_vals_list, many2one_ids
from .res_partner_bank import validated_saudi_iban

# Sensitive personal data (ID, household, income, documents, health-related
# categories) are readable only by the module's own groups; every other
# group of the module implies one of these two.
SENSITIVE_GROUPS = (
    "beneficiary_relations.group_relations_officer,beneficiary_relations.group_committee_member"
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

SAUDI_REGIONS = [
    ("riyadh", "Riyadh"),
    ("makkah", "Makkah"),
    ("madinah", "Madinah"),
    ("qassim", "Qassim"),
    ("eastern", "Eastern Province"),
    ("asir", "Asir"),
    ("tabuk", "Tabuk"),
    ("hail", "Hail"),
    ("northern_borders", "Northern Borders"),
    ("jazan", "Jazan"),
    ("najran", "Najran"),
    ("al_baha", "Al-Baha"),
    ("al_jawf", "Al-Jawf"),
]


def related_action(env, xmlid, domain, context):
    """The window action ``xmlid`` narrowed to ``domain``, with ``context``."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    action["domain"] = domain
    action["context"] = context
    return action


def validated_national_id(env, value):
    """Return the normalised national ID / iqama or raise a translated
    ValidationError saying what is wrong with it."""
    try:
        return rules.check_national_id(value)
    except rules.RuleError as err:
        messages = {
            "digits": env._(
                "The national ID / iqama number %(value)s must contain digits only.",
                value=value,
            ),
            "length": env._(
                "The national ID / iqama number %(value)s must have exactly 10 digits.",
                value=value,
            ),
            "prefix": env._(
                "The national ID / iqama number %(value)s must start with 1 (citizen) "
                "or 2 (resident).",
                value=value,
            ),
            "checksum": env._(
                "The national ID / iqama number %(value)s is not valid: its check digit "
                "does not match. Check the number against the card.",
                value=value,
            ),
        }
        raise ValidationError(messages[err.code]) from None


def validated_mobile(env, value):
    """Return a Saudi mobile number as +9665XXXXXXXX or raise ValidationError."""
    try:
        return rules.normalize_saudi_mobile(value)
    except rules.RuleError:
        raise ValidationError(
            env._(
                "%(value)s is not a valid Saudi mobile number. Enter it as 05XXXXXXXX "
                "or +9665XXXXXXXX.",
                value=value,
            )
        ) from None


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

    code = fields.Char(
        string="File Number", readonly=True, copy=False, index=True, default="/", tracking=True
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
    name = fields.Char(
        related="partner_id.name", store=True, readonly=False, required=True, tracking=True
    )
    mobile = fields.Char(related="partner_id.mobile", store=True, readonly=False, tracking=True)
    email = fields.Char(related="partner_id.email", readonly=False)
    beneficiary_type = fields.Selection(
        [("direct", "Direct"), ("indirect", "Indirect")],
        required=True,
        default="direct",
        tracking=True,
        help="Direct: receives a service, has a full file and is asked about satisfaction "
        "after the program. Indirect: reached through the association's publications and "
        "content; counted, not filed.",
    )
    national_id = fields.Char(
        string="National ID / Iqama",
        copy=False,
        index=True,
        tracking=True,
        groups=SENSITIVE_GROUPS,
    )
    id_kind = fields.Selection(
        [("citizen", "Citizen (National ID)"), ("resident", "Resident (Iqama)")],
        string="Identity Kind",
        compute="_compute_id_kind",
        store=True,
        groups=SENSITIVE_GROUPS,
    )
    nationality_id = fields.Many2one(
        "res.country",
        compute="_compute_nationality_id",
        store=True,
        readonly=False,
    )
    gender = fields.Selection([("male", "Male"), ("female", "Female")], tracking=True)
    birth_date = fields.Date(groups=SENSITIVE_GROUPS)
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
    city = fields.Char(related="partner_id.city", store=True, readonly=False)
    district = fields.Char()
    street = fields.Char(related="partner_id.street", readonly=False, string="Address")
    category_ids = fields.Many2many(
        "beneficiary.category", string="Categories", groups=SENSITIVE_GROUPS
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
    consent_date = fields.Datetime(
        string="Consent Given On",
        tracking=True,
        help="When the beneficiary consented to the processing of the data for the "
        "association's programs. Applying, online or in person, is consent to the "
        "program's terms.",
    )
    consent_channel_id = fields.Many2one("beneficiary.channel")
    consent_policy_version = fields.Char(
        string="Privacy Policy Version",
        help="The version of the privacy notice the beneficiary agreed to.",
    )
    consent_withdrawn_date = fields.Datetime(
        string="Consent Withdrawn On", tracking=True, readonly=True, copy=False, step=True
    )
    consent_withdrawal_reason = fields.Text(readonly=True, copy=False, step=True)
    consent_state = fields.Selection(
        [("none", "Not Recorded"), ("given", "Given"), ("withdrawn", "Withdrawn")],
        string="Consent",
        compute="_compute_consent_state",
        store=True,
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
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    # both computed as superuser: completeness is shown to everyone who sees
    # the file, even to roles that may not read the sensitive fields behind it
    is_file_complete = fields.Boolean(
        string="File Complete", compute="_compute_is_file_complete", store=True
    )
    missing_info = fields.Text(compute="_compute_missing_info", compute_sudo=True)
    duplicate_warning = fields.Text(compute="_compute_duplicate_warning")
    has_possible_duplicate = fields.Boolean(
        string="Possible Duplicate",
        compute="_compute_duplicate_warning",
        search="_search_has_possible_duplicate",
    )
    request_ids = fields.One2many("beneficiary.request", "beneficiary_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count")
    bank_account_id = fields.Many2one(
        "res.partner.bank",
        domain="[('partner_id', '=', partner_id)]",
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

    _sql_constraints = [
        (
            "national_id_company_unique",
            "unique(national_id, company_id)",
            "This national ID / iqama number is already registered for another beneficiary.",
        ),
    ]

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

    @api.depends("request_ids")
    def _compute_request_count(self):
        counts = dict(
            self.env["beneficiary.request"]._read_group(
                [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
            )
        )
        for beneficiary in self:
            beneficiary.request_count = counts.get(beneficiary._origin, 0)

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

    @api.depends("consent_date", "consent_withdrawn_date")
    def _compute_consent_state(self):
        for beneficiary in self:
            if beneficiary.consent_withdrawn_date:
                beneficiary.consent_state = "withdrawn"
            elif beneficiary.consent_date:
                beneficiary.consent_state = "given"
            else:
                beneficiary.consent_state = "none"

    @api.depends(*FILE_FIELDS)
    def _compute_is_file_complete(self):
        for beneficiary in self:
            beneficiary.is_file_complete = not beneficiary._missing_file_items()

    @api.depends(*FILE_FIELDS)
    def _compute_missing_info(self):
        for beneficiary in self:
            beneficiary.missing_info = "\n".join(beneficiary._missing_file_items())

    def _missing_file_items(self):
        """What a direct beneficiary's file still lacks, as translated labels."""
        self.ensure_one()
        if self.beneficiary_type != "direct":
            return []
        checks = [
            (self.national_id, self.env._("National ID / iqama number")),
            (self.mobile, self.env._("Mobile number")),
            (self.birth_date, self.env._("Birth date")),
            (self.gender, self.env._("Gender")),
            (self.region and self.city, self.env._("Region and city")),
            (self.consent_state == "given", self.env._("Consent to data processing")),
            (self.document_ids, self.env._("At least one supporting document")),
        ]
        return [label for present, label in checks if not present]

    @api.depends("national_id", "mobile", "company_id", "family_member_ids.national_id")
    def _compute_duplicate_warning(self):
        warnings = self._find_possible_duplicates()
        for beneficiary in self:
            lines = warnings.get(beneficiary.id, [])
            beneficiary.duplicate_warning = "\n".join(lines)
            beneficiary.has_possible_duplicate = bool(lines)

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

    def _search_has_possible_duplicate(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on possible duplicates."))
        self.env["beneficiary.beneficiary"].flush_model(["national_id", "mobile", "company_id"])
        self.env["beneficiary.family.member"].flush_model(
            ["national_id", "beneficiary_id", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT b.id FROM beneficiary_beneficiary b
                 WHERE EXISTS (SELECT 1 FROM beneficiary_beneficiary o
                                WHERE o.id != b.id AND o.company_id = b.company_id
                                  AND o.mobile = b.mobile)
                    OR EXISTS (SELECT 1 FROM beneficiary_family_member m
                                WHERE m.beneficiary_id != b.id AND m.company_id = b.company_id
                                  AND m.national_id = b.national_id)
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
                                WHERE mine.beneficiary_id = b.id)
                """
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    def _check_national_id_available(self, national_ids, company):
        """Refuse national IDs already registered in another file of ``company``,
        naming that file when the user may see it.  Called before writing, so
        the user gets this message rather than the database constraint's."""
        # sudo: the existing file may be outside the user's record rules
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("national_id", "in", list(national_ids)),
                    ("company_id", "=", company.id),
                    ("id", "not in", self.ids),
                ],
                limit=1,
            )
        )
        if existing:
            raise ValidationError(
                self.env._(
                    "The national ID / iqama number %(id)s is already registered in "
                    "%(file)s. Open that file instead of creating a new one.",
                    id=existing.national_id,
                    file=self._file_label(existing),
                )
            )

    @api.constrains("national_id", "family_member_ids")
    def _check_member_ids(self):
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

    @api.constrains("partner_id")
    def _check_partner_id(self):
        if any(not beneficiary.partner_id for beneficiary in self):
            raise ValidationError(self.env._("A beneficiary's file must keep its contact."))

    @api.constrains("monthly_income", "monthly_expenses")
    def _check_amounts(self):
        if any(b.monthly_income < 0 or b.monthly_expenses < 0 for b in self.sudo()):
            raise ValidationError(self.env._("Monthly income and expenses cannot be negative."))

    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
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
                    }
                    for vals in without_partner
                ]
            )
            for vals, partner in zip(without_partner, partners, strict=True):
                vals["partner_id"] = partner.id
        for vals in vals_list:
            if vals.get("code", "/") == "/":
                vals["code"] = self.env["ir.sequence"].next_by_code("beneficiary.beneficiary")
        beneficiaries = super().create(vals_list)
        beneficiaries.partner_id.filtered(
            lambda p: not p.stakeholder_type
        ).stakeholder_type = "beneficiary"
        return beneficiaries

    def write(self, vals):
        check_vals_list(self, [vals])
        vals = self._normalize_vals(vals)
        if vals.get("national_id") or vals.get("company_id"):
            for beneficiary in self:
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
        return super().write(vals)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for beneficiary in self:
            beneficiary.display_name = (
                f"[{beneficiary.code}] {beneficiary.name}" if beneficiary.code else beneficiary.name
            )

    def action_record_consent(self):
        """Record that the beneficiary consents now (e.g. a renewed consent)."""
        self._check_officer(self.env._("Recording the consent"))
        self._step().write({"consent_date": fields.Datetime.now(), "consent_withdrawn_date": False})
        return True

    def action_withdraw_consent(self):
        if any(b.consent_state != "given" for b in self):
            raise UserError(self.env._("Only a consent that was given can be withdrawn."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Withdraw Consent"),
            "res_model": "beneficiary.consent.withdraw",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _withdraw_consent(self, reason):
        """Record the withdrawal of consent; the file is kept (financial and
        decision records must be retained) but flagged."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason the beneficiary withdrew consent."))
        if any(b.consent_state != "given" for b in self):
            raise UserError(self.env._("Only a consent that was given can be withdrawn."))
        self._check_officer(self.env._("Recording the withdrawal of consent"))
        self._step().write(
            {
                "consent_withdrawn_date": fields.Datetime.now(),
                "consent_withdrawal_reason": reason.strip(),
            }
        )
        for beneficiary in self:
            beneficiary._message_log(
                body=self.env._("Consent to data processing withdrawn: %(reason)s", reason=reason)
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

    def action_view_documents(self):
        self.ensure_one()
        return related_action(
            self.env,
            "beneficiary_relations.beneficiary_document_action",
            [("beneficiary_id", "=", self.id)],
            {"default_beneficiary_id": self.id},
        )
