import base64
import secrets
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import consteq, email_normalize
from odoo.tools.misc import hmac as keyed_hash

from .. import rules
from ..tools import HONEYPOT

# the check question of a public form stays valid this long
HUMAN_CHECK_SECONDS = 2 * 3600
# (system parameter, default) of the rate limits
LIMITS = {
    "ip": ("beneficiary_relations.online_attempts_per_ip_hour", 30),
    "subject": ("beneficiary_relations.online_submissions_per_id_day", 3),
}
ATTEMPTS_KEPT_DAYS = 2


class BeneficiaryOnlineAttempt(models.Model):
    """A public form sent to the association: what the rate limits count.

    Neither the sender's address nor the ID number typed is kept, only their
    keyed hashes (HMAC with the database secret): enough to count the
    attempts, not to tell who made them.  The lines are deleted after two
    days and nobody but the module writes them.
    """

    _name = "beneficiary.online.attempt"
    _description = "Online Form Attempt"
    _order = "id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    form = fields.Selection(
        [
            ("application", "Application"),
            ("complaint", "Complaint or Information Request"),
            ("tracking", "Complaint Tracking"),
        ],
        required=True,
        readonly=True,
    )
    ip_key = fields.Char(index=True, readonly=True)
    subject_key = fields.Char(index=True, readonly=True)
    challenge = fields.Char(index=True, readonly=True)
    accepted = fields.Boolean(readonly=True)

    @api.model
    def _key(self, value):
        return (
            keyed_hash(self.env(su=True), "beneficiary_relations.online", value) if value else False
        )

    @api.model
    def _limit(self, which):
        param, default = LIMITS[which]
        # sudo: the limits are system parameters; the public forms read them
        value = self.env["ir.config_parameter"].sudo().get_param(param)
        try:
            return int(value) if value else default
        except ValueError:
            return default

    @api.model
    def _too_many(self, form, ip, subject=None):
        """Whether the sender at ``ip`` sent too many forms in the last hour,
        or ``subject`` (an ID number) was already sent too often today."""
        Attempt = self.sudo()  # sudo: the lines are the module's own
        now = fields.Datetime.now()
        from_ip = Attempt.search_count(
            [("ip_key", "=", self._key(ip)), ("date", ">=", now - timedelta(hours=1))]
        )
        if rules.too_many(from_ip, self._limit("ip")):
            return True
        if not subject:
            return False
        for_subject = Attempt.search_count(
            [
                ("form", "=", form),
                ("subject_key", "=", self._key(subject)),
                ("accepted", "=", True),
                ("date", ">=", now - timedelta(days=1)),
            ]
        )
        return rules.too_many(for_subject, self._limit("subject"))

    @api.model
    def _record(self, form, ip, subject=None, challenge=None, accepted=False):
        # sudo: the attempts are written for visitors, who hold no right on them
        return self.sudo().create(
            {
                "form": form,
                "ip_key": self._key(ip),
                "subject_key": self._key(subject),
                "challenge": challenge or False,
                "accepted": accepted,
            }
        )

    @api.autovacuum
    def _gc_attempts(self):
        limit = fields.Datetime.now() - timedelta(days=ATTEMPTS_KEPT_DAYS)
        # sudo: the autovacuum removes every old attempt
        self.sudo().search([("date", "<", limit)]).unlink()


class BeneficiaryOnline(models.AbstractModel):
    """What the association's public forms share: a check question that
    tells people from robots without any outside service, the rate limits,
    the documents sent, and the values typed read by the models' own rules."""

    _name = "beneficiary.online"
    _description = "Online Channel"

    # --- the check question ---------------------------------------------------

    @api.model
    def _human_check_new(self):
        """A new check question ``(first, second, token)``: the answer is the
        sum of the two numbers; the token signs it with an expiry, without
        telling it."""
        first, second = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
        expires = int(time.time()) + HUMAN_CHECK_SECONDS
        nonce = secrets.token_hex(8)
        signature = self._human_check_signature(expires, nonce, first + second)
        return first, second, f"{expires}.{nonce}.{signature}"

    @api.model
    def _human_check_signature(self, expires, nonce, answer):
        return keyed_hash(
            self.env(su=True), "beneficiary_relations.human_check", f"{expires}.{nonce}.{answer}"
        )

    @api.model
    def _human_check_passed(self, form):
        """The question's nonce when ``form`` answers its check question (not
        expired, not used before, the hidden field left empty), else False."""
        if form.get(HONEYPOT):
            return False
        try:
            expires, nonce, signature = (form.get("human_token") or "").split(".")
            answer = rules.parse_count(form.get("human_answer"), 0, 99)
            expires = int(expires)
        except (ValueError, rules.RuleError):
            return False
        if expires < time.time():
            return False
        if not consteq(signature, self._human_check_signature(expires, nonce, answer)):
            return False
        used = (
            # sudo: the attempts are checked for visitors, who hold no right on them
            self.env["beneficiary.online.attempt"].sudo().search_count([("challenge", "=", nonce)])
        )
        return not used and nonce

    # --- the values typed -----------------------------------------------------

    @api.model
    def _text(self, form, name, size=256):
        return " ".join((form.get(name) or "").split())[:size]

    @api.model
    def _date(self, form, name, errors, required_message=None):
        """The date typed in ``name`` (YYYY-MM-DD, as date inputs send it)."""
        value = (form.get(name) or "").strip()
        if not value:
            if required_message:
                errors[name] = required_message
            return False
        try:
            return fields.Date.to_date(rules.to_ascii_digits(value))
        except ValueError:
            errors[name] = self.env._("Enter a valid date.")
            return False

    @api.model
    def _amount(self, form, name, errors):
        try:
            return rules.parse_amount(form.get(name))
        except rules.RuleError:
            errors[name] = self.env._("Enter an amount in riyals, e.g. 1500.")
            return 0.0

    @api.model
    def _email(self, form, name, errors):
        value = (form.get(name) or "").strip()
        if not value:
            return False
        email = email_normalize(value)
        if not email:
            errors[name] = self.env._("Enter a valid e-mail address, or leave it empty.")
        return email

    @api.model
    def _choice(self, form, name, selection, errors, message):
        value = form.get(name) or False
        if value and value not in dict(selection):
            value = False
        if not value and message:
            errors[name] = message
        return value

    @api.model
    def _constraint_error(self, record, method):
        """The message of the model's own rule ``method`` on ``record`` (a
        new record holding the values typed), or False when they pass."""
        try:
            getattr(record, method)()
        except ValidationError as err:
            return err.args[0]
        return False

    # --- documents sent -------------------------------------------------------

    @api.model
    def _upload(self, upload, errors, name):
        """``(file name, base64 content)`` of a document sent in the field
        ``name``, or None when no file was chosen; its kind and size are
        checked (rules.check_upload)."""
        if not upload or not upload.filename:
            return None
        content = upload.read()
        filename = upload.filename
        try:
            rules.check_upload(content, filename)
        except rules.RuleError as err:
            errors[name] = {
                "empty": self.env._("%(name)s is empty.", name=filename),
                "size": self.env._(
                    "%(name)s is larger than %(size)s MB: send a smaller scan or photo.",
                    name=filename,
                    size=rules.UPLOAD_MAX_MB,
                ),
                "type": self.env._(
                    "%(name)s is not a PDF, JPEG or PNG file: send the document in one of "
                    "these formats.",
                    name=filename,
                ),
            }[err.code]
            return None
        return filename, base64.b64encode(content)
