from odoo import api, fields, models


class BeneficiaryDataRequestAnswer(models.TransientModel):
    """Answer a data subject's request, or refuse it with the reason."""

    _name = "beneficiary.data.request.answer"
    _description = "Answer a Data Subject Request"

    request_ids = fields.Many2many(
        "beneficiary.data.request",
        string="Requests",
        default=lambda self: self.env.context.get("active_ids"),
    )
    mode = fields.Selection(
        [("answer", "Answer"), ("refuse", "Refuse")], default="answer", required=True
    )
    text = fields.Text(required=True)
    retained_data = fields.Text(
        string="What Cannot Be Destroyed Yet", compute="_compute_retained_data"
    )

    @api.depends("request_ids")
    def _compute_retained_data(self):
        for wizard in self:
            wizard.retained_data = "\n".join(
                filter(None, wizard.request_ids.mapped("retained_data"))
            )

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "refuse":
            self.request_ids._refuse(self.text)
        else:
            self.request_ids._answer(self.text)
        return {"type": "ir.actions.act_window_close"}
