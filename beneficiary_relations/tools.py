"""Helpers the module's models, wizards, controllers and reports share.

Constants (roles, selections, states), the checks of a value as typed (ID,
mobile, IBAN) with their translated messages, and small functions on an
environment or a recordset.  Model files import from here, never from one
another; the rules without Odoo are in ``rules.py``.
"""

from collections.abc import Mapping

from odoo import Command, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from . import rules

# --- roles ------------------------------------------------------------------

OFFICER = "beneficiary_relations.group_relations_officer"
RESEARCHER = "beneficiary_relations.group_social_researcher"
COMMITTEE_MEMBER = "beneficiary_relations.group_committee_member"

# Sensitive personal data (ID, household, income, documents, health-related
# categories) are readable only by the module's own groups; every other
# group of the module implies one of these two.
SENSITIVE_GROUPS = (
    "beneficiary_relations.group_relations_officer,beneficiary_relations.group_committee_member"
)


# --- selections and states ---------------------------------------------------

# the columns of the Arabic import template (static/xls), mapped to the
# fields whatever the importing user's language (base_import.py)
IMPORT_COLUMNS = {
    "الاسم": "name",
    "رقم الهوية أو الإقامة": "national_id",
    "الجوال": "mobile",
    "نوع المستفيد": "beneficiary_type",
    "الجنس": "gender",
    "تاريخ الميلاد": "birth_date",
    "الحالة الاجتماعية": "marital_status",
    "المنطقة": "region",
    "المدينة": "city",
    "الحي": "district",
    "العنوان": "street",
    "البريد الإلكتروني": "email",
    "الدخل الشهري": "monthly_income",
    "المصروفات الشهرية": "monthly_expenses",
    "الفئات": "category_ids",
    "قناة التواصل الأولى": "channel_id",
    "تاريخ منح الموافقة": "consent_date",
}

SAUDI_REGIONS = [
    ("riyadh", "Riyadh"),
    ("makkah", "Makkah"),
    ("madinah", "Madinah"),
    ("qassim", "Qassim"),
    ("eastern", "Eastern Province"),
    ("asir", "Asir"),
    ("tabuk", "Tabuk"),
    ("hail", "Hail"),
    ("northern_borders", "Northern Borders"),
    ("jazan", "Jazan"),
    ("najran", "Najran"),
    ("al_baha", "Al-Baha"),
    ("al_jawf", "Al-Jawf"),
]

STAKEHOLDER_TYPES = [
    ("beneficiary", "Beneficiary"),
    ("employee", "Employee"),
    ("supplier_client", "Supplier / Client"),
    ("government", "Government Body"),
    ("civil", "Civil Society Body"),
    ("private", "Private Sector"),
]

# what each purpose lets the association do; the lines of a file are the
# legal basis the register of processing activities and the export refer to
PURPOSES = [
    ("service", "The Requested Service"),
    ("referral", "Sharing with Another Association on Referral"),
    ("health", "Health Data"),
    ("satisfaction", "Contact for Satisfaction Surveys"),
]

# what closing a meeting decides on a request (rules.committee_decision):
# labels of the request's «As It Stands», the minutes and the note of an
# undecided request alike
COMMITTEE_OUTCOMES = [
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("tie", "Tie"),
    ("no_votes", "No Votes Yet"),
    ("no_quorum", "No Quorum"),
]

# requests waiting for a decision
WAITING_STATES = ("submitted", "research", "committee")
# requests whose handling has ended (the rest are still open)
REQUEST_DONE_STATES = ("closed", "rejected", "referred", "withdrawn")
# an empty field of the public forms, hidden from people: robots fill it
HONEYPOT = "website_url"

# activity types scheduled by one model and closed by another's step
MISSING_IBAN_ACTIVITY = "beneficiary_relations.mail_activity_type_missing_iban"
DOCUMENT_VERIFICATION_ACTIVITY = "beneficiary_relations.mail_activity_type_document_verification"


# --- functions --------------------------------------------------------------


def role_domain(env, group_xmlid):
    """Domain of the internal users holding the role ``group_xmlid``."""
    return [("share", "=", False), ("groups_id", "in", env.ref(group_xmlid).ids)]


