from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .beneficiary_beneficiary import SAUDI_REGIONS, related_action


class BeneficiaryProgram(models.Model):
    """A program or service of the association with its own eligibility
    policy (policy: eligibility for a program follows its own policy)."""

    _name = "beneficiary.program"
    _description = "Beneficiary Program"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"

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
    )
    committee_ids = fields.Many2many(
        "beneficiary.committee",
        "beneficiary_committee_program_rel",
        "program_id",
        "committee_id",
        string="Deciding Committees",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    request_count = fields.Integer(compute="_compute_request_count")
    active = fields.Boolean(default=True)

    @api.depends("name")
    def _compute_request_count(self):
        counts = dict(
            self.env["beneficiary.request"]._read_group(
                [("program_id", "in", self.ids)], ["program_id"], ["__count"]
            )
        )
        for program in self:
            program.request_count = counts.get(program, 0)

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
