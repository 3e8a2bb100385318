/**
 * The bench's own chart, as plain SVG (no service, no dependency): generation time against spec
 * size, and how many times faster than Ajv our validator is on each case.
 */
import type { GenerationResults, GrowthPoint } from './generation.js';
import type { ValidatorCaseResult } from './validators.js';

const WIDTH = 920;
const HEIGHT = 380;
const PANEL = { top: 56, bottom: 300, left: 70, width: 360 } as const;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';
const COLORS = { parameters: '#2563eb', operations: '#d97706', ajv: '#059669', standalone: '#7c3aed', goal: '#dc2626', grid: '#e5e7eb', text: '#111827', muted: '#6b7280' } as const;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text({ x, y, value, size = 12, anchor = 'start', color = COLORS.text, weight = 'normal' }: { x: number; y: number; value: string; size?: number; anchor?: string; color?: string; weight?: string }): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${FONT} font-size="${size}" text-anchor="${anchor}" fill="${color}" font-weight="${weight}">${escape(value)}</text>`;
}

/** Powers of ten covering [min, max], for a log axis. */
function decades(min: number, max: number): number[] {
  const out: number[] = [];
  for (let p = Math.floor(Math.log10(min)); p <= Math.ceil(Math.log10(max)); p++) out.push(10 ** p);
  return out;
}

function logScale({ min, max, from, to }: { min: number; max: number; from: number; to: number }): (value: number) => number {
  const lo = Math.log10(min);
  const hi = Math.log10(max);
  return (value) => from + ((Math.log10(value) - lo) / (hi - lo)) * (to - from);
}

function formatTick(value: number, unit: string): string {
  if (value >= 1000 && unit === 'ms') return `${value / 1000} s`;
  if (value >= 1000) return `${value / 1000}k${unit}`;
  return `${value}${unit}`;
}

/** Left panel: generation time against parameters (1 operation) and operations, both axes logarithmic. */
function growthPanel(generation: GenerationResults): string {
  const series: { label: string; color: string; points: readonly GrowthPoint[]; x: (p: GrowthPoint) => number }[] = [
    { label: 'parameters (1 operation)', color: COLORS.parameters, points: generation.byParameters, x: (p) => p.parametersPerOperation },
    { label: 'operations (5 parameters each)', color: COLORS.operations, points: generation.byOperations, x: (p) => p.operations },
  ];
  const xs = series.flatMap((s) => s.points.map(s.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.medianMs));
  const xTicks = decades(Math.min(...xs), Math.max(...xs));
  const yTicks = decades(Math.min(...ys), Math.max(...ys));
  const x = logScale({ min: xTicks[0]!, max: xTicks[xTicks.length - 1]!, from: PANEL.left, to: PANEL.left + PANEL.width });
  const y = logScale({ min: yTicks[0]!, max: yTicks[yTicks.length - 1]!, from: PANEL.bottom, to: PANEL.top });
  const parts: string[] = [text({ x: PANEL.left, y: 30, value: 'Generation time against spec size (warm, log–log)', size: 14, weight: 'bold' })];
  for (const tick of yTicks) {
    parts.push(`<line x1="${PANEL.left}" x2="${PANEL.left + PANEL.width}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="${COLORS.grid}"/>`);
    parts.push(text({ x: PANEL.left - 8, y: y(tick) + 4, value: formatTick(tick, 'ms'), anchor: 'end', size: 11, color: COLORS.muted }));
  }
  for (const tick of xTicks) {
    parts.push(`<line x1="${x(tick).toFixed(1)}" x2="${x(tick).toFixed(1)}" y1="${PANEL.top}" y2="${PANEL.bottom}" stroke="${COLORS.grid}"/>`);
    parts.push(text({ x: x(tick), y: PANEL.bottom + 16, value: String(tick), anchor: 'middle', size: 11, color: COLORS.muted }));
  }
  parts.push(text({ x: PANEL.left + PANEL.width / 2, y: PANEL.bottom + 34, value: 'size (parameters or operations)', anchor: 'middle', size: 11, color: COLORS.muted }));
  series.forEach((s, index) => {
    const path = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(s.x(p)).toFixed(1)},${y(p.medianMs).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const p of s.points) {
      parts.push(`<circle cx="${x(s.x(p)).toFixed(1)}" cy="${y(p.medianMs).toFixed(1)}" r="3.5" fill="${s.color}"><title>${escape(`${s.x(p)} ${s.label}: ${p.medianMs.toFixed(0)} ms`)}</title></circle>`);
    }
    const legendY = PANEL.bottom + 54 + index * 16;
    parts.push(`<rect x="${PANEL.left}" y="${legendY - 9}" width="10" height="10" fill="${s.color}"/>`);
    parts.push(text({ x: PANEL.left + 16, y: legendY, value: s.label, size: 11 }));
  });
  return parts.join('\n');
}

