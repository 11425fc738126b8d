// Charts drawn on the server: from categories along the x axis (such as months) and one or more series
// of values, the geometry of an SVG line or grouped-column chart (scale, ticks, points, bars, legend)
// and the same numbers as a table. Pure: the partial _chart.njk draws it, so a chart needs no
// JavaScript and no inline style (every position is an attribute, every colour a CSS class). Series
// are told apart without colour: each has its own dash pattern and marker shape on a line chart, and
// its own fill pattern on a column chart, shown again in the legend.

export type ChartKind = 'line' | 'column';

/**
 * A category on the x axis: its name in the table and the description, and optionally a shorter one
 * for the axis, with a second line under it (such as the year under the first month and each January).
 */
export type ChartCategory = string | { readonly label: string; readonly axisLabel?: string; readonly axisSubLabel?: string };

export interface ChartSeriesInput {
  readonly name: string;
  /** One value per category, in the categories' order; a missing value counts as 0. */
  readonly values: readonly number[];
}

export interface ChartInput {
  /** Unique on the page: the SVG's title, description and patterns are named from it. */
  readonly id: string;
  readonly kind: ChartKind;
  readonly title: string;
  readonly categories: readonly ChartCategory[];
  readonly series: readonly ChartSeriesInput[];
  /** Replaces the generated description (the SVG's <desc>). */
  readonly description?: string;
  /** The table's first column heading, such as "Month" ("Category" unless told). */
  readonly categoryHeading?: string;
  /** What the values measure, written along the y axis and in the description, such as "Hours". */
  readonly valueHeading?: string;
  /** Digits after the point in labels and the table; 0 (the default) keeps the scale to whole steps. */
  readonly decimals?: number;
  /** A total column (per category) and a total row (per series) in the table. */
  readonly totals?: boolean;
  /** The drawing's own units; by default as wide as the column it is drawn in, so its text is read at its size. */
  readonly width?: number;
  readonly height?: number;
}

export interface ChartTick {
  readonly value: number;
  readonly label: string;
  readonly y: number;
}

export interface ChartCategoryGeometry {
  readonly label: string;
  readonly axisLabel: string;
  readonly axisSubLabel: string;
  /** The centre of the category's band. */
  readonly x: number;
  /** Whether its label is written on the axis: crowded axes label every second, third… category. */
  readonly labelled: boolean;
}

export interface ChartPoint {
  readonly category: string;
  readonly value: number;
  readonly label: string;
  readonly x: number;
  readonly y: number;
}

