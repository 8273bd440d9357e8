/**
 * Persian digits (issue 19): for the users who read numbers with Persian digits
 * (``res.users._sales_panel_persian_digits``, in the session info as
 * ``sales_panel_persian_digits``), the web client shows numbers as ۱٬۵۰۲٬۰۰۰٫۵ while every
 * value it computes with, sends or stores stays in ASCII digits.
 *
 * The ONE place numbers are written: Odoo's number formatters, ``formatFloat``,
 * ``humanNumber`` and ``insertThousandsSep`` of ``@web/core/utils/numbers``. Every float,
 * integer, monetary and percentage field, list, kanban, pivot and graph label, amount of the
 * suite (``formatAmount``) goes through them. Odoo's modules import these functions by
 * destructuring their module's exports when they start, so a ``patch`` made later would not
 * be seen: this module has no dependency, is loaded right after Odoo's module loader, and
 * replaces the exports when the numbers module starts (the loader's "module-started" event,
 * as Odoo's own tests use it), before any module imports them. The parsers of
 * ``@web/views/fields/parsers`` are wrapped the same way: a number shown, or typed, with
 * Persian or Arabic-Indic digits and separators is read as the ASCII number it is.
 *
 * Left in ASCII on purpose: ``formatFloat`` called with an explicit ``decimalPoint`` (code
 * formatting a number to compute with, e.g. stock's forecast widget rounding through
 * ``parseFloat``), and whatever is sent to the server. Dates: see ./luxon.js.
 */

const PERSIAN_ZERO = 0x06f0;
const ARABIC_ZERO = 0x0660;
export const PERSIAN_THOUSANDS_SEP = "\u066C"; // ٬
export const PERSIAN_DECIMAL_POINT = "\u066B"; // ٫
const LATIN_DIGIT = /[0-9]/g;
const NON_LATIN_DIGIT = /[\u06F0-\u06F9\u0660-\u0669]/g;

const sessionInfo = globalThis.odoo?.__session_info__ || {};
const enabled = Boolean(sessionInfo.sales_panel_persian_digits);

/** True when the user reads numbers with Persian digits. */
export function persianDigitsOn() {
    return enabled;
}

/** ``text`` with its ASCII digits written as Persian ones (۰-۹); nothing else changed. */
export function toPersianDigits(text) {
    return String(text).replace(LATIN_DIGIT, (digit) =>
        String.fromCharCode(PERSIAN_ZERO + Number(digit))
    );
}

/** ``text`` with its Persian (۰-۹) and Arabic-Indic (٠-٩) digits written as ASCII ones. */
export function toLatinDigits(text) {
    return String(text).replace(NON_LATIN_DIGIT, (char) => {
        const code = char.charCodeAt(0);
        return String(code >= PERSIAN_ZERO ? code - PERSIAN_ZERO : code - ARABIC_ZERO);
    });
}

/** The user's separators (Odoo's localization, once started). */
function separators() {
    const l10n = odoo.loader.modules.get("@web/core/l10n/localization")?.localization || {};
    return { thousandsSep: l10n.thousandsSep ?? ",", decimalPoint: l10n.decimalPoint || "." };
}

/**
 * A number written by Odoo's formatters (``thousandsSep`` and ``decimalPoint`` its
 * separators) as the user reads it: with Persian digits and the Persian separators ٬ and ٫
 * when the user reads Persian digits, unchanged otherwise.
 */
export function displayNumber(text, { thousandsSep, decimalPoint } = separators()) {
    if (!enabled || typeof text !== "string") {
        return text;
    }
    const parts = decimalPoint ? text.split(decimalPoint) : [text];
    const withSeparators = parts
        .map((part) => (thousandsSep ? part.split(thousandsSep).join(PERSIAN_THOUSANDS_SEP) : part))
        .join(PERSIAN_DECIMAL_POINT);
    return toPersianDigits(withSeparators);
}

/**
 * ``text`` (a date, a number typed for code) with ASCII digits and the ASCII separators "."
 * and "," for the Persian ones.
 */
export function latinDigits(text) {
    return toLatinDigits(text).replaceAll(PERSIAN_DECIMAL_POINT, ".").replaceAll(PERSIAN_THOUSANDS_SEP, ",");
}

/**
 * A number typed or shown with Persian or Arabic-Indic digits and separators, as Odoo's
 * parsers read it: ASCII digits, the user's separators.
 */
