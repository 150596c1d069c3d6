from odoo import api, fields, models

from .beneficiary_beneficiary import related_action


class BeneficiaryBeneficiary(models.Model):
    """The data subject's rights on a beneficiary's file: the requests made
    under the Personal Data Protection Law and the export of the data."""

    _inherit = "beneficiary.beneficiary"

    data_request_ids = fields.One2many(
        "beneficiary.data.request", "beneficiary_id", string="Data Subject Requests"
    )
    data_request_count = fields.Integer(compute="_compute_data_request_count")

    @api.depends("data_request_ids")
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
