/** @odoo-module */
/*
 * Umm al-Qura (Hijri) dates on screen, beside Odoo's Gregorian ones, in the
 * digits the web client uses for the user's language.  The printed documents,
 * e-mails and notices take theirs from the server (rules.letter_date).
 */
import { _t } from "@web/core/l10n/translation";

const { Settings } = luxon;

function hijriParts(value) {
    // the calendar day of the value as the user sees it, at noon UTC: no
    // time zone moves it to another day
    const day = new Date(Date.UTC(value.year, value.month - 1, value.day, 12));
    const numbering = Settings.defaultNumberingSystem || "latn";
    const format = new Intl.DateTimeFormat(`en-u-ca-islamic-umalqura-nu-${numbering}`, {
        timeZone: "UTC",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
    });
    return Object.fromEntries(format.formatToParts(day).map((part) => [part.type, part.value]));
}

/**
 * The Umm al-Qura date of a luxon DateTime as ``YYYY/MM/DD هـ``.
 * @param {luxon.DateTime|false} value
 */
export function formatHijri(value) {
    if (!value || !value.isValid) {
        return "";
    }
    const parts = hijriParts(value);
    const era = _t("AH");
    return `${parts.year}/${parts.month}/${parts.day} ${era}`;
}

/**
 * The Umm al-Qura day and month of a luxon DateTime as ``DD/MM``, for the
 * calendar's day cells.
 */
export function formatHijriDay(value) {
    const parts = hijriParts(value);
    return `${parts.day}/${parts.month}`;
}
