import secrets

from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import parse_contact_from_email, plaintext2html

from .. import rules
from ..tools import STAKEHOLDER_TYPES, validated_mobile


class StakeholderComplaint(models.Model):
    """Complaints and information requests sent online (the public form, the
    portal) or by e-mail to the association's alias (seed 002: easy
    reporting).  A complaint sent online gets a tracking code that lets its
    sender, named or anonymous, follow it up without an account."""

    _name = "stakeholder.complaint"
    _inherit = ["stakeholder.complaint", "portal.mixin"]

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return result

    def _tracking_code(self):
        """The tracking code as its sender reads it: ``ABCD-EFGH-JK``."""
        self.ensure_one()
        # sudo: the tracking code shown to its sender
        return rules.format_tracking_code(self.sudo().access_token)

    @api.model
    def _by_tracking_code(self, code):
        """The complaint with this tracking code (sudo), or an empty record."""
        code = rules.normalize_tracking_code(code)
        if len(code) != rules.TRACKING_LENGTH:
            # sudo: the complaint of a tracking code, for its anonymous sender
            return self.sudo().browse()
        return self.sudo().search([("access_token", "=", code)], limit=1)

    # --- the online form ----------------------------------------------------------

    @api.model
    def _online_work_areas(self, company):
        # sudo: the work areas are public on the complaint form
        return self.env["stakeholder.work.area"].sudo().search([("company_id", "=", company.id)])

    @api.model
    def _read_online_form(self, form, company, partner=None):
        """``(values, errors)`` of the complaint form; ``partner``: the
        portal user's own contact, who files it in his name."""
        env = self.env
        Online = env["beneficiary.online"]
        errors = {}
        values = {"is_anonymous": not partner and bool(form.get("anonymous"))}
        if not partner and not values["is_anonymous"]:
            values["name"] = Online._text(form, "name", 128)
            if not values["name"]:
                errors["name"] = env._("Enter your name, or send your message anonymously.")
            values["mobile"] = False
            if (form.get("mobile") or "").strip():
                try:
                    values["mobile"] = validated_mobile(env, form["mobile"])
                except ValidationError as err:
                    errors["mobile"] = err.args[0]
            values["email"] = Online._email(form, "email", errors)
            if (
                not values["mobile"]
                and not values["email"]
                and not errors.keys()
                & {
                    "mobile",
                    "email",
                }
            ):
                errors["mobile"] = env._(
                    "Give a mobile number or an e-mail address for our answer, or send your "
                    "message anonymously."
                )
            values["stakeholder_type"] = Online._choice(
                form, "stakeholder_type", STAKEHOLDER_TYPES, errors, None
            )
        values["category"] = Online._choice(
            form,
            "category",
            self._fields["category"].selection,
            errors,
            env._("Choose what your message is about."),
        )
        area = (form.get("work_area_id") or "").strip()
        areas = self._online_work_areas(company)
        values["work_area_id"] = int(area) if area.isdigit() and int(area) in areas.ids else False
        text = (form.get("description") or "").strip()[:8000]
        values["description"] = text
        if not text:
            errors["description"] = env._("Describe your complaint or your request.")
        values["is_confidential"] = bool(form.get("confidential"))
        values["request_id"] = False
        request_id = (form.get("request_id") or "").strip()
        if partner and request_id.isdigit():
            # the portal user's own requests only (record rules)
            own = env["beneficiary.request"].search([("id", "=", int(request_id))])
            values["request_id"] = own.id
        return values, errors

    @api.model
    def _file_online(self, company, values, partner=None):
        """Create the complaint read by :meth:`_read_online_form` and give it
        its tracking code.  Returns it (sudo).

        sudo: the sender holds no right on the complaints; every value went
        through the form's and the model's rules."""
        env = self.env(su=True, context=dict(self.env.context, mail_create_nosubscribe=True))
        if not partner and not values["is_anonymous"]:
            langs = dict(env["res.lang"].get_installed())
            partner = env["res.partner"].create(
                {
                    "name": values["name"],
                    "mobile": values["mobile"],
                    "email": values["email"],
                    "lang": self.env.lang if self.env.lang in langs else False,
                    "stakeholder_type": values["stakeholder_type"],
                    "company_id": company.id,
                }
            )
        complaint = (
            env["stakeholder.complaint"]
            .with_company(company)
            .create(
                {
                    "company_id": company.id,
                    "channel_id": env.ref("beneficiary_relations.channel_website").id,
                    "is_anonymous": values["is_anonymous"],
                    "partner_id": partner.id if partner else False,
                    "category": values["category"],
                    "work_area_id": values["work_area_id"],
                    "description": plaintext2html(values["description"]),
                    "is_confidential": values["is_confidential"],
                    "request_id": values["request_id"],
                }
            )
        )
        complaint.access_token = rules.new_tracking_code(secrets.randbelow)
        return complaint

    def _post_follow_up(self, text):
        """A message its sender adds through the tracking page: on the
        complaint's chatter, for its assigned officer."""
        self.ensure_one()
        # sudo: its sender (a visitor) adds to the complaint through the tracking page
        complaint = self.sudo()
        complaint.message_post(
            body=Markup("<p>%s</p>%s")
            % (self.env._("Follow-up from the sender:"), plaintext2html(text[:4000])),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=complaint.user_id.partner_id.ids,
        )

    # --- the e-mail alias ---------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the association's complaints alias is a complaint from
        its sender (the contact with that address, created when unknown),
        received by e-mail; the sender gets the notice of receipt."""
        values = dict(custom_values or {})
        company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
        partner = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if partner.company_id and partner.company_id != company:
            # a contact of another association is not linked to this one's
            # complaint: the sender is looked up (or recorded) in this one
            partner = self.env["res.partner"]
        if not partner and msg_dict.get("email_from"):
            name, email = parse_contact_from_email(msg_dict["email_from"])
            if email:
                partner = partner.search(
                    [("email", "=ilike", email), ("company_id", "in", [False, company.id])], limit=1
                )
            partner = partner or partner.create(
                {
                    "name": name or email or msg_dict["email_from"],
                    "email": email,
                    "company_id": company.id,
                }
            )
        subject = msg_dict.get("subject") or ""
        body = Markup(msg_dict.get("body") or "")
        values.setdefault("channel_id", self.env.ref("beneficiary_relations.channel_email").id)
        values.update(
            {
                "name": "/",
                "partner_id": partner.id,
                "is_anonymous": not partner,
                "description": Markup("<p><strong>%s</strong></p>%s") % (subject, body)
                if subject
                else body or Markup("<p>—</p>"),
            }
        )
        return super().message_new(msg_dict, custom_values=values)