export function readableNumber(text) {
    if (typeof text !== "string") {
        return text;
    }
    const { thousandsSep, decimalPoint } = separators();
    return toLatinDigits(text)
        .replaceAll(PERSIAN_THOUSANDS_SEP, thousandsSep)
        .replaceAll(PERSIAN_DECIMAL_POINT, decimalPoint);
}

// A number in a text: digits, with "," or "." between digits.
const NUMBER_IN_TEXT = /[0-9](?:[0-9]|[.,](?=[0-9]))*/g;

/**
 * A text the server wrote for people (an alert's message, a date the server formats) as
 * the user reads it: its numbers with Persian digits and separators (1,502,000.5 →
 * ۱٬۵۰۲٬۰۰۰٫۵) when the user reads Persian digits, unchanged otherwise. The server's texts
 * keep ASCII digits (they are also mailed, exported, sent by SMS): the web client shows them
 * so.
 */
export function displayText(text) {
    if (!enabled || typeof text !== "string") {
        return text;
    }
    return text.replace(NUMBER_IN_TEXT, (number) =>
        displayNumber(number, { thousandsSep: ",", decimalPoint: "." })
    );
}

// The functions replaced, by module: each wrapper receives the original.
const WRAPPERS = {
    "@web/core/utils/numbers": {
        formatFloat: (original) =>
            function formatFloat(value, options = {}) {
                const text = original(value, options);
                if (!enabled || "decimalPoint" in options) {
                    return text; // formatted for code, not for a reader
                }
                const defaults = separators();
                return displayNumber(text, {
                    thousandsSep: "thousandsSep" in options ? options.thousandsSep : defaults.thousandsSep,
                    decimalPoint: defaults.decimalPoint,
                });
            },
        humanNumber: (original) =>
            function humanNumber(number, options) {
                return displayNumber(original(number, options));
            },
        insertThousandsSep: (original) =>
            function insertThousandsSep(number, thousandsSep = ",", grouping = []) {
                return displayNumber(original(number, thousandsSep, grouping), {
                    thousandsSep,
                    decimalPoint: "",
                });
            },
    },
    "@web/views/fields/formatters": {
        // Durations (01:30) are written without the number formatters.
        formatFloatTime: (original) =>
            Object.assign(
                function formatFloatTime(value, options) {
                    return displayNumber(original(value, options), { thousandsSep: "", decimalPoint: "" });
                },
                { extractOptions: original.extractOptions }
            ),
    },
};
// Parsers read the text with ASCII digits; the registry keys they are also known by.
const PARSERS = {
    parseFloat: "float",
    parseFloatTime: "float_time",
    parseInteger: "integer",
    parseMonetary: "monetary",
    parsePercentage: "percentage",
};
WRAPPERS["@web/views/fields/parsers"] = Object.fromEntries(
    Object.keys(PARSERS).map((name) => [
        name,
        (original) =>
            function (value, ...args) {
                return original(readableNumber(value), ...args);
            },
    ])
);
// Registry entries the modules add with their own (not the exported) functions.
const REGISTRY_ENTRIES = {
    "@web/views/fields/formatters": { formatters: { float_time: "formatFloatTime" } },
    "@web/views/fields/parsers": {
        parsers: Object.fromEntries(Object.entries(PARSERS).map(([name, key]) => [key, name])),
    },
};

function wrapModule(moduleName, exports) {
    const wrappers = WRAPPERS[moduleName];
    for (const [name, wrap] of Object.entries(wrappers)) {
        if (typeof exports[name] === "function") {
            exports[name] = wrap(exports[name]);
        }
    }
    const { registry } = odoo.loader.modules.get("@web/core/registry");
    for (const [category, entries] of Object.entries(REGISTRY_ENTRIES[moduleName] || {})) {
        const items = registry.category(category);
        for (const [key, name] of Object.entries(entries)) {
            if (items.contains(key) && items.get(key) !== exports[name]) {
                items.add(key, exports[name], { force: true });
            }
        }
    }
}

if (globalThis.odoo?.loader) {
    for (const [moduleName, exports] of odoo.loader.modules) {
        if (moduleName in WRAPPERS) {
            // Already started (this file loaded late): modules that start from now on see
            // the wrapped functions.
            wrapModule(moduleName, exports);
        }
    }
    odoo.loader.bus.addEventListener("module-started", ({ detail }) => {
        if (detail.moduleName in WRAPPERS) {
            wrapModule(detail.moduleName, detail.module);
        }
    });
}