def list_text(env, items):
    """``items`` as one text in the language of ``env``: separated by Arabic
    commas (،) in Arabic, by commas otherwise."""
    return ("، " if (env.lang or "").startswith("ar") else ", ").join(items)


def user_env(env, user):
    """``env`` in the language of ``user``: what the daily jobs write to a
    member of staff (an activity's summary) reads in his language, whoever
    runs the job."""
    return env(context=dict(env.context, lang=user.lang or env.lang))


def check_role(records, field_name, group_xmlid):
    """Refuse the users of ``field_name`` who do not hold ``group_xmlid``: who
    is named responsible, assignee or member reads the record, follows its
    chatter and gets its activities."""
    group = records.env.ref(group_xmlid)
    # each user checked once, however many records name him
    wrong_users = records.mapped(field_name).filtered(lambda user: not user.has_group(group_xmlid))
    for record in records if wrong_users else ():
        wrong = record[field_name] & wrong_users
        if wrong:
            raise ValidationError(
                records.env._(
                    "%(users)s cannot be «%(field)s» of %(record)s: only users with the role "
                    "%(role)s can, since it gives access to the beneficiaries' personal data.",
                    users=list_text(records.env, wrong.mapped("name")),
                    field=records._fields[field_name]._description_string(records.env),
                    record=record.display_name,
                    role=group.name,
                )
            )


def may_read(records, user):
    """Whether ``user``, working in his own companies, may read ``records``."""
    return (
        records.with_user(user)
        .with_context(allowed_company_ids=user.company_ids.ids)
        .has_access("read")
    )


def check_vals_list(model, vals_list):
    """Refuse, before the module's ``create``/``write`` overrides read them,
    values that are not a list of dictionaries of field values (a malformed
    RPC call, or a many2many command such as ``(0, 0, None)``: Odoo hands
    its values on as they came), a one2many or many2many command creating or
    updating a line without its values, and a many2one given anything but a
    record id (Odoo would send it to the database as it came)."""
    env = model.env
    if not isinstance(vals_list, list | tuple) or not all(
        isinstance(vals, Mapping) for vals in vals_list
    ):
        raise ValidationError(
            env._("Malformed values: each record's values must be a set of field names and values.")
        )
    for vals in vals_list:
        for name, value in vals.items():
            field = model._fields.get(name)
            if (
                field
                and field.type == "many2one"
                and value not in (False, None)
                and type(value) is not int
                and not (isinstance(value, models.BaseModel) and len(value) <= 1)
            ):
                raise ValidationError(
                    env._(
                        "Malformed value for «%(field)s»: the id of a record is expected.",
                        field=field._description_string(env),
                    )
                )
            if field and field.type in ("one2many", "many2many") and isinstance(value, list):
                for command in value:
                    if (
                        isinstance(command, list | tuple)
                        and command
                        and command[0] in (Command.CREATE, Command.UPDATE)
                        and not (len(command) == 3 and isinstance(command[2], Mapping))
                    ):
                        raise ValidationError(
                            env._(
                                "Malformed value for «%(field)s»: each line created or "
                                "changed needs its values.",
                                field=field._description_string(env),
                            )
                        )


def many2one_ids(vals_list, name):
    """The record ids that ``vals_list`` put in the many2one ``name``, read as
    Odoo reads them: an integer (not a boolean) or a record.  Any other value
    is no id; Odoo refuses it when it writes."""
    ids = []
    for vals in vals_list:
        value = vals.get(name)
        if isinstance(value, models.BaseModel) and len(value) == 1:
            value = value.id
        if type(value) is int and value:
            ids.append(value)
    return ids


def skip_locked(records):
    """``records`` but those another transaction holds, now locked by this
    one (``FOR UPDATE SKIP LOCKED``): a job running on two workers at the
    same moment handles each record once."""
    if not records:
        return records
    records.env.cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id IN %s FOR UPDATE SKIP LOCKED",
            SQL.identifier(records._table),
            tuple(records.ids),
        )
    )
    return records.browse(row[0] for row in records.env.cr.fetchall())