export interface ChartBar extends ChartPoint {
  /** The bar's left edge (x is its centre). */
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface ChartSeriesGeometry {
  readonly name: string;
  /** 1 to 6, for its CSS class (colour, dash, fill pattern) and its marker. */
  readonly style: number;
  /** The fill of its bars and legend swatch: solid for the first series, a pattern of the chart's for the rest. */
  readonly fill: string;
  readonly points: readonly ChartPoint[];
  /** The line through the points (line charts). */
  readonly linePath: string;
  /** Every point's marker as one path (line charts): a shape of its own per series. */
  readonly markerPath: string;
  readonly bars: readonly ChartBar[];
  readonly total: number;
  readonly totalLabel: string;
}

export interface ChartLegendItem {
  readonly name: string;
  readonly style: number;
  readonly x: number;
  readonly y: number;
  /** The swatch: a short line with its marker (line charts) or a small filled box (column charts). */
  readonly swatch: { readonly left: number; readonly top: number; readonly size: number; readonly linePath: string; readonly markerPath: string };
  readonly textX: number;
  readonly textY: number;
}

export interface Chart {
  readonly id: string;
  readonly kind: ChartKind;
  /** The table beside the chart (two thirds and one third of the page) when it is narrow enough; else below it. */
  readonly layout: 'beside' | 'below';
  readonly title: string;
  readonly description: string;
  readonly titleId: string;
  readonly descriptionId: string;
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly yTicks: readonly ChartTick[];
  /** Where the zero line is drawn. */
  readonly baseline: number;
  readonly categories: readonly ChartCategoryGeometry[];
  readonly series: readonly ChartSeriesGeometry[];
  readonly legend: readonly ChartLegendItem[];
  readonly valueHeading: string;
  readonly yAxisTitle: { readonly x: number; readonly y: number } | null;
  readonly table: {
    readonly caption: string;
    readonly headings: readonly string[];
    readonly rows: ReadonlyArray<{ readonly category: string; readonly cells: readonly string[] }>;
    readonly totals: readonly string[] | null;
  };
}

/** How many series a chart tells apart before styles repeat. */
export const SERIES_STYLES = 6;
const MAX_TICKS = 5;
const MARKER_SIZE = 4;
/** The width a character of axis or legend text takes, roughly, at the chart's font size (14px). */
const CHARACTER_WIDTH = 7.5;
const LEGEND_ROW = 22;
const LEGEND_SWATCH = 14;
/** The most columns (the category's and the values') a table beside a chart has room for. */
const COLUMNS_BESIDE = 3;
/** The width of the page's two-thirds and full columns, in CSS pixels, at the GOV.UK page's widest. */
const WIDTH = { beside: 620, below: 940 } as const;

const round = (n: number) => Math.round(n * 100) / 100;
const categoryLabel = (c: ChartCategory) => (typeof c === 'string' ? c : c.label);
const categoryAxisLabel = (c: ChartCategory) => (typeof c === 'string' ? c : (c.axisLabel ?? c.label));
const categoryAxisSubLabel = (c: ChartCategory) => (typeof c === 'string' ? '' : (c.axisSubLabel ?? ''));

/** The step between ticks: 1, 2 or 5 times a power of ten, no smaller than `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * The value axis: from the lowest value (or 0) to the highest, widened to whole steps of a nice size,
 * with at most MAX_TICKS + 1 ticks. Whole-number data (decimals 0) is never given a fractional step,
 * and a chart of nothing but zeros still has an axis from 0 to 1.
 */
export function valueScale(values: readonly number[], decimals = 0): { readonly min: number; readonly max: number; readonly step: number; readonly ticks: readonly number[] } {
  const finite = values.filter((v) => Number.isFinite(v));
  let low = Math.min(0, ...finite);
  let high = Math.max(0, ...finite);
  if (high === low) high = low + 1;
  let step = niceStep((high - low) / MAX_TICKS);
  if (decimals === 0) step = Math.max(1, Math.round(step));
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;
  const places = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let v = low; v <= high + step / 2; v += step) ticks.push(Number(v.toFixed(places)));
  return { min: ticks[0] ?? low, max: ticks[ticks.length - 1] ?? high, step, ticks };
}

/** A number as the chart writes it: the given digits after the point, with thousands separated. */
export function formatValue(value: number, decimals = 0): string {
  return numberFormat(decimals).format(value);
}

