from odoo import SUPERUSER_ID, Command, fields, models
from odoo.exceptions import UserError

from ..tools import DOCUMENT_VERIFICATION_ACTIVITY, OFFICER, may_read


class BeneficiaryBeneficiary(models.Model):
    """The beneficiary's access to the portal (``/my``): his requests,
    documents, consents, complaints and contact officer."""

    _inherit = "beneficiary.beneficiary"

    portal_user_id = fields.Many2one(
        "res.users",
        string="Portal Access",
        compute="_compute_portal_user_id",
        compute_sudo=True,
        groups=OFFICER,
    )

    # the association's notes on the file stay internal
    note = fields.Html(groups="base.group_user")

    def _compute_duplicate_warning(self):
        # the beneficiary in the portal is not told about other files
        if self.env.user.share and not self.env.su:
            self.duplicate_warning = False
            self.has_possible_duplicate = False
            return
        super()._compute_duplicate_warning()

    def _compute_portal_user_id(self):
        for beneficiary in self:
            beneficiary.portal_user_id = beneficiary.partner_id.user_ids.filtered("share")[:1]

    def action_invite_to_portal(self):
        """Open the beneficiary's access to the portal and show the one-time
        link that sets his password, to hand over or to e-mail."""
        self.ensure_one()
        self._check_officer(self.env._("Inviting a beneficiary to the portal"))
        self._portal_user()
        return self._open_wizard(
            "beneficiary.portal.invite",
            self.env._("Portal Invitation"),
            default_beneficiary_id=self.id,
        )

    def _portal_user(self):
        """The beneficiary's portal user, created (portal rights only) when
        he has none.  His login is his e-mail address, else his mobile."""
        self.ensure_one()
        beneficiary = self.sudo()  # sudo: his consent, contact and users
        if beneficiary.consent_state != "given":
            raise UserError(
                self.env._(
                    "%(name)s has not consented to the processing of the data for the "
                    "requested service: record the consent before opening the portal.",
                    name=beneficiary.name,
                )
            )
        partner = beneficiary.partner_id
        users = partner.with_context(active_test=False).user_ids
        if users.filtered(lambda u: not u.share):
            raise UserError(
                self.env._(
                    "%(name)s is a user of the association's Odoo: the portal is for "
                    "beneficiaries without an internal account.",
                    name=beneficiary.name,
                )
            )
        if users:
            users.filtered(lambda u: not u.active).active = True
            return users[:1]
        login = partner.email or partner.mobile
        if not login:
            raise UserError(
                self.env._(
                    "Record the e-mail address or the mobile number of %(name)s first: it is "
                    "the login to the portal.",
                    name=beneficiary.name,
                )
            )
        if (
            self.env["res.users"]
            # sudo: a login is unique among every user, archived ones and other companies' included
            .sudo()
            .with_context(active_test=False)
            .search_count([("login", "=", login)])
        ):
            raise UserError(
                self.env._(
                    "The login %(login)s is already used by another account: give %(name)s "
                    "another e-mail address.",
                    login=login,
                    name=beneficiary.name,
                )
            )
        company = beneficiary.company_id
        # sudo: officers open a beneficiary's portal access without the right
        # to manage users; the user gets the portal group and nothing else
        user = (
            self.env["res.users"]
            .sudo()
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": login,
                    "partner_id": partner.id,
                    "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
                    "company_id": company.id,
                    "company_ids": [Command.set([company.id])],
                }
            )
        )
        beneficiary._message_log(
            body=self.env._("Portal access opened (login %(login)s).", login=login)
        )
        return user

    def _close_portal_access(self):
        """Close the portal access of these files' beneficiaries (their
        anonymisation): the users are archived and their logins, an e-mail
        address or a mobile number, erased."""
        # sudo: the portal users of the files' contacts are closed whoever anonymises the files
        users = self.sudo().partner_id.with_context(active_test=False).user_ids.filtered("share")
        for user in users:
            user.write({"active": False, "login": f"anonymised-{user.id}"})

    def _portal_signup_url(self):
        """A link that lets the beneficiary set his password: valid until he
        signs in (or for six days), so it serves once."""
        self.ensure_one()
        user = self._portal_user()
        partner = self.sudo().partner_id  # sudo: the signup token is the system's
        partner.signup_prepare(signup_type="reset" if user.login_date else "signup")
        return partner._get_signup_url_for_action(url="/my/beneficiary")[partner.id]

    # --- what the beneficiary sends from the portal --------------------------------

    def _portal_add_document(self, form, files):
        """A document the beneficiary sends from the portal (a missing or an
        expiring one): added to his file unverified, and his officer gets an
        activity to verify it against the original.  Returns ``(document,
        errors)``; the rules are the document's own."""
        self.ensure_one()
        Online = self.env["beneficiary.online"]
        Document = self.env["beneficiary.document"].sudo()  # sudo: checked values only
        errors = {}
        type_id = form.get("document_type_id") or ""
        doc_type = (
            self.env["beneficiary.document.type"]
            # sudo: the document types' names, master data portal users do not read
            .sudo()
            .browse(int(type_id) if type_id.isdigit() else 0)
            .exists()
        )
        if not doc_type:
            errors["document_type_id"] = self.env._("Choose the kind of document.")
        upload = Online._upload(files.get("attachment"), errors, "attachment")
        if not upload and "attachment" not in errors:
            errors["attachment"] = self.env._("Choose the file of the document.")
        values = {
            "beneficiary_id": self.id,
            "document_type_id": doc_type.id,
            "name": Online._text(form, "name", 64) or False,
            "issue_date": Online._date(form, "issue_date", errors),
            "expiry_date": Online._date(form, "expiry_date", errors),
        }
        if doc_type and not errors.keys() & {"issue_date", "expiry_date"}:
            problem = Online._constraint_error(Document.new(values), "_check_dates")
            if problem:
                errors["expiry_date"] = problem
        if errors:
            return False, errors
        document = Document.create(
            {**values, "attachment_name": upload[0], "attachment": upload[1]}
        )
        # sudo: the officer of the file and its manager, which the portal user may not read
        beneficiary = self.sudo()
        officer = beneficiary.user_id
        if officer.id in (False, SUPERUSER_ID) or not may_read(beneficiary, officer):
            officer = self._manager_for(company=beneficiary.company_id)
        if officer:
            beneficiary._schedule_activity(
                DOCUMENT_VERIFICATION_ACTIVITY,
                officer,
                self.env._("Verify the document sent from the portal"),
                note=self.env._(
                    "%(name)s sent %(type)s from the portal: verify it against the original.",
                    name=beneficiary.name,
                    type=doc_type.name,
                ),
            )
        return document, {}

    def _portal_data_request(self, form):
        """A data subject's request the beneficiary files from the portal:
        registered like any other, his identity verified by an officer before
        it is handled.  Returns the errors of the form."""
        self.ensure_one()
        Online = self.env["beneficiary.online"]
        DataRequest = self.env["beneficiary.data.request"]
        errors = {}
        kind = Online._choice(
            form,
            "kind",
            DataRequest._fields["kind"].selection,
            errors,
            self.env._("Choose the right you exercise."),
        )
        description = (form.get("description") or "").strip()[:4000]
        if not description:
            errors["description"] = self.env._("Say what you ask, and about which data.")
        if errors:
            return errors
        # sudo: the beneficiary registers his own request, nothing else
        DataRequest.sudo().create(
            {
                "beneficiary_id": self.id,
                "company_id": self.company_id.id,
                "kind": kind,
                "description": description,
                "channel_id": self.env.ref("beneficiary_relations.channel_website").id,
            }
        )
        return {}
