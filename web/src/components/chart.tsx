/**
 * Charts as inline SVG, drawn as the HTML report draws them (workflows/figures/
 * render-html.ts: the same sizes, colours and dashes) but as Preact elements, so the
 * page needs no innerHTML and nothing inline that the Content-Security-Policy refuses:
 * presentation attributes only, text styled from app.css. Each chart is an image with a
 * name and a description (role img, title, desc), and the table beside it carries
 * every number it draws.
 */

import type { ComponentChildren } from 'preact';

/** How far in from the axes the first and last points sit, as in the HTML report. */
const AXIS_INSET = 24;

/** A chart as an image with a name and a description, which its title and desc give it. */
function ChartImage({
  id,
  title,
  description,
  width,
  height,
  children,
}: {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
  children: ComponentChildren;
}) {
  return (
    <svg
      class="app-chart"
      role="img"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      aria-labelledby={`${id}-title ${id}-desc`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

export interface Bar {
  readonly label: string;
  readonly count: number;
}

/** Horizontal bars with their counts written beside them. */
export function BarChart({ id, title, bars }: { id: string; title: string; bars: readonly Bar[] }) {
  const width = 640;
  const barHeight = 22;
  const labelWidth = 220;
  const height = bars.length * (barHeight + 6) + 10;
  const most = Math.max(1, ...bars.map((b) => b.count));
  const scale = (width - labelWidth - 60) / most;
  return (
    <ChartImage
      id={id}
      title={title}
      description={bars.map((b) => `${b.label}: ${b.count}`).join('; ')}
      width={width}
      height={height}
    >
      {bars.map((bar, i) => {
        const y = 5 + i * (barHeight + 6);
        const length = bar.count * scale;
        return (
          <g key={bar.label}>
            <text x={labelWidth - 8} y={y + 15} text-anchor="end">
              {bar.label}
            </text>
            <rect
              x={labelWidth}
              y={y}
              width={length.toFixed(1)}
              height={barHeight}
              fill="#1d70b8"
            />
            <text x={(labelWidth + length + 6).toFixed(1)} y={y + 15}>
              {bar.count}
            </text>
          </g>
        );
      })}
    </ChartImage>
  );
}

export interface Line {
  /** Short name in the key: `L5`. */
  readonly key: string;
  readonly colour: string;
  /** A dash pattern, so a line is told apart without its colour. */
  readonly dash: string;
  /** Percentages by point; undefined where there was nothing to count (the line breaks). */
  readonly values: readonly (number | undefined)[];
}

/** Percentages over time, 0 to 100%, one line each; an empty point breaks its line. */
export function LineChart({
  id,
  title,
  description,
  labels,
  lines,
}: {
  id: string;
  title: string;
  description: string;
  /** The label of each point on the x axis: `Apr`. */
  labels: readonly string[];
  lines: readonly Line[];
}) {
  const [left, right, top, bottom] = [44, 12, 12, 40];
  const width = 640;
  const height = 260;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  // The first and last points sit AXIS_INSET in from the axes, so the first label
  // clears the "0%" beside the axis.
  const x = (i: number) =>
    left +
    (labels.length <= 1
      ? plotWidth / 2
      : AXIS_INSET + (i * (plotWidth - 2 * AXIS_INSET)) / (labels.length - 1));
  const y = (percent: number) => top + ((100 - percent) * plotHeight) / 100;
  const dash = (line: Line) => (line.dash ? { 'stroke-dasharray': line.dash } : {});
  return (
    <ChartImage id={id} title={title} description={description} width={width} height={height}>
      {[0, 25, 50, 75, 100].map((tick) => (
        <g key={tick}>
          <line
            x1={left}
            x2={width - right}
            y1={y(tick)}
            y2={y(tick)}
            stroke="#b1b4b6"
            stroke-width="1"
          />
          <text x={left - 6} y={y(tick) + 4} text-anchor="end">
            {tick}%
          </text>
        </g>
      ))}
      {labels.map((label, i) => (
        <text key={`${i}-${label}`} x={x(i)} y={height - bottom + 16} text-anchor="middle">
          {label}
        </text>
      ))}
      {lines.map((line) => {
        let path = '';
        let drawing = false;
        const points: { cx: string; cy: string }[] = [];
        line.values.forEach((percent, i) => {
          if (percent === undefined) {
            drawing = false;
            return;
          }
          path += `${drawing ? 'L' : 'M'}${x(i).toFixed(1)} ${y(percent).toFixed(1)} `;
          drawing = true;
          points.push({ cx: x(i).toFixed(1), cy: y(percent).toFixed(1) });
        });
        return (
          <g key={line.key}>
            {points.map((p) => (
              <circle key={p.cx} cx={p.cx} cy={p.cy} r="3" fill={line.colour} />
            ))}
            {path && (
              <path
                d={path.trim()}
                fill="none"
                stroke={line.colour}
                stroke-width="2"
                {...dash(line)}
              />
            )}
          </g>
        );
      })}
      {lines.map((line, i) => {
        const ly = height - 8;
        const lx = left + i * 200;
        return (
          <g key={`key-${line.key}`}>
            <line
              x1={lx}
              x2={lx + 24}
              y1={ly - 4}
              y2={ly - 4}
              stroke={line.colour}
              stroke-width="2"
              {...dash(line)}
            />
            <text x={lx + 28} y={ly}>
              {line.key}
            </text>
          </g>
        );
      })}
    </ChartImage>
  );
}
