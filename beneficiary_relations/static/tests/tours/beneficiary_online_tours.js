/** @odoo-module */
/*
 * The beneficiary's side in a phone-sized window (see tests/test_online_tour.py):
 * the Arabic application form of a program, then the portal, followed to the
 * decision letter.  Fields are found by their name, so the tours read the
 * same in both languages.
 */
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

function type(name, text) {
    return { content: `type ${name}`, trigger: `form [name=${name}]`, run: `edit ${text}` };
}

function choose(name, value) {
    return { content: `choose ${name}`, trigger: `form select[name=${name}]`, run: `select ${value}` };
}

function tick(name) {
    return { content: `tick ${name}`, trigger: `form input[name=${name}]`, run: "check" };
}

function setValue(name, value) {
    return {
        content: `set ${name}`,
        trigger: `form input[name=${name}]`,
        run() {
            this.anchor.value = value;
        },
    };
}

tours.add("beneficiary_online_apply", {
    steps: () => [
        {
            content: "the form is in Arabic, right to left",
            trigger: "html[dir=rtl] form.o_br_application",
        },
        type("name", "سعيد علي محمد القحطاني"),
        // typed with Arabic-Indic digits, as a phone's Arabic keyboard does
        type("national_id", "١٨٩٩٩٩٩٩٩٧"),
        setValue("birth_date", "1985-05-05"),
        choose("gender", "male"),
        type("mobile", "٠٥٥٩٨٧٦٥٤٣"),
        type("email", "saeed@example.com"),
        choose("region", "hail"),
        type("city", "حائل"),
        type("household_size", "4"),
        type("monthly_income", "١٢٠٠"),
        type("monthly_expenses", "900"),
        type("requested_amount", "1500"),
        {
            content: "the reason",
            trigger: "form textarea[name=reason]",
            run: "edit إيجار متأخر منذ شهرين",
        },
        {
            content: "the copy of the identity card, photographed with the phone",
            trigger: "form input[type=file]",
            run() {
                const file = new File(["%PDF-1.4 hawiya"], "hawiya.pdf", {
                    type: "application/pdf",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                this.anchor.files = transfer.files;
            },
        },
        {
            content: "its expiry date",
            trigger: "form input[type=date][name^=expiry_]",
            run() {
                this.anchor.value = "2030-01-01";
            },
        },
        tick("consent_service"),
        tick("consent_satisfaction"),
        tick("accept_terms"),
        tick("declaration"),
        {
            content: "answer the check question",
            trigger: "form input[name=human_answer]",
            run() {
                const question = document.querySelector(".o_br_question").textContent;
                const digits = question.replace(/[٠-٩]/g, (d) => "٠١٢٣٤٥٦٧٨٩".indexOf(d));
                const [first, second] = digits.match(/\d+/g).map(Number);
                this.anchor.value = String(first + second);
            },
        },
        {
            content: "send the application",
            trigger: "form button.o_br_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the application is received, with its reference",
            trigger: ".o_br_application_done .o_br_reference:contains(REQ/)",
        },
    ],
});

tours.add("beneficiary_portal_follow", {
    steps: () => [
        {
            content: "the portal's support requests",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/support-requests']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "open the request",
            trigger: "table a[href^='/my/support-requests/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "its decision, with the amount approved",
            trigger: ".o_br_my_request .o_br_decision.alert-success",
        },
        {
            content: "the decision letter is there to download",
            trigger: ".o_br_my_request a.o_br_letter_link[href$='/letter']",
        },
        {
            content: "the installments paid",
            trigger: ".o_br_my_request table td",
        },
    ],
});
