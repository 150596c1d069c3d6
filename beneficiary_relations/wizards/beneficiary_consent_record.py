from odoo import api, fields, models
from odoo.exceptions import UserError


class BeneficiaryConsentRecord(models.TransientModel):
    """Records the consents a beneficiary gives, purpose by purpose, and the
    consents to the recording of the family members' data."""

    _name = "beneficiary.consent.record"
    _description = "Record Consents"

    beneficiary_id = fields.Many2one("beneficiary.beneficiary", required=True)
    purpose_service = fields.Boolean(string="The Requested Service")
    purpose_referral = fields.Boolean(string="Sharing with Another Association on Referral")
    purpose_health = fields.Boolean(string="Health Data")
    purpose_satisfaction = fields.Boolean(string="Contact for Satisfaction Surveys")
    family_member_ids = fields.Many2many(
        "beneficiary.family.member",
        string="Family Members",
        help="The members whose consent (or whose guardian's) to the recording of their data "
        "is given now.",
    )
    channel_id = fields.Many2one("beneficiary.channel")
    notice_version = fields.Char(
        string="Privacy Notice Version",
        default=lambda self: self.env.company.beneficiary_privacy_notice_version,
    )
    given_by = fields.Selection(
        [("subject", "The Person Concerned"), ("guardian", "The Guardian")],
        string="The Beneficiary's Consent Given By",
        required=True,
        default="subject",
    )
    guardian_name = fields.Char()
    guardian_relation = fields.Char(string="Guardian's Relation")
    guardian_national_id = fields.Char(string="Guardian's National ID / Iqama")
    document = fields.Binary(string="Signed Consent")
    document_name = fields.Char()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        beneficiary = self.env["beneficiary.beneficiary"].browse(values.get("beneficiary_id"))
        if beneficiary:
            values.setdefault("purpose_service", not beneficiary._has_consent("service"))
            values.setdefault(
                "family_member_ids",
                [
                    member.id
                    for member in beneficiary.family_member_ids
                    if not beneficiary._has_consent("service", member)
                ],
            )
        return values

    def action_confirm(self):
        self.ensure_one()
        purposes = [
            purpose
            for purpose in ("service", "referral", "health", "satisfaction")
            if self[f"purpose_{purpose}"]
        ]
        if not purposes and not self.family_member_ids:
            raise UserError(self.env._("Choose what the person consents to."))
        values = {
            "channel_id": self.channel_id.id,
            "notice_version": self.notice_version,
            "document": self.document,
            "document_name": self.document_name,
        }
        own = {"given_by": self.given_by}
        if self.given_by == "guardian":
            own.update(
                guardian_name=self.guardian_name,
                guardian_relation=self.guardian_relation,
                guardian_national_id=self.guardian_national_id,
            )
        beneficiary = self.beneficiary_id
        consents = beneficiary._record_consents(purposes, family=False, **values, **own)
        members = self.family_member_ids.filtered(
            lambda m: not beneficiary._has_consent("service", m)
        )
        if members:
            consents |= beneficiary._record_family_consents(members, **values)
        if not consents:
            raise UserError(self.env._("These consents are already recorded and in force."))
        return {"type": "ir.actions.act_window_close"}
