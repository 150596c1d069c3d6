from odoo import api, fields, models


class BeneficiaryRequestSatisfaction(models.Model):
    """A request's satisfaction measurement (قياس رضا المستفيد): the direct
    beneficiary is asked, once the service is delivered, through the
    program's survey — a right of the beneficiary and a tool for improvement,
    one survey answer per request.  The request's steps send it (closing,
    ``beneficiary_request.py``; the end of the program's period,
    ``beneficiary_program_survey.py``)."""

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
