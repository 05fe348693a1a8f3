import { escapeXml, textWidth } from '../charts/radar.js';

/**
 * The board report's small att-göra chart: one horizontal stacked bar per organisation (done, on time, at risk,
 * overdue), counts in the segments, a legend underneath. An SVG built in code like the radar, rasterised with the
 * same resvg + bundled DejaVu font (src/charts/render-png.ts). Colours carry meaning and nothing else:
 * grey = done, green = on time, amber = at risk, red = overdue.
 */

export const STATUS_COLORS = { done: '#8A8F98', onTime: '#2E7D32', atRisk: '#E0A100', overdue: '#C62828' } as const;
export type StatusKey = keyof typeof STATUS_COLORS;
const ORDER: readonly StatusKey[] = ['done', 'onTime', 'atRisk', 'overdue'];
/** Text on a segment: white on the dark fills, near-black on amber (contrast ≥ 4.5:1 both). */
const ON_FILL: Record<StatusKey, string> = { done: '#ffffff', onTime: '#ffffff', atRisk: '#1f1f1f', overdue: '#ffffff' };

export interface StatusRow {
  label: string;
  counts: Record<StatusKey, number>;
}

export interface StatusChartOptions {
  rows: readonly StatusRow[];
  legend: Record<StatusKey, string>;
  /** Width in px; default 720. */
  width?: number;
}

const FONT = "'DejaVu Sans', sans-serif";
const r2 = (n: number) => Math.round(n * 100) / 100;

export function statusChartSvg(options: StatusChartOptions): string {
  const width = options.width ?? 720;
  const fs = 15;
  const pad = 12;
  const barH = 26;
  const gap = 14;
  const labelW = Math.min(width * 0.38, Math.max(...options.rows.map((r) => textWidth(r.label, fs)), 40) + 14);
  const totalW = Math.max(...options.rows.map((r) => textWidth(String(ORDER.reduce((n, k) => n + r.counts[k], 0)), fs)), 10) + 12;
  const barX = pad + labelW;
  const barMax = width - barX - pad - totalW;
  const max = Math.max(1, ...options.rows.map((r) => ORDER.reduce((n, k) => n + r.counts[k], 0)));
  const parts: string[] = [];
  let y = pad;
  for (const row of options.rows) {
    const cy = y + barH / 2;
    parts.push(`<text x="${r2(barX - 10)}" y="${r2(cy + fs * 0.36)}" font-size="${fs}" text-anchor="end" fill="#333333">${escapeXml(row.label)}</text>`);
    let x = barX;
    const total = ORDER.reduce((n, k) => n + row.counts[k], 0);
    if (total === 0) parts.push(`<rect x="${r2(barX)}" y="${r2(y)}" width="2" height="${barH}" fill="#c7c7c7"/>`);
    for (const key of ORDER) {
      const count = row.counts[key];
      if (count === 0) continue;
      const w = (barMax * count) / max;
      parts.push(`<rect x="${r2(x)}" y="${r2(y)}" width="${r2(w)}" height="${barH}" fill="${STATUS_COLORS[key]}"/>`);
      if (textWidth(String(count), fs - 1, true) + 8 <= w) {
        parts.push(`<text x="${r2(x + w / 2)}" y="${r2(cy + (fs - 1) * 0.36)}" font-size="${fs - 1}" font-weight="bold" text-anchor="middle" fill="${ON_FILL[key]}">${count}</text>`);
      }
      x += w;
    }
    parts.push(`<text x="${r2(x + 8)}" y="${r2(cy + fs * 0.36)}" font-size="${fs}" fill="#333333">${total}</text>`);
    y += barH + gap;
  }
  // Legend: swatch + text, wrapped onto as many lines as needed.
  y += 4;
  let lx = barX;
  const legendFs = 13;
  for (const key of ORDER) {
    const w = 14 + 6 + textWidth(options.legend[key], legendFs) + 18;
    if (lx + w > width - pad && lx > barX) {
      lx = barX;
      y += 22;
    }
    parts.push(`<rect x="${r2(lx)}" y="${r2(y)}" width="14" height="14" fill="${STATUS_COLORS[key]}"/>`);
    parts.push(`<text x="${r2(lx + 20)}" y="${r2(y + 7 + legendFs * 0.36)}" font-size="${legendFs}" fill="#333333">${escapeXml(options.legend[key])}</text>`);
    lx += w;
  }
  const height = Math.ceil(y + 14 + pad);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">` +
    `${parts.join('')}</svg>`
  );
}
