from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .beneficiary_step_mixin import next_references


class BeneficiaryWorkflowMixin(models.AbstractModel):
    """Helpers shared by the module's documents with a reference and a state."""

    _name = "beneficiary.workflow.mixin"
    _description = "Beneficiary Relations Workflow Helpers"
    _inherit = ["beneficiary.step.mixin"]

    name = fields.Char(
        string="Reference", readonly=True, copy=False, default="/", index=True, writable_in=()
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.model
    def _assign_references(self, vals_list):
        """Give a sequence reference (ir.sequence code = model name) to new
        records; only data loading may choose its own."""
        numbering = [vals for vals in vals_list if vals.get("name", "/") == "/" or not self.env.su]
        for vals, name in zip(
            numbering, next_references(self.env, self._name, len(numbering)), strict=True
        ):
            vals["name"] = name

    @api.model
    def _demo_load_arabic_terms(self):
        """Load the module's terms for the installed Arabic languages now.

        Odoo loads a module's translations after its demo data; the demo calls
        this first so that the notices it generates read as users receive them.
        """
        langs = [code for code, _name in self.env["res.lang"].get_installed() if code[:2] == "ar"]
        if langs:
            self.env["ir.module.module"]._load_module_terms(["beneficiary_relations"], langs)

    def _check_state(self, states, action):
        """Refuse ``action`` unless every record is in one of ``states``."""
        wrong = self.filtered(lambda record: record.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "%(action)s is not possible for %(names)s in its current state.",
                    action=action,
                    names=", ".join(wrong.mapped("display_name")),
                )
            )

    @api.model
    def _flag_overdue(self, states, columns=(), deadline="date_deadline", now=None):
        """Flag as overdue, in one statement, the records in ``states`` whose
        ``deadline`` has passed (``now``: today by default) and that were not
        flagged yet.  Return a row ``(id, *columns)`` for each of them, with
        no other query.

        The rows are taken with ``FOR UPDATE SKIP LOCKED``: two workers
        running the daily job at the same moment never flag, nor report, the
        same record twice (each takes the rows the other has not locked)."""
        self.flush_model(["state", deadline, "is_overdue"])
        table = SQL.identifier(self._table)
        self.env.cr.execute(
            SQL(
                """
                WITH due AS (
                    SELECT id FROM %(table)s
                     WHERE state IN %(states)s AND %(deadline)s < %(now)s
                       AND is_overdue IS NOT TRUE
                       FOR UPDATE SKIP LOCKED
                )
                UPDATE %(table)s record
                   SET is_overdue = TRUE, write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
                  FROM due
                 WHERE record.id = due.id
             RETURNING %(columns)s
                """,
                table=table,
                deadline=SQL.identifier(deadline),
                uid=self.env.uid,
                states=tuple(states),
                now=now or fields.Date.context_today(self),
                columns=SQL(", ").join(SQL.identifier("record", name) for name in ("id", *columns)),
            )
        )
        rows = self.env.cr.fetchall()
        if rows:
            self.invalidate_model(["is_overdue", "write_uid", "write_date"])
        return rows

    def _open_form(self, record=None):
        """A window action opening ``record`` (default: self) in its form."""
        record = self if record is None else record
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
