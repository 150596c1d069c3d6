from odoo import api, fields, models


class BeneficiaryRequest(models.Model):
    """What the association's dashboard needs from a request: satisfaction
    measurement (قياس رضا المستفيد) of the direct beneficiary once the service
    is delivered — a right of the beneficiary and a tool for improvement, one
    survey answer per request — and the figures the indicators group on."""

    _inherit = "beneficiary.request"

    survey_answer_ids = fields.One2many(
        "survey.user_input",
        "beneficiary_request_id",
        string="Satisfaction Answer",
        groups="beneficiary_relations.group_manager",
    )
    satisfaction_state = fields.Selection(
        [("none", "Not Sent"), ("sent", "Sent"), ("answered", "Answered")],
        string="Satisfaction Survey",
        compute="_compute_satisfaction",
        compute_sudo=True,
    )
    # the link holds the answer's token, which opens the beneficiary's answers
    # to whoever has it: only the officers, who fill the survey in with the
    # beneficiary on the phone, and the invitation sent to the beneficiary
    satisfaction_survey_url = fields.Char(
        string="Satisfaction Survey Link",
        compute="_compute_satisfaction_survey_url",
        groups="beneficiary_relations.group_relations_officer",
    )
    # figures the indicators group on
    decision_days = fields.Integer(
        string="Days to Decision",
        compute="_compute_decision_kpis",
        store=True,
        aggregator="avg",
        help="Calendar days from the submission to the decision.",
    )
    decided_on_time = fields.Boolean(
        string="Decided Within the Window",
        compute="_compute_decision_kpis",
        store=True,
        help="Decided on or before the decision deadline given to the applicant, and not "
        "as an urgent decision before the policy's two weeks.",
    )

    decision_timing = fields.Selection(
        [
            ("on_time", "Within the Window"),
            ("late", "After the Deadline"),
            ("urgent", "Urgent Decision"),
        ],
        compute="_compute_decision_kpis",
        store=True,
        help="When the request was decided against the window promised to the applicant: on "
        "or before its deadline, after it, or before the policy's two weeks as an urgent "
        "decision.",
    )

    @api.depends("survey_answer_ids.state")
    def _compute_satisfaction(self):
        for request in self:
            answer = request.survey_answer_ids[:1]
            if not answer:
                request.satisfaction_state = "none"
            else:
                request.satisfaction_state = "answered" if answer.state == "done" else "sent"

    @api.depends_context("uid")
    @api.depends("survey_answer_ids")
    def _compute_satisfaction_survey_url(self):
        # the field's groups guard read(); this guards templates and code that
        # read the field as an attribute, which Odoo does not check
        allowed = self.env.su or self.env.user.has_group(
            "beneficiary_relations.group_relations_officer"
        )
        for request in self:
            # sudo: the answers themselves are the manager's only
            answer = request.sudo().survey_answer_ids[:1]
            request.satisfaction_survey_url = (
                answer.get_base_url() + answer.get_start_url() if allowed and answer else False
            )

    @api.depends("date_submitted", "date_decision", "date_deadline", "urgent_decision")
    def _compute_decision_kpis(self):
        for request in self:
            decided = request.date_decision and request.date_submitted
            request.decision_days = (
                (request.date_decision - request.date_submitted).days if decided else 0
            )
            request.decided_on_time = bool(
                decided
                and not request.urgent_decision
                and request.date_deadline
                and request.date_decision <= request.date_deadline
            )
            if not decided:
                request.decision_timing = False
            elif request.urgent_decision:
                request.decision_timing = "urgent"
            else:
                request.decision_timing = "on_time" if request.decided_on_time else "late"

    def action_close(self):
        result = super().action_close()
        self.filtered(
            lambda r: r.program_id.satisfaction_trigger == "close"
        )._send_satisfaction_survey()
        return result

    def action_fill_satisfaction_survey(self):
        """Open the beneficiary's survey to fill it in with them, e.g. on the
        phone when they have no e-mail address."""
        self.ensure_one()
        self._check_officer(self.env._("Filling in the satisfaction survey"))
        if self.satisfaction_state != "sent":
            return False
        return {"type": "ir.actions.act_url", "url": self.satisfaction_survey_url, "target": "new"}

    def _send_satisfaction_survey(self):
        """Invite the direct beneficiaries of these requests to their program's
        satisfaction survey: one answer per request, never sent twice.

        Only beneficiaries who consented to be contacted for surveys are.
        """
        # sudo: the invitation is created by the workflow whoever closes the
        # request; the answers themselves are readable by managers only
        answers = self.env["survey.user_input"].sudo()
        surveyed = answers.search([("beneficiary_request_id", "in", self.ids)])
        todo = (
            (self - surveyed.beneficiary_request_id)
            # sudo: the file's type and consent, read whoever closes the request
            .sudo()
            .filtered(
                lambda r: (
                    r.program_id.satisfaction_survey_id.active
                    and r.beneficiary_id.beneficiary_type == "direct"
                    and r.beneficiary_id._has_consent("satisfaction")
                    and r.partner_id
                )
            )
        )
        for survey, requests in todo.grouped(lambda r: r.program_id.satisfaction_survey_id).items():
            for request in requests:
                answers |= survey._create_answer(
                    partner=request.partner_id,
                    check_attempts=False,
                    beneficiary_request_id=request.id,
                )
        self.browse(todo.ids)._invite_to_satisfaction_survey()
        return answers

    def _invite_to_satisfaction_survey(self):
        """E-mail each applicant the link to his survey, as Odoo's survey
        invitations do: a mail of its own, linked to no record and deleted once
        sent, since the link's token opens the answers to whoever holds it.
        The request's chatter records that the survey was sent, without the
        link (its readers need not hold it)."""
        template = self.env.ref(
            "beneficiary_relations.mail_template_request_satisfaction", raise_if_not_found=False
        )
        # sudo: the association sends it, whoever closed the request
        for request in self.sudo():
            partner = request.partner_id
            if template and partner.email:
                request._send_mail_of_its_own(template, partner)
                note = self.env._(
                    "Satisfaction survey sent to %(name)s by e-mail.", name=partner.name
                )
            else:
                note = self.env._(
                    "Satisfaction survey opened for %(name)s, who has no e-mail address: fill it "
                    "in with the beneficiary (Fill In the Survey).",
                    name=partner.name,
                )
            request._message_log(body=note)
