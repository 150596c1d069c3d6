from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..tools import DOCUMENT_VERIFICATION_ACTIVITY, check_vals_list

EXPIRY_WARNING_DAYS = 30


class BeneficiaryDocument(models.Model):
    """A supporting document of a beneficiary's file, with its validity and
    who verified it against the original."""

    _name = "beneficiary.document"
    _inherit = ["beneficiary.step.mixin", "beneficiary.file.trail"]
    _description = "Beneficiary Document"
    _order = "beneficiary_id, document_type_id, expiry_date desc, id desc"
    _trail_fields = ("document_type_id", "name", "attachment_name", "issue_date", "expiry_date")

    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="beneficiary_id.company_id", store=True, index=True)
    document_type_id = fields.Many2one(
        "beneficiary.document.type", required=True, ondelete="restrict"
    )
    name = fields.Char(string="Number / Reference")
    attachment = fields.Binary(string="File", attachment=True)
    attachment_name = fields.Char(string="File Name")
    issue_date = fields.Date()
    expiry_date = fields.Date(index=True)
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)
    verified_date = fields.Datetime(string="Verified On", readonly=True, copy=False, step=True)
    validity = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring Soon"), ("expired", "Expired")],
        compute="_compute_validity",
        search="_search_validity",
        help="Expiring soon: expires within 30 days.",
    )
    note = fields.Char()

    @api.depends("expiry_date")
    def _compute_validity(self):
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
        for document in self:
            if document.expiry_date and document.expiry_date < today:
                document.validity = "expired"
            elif document.expiry_date and document.expiry_date <= soon:
                document.validity = "expiring"
            else:
                document.validity = "valid"

    @api.depends("name", "document_type_id")
    def _compute_display_name(self):
        # a document without a number is named by its type
        for document in self:
            document.display_name = document.name or document.document_type_id.display_name

    def _search_validity(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on document validity."))
        values = {value} if isinstance(value, str) else set(value or ())
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
        domains = {
            "expired": [("expiry_date", "<", today)],
            "expiring": [("expiry_date", ">=", today), ("expiry_date", "<=", soon)],
            "valid": ["|", ("expiry_date", "=", False), ("expiry_date", ">", soon)],
        }
        domain = expression.OR([domains[key] for key in values if key in domains])
        if operator in ("!=", "not in"):
            return ["!", *expression.normalize_domain(domain)]
        return domain

    def is_valid_on(self, day):
        """True when the document exists and is not expired on ``day``."""
        self.ensure_one()
        return not self.expiry_date or self.expiry_date >= day

    @api.constrains("issue_date", "expiry_date", "document_type_id")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for document in self:
            if document.issue_date and document.issue_date > today:
                raise ValidationError(
                    self.env._("The issue date of a document cannot be in the future.")
                )
            if (
                document.issue_date
                and document.expiry_date
                and document.expiry_date < document.issue_date
            ):
                raise ValidationError(self.env._("A document cannot expire before it was issued."))
            if document.document_type_id.has_expiry and not document.expiry_date:
                raise ValidationError(
                    self.env._(
                        "Documents of type %(type)s need an expiry date.",
                        type=document.document_type_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        documents._sync_draft_requests()
        return documents

    def write(self, vals):
        check_vals_list(self, [vals])
        # a changed document must be verified again against the original
        changed = {"attachment", "issue_date", "expiry_date", "document_type_id", "name"}
        if changed & vals.keys() and not {"verified_by_id", "verified_date"} & vals.keys():
            vals = dict(vals, verified_by_id=False, verified_date=False)
            result = super(BeneficiaryDocument, self._step()).write(vals)
        else:
            result = super().write(vals)
        if {"document_type_id", "expiry_date", "attachment"} & vals.keys():
            self._sync_draft_requests()
        return result

    def unlink(self):
        requests = self._draft_requests()
        result = super().unlink()
        requests._sync_document_lines()
        return result

    def _draft_requests(self):
        # sudo: the checklist is the request's, whoever edits the file
        return self.sudo().beneficiary_id.request_ids.filtered(lambda r: r.state == "draft")

    def _sync_draft_requests(self):
        """The required-documents checklist of the draft requests of these
        documents' files follows the file: a document added or replaced
        shows on the request at once."""
        self._draft_requests()._sync_document_lines()

    def action_verify(self):
        """Record that the officer checked the documents against the originals."""
        self._check_officer(self.env._("Verifying a document"))
        if self.filtered(lambda d: not d.attachment):
            raise UserError(self.env._("Attach the scanned document before verifying it."))
        self._step().write({"verified_by_id": self.env.uid, "verified_date": fields.Datetime.now()})
        # the files with nothing left to verify have had their verification
        # sudo: the documents of the file, some of them sent by its beneficiary
        verified = self.beneficiary_id.filtered(
            lambda b: all(d.verified_by_id or not d.attachment for d in b.sudo().document_ids)
        )
        if verified:
            verified.activity_feedback([DOCUMENT_VERIFICATION_ACTIVITY])
        return True
