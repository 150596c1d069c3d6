from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount

from .. import rules
from ..tools import PURPOSES, SAUDI_REGIONS, validated_mobile, validated_national_id

# the identity, contact and household asked of who applies without signing in
IDENTITY_FIELDS = (
    "name",
    "national_id",
    "birth_date",
    "gender",
    "marital_status",
    "mobile",
    "email",
    "region",
    "city",
    "district",
    "monthly_income",
    "monthly_expenses",
)


class BeneficiaryOnlineApplication(models.AbstractModel):
    """An application sent through a program's public form, or by a
    beneficiary signed in to the portal.

    The values typed go through the models' own rules (ID and mobile
    validation, the file's, the request's and the documents' constraints,
    consents per purpose, the submission check): this model only reads the
    form and creates, in one go, what the officer would have created at the
    counter.

    Who applies without signing in is not trusted with an existing file: an
    ID already registered attaches the request to that file without
    changing it nor telling anything about it, and every such request waits
    for an officer to confirm the applicant's identity before it is
    registered.  The page and the notices the applicant gets are the same
    whether the ID was known or not.
    """

    _name = "beneficiary.online.application"
    _inherit = ["beneficiary.online"]
    _description = "Online Application"

    @api.model
    def _open_programs(self, company=None):
        """The programs open to online applications today (sudo: the public
        reads their published description and eligibility policy)."""
        today = fields.Date.context_today(self)
        domain = [
            ("apply_online", "=", True),
            ("beneficiary_type", "!=", "indirect"),
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]
        if company:
            domain.append(("company_id", "=", company.id))
        # sudo: the open programs are published to visitors and portal users
        return self.env["beneficiary.program"].sudo().search(domain)

    @api.model
    def _account_file(self, program):
        """The file of the beneficiary signed in to the portal, in the
        program's association (empty for anybody else)."""
        user = self.env.user
        if not user._is_portal():
            return self.env["beneficiary.beneficiary"]
        # sudo: the portal user reads his own file through its pages only
        return (
            self.env["beneficiary.beneficiary"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", user.partner_id.id),
                    ("company_id", "=", program.company_id.id),
                ],
                limit=1,
            )
        )

    @api.model
    def _terms_policy(self, company):
        """The approved version of the association's policy on its relation
        with beneficiaries: the terms an applicant accepts."""
        return (
            self.env["stakeholder.policy"]
            # sudo: the approved policy is published to applicants
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("scope", "=", "beneficiaries"),
                    ("state", "=", "approved"),
                ],
                order="effective_date desc, id desc",
                limit=1,
            )
        )

    # --- reading the form -------------------------------------------------------

    @api.model
    def _read_form(self, program, form, files, account_file=None):
        """``(values, errors)`` of an application form: ``values`` ready for
        the models, ``errors`` {field of the form: message}, each message the
        models' own rule where they have one."""
        env = self.env
        # sudo: the program's published settings, read for a visitor
        program = program.sudo()
        errors = {}
        values = {}
        if not account_file:
            values.update(self._read_identity(form, errors))
        # sudo: new records only, to run the models' rules on the values typed
        Request = env["beneficiary.request"].sudo()
        values["requested_amount"] = self._amount(form, "requested_amount", errors)
        values["in_kind_description"] = (form.get("in_kind_description") or "").strip()[:2000]
        values["reason"] = (form.get("reason") or "").strip()[:4000]
        if "requested_amount" not in errors:
            errors["requested_amount"] = self._constraint_error(
                Request.new(
                    {
                        "program_id": program.id,
                        "company_id": program.company_id.id,
                        "requested_amount": values["requested_amount"],
                    }
                ),
                "_check_amounts",
            )
        if not values["requested_amount"] and not values["in_kind_description"]:
            errors.setdefault(
                "requested_amount",
                env._("Enter the amount you request, or describe the in-kind aid you need."),
            )
        if not values["reason"]:
            errors["reason"] = env._("Explain why you need this aid.")
        values["consents"] = [p for p, _label in PURPOSES if form.get(f"consent_{p}")]
        if "service" not in values["consents"]:
            errors["consent_service"] = env._(
                "Your consent to the processing of your data for the requested service is "
                "needed to apply."
            )
        if not form.get("accept_terms"):
            errors["accept_terms"] = env._("Accept the program's terms to apply.")
        if not form.get("declaration"):
            errors["declaration"] = env._("Declare that the data you gave are correct to apply.")
        values["documents"] = self._read_documents(program, form, files, errors)
        return values, {name: message for name, message in errors.items() if message}

    @api.model
    def _read_identity(self, form, errors):
        env = self.env
        Beneficiary = env["beneficiary.beneficiary"].sudo()  # new records only
        values = {"name": self._text(form, "name", 128)}
        if len(values["name"].split()) < 2:
            errors["name"] = env._("Enter your full name: at least your first and family names.")
        if not (form.get("national_id") or "").strip():
            errors["national_id"] = env._("Enter your national ID or iqama number.")
        else:
            try:
                values["national_id"] = validated_national_id(env, form["national_id"])
            except ValidationError as err:
                errors["national_id"] = err.args[0]
        values["birth_date"] = self._date(
            form, "birth_date", errors, env._("Enter your birth date.")
        )
        if values["birth_date"] and values["birth_date"] > fields.Date.context_today(self):
            errors["birth_date"] = Beneficiary._future_birth_date_error().args[0]
        selections = {name: Beneficiary._fields[name].selection for name in ("gender",)}
        values["gender"] = self._choice(
            form, "gender", selections["gender"], errors, env._("Choose your gender.")
        )
        values["marital_status"] = self._choice(
            form, "marital_status", Beneficiary._fields["marital_status"].selection, errors, None
        )
        if not (form.get("mobile") or "").strip():
            errors["mobile"] = env._("Enter your mobile number.")
        else:
            try:
                values["mobile"] = validated_mobile(env, form["mobile"])
            except ValidationError as err:
                errors["mobile"] = err.args[0]
        values["email"] = self._email(form, "email", errors)
        values["region"] = self._choice(
            form, "region", SAUDI_REGIONS, errors, env._("Choose your region.")
        )
        values["city"] = self._text(form, "city", 64)
        if not values["city"]:
            errors["city"] = env._("Enter your city.")
        values["district"] = self._text(form, "district", 64)
        try:
            values["household_size"] = rules.parse_count(form.get("household_size"), 1, 50)
        except rules.RuleError:
            errors["household_size"] = env._(
                "Enter how many people live in your household, you included (1 to 50)."
            )
        for name in ("monthly_income", "household_income", "monthly_expenses"):
            values[name] = self._amount(form, name, errors)
            if name not in errors:
                errors[name] = self._constraint_error(
                    Beneficiary.new({"monthly_income": values[name]}), "_check_amounts"
                )
        return values

    @api.model
    def _read_documents(self, program, form, files, errors):
        """The program's required documents sent with the form, each with
        its expiry date when its type has one."""
        Document = self.env["beneficiary.document"].sudo()  # new records only
        documents = []
        for doc_type in program.required_document_type_ids:
            name = f"document_{doc_type.id}"
            upload = self._upload(files.get(name), errors, name)
            if not upload:
                continue
            expiry = self._date(form, f"expiry_{doc_type.id}", errors)
            values = {
                "document_type_id": doc_type.id,
                "attachment_name": upload[0],
                "attachment": upload[1],
                "expiry_date": expiry,
            }
            if f"expiry_{doc_type.id}" not in errors:
                errors[f"expiry_{doc_type.id}"] = self._constraint_error(
                    Document.new({"document_type_id": doc_type.id, "expiry_date": expiry}),
                    "_check_dates",
                )
            documents.append(values)
        return documents

    # --- applying ---------------------------------------------------------------

    @api.model
    def _apply(self, program, values, account_file=None):
        """Create the file (unless known), the consents, the documents and
        the request of an application read by :meth:`_read_form`; submit the
        request when it is complete.  Returns the request (sudo).

        sudo: the applicant holds no right on the registry; every value went
        through the models' rules, and only these records are created."""
        program = program.sudo()
        company = program.company_id
        env = self.env(su=True, context=dict(self.env.context, mail_create_nosubscribe=True))
        channel = env.ref("beneficiary_relations.channel_website")
        now = fields.Datetime.now()
        Beneficiary = env["beneficiary.beneficiary"].with_company(company)
        beneficiary = account_file and account_file.with_env(Beneficiary.env)
        known = False
        if not beneficiary:
            beneficiary = Beneficiary.with_context(active_test=False).search(
                [("national_id", "=", values["national_id"]), ("company_id", "=", company.id)],
                limit=1,
            )
            known = bool(beneficiary)
        if not beneficiary:
            beneficiary = Beneficiary.create(
                {
                    **{name: values[name] for name in IDENTITY_FIELDS if values.get(name)},
                    "beneficiary_type": "direct",
                    "channel_id": channel.id,
                    "user_id": False,
                    "company_id": company.id,
                }
            )
            if self.env.lang in dict(env["res.lang"].get_installed()):
                beneficiary.partner_id.lang = self.env.lang
        if not known:
            # the applicant's own file: his consents and documents go in it
            beneficiary._record_consents(
                values["consents"],
                family=False,
                channel_id=channel.id,
                notice_version=company.beneficiary_privacy_notice_version,
            )
            env["beneficiary.document"].create(
                [{**document, "beneficiary_id": beneficiary.id} for document in values["documents"]]
            )
        policy = self._terms_policy(company)
        request = env["beneficiary.request"].create(
            {
                "beneficiary_id": beneficiary.id,
                "program_id": program.id,
                "channel_id": channel.id,
                "company_id": company.id,
                "user_id": beneficiary.user_id.id,
                "requested_amount": values["requested_amount"],
                "in_kind_description": values["in_kind_description"] or False,
                "reason": values["reason"],
                "declaration_signed": True,
                "declaration_by": values.get("name") or beneficiary.name,
                "declaration_date": now,
                "declaration_method": "online",
                "terms_policy_id": policy.id,
                "terms_accepted_date": now,
                "online_identity_pending": not account_file,
            }
        )
        if known:
            # the file is not changed: what was sent waits on the request
            for document in values["documents"]:
                env["ir.attachment"].create(
                    {
                        "name": document["attachment_name"],
                        "datas": document["attachment"],
                        "res_model": request._name,
                        "res_id": request.id,
                    }
                )
        lang = program.user_id.lang or company.partner_id.lang or self.env.lang
        request = request.with_context(lang=lang)
        request._step().online_application = (
            # sudo: the application summary is recorded by the workflow, whoever applied
            self.sudo()
            .with_context(lang=lang)
            ._summary(values, known, account_file, program.currency_id)
        )
        problems = request._submission_problems(fields.Date.context_today(request))
        if problems:
            request._message_log(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    request.env._("Applied online. Still needed to register the request:"),
                    Markup("").join(Markup("<li>%s</li>") % problem for problem in problems),
                )
            )
        else:
            request.action_submit()
        return request.with_context(lang=self.env.lang)

    @api.model
    def _summary(self, values, known, account_file, currency):
        """What was sent, as the officer reads it on the request (in the
        language of ``self``'s environment)."""
        env = self.env

        def label(model, name):
            return env[model]._fields[name]._description_string(env)

        def shown(model, name, value):
            field = env[model]._fields[name]
            if field.type == "selection":
                return dict(field._description_selection(env)).get(value, "")
            if field.type == "monetary":
                return format_amount(env, value, currency)
            return "" if value is False or value is None else str(value)

        rows = []
        if account_file:
            rows.append((env._("Sent by"), env._("the beneficiary, signed in to the portal")))
        else:
            rows += [
                (
                    label("beneficiary.beneficiary", name),
                    shown("beneficiary.beneficiary", name, values.get(name)),
                )
                for name in IDENTITY_FIELDS
                if values.get(name) not in (None, False, "")
            ]
            rows += [
                (env._("Household Size (Declared)"), str(values["household_size"])),
                (
                    env._("Other Members' Monthly Income (Declared)"),
                    format_amount(env, values["household_income"], currency),
                ),
            ]
        purposes = dict(env["beneficiary.consent"]._fields["purpose"]._description_selection(env))
        rows.append((env._("Consents Given"), ", ".join(purposes[p] for p in values["consents"])))
        types = env["beneficiary.document.type"].browse(
            [document["document_type_id"] for document in values["documents"]]
        )
        rows.append(
            (
                env._("Documents Sent"),
                ", ".join(types.mapped("name")) or env._("none"),
            )
        )
        notes = []
        if known:
            notes.append(
                env._(
                    "This ID number is already registered: the request was attached to its file, "
                    "which was not changed. The consents and documents sent wait on this request "
                    "(attachments). Compare what was sent with the file and confirm the "
                    "applicant's identity before registering the request."
                )
            )
        elif not account_file:
            notes.append(
                env._(
                    "A new file was opened from what the applicant typed. Confirm the applicant's "
                    "identity and verify the documents against the originals before registering "
                    "the request."
                )
            )
        table = Markup("").join(
            Markup("<tr><th>%s</th><td>%s</td></tr>") % (name, value) for name, value in rows
        )
        return Markup('<table class="table table-sm o_br_online">%s</table>%s') % (
            table,
            Markup("").join(Markup("<p>%s</p>") % note for note in notes),
        )
