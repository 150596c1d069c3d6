"""What a database holds for the association, read straight from PostgreSQL
(so the same code reads any release): every row of the module's tables and of
the core tables its records touch, the files of the attachments, the chatter.

    snapshot(connection, filestore) -> {table: {"model", "key", "rows"}}

Rows are keyed by id (by their two columns for a many2many table); values are
made comparable as JSON.  ``write_date``/``write_uid`` are left out: they say
when a row was last written, not what it holds.
"""

import hashlib
import json
import os
from datetime import date, datetime
from decimal import Decimal

MODULE = "beneficiary_relations"
NAMESPACES = ("beneficiary.", "stakeholder.")
IGNORED_COLUMNS = {"write_date", "write_uid"}

# the core records the module's records create, link or post on
CORE_TABLES = {
    "res_company": "res.company",
    "res_users": "res.users",
    "res_partner": "res.partner",
    "res_partner_bank": "res.partner.bank",
    "account_account": "account.account",
    "account_journal": "account.journal",
    "account_analytic_plan": "account.analytic.plan",
    "account_analytic_account": "account.analytic.account",
    "account_analytic_line": "account.analytic.line",
    "account_move": "account.move",
    "account_move_line": "account.move.line",
    "account_payment": "account.payment",
    "account_partial_reconcile": "account.partial.reconcile",
    "account_full_reconcile": "account.full.reconcile",
    "survey_survey": "survey.survey",
    "survey_question": "survey.question",
    "survey_question_answer": "survey.question.answer",
    "survey_user_input": "survey.user_input",
    "survey_user_input_line": "survey.user_input.line",
    "ir_attachment": "ir.attachment",
    "mail_message": "mail.message",
    "mail_tracking_value": "mail.tracking.value",
    "mail_followers": "mail.followers",
    "mail_activity": "mail.activity",
}
# rows of these tables that are not the association's records (web assets,
# views' attachments, technical models' messages)
ROW_FILTERS = {
    "ir_attachment": "res_model IS NOT NULL AND res_model NOT LIKE 'ir.%'",
    "mail_message": "model IS NOT NULL AND model NOT LIKE 'ir.%'",
}


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, (bytes, memoryview)):
        return "sha1:" + hashlib.sha1(bytes(value)).hexdigest()
    if isinstance(value, (dict, list)):
        return json.loads(json.dumps(value, sort_keys=True, default=str))
    return value


def _tables(cr):
    """{table: model} of the module's models and of the core tables."""
    cr.execute(
        """
        SELECT m.model FROM ir_model m
         WHERE (m.model LIKE %s OR m.model LIKE %s) AND NOT m.transient
        """,
        [f"{NAMESPACES[0]}%", f"{NAMESPACES[1]}%"],
    )
    tables = {model.replace(".", "_"): model for (model,) in cr.fetchall()}
    tables.update(CORE_TABLES)
    cr.execute(
        """
        SELECT r.name FROM ir_model_relation r
          JOIN ir_module_module mm ON mm.id = r.module
         WHERE mm.name = %s
        """,
        [MODULE],
    )
    tables.update({name: None for (name,) in cr.fetchall()})
    # SQL views (reports) hold nothing of their own
    cr.execute(
        "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
        [list(tables)],
    )
    real = {name for (name,) in cr.fetchall()}
    return {table: model for table, model in tables.items() if table in real}


def _module_owned(cr):
    """{(model, id)} of the records the module's data files define and
    update (not demo nor noupdate records): the release's own definitions."""
    cr.execute(
        "SELECT model, res_id FROM ir_model_data WHERE module = %s AND NOT noupdate", [MODULE]
    )
    return {f"{model},{res_id}" for model, res_id in cr.fetchall()}


def _file_ok(filestore, row):
    """Whether the attachment's file is in the filestore with its checksum."""
    if not row.get("store_fname"):
        return None
    path = os.path.join(filestore, row["store_fname"])
    if not os.path.isfile(path):
        return False
    with open(path, "rb") as handle:
        return hashlib.sha1(handle.read()).hexdigest() == row.get("checksum")


def snapshot(cr, filestore):
    owned = _module_owned(cr)
    result = {}
    for table, model in sorted(_tables(cr).items()):
        where = ROW_FILTERS.get(table, "TRUE")
        cr.execute(f'SELECT * FROM "{table}" WHERE {where}')  # names from the catalog
        columns = [c.name for c in cr.description]
        rows = {}
        for values in cr.fetchall():
            row = dict(zip(columns, values, strict=True))
            if "id" in row:
                if model and f"{model},{row['id']}" in owned:
                    continue
                key = str(row["id"])
            else:
                key = ",".join(str(row[c]) for c in sorted(columns))
            if table == "ir_attachment":
                row["file_ok"] = _file_ok(filestore, row)
            rows[key] = {c: _plain(v) for c, v in row.items() if c not in IGNORED_COLUMNS}
        result[table] = {"model": model, "rows": rows}
    return result
