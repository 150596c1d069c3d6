from odoo import fields, models
from odoo.tools import SQL


class BeneficiarySatisfactionReport(models.Model):
    """Satisfaction answers of direct beneficiaries for analysis: one row per
    survey sent for a request, its overall score once answered.  The
    beneficiary and the request are left out for the programs whose results
    are anonymous, and so is the answer's id: their rows are numbered in the
    order of what the row shows (odd ids), the others carry their answer's id
    doubled (even ids), so no anonymous row leads back to its answer."""

    _name = "beneficiary.satisfaction.report"
    _description = "Beneficiary Satisfaction Analysis"
    _auto = False
    _order = "date_sent desc"

    survey_id = fields.Many2one("survey.survey", readonly=True)
    program_id = fields.Many2one("beneficiary.program", readonly=True)
    channel_id = fields.Many2one("beneficiary.channel", readonly=True)
    request_id = fields.Many2one("beneficiary.request", string="Support Request", readonly=True)
    beneficiary_id = fields.Many2one("beneficiary.beneficiary", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_sent = fields.Date(readonly=True)
    date_answered = fields.Date(readonly=True)
    is_answered = fields.Boolean(string="Answered", readonly=True)
    score = fields.Integer(string="Satisfaction Score", readonly=True, aggregator="avg")
    answered_count = fields.Integer(string="Answers", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT CASE WHEN p.satisfaction_anonymous
                        THEN 2 * ROW_NUMBER() OVER (
                                 PARTITION BY p.satisfaction_anonymous
                                 ORDER BY r.company_id, r.program_id, ui.survey_id, r.channel_id,
                                          ui.create_date::date, ui.end_datetime::date,
                                          ui.state = 'done',
                                          CASE WHEN ui.state = 'done' THEN score.value_scale END
                             ) + 1
                        ELSE 2 * ui.id
                   END AS id,
                   ui.survey_id AS survey_id,
                   r.program_id AS program_id,
                   r.channel_id AS channel_id,
                   CASE WHEN p.satisfaction_anonymous THEN NULL ELSE r.id END AS request_id,
                   CASE WHEN p.satisfaction_anonymous THEN NULL ELSE r.beneficiary_id END
                       AS beneficiary_id,
                   r.company_id AS company_id,
                   ui.create_date::date AS date_sent,
                   ui.end_datetime::date AS date_answered,
                   ui.state = 'done' AS is_answered,
                   CASE WHEN ui.state = 'done' THEN score.value_scale END AS score,
                   CASE WHEN ui.state = 'done' THEN 1 ELSE 0 END AS answered_count
              FROM survey_user_input ui
              JOIN beneficiary_request r ON r.id = ui.beneficiary_request_id
              JOIN beneficiary_program p ON p.id = r.program_id
         LEFT JOIN LATERAL (
                   SELECT line.value_scale
                     FROM survey_user_input_line line
                     JOIN survey_question q ON q.id = line.question_id
                    WHERE line.user_input_id = ui.id
                      AND q.is_beneficiary_score
                      AND line.skipped IS NOT TRUE
                    LIMIT 1
                   ) score ON TRUE
             WHERE ui.test_entry IS NOT TRUE
            """
        )
