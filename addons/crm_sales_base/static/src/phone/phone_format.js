/**
 * A phone number as lib/phone.py display() writes it, in the browser: phonenumbers' way of
 * reading a number (parse, is_possible_number) and of writing it (format_number, NATIONAL
 * for the company's country, INTERNATIONAL for others), over the metadata the server sends
 * (lib/phone.py format_rules). The shared test vectors (tests/fixtures/phone_display.json)
 * are checked against this module in the browser and against lib/phone.py on the server.
 *
 * ``home``: the rules of the company's country, with ``calling_codes``; ``rulesOf(code)``:
 * the rules of another country calling code, or undefined while they are not loaded (the
 * number is then shown as it is, until they are).
 */

import { toLatinDigits } from "../digits/digits";

// What phonenumbers takes for a number at all (its VALID_PHONE_NUMBER, without letters and
// extensions, which the suite's numbers never have); anything else is text.
const NUMBER_TEXT = /^\+?[\d\s\-\u2010-\u2015./()[\]~\u00a0\u200b\u2060\u3000]*$/;
const ANONYMOUS = new Set(["anonymous", "unknown", "private", "restricted", "unavailable"]);
const MIN_NSN = 2;
const MAX_NSN = 17;

const whole = (pattern) => new RegExp(`^(?:${pattern})$`);
const start = (pattern) => new RegExp(`^(?:${pattern})`);
// Python's "\1" group references as JavaScript's "$1".
const jsGroups = (format) => format.replace(/\\(\d)/g, "$$$1");

/** phonenumbers' _test_number_length: "possible", "too_short", "too_long" or "invalid". */
function lengthCheck(nsn, rules) {
    const lengths = rules.possible_lengths || [];
    if (!lengths.length || lengths[0] === -1) {
        return "invalid";
    }
    if ((rules.local_lengths || []).includes(nsn.length)) {
        return "local";
    }
    if (lengths[0] === nsn.length) {
        return "possible";
    }
    if (lengths[0] > nsn.length) {
        return "too_short";
    }
    if (lengths[lengths.length - 1] < nsn.length) {
        return "too_long";
    }
    return lengths.slice(1).includes(nsn.length) ? "possible" : "invalid";
}

const viable = (nsn, rules) => whole(rules.national_number_pattern || "").test(nsn);

/** phonenumbers' _maybe_strip_national_prefix_carrier_code (the number it leaves). */
function stripNationalPrefix(number, rules) {
    if (!number || !rules.national_prefix_for_parsing) {
        return number;
    }
    const match = start(rules.national_prefix_for_parsing).exec(number);
    if (!match) {
        return number;
    }
    const viableOriginal = viable(number, rules);
    const transform = rules.national_prefix_transform_rule;
    const lastGroup = match.length > 1 ? match[match.length - 1] : undefined;
    let stripped;
    if (!transform || lastGroup === undefined) {
        stripped = number.slice(match[0].length);
    } else {
        stripped = number.replace(start(rules.national_prefix_for_parsing), jsGroups(transform));
    }
    return viableOriginal && !viable(stripped, rules) ? number : stripped;
}

/** {code, nsn} of ``raw`` read in the company's country, or null (phonenumbers: not a
 * possible number, or no number at all). */
export function parsePhone(raw, home, rulesOf) {
    let text = toLatinDigits(String(raw)).trim();
    if (ANONYMOUS.has(text.toLowerCase()) || !NUMBER_TEXT.test(text) || !/\d/.test(text)) {
        return null;
    }
    if (text.startsWith("00")) {
        text = `+${text.slice(2)}`;
    }
    let digits = text.replace(/\D/g, "");
    let international = text.startsWith("+");
    if (!international && home.international_prefix) {
        // The company's international prefix (00 in Iran, 011 in the USA), as the "+".
        const idd = start(home.international_prefix).exec(digits);
        if (idd && digits[idd[0].length] !== "0") {
            digits = digits.slice(idd[0].length);
            international = true;
        }
    }
    let code = home.country_code;
    let nsn = digits;
    if (international) {
        if (digits.length <= MIN_NSN) {
            return null;
        }
        code = [1, 2, 3].map((n) => digits.slice(0, n)).find((c) => home.calling_codes.includes(c));
        if (!code) {
            return null;
        }
        nsn = digits.slice(code.length);
    } else if (digits.startsWith(code)) {
        // The company's country code without its "+" (989121234567).
        const rest = stripNationalPrefix(digits.slice(code.length), home);
        if ((!viable(digits, home) && viable(rest, home)) || lengthCheck(digits, home) === "too_long") {
            nsn = rest;
        }
    }
    const rules = code === home.country_code ? home : rulesOf(code);
    if (!rules) {
        return { code, nsn, pending: true };
    }
    if (nsn.length < MIN_NSN) {
        return null;
    }
    const potential = stripNationalPrefix(nsn, rules);
    if (!["too_short", "local", "invalid"].includes(lengthCheck(potential, rules))) {
        nsn = potential;
    }
    if (nsn.length < MIN_NSN || nsn.length > MAX_NSN) {
        return null;
    }
    return ["possible", "local"].includes(lengthCheck(nsn, rules)) ? { code, nsn, rules } : null;
}

/** The first format that writes ``nsn`` (phonenumbers' _choose_formatting_pattern_for_number). */
function formatOf(formats, nsn) {
    return formats.find(
        (rule) => (!rule.leading_digits || start(rule.leading_digits).test(nsn)) && whole(rule.pattern).test(nsn)
    );
}

/** ``raw`` as lib/phone.py display() writes it; the text as it is when it is no number. */
export function formatPhoneWith(raw, home, rulesOf) {
    if (!raw || !home || !home.formats) {
        return raw || "";
    }
    const number = parsePhone(raw, home, rulesOf);
    if (!number || number.pending) {
        return String(raw);
    }
    const national = number.code === home.country_code;
    const { rules, nsn } = number;
    const formats = national || !rules.intl_formats.length ? rules.formats : rules.intl_formats;
    const rule = formatOf(formats, nsn);
    if (!rule) {
        return String(raw);
    }
    let format = rule.format;
    if (national && rule.prefix_rule) {
        // The national prefix goes with the first group (0912 …).
        format = format.replace(/\\\d/, rule.prefix_rule);
    }
    const text = nsn.replace(whole(rule.pattern), jsGroups(format));
    return national ? text : `+${number.code} ${text}`;
}
