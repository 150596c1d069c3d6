# ruff: noqa: F821  (run by `odoo-bin shell`, which defines `env`)
"""What an association adds to the previous release's database before it
upgrades: each step taken through the ORM by the demo user whose role takes
it, as the web client would, so the chatter and the tracked changes record
their authors.

Run by tests/lifecycle/test_lifecycle.py with `odoo-bin shell` on the
previous release's code (LIFECYCLE_PREVIOUS in that file): it uses only what
that release offers.  When the previous release moves on, check this script
against it.
"""

import base64
from datetime import date, timedelta

from stdnum import luhn

from odoo import Command

B = "beneficiary_relations."
ref = env.ref
officer = ref(B + "user_officer_demo")
researcher = ref(B + "user_researcher_demo")
secretary = ref(B + "user_committee1_demo")
member = ref(B + "user_committee2_demo")
chair = ref(B + "user_chair_demo")
accountant = ref(B + "user_accountant_demo")
manager = ref("base.user_admin")
today = date.today()
PDF = base64.b64encode(b"%PDF-1.4\n% lifecycle test document\n%%EOF\n")

# the staff have their mailboxes (this release posts the notices as the user)
for user in officer | researcher | secretary | member | chair | accountant:
    user.email = f"{user.login}@albirr.example.sa"


def national_id(serial):
    body = f"1{serial:08d}"
    return body + luhn.calc_check_digit(body)


def as_user(user, model):
    return env[model].with_user(user)


def saved():
    """End of a step: each is its own transaction, as each click is, so the
    chatter tracks the changes of each step with its author."""
    env.cr.commit()


def file_of(serial, name, categories, family, **vals):
    """A complete beneficiary's file registered by the officer, with its
    documents verified against the originals."""
    beneficiary = as_user(officer, "beneficiary.beneficiary").create(
        {
            "name": name,
            "beneficiary_type": "direct",
            "national_id": national_id(serial),
            "mobile": f"05{serial:08d}",
            "gender": "female",
            "birth_date": date(1984, 3, 1),
            "marital_status": "widowed",
            "region": "hail",
            "city": "حائل",
            "district": "حي المنتزه",
            "monthly_income": 900,
            "channel_id": ref(B + "channel_interview").id,
            "consent_date": "2026-01-10 09:00:00",
            "consent_channel_id": ref(B + "channel_interview").id,
            "consent_policy_version": "1.0",
            "category_ids": [Command.set([ref(B + c).id for c in categories])],
            "family_member_ids": [Command.create(m) for m in family],
            **vals,
        }
    )
    for doc_type in ("document_type_national_id", "document_type_family_card"):
        document = as_user(officer, "beneficiary.document").create(
            {
                "beneficiary_id": beneficiary.id,
                "document_type_id": ref(B + doc_type).id,
                "attachment": PDF,
                "attachment_name": f"{doc_type}.pdf",
                "issue_date": date(2025, 1, 1),
                "expiry_date": date(2035, 1, 1),
            }
        )
        document.action_verify()
    saved()
    return beneficiary


widow = file_of(
    7001,
    "نورة سالم العتيبي",
    ["category_widow", "category_chronic_illness"],
    [
        {"name": "سالم العتيبي", "relation": "son", "birth_date": date(2015, 5, 1)},
        {"name": "هند العتيبي", "relation": "daughter", "birth_date": date(2001, 2, 1)},
    ],
    iban="SA0380000000608010167519",
)
orphan_family = file_of(
    7002,
    "سارة فهد القحطاني",
    ["category_orphan", "category_low_income"],
    [{"name": "فهد القحطاني", "relation": "son", "birth_date": date(2012, 7, 1)}],
    iban="SA4420000001234567891234",
)
no_consent = as_user(officer, "beneficiary.beneficiary").create(
    {"name": "مريم خالد الشمري", "beneficiary_type": "direct", "national_id": national_id(7003)}
)

# the officer's note with a file
widow.with_user(officer).message_post(
    body="صورة عقد الإيجار المحدث",
    attachments=[("lease.pdf", b"%PDF-1.4\n% lease\n%%EOF\n")],
    message_type="comment",
    subtype_xmlid="mail.mt_note",
)


def request_for(beneficiary, amount, reason):
    request = as_user(officer, "beneficiary.request").create(
        {
            "beneficiary_id": beneficiary.id,
            "program_id": ref(B + "program_cash_aid_demo").id,
            "channel_id": ref(B + "channel_interview").id,
            "requested_amount": amount,
            "reason": reason,
            "researcher_id": researcher.id,
        }
    )
    request.action_sign_declaration()
    saved()
    request.action_submit()
    saved()
    request.action_start_research()
    saved()
    request.with_user(researcher).write(
        {
            "research_visit_date": today,
            "research_findings": "<p>زيارة ميدانية: الأسرة بحاجة للدعم.</p>",
            "research_recommendation": "approve",
            "recommended_amount": amount,
        }
    )
    saved()
    request.with_user(researcher).action_send_to_committee()
    saved()
    return request


