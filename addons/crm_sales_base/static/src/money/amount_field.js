import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { nbsp } from "@web/core/utils/strings";
import { session } from "@web/session";
import { formatMonetary } from "@web/views/fields/formatters";
import { parseMonetary } from "@web/views/fields/parsers";
import { MonetaryField, monetaryField } from "@web/views/fields/monetary/monetary_field";

/**
 * How the suite shows amounts (P4): in the current company's display unit, e.g. tomans for
 * amounts in rials (res_company_money.py gives {currency id: {divisor, symbol}} in the session
 * info; lib/money.py is the same rule for the server's texts). Amounts in other currencies, and
 * every stored value, stay in their currency.
 */
const UNITS = session.sales_panel_amount_units || {};
const COMPANY_CURRENCY = session.sales_panel_amount_currency_id;

// Room for amounts in the tens of billions with their symbol ("99,999,999,999 ﷼", bold in
// the chase list) without cutting: Odoo's monetary columns are 105 px, for up to a billion.
export const AMOUNT_COLUMN_WIDTH = 150;

function currencyOf(options) {
    if (options.currencyId) {
        return options.currencyId;
    }
    if (options.data) {
        const field = options.currencyField || options.field?.currency_field || "currency_id";
        const value = options.data[field];
        return Array.isArray(value) ? value[0] : value;
    }
    return undefined;
}

/**
 * An amount as the suite's screens show it; the options of Odoo's formatMonetary. Without a
 * currency (group totals) the company's is assumed, without a symbol, as Odoo does.
 */
export function formatAmount(value, options = {}) {
    if (value === false || value === undefined || value === null) {
        return "";
    }
    const currencyId = currencyOf(options);
    const unit = UNITS[currencyId || COMPANY_CURRENCY];
    if (!unit) {
        return formatMonetary(value, options);
    }
    const number = formatFloat(value / unit.divisor, { digits: [16, 0] });
    return options.noSymbol || !currencyId ? number : `${number}${nbsp}${unit.symbol}`;
}
formatAmount.extractOptions = formatMonetary.extractOptions;

export class AmountField extends MonetaryField {
    /** {divisor, symbol} of the display unit of the amount's currency, if any. */
    get displayUnit() {
        return this.props.inputType === "number" ? undefined : UNITS[this.currencyId || COMPANY_CURRENCY];
    }

    get formattedValue() {
        if (!this.props.readonly) {
            // Typed in the unit it is shown in (a target in tomans), stored in the currency.
            const unit = this.displayUnit;
            return unit ? formatFloat(this.value / unit.divisor, { digits: [16, 0] }) : super.formattedValue;
        }
        return formatAmount(this.value, {
            currencyId: this.currencyId,
            digits: this.currencyDigits,
            noSymbol: this.props.hideSymbol,
        });
    }

    get currencySymbol() {
        return this.displayUnit ? this.displayUnit.symbol : super.currencySymbol;
    }

    get inputOptions() {
        return {
            ...super.inputOptions,
            parse: (text) => {
                const unit = this.displayUnit;
                return unit ? parseMonetary(text) * unit.divisor : parseMonetary(text);
            },
        };
    }
}

export const amountField = {
    ...monetaryField,
    component: AmountField,
    displayName: _t("Amount (display unit)"),
    listViewWidth: [AMOUNT_COLUMN_WIDTH],
};

registry.category("fields").add("sales_panel_amount", amountField);
registry.category("formatters").add("sales_panel_amount", formatAmount);
