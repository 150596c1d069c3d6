"""18.0.1.1.0: consents per purpose (PDPL).

The single consent of each file (date, channel, privacy notice version,
withdrawal) becomes the consent to the requested service.  It covered the
processing of the file's data for the association's programs, so a consent in
force is also carried over to satisfaction surveys and, for a file with a
health-related category, to health data.  The consents of minor family
members are carried over as given by the beneficiary, head of the household,
as their guardian; adult family members' own consents must be collected: the
file lists them as missing.  Sharing with another association on referral is
asked at the referral.  Each file's chatter says what was carried over.
"""

from markupsafe import Markup

from odoo import SUPERUSER_ID, api
from odoo.addons.beneficiary_relations import rules
from odoo.tools import SQL


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        SQL(
            """
            SELECT b.id, b.consent_date, b.consent_channel_id, b.consent_policy_version,
                   b.consent_withdrawn_date, b.consent_withdrawal_reason
              FROM beneficiary_beneficiary b
             WHERE b.consent_date IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM beneficiary_consent c WHERE c.beneficiary_id = b.id)
            """
        )
    )
    rows = cr.fetchall()
    Beneficiary = env["beneficiary.beneficiary"].with_context(active_test=False)
    vals_list, notes = [], {}
    for beneficiary_id, date, channel_id, version, withdrawn, reason in rows:
        beneficiary = Beneficiary.browse(beneficiary_id)
        base = {
            "beneficiary_id": beneficiary_id,
            "date_given": date,
            "channel_id": channel_id,
            "notice_version": version,
        }
        vals_list.append(
            {**base, "purpose": "service", "withdrawn_date": withdrawn, "withdrawal_reason": reason}
        )
        purposes = ["service"]
        if not withdrawn:
            vals_list.append({**base, "purpose": "satisfaction"})
            purposes.append("satisfaction")
            if beneficiary.category_ids.filtered("is_health"):
                vals_list.append({**base, "purpose": "health"})
                purposes.append("health")
            for member in beneficiary.family_member_ids:
                if rules.is_minor(member.birth_date, date.date()):
                    vals_list.append(
                        {
                            **base,
                            "purpose": "service",
                            "family_member_id": member.id,
                            "given_by": "guardian",
                            "guardian_name": beneficiary.name,
                            "guardian_national_id": beneficiary.national_id,
                        }
                    )
        notes[beneficiary] = purposes
    env["beneficiary.consent"].create(vals_list)
    labels = dict(env["beneficiary.consent"]._fields["purpose"]._description_selection(env))
    for beneficiary, purposes in notes.items():
        beneficiary._message_log(
            body=Markup("<p>%s</p>")
            % (
                "Consents per purpose: carried over from the single consent recorded on the file: "
                + ", ".join(labels[p] for p in purposes)
                + ". The minor family members' consents are carried over as given by the "
                "beneficiary as their guardian; adult family members' own consents are to be "
                "collected."
            )
        )
