from odoo import Command, api, models


class BeneficiaryFileTrail(models.AbstractModel):
    """The rectification trail of a file's lines (PDPL).

    A line of a beneficiary's file that holds personal data (a family member,
    a document) lists them in ``_trail_fields``: adding, changing or removing
    the line logs on the file's chatter who did it, when, and the old and new
    values, as Odoo's tracking does for the file's own fields.  The file's
    chatter is read only by the roles that may read the file, and the values
    of fields restricted to some groups only by those groups.
    """

    _name = "beneficiary.file.trail"
    _description = "Rectification Trail of a Beneficiary File's Lines"
    _trail_fields = ()

    def _trail_label(self):
        """What the line is, for the log's title (e.g. "Family member")."""
        return self.env["ir.model"]._get(self._name).name

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        # the lines registered with the file are its first state, not a change
        if not self.env.context.get("beneficiary_registering"):
            records._trail_log({}, self.env._("%(line)s added: %(name)s"))
        return records

    def write(self, vals):
        if not set(self._trail_fields).intersection(vals):
            return super().write(vals)
        # sudo: the trail records every change of the file, sensitive fields included
        before = {record: record._trail_values() for record in self.sudo()}
        result = super().write(vals)
        self._trail_log(before, self.env._("%(line)s changed: %(name)s"))
        return result

    def unlink(self):
        # the lines of a file being deleted go with it: nothing to log on it
        lines = self.filtered(lambda line: line.beneficiary_id.exists())
        # sudo: the trail records every change of the file, sensitive fields included
        removed = {record: record._trail_values() for record in lines.sudo()}
        lines._trail_log(removed, self.env._("%(line)s removed: %(name)s"), removed=True)
        return super().unlink()

    def _trail_values(self):
        return {name: self[name] for name in self._trail_fields}

    def _trail_log(self, before, title, removed=False):
        """Log on each line's file the changes of its personal fields since
        ``before`` ({line: {field: value}}; a missing line was just added)."""
        if not self:
            return
        Tracking = self.env["mail.tracking.value"]
        infos = self.fields_get(list(self._trail_fields))
        # sudo: the trail records every change of the file, sensitive fields included
        for record in self.sudo():
            old = before.get(record, {})
            new = {} if removed else record._trail_values()
            trackings = []
            for name in self._trail_fields:
                empty = record[name].browse() if record._fields[name].relational else False
                initial, current = old.get(name, empty), new.get(name, empty)
                if initial != current:
                    values = Tracking._create_tracking_values(
                        initial, current, name, infos[name], record
                    )
                    trackings.append(Command.create(values))
            if trackings:
                record.beneficiary_id._message_log(
                    body=title % {"line": record._trail_label(), "name": record.display_name},
                    tracking_value_ids=trackings,
                )
