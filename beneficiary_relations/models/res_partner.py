from odoo import api, fields, models

from .beneficiary_beneficiary import SENSITIVE_GROUPS

STAKEHOLDER_TYPES = [
    ("beneficiary", "Beneficiary"),
    ("employee", "Employee"),
    ("supplier_client", "Supplier / Client"),
    ("government", "Government Body"),
    ("civil", "Civil Society Body"),
    ("private", "Private Sector"),
]


# who may know that a contact is a beneficiary: the module's roles and the
# accountants who pay the aid (the record rules hide the contacts themselves)
STAKEHOLDER_GROUPS = (
    f"{SENSITIVE_GROUPS},account.group_account_invoice,account.group_account_readonly"
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    stakeholder_type = fields.Selection(
        STAKEHOLDER_TYPES,
        index=True,
        tracking=True,
        groups=STAKEHOLDER_GROUPS,
        help="Which kind of stakeholder (أصحاب المصالح) of the association this contact is.",
    )
    # the file itself is sensitive: only the module's groups may follow the link;
    # archived files count too (the record rules hide their contacts as well)
    beneficiary_ids = fields.One2many(
        "beneficiary.beneficiary",
        "partner_id",
        string="Beneficiary Files",
        groups=SENSITIVE_GROUPS,
        context={"active_test": False},
    )
    beneficiary_count = fields.Integer(
        compute="_compute_beneficiary_count", groups=SENSITIVE_GROUPS
    )

    @api.depends("beneficiary_ids")
    def _compute_beneficiary_count(self):
        counts = dict(
            self.env["beneficiary.beneficiary"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.beneficiary_count = counts.get(partner._origin, 0)

    def write(self, vals):
        if "mobile" not in vals:
            return super().write(vals)
        # sudo: the files sharing a mobile number are flagged whoever changes it
        files = self.sudo().beneficiary_ids
        mobiles = set(files.mapped("mobile"))
        result = super().write(vals)
        if files:
            files._refresh_duplicate_flags(files, mobiles | set(files.mapped("mobile")))
        return result

    def action_view_beneficiaries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_beneficiary_action"
        )
        files = self.beneficiary_ids
        if len(files) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=files.id)
        else:
            action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
