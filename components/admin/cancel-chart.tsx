"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { CancelStats } from "@/lib/admin/cancel-stats";
import styles from "./cancel-chart.module.css";
import { formatHour, formatNumber, formatRate } from "./format";

/** Cancels per hour (bars) and the noop rate (line, right axis); empty hours are gaps in the line. */
export function CancelChart({ stats }: { stats: CancelStats }) {
  const data = stats.hourly.map((point) => ({
    hour: point.hour,
    cancels: point.cancels,
    noopPercent: point.noopRate === null ? null : point.noopRate * 100,
  }));
  const busiest = stats.hourly.reduce((max, point) => Math.max(max, point.cancels), 0);
  return (
    <figure className={styles.figure}>
      <figcaption className={styles.caption}>
        Cancels and noop rate per hour (UTC): {formatNumber(stats.cancels)} cancels, at most{" "}
        {formatNumber(busiest)} in an hour, noop rate {formatRate(stats.noopRate)} overall.
      </figcaption>
      <div className={styles.chart}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid stroke="var(--color-border)" vertical={false} />
            <XAxis dataKey="hour" tickFormatter={formatHour} minTickGap={32} tick={{ fontSize: 12 }} />
            <YAxis yAxisId="cancels" allowDecimals={false} tick={{ fontSize: 12 }} />
            <YAxis
              yAxisId="rate"
              orientation="right"
              domain={[0, 100]}
              unit="%"
              tick={{ fontSize: 12 }}
              width={48}
            />
            <Tooltip
              labelFormatter={(label) => `${formatHour(String(label))} UTC`}
              formatter={(value, name) =>
                name === "Noop rate" ? `${Number(value).toFixed(1)} %` : formatNumber(Number(value))
              }
              contentStyle={{ background: "var(--color-surface)", borderColor: "var(--color-border)" }}
            />
            <Legend />
            <Bar yAxisId="cancels" dataKey="cancels" name="Cancels" fill="var(--color-brand)" />
            <Line
              yAxisId="rate"
              dataKey="noopPercent"
              name="Noop rate"
              stroke="var(--color-fat)"
              strokeWidth={2}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
