from collections import defaultdict

from odoo import api, fields, models

# where the beneficiaries of a printed record are, tried in this order
BENEFICIARY_PATHS = ("beneficiary_id", "beneficiary_ids", "request_ids.beneficiary_id")


class BeneficiaryAccessLog(models.Model):
    """Who printed or exported a beneficiary's data, and when (PDPL).

    Append-only: the module writes the lines as superuser whenever a document
    about a beneficiary is rendered (reports flagged ``beneficiary_access_log``)
    or his data are exported (:meth:`_log`).  No role may create, change or
    delete a line; the personal data officer and the manager read them.
    """

    _name = "beneficiary.access.log"
    _description = "Access to Beneficiaries' Data"
    _order = "date desc, id desc"
    _rec_name = "what"

    date = fields.Datetime(required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, index=True, ondelete="restrict"
    )
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="beneficiary_id.company_id", store=True, index=True, readonly=True
    )
    what = fields.Char(string="Document", required=True, readonly=True)
    res_model = fields.Char(string="Model", readonly=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", readonly=True)
    record_name = fields.Char(string="Record", compute="_compute_record_name", compute_sudo=True)

    def _compute_record_name(self):
        by_model = defaultdict(lambda: self.browse())
        for line in self:
            by_model[line.res_model] |= line
        for model, lines in by_model.items():
            if model not in self.env:
                lines.record_name = False
                continue
            records = self.env[model].browse(lines.mapped("res_id")).exists()
            names = dict(zip(records.ids, records.mapped("display_name"), strict=True))
            for line in lines:
                line.record_name = names.get(line.res_id, False)

    @api.model
    def _log(self, beneficiaries, what, record=None):
        """Record that the current user printed or exported ``what`` (a
        document's name, in his language) about ``beneficiaries``, from
        ``record`` (default: each beneficiary's file)."""
        self._write_lines(
            [(beneficiary, record or beneficiary) for beneficiary in beneficiaries], what
        )

    @api.model
    def _log_records(self, records, what):
        """Record that the current user printed ``what`` for ``records``: one
        line per record and beneficiary concerned."""
        records = records.sudo()  # an accountant prints a contact without reading the file
        if records._name == "beneficiary.beneficiary":
            self._log(records, what)
            return
        path = next((p for p in BENEFICIARY_PATHS if p.split(".")[0] in records._fields), None)
        if path:
            self._write_lines(
                [
                    (beneficiary, record)
                    for record in records
                    for beneficiary in record.mapped(path)
                ],
                what,
            )

    @api.model
    def _write_lines(self, pairs, what):
        if not pairs:
            return
        now = fields.Datetime.now()
        # sudo: no role may write in the log; the module writes for the user
        self.sudo().create(
            [
                {
                    "date": now,
                    "user_id": self.env.uid,
                    "beneficiary_id": beneficiary.id,
                    "what": what,
                    "res_model": record._name,
                    "res_id": record.id,
                }
                for beneficiary, record in pairs
            ]
        )