approved = request_for(widow, 1800, "إيجار متأخر")
rejected = request_for(orphan_family, 2400, "سداد دين")
waiting = as_user(officer, "beneficiary.request").create(
    {
        "beneficiary_id": widow.id,
        "program_id": ref(B + "program_cash_aid_demo").id,
        "channel_id": ref(B + "channel_phone").id,
        "requested_amount": 500,
        "reason": "فاتورة كهرباء",
        "researcher_id": researcher.id,
    }
)
waiting.action_sign_declaration()
saved()
waiting.action_submit()
saved()
waiting.activity_schedule(
    "mail.mail_activity_data_todo", summary="زيارة الأسرة", user_id=researcher.id
)

# the committee meets: the secretary sets it up, the members vote, the chair closes
meeting = as_user(secretary, "beneficiary.committee.meeting").create(
    {"committee_id": ref(B + "committee_research_demo").id, "location": "مقر الجمعية"}
)
saved()
meeting.with_user(secretary).action_add_pending_requests()
meeting.with_user(secretary).action_start()
saved()
for user, vote, amount, note in (
    (secretary, "approve", 1800, False),
    (member, "approve", 1500, "يكفي مبلغ أقل"),
    (chair, "approve", 1600, False),
):
    as_user(user, "beneficiary.committee.vote").create(
        {"meeting_id": meeting.id, "request_id": approved.id, "vote": vote, "amount": amount}
        | ({"note": note} if note else {})
    )
for user in (secretary, member, chair):
    as_user(user, "beneficiary.committee.vote").create(
        {
            "meeting_id": meeting.id,
            "request_id": rejected.id,
            "vote": "reject",
            "note": "الدين ليس ضمن نطاق البرنامج",
        }
    )
saved()
meeting.with_user(chair).action_close()
saved()
assert approved.state == "approved" and approved.approved_amount == 1500, approved.read()
assert rejected.state == "rejected", rejected.read()

# the officer plans the aid in two installments, the accountant bills and pays
plan = (
    env["beneficiary.disbursement.plan"]
    .with_user(officer)
    .with_context(active_model="beneficiary.request", active_ids=approved.ids)
    .create(
        {
            "schedule": "installments",
            "installment_count": 2,
            "interval_months": 1,
            "date_first": today - timedelta(days=40),
        }
    )
)
plan.action_confirm()
saved()
lines = approved.disbursement_ids.with_user(accountant)
lines.action_create_documents()
saved()
bills = lines.move_ids
bills.action_post()
saved()
env["account.payment.register"].with_user(accountant).with_context(
    active_model="account.move", active_ids=bills[:1].ids
).create({"payment_date": today - timedelta(days=35)})._create_payments()
assert bills[:1].payment_state in ("paid", "in_payment"), bills[:1].payment_state
bills[:1].with_user(accountant).message_post(
    body="إيصال التحويل البنكي",
    attachments=[("receipt.pdf", b"%PDF-1.4\n% receipt\n%%EOF\n")],
    message_type="comment",
    subtype_xmlid="mail.mt_note",
)
saved()

# the orphan family's consent is withdrawn after the rejection
env["beneficiary.consent.withdraw"].with_user(officer).with_context(
    active_model="beneficiary.beneficiary", active_ids=orphan_family.ids
).create({"reason": "طلبت إيقاف معالجة بياناتها"}).action_confirm()

# a complaint about the delayed second installment, reviewed and settled
complaint = as_user(officer, "stakeholder.complaint").create(
    {
        "partner_id": widow.partner_id.id,
        "channel_id": ref(B + "channel_phone").id,
        "category": "aid_delay",
        "severity": "high",
        "description": "<p>لم يصل القسط الثاني.</p>",
        "request_id": approved.id,
    }
)
saved()
complaint.action_review()
saved()
complaint.write(
    {
        "resolution": "settled",
        "resolution_note": "أُبلغت بموعد القسط الثاني.",
        "support_given": "متابعة هاتفية",
    }
)
complaint.action_resolve()
as_user(officer, "stakeholder.complaint").create(
    {
        "partner_id": orphan_family.partner_id.id,
        "channel_id": ref(B + "channel_phone").id,
        "category": "service_quality",
        "description": "<p>طول الانتظار في المقر.</p>",
    }
)

env.cr.commit()
print(
    "LIFECYCLE populated:",
    {
        "files": (widow | orphan_family | no_consent).ids,
        "requests": (approved | rejected | waiting).ids,
    },
)