// toLocaleString with options builds a formatter on every call (about 50 µs): a page of charts formats
// hundreds of values, so one formatter per number of decimals is kept.
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();
function numberFormat(decimals: number): Intl.NumberFormat {
  let format = NUMBER_FORMATS.get(decimals);
  if (!format) NUMBER_FORMATS.set(decimals, (format = new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return format;
}

/** A marker's outline, centred on (x, y): circle, square, triangle, diamond, triangle pointing down, bar. */
export function markerPath(style: number, x: number, y: number, size = MARKER_SIZE): string {
  const s = size;
  switch (((style - 1) % SERIES_STYLES) + 1) {
    case 1:
      return `M${round(x - s)} ${round(y)}a${s} ${s} 0 1 0 ${2 * s} 0a${s} ${s} 0 1 0 ${-2 * s} 0Z`;
    case 2:
      return `M${round(x - s)} ${round(y - s)}h${2 * s}v${2 * s}h${-2 * s}Z`;
    case 3:
      return `M${round(x)} ${round(y - s - 1)}L${round(x + s + 1)} ${round(y + s)}H${round(x - s - 1)}Z`;
    case 4:
      return `M${round(x)} ${round(y - s - 1)}L${round(x + s + 1)} ${round(y)}L${round(x)} ${round(y + s + 1)}L${round(x - s - 1)} ${round(y)}Z`;
    case 5:
      return `M${round(x)} ${round(y + s + 1)}L${round(x + s + 1)} ${round(y - s)}H${round(x - s - 1)}Z`;
    default:
      return `M${round(x - s - 1)} ${round(y - s / 2)}h${2 * s + 2}v${s}h${-2 * s - 2}Z`;
  }
}

/** The chart's text alternative: what it shows and, for each series, its total and where it peaks. */
function describe(input: ChartInput, labels: readonly string[], decimals: number): string {
  if (labels.length === 0) return `${input.kind === 'line' ? 'Line' : 'Column'} chart: ${input.title}. There is nothing to show.`;
  const span = labels.length === 1 ? labels[0] : `${labels[0]} to ${labels[labels.length - 1]}`;
  const measure = input.valueHeading ? ` (${input.valueHeading.toLowerCase()})` : '';
  const parts = input.series.map((s) => {
    const values = labels.map((_, i) => s.values[i] ?? 0);
    const peak = Math.max(...values);
    const total = values.reduce((a, b) => a + b, 0);
    return peak === 0 ? `${s.name}: none` : `${s.name}: ${formatValue(total, decimals)} in all, the most ${formatValue(peak, decimals)} in ${labels[values.indexOf(peak)]}`;
  });
  return `${input.kind === 'line' ? 'Line' : 'Column'} chart: ${input.title}${measure}, ${span}. ${parts.join('; ')}. The table gives every value.`;
}

/** Lays out the chart: the legend across the top, the value axis on the left, a band per category below. */
export function chart(input: ChartInput): Chart {
  const decimals = input.decimals ?? 0;
  const layout = 1 + input.series.length + (input.totals ? 1 : 0) <= COLUMNS_BESIDE ? 'beside' : 'below';
  const width = input.width ?? WIDTH[layout];
  const height = input.height ?? 320;
  const labels = input.categories.map(categoryLabel);
  const axisLabels = input.categories.map(categoryAxisLabel);
  const axisSubLabels = input.categories.map(categoryAxisSubLabel);
  const valuesOf = (s: ChartSeriesInput) => labels.map((_, i) => s.values[i] ?? 0);
  const scale = valueScale(input.series.flatMap(valuesOf), decimals);
  const tickLabels = scale.ticks.map((v) => formatValue(v, decimals));

  // The legend wraps onto as many rows as its names need.
  const legendPositions: Array<{ x: number; row: number }> = [];
  let cursor = 8;
  let row = 0;
  for (const s of input.series) {
    const itemWidth = LEGEND_SWATCH * 2 + 8 + s.name.length * CHARACTER_WIDTH + 24;
    if (cursor > 8 && cursor + itemWidth > width) {
      cursor = 8;
      row += 1;
    }
    legendPositions.push({ x: cursor, row });
    cursor += itemWidth;
  }
  const legendHeight = input.series.length > 0 ? (row + 1) * LEGEND_ROW + 8 : 0;

  const yTitleWidth = input.valueHeading ? 22 : 0;
  const left = yTitleWidth + Math.max(...tickLabels.map((l) => l.length), 1) * CHARACTER_WIDTH + 14;
  const right = width - 12;
  const top = legendHeight + 12;
  const bottom = height - (axisSubLabels.some((l) => l !== '') ? 46 : 30);
  const plotHeight = bottom - top;
  const y = (v: number) => round(bottom - ((v - scale.min) / (scale.max - scale.min)) * plotHeight);

  const n = labels.length;
  const band = n > 0 ? (right - left) / n : right - left;
  const centre = (i: number) => round(left + band * (i + 0.5));
  const widest = Math.max(...axisLabels.map((l) => l.length), ...axisSubLabels.map((l) => l.length), 1) * CHARACTER_WIDTH + 8;
  const labelEvery = Math.max(1, Math.ceil(widest / band));

  const groupWidth = band * 0.8;
  const barGap = input.series.length > 1 ? Math.min(3, groupWidth / input.series.length / 4) : 0;
  const barWidth = input.series.length > 0 ? groupWidth / input.series.length - barGap : 0;
  const baseline = y(Math.max(scale.min, Math.min(0, scale.max)));

  const series = input.series.map((s, index): ChartSeriesGeometry => {
    const style = (index % SERIES_STYLES) + 1;
    const values = valuesOf(s);
    const points = values.map((value, i) => ({ category: labels[i] ?? '', value, label: formatValue(value, decimals), x: centre(i), y: y(value) }));
    const bars = points.map((p, i) => {
      const barLeft = round(left + band * i + (band - groupWidth) / 2 + index * (barWidth + barGap) + barGap / 2);
      const topEdge = Math.min(p.y, baseline);
      return { ...p, x: round(barLeft + barWidth / 2), left: barLeft, top: topEdge, width: round(barWidth), height: round(Math.abs(baseline - p.y)) };
    });
    const total = values.reduce((a, b) => a + b, 0);
    return {
      name: s.name,
      style,
      fill: style === 1 ? 'currentColor' : `url(#${input.id}-fill-${style})`,
      points,
      linePath: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(''),
      markerPath: points.map((p) => markerPath(style, p.x, p.y)).join(''),
      bars: input.kind === 'column' ? bars : [],
      total,
      totalLabel: formatValue(total, decimals),
    };
  });

  const legend = input.series.map((s, index): ChartLegendItem => {
    const style = (index % SERIES_STYLES) + 1;
    const position = legendPositions[index] ?? { x: 8, row: 0 };
    const middle = 8 + position.row * LEGEND_ROW + LEGEND_SWATCH / 2;
    const swatchWidth = LEGEND_SWATCH * 2;
    return {
      name: s.name,
      style,
      x: position.x,
      y: middle,
      swatch: {
        left: position.x,
        top: round(middle - LEGEND_SWATCH / 2),
        size: LEGEND_SWATCH,
        linePath: `M${position.x} ${middle}h${swatchWidth}`,
        markerPath: markerPath(style, position.x + swatchWidth / 2, middle),
      },
      textX: position.x + swatchWidth + 6,
      textY: round(middle + 5),
    };
  });

  const categoryTotals = labels.map((_, i) => input.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  return {
    id: input.id,
    kind: input.kind,
    layout,
    title: input.title,
    description: input.description ?? describe(input, labels, decimals),
    titleId: `${input.id}-title`,
    descriptionId: `${input.id}-description`,
    width,
    height,
    plot: { left: round(left), top, right, bottom },
    yTicks: scale.ticks.map((value, i) => ({ value, label: tickLabels[i] ?? '', y: y(value) })),
    baseline,
    categories: labels.map((label, i) => ({ label, axisLabel: axisLabels[i] ?? label, axisSubLabel: axisSubLabels[i] ?? '', x: centre(i), labelled: i % labelEvery === 0 })),
    series,
    legend,
    valueHeading: input.valueHeading ?? '',
    yAxisTitle: input.valueHeading ? { x: 14, y: round(top + plotHeight / 2) } : null,
    table: {
      caption: input.title,
      headings: [input.categoryHeading ?? 'Category', ...input.series.map((s) => s.name), ...(input.totals ? ['Total'] : [])],
      rows: labels.map((category, i) => ({
        category,
        cells: [...series.map((s) => s.points[i]?.label ?? ''), ...(input.totals ? [formatValue(categoryTotals[i] ?? 0, decimals)] : [])],
      })),
      totals: input.totals ? [...series.map((s) => s.totalLabel), formatValue(series.reduce((sum, s) => sum + s.total, 0), decimals)] : null,
    },
  };
}
