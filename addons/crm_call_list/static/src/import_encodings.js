import { patch } from "@web/core/utils/patch";
import { BaseImportModel } from "@base_import/import_model";

// Files of Persian spreadsheets saved on Windows are in Windows-1256 (Arabic): offered
// beside the encodings base_import lists.
patch(BaseImportModel.prototype, {
    _getCSVFormattingOptions() {
        const options = super._getCSVFormattingOptions(...arguments);
        for (const encoding of ["windows-1256", "utf-16"]) {
            if (!options.encoding.options.includes(encoding)) {
                options.encoding.options.push(encoding);
            }
        }
        return options;
    },
});
