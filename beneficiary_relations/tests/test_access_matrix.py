"""The access and action matrix of the association's controls.

Two tables a reviewer reads like an auditor's control matrix, one column per
user of the demo data exactly as shipped (login = password, see the README):

- ``CRUD``: model × read / create / write / unlink;
- ``ACTIONS``: every workflow button of every model.

Each cell is the designed outcome, tried as that user on a record of the demo
data in a savepoint rolled back afterwards:

- ``OK``: it works, and an action records its step (the ``then`` values);
- ``NO``: ``AccessError``, the user holds no right to it;
- ``UE``: ``UserError``, the workflow refuses it (e.g. evidence kept as it is);
- ``VE``: ``ValidationError``, the values are refused.

Columns: ``committee1`` is the research committee's secretary and
``committee2`` a plain member, as shipped; ``admin`` is the beneficiary
relations manager; ``demo`` is base's demo user, as shipped by Odoo (Billing
rights, in another company: no record of the association is open to him,
only the channels every company shares);
``internal`` is the only user made for the test, an employee of the
association with no role of the module.
"""

from contextlib import closing
from functools import partial

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ShippedUsersCommon

OK = None
NO = AccessError
UE = UserError
VE = ValidationError

USERS = {
    "officer": "beneficiary_relations.user_officer_demo",
    "researcher": "beneficiary_relations.user_researcher_demo",
    "committee1": "beneficiary_relations.user_committee1_demo",
    "committee2": "beneficiary_relations.user_committee2_demo",
    "chair": "beneficiary_relations.user_chair_demo",
    "accountant": "beneficiary_relations.user_accountant_demo",
    "admin": "base.user_admin",
    "demo": "base.user_demo",
    "internal": None,
}
ROLES = tuple(USERS)

