import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

/** The picker of a date field of the quotation form. */
function openPicker(field) {
    return {
        content: `Open the date picker of ${field}`,
        trigger: `.o_form_view .o_field_widget[name='${field}'] input`,
        run: "click",
    };
}

/** The quotation's form is loaded (slow on a busy machine: a longer wait). */
function formLoaded() {
    return {
        content: "The quotation is open",
        trigger: ".o_form_view .o_field_widget[name='validity_date'] input",
        timeout: 30000,
    };
}

function saveForm() {
    return [
        { trigger: ".o_form_button_save", run: "click" },
        { content: "Saved", trigger: ".o_form_view .o_form_saved" },
    ];
}

// The validity date of the quotation is 1 December 2026 (10 Azar 1405).
tours.add("crm_sales_base_jalali_picker", {
    steps: () => [
        formLoaded(),
        {
            content: "The date is shown in Solar Hijri",
            trigger: ".o_field_widget[name='validity_date'] input:value(1405/09/10)",
        },
        openPicker("validity_date"),
        {
            content: "The picker shows Azar 1405, with Persian month names",
            trigger: ".o_datetime_picker .o_header_part:contains(آذر 1405)",
        },
        {
            content: "Azar has 30 days and the selected day is the 10th",
            trigger: ".o_datetime_picker .o_date_item_cell.o_selected:contains(10)",
            run() {
                const days = [...document.querySelectorAll(
                    ".o_datetime_picker .o_date_item_cell:not(.o_out_of_range)"
                )].map((cell) => cell.textContent.trim());
                const expected = Array.from({ length: 30 }, (_, i) => String(i + 1));
                if (days.join(",") !== expected.join(",")) {
                    throw new Error(`Days of Azar 1405 shown: ${days.join(",")}`);
                }
            },
        },
        {
            content: "Next month",
            trigger: ".o_datetime_picker .o_next",
            run: "click",
        },
        {
            content: "Dey 1405",
            trigger: ".o_datetime_picker .o_header_part:contains(دی 1405)",
        },
        {
            content: "Pick 1 Dey",
            trigger: ".o_datetime_picker .o_date_item_cell:not(.o_out_of_range):contains(1):first",
            run: "click",
        },
        {
            content: "The field shows 1405/10/01",
            trigger: ".o_field_widget[name='validity_date'] input:value(1405/10/01)",
        },
        ...saveForm(),
    ],
});

// Dates typed in Solar Hijri, Persian and Latin digits.
tours.add("crm_sales_base_jalali_typed", {
    steps: () => [
        formLoaded(),
        {
            content: "Type 30 Esfand 1403 (a leap year) in Persian digits",
            trigger: ".o_field_widget[name='validity_date'] input",
            run: "edit ۱۴۰۳/۱۲/۳۰ && press Enter",
        },
        {
            content: "Read as a Solar Hijri date",
            trigger: ".o_field_widget[name='validity_date'] input:value(1403/12/30)",
        },
        {
            content: "The delivery date is on the Other information tab",
            trigger: ".o_notebook .nav-link[name='other_information']",
            run: "click",
        },
        {
            content: "Type a date and time in Latin digits, without leading zeros",
            trigger: ".o_field_widget[name='commitment_date'] input",
            run: "edit 1405/9/10 14:30:00 && press Enter",
        },
        {
            trigger: ".o_field_widget[name='commitment_date'] input:value(1405/09/10 14:30:00)",
        },
        ...saveForm(),
    ],
});

// A day the Solar Hijri calendar does not have is refused: the field goes back to its
// date (as for any date Odoo cannot read), nothing is saved in its place.
tours.add("crm_sales_base_jalali_invalid", {
    steps: () => [
        formLoaded(),
        {
            content: "30 Esfand 1404 does not exist (1404 is not leap)",
            trigger: ".o_field_widget[name='validity_date'] input",
            run: "edit 1404/12/30 && press Enter",
        },
        {
            content: "The field shows its date again",
            trigger: ".o_field_widget[name='validity_date'] input:value(1405/09/10)",
        },
        {
            content: "A real day is still accepted afterwards",
            trigger: ".o_field_widget[name='validity_date'] input",
            run: "edit 1405/09/11 && press Enter",
        },
        {
            trigger: ".o_field_widget[name='validity_date'] input:value(1405/09/11)",
        },
        {
            content: "Back to the invalid day, then save",
            trigger: ".o_field_widget[name='validity_date'] input",
            run: "edit 1404/12/30 && press Enter",
        },
        {
            trigger: ".o_field_widget[name='validity_date'] input:value(1405/09/11)",
        },
        ...saveForm(),
    ],
});

// The chatter's day separators and the picker of a Gregorian user.
tours.add("crm_sales_base_jalali_chatter", {
    steps: () => [
        {
            content: "The day of an old message is a Solar Hijri day, with its Persian month",
            trigger: ".o-mail-DateSection:contains(آبان 1405)",
            timeout: 30000,
        },
    ],
});

tours.add("crm_sales_base_gregorian_picker", {
    steps: () => [
        formLoaded(),
        {
            trigger: ".o_field_widget[name='validity_date'] input:value(12/01/2026)",
        },
        openPicker("validity_date"),
        {
            content: "A Gregorian user's picker shows Gregorian months",
            trigger: ".o_datetime_picker .o_header_part:contains(December 2026)",
        },
        {
            trigger: ".o_datetime_picker .o_date_item_cell.o_selected:contains(1)",
        },
    ],
});
