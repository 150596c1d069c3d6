from odoo import api, models
from odoo.exceptions import ValidationError

from ..tools import may_read


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.constrains("user_id", "res_model", "res_id")
    def _check_beneficiary_assignee(self):
        """An activity on a record of the module holding personal data goes
        only to a user who may read that record (its summary and note speak
        of it, and its assignee reads it in his activities)."""
        private = self.filtered(
            lambda a: (
                a.user_id
                and a.res_model
                and getattr(self.env[a.res_model], "_beneficiary_private", False)
            )
        )
        # one check per model and assignee, however many activities
        for (model, user), activities in private.grouped(
            lambda a: (a.res_model, a.user_id)
        ).items():
            if may_read(self.env[model].browse(activities.mapped("res_id")), user):
                continue
            for activity in activities:
                record = self.env[model].browse(activity.res_id)
                if not may_read(record, user):
                    raise ValidationError(
                        self.env._(
                            "%(user)s may not read %(record)s, so the activity cannot be "
                            "assigned to him: activities on beneficiaries' files, requests, "
                            "meetings, complaints and compensation cases go to users whose role "
                            "lets them read them.",
                            user=user.name,
                            # sudo: the record's name in the refusal, whoever assigns
                            record=record.sudo().display_name,
                        )
                    )