# fmt: off
CRUD = {
    # columns:          officer, researcher, committee1, committee2, chair, accountant, admin,
    #                   demo, internal
    "beneficiary.beneficiary": {
        #          off res cm1 cm2 chr acc adm dem int
        "read":   (OK, OK, OK, OK, OK, NO, OK, NO, NO),
        "create": (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "write":  (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.family.member": {
        "read":   (OK, OK, OK, OK, OK, NO, OK, NO, NO),
        "create": (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "write":  (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (OK, OK, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.document": {
        "read":   (OK, OK, OK, OK, OK, NO, OK, NO, NO),
        "create": (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "write":  (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.document.type": {
        "read":   (OK, OK, OK, OK, OK, NO, OK, NO, NO),
        "create": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "write":  (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.category": {
        "read":   (OK, OK, OK, OK, OK, NO, OK, NO, NO),
        "create": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "write":  (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.channel": {
        "read":   (OK, OK, OK, OK, OK, OK, OK, OK, OK),
        "create": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "write":  (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.program": {
        "read":   (OK, OK, OK, OK, OK, OK, OK, NO, NO),
        "create": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "write":  (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.request": {
        "read":   (OK, OK, OK, OK, OK, NO, OK, NO, NO),
        "create": (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "write":  (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (OK, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.request (decided)": {
        "write":  (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (UE, UE, NO, NO, NO, NO, UE, NO, NO),
    },
    "beneficiary.request.document": {
        "read":   (OK, OK, OK, OK, OK, NO, OK, NO, NO),
        "create": (UE, UE, NO, NO, NO, NO, UE, NO, NO),
        "write":  (UE, UE, NO, NO, NO, NO, UE, NO, NO),
        "unlink": (UE, UE, NO, NO, NO, NO, UE, NO, NO),
    },
    "beneficiary.committee": {
        "read":   (OK, OK, OK, OK, OK, NO, OK, NO, NO),
        "create": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "write":  (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.committee.meeting": {
        "read":   (OK, OK, OK, OK, OK, NO, OK, NO, NO),
        "create": (NO, NO, OK, NO, OK, NO, OK, NO, NO),
        "write":  (NO, NO, OK, NO, OK, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.committee.meeting (closed)": {
        "write":  (NO, NO, UE, NO, UE, NO, UE, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, UE, NO, NO),
    },
    "beneficiary.committee.attendee": {
        "read":   (OK, OK, OK, OK, OK, NO, OK, NO, NO),
        "create": (NO, NO, OK, NO, OK, NO, OK, NO, NO),
        "write":  (NO, NO, OK, NO, OK, NO, OK, NO, NO),
        "unlink": (NO, NO, OK, NO, OK, NO, OK, NO, NO),
    },
    "beneficiary.committee.attendee (closed)": {
        "write":  (NO, NO, UE, NO, UE, NO, UE, NO, NO),
        "unlink": (NO, NO, UE, NO, UE, NO, UE, NO, NO),
    },
    "beneficiary.committee.vote": {
        "read":   (NO, NO, OK, OK, OK, NO, OK, NO, NO),
        "create": (NO, NO, OK, OK, OK, NO, VE, NO, NO),
        "write":  (NO, NO, OK, NO, NO, NO, NO, NO, NO),
        "unlink": (NO, NO, OK, NO, NO, NO, NO, NO, NO),
    },
    "beneficiary.committee.vote (closed)": {
        "write":  (NO, NO, NO, NO, NO, NO, NO, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, NO, NO, NO),
    },
    "beneficiary.disbursement": {
        "read":   (OK, NO, NO, NO, NO, OK, OK, NO, NO),
        "create": (OK, NO, NO, NO, NO, NO, OK, NO, NO),
        "write":  (OK, NO, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (OK, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.disbursement (paid)": {
        "write":  (UE, NO, NO, NO, NO, NO, UE, NO, NO),
        "unlink": (UE, NO, NO, NO, NO, NO, UE, NO, NO),
    },
    "beneficiary.indirect.reach": {
        "read":   (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "create": (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "write":  (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.satisfaction.report": {
        "read":   (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "stakeholder.complaint": {
        "read":   (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "create": (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "write":  (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, UE, NO, NO),
    },
    "stakeholder.complaint (confidential)": {
        "read":   (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "write":  (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "stakeholder.complaint (closed)": {
        "write":  (UE, UE, NO, NO, NO, NO, UE, NO, NO),
    },
    "stakeholder.compensation": {
        "read":   (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "create": (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "write":  (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "stakeholder.compensation (compensated)": {
        "write":  (UE, UE, NO, NO, NO, NO, UE, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, UE, NO, NO),
    },
    "stakeholder.compensation.negotiation": {
        "read":   (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "create": (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "write":  (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (OK, OK, NO, NO, NO, NO, OK, NO, NO),
    },
    "stakeholder.compensation.negotiation (compensated)": {
        "write":  (UE, UE, NO, NO, NO, NO, UE, NO, NO),
        "unlink": (UE, UE, NO, NO, NO, NO, UE, NO, NO),
    },
    "stakeholder.policy": {
        "read":   (OK, OK, OK, OK, OK, OK, OK, NO, OK),
        "create": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "write":  (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "stakeholder.policy (approved)": {
        "write":  (NO, NO, NO, NO, NO, NO, UE, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, UE, NO, NO),
    },
    "stakeholder.work.area": {
        "read":   (OK, OK, OK, OK, OK, OK, OK, NO, OK),
        "create": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "write":  (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "unlink": (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
}

# The workflow buttons of every model (a button pressed twice on different
# records has its record in brackets).
ACTIONS = {
    # columns:          officer, researcher, committee1, committee2, chair, accountant, admin,
    #                   demo, internal
    "beneficiary.request": {
        #                                      off res cm1 cm2 chr acc adm dem int
        "action_sign_declaration":            (OK, NO, NO, NO, NO, NO, OK, NO, NO),
        "action_submit":                      (OK, NO, NO, NO, NO, NO, OK, NO, NO),
        "action_start_research":              (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "action_send_to_committee":           (NO, OK, NO, NO, NO, NO, OK, NO, NO),
        "action_mark_urgent":                 (NO, NO, OK, NO, OK, NO, OK, NO, NO),
        "action_grant_eligibility_exception": (NO, NO, OK, NO, OK, NO, OK, NO, NO),
        "action_manager_approve":             (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "action_manager_reject":              (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "action_plan_disbursements":          (OK, NO, NO, NO, NO, NO, OK, NO, NO),
        "action_close":                       (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "action_escalate":                    (OK, NO, NO, NO, NO, NO, OK, NO, NO),
        "action_refer":                       (OK, NO, NO, NO, NO, NO, OK, NO, NO),
        "action_withdraw":                    (OK, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.committee.meeting": {
        "action_add_pending_requests":        (NO, NO, OK, NO, OK, NO, OK, NO, NO),
        "action_start":                       (NO, NO, OK, NO, OK, NO, OK, NO, NO),
        "action_close":                       (NO, NO, OK, NO, OK, NO, OK, NO, NO),
    },
    "beneficiary.disbursement": {
        "action_create_documents":            (NO, NO, NO, NO, NO, OK, OK, NO, NO),
        "action_cancel":                      (OK, NO, NO, NO, NO, NO, OK, NO, NO),
        "action_deliver":                     (OK, NO, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.beneficiary": {
        "action_record_consent":              (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "action_withdraw_consent":            (OK, OK, NO, NO, NO, NO, OK, NO, NO),
    },
    "beneficiary.document": {
        "action_verify":                      (OK, OK, NO, NO, NO, NO, OK, NO, NO),
    },
    "stakeholder.complaint": {
        "action_review":                      (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "action_resolve":                     (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "action_close":                       (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "action_appeal":                      (OK, OK, NO, NO, NO, NO, OK, NO, NO),
    },
    "stakeholder.compensation": {
        "action_assess":                      (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "action_negotiate":                   (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "action_agree":                       (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "action_approve":                     (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "action_mark_compensated":            (OK, OK, NO, NO, NO, NO, OK, NO, NO),
        "action_reject":                      (OK, OK, NO, NO, NO, NO, OK, NO, NO),
    },
    "stakeholder.policy": {
        "action_approve":                     (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "action_acknowledge":                 (NO, NO, NO, NO, NO, NO, OK, NO, NO),
        "action_acknowledge (officer's)":     (OK, NO, NO, NO, NO, NO, NO, NO, NO),
        "action_new_version":                 (NO, NO, NO, NO, NO, NO, OK, NO, NO),
    },
}
# fmt: on

# The record of each subject, the values written and created.  "@xmlid" is a
# record of the demo data (this module's unless the xmlid has a module),
# "@xmlid/field[/n]" the first (n-th, by id) record of its field; "spare" a
# record made for the test (below) where deleting the demo's would not say
# anything; "prepare <operation>": a method below run first, as the superuser.
SUBJECTS = {
    "beneficiary.beneficiary": {
        # the file of the request on the agenda of the meeting in session
        "record": "@beneficiary_24_demo",
        "write": {"district": "حي الروضة"},
        "create": {"name": "نوف سالم العتيبي"},
        "unlink": "spare",
    },
    "beneficiary.family.member": {
        "record": "@beneficiary_24_demo/family_member_ids",
        "write": {"note": "يعمل بدوام جزئي"},
        "create": {
            "beneficiary_id": "@beneficiary_24_demo",
            "name": "سعد سلطان",
            "relation": "son",
        },
    },
    "beneficiary.document": {
        "record": "@beneficiary_24_demo/document_ids",
        "write": {"note": "نسخة واضحة"},
        "create": {
            "beneficiary_id": "@beneficiary_24_demo",
            "document_type_id": "@document_type_income_proof",
            "expiry_date": "2030-01-01",
        },
    },
    "beneficiary.document.type": {
        "record": "@document_type_national_id",
        "write": {"sequence": 3},
        "create": {"name": "صك إعالة"},
        "unlink": "spare",
    },
    "beneficiary.category": {
        "record": "@category_widow",
        "write": {"sequence": 3},
        "create": {"name": "أسر المرابطين"},
        "unlink": "spare",
    },
    "beneficiary.channel": {
        "record": "@channel_interview",
        "write": {"sequence": 3},
        "create": {"name": "تطبيق الجوال", "code": "mobile_app"},
        "unlink": "spare",
    },
    "beneficiary.program": {
        "record": "@program_cash_aid_demo",
        "write": {"yearly_budget": 600000},
        "create": {"name": "كسوة العيد", "program_type": "in_kind"},
        "unlink": "spare",
    },
    "beneficiary.request": {
        # on the agenda of the meeting in session; the officer's, researched by the researcher
        "record": "@beneficiary_request_committee_demo",
        "write": {"note": "<p>اتصل المستفيد للسؤال عن موعد القرار</p>"},
        "create": {
            "beneficiary_id": "@beneficiary_09_demo",
            "program_id": "@program_cash_aid_demo",
            "channel_id": "@channel_interview",
            "requested_amount": 1000,
        },
        "unlink": "@beneficiary_request_draft_demo",
    },
    "beneficiary.request (decided)": {
        "record": "@beneficiary_request_rejected_demo",
        "write": {"note": "<p>سلمت نسخة القرار للمستفيد</p>"},
    },
    "beneficiary.request.document": {
        "record": "@beneficiary_request_committee_demo/document_line_ids",
        "write": {"valid_on_submission": False},
        "create": {
            "request_id": "@beneficiary_request_committee_demo",
            "document_type_id": "@document_type_income_proof",
        },
    },
    "beneficiary.committee": {
        "record": "@committee_research_demo",
        "write": {"manager_threshold": 3000},
        "create": {
            "name": "لجنة الطوارئ",
            "member_ids": [Command.set(["@user_chair_demo"])],
            "chair_id": "@user_chair_demo",
        },
        "unlink": "spare",
    },
    "beneficiary.committee.meeting": {
        "record": "@committee_meeting_open_demo",
        "write": {"location": "قاعة الاجتماعات الصغرى"},
        "create": {"committee_id": "@committee_research_demo"},
        "unlink": "spare",
    },
    "beneficiary.committee.meeting (closed)": {
        "record": "@committee_meeting_closed_demo",
        "write": {"minutes": "<p>محضر معدل</p>"},
    },
    "beneficiary.committee.attendee": {
        # committee2, excused from the meeting in session
        "record": "@committee_meeting_open_demo/attendee_ids/2",
        "write": {"attendance": "present"},
        "create": {
            "meeting_id": "spare:beneficiary.committee.meeting",
            "user_id": "@user_committee2_demo",
        },
    },
    "beneficiary.committee.attendee (closed)": {
        "record": "@committee_meeting_closed_demo/attendee_ids/2",
        "write": {"attendance": "absent"},
    },
    "beneficiary.committee.vote": {
        "record": "@vote_committee_committee1_demo",  # committee1's, in session
        "write": {"note": "أوافق بعد مراجعة عقد الإيجار"},
        # every member present, no vote cast yet: each votes for himself
        "create": {
            "meeting_id": "@committee_meeting_open_demo",
            "request_id": "@beneficiary_request_committee_demo",
            "vote": "approve",
            "amount": 2000,
        },
        "prepare create": "_prepare_everyone_present",
    },
    "beneficiary.committee.vote (closed)": {
        "record": "@vote_approved_committee1_demo",
        "write": {"vote": "reject", "note": "غيرت رأيي"},
    },
    "beneficiary.disbursement": {
        "record": "@disbursement_approved_4_demo",  # planned, nothing billed yet
        "write": {"date_planned": "2030-01-15"},
        "create": {
            "request_id": "@beneficiary_request_approved_demo",
            "name": "قسط إضافي",
            "date_planned": "2030-01-15",
            "amount": 500,
        },
        "prepare create": "_prepare_room_in_the_plan",
    },
    "beneficiary.disbursement (paid)": {
        "record": "@disbursement_approved_1_demo",
        "write": {"amount": 400},
    },
    "beneficiary.indirect.reach": {
        "record": "@indirect_reach_social_demo",
        "write": {"note": "حسب إحصاءات المنصة"},
        "create": {
            "name": "نشرة التوعية بالحقوق",
            "channel_id": "@channel_social_media",
            "date_start": "2026-01-01",
            "date_end": "2026-01-31",
            "reach_count": 300,
        },
    },
    "beneficiary.satisfaction.report": {"record": "first"},
    "stakeholder.complaint": {
        "record": "@complaint_data_privacy_demo",  # received, the officer's
        "write": {"contract_reference": "ع/2026/14"},
        "create": {
            "partner_id": "@partner_sponsor_company_demo",
            "channel_id": "@channel_phone",
            "description": "<p>تأخر الرد على الخطاب</p>",
        },
    },
    "stakeholder.complaint (confidential)": {
        "record": "@complaint_staff_conduct_demo",  # about a member of staff, the manager's
        "write": {"contract_reference": "ع/2026/15"},
    },
    "stakeholder.complaint (closed)": {
        "record": "@complaint_service_quality_demo",
        "write": {"severity": "low"},
    },
    "stakeholder.compensation": {
        "record": "@compensation_negotiation_demo",
        "write": {"mechanism_note": "خدمة بديلة خلال شهر"},
        "create": {
            "partner_id": "@partner_sponsor_company_demo",
            "breach_description": "<p>تأخر تسليم السلال</p>",
        },
        "unlink": "spare",
    },
    "stakeholder.compensation (compensated)": {
        "record": "@compensation_compensated_demo",
        "write": {"agreed_amount": 1},
    },
    "stakeholder.compensation.negotiation": {
        "record": "@compensation_negotiation_demo/negotiation_ids",
        "write": {"note": "عرض معدل"},
        "create": {"compensation_id": "@compensation_negotiation_demo", "note": "اجتماع ثان"},
    },
    "stakeholder.compensation.negotiation (compensated)": {
        "record": "@compensation_compensated_demo/negotiation_ids",
        "write": {"amount": 1},
    },
    "stakeholder.policy": {
        "record": "@policy_complaints_demo",  # a draft
        "write": {"board_chair_name": "نورة العبدالعزيز"},
        "create": {"name": "سياسة الإفصاح", "version": "1.0"},
    },
    "stakeholder.policy (approved)": {
        "record": "@policy_compensation_demo",
        "write": {"state": "draft", "text": "<p>نص آخر</p>"},
    },
    "stakeholder.work.area": {
        "record": "@work_area_beneficiary_services_demo",
        "write": {"sequence": 3},
        "create": {"name": "الإعلام", "contact_officer_id": "@user_officer_demo"},
        "unlink": "spare",
    },
}

# Records made for the test, as the superuser, in the demo association.
SPARES = {
    "beneficiary.beneficiary": {"name": "ملف بلا طلبات"},
    "beneficiary.document.type": {"name": "شهادة تجريبية"},
    "beneficiary.category": {"name": "فئة تجريبية"},
    "beneficiary.channel": {"name": "قناة تجريبية", "code": "matrix_test"},
    "beneficiary.program": {"name": "برنامج تجريبي", "program_type": "cash"},
    "beneficiary.committee": {
        "name": "لجنة تجريبية",
        "member_ids": [Command.set(["@user_chair_demo"])],
        "chair_id": "@user_chair_demo",
    },
    "beneficiary.committee.meeting": {
        "committee_id": "@committee_research_demo",
        "attendee_ids": [],
    },
    "stakeholder.compensation": {
        "partner_id": "@partner_sponsor_company_demo",
        "breach_description": "<p>حالة تجريبية</p>",
        "breach_type": "contractual",
    },
    "stakeholder.work.area": {"name": "مجال تجريبي", "contact_officer_id": "@user_officer_demo"},
}


# The record each button is pressed on: "@…" as above, or "=method" for a
# record the method below prepares (as the superuser); then the values the
# step records ("$user": the user who pressed).  A button opening a wizard is
# taken to its end with WIZARDS' values.
BUTTONS = {
    ("beneficiary.request", "action_sign_declaration"): (
        "@beneficiary_request_draft_demo",
        {"declaration_signed": True},
    ),
    ("beneficiary.request", "action_submit"): (
        "=_signed_request",
        {"state": "submitted", "submitted_by_id": "$user"},
    ),
    ("beneficiary.request", "action_start_research"): (
        "=_submitted_with_researcher",
        {"state": "research"},
    ),
    ("beneficiary.request", "action_send_to_committee"): (
        "=_researched_request",
        {"state": "committee", "research_done_by_id": "$user"},
    ),
    ("beneficiary.request", "action_mark_urgent"): (
        "@beneficiary_request_committee_demo",
        {"urgent_decision": True, "urgent_by_id": "$user"},
    ),
    ("beneficiary.request", "action_grant_eligibility_exception"): (
        "@beneficiary_request_committee_demo",
        {"eligibility_exception": True, "eligibility_exception_by_id": "$user"},
    ),
    ("beneficiary.request", "action_manager_approve"): (
        "@beneficiary_request_manager_demo",
        {"state": "approved", "manager_approved_by_id": "$user"},
    ),
    ("beneficiary.request", "action_manager_reject"): (
        "@beneficiary_request_manager_demo",
        {"state": "rejected", "manager_approved_by_id": "$user"},
    ),
    ("beneficiary.request", "action_plan_disbursements"): (
        "=_approved_with_room",
        {"amount_planned": 2000},
    ),
    ("beneficiary.request", "action_close"): (
        "@beneficiary_request_rejected_demo",
        {"state": "closed"},
    ),
    ("beneficiary.request", "action_escalate"): (
        "@beneficiary_request_submitted_demo",
        {"escalated_to_id": "@user_researcher_demo"},
    ),
    ("beneficiary.request", "action_refer"): (
        "@beneficiary_request_submitted_demo",
        {"state": "referred"},
    ),
    ("beneficiary.request", "action_withdraw"): (
        "@beneficiary_request_submitted_demo",
        {"state": "withdrawn"},
    ),
    ("beneficiary.committee.meeting", "action_add_pending_requests"): (
        "=_meeting_with_waiting_request",
        {"request_count": 2},
    ),
    ("beneficiary.committee.meeting", "action_start"): (
        "=_planned_meeting",
        {"state": "in_session", "started_by_id": "$user"},
    ),
    ("beneficiary.committee.meeting", "action_close"): (
        "=_decidable_meeting",
        {"state": "closed", "closed_by_id": "$user"},
    ),
    ("beneficiary.disbursement", "action_create_documents"): (
        "@disbursement_approved_4_demo",
        {"state": "to_post"},
    ),
    ("beneficiary.disbursement", "action_cancel"): (
        "@disbursement_approved_4_demo",
        {"state": "cancelled"},
    ),
    ("beneficiary.disbursement", "action_deliver"): (
        "=_in_kind_installment",
        {"state": "delivered", "delivered_by_id": "$user"},
    ),
    ("beneficiary.beneficiary", "action_record_consent"): (
        "=_file_without_consent",
        {"consent_state": "given"},
    ),
    ("beneficiary.beneficiary", "action_withdraw_consent"): (
        "@beneficiary_24_demo",
        {"consent_state": "withdrawn"},
    ),
    ("beneficiary.document", "action_verify"): (
        "@beneficiary_24_demo/document_ids",
        {"verified_by_id": "$user"},
    ),
    ("stakeholder.complaint", "action_review"): (
        "@complaint_data_privacy_demo",
        {"state": "review"},
    ),
    ("stakeholder.complaint", "action_resolve"): ("=_settled_complaint", {"state": "resolved"}),
    ("stakeholder.complaint", "action_close"): ("@complaint_aid_delay_demo", {"state": "closed"}),
    ("stakeholder.complaint", "action_appeal"): ("@complaint_aid_delay_demo", {"appeal_ids": True}),
    ("stakeholder.compensation", "action_assess"): ("spare", {"state": "assessed"}),
    ("stakeholder.compensation", "action_negotiate"): (
        "=_assessed_compensation",
        {"state": "negotiation"},
    ),
    ("stakeholder.compensation", "action_agree"): (
        "=_negotiated_compensation",
        {"state": "agreed"},
    ),
    ("stakeholder.compensation", "action_approve"): (
        "=_agreed_compensation",
        {"state": "approved", "approved_by_id": "$user"},
    ),
    ("stakeholder.compensation", "action_mark_compensated"): (
        "=_approved_compensation",
        {"state": "compensated", "move_id": True},
    ),
    ("stakeholder.compensation", "action_reject"): (
        "@compensation_negotiation_demo",
        {"state": "rejected"},
    ),
    ("stakeholder.policy", "action_approve"): (
        "=_policy_with_board_approval",
        {"state": "approved"},
    ),
    # the implementing officer of the compensation policy is the manager
    ("stakeholder.policy", "action_acknowledge"): (
        "@policy_compensation_demo",
        {"acknowledged_by_id": "$user"},
    ),
    # ... and of the new version of the relations policy, the officer
    ("stakeholder.policy", "action_acknowledge (officer's)"): (
        "=_approved_policy_of_the_officer",
        {"acknowledged_by_id": "$user"},
    ),
    ("stakeholder.policy", "action_new_version"): ("@policy_beneficiary_relations_demo", {}),
}


# what each wizard is given before its confirmation
WIZARDS = {
    "beneficiary.request.justify": {"reason": "إخلاء وشيك للمسكن"},
    "beneficiary.request.withdraw": {"reason": "طلب المستفيد"},
    "beneficiary.request.refer": {
        "reason": "خارج نطاق الجمعية",
        "partner_id": "@partner_housing_association_demo",
        "consent": True,
    },
    "beneficiary.request.escalate": {
        "reason": "حالة غير واضحة",
        "user_id": "@user_researcher_demo",
    },
    "beneficiary.consent.withdraw": {"reason": "طلب المستفيد"},
    "beneficiary.consent.record": {"purpose_service": True},
    "beneficiary.disbursement.plan": {},
    "stakeholder.compensation.reject": {"reason": "لم تثبت مسؤولية الجمعية"},
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(ShippedUsersCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("beneficiary_relations.company_demo")
        cls.users = {role: cls.env.ref(xmlid) for role, xmlid in USERS.items() if xmlid}
        cls.users["internal"] = new_test_user(
            cls.env,
            "br_matrix_internal",
            groups="base.group_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        cls.spares = {
            model: env[model].create(cls._resolve(vals)) for model, vals in SPARES.items()
        }

    # --- reading the tables ---------------------------------------------------

    @classmethod
    def _resolve(cls, value):
        """The values the tables give, with the ids of the records they name."""
        if isinstance(value, dict):
            return {key: cls._resolve(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(cls._resolve(item) for item in value)
        if isinstance(value, str) and value.startswith("spare:"):
            return cls.spares[value[6:]].id
        if isinstance(value, str) and value.startswith("@"):
            return cls._demo_record(value).id
        return value

    @classmethod
    def _demo_record(cls, locator):
        """ "@xmlid[/field[/index]]": a record of the demo data."""
        xmlid, *path = locator[1:].split("/")
        record = cls.env.ref(xmlid if "." in xmlid else f"beneficiary_relations.{xmlid}")
        if path:
            index = int(path[1]) if len(path) > 1 else 0
            record = record[path[0]].sorted("id")[index]
        return record

    def _locate(self, locator, model):
        """The record a table names: "@…", "spare", "first", or "=method"."""
        if locator == "spare":
            return self.spares[model]
        if locator == "first":
            return self.env[model].search([], limit=1)
        if locator.startswith("="):
            return getattr(self, locator[1:])()
        return self._demo_record(locator)

    def _attempt(self, call):
        """None when ``call`` works, else the class and message of its error;
        whatever it did is rolled back."""
        with closing(self.env.cr.savepoint()):
            try:
                call()
                self.env.flush_all()
            except (UserError, ValidationError) as error:
                return type(error), str(error)
        return None

    def _assert_cell(self, expected, outcome):
        if expected is OK:
            self.assertIsNone(outcome)
        else:
            self.assertIsNotNone(outcome, f"expected {expected.__name__}, it worked")
            self.assertIs(outcome[0], expected, outcome[1])

    def as_role(self, role, record):
        return self.as_user(self.users[role], record)

    # --- the CRUD table ---------------------------------------------------------

    def test_crud_matrix(self):
        for subject, operations in CRUD.items():
            for operation, outcomes in operations.items():
                for role, expected in zip(ROLES, outcomes, strict=True):
                    with self.subTest(subject=subject, operation=operation, user=role):
                        call = partial(self._crud, role, subject, operation)
                        self._assert_cell(expected, self._attempt(call))

    def _crud(self, role, subject, operation):
        model = subject.split(" ")[0]
        spec = SUBJECTS[subject]
        if spec.get(f"prepare {operation}"):
            getattr(self, spec[f"prepare {operation}"])()
        if operation == "create":
            values = self._resolve(spec["create"])
            self.as_role(role, self.env[model]).create(values)
            return
        locator = spec.get("unlink", spec["record"]) if operation == "unlink" else spec["record"]
        record = self.as_role(role, self._locate(locator, model))
        if operation == "read":
            self.assertTrue(record.read())
        elif operation == "write":
            record.write(self._resolve(spec["write"]))
        else:
            record.unlink()

    # --- the ACTIONS table ------------------------------------------------------

    def test_action_matrix(self):
        for model, buttons in ACTIONS.items():
            for button, outcomes in buttons.items():
                for role, expected in zip(ROLES, outcomes, strict=True):
                    with self.subTest(model=model, button=button, user=role):
                        call = partial(self._press, role, model, button)
                        self._assert_cell(expected, self._attempt(call))

    def _press(self, role, model, button):
        locator, then = BUTTONS[model, button]
        record = self._locate(locator, model)
        result = getattr(self.as_role(role, record), button.split(" ")[0])()
        if isinstance(result, dict) and result.get("res_model") in WIZARDS:
            wizard = self.as_role(role, self.env[result["res_model"]])
            values = self._resolve(WIZARDS[result["res_model"]])
            wizard.with_context(**result["context"]).create(values).action_confirm()
        record.invalidate_recordset()
        for name, value in then.items():
            if value is True:
                self.assertTrue(record[name], name)
                continue
            if value == "$user":
                value = self.users[role]
            elif isinstance(value, str) and value.startswith("@"):
                value = self._demo_record(value)
            self.assertEqual(record[name], value, name)

    # --- records prepared for the buttons (as the superuser) ---------------------

    def _prepare_everyone_present(self):
        """Every member present at the meeting in session, and no vote cast."""
        meeting = self.ref("committee_meeting_open_demo")
        meeting.attendee_ids.attendance = "present"
        meeting.vote_ids.unlink()

    def _prepare_room_in_the_plan(self):
        """The last installment of the approved request taken out of its plan."""
        self.ref("disbursement_approved_4_demo")._step().cancelled = True
        return self.ref("beneficiary_request_approved_demo")

    def _signed_request(self):
        """A complete request of the officer, declaration signed."""
        request = self.complete_request()
        request.action_sign_declaration()
        return request.sudo()

    def _submitted_with_researcher(self):
        request = self.ref("beneficiary_request_submitted_demo")
        request.researcher_id = self.researcher
        return request

    def _researched_request(self):
        request = self.ref("beneficiary_request_research_demo")
        request.write({"research_recommendation": "approve", "recommended_amount": 3000})
        return request

    def _approved_with_room(self):
        return self._prepare_room_in_the_plan()

    def _meeting_with_waiting_request(self):
        self._researched_request().action_send_to_committee()
        return self.ref("committee_meeting_open_demo")

    def _planned_meeting(self):
        return self.env["beneficiary.committee.meeting"].create(
            {"committee_id": self.ref("committee_research_demo").id}
        )

    def _decidable_meeting(self):
        """The meeting in session, its request past the policy's two weeks."""
        request = self.ref("beneficiary_request_committee_demo")
        request._step().date_earliest_answer = fields.Date.today()
        return self.ref("committee_meeting_open_demo")

    def _in_kind_installment(self):
        request = self._prepare_room_in_the_plan()
        return self.env["beneficiary.disbursement"].create(
            {
                "request_id": request.id,
                "name": "سلة غذائية",
                "kind": "in_kind",
                "description": "سلة غذائية لأسرة من خمسة أفراد",
                "date_planned": fields.Date.today(),
                "amount": 500,
            }
        )

    def _file_without_consent(self):
        beneficiary = self.ref("beneficiary_24_demo")
        beneficiary._withdraw_consent("طلب المستفيد")
        return beneficiary

    def _settled_complaint(self):
        complaint = self.ref("complaint_other_overdue_demo")
        complaint.write({"resolution": "settled", "resolution_note": "<p>تمت التسوية</p>"})
        return complaint

    def _assessed_compensation(self):
        case = self.spares["stakeholder.compensation"]
        case.action_assess()
        return case

    def _negotiated_compensation(self):
        case = self.ref("compensation_negotiation_demo")
        case.write({"mechanism": "payment", "agreed_amount": 750})
        return case

    def _agreed_compensation(self):
        case = self._negotiated_compensation()
        case.write(
            {
                "proof_type": "acknowledgement",
                "acknowledgement_document": "JVBERi0xLjQ=",
                "acknowledgement_filename": "اقرار.pdf",
            }
        )
        case.action_agree()
        return case

    def _approved_compensation(self):
        case = self._agreed_compensation()
        case.action_approve()
        return case

    def _policy_with_board_approval(self):
        policy = self.ref("policy_complaints_demo")
        policy.write(
            {"board_meeting_number": "الجلسة الرابعة", "board_approval_date": fields.Date.today()}
        )
        return policy

    def _approved_policy_of_the_officer(self):
        policy = self.ref("policy_beneficiary_relations_v2_demo")
        policy.write(
            {"board_meeting_number": "الجلسة الخامسة", "board_approval_date": fields.Date.today()}
        )
        policy.action_approve()
        return policy