def next_references(env, code, count):
    """``count`` references drawn from the sequence ``code``, as
    ``ir.sequence.next_by_code`` draws them one by one: in one query for a
    standard sequence without date ranges (the module's own)."""
    Sequence = env["ir.sequence"]
    Sequence.browse().check_access("read")
    sequence = Sequence.search(
        [("code", "=", code), ("company_id", "in", [env.company.id, False])],
        order="company_id",
        limit=1,
    )
    if (
        count < 2
        or not sequence
        or sequence.use_date_range
        or sequence.implementation != "standard"
    ):
        return [Sequence.next_by_code(code) for _ in range(count)]
    env.cr.execute(
        SQL(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            f"ir_sequence_{sequence.id:03d}",
            count,
        )
    )
    # as get_next_char() formats them, the prefix and suffix interpolated once
    prefix, suffix = sequence._get_prefix_suffix()
    return [
        f"{prefix}{number:0{sequence.padding}d}{suffix}"
        for number in sorted(row[0] for row in env.cr.fetchall())
    ]


def check_may_render(env, model, res_ids):
    """Refuse to render a template on records of the module holding personal
    data (``_beneficiary_private``) on which the user may not post: writing
    to the record, as Odoo requires to post on it, which implies reading it."""
    if env.su or not model or not getattr(env[model], "_beneficiary_private", False):
        return
    records = env[model].browse([res_id for res_id in res_ids if res_id])
    records.check_access(records._mail_post_access)


def related_action(env, xmlid, domain, context):
    """The window action ``xmlid`` narrowed to ``domain``, with ``context``."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    action["domain"] = domain
    action["context"] = context
    return action


def validated_national_id(env, value):
    """Return the normalised national ID / iqama or raise a translated
    ValidationError saying what is wrong with it."""
    try:
        return rules.check_national_id(value)
    except rules.RuleError as err:
        messages = {
            "digits": env._(
                "The national ID / iqama number %(value)s must contain digits only.",
                value=value,
            ),
            "length": env._(
                "The national ID / iqama number %(value)s must have exactly 10 digits.",
                value=value,
            ),
            "prefix": env._(
                "The national ID / iqama number %(value)s must start with 1 (citizen) "
                "or 2 (resident).",
                value=value,
            ),
            "checksum": env._(
                "The national ID / iqama number %(value)s is not valid: its check digit "
                "does not match. Check the number against the card.",
                value=value,
            ),
        }
        raise ValidationError(messages[err.code]) from None


def validated_mobile(env, value):
    """Return a Saudi mobile number as +9665XXXXXXXX or raise ValidationError."""
    try:
        return rules.normalize_saudi_mobile(value)
    except rules.RuleError:
        raise ValidationError(
            env._(
                "%(value)s is not a valid Saudi mobile number. Enter it as 05XXXXXXXX "
                "or +9665XXXXXXXX.",
                value=value,
            )
        ) from None


def number_warning(env, checks):
    """The onchange warning saying what is wrong with the first of ``checks``
    (``(value, validate)`` pairs) as it is typed, before the record is saved
    (saving refuses it all the same); None when they are right."""
    for value, validate in checks:
        if not value:
            continue
        try:
            validate(env, value)
        except ValidationError as error:
            return {
                "warning": {
                    "title": env._("Check the number"),
                    "message": str(error),
                    "type": "notification",
                }
            }
    return None


def validated_saudi_iban(env, value):
    """The normalised Saudi IBAN, or a translated ValidationError saying what
    is wrong with ``value``."""
    try:
        return rules.check_saudi_iban(value)
    except rules.RuleError as err:
        messages = {
            "country": env._("A Saudi IBAN starts with SA."),
            "length": env._("A Saudi IBAN has 24 characters: SA, 2 check digits, 20 more."),
            "characters": env._(
                "A Saudi IBAN holds only letters and digits, with the bank code in digits."
            ),
            "checksum": env._("This IBAN's check digits are wrong: check it letter by letter."),
        }
        raise ValidationError(
            env._("%(iban)s is not a valid Saudi IBAN. %(why)s", iban=value, why=messages[err.code])
        ) from err
