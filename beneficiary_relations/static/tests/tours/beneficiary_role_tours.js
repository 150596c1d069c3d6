/** @odoo-module */
/*
 * One day of each role, clicked through the web client as the demo user as
 * shipped (see tests/test_tours.py, which opens each tour on its record, once
 * with the user working in Arabic, once in English).  Buttons are found by
 * their method; the first step checks that the screen reads in the user's
 * language and direction.
 */
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

const tours = registry.category("web_tour.tours");

/** ``texts.ar`` for a user working in Arabic, ``texts.en`` in English. */
function inUserLanguage(texts) {
    return user.lang.startsWith("ar") ? texts.ar : texts.en;
}

/** The screen reads in the user's language: its direction, and the current
 * step of the record's status bar. */
function readsInUserLanguage(state, texts) {
    return {
        content: `the screen reads ${inUserLanguage({ ar: "right to left, in Arabic", en: "left to right, in English" })}`,
        trigger: `body${inUserLanguage({ ar: ".o_rtl", en: ":not(.o_rtl)" })} .o_statusbar_status button.o_arrow_button_current[data-value=${state}]:contains(${inUserLanguage(texts)})`,
    };
}

const noError = {
    content: "no error dialog",
    trigger: "body:not(:has(.o_error_dialog)):not(:has(.o_dialog .modal-title:contains(Error)))",
};

