/** @odoo-module */
import { registry } from "@web/core/registry";
import { GraphRenderer } from "@web/views/graph/graph_renderer";
import { graphView } from "@web/views/graph/graph_view";
import { formatInteger } from "@web/views/fields/formatters";

/**
 * A graph whose axis of counts (records, answers, installments) shows whole
 * numbers only: ``<graph js_class="beneficiary_count_graph">``.
 */
export class CountGraphRenderer extends GraphRenderer {
    getScaleOptions() {
        const scales = super.getScaleOptions();
        const { measure, measures } = this.model.metaData;
        if (scales.y && (measure === "__count" || measures[measure]?.type === "integer")) {
            scales.y.ticks = {
                ...scales.y.ticks,
                precision: 0,
                callback: (value) => formatInteger(value),
            };
        }
        return scales;
    }
}

registry.category("views").add("beneficiary_count_graph", {
    ...graphView,
    Renderer: CountGraphRenderer,
});
