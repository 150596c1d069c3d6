from odoo import fields, models

from ..tools import SENSITIVE_GROUPS, STAKEHOLDER_TYPES

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

    def _compute_beneficiary_count(self):
        counts = dict(
            self.env["beneficiary.beneficiary"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.beneficiary_count = counts.get(partner._origin, 0)

    def write(self, vals):
        # malformed values (not a dictionary) are Odoo's to refuse
        if not isinstance(vals, dict) or "mobile" not in vals:
            return super().write(vals)
        # sudo: the files sharing a mobile number are flagged whoever changes it
        files = self.sudo().beneficiary_ids
        mobiles = set(files.mapped("mobile"))
        result = super().write(vals)
        if files:
            files._refresh_duplicate_flags(files, mobiles | set(files.mapped("mobile")))
        return result

    def _addressing(self):
        """How the association's letters and notices address this contact:
        ``male`` or ``female`` from the gender recorded on the beneficiary's
        file, else from the contact's title (Mister, Madam, Miss); ``body``
        for an organisation; False when nothing is recorded."""
        self.ensure_one()
        # sudo: only the grammatical gender of the address is read from the
        # file and the stakeholder type, whoever prints or sends the notice
        partner = self.sudo()
        if partner.is_company or partner.stakeholder_type in ("government", "civil", "private"):
            return "body"
        gender = partner.beneficiary_ids[:1].gender
        if gender:
            return gender
        titles = {
            "base.res_partner_title_mister": "male",
            "base.res_partner_title_madam": "female",
            "base.res_partner_title_miss": "female",
        }
        for xmlid, title_gender in titles.items():
            if partner.title and partner.title == self.env.ref(xmlid, raise_if_not_found=False):
                return title_gender
        return False

    def _salutation(self):
        """The opening line of a notice to this contact, agreeing in Arabic
        with the recorded gender (المكرم … المحترم، / المكرمة … المحترمة،)."""
        self.ensure_one()
        name = self.name or ""
        return {
            "male": self.env._("Dear Mr. %(name)s,", name=name),
            "female": self.env._("Dear Ms. %(name)s,", name=name),
            "body": self.env._("Dear Sirs of %(name)s,", name=name),
        }.get(self._addressing(), self.env._("Dear %(name)s,", name=name))

    def _addressee_label(self):
        """The «To» of a printed letter to this contact (المكرم/ ، المكرمة/ ،
        السادة/)."""
        self.ensure_one()
        return {
            "male": self.env._("To Mr.:"),
            "female": self.env._("To Ms.:"),
            "body": self.env._("To the Attention of:"),
        }.get(self._addressing(), self.env._("To:"))

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