/** Right panel: Ajv's time over ours per case (log scale), with the 2× goal as a line. */
function ratioPanel(validators: readonly ValidatorCaseResult[]): string {
  const left = PANEL.left + PANEL.width + 110;
  const width = WIDTH - left - 30;
  const ratios = validators.flatMap((v) => [v.ratioVsAjv, v.ratioVsStandalone]);
  const ticks = decades(Math.min(0.1, ...ratios), Math.max(10, ...ratios));
  const y = logScale({ min: ticks[0]!, max: ticks[ticks.length - 1]!, from: PANEL.bottom, to: PANEL.top });
  const parts: string[] = [text({ x: left, y: 30, value: 'Validator: times faster than Ajv (log scale)', size: 14, weight: 'bold' })];
  for (const tick of ticks) {
    parts.push(`<line x1="${left}" x2="${left + width}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="${COLORS.grid}"/>`);
    parts.push(text({ x: left - 8, y: y(tick) + 4, value: `${tick >= 1 ? tick.toLocaleString('en-US') : tick}×`, anchor: 'end', size: 11, color: COLORS.muted }));
  }
  const base = y(1);
  const group = width / validators.length;
  const bar = Math.min(18, group / 3);
  validators.forEach((v, index) => {
    const center = left + group * index + group / 2;
    for (const [offset, value, color, label] of [
      [-bar, v.ratioVsAjv, COLORS.ajv, 'Ajv'],
      [0, v.ratioVsStandalone, COLORS.standalone, 'Ajv standalone'],
    ] as const) {
      const top = Math.min(base, y(value));
      const height = Math.max(1, Math.abs(base - y(value)));
      parts.push(`<rect x="${(center + offset).toFixed(1)}" y="${top.toFixed(1)}" width="${bar}" height="${height.toFixed(1)}" fill="${color}"><title>${escape(`${v.name}: ${value.toFixed(2)}× vs ${label}`)}</title></rect>`);
    }
    parts.push(text({ x: center, y: PANEL.bottom + 16, value: v.name.replace(/, .*$/, ''), anchor: 'middle', size: 10, color: COLORS.muted }));
  });
  parts.push(`<line x1="${left}" x2="${left + width}" y1="${y(2).toFixed(1)}" y2="${y(2).toFixed(1)}" stroke="${COLORS.goal}" stroke-dasharray="5 4" stroke-width="1.5"/>`);
  parts.push(text({ x: left + width, y: y(2) - 5, value: 'goal 2×', anchor: 'end', size: 11, color: COLORS.goal }));
  parts.push(`<line x1="${left}" x2="${left + width}" y1="${base.toFixed(1)}" y2="${base.toFixed(1)}" stroke="${COLORS.muted}"/>`);
  const legend = [
    [COLORS.ajv, 'vs Ajv (compiled in memory)'],
    [COLORS.standalone, 'vs Ajv standalone code'],
  ] as const;
  legend.forEach(([color, label], index) => {
    const legendY = PANEL.bottom + 54 + index * 16;
    parts.push(`<rect x="${left}" y="${legendY - 9}" width="10" height="10" fill="${color}"/>`);
    parts.push(text({ x: left + 16, y: legendY, value: label, size: 11 }));
  });
  return parts.join('\n');
}

export function renderChart({ generation, validators }: { generation: GenerationResults; validators: readonly ValidatorCaseResult[] }): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT + 20}" viewBox="0 0 ${WIDTH} ${HEIGHT + 20}" role="img" aria-label="Generation time against spec size, and validator speed against Ajv">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    growthPanel(generation),
    ratioPanel(validators),
    '</svg>',
    '',
  ].join('\n');
}
