import datetime
import json

from odoo import api, fields, models
from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tools import html2plaintext
from odoo.tools.misc import formatLang

EXPORT_FORMAT = "beneficiary_relations/personal-data"
EXPORT_VERSION = 1


class BeneficiaryDataExport(models.AbstractModel):
    """Everything the association holds about one beneficiary, for the data
    subject's rights of access and copy (PDPL): one machine-readable JSON file
    and a readable PDF, built from one registry of sources
    (:meth:`_export_sources`).  Only the beneficiary relations manager
    exports; every export goes through :meth:`_export_data`."""

    _name = "beneficiary.data.export"
    _description = "Personal Data Export"

    @api.model
    def _export_sources(self, beneficiary):
        """The registry of the models holding personal data of ``beneficiary``:
        for each, how to find that person's records (``domain``) and which
        fields to export (``fields``; None: every stored field but binaries
        and technical ones), with an optional ``title`` (default: the model's
        name).

        Every model with a link to a beneficiary's file, to a support request
        or to the beneficiary's contact has its entry here: adding such a model
        means adding one entry (``tests/test_data_subject.py`` fails until it
        is added).
        """
        file_id = beneficiary.id
        partner_id = beneficiary.partner_id.id
        company_id = beneficiary.company_id.id
        of_requests = [("request_id.beneficiary_id", "=", file_id)]
        of_contact = [("partner_id", "=", partner_id), ("company_id", "=", company_id)]
        sources = [
            {
                "model": "beneficiary.beneficiary",
                "title": self.env._("Beneficiary File"),
                "domain": [("id", "=", file_id)],
                "fields": [
                    "code",
                    "name",
                    "beneficiary_type",
                    "national_id",
                    "id_kind",
                    "nationality_id",
                    "gender",
                    "birth_date",
                    "marital_status",
                    "mobile",
                    "email",
                    "region",
                    "city",
                    "district",
                    "street",
                    "category_ids",
                    "monthly_income",
                    "monthly_expenses",
                    "household_size",
                    "household_income",
                    "income_per_member",
                    "iban",
                    "consent_date",
                    "consent_channel_id",
                    "consent_policy_version",
                    "consent_withdrawn_date",
                    "consent_withdrawal_reason",
                    "channel_id",
                    "user_id",
                    "note",
                    "active",
                    "create_date",
                ],
            },
            {
                "model": "beneficiary.family.member",
                "title": self.env._("Family Members"),
                "domain": [("beneficiary_id", "=", file_id)],
                "fields": [
                    "name",
                    "relation",
                    "national_id",
                    "gender",
                    "birth_date",
                    "is_dependent",
                    "monthly_income",
                    "note",
                ],
            },
            {
                "model": "beneficiary.document",
                "title": self.env._("Documents (List Only)"),
                "domain": [("beneficiary_id", "=", file_id)],
                "fields": [
                    "document_type_id",
                    "name",
                    "attachment_name",
                    "issue_date",
                    "expiry_date",
                    "verified_by_id",
                    "verified_date",
                    "note",
                ],
            },
            {
                "model": "beneficiary.request",
                "title": self.env._("Support Requests and Decisions"),
                "domain": [("beneficiary_id", "=", file_id)],
                "fields": [
                    "name",
                    "program_id",
                    "channel_id",
                    "state",
                    "requested_amount",
                    "in_kind_description",
                    "reason",
                    "declaration_by",
                    "declaration_date",
                    "declaration_method",
                    "user_id",
                    "researcher_id",
                    "date_submitted",
                    "date_earliest_answer",
                    "date_deadline",
                    "research_visit_date",
                    "research_findings",
                    "research_recommendation",
                    "recommended_amount",
                    "decision",
                    "approved_amount",
                    "decision_reason",
                    "date_decision",
                    "urgent_reason",
                    "eligibility_exception_reason",
                    "escalation_reason",
                    "referred_partner_id",
                    "referral_reason",
                    "date_referred",
                    "withdrawal_reason",
                    "date_closed",
                    "amount_paid",
                    "amount_delivered",
                    "note",
                ],
            },
            {
                "model": "beneficiary.request.document",
                "title": self.env._("Documents Checked for the Requests"),
                "domain": of_requests,
                "fields": ["request_id", "document_type_id", "document_id", "valid_on_submission"],
            },
            {
                # the committee's votes without the members' names: the
                # decision and its reasons are the request's
                "model": "beneficiary.committee.vote",
                "title": self.env._("Research Committee Votes"),
                "domain": of_requests,
                "fields": ["request_id", "meeting_id", "vote", "amount", "note"],
            },
            {
                "model": "beneficiary.disbursement",
                "title": self.env._("Aid Planned, Paid and Delivered"),
                "domain": [("beneficiary_id", "=", file_id)],
                "fields": [
                    "request_reference",
                    "name",
                    "kind",
                    "description",
                    "date_planned",
                    "amount",
                    "method",
                    "state",
                    "amount_posted",
                    "amount_paid",
                    "date_paid",
                    "date_delivered",
                    "move_ids",
                    "payment_ids",
                ],
            },
            {
                "model": "stakeholder.complaint",
                "title": self.env._("Complaints"),
                "domain": of_contact,
                "fields": [
                    "name",
                    "category",
                    "severity",
                    "channel_id",
                    "date_received",
                    "request_id",
                    "description",
                    "state",
                    "date_deadline",
                    "resolution",
                    "resolution_note",
                    "support_given",
                    "date_resolved",
                    "date_closed",
                    "parent_id",
                ],
            },
            {
                "model": "stakeholder.compensation",
                "title": self.env._("Compensation Cases"),
                "domain": of_contact,
                "fields": [
                    "name",
                    "source",
                    "complaint_id",
                    "request_id",
                    "breach_description",
                    "breach_type",
                    "state",
                    "agreed_amount",
                    "mechanism",
                    "mechanism_note",
                    "approved_date",
                    "compensated_date",
                    "rejection_reason",
                    "move_id",
                ],
            },
            {
                "model": "survey.user_input",
                "title": self.env._("Satisfaction Surveys"),
                "domain": [("beneficiary_id", "=", file_id)],
                "fields": [
                    "survey_id",
                    "beneficiary_request_id",
                    "state",
                    "create_date",
                    "end_datetime",
                ],
            },
            {
                "model": "survey.user_input.line",
                "title": self.env._("Satisfaction Answers"),
                "domain": [("user_input_id.beneficiary_id", "=", file_id)],
                "fields": [
                    "user_input_id",
                    "question_id",
                    "answer_type",
                    "skipped",
                    "suggested_answer_id",
                    "matrix_row_id",
                    "value_scale",
                    "value_numerical_box",
                    "value_char_box",
                    "value_text_box",
                    "value_date",
                    "value_datetime",
                ],
            },
            {
                "model": "beneficiary.data.request",
                "title": self.env._("Data Subject Requests"),
                "domain": [("beneficiary_id", "=", file_id)],
                "fields": [
                    "name",
                    "kind",
                    "subject_name",
                    "requester_name",
                    "channel_id",
                    "date_received",
                    "date_deadline",
                    "description",
                    "state",
                    "identity_method",
                    "identity_verified_date",
                    "answer",
                    "retained_statement",
                    "refusal_reason",
                    "answer_date",
                ],
            },
            {
                "model": "beneficiary.access.log",
                "title": self.env._("Who Printed or Exported the Data"),
                "domain": [("beneficiary_id", "=", file_id)],
                "fields": ["date", "user_id", "what", "res_model", "record_name"],
            },
            {
                "model": "beneficiary.data.breach",
                "title": self.env._("Personal Data Breaches Affecting the Person"),
                "domain": [("beneficiary_ids", "in", file_id)],
                "fields": [
                    "name",
                    "date_discovered",
                    "description",
                    "data_identity",
                    "data_contact",
                    "data_financial",
                    "data_health",
                    "data_family",
                    "data_documents",
                    "data_survey",
                    "risk",
                    "state",
                    "people_notified_date",
                    "people_channel_id",
                    "people_notice",
                ],
            },
            {
                "model": "beneficiary.retention.review.line",
                "title": self.env._("Retention Reviews"),
                "domain": [("beneficiary_id", "=", file_id)],
                "fields": ["review_id", "last_activity", "decision", "keep_reason"],
            },
            {
                "model": "mail.message",
                "title": self.env._("History of the File"),
                "domain": [("model", "=", "beneficiary.beneficiary"), ("res_id", "=", file_id)],
                "fields": ["date", "author_id", "subject", "body", "tracking_value_ids"],
            },
            {
                "model": "beneficiary.consent",
                "title": self.env._("Consents"),
                "domain": [("beneficiary_id", "=", file_id)],
                "fields": [
                    "purpose",
                    "subject_name",
                    "given_by",
                    "guardian_name",
                    "guardian_relation",
                    "guardian_national_id",
                    "date_given",
                    "channel_id",
                    "notice_version",
                    "document_name",
                    "recorded_by_id",
                    "state",
                    "withdrawn_date",
                    "withdrawal_reason",
                    "withdrawn_by_id",
                ],
            },
        ]
        return sources

    # --- the export ----------------------------------------------------------

    @api.model
    def _check_export(self, beneficiary):
        """Only the manager exports a person's data, of a file he may read."""
        beneficiary.ensure_one()
        beneficiary._check_manager(
            self.env._("Only the beneficiary relations manager exports a person's data.")
        )
        beneficiary.check_access("read")

    @api.model
    def _export_lang(self, beneficiary):
        """The language of the export: the data subject's, else the user's."""
        # sudo: the data subject's language, from a contact the user may not read
        return beneficiary.sudo().partner_id.lang or self.env.user.lang or "en_US"

    @api.model
    def _export_data(self, beneficiary):
        """Everything the association holds about ``beneficiary``, source by
        source: ``{"lang", "beneficiary", "sources": [{"model", "title",
        "fields": [(name, label, type)], "records": [{name: value}]}]}``.

        The one place every export (JSON, PDF) goes through.  Each source costs
        a search and a read of its fields for all its records at once, so the
        number of queries does not grow with the person's records.
        """
        self._check_export(beneficiary)
        self.env["beneficiary.access.log"]._log(
            beneficiary, self.env._("Export of the person's data (PDPL)")
        )
        lang = self._export_lang(beneficiary)
        # sudo: the manager exports all the association holds about the person,
        # including what only other roles read (accounting references, survey
        # answers, votes); each source's domain keeps to this one person
        env = self.sudo().with_context(lang=lang, active_test=False).env
        target = beneficiary.with_env(env)
        sources = []
        for source in self.with_env(env)._export_sources(target):
            Model = env[source["model"]]
            names = source["fields"] or self._export_default_fields(Model)
            records = Model.search(source["domain"], order="id")
            fields_info = [(name, Model._fields[name]) for name in names]
            lookups = {name: self._export_lookup(records, field) for name, field in fields_info}
            sources.append(
                {
                    "model": Model._name,
                    "title": source.get("title") or env["ir.model"]._get(Model._name).name,
                    "fields": [
                        (name, field._description_string(env), field.type)
                        for name, field in fields_info
                    ],
                    "records": [
                        {
                            name: self._export_value(record, field, lookups[name])
                            for name, field in fields_info
                        }
                        for record in records
                    ],
                }
            )
        return {"lang": lang, "beneficiary": target, "sources": sources}

    @api.model
    def _export_default_fields(self, Model):
        """Every stored field of ``Model`` worth exporting (for a source that
        lists none): no binaries, no technical columns."""
        skipped = set(LOG_ACCESS_COLUMNS) - {"create_date"}
        return [
            name
            for name, field in Model._fields.items()
            if field.store
            and name != "id"
            and name not in skipped
            and field.type not in ("binary", "many2one_reference")
            and not name.startswith(("message_", "activity_"))
        ]

    @api.model
    def _export_lookup(self, records, field):
        """What :meth:`_export_value` needs to export ``field`` of every one
        of ``records``, computed once: the labels of a selection, the changes
        of the chatter's tracking values."""
        if field.type == "selection":
            return dict(field._description_selection(records.env))
        if field.comodel_name == "mail.tracking.value":
            return {
                change["id"]: f"{change['changedField']}: {change['oldValue']['value'] or ''}"
                f" → {change['newValue']['value'] or ''}"
                for change in records[field.name]._tracking_value_format()
            }
        return None

    @api.model
    def _export_value(self, record, field, lookup=None):
        """The value of ``field`` of ``record`` as exported: names for
        relations, labels for selections, plain text for HTML."""
        value = record[field.name]
        if field.type == "many2one":
            return value.display_name or None
        if field.comodel_name == "mail.tracking.value":
            return [lookup[tracking.id] for tracking in value]
        if field.type in ("one2many", "many2many"):
            return value.mapped("display_name")
        if field.type == "selection":
            return lookup.get(value) if value else None
        if field.type == "html":
            return html2plaintext(value) if value else None
        if field.type in ("boolean", "integer", "float", "monetary"):
            return value
        return value or None

    @api.model
    def _export_json(self, beneficiary):
        """The export of ``beneficiary`` as a JSON document (UTF-8 bytes)."""
        data = self._export_data(beneficiary)
        company = data["beneficiary"].company_id
        document = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_on": fields.Datetime.now(),
            "language": data["lang"],
            "controller": {
                "name": company.name,
                "registry": company.company_registry or None,
                "personal_data_officer": company.beneficiary_privacy_officer_id.name or None,
            },
            "data_subject": {
                "file": data["beneficiary"].code,
                "name": data["beneficiary"].name,
            },
            "sources": [
                {
                    "model": source["model"],
                    "title": source["title"],
                    "fields": {name: label for name, label, _type in source["fields"]},
                    "records": source["records"],
                }
                for source in data["sources"]
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=1, default=_json_value).encode()

    @api.model
    def _export_pdf(self, beneficiary):
        """The export of ``beneficiary`` as a readable PDF."""
        return self.env["ir.actions.report"]._render_qweb_pdf(
            "beneficiary_relations.action_report_personal_data", beneficiary.ids
        )[0]

    @api.model
    def _export_filename(self, beneficiary, extension):
        return f"{(beneficiary.code or str(beneficiary.id)).replace('/', '-')}.{extension}"

    @api.model
    def _export_display(self, data):
        """``data`` as the PDF prints it: for each source its title and, per
        record, the (label, text) of its values but the empty ones (nothing,
        zero); yes or no is always printed.  The JSON keeps every value."""
        letter = self.env["beneficiary.letter"].with_context(lang=data["lang"])
        env = letter.env
        yes_no = {True: env._("Yes"), False: env._("No")}
        sources = []
        for source in data["sources"]:
            rows = []
            for record in source["records"]:
                cells = []
                for name, label, kind in source["fields"]:
                    value = record[name]
                    if kind != "boolean" and not value:
                        continue
                    if kind == "boolean":
                        text = yes_no[bool(value)]
                    elif isinstance(value, (datetime.date, datetime.datetime)):
                        text = letter._letter_date(value, one_line=True)
                    elif kind in ("float", "monetary"):
                        text = formatLang(env, value, digits=2)
                    elif isinstance(value, list):
                        text = (
                            "\n".join(value) if name == "tracking_value_ids" else ", ".join(value)
                        )
                    else:
                        text = str(value)
                    cells.append((label, text))
                rows.append(cells)
            sources.append({"title": source["title"], "records": rows})
        return sources


def _json_value(value):
    """JSON for the values json does not know: dates in ISO 8601 (datetimes in UTC)."""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=datetime.timezone.utc).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not exported")
