/**
 * Persian first (P4): Persian (۰-۹) and Arabic-Indic (٠-٩) digits, and the Arabic decimal and
 * thousands separators, typed in a number field are read as the digits Odoo's parsers know.
 * The value is rewritten as it is typed, before the field reads it (capture phase).
 */
const DIGITS = /[\u06F0-\u06F9\u0660-\u0669\u066B\u066C]/g;
const NUMBER_INPUTS = [
    ".o_field_float input",
    ".o_field_integer input",
    ".o_field_monetary input",
    ".o_field_float_time input",
    ".o_field_percentage input",
    "input[inputmode='decimal']",
    "input[inputmode='numeric']",
].join(", ");

export function latinDigits(text) {
    return text.replace(DIGITS, (char) => {
        const code = char.charCodeAt(0);
        if (code === 0x066b) {
            return ".";
        }
        if (code === 0x066c) {
            return ",";
        }
        return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
    });
}

document.addEventListener(
    "input",
    (ev) => {
        const input = ev.target;
        if (!(input instanceof HTMLInputElement) || !input.matches(NUMBER_INPUTS)) {
            return;
        }
        const value = latinDigits(input.value);
        if (value !== input.value) {
            const caret = input.selectionStart;
            input.value = value;
            input.setSelectionRange(caret, caret);
        }
    },
    true
);
