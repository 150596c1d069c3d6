from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import rules
from ..tools import PURPOSES


class BeneficiaryConsent(models.Model):
    """A consent to one purpose of processing (PDPL: explicit, per purpose).

    Given by the person whose data they are (the beneficiary or a family
    member), or by the guardian of a minor.  A consent is never edited away:
    it is withdrawn through its action, with the reason, and stays as the
    record of what was allowed and when::

        given ─withdraw─> withdrawn

    Withdrawal stops new processing for the purpose (the service: no new
    request; referral: no referral; health: no new health category;
    satisfaction: no survey) and tells the file's officer what is still open;
    decisions and payments already made are kept as the law requires.
    """

    _name = "beneficiary.consent"
    _description = "Beneficiary Consent"
    _inherit = ["beneficiary.step.mixin"]
    _order = "beneficiary_id, family_member_id desc, purpose, date_given desc, id desc"

    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        string="Beneficiary File",
        required=True,
        ondelete="cascade",
        index=True,
        writable_in=(),
    )
    company_id = fields.Many2one(related="beneficiary_id.company_id", store=True, index=True)
    family_member_id = fields.Many2one(
        "beneficiary.family.member",
        ondelete="cascade",
        index=True,
        writable_in=(),
        domain="[('beneficiary_id', '=', beneficiary_id)]",
        help="Empty: the consent concerns the beneficiary's own data.",
    )
    subject_name = fields.Char(string="Whose Data", compute="_compute_subject_name")
    purpose = fields.Selection(PURPOSES, required=True, writable_in=())
    state = fields.Selection(
        [("given", "Given"), ("withdrawn", "Withdrawn")],
        compute="_compute_state",
        store=True,
        precompute=True,
        index=True,
    )
    date_given = fields.Datetime(
        string="Given On",
        required=True,
        default=fields.Datetime.now,
        writable_in=("given",),
    )
    channel_id = fields.Many2one("beneficiary.channel", writable_in=("given",))
    notice_version = fields.Char(
        string="Privacy Notice Version",
        default=lambda self: self.env.company.beneficiary_privacy_notice_version,
        writable_in=("given",),
        help="The version of the privacy notice the person was given.",
    )
    given_by = fields.Selection(
        [("subject", "The Person Concerned"), ("guardian", "The Guardian")],
        required=True,
        default="subject",
        writable_in=("given",),
    )
    guardian_name = fields.Char(writable_in=("given",))
    guardian_relation = fields.Char(
        string="Guardian's Relation", writable_in=("given",), help="E.g. father, mother, uncle."
    )
    guardian_national_id = fields.Char(
        string="Guardian's National ID / Iqama", writable_in=("given",)
    )
    document = fields.Binary(string="Signed Consent", attachment=True, writable_in=("given",))
    document_name = fields.Char(writable_in=("given",))
    recorded_by_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True, step=True
    )
    withdrawn_date = fields.Datetime(string="Withdrawn On", readonly=True, copy=False, step=True)
    withdrawal_reason = fields.Text(readonly=True, copy=False, step=True)
    withdrawn_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)

    @api.depends("family_member_id.name", "beneficiary_id.name")
    def _compute_subject_name(self):
        for consent in self:
            consent.subject_name = (consent.family_member_id or consent.beneficiary_id).name

    @api.depends("withdrawn_date")
    def _compute_state(self):
        for consent in self:
            consent.state = "withdrawn" if consent.withdrawn_date else "given"

    @api.depends("purpose", "subject_name")
    def _compute_display_name(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        for consent in self:
            consent.display_name = f"{purposes.get(consent.purpose, '')} — {consent.subject_name}"

    @api.constrains("family_member_id", "beneficiary_id")
    def _check_family_member(self):
        for consent in self:
            member = consent.family_member_id
            if member and member.beneficiary_id != consent.beneficiary_id:
                raise ValidationError(
                    self.env._("%(name)s is not a family member of this file.", name=member.name)
                )

    @api.constrains("given_by", "guardian_name", "date_given", "family_member_id")
    def _check_guardian(self):
        # sudo: the rule holds whatever the writer may read of the consent
        for consent in self.sudo():
            if consent.given_by == "guardian" and not (consent.guardian_name or "").strip():
                raise ValidationError(
                    self.env._(
                        "Name the guardian who consented for %(name)s.", name=consent.subject_name
                    )
                )
            if consent.given_by == "subject" and consent._subject_is_minor():
                raise ValidationError(
                    self.env._(
                        "%(name)s is a minor: the consent must be given by the guardian "
                        "(record the guardian's name and relation).",
                        name=consent.subject_name,
                    )
                )
            if consent.date_given and consent.date_given > fields.Datetime.now():
                raise ValidationError(self.env._("Consent cannot be recorded in the future."))

    @api.constrains("purpose", "family_member_id", "state")
    def _check_one_per_purpose(self):
        """One consent in force per person and purpose."""
        given = self.filtered(lambda c: c.state == "given")
        if not given:
            return
        # one query for the batch; sudo: a consent the user may not read counts too
        twins = self.sudo()._read_group(
            [("beneficiary_id", "in", given.beneficiary_id.ids), ("state", "=", "given")],
            ["beneficiary_id", "family_member_id", "purpose"],
            having=[("__count", ">", 1)],
        )
        twins = {(b.id, m.id, purpose) for b, m, purpose in twins}
        for consent in given:
            key = (consent.beneficiary_id.id, consent.family_member_id.id, consent.purpose)
            if key in twins:
                raise ValidationError(
                    self.env._(
                        "%(consent)s is already recorded: withdraw it before recording it again.",
                        consent=consent.display_name,
                    )
                )

    def _subject_is_minor(self):
        self.ensure_one()
        # sudo: the birth date (sensitive) decides a minor, whoever records the consent
        birth_date = (self.family_member_id or self.beneficiary_id).sudo().birth_date
        return rules.is_minor(birth_date, (self.date_given or fields.Datetime.now()).date())

    @api.model_create_multi
    def create(self, vals_list):
        self._check_officer(self.env._("Recording a consent"))
        consents = super().create(vals_list)
        # a consent given when the file is registered is its first state
        if not self.env.context.get("beneficiary_registering"):
            for beneficiary, recorded in consents.grouped("beneficiary_id").items():
                beneficiary._log_consents(recorded, self.env._("Consent recorded"))
        return consents

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A consent is the record of what the person allowed: withdraw it, never "
                    "delete it."
                )
            )

    def action_withdraw(self):
        if self.filtered(lambda c: c.state != "given"):
            raise UserError(self.env._("Only a consent in force can be withdrawn."))
        return self._open_wizard(
            "beneficiary.consent.withdraw",
            self.env._("Withdraw Consent"),
            default_consent_ids=self.ids,
        )

    def _withdraw(self, reason):
        """Withdraw these consents (the person's request, with the reason):
        new processing for their purposes stops and the officer of each file
        is told what is still open."""
        self._check_officer(self.env._("Recording the withdrawal of consent"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason the consent was withdrawn."))
        self._lock_rows()
        if self.filtered(lambda c: c.state != "given"):
            raise UserError(self.env._("Only a consent in force can be withdrawn."))
        self._step().write(
            {
                "withdrawn_date": fields.Datetime.now(),
                "withdrawal_reason": reason.strip(),
                "withdrawn_by_id": self.env.uid,
            }
        )
        for beneficiary, consents in self.grouped("beneficiary_id").items():
            beneficiary._log_consents(
                consents, self.env._("Consent withdrawn: %(reason)s", reason=reason.strip())
            )
            beneficiary._tell_officer_what_is_open(consents)
        return True
