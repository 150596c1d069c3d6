/** @odoo-module */
/*
 * The association's dashboard: the figures of a period preset as cards and
 * charts, each opening the records behind it (beneficiary.dashboard).
 */
import { Component, onWillStart, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { getColor } from "@web/core/colors/colors";
import { localization } from "@web/core/l10n/localization";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { cookie } from "@web/core/browser/cookie";

const TONES = {
    success: "#28a745",
    danger: "#dc3545",
    warning: "#f0ad4e",
    info: "#17a2b8",
};

export class DashboardChart extends Component {
    static template = "beneficiary_relations.DashboardChart";
    static props = { chart: Object, onOpen: Function };

    setup() {
        this.canvasRef = useRef("canvas");
        this.chart = null;
        useEffect(
            () => {
                this.renderChart();
                return () => this.chart?.destroy();
            },
            () => [this.props.chart]
        );
    }

    get isEmpty() {
        const { labels, datasets } = this.props.chart;
        return !labels.length || !datasets.some((set) => set.data.some((value) => value));
    }

    renderChart() {
        if (this.isEmpty) {
            return;
        }
        const spec = this.props.chart;
        const colorScheme = cookie.get("color_scheme");
        const rtl = localization.direction === "rtl";
        const datasets = spec.datasets.map((set, index) => {
            const color = TONES[set.tone] || getColor(index, colorScheme);
            return {
                label: set.label,
                data: set.data,
                backgroundColor: spec.type === "line" ? `${color}33` : color,
                borderColor: color,
                fill: spec.type === "line",
                tension: 0.3,
                spanGaps: true,
            };
        });
        const valueAxis = {
            beginAtZero: true,
            stacked: spec.stacked,
            ticks: spec.integer ? { precision: 0 } : {},
            max: spec.max,
        };
        const labelAxis = { stacked: spec.stacked, grid: { display: false } };
        this.chart = new Chart(this.canvasRef.el, {
            type: spec.type,
            data: { labels: spec.labels, datasets },
            options: {
                maintainAspectRatio: false,
                indexAxis: spec.horizontal ? "y" : "x",
                scales: spec.horizontal
                    ? { x: valueAxis, y: labelAxis }
                    : { x: labelAxis, y: valueAxis },
                plugins: {
                    legend: { position: "bottom", rtl, labels: { boxWidth: 12 } },
                    tooltip: { rtl },
                },
                onClick: (event, elements) => {
                    const element = elements[0];
                    if (element) {
                        const action = spec.datasets[element.datasetIndex].actions[element.index];
                        this.props.onOpen(action);
                    }
                },
                onHover: (event, elements) => {
                    event.native.target.style.cursor = elements.length ? "pointer" : "default";
                },
            },
        });
    }
}

export class BeneficiaryDashboard extends Component {
    static template = "beneficiary_relations.Dashboard";
    static components = { DashboardChart };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ period: "month", data: null });
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
    }

    async load() {
        this.state.data = await this.orm.call("beneficiary.dashboard", "get_dashboard", [
            this.state.period,
        ]);
    }

    async setPeriod(period) {
        this.state.period = period;
        await this.load();
    }

    open(action) {
        if (action) {
            this.action.doAction(action);
        }
    }

    async printPeriodReport() {
        const { data } = this.state;
        const action = await this.orm.call("beneficiary.dashboard", "action_print_period", [
            data.period.key,
        ]);
        this.action.doAction(action);
    }
}

registry.category("actions").add("beneficiary_relations.dashboard", BeneficiaryDashboard);
