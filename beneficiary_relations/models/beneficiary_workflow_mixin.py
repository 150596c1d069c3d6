from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import check_vals_list, list_text, next_references, user_env


class BeneficiaryWorkflowMixin(models.AbstractModel):
    """Helpers shared by the module's documents with a reference and a state;
    a new document is numbered by the mixin's own ``create``."""

    _name = "beneficiary.workflow.mixin"
    _description = "Beneficiary Relations Workflow Helpers"
    _inherit = ["beneficiary.step.mixin"]
    # the daily job flagging what waits past its deadline (_cron_flag_overdue):
    # the states that wait, the deadline's field, the columns its reminders
    # read (_overdue_reminders) and the xml id of their activity type
    _overdue_states = ()
    _overdue_deadline = "date_deadline"
    _overdue_columns = ()
    _overdue_activity = None

    name = fields.Char(string="Reference", readonly=True, copy=False, index=True, writable_in=())

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

    @api.model_create_multi
    def create(self, vals_list):
        """Number the new records from their sequence (ir.sequence code =
        model name) in one query, here rather than in each model's create,
        as account's sequence.mixin does; only data loading may choose its
        own reference."""
        check_vals_list(self, vals_list)
        numbering = [
            vals for vals in vals_list if vals.get("name") in (None, False, "/") or not self.env.su
        ]
        for vals, name in zip(
            numbering, next_references(self.env, self._name, len(numbering)), strict=True
        ):
            vals["name"] = name
        return super().create(vals_list)

    @api.model
    def _demo_load_arabic_terms(self):
        """Demo data only: the demo association works in Arabic.  Activate
        Arabic and load now the Arabic terms of the modules (Odoo loads them
        only after the demo data), so that the chatter, activities, journals
        and notices the demo's steps generate — in Arabic — read as the
        association's users receive them."""
        self.env["res.lang"]._activate_lang("ar_001")
        modules = self.env["ir.module.module"].search(
            [("state", "in", ("installed", "to install", "to upgrade"))]
        )
        self.env["ir.module.module"]._load_module_terms(modules.mapped("name"), ["ar_001"])
        # the names read before (models, activity types…) are read again in Arabic
        self.env.invalidate_all()

    @api.model
    def _demo_attribute_to_staff(self):
        """Demo data only: what the demo loaded as the superuser was done by
        the association's staff.  The module's records, the users its steps
        name and the messages of their chatter name the officer who registered
        them, the researcher who researched them, the chair who ran the
        meeting or the manager who approved them — not OdooBot."""
        root = self.env.ref("base.user_root")
        staff = {
            role: self.env.ref(xmlid)
            for role, xmlid in {
                "officer": "beneficiary_relations.user_officer_demo",
                "researcher": "beneficiary_relations.user_researcher_demo",
                "chair": "beneficiary_relations.user_chair_demo",
                "manager": "base.user_admin",
            }.items()
        }

        def role(field_name):
            if field_name in ("started_by_id", "closed_by_id", "urgent_by_id"):
                return "chair"
            if "research" in field_name:
                return "researcher"
            if any(word in field_name for word in ("approv", "manager", "answered", "exception")):
                return "manager"
            return "officer"

        self.env.flush_all()
        models = [
            model
            for name, model in self.env.registry.items()
            if name.startswith(("beneficiary.", "stakeholder."))
            and model._auto
            and not model._abstract
            and not model._transient
        ]
        for model in models:
            for field in model._fields.values():
                if field.type == "many2one" and field.comodel_name == "res.users" and field.store:
                    self.env.cr.execute(
                        SQL(
                            "UPDATE %s SET %s = %s WHERE %s = %s",
                            SQL.identifier(model._table),
                            SQL.identifier(field.name),
                            staff[role(field.name)].id,
                            SQL.identifier(field.name),
                            root.id,
                        )
                    )
        self.env.invalidate_all()
        messages = (
            self.env["mail.message"]
            # sudo: demo data only: the messages the superuser posted
            .sudo()
            .search(
                [
                    ("model", "in", [model._name for model in models]),
                    ("author_id", "=", root.partner_id.id),
                ]
            )
        )
        for message in messages:
            # sudo: demo data only: the messages the superuser posted
            record = self.env[message.model].sudo().browse(message.res_id).exists()
            user = record._fields.get("user_id") and record.user_id
            message.author_id = (user or staff["officer"]).partner_id

    def _check_state(self, states, action):
        """Refuse ``action`` unless every record is in one of ``states``."""
        wrong = self.filtered(lambda record: record.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "%(action)s is not possible for %(names)s in its current state.",
                    action=action,
                    names=list_text(self.env, wrong.mapped("display_name")),
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
        if now is None:
            now = (
                fields.Datetime.now()
                if self._fields[deadline].type == "datetime"
                else fields.Date.context_today(self)
            )
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
                now=now,
                columns=SQL(", ").join(SQL.identifier("record", name) for name in ("id", *columns)),
            )
        )
        rows = self.env.cr.fetchall()
        if rows:
            self.invalidate_model(["is_overdue", "write_uid", "write_date"])
        return rows

    @api.model
    def _cron_flag_overdue(self):
        """The daily job: flag the records in ``_overdue_states`` whose
        ``_overdue_deadline`` has passed (one UPDATE, ``_flag_overdue``) and
        remind who must act with an activity of ``_overdue_activity`` for each
        reminder ``_overdue_reminders`` lists, in its assignee's language; the
        association's manager (``_manager_for``) gets those that name nobody.
        The activities are created in one batch: the cost does not grow with
        the number of records."""
        rows = self._flag_overdue(
            self._overdue_states, self._overdue_columns, deadline=self._overdue_deadline
        )
        if not rows:
            return True
        today = fields.Date.context_today(self)
        activity_type = self.env.ref(self._overdue_activity)
        values = []
        for record, company, user, texts in self._overdue_reminders(rows):
            user = user or self._manager_for(company=company)
            if not user:
                continue
            summary, note = texts(user_env(self.env, user))
            values.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id(record._name),
                    "res_id": record.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": note,
                    "user_id": user.id,
                    "date_deadline": today,
                    "automated": True,
                }
            )
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(values)
        return True

    @api.model
    def _overdue_reminders(self, rows):
        """The reminders of the records the daily job just flagged, from their
        ``rows`` (``_flag_overdue``'s, with ``_overdue_columns``): for each, a
        tuple (record the activity goes on, its company, the user reminded —
        empty for the association's manager —, a function of an environment
        giving the summary and the note in its language)."""
        raise NotImplementedError
