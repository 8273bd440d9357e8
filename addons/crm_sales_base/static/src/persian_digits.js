/**
 * Persian first (P4): Persian (۰-۹) and Arabic-Indic (٠-٩) digits, and the Arabic decimal and
 * thousands separators, typed in a number field are read as the digits Odoo's parsers know.
 * The value is rewritten as it is typed, before the field reads it (capture phase).
 */
import { PERSIAN_DECIMAL_POINT, PERSIAN_THOUSANDS_SEP, toLatinDigits } from "./digits/digits";

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
    return toLatinDigits(text).replaceAll(PERSIAN_DECIMAL_POINT, ".").replaceAll(PERSIAN_THOUSANDS_SEP, ",");
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
