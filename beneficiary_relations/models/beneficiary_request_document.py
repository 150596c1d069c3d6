from odoo import fields, models
from odoo.exceptions import UserError


class BeneficiaryRequestDocument(models.Model):
    """One required document of a request's program, matched with the file."""

    _name = "beneficiary.request.document"
    _inherit = ["beneficiary.step.mixin"]
    _description = "Request Required Document"
    _step_records = True  # rebuilt by the request when its program or file changes
    _order = "request_id, document_type_id"

    request_id = fields.Many2one(
        "beneficiary.request", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    document_type_id = fields.Many2one("beneficiary.document.type", required=True)
    document_id = fields.Many2one("beneficiary.document", ondelete="set null")
    is_present = fields.Boolean(
        string="Attached",
        compute="_compute_is_present",
        help="The file holds a scan of this document.",
    )
    valid_on_submission = fields.Boolean(
        string="Valid on Submission",
        help="Not expired on the day the request was submitted (today, for a draft).",
    )
    expiry_date = fields.Date(related="document_id.expiry_date")
    verified_by_id = fields.Many2one(related="document_id.verified_by_id")
    verified_date = fields.Datetime(related="document_id.verified_date")

    def _compute_is_present(self):
        for line in self:
            line.is_present = bool(line.document_id.attachment)

    def _check_draft(self, action):
        self.request_id._check_officer(action)
        self.request_id._check_state(["draft"], action)

    def action_add_document(self):
        """Add the missing (or expired) document to the applicant's file
        without leaving the request."""
        self.ensure_one()
        self._check_draft(self.env._("Adding a document"))
        return {
            "type": "ir.actions.act_window",
            "name": self.document_type_id.name,
            "res_model": "beneficiary.document",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_beneficiary_id": self.request_id.beneficiary_id.id,
                "default_document_type_id": self.document_type_id.id,
            },
        }

    def action_verify_document(self):
        """Verify the file's document against the original, from the request."""
        self.ensure_one()
        self._check_draft(self.env._("Verifying a document"))
        if not self.document_id:
            raise UserError(
                self.env._("Add the document %(type)s first.", type=self.document_type_id.name)
            )
        return self.document_id.action_verify()
