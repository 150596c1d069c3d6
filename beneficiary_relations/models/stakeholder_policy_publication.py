from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import may_read

# the implementing officer is reminded this many days before a policy's review
REVIEW_REMINDER_DAYS = 30
REVIEW_ACTIVITY = "beneficiary_relations.mail_activity_type_policy_review"


class StakeholderPolicy(models.Model):
    """The policy circulated and reviewed (all seeds): the approved version
    published as a public page and PDF, superseded versions kept in its
    archive, and a review date with a reminder."""

    _inherit = "stakeholder.policy"

    is_published = fields.Boolean(
        string="Published",
        copy=False,
        tracking=True,
        help="The approved version is shown on the association's public policies page, with its "
        "PDF; the versions it supersedes stay there in its archive.",
    )
    review_date = fields.Date(
        string="Next Review",
        tracking=True,
        help="When the policy is due for review by the board; its implementing officer (else "
        "the manager) gets a reminder 30 days before.",
    )
    website_url = fields.Char(string="Public Page", compute="_compute_website_url")

    def _compute_website_url(self):
        for policy in self:
            policy.website_url = f"/beneficiary/policies/{policy.id}" if policy.id else False

    @api.constrains("is_published", "state")
    def _check_published(self):
        if any(policy.is_published and policy.state == "draft" for policy in self):
            raise ValidationError(self.env._("Only a version approved by the board is published."))

    def action_approve(self):
        result = super().action_approve()
        # the new version of a published policy replaces it on the public page
        self.filtered(lambda p: p.previous_id.is_published).write({"is_published": True})
        return result

    def _public_archive(self):
        """The published versions this one supersedes, newest first."""
        self.ensure_one()
        versions = self.browse()
        previous = self.previous_id
        while previous and previous not in versions:
            if previous.is_published:
                versions |= previous
            previous = previous.previous_id
        return versions

    def _activity_update(self):
        """And: a policy superseded by its approved new version has been
        reviewed, its *Policy Review* reminder is done."""
        result = super()._activity_update()
        reviewed = self.previous_id.filtered(lambda p: p.state == "superseded")
        if reviewed:
            reviewed.activity_feedback([REVIEW_ACTIVITY])
        return result

    def _superseded_by(self):
        """The published version that replaced this one, if any."""
        self.ensure_one()
        return self.search([("previous_id", "=", self.id), ("is_published", "=", True)], limit=1)

    @api.model
    def _cron_review_reminders(self):
        """Remind, 30 days before, the implementing officer of each approved
        policy due for review (else the manager), once."""
        today = fields.Date.context_today(self)
        summary = self.env._("Review the policy with the board")
        review = self.env.ref(REVIEW_ACTIVITY)
        policies = self.search(
            [
                ("state", "=", "approved"),
                ("review_date", "!=", False),
                ("review_date", "<=", today + timedelta(days=REVIEW_REMINDER_DAYS)),
            ]
        )
        for policy in policies:
            if review in policy.activity_ids.activity_type_id:
                continue
            user = policy.implementing_officer_id
            if not (user.active and not user.share and may_read(policy, user)):
                # (the superuser, who loads data, is inactive: the manager then)
                user = self._manager_for(company=policy.company_id)
            if user:
                policy._schedule_activity(
                    REVIEW_ACTIVITY,
                    user,
                    summary,
                    note=self.env._(
                        "%(name)s (version %(version)s) is due for review on %(date)s.",
                        name=policy.name,
                        version=policy.version,
                        date=policy.review_date,
                    ),
                    date_deadline=max(policy.review_date, today),
                )
        return True
