from odoo import fields, models


class BeneficiaryDataBreachNotice(models.TransientModel):
    """Records a breach's notification: to the authority (SDAIA), to the
    people affected, or why no notification is needed."""

    _name = "beneficiary.data.breach.notice"
    _description = "Personal Data Breach Notification"

    breach_ids = fields.Many2many(
        "beneficiary.data.breach",
        string="Breaches",
        default=lambda self: self.env.context.get("active_ids"),
    )
    mode = fields.Selection(
        [
            ("authority", "Authority"),
            ("people", "People Affected"),
            ("none", "No Notification Needed"),
        ],
        required=True,
        default="authority",
    )
    date = fields.Datetime(string="Notified On", default=fields.Datetime.now)
    reference = fields.Char(
        string="Authority's Reference",
        help="The number the authority gave the notification (its acknowledgement).",
    )
    channel_id = fields.Many2one("beneficiary.channel", string="Notified Through")
    notice = fields.Text(
        string="Content of the Notice",
        help="What the people affected were told: what happened, the data concerned, what "
        "the association did and what they can do, whom to contact.",
    )
    reason = fields.Text(string="Justification")

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "authority":
            self.breach_ids._notify_authority(self.date, self.reference)
        elif self.mode == "people":
            self.breach_ids._notify_people(self.date, self.channel_id, self.notice)
        else:
            self.breach_ids._no_notification(self.reason)
        return {"type": "ir.actions.act_window_close"}
