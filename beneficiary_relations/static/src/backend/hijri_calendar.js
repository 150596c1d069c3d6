/** @odoo-module */
import { registry } from "@web/core/registry";
import { CalendarCommonRenderer } from "@web/views/calendar/calendar_common/calendar_common_renderer";
import { CalendarRenderer } from "@web/views/calendar/calendar_renderer";
import { calendarView } from "@web/views/calendar/calendar_view";
import { formatHijriDay } from "./hijri";

const { DateTime } = luxon;

/**
 * The calendar's days with their Umm al-Qura day and month under the
 * Gregorian day: ``<calendar js_class="beneficiary_hijri_calendar">``.
 */
export class HijriCalendarCommonRenderer extends CalendarCommonRenderer {
    get options() {
        return { ...super.options, dayCellContent: this.getDayCellContent.bind(this) };
    }

    getDayCellContent({ date, dayNumberText }) {
        // FullCalendar gives the month's days without time zone
        const hijri = formatHijriDay(DateTime.fromJSDate(date, { zone: "UTC" }));
        const cell = document.createElement("span");
        cell.className = "o_br_calendar_day";
        cell.append(dayNumberText, " ");
        const small = document.createElement("small");
        small.className = "o_br_hijri text-muted";
        small.textContent = hijri;
        cell.append(small);
        return { domNodes: [cell] };
    }
}

export class HijriCalendarRenderer extends CalendarRenderer {
    static components = {
        ...CalendarRenderer.components,
        day: HijriCalendarCommonRenderer,
        week: HijriCalendarCommonRenderer,
        month: HijriCalendarCommonRenderer,
    };
}

registry.category("views").add("beneficiary_hijri_calendar", {
    ...calendarView,
    Renderer: HijriCalendarRenderer,
});
