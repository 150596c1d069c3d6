from odoo import SUPERUSER_ID, Command, api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import check_vals_list, list_text

# The key that lets a step's action record its step.  RPC contexts are JSON,
# so no client can send this object: only the module's own code holds it.
_STEP_TOKEN = object()


class BeneficiaryStepMixin(models.AbstractModel):
    """Fields that record a step change only through the step's action.

    A model marks with ``step=True`` the fields that record a step of its
    workflow: its state, decisions, amounts decided, approvers, the dates and
    authors of its steps, verifications, consents.  A direct ``create``,
    ``write`` (including a one2many command on a parent) or a ``default_*``
    context key that sets one of them is refused with a message naming the
    field.  The actions, after checking the state and the user's role, write
    them through :meth:`_step`.  The superuser (data loading, demo, crons
    running as root) is not restricted.

    A field given ``writable_in=(states…)`` can be edited only while the
    record's ``state`` is one of them (``()``: never after its creation), so
    what a view shows read-only is read-only for every client, the superuser
    included; only the actions change them later.

    The stored fields Odoo computes from others (related fields, computed
    fields without an inverse) are refused the same way: the ORM would
    store whatever a client sends them (a closed meeting moved out of its
    association, an installment's contact changed).

    Like ``account.move``'s locked fields: one idiom in one place, not an
    allow-list per model.
    """

    _name = "beneficiary.step.mixin"
    _description = "Steps Recorded Only by Their Actions"
    # records holding personal data: their mail templates render, and their
    # followers and activities go, only to who may read them (see
    # mail_render_mixin.py, mail_thread.py, mail_activity.py)
    _beneficiary_private = False
    # records the workflow builds itself (every field records a step): they
    # are created, changed and deleted only by the actions
    _step_records = False

    def _valid_field_parameter(self, field, name):
        return name in ("step", "writable_in") or super()._valid_field_parameter(field, name)

    @property
    def _step_fields(self):
        return {name for name, field in self._fields.items() if getattr(field, "step", False)}

    @property
    def _derived_fields(self):
        """Stored fields Odoo computes from others (related fields, computed
        fields without an inverse): they follow their sources, and no client
        sets them either (the ORM would store what it is sent)."""
        return {
            name
            for name, field in self._fields.items()
            if field.store and field.compute and field.readonly and not field.inverse
        }

    def _step(self):
        """These records, allowed to record a step (for the actions only)."""
        return self.with_context(beneficiary_step=_STEP_TOKEN)

    def _step_allowed(self):
        return self.env.su or self.env.context.get("beneficiary_step") is _STEP_TOKEN

    def _step_field_error(self, name):
        field = self._fields[name]
        return UserError(
            self.env._(
                "«%(field)s» of %(model)s records a step of the workflow: it changes only "
                "through the step's own button, by the role that takes that step.",
                field=field._description_string(self.env),
                model=self.env["ir.model"]._get(self._name).name or self._description,
            )
        )

    def _derived_field_error(self, name):
        return UserError(
            self.env._(
                "«%(field)s» of %(model)s is computed from other data: it cannot be set directly.",
                field=self._fields[name]._description_string(self.env),
                model=self.env["ir.model"]._get(self._name).name or self._description,
            )
        )

    def _changed_by(self, name, value):
        """The records whose field ``name`` would change if set to ``value``."""
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return self
        try:
            wanted = field.convert_to_cache(value, self.browse(), validate=False)
        except (ValueError, TypeError):
            return self
        return self.filtered(
            lambda record: field.convert_to_cache(record[name], record, validate=False) != wanted
        )

    def _check_step_vals(self, vals):
        """Refuse ``vals`` that change a step field, or a field computed from
        others, of these records."""
        for name in self._step_fields.intersection(vals):
            if self._changed_by(name, vals[name]):
                raise self._step_field_error(name)
        for name in self._derived_fields.intersection(vals):
            if self._changed_by(name, vals[name]):
                raise self._derived_field_error(name)

    def _check_step_records(self):
        if self._step_records and not self._step_allowed():
            raise UserError(
                self.env._(
                    "%(model)s are kept by the workflow itself: they change only through "
                    "the steps' buttons.",
                    model=self.env["ir.model"]._get(self._name).name or self._description,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        if not self.env.su:
            # who may not create at all is told so first
            self.check_access("create")
        self._check_step_records()
        if not self._step_allowed():
            step_fields = self._step_fields
            defaults = {f"default_{name}" for name in step_fields}
            if defaults.intersection(self.env.context):
                # a default cannot be removed with with_context(): a new context
                context = {k: v for k, v in self.env.context.items() if k not in defaults}
                self = self.with_env(self.env(context=context))
            derived_fields = self._derived_fields
            for vals in vals_list:
                for name in step_fields.intersection(vals):
                    if vals[name] and vals[name] != self._step_default(name):
                        raise self._step_field_error(name)
                for name in derived_fields.intersection(vals):
                    if vals[name]:
                        raise self._derived_field_error(name)
        return super().create(vals_list)

    def write(self, vals):
        check_vals_list(self, [vals])
        if not self.env.su:
            # who may not write at all is told so first
            self.check_access("write")
            self._check_step_records()
            if not self._step_allowed():
                self._check_step_vals(vals)
        if self.env.context.get("beneficiary_step") is not _STEP_TOKEN:
            # what is decided stays as decided, even for the superuser
            self._check_writable_in(vals)
        self._check_locked(vals)
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self.check_access("unlink")
        self._check_step_records()
        return super().unlink()

    def _check_writable_in(self, vals):
        """Refuse ``vals`` that edit a field outside the states it is editable in."""
        for name in vals:
            field = self._fields.get(name)
            states = getattr(field, "writable_in", None)
            if states is None:
                continue
            locked = self.filtered(lambda record, states=states: record.state not in states)
            locked = locked and locked._changed_by(name, vals[name])
            if locked:
                raise UserError(
                    self.env._(
                        "«%(field)s» of %(records)s can no longer be changed at this step.",
                        field=field._description_string(self.env),
                        records=list_text(self.env, locked.mapped("display_name")),
                    )
                )

    def _check_locked(self, vals):
        """Refuse ``vals`` on records their step keeps as they are: the
        locks that no ``writable_in`` says (a whole closed record, a record
        with accounting documents…).  Checked after the user's rights, so who
        may not write at all is told that, and for everyone, the superuser
        included."""

    @api.model
    def _step_default(self, name):
        field = self._fields[name]
        return field.default(self) if callable(field.default) else None

    def _lock_rows(self):
        """Lock these records' rows until the end of the transaction, and
        make any concurrent step on them fail and retry.

        The rows are updated (not only locked): under PostgreSQL's repeatable
        read, a concurrent transaction that then touches them is rolled back
        and Odoo retries its request, which then sees this step's outcome.
        """
        if not self:
            return
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET write_date = write_date WHERE id IN %s",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()

    # --- roles ------------------------------------------------------------

    def _is_manager(self):
        return self.env.su or self.env.user.has_group("beneficiary_relations.group_manager")

    def _check_manager(self, message):
        if not self._is_manager():
            raise AccessError(message)

    def _check_officer(self, action):
        """``action`` is a step of the relations officers (and of the
        researchers and managers, who hold the officer's role too)."""
        if not (
            self.env.su or self.env.user.has_group("beneficiary_relations.group_relations_officer")
        ):
            raise AccessError(
                self.env._("%(action)s is a step of the relations officers.", action=action)
            )

    def _check_privacy_officer(self, action):
        """``action`` is a step of the personal data officer (and of the
        managers, who hold his role too)."""
        if not (
            self.env.su or self.env.user.has_group("beneficiary_relations.group_privacy_officer")
        ):
            raise AccessError(
                self.env._(
                    "%(action)s is a step of the personal data officer and the beneficiary "
                    "relations manager.",
                    action=action,
                )
            )

    @api.model
    def _manager_for(self, program=None, company=None):
        """The manager who gets the activities of ``program`` (its program
        manager when he is a beneficiary relations manager), else the first
        manager of the association (``company``, default: the program's, else
        the current one).  The one answer to "which manager gets the
        activity": every step and every daily job asks it."""
        company = company or (program and program.company_id) or self.env.company
        managers = self.env.ref("beneficiary_relations.group_manager").users.filtered(
            lambda u: not u.share and u.active and u.id != SUPERUSER_ID and company in u.company_ids
        )
        if program and program.user_id in managers:
            return program.user_id
        return managers[:1]

    # --- messages from the association ---------------------------------------

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

    def _open_wizard(self, model, title, **context):
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids, **context},
        }

    def _association_sender(self):
        """(author, email_from) of the notices: the association itself, not
        the member of staff who pressed the button (who may have no mailbox)."""
        company = self.company_id[:1] or self.env.company
        email_from = company.email_formatted or (
            # sudo: the default sender is the mail server's, not readable by every user
            self.env["ir.mail_server"].sudo()._get_default_from_address()
        )
        return company.partner_id, email_from

    def _notice_date(self, day):
        """``day`` (a date or a UTC datetime) as the association's notices and
        e-mails write it, like its letters: the Hijri (Umm al-Qura) date beside
        the Gregorian one, in the language of the context (rules.letter_date)."""
        return self.env["beneficiary.letter"]._letter_date(day, one_line=True) if day else ""

    def _notify_partner(self, template_xmlid, partner_field):
        """Post ``template`` on each record to the partner in ``partner_field``,
        from the association, and e-mail it to the partner when he has an
        address; kept in the chatter as proof either way.

        Done in batches, so a committee deciding hundreds of requests costs a
        fixed number of queries: the letters are rendered per language, the
        messages created together and the e-mails queued together (Odoo's
        mail queue sends them).  The record's followers read the notice in
        the chatter; it is addressed to the partner only."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        records = self.filtered(partner_field)
        if not template or not records:
            return self.env["mail.message"]
        rendered = template._generate_template(records.ids, ("subject", "body_html"))
        subtype = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        # sudo: the alias domains of the records, configuration every user may not read
        alias_domains = records.sudo()._mail_get_alias_domains(default_company=self.env.company)
        companies = records._mail_get_companies(default=self.env.company)
        values_list = []
        for company_records in records.grouped(lambda r: companies[r.id]).values():
            author, email_from = company_records._association_sender()
            reply_to = company_records._notify_get_reply_to(default=email_from)
            values_list += [
                {
                    "model": record._name,
                    "res_id": record.id,
                    "message_type": "comment",
                    "subtype_id": subtype,
                    "author_id": author.id,
                    "email_from": email_from or False,
                    "reply_to": reply_to[record.id],
                    "subject": rendered[record.id]["subject"],
                    "body": rendered[record.id]["body_html"],
                    "partner_ids": record[partner_field].ids,
                    # sudo: the record's name for the message, whoever posts it
                    "record_name": record.sudo().display_name,
                    "record_alias_domain_id": alias_domains[record.id].id,
                    "record_company_id": companies[record.id].id,
                }
                for record in company_records
            ]
        messages = records._message_create(values_list)
        # sudo: the e-mails and their notifications are Odoo's own records
        emailed = [
            (message, partner)
            for message, values in zip(messages.sudo(), values_list, strict=True)
            for partner in records.env["res.partner"].sudo().browse(values["partner_ids"])
            if partner.email
        ]
        mails = (
            self.env["mail.mail"]
            # sudo: the notices' e-mails are queued by the workflow, whoever takes the step
            .sudo()
            .create(
                [
                    {
                        "mail_message_id": message.id,
                        "body_html": message.body,
                        "recipient_ids": [Command.link(partner.id)],
                        "references": message.message_id,
                        "auto_delete": template.auto_delete,
                        "is_notification": True,
                    }
                    for message, partner in emailed
                ]
            )
        )
        # sudo: the notices' notifications are written by the workflow, whoever takes the step
        self.env["mail.notification"].sudo().create(
            [
                {
                    "author_id": message.author_id.id,
                    "mail_message_id": message.id,
                    "res_partner_id": partner.id,
                    "notification_type": "email",
                    "notification_status": "ready",
                    "mail_mail_id": mail.id,
                    "is_read": True,
                }
                for (message, partner), mail in zip(emailed, mails, strict=True)
            ]
        )
        return messages

    def _send_mail_of_its_own(self, template, partner):
        """E-mail ``template``, rendered on this record, to ``partner`` in a
        mail of its own, linked to no record and deleted once sent: for a
        link that opens something to whoever holds it (a survey's answers, a
        portal password), which the record's readers need not hold."""
        self.ensure_one()
        author, email_from = self._association_sender()
        # sudo: the association sends it, whoever pressed the button; rendered
        # in this record's context (e.g. the link it holds)
        template.with_env(self.env).sudo().send_mail(
            self.id,
            email_values={
                "model": False,
                "res_id": False,
                "auto_delete": True,
                "author_id": author.id,
                "email_from": email_from or False,
                "recipient_ids": [Command.link(partner.id)],
            },
        )

    def _schedule_activity(self, activity_type, user, summary, note=None, date_deadline=None):
        """An activity of ``activity_type`` (the xml id of one of the module's
        types, data/mail_activity_type_data.xml) for ``user`` on each of these
        records, created together: the step that ends it closes it by its type
        (``activity_feedback``), and no other.  Scheduled without the
        assignment e-mail sent in the name of the current user (field staff
        may have no mailbox); the assignee sees it in Odoo's activities."""
        return self.with_context(mail_activity_quick_update=True).activity_schedule(
            activity_type,
            date_deadline=date_deadline,
            summary=summary,
            note=note,
            user_id=user.id,
        )

    def _without_activity(self, activity_type):
        """These records but those with an activity of ``activity_type`` open
        already: a step's activity is scheduled once, however often the step
        is looked at."""
        if not self:
            return self
        return self - self.browse(self.activity_search([activity_type]).mapped("res_id"))
