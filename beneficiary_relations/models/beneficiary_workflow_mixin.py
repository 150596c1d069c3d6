from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class BeneficiaryWorkflowMixin(models.AbstractModel):
    """Helpers shared by the module's documents with a reference and a state."""

    _name = "beneficiary.workflow.mixin"
    _description = "Beneficiary Relations Workflow Helpers"
    _inherit = ["beneficiary.step.mixin"]

    name = fields.Char(string="Reference", readonly=True, copy=False, index=True, writable_in=())
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.model
    def _read_group_orderby(self, order, groupby_terms, query):
        """Groups of a selection (status, severity, category…) come in the
        order of the selection — the workflow's order — not alphabetically:
        list groups, pivots and graphs show the steps as the users take them."""
        terms = dict(groupby_terms)
        for term, sql in groupby_terms.items():
            field = self._fields.get(term)
            if field and field.type == "selection" and isinstance(field.selection, list):
                terms[term] = SQL(
                    "CASE %s %s END",
                    sql,
                    SQL(" ").join(
                        SQL("WHEN %s THEN %s", key, index)
                        for index, (key, _label) in enumerate(field.selection)
                    ),
                )
        return super()._read_group_orderby(order, terms, query)

    @api.model
    def _assign_references(self, vals_list):
        """Give a sequence reference (ir.sequence code = model name) to new
        records; only data loading may choose its own."""
        for vals in vals_list:
            if vals.get("name") in (None, False, "/") or not self.env.su:
                vals["name"] = self.env["ir.sequence"].next_by_code(self._name)

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
    def _flag_overdue(self, states, columns=()):
        """Flag as overdue, in one UPDATE, the records in ``states`` whose
        ``date_deadline`` has passed and that were not flagged yet.  Return a
        row ``(id, *columns)`` for each of them, with no other query."""
        self.flush_model(["state", "date_deadline", "is_overdue"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE %(table)s
                   SET is_overdue = TRUE, write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
                 WHERE state IN %(states)s AND date_deadline < %(today)s AND is_overdue IS NOT TRUE
             RETURNING %(columns)s
                """,
                table=SQL.identifier(self._table),
                uid=self.env.uid,
                states=tuple(states),
                today=fields.Date.context_today(self),
                columns=SQL(", ").join(SQL.identifier(name) for name in ("id", *columns)),
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
