import { patch } from "@web/core/utils/patch";
import { session } from "@web/session";
import { PhoneField } from "@web/views/fields/phone/phone_field";

/**
 * Phone numbers shown in the national format of the company's country (0912 123 4567 in
 * Iran), stored as they are. The rules are phonenumbers' metadata for that country, from the
 * server (lib/phone.py national_rules), applied the way phonenumbers applies them, so the
 * browser shows what the server's lib/phone.py display() writes for the same number. Numbers
 * of other countries, extensions and other text are shown as they are.
 */
const RULES = session.sales_panel_phone_rules || {};
const PERSIAN_DIGITS = /[\u06F0-\u06F9\u0660-\u0669]/g;

function latinDigits(text) {
    return text.replace(PERSIAN_DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

/** The national significant number of ``raw`` if it is a number of the company's country. */
function nationalNumber(raw) {
    const text = latinDigits(String(raw)).trim();
    if (!/^[+\d][\d\s\-().]*$/.test(text)) {
        return null;
    }
    const digits = text.replace(/\D/g, "");
    const { country_code: code, national_prefix: prefix } = RULES;
    if (text.startsWith("+")) {
        return digits.startsWith(code) ? digits.slice(code.length) : null;
    }
    if (digits.startsWith("00")) {
        return digits.startsWith(`00${code}`) ? digits.slice(2 + code.length) : null;
    }
    if (prefix && digits.startsWith(prefix)) {
        return digits.slice(prefix.length);
    }
    return null;
}

// Python's "\1" group references as JavaScript's "$1".
const jsGroups = (format) => format.replace(/\\(\d)/g, "$$$1");

export function formatPhone(raw) {
    if (!raw || !RULES.formats) {
        return raw || "";
    }
    const nsn = nationalNumber(raw);
    if (!nsn) {
        return raw;
    }
    for (const rule of RULES.formats) {
        if (rule.leading_digits && !new RegExp(`^(?:${rule.leading_digits})`).test(nsn)) {
            continue;
        }
        const pattern = new RegExp(`^(?:${rule.pattern})$`);
        if (!pattern.test(nsn)) {
            continue;
        }
        let format = rule.format;
        if (rule.prefix_rule) {
            // The national prefix goes with the first group (0912 …), as in phonenumbers.
            format = format.replace(/\\\d/, rule.prefix_rule);
        }
        return nsn.replace(pattern, jsGroups(format));
    }
    return raw;
}

patch(PhoneField.prototype, {
    get salesPanelPhoneDisplay() {
        return formatPhone(this.props.record.data[this.props.name]);
    },
});
