/** @odoo-module */
import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { exprToBoolean } from "@web/core/utils/strings";
import { DateTimeField, dateTimeField } from "@web/views/fields/datetime/datetime_field";
import { formatHijri } from "./hijri";

/**
 * A date (or date and time) with its Umm al-Qura date beside it, in forms,
 * lists and kanban cards: ``<field name="date_deadline" widget="hijri_date"/>``.
 */
export class HijriDateField extends Component {
    static template = "beneficiary_relations.HijriDateField";
    static components = { DateTimeField };
    static props = { ...DateTimeField.props };

    get hijri() {
        return formatHijri(this.props.record.data[this.props.name]);
    }
}

export const hijriDateField = {
    ...dateTimeField,
    component: HijriDateField,
    displayName: _t("Date with the Hijri date"),
    supportedTypes: ["date", "datetime"],
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...dateTimeField.extractProps(fieldInfo, dynamicInfo),
        // the time to the minute: seconds are noise in the association's work
        showSeconds: exprToBoolean(fieldInfo.options.show_seconds ?? false),
    }),
    listViewWidth: ({ type }) => (type === "datetime" ? 230 : 190),
};

registry.category("fields").add("hijri_date", hijriDateField);