function pick(field, text) {
    return [
        {
            content: `type ${text} in ${field}`,
            trigger: `.o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            content: `choose ${text}`,
            trigger: `.o_field_widget[name=${field}] .o-autocomplete--dropdown-item a:contains(${text})`,
            run: "click",
        },
    ];
}

function statusIs(state) {
    return {
        content: `the request is now ${state}`,
        trigger: `.o_statusbar_status button.o_arrow_button_current[data-value=${state}]`,
    };
}

tours.add("beneficiary_officer_day", {
    steps: () => [
        readsInUserLanguage("draft", { ar: "مسودة", en: "Draft" }),
        ...pick("beneficiary_id", "وليد ناصر منصور الرشيدي"),
        ...pick("program_id", "المساعدة النقدية"),
        ...pick("channel_id", inUserLanguage({ ar: "المقابلة", en: "Interview" })),
        {
            content: "the reason",
            trigger: ".o_field_widget[name=reason] textarea",
            run: "edit إيجار متأخر منذ شهرين",
        },
        {
            content: "the amount",
            trigger: ".o_field_widget[name=requested_amount] input",
            run: "edit 1200",
        },
        { content: "save", trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        {
            content: "the applicant signs the declaration",
            trigger: "button[name=action_sign_declaration]",
            run: "click",
        },
        {
            content: "the required documents, checked against the file",
            trigger: ".o_field_widget[name=document_line_ids] .o_data_row",
        },
        { content: "submit", trigger: "button[name=action_submit]", run: "click" },
        statusIs("submitted"),
        {
            content: "the decision deadline with its Hijri date",
            trigger: ".o_field_widget[name=date_deadline] .o_br_hijri",
        },
        noError,
    ],
});

tours.add("beneficiary_officer_intake", {
    steps: () => [
        {
            content: "a new file: no alert before anything is typed, «New» in the breadcrumb",
            trigger: ".o_form_view:not(:has(.alert-info)) .o_breadcrumb",
        },
        {
            content: "the name",
            trigger: ".o_field_widget[name=name] input",
            run: "edit سعاد محمد علي الشهري",
        },
        {
            content: "an ID with a wrong check digit",
            trigger: ".o_field_widget[name=national_id] input",
            run: "edit 1555123453 && click .o_field_widget[name=name] input",
        },
        {
            content: "is flagged as it is typed",
            trigger: ".o_notification",
        },
        {
            content: "the right ID",
            trigger: ".o_field_widget[name=national_id] input",
            run: "edit 1555123452 && click .o_field_widget[name=name] input",
        },
        {
            content: "a Saudi mobile",
            trigger: ".o_field_widget[name=mobile] input",
            run: "edit 0551234567",
        },
        { content: "save", trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        {
            content: "the file number, left to right",
            trigger: ".o_field_widget[name=code].o_force_ltr:contains(BEN/)",
        },
        noError,
    ],
});

tours.add("beneficiary_researcher_day", {
    steps: () => [
        readsInUserLanguage("research", { ar: "قيد البحث", en: "Under Research" }),
        {
            content: "the social research tab",
            trigger: ".o_notebook .nav-link[name=research]",
            run: "click",
        },
        {
            content: "the recommendation",
            trigger: ".o_field_widget[name=research_recommendation] select",
            run: 'select "approve"',
        },
        { content: "save", trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        {
            content: "send to the committee",
            trigger: "button[name=action_send_to_committee]",
            run: "click",
        },
        statusIs("committee"),
        noError,
    ],
});

tours.add("beneficiary_chair_day", {
    steps: () => [
        readsInUserLanguage("committee", { ar: "لدى اللجنة", en: "At Committee" }),
        {
            content: "the request on the agenda opens",
            trigger: ".o_form_view .o_field_widget[name=beneficiary_id]",
        },
        noError,
        {
            content: "it cannot wait the policy's two weeks: an urgent decision",
            trigger: "button[name=action_mark_urgent]",
            run: "click",
        },
        {
            content: "the reason of the urgency",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit إنذار بالإخلاء خلال أسبوع",
        },
        {
            content: "record it",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "the urgency is recorded",
            trigger: "body:not(:has(.modal)) .o_form_statusbar:not(:has(button[name=action_mark_urgent]))",
        },
        {
            content: "open its meeting",
            trigger: "button[name=action_open_meeting]",
            run: "click",
        },
        {
            content: "the agenda shows where the vote stands, and the quorum",
            trigger: ".o_field_widget[name=request_ids] .o_data_row td[name=vote_standing] .badge",
        },
        {
            content: "who has not voted yet: the chair",
            trigger: ".o_field_widget[name=request_ids] .o_data_row td[name=vote_pending]:contains(السبيعي)",
        },
        {
            content: "the meeting's votes",
            trigger: ".o_notebook .nav-link[name=votes]",
            run: "click",
        },
        { trigger: ".o_field_widget[name=vote_ids] .o_data_row" },
        {
            content: "the chair casts his vote",
            trigger: ".o_field_widget[name=vote_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pick("request_id", "REQ"),
        {
            content: "approve",
            trigger: ".o_selected_row .o_field_widget[name=vote] select",
            run: 'select "approve"',
        },
        {
            content: "the amount he agrees to",
            trigger: ".o_selected_row .o_field_widget[name=amount] input",
            run: "edit 2500",
        },
        { content: "save", trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        {
            content: "close the meeting and apply its decisions",
            trigger: "button[name=action_close]",
            run: "click",
        },
        {
            content: "confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        statusIs("closed"),
        noError,
    ],
});

tours.add("beneficiary_accountant_day", {
    steps: () => [
        readsInUserLanguage("planned", { ar: "مجدول", en: "Planned" }),
        {
            content: "create the bill of the installment",
            trigger: "button[name=action_create_documents]",
            run: "click",
        },
        {
            content: "the bill is in Accounting",
            trigger: ".o_list_view .o_data_row, .o_form_view .o_field_widget[name=partner_id]",
        },
        noError,
    ],
});

tours.add("beneficiary_manager_day", {
    steps: () => [
        readsInUserLanguage("committee", { ar: "لدى اللجنة", en: "At Committee" }),
        {
            content: "approve the decision above the committee's threshold",
            trigger: "button[name=action_manager_approve]",
            run: "click",
        },
        statusIs("approved"),
        noError,
    ],
});

tours.add("beneficiary_committee_member_day", {
    steps: () => [
        {
            content: "the agenda of the meeting in session, with where each vote stands",
            trigger: ".o_field_widget[name=request_ids] .o_data_row td[name=vote_approve_count]",
        },
        {
            content: "the votes",
            trigger: ".o_notebook .nav-link[name=votes]",
            run: "click",
        },
        {
            content: "no delete icon on the votes",
            trigger: ".o_field_widget[name=vote_ids] .o_data_row:not(:has(.o_list_record_remove))",
        },
        {
            content: "his own vote",
            trigger: ".o_field_widget[name=vote_ids] .o_data_row td[name=note]",
            run: "click",
        },
        {
            content: "a note to his vote",
            trigger: ".o_selected_row .o_field_widget[name=note] input",
            run: "edit أوافق بعد الاطلاع على تقرير الزيارة",
        },
        { content: "save", trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
        noError,
    ],
});

tours.add("beneficiary_manager_dashboard", {
    steps: () => [
        {
            content: "the dashboard of the month",
            trigger: ".o_br_dashboard .o_br_periods button.active[data-period=month]",
        },
        {
            content: "this Hijri year",
            trigger: ".o_br_periods button[data-period=hijri_year]",
            run: "click",
        },
        {
            content: "its charts",
            trigger: ".o_br_periods button.active[data-period=hijri_year]",
        },
        { trigger: ".o_br_chart[data-chart=requests] canvas" },
        {
            content: "this year",
            trigger: ".o_br_periods button[data-period=year]",
            run: "click",
        },
        { trigger: ".o_br_periods button.active[data-period=year]" },
        {
            content: "open the requests behind a figure",
            trigger: ".o_br_card[data-card=submitted]",
            run: "click",
        },
        {
            content: "the requests of the year",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "back to the dashboard",
            trigger: ".o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        { trigger: ".o_br_dashboard .o_br_card[data-card=complaints_overdue]" },
        noError,
    ],
});
