from odoo import api, models
from odoo.exceptions import ValidationError

from .beneficiary_step_mixin import may_read


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.constrains("user_id", "res_model", "res_id")
    def _check_beneficiary_assignee(self):
        """An activity on a record of the module holding personal data goes
        only to a user who may read that record (its summary and note speak
        of it, and its assignee reads it in his activities)."""
        for activity in self:
            model = activity.res_model
            if (
                not activity.user_id
                or not model
                or not getattr(self.env[model], "_beneficiary_private", False)
            ):
                continue
            record = self.env[model].browse(activity.res_id)
            if not may_read(record, activity.user_id):
                raise ValidationError(
                    self.env._(
                        "%(user)s may not read %(record)s, so the activity cannot be assigned to "
                        "him: activities on beneficiaries' files, requests, meetings, complaints "
                        "and compensation cases go to users whose role lets them read them.",
                        user=activity.user_id.name,
                        record=record.sudo().display_name,
                    )
                )
