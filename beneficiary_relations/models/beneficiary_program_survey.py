from odoo import api, fields, models

from ..tools import skip_locked


class BeneficiaryProgram(models.Model):
    _inherit = "beneficiary.program"

    def _default_satisfaction_survey(self):
        return self.env.ref(
            "beneficiary_relations.survey_beneficiary_satisfaction", raise_if_not_found=False
        )

    satisfaction_trigger = fields.Selection(
        [
            ("close", "When the Request Is Closed"),
            ("program_end", "When the Program Period Ends"),
            ("none", "Not Measured"),
        ],
        string="Send the Satisfaction Survey",
        required=True,
        default="close",
        help="When the direct beneficiaries of this program are asked about their "
        "satisfaction: once their request is delivered and closed, or once the program's "
        "period has ended (for the approved and closed requests).",
    )
    satisfaction_survey_id = fields.Many2one(
        "survey.survey",
        default=lambda self: self._default_satisfaction_survey(),
        domain="[('survey_type', '=', 'survey')]",
    )
    satisfaction_anonymous = fields.Boolean(
        string="Anonymous Satisfaction Results",
        help="The satisfaction analysis and the period report show this program's answers "
        "without the beneficiary or the request.",
    )
    satisfaction_sent_date = fields.Date(
        string="End-of-Program Survey Sent On", readonly=True, copy=False
    )

    @api.model
    def _cron_send_end_of_program_surveys(self):
        """Send the satisfaction survey to the approved and closed requests of
        the programs whose period ended, once per program."""
        today = fields.Date.context_today(self)
        programs = self.search(
            [
                ("satisfaction_trigger", "=", "program_end"),
                ("date_end", "<", today),
                ("satisfaction_sent_date", "=", False),
            ]
        )
        # the programs another worker is sending right now are left to it
        programs = skip_locked(programs)
        if not programs:
            return True
        requests = self.env["beneficiary.request"].search(
            [("program_id", "in", programs.ids), ("state", "in", ("approved", "closed"))]
        )
        requests._send_satisfaction_survey()
        programs.write({"satisfaction_sent_date": today})
        return True
