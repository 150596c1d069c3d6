"""Uninstalling the module from an association's running Odoo, and installing
it again.

Uninstalling removes the module's own records (files, requests, meetings,
installments, complaints…) with their tables, and its definitions (views,
groups, rules, templates, sequences, jobs).  It keeps what belongs to the
association's other apps: the books (bills, payments, journal entries, the
accounts, journals and analytic accounts they use), the contacts and their
bank accounts, the users, the companies, and the satisfaction survey with its
answers.  Odoo would delete the records the module's data created one by one,
and the database refuses each one still used (a bill's partner, an
installment's bill): the uninstall_hook prepares them so that nothing is
refused and the log stays clean:

* the links from other apps' records to the module's records (a bill's
  installment, a survey answer's request) are emptied: their columns go with
  the module;
* the module's own records are left to their tables, which are dropped with
  the module, after their activities and attached files are deleted;
* the records kept keep their external IDs under ``KEPT``, so that a later
  install of the module finds them again instead of duplicating them
  (pre_init_hook).
"""

from odoo.tools import SQL

MODULE = "beneficiary_relations"
KEPT = f"{MODULE}_kept"
# the association's records that the module's data created and other apps use
KEPT_MODELS = (
    "res.company",
    "res.partner",
    "res.partner.bank",
    "res.users",
    "account.account",
    "account.journal",
    "account.analytic.plan",
    "account.analytic.account",
    "survey.survey",
    "survey.question",
    "survey.question.answer",
    "survey.user_input",
    "survey.user_input.line",
)


def _module_models(env):
    """The models the module defines (not those it extends), with a table."""
    return [
        name
        for name, model in env.registry.items()
        if model._original_module == MODULE and model._auto and not model._abstract
    ]


def pre_init_hook(env):
    """Find again the records an earlier uninstall kept."""
    env.cr.execute(SQL("UPDATE ir_model_data SET module = %s WHERE module = %s", MODULE, KEPT))


def uninstall_hook(env):
    own = _module_models(env)
    # links from other apps' records to the module's records
    for name, model in env.registry.items():
        if name in own or not model._auto or model._abstract:
            continue
        for field in model._fields.values():
            if (
                field.type == "many2one"
                and field.store
                and field.column_type
                and field.comodel_name in own
            ):
                env.cr.execute(
                    SQL(
                        "UPDATE %s SET %s = NULL WHERE %s IS NOT NULL",
                        SQL.identifier(model._table),
                        SQL.identifier(field.name),
                        SQL.identifier(field.name),
                    )
                )
    env.invalidate_all()
    # the module's own records go with their tables; their activities and
    # attached files (beneficiaries' documents) go first
    # sudo: uninstalling removes the activities and files of the module's records, whoever made them
    env["mail.activity"].sudo().search([("res_model", "in", own)]).unlink()
    env["ir.attachment"].sudo().search(
        [("res_model", "in", own), "|", ("res_field", "=", False), ("res_field", "!=", False)]
    ).unlink()
    env.cr.execute(
        SQL("DELETE FROM ir_model_data WHERE module = %s AND model IN %s", MODULE, tuple(own))
    )
    # the association's records stay, found again by a later install
    env.cr.execute(
        SQL(
            "UPDATE ir_model_data SET module = %s WHERE module = %s AND model IN %s",
            KEPT,
            MODULE,
            KEPT_MODELS,
        )
    )
