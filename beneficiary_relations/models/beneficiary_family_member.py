from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import rules
from ..tools import check_vals_list, number_warning, validated_national_id


class BeneficiaryFamilyMember(models.Model):
    """A member of a beneficiary's household."""

    _name = "beneficiary.family.member"
    _description = "Beneficiary Family Member"
    _inherit = ["beneficiary.file.trail"]
    _order = "beneficiary_id, birth_date, id"
    _trail_fields = (
        "name",
        "relation",
        "national_id",
        "gender",
        "birth_date",
        "is_dependent",
        "monthly_income",
    )

    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="beneficiary_id.company_id", store=True, index=True)
    name = fields.Char(required=True, index="trigram")
    relation = fields.Selection(
        [
            ("spouse", "Spouse"),
            ("son", "Son"),
            ("daughter", "Daughter"),
            ("father", "Father"),
            ("mother", "Mother"),
            ("brother", "Brother"),
            ("sister", "Sister"),
            ("grandchild", "Grandchild"),
            ("other", "Other Relative"),
        ],
        required=True,
    )
    national_id = fields.Char(string="National ID / Iqama", index=True)
    gender = fields.Selection([("male", "Male"), ("female", "Female")])
    birth_date = fields.Date()
    age = fields.Integer(compute="_compute_age")
    is_dependent = fields.Boolean(
        string="Dependant",
        default=True,
        help="Lives in the household and depends on its income; counted in the household size.",
    )
    monthly_income = fields.Monetary(help="The member's own monthly income, if any.")
    currency_id = fields.Many2one(related="beneficiary_id.currency_id")
    note = fields.Char()

    @api.depends("birth_date")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.age = rules.age_on(member.birth_date, today) or 0

    @api.constrains("monthly_income")
    def _check_monthly_income(self):
        if any(member.monthly_income < 0 for member in self):
            raise ValidationError(
                self.env._("A family member's monthly income cannot be negative.")
            )

    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        if any(member.birth_date and member.birth_date > today for member in self):
            raise self.env["beneficiary.beneficiary"]._future_birth_date_error()

    @api.onchange("national_id")
    def _onchange_national_id(self):
        return number_warning(self.env, ((self.national_id, validated_national_id),))

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        for vals in vals_list:
            if vals.get("national_id"):
                vals["national_id"] = validated_national_id(self.env, vals["national_id"])
        members = super().create(vals_list)
        # the household registered with its file: flagged with the file
        if not self.env.context.get("beneficiary_flags_later"):
            members._refresh_duplicate_flags()
        return members

    def write(self, vals):
        check_vals_list(self, [vals])
        if vals.get("national_id"):
            vals = dict(vals, national_id=validated_national_id(self.env, vals["national_id"]))
        if not {"national_id", "beneficiary_id"} & vals.keys():
            return super().write(vals)
        # sudo: the members' IDs before the change, to flag the files sharing them
        before = self.sudo().read(["national_id", "beneficiary_id"], load=None)
        result = super().write(vals)
        self._refresh_duplicate_flags(
            files=[row["beneficiary_id"] for row in before],
            national_ids=[row["national_id"] for row in before],
        )
        return result

    def unlink(self):
        # sudo: the members' IDs before the change, to flag the files sharing them
        before = self.sudo().read(["national_id", "beneficiary_id"], load=None)
        result = super().unlink()
        self._refresh_duplicate_flags(
            files=[row["beneficiary_id"] for row in before],
            national_ids=[row["national_id"] for row in before],
        )
        return result

    def _refresh_duplicate_flags(self, files=(), national_ids=()):
        """Flag the files these members are in, and were in (``files``), and
        the files sharing their IDs, now or before (``national_ids``)."""
        Beneficiary = self.env["beneficiary.beneficiary"]
        # sudo: the flags are refreshed for every file concerned, not only those the user reads
        members = self.sudo().exists()
        Beneficiary._refresh_duplicate_flags(
            members.beneficiary_id | Beneficiary.browse(files),
            national_ids=set(members.mapped("national_id")) | set(national_ids),
        )
