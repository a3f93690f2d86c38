/** Mastery per skill as a bar chart (uPlot), with the same numbers in a table beside it. */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Bar {
  label: string;
  value: number; // 0..1
}

export function MasteryChart({ bars, title }: { bars: Bar[]; title: string }) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el || bars.length === 0) return;
    const width = Math.max(260, Math.min(el.clientWidth || 600, 720));
    const data: uPlot.AlignedData = [bars.map((_, i) => i), bars.map((b) => Math.round(b.value * 100))];
    const plot = new uPlot(
      {
        width,
        height: 220,
        title,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.5, bars.length - 0.5] }, y: { range: [0, 100] } },
        axes: [
          { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t + 1) : "")) },
          { label: "mastery %", values: (_u, ticks) => ticks.map((t) => `${t}`) },
        ],
        series: [
          {},
          {
            label: "mastery",
            stroke: "#1d4ed8",
            fill: "rgba(29, 78, 216, 0.35)",
            paths: uPlot.paths.bars!({ size: [0.6, 60] }),
            points: { show: false },
          },
        ],
      },
      data,
      el,
    );
    return () => plot.destroy();
  }, [bars, title]);

  if (bars.length === 0) return <p>No practice yet: answer a question to see your mastery here.</p>;
  return (
    <figure className="chart">
      <div ref={host} aria-hidden="true" />
      <figcaption>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Skill</th>
              <th scope="col">Mastery</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b, i) => (
              <tr key={b.label}>
                <td>{i + 1}</td>
                <td>{b.label}</td>
                <td>
                  <meter min={0} max={1} value={b.value} aria-label={`${b.label} mastery`} /> {Math.round(b.value * 100)}%
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
