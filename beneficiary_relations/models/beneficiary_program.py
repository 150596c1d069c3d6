from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount

from ..tools import SAUDI_REGIONS, SENSITIVE_GROUPS, related_action

# the eligibility and the deciding committees are the module's roles' business:
# accountants read a program for its accounting
MODULE_ROLES = SENSITIVE_GROUPS


class BeneficiaryProgram(models.Model):
    """A program or service of the association with its own eligibility
    policy (policy: eligibility for a program follows its own policy)."""

    _name = "beneficiary.program"
    _description = "Beneficiary Program"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    program_type = fields.Selection(
        [
            ("cash", "Cash Aid"),
            ("in_kind", "In-Kind Aid"),
            ("health", "Health"),
            ("education", "Education"),
            ("housing", "Housing"),
            ("other", "Other Service"),
        ],
        required=True,
        default="cash",
    )
    description = fields.Html(translate=True)
    eligibility_policy = fields.Html(
        translate=True, help="The program's published eligibility policy, as shown to applicants."
    )
    beneficiary_type = fields.Selection(
        [("direct", "Direct"), ("indirect", "Indirect")],
        default="direct",
        help="Filed services are for direct beneficiaries only.",
    )
    category_ids = fields.Many2many(
        "beneficiary.category",
        string="Target Categories",
        groups=MODULE_ROLES,
        help="The applicant must belong to at least one of these categories (any when empty).",
    )
    region = fields.Selection(
        SAUDI_REGIONS, help="Only applicants of this region (any when empty)."
    )
    max_income_per_member = fields.Monetary(
        string="Max Income per Member",
        help="Highest monthly household income per member that qualifies (no limit when zero).",
    )
    required_document_type_ids = fields.Many2many(
        "beneficiary.document.type",
        string="Required Documents",
        groups=MODULE_ROLES,
        help="Documents that must be in the file and valid on the day the request is submitted.",
    )
    max_amount = fields.Monetary(
        string="Max Amount per Request", help="Zero means no maximum.", tracking=True
    )
    yearly_budget = fields.Monetary(help="Optional budget of the program per year.", tracking=True)
    date_start = fields.Date(string="Active From")
    date_end = fields.Date(string="Active Until")
    user_id = fields.Many2one(
        "res.users", string="Program Manager", domain="[('share', '=', False)]", tracking=True
    )
    team_ids = fields.Many2many(
        "res.users",
        "beneficiary_program_team_rel",
        "program_id",
        "user_id",
        string="Responsible Team",
        domain="[('share', '=', False)]",
        help="The staff who handle the program's requests.",
    )
    committee_ids = fields.Many2many(
        "beneficiary.committee",
        "beneficiary_committee_program_rel",
        "program_id",
        "committee_id",
        string="Deciding Committees",
        check_company=True,
        groups=MODULE_ROLES,
        help="The research committee the program's requests are sent to.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    request_count = fields.Integer(compute="_compute_request_count", groups=MODULE_ROLES)
    active = fields.Boolean(default=True)
    # the program's public application form (/beneficiary/apply)
    apply_online = fields.Boolean(
        string="Online Applications",
        default=True,
        help="While the program is active and open, anybody may apply to it through its public "
        "form on the association's site, and beneficiaries through their portal.",
    )
    website_url = fields.Char(string="Application Form", compute="_compute_website_url")

    # aid disbursement through Odoo Accounting
    disbursement_method = fields.Selection(
        [("bill", "Vendor Bill"), ("payment", "Direct Payment")],
        required=True,
        default="bill",
        help="Vendor bill: each installment becomes a bill to the beneficiary that the "
        "accountants pay. Direct payment: each installment is paid at once from a bank "
        "or cash journal.",
    )
    aid_journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', 'in', ('purchase', 'bank', 'cash'))]",
        groups="account.group_account_invoice",
        help="Purchase journal of the bills, or bank/cash journal of the direct payments.",
    )
    aid_account_id = fields.Many2one(
        "account.account",
        string="Aid Expense Account",
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        groups="account.group_account_invoice",
        help="The expense account the program's aid is booked on, in its bills and payments.",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        check_company=True,
        copy=False,
        help="The program's analytic account: every aid expense is distributed to it.",
    )
    require_bank_account = fields.Boolean(
        string="Pay to a Saudi IBAN",
        default=True,
        help="Cash aid is paid only to a beneficiary with a valid Saudi IBAN bank account.",
    )
    # sudo: the committee reads the programs it decides, not their installments
    budget_used = fields.Monetary(
        string="Planned This Year",
        compute="_compute_budget",
        compute_sudo=True,
        help="Aid planned (not cancelled) with a due date in the current year.",
    )
    budget_remaining = fields.Monetary(compute="_compute_budget", compute_sudo=True)
    disbursement_count = fields.Integer(compute="_compute_budget", compute_sudo=True)

    def _compute_request_count(self):
        counts = dict(
            self.env["beneficiary.request"]._read_group(
                [("program_id", "in", self.ids)], ["program_id"], ["__count"]
            )
        )
        for program in self:
            program.request_count = counts.get(program, 0)

    def _compute_website_url(self):
        for program in self:
            program.website_url = f"/beneficiary/apply/{program.id}" if program.id else False

    @api.depends("yearly_budget")
    def _compute_budget(self):
        year = fields.Date.context_today(self).year
        used = self.env["beneficiary.disbursement"]._planned_by_program_year(self.ids)
        counts = dict(
            self.env["beneficiary.disbursement"]._read_group(
                [("program_id", "in", self.ids)], ["program_id"], ["__count"]
            )
        )
        for program in self:
            program.budget_used = used.get((program.id, year), 0.0)
            program.budget_remaining = (
                program.yearly_budget - program.budget_used if program.yearly_budget else 0.0
            )
            program.disbursement_count = counts.get(program, 0)

    @api.model_create_multi
    def create(self, vals_list):
        programs = super().create(vals_list)
        programs.filtered(lambda p: not p.analytic_account_id)._create_analytic_accounts()
        return programs

    def _create_analytic_accounts(self):
        """Give each program its analytic account in the "Aid Programs" plan, so
        aid expenses are reported per program in Odoo Accounting."""
        plan = self.env.ref(
            "beneficiary_relations.analytic_plan_programs", raise_if_not_found=False
        )
        if not plan:
            return
        accounts = (
            self.env["account.analytic.account"]
            # sudo: the analytic accounts are accounting data the beneficiary manager may not create
            .sudo()
            .create(
                [
                    {
                        "name": program.name,
                        "code": program.code,
                        "plan_id": plan.id,
                        "company_id": program.company_id.id,
                    }
                    for program in self
                ]
            )
        )
        for program, account in zip(self, accounts, strict=True):
            program.analytic_account_id = account

    def _budget_message(self, year, planned, adding):
        self.ensure_one()
        remaining = max(self.yearly_budget - planned, 0.0)
        return self.env._(
            "The %(year)s budget of the program %(program)s is %(budget)s: %(planned)s is "
            "already planned, so only %(remaining)s remains and %(adding)s cannot be added.",
            year=year,
            program=self.name,
            budget=format_amount(self.env, self.yearly_budget, self.currency_id),
            planned=format_amount(self.env, planned, self.currency_id),
            remaining=format_amount(self.env, remaining, self.currency_id),
            adding=format_amount(self.env, adding, self.currency_id),
        )

    @api.constrains("disbursement_method", "aid_journal_id")
    def _check_aid_journal(self):
        expected = {"bill": ("purchase",), "payment": ("bank", "cash")}
        # sudo: the journal's type is checked whatever the writer may read of accounting
        for program in self.sudo():
            journal = program.aid_journal_id
            if journal and journal.type not in expected[program.disbursement_method]:
                raise ValidationError(
                    self.env._(
                        "The aid journal of %(program)s must be a purchase journal for vendor "
                        "bills, or a bank or cash journal for direct payments.",
                        program=program.name,
                    )
                )

    def _aid_journal(self):
        """The program's aid journal, else the company's first journal of the
        kind its disbursement method needs."""
        self.ensure_one()
        if self.aid_journal_id:
            return self.aid_journal_id
        kinds = ["purchase"] if self.disbursement_method == "bill" else ["bank", "cash"]
        return self.env["account.journal"].search(
            [
                ("type", "in", kinds),
                *self.env["account.journal"]._check_company_domain(self.company_id),
            ],
            limit=1,
        )

    def action_view_disbursements(self):
        self.ensure_one()
        return related_action(
            self.env,
            "beneficiary_relations.beneficiary_disbursement_action",
            [("program_id", "=", self.id)],
            {"search_default_group_month": 1},
        )

    @api.constrains("max_amount", "yearly_budget", "max_income_per_member")
    def _check_amounts(self):
        for program in self:
            if min(program.max_amount, program.yearly_budget, program.max_income_per_member) < 0:
                raise ValidationError(self.env._("A program's amounts cannot be negative."))

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for program in self:
            if program.date_start and program.date_end and program.date_end < program.date_start:
                raise ValidationError(
                    self.env._(
                        "A program cannot end before it starts (%(name)s).", name=program.name
                    )
                )

    def _eligibility_criteria(self):
        """The program's policy as the plain dict rules.evaluate_eligibility reads."""
        self.ensure_one()
        return {
            "beneficiary_type": self.beneficiary_type,
            "category_ids": set(self.category_ids.ids),
            "region": self.region,
            "max_income_per_member": self.max_income_per_member,
            "required_document_type_ids": set(self.required_document_type_ids.ids),
            "date_start": self.date_start,
            "date_end": self.date_end,
        }

    def action_view_requests(self):
        self.ensure_one()
        return related_action(
            self.env,
            "beneficiary_relations.beneficiary_request_action",
            [("program_id", "=", self.id)],
            {"default_program_id": self.id},
        )
