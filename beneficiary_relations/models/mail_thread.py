from odoo import models
from odoo.exceptions import UserError

from ..tools import list_text, may_read


class MailThread(models.AbstractModel):
    """Followers receive a record's chatter, by e-mail too.  The module's
    records holding personal data (``_beneficiary_private``) are followed
    only by users who may read them, and by their own contact (the applicant,
    the complainant), to whom the association's notices are addressed."""

    _inherit = "mail.thread"

    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        """Field staff often have no mailbox: on the module's records, what a
        user without an e-mail address writes or triggers (notes, assignment
        notices, activities) is still his, sent from the association's
        address."""
        if not self._name.startswith(("beneficiary.", "stakeholder.")):
            return super()._message_compute_author(author_id, email_from, raise_on_email)
        author_id, email_from = super()._message_compute_author(
            author_id, email_from, raise_on_email=False
        )
        if not email_from:
            company = self.company_id[:1] if "company_id" in self._fields else self.env.company
            # sudo: the association's address as the sender, whoever posts
            email_from = (company or self.env.company).sudo().email_formatted or False
        return author_id, email_from

    def _beneficiary_followers_refused(self, partner_ids):
        """The partners among ``partner_ids`` that may not follow all of ``self``."""
        # sudo: who the partners' users are, whatever the current user may read
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        refused = partners.browse()
        for record in self:
            own = record.sudo().partner_id if "partner_id" in record._fields else partners.browse()
            for partner in partners - own - refused:
                users = partner.user_ids.filtered(lambda user: not user.share)
                if not any(may_read(record, user) for user in users):
                    refused |= partner
        return refused

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # the recipients of a message sent from the chatter are not made
        # followers when they may not be (_message_subscribe); anybody else
        # added by hand is refused with the reason
        if (
            partner_ids
            and getattr(self, "_beneficiary_private", False)
            and not self.env.context.get("mail_post_autofollow")
        ):
            refused = self._beneficiary_followers_refused(partner_ids)
            if refused:
                raise UserError(
                    self.env._(
                        "%(names)s cannot follow %(records)s: only the users who may read it, "
                        "and its own contact, follow the beneficiaries' files, requests, "
                        "meetings, complaints and compensation cases.",
                        names=list_text(self.env, refused.mapped("name")),
                        records=list_text(self.env, self.mapped("display_name")),
                    )
                )
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        if not partner_ids or not getattr(self, "_beneficiary_private", False):
            return super()._message_subscribe(partner_ids, subtype_ids, customer_ids)
        for record in self:
            refused = record._beneficiary_followers_refused(partner_ids)
            allowed = [pid for pid in partner_ids if pid not in refused.ids]
            if allowed:
                super(MailThread, record)._message_subscribe(allowed, subtype_ids, customer_ids)
        return True
