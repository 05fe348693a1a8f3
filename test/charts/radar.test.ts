import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RADAR_COLORS, escapeXml, radarSvg, textWidth, wrapText, type RadarOptions } from '../../src/charts/radar.js';
import { ChartCache, chartFonts, svgToPng, svgToPngAsync } from '../../src/charts/render-png.js';

const BOARD = ['Invånarnytta', 'Partnerskap & samproduktion', 'Innovationshöjd', 'Hållbarhet', 'Koppling till fokusområdena'];
const CONCEPT = ['Invånarnytta', 'Innovativ höjd', 'Genomförbarhet', 'Proaktivt', 'Möjlig effekt för att uppnå mål inom fokusområdena'];

const mean = (overrides: Partial<RadarOptions> = {}): RadarOptions => ({
  axes: BOARD,
  title: 'Digital trygghetsvärd',
  series: [{ label: 'Medel', values: [3.83, 4.17, 2.5, 3.33, 4.67], band: { min: [3, 3, 1, 2, 4], max: [5, 5, 4, 4, 5] } }],
  ...overrides,
});
const compare = (overrides: Partial<RadarOptions> = {}): RadarOptions => ({
  axes: BOARD,
  series: [
    { label: 'Digital trygghetsvärd', values: [3.8, 4.2, 2.5, 3.3, 4.7] },
    { label: 'Mötesplats för unga', values: [4.5, 3, 3.8, 4.1, 3.6] },
    { label: 'Läxhjälp online', values: [2.9, 2.2, 4.4, 2.6, 3.1] },
  ],
  ...overrides,
});

// ---- helpers -------------------------------------------------------------------------------------------------

/** A small XML well-formedness checker: balanced tags, quoted unique attributes, valid entities, one root. */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const name = /^[A-Za-z_:][\w.:-]*$/;
  const checkText = (text: string, where: string) => {
    if (text.includes('<')) problems.push(`raw < in ${where}`);
    for (const m of text.matchAll(/&([^;\s]*);?/g)) {
      if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(m[0])) problems.push(`bad entity ${m[0]} in ${where}`);
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) problems.push(`control character in ${where}`);
  };
  let i = 0;
  let roots = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') problems.push('text outside the root element');
    checkText(text, 'text');
    if (lt === -1) break;
    const gt = xml.indexOf('>', lt);
    if (gt === -1) {
      problems.push('unterminated tag');
      break;
    }
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const open = stack.pop();
      if (open !== tag.slice(1).trim()) problems.push(`</${tag.slice(1)}> closes <${open}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([^\s/>]+)([\s\S]*)$/.exec(body);
    if (!m || !name.test(m[1]!)) {
      problems.push(`bad tag <${tag}>`);
      continue;
    }
    const rest = m[2]!.trim();
    const seen = new Set<string>();
    const attr = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')\s*/y;
    let pos = 0;
    while (pos < rest.length) {
      attr.lastIndex = pos;
      const a = attr.exec(rest);
      if (!a) {
        problems.push(`bad attributes in <${m[1]} ${rest}>`);
        break;
      }
      if (!name.test(a[1]!)) problems.push(`bad attribute name ${a[1]}`);
      if (seen.has(a[1]!)) problems.push(`duplicate attribute ${a[1]}`);
      seen.add(a[1]!);
      checkText(a[3] ?? a[4] ?? '', `attribute ${a[1]}`);
      pos = attr.lastIndex;
    }
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(m[1]!);
  }
  if (stack.length) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

const unescape = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The <text> elements of a <g class="…"> group: anchor, font size and lines (x, y, raw text). */
function textsIn(svg: string, group: string) {
  const g = new RegExp(`<g class="${group}" font-size="([\\d.]+)"[^>]*>([\\s\\S]*?)</g>`).exec(svg);
  if (!g) return [];
  const fontSize = Number(g[1]);
  return [...g[2]!.matchAll(/<text([^>]*)>([\s\S]*?)<\/text>/g)].map((t) => {
    const anchor = /text-anchor="(\w+)"/.exec(t[1]!)?.[1] ?? 'start';
    const lines = [...t[2]!.matchAll(/<tspan x="([-\d.]+)" y="([-\d.]+)">([^<]*)<\/tspan>/g)].map((l) => ({
      x: Number(l[1]),
      y: Number(l[2]),
      raw: l[3]!,
    }));
    return { anchor, fontSize, lines, raw: t[2]! };
  });
}

const pointsOf = (attr: string) => attr.trim().split(/\s+/).map((p) => p.split(',').map(Number) as [number, number]);
const seriesPolygons = (svg: string) => [...svg.matchAll(/<polygon class="series" points="([^"]+)"/g)].map((m) => pointsOf(m[1]!));
const ringPolygons = (svg: string) => [...svg.matchAll(/<polygon class="ring" points="([^"]+)"/g)].map((m) => pointsOf(m[1]!));
const centre = (svg: string) => {
  const m = /<line class="axis" x1="([-\d.]+)" y1="([-\d.]+)"/.exec(svg)!;
  return [Number(m[1]), Number(m[2])] as const;
};

/** Minimal PNG decoder (8-bit RGBA, non-interlaced: what resvg writes) → { width, height, pixels }. */
function decodePng(png: Buffer) {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  let pos = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]); // bit depth 8, RGBA, no interlace
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return { width, height, pixels };
}

function differingPixels(a: Buffer, b: Buffer): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 30) n++;
  }
  return n;
}

// ---- tests ---------------------------------------------------------------------------------------------------

describe('radarSvg', () => {
  const variants: [string, RadarOptions][] = [
    ['mean + band', mean()],
    ['3-series compare', compare()],
    ['dark theme', mean({ theme: 'dark' })],
    ['concept-phase criteria', mean({ axes: CONCEPT, size: 400 })],
    ['8 axes, 5 series', { axes: [...BOARD, ...CONCEPT.slice(1, 4)], series: [1, 2, 3, 4, 5].map((k) => ({ label: `S${k}`, values: [1, 2, 3, 4, 5, 4, 3, 2].map((v) => ((v + k) % 5) + 1) })) }],
    ['3 axes', { axes: CONCEPT.slice(2), series: [{ label: 'x', values: [5, 5, 5] }] }],
  ];

  for (const [name, options] of variants) {
    it(`${name}: is well-formed XML that resvg renders`, () => {
      const svg = radarSvg(options);
      expect(xmlProblems(svg)).toEqual([]);
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      const size = options.size ?? 600;
      expect(svg).toContain(`width="${size}" height="${size}" viewBox="0 0 ${size} ${size}"`);
      expect(() => svgToPng(svg)).not.toThrow();
    });

    it(`${name}: axis labels sit inside the canvas, outside the plot, without overlapping each other`, () => {
      const svg = radarSvg(options);
      const size = options.size ?? 600;
      const [cx, cy] = centre(svg);
      const outer = ringPolygons(svg).at(-1)!;
      const R = Math.hypot(outer[0]![0] - cx, outer[0]![1] - cy);
      const labels = textsIn(svg, 'axis-labels');
      expect(labels).toHaveLength(options.axes.length);
      const boxes = labels.map((t) => {
        const w = Math.max(...t.lines.map((l) => textWidth(unescape(l.raw), t.fontSize)));
        const x0 = t.anchor === 'start' ? t.lines[0]!.x : t.anchor === 'end' ? t.lines[0]!.x - w : t.lines[0]!.x - w / 2;
        const y0 = t.lines[0]!.y - t.fontSize * 0.95;
        const y1 = t.lines.at(-1)!.y + t.fontSize * 0.25;
        return { x0, x1: x0 + w, y0, y1 };
      });
      for (const b of boxes) {
        expect(b.x0).toBeGreaterThanOrEqual(0);
        expect(b.x1).toBeLessThanOrEqual(size);
        expect(b.y0).toBeGreaterThanOrEqual(0);
        expect(b.y1).toBeLessThanOrEqual(size);
        // Nearest point of the box to the centre lies outside the outer ring's circle.
        const nx = Math.max(b.x0, Math.min(cx, b.x1));
        const ny = Math.max(b.y0, Math.min(cy, b.y1));
        expect(Math.hypot(nx - cx, ny - cy)).toBeGreaterThan(R);
      }
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) expect(a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0).toBe(true);
      }
    });
  }

  it('has one axis per criterion from 12 o’clock clockwise, text anchored by side', () => {
    const svg = radarSvg(mean());
    const [cx, cy] = centre(svg);
    const ends = [...svg.matchAll(/<line class="axis" [^>]*x2="([-\d.]+)" y2="([-\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(ends).toHaveLength(5);
    expect(ends[0]![0]).toBeCloseTo(cx, 1); // straight up
    expect(ends[0]![1]).toBeLessThan(cy);
    expect(ends[1]![0]).toBeGreaterThan(cx); // then to the right: clockwise
    expect(textsIn(svg, 'axis-labels').map((t) => t.anchor)).toEqual(['middle', 'start', 'start', 'end', 'end']);
  });

  it('contains every axis label, wrapped onto at most 3 lines, with å/ä/ö intact', () => {
    for (const axes of [BOARD, CONCEPT]) {
      const svg = radarSvg(mean({ axes }));
      const labels = textsIn(svg, 'axis-labels');
      expect(labels.map((t) => t.lines.map((l) => l.raw).join(' '))).toEqual(axes.map((a) => a.replace('&', '&amp;')));
      for (const t of labels) expect(t.lines.length).toBeLessThanOrEqual(3);
    }
    const svg = radarSvg(mean({ axes: CONCEPT }));
    expect(svg).toContain('fokusområdena');
    expect(svg).toContain('Möjlig');
    expect(svg).toContain('Invånarnytta');
  });

  it('wraps long labels without splitting words that fit, and balances the lines', () => {
    expect(wrapText('Möjlig effekt för att uppnå mål inom fokusområdena', 130, 13, 3)).toEqual(['Möjlig effekt för att', 'uppnå mål inom', 'fokusområdena']);
    expect(wrapText('Innovationshöjd', 60, 13, 3, false, 180)).toEqual(['Innovationshöjd']);
    expect(wrapText('Partnerskap & samproduktion', 110, 13, 3)).toEqual(['Partnerskap &', 'samproduktion']);
    // Widened before it is truncated; truncated only beyond the hard maximum.
    expect(wrapText('a b c d e f g h', 10, 13, 3, false, 400)).toHaveLength(3);
    const cut = wrapText('ord '.repeat(50), 100, 13, 3);
    expect(cut).toHaveLength(3);
    expect(cut[2]!.endsWith('…')).toBe(true);
  });

  it('draws 5 rings with ring labels 1–5', () => {
    const svg = radarSvg(mean());
    expect(ringPolygons(svg)).toHaveLength(5);
    expect(textsIn(svg, 'ring-labels').map((t) => t.raw)).toEqual(['1', '2', '3', '4', '5']);
    for (const ring of ringPolygons(svg)) expect(ring).toHaveLength(5);
  });

  it('draws one polygon per series with one point per axis', () => {
    const svg = radarSvg(compare());
    const polygons = seriesPolygons(svg);
    expect(polygons).toHaveLength(3);
    for (const p of polygons) expect(p).toHaveLength(5);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(15);
    for (const color of RADAR_COLORS.slice(0, 3)) expect(svg).toContain(`stroke="${color}"`);
  });

  it('prints values for a single series with a decimal comma (or point), not for several', () => {
    const svg = radarSvg(mean());
    expect(textsIn(svg, 'values').map((t) => t.raw)).toEqual(['3,8', '4,2', '2,5', '3,3', '4,7']);
    expect(textsIn(radarSvg(mean({ decimal: '.' })), 'values').map((t) => t.raw)).toEqual(['3.8', '4.2', '2.5', '3.3', '4.7']);
    expect(radarSvg(compare())).not.toContain('class="values"');
  });

  it('draws the band as an even-odd ring under the series polygon', () => {
    const svg = radarSvg(mean());
    const band = /<path class="band" d="(M[^"]+Z) (M[^"]+Z)"[^>]*fill-rule="evenodd"/.exec(svg);
    expect(band).not.toBeNull();
    expect(svg.indexOf('class="band"')).toBeLessThan(svg.indexOf('class="series"'));
  });

  it('clamps values outside the scale', () => {
    const svg = radarSvg(mean({ series: [{ label: 'x', values: [0, 7, -3, 99, 3] }] }));
    const [cx, cy] = centre(svg);
    const rings = ringPolygons(svg).map((r) => Math.hypot(r[0]![0] - cx, r[0]![1] - cy));
    const radii = seriesPolygons(svg)[0]!.map(([x, y]) => Math.hypot(x - cx, y - cy));
    const expected = [rings[0]!, rings[4]!, rings[0]!, rings[4]!, rings[2]!];
    radii.forEach((r, i) => expect(r).toBeCloseTo(expected[i]!, 0));
    expect(textsIn(svg, 'values').map((t) => t.raw)).toEqual(['1,0', '5,0', '1,0', '5,0', '3,0']);
  });

  it('skips missing values, and draws no polygon with fewer than 3', () => {
    const some = radarSvg(mean({ series: [{ label: 'x', values: [3, Number.NaN, 4, null, 2] }] }));
    expect(seriesPolygons(some)[0]).toHaveLength(3);
    expect(textsIn(some, 'values').map((t) => t.raw)).toEqual(['3,0', '4,0', '2,0']);
    const few = radarSvg(mean({ series: [{ label: 'x', values: [3, Number.NaN, undefined, Number.POSITIVE_INFINITY, 2] }] }));
    expect(seriesPolygons(few)).toHaveLength(0);
    expect(few.match(/<circle class="point"/g)).toHaveLength(2);
    expect(xmlProblems(few)).toEqual([]);
    const none = radarSvg(mean({ series: [{ label: 'x', values: [] }] }));
    expect(seriesPolygons(none)).toHaveLength(0);
  });

  it('escapes labels from users and drops characters XML forbids', () => {
    const nasty = `<script>alert("x")</script> & 'q'`;
    const svg = radarSvg({
      axes: [nasty, 'B\u0000\u0007b', 'C"><svg onload=alert(1)>', 'D & d'],
      series: [{ label: `</text><script>`, values: [1, 2, 3, 4] }, { label: 'y"z', values: [2, 2, 2, 2] }],
      title: `Titel <b> & "citat" 'enkla'`,
    });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toMatch(/<script|<b>|<svg onload/);
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&quot;x&quot;');
    expect(svg).toContain('&#39;q&#39;');
    expect(svg).toContain('D &amp; d');
    expect(svg).toContain('Bb');
    expect(svg).toContain('<title>Titel &lt;b&gt; &amp; &quot;citat&quot; &#39;enkla&#39;</title>');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(() => svgToPng(svg)).not.toThrow();
  });

  it('is deterministic, with numbers rounded to 2 decimals', () => {
    const a = radarSvg(compare({ title: 'Jämförelse', size: 533 }));
    const b = radarSvg(compare({ title: 'Jämförelse', size: 533 }));
    expect(a).toBe(b);
    expect(a).not.toMatch(/\d\.\d{3,}/);
    expect(a).not.toMatch(/NaN|undefined|Infinity|e[-+]\d/);
  });

  it('uses the DejaVu Sans font family, themes and legend', () => {
    const light = radarSvg(compare());
    expect(light).toContain(`font-family="'DejaVu Sans', sans-serif"`);
    expect(light).toContain('fill="#ffffff"');
    expect(light).toContain('fill="#424242"');
    expect(light).toContain('class="legend"');
    expect(textsIn(light, 'legend').map((t) => t.raw)).toEqual(['Digital trygghetsvärd', 'Mötesplats för unga', 'Läxhjälp online']);
    const dark = radarSvg(compare({ theme: 'dark' }));
    expect(dark).toContain('fill="#1f1f1f"');
    expect(radarSvg(mean())).not.toContain('class="legend"');
    expect(radarSvg(mean({ legend: true }))).toContain('class="legend"');
    expect(radarSvg(compare({ legend: false }))).not.toContain('class="legend"');
  });

  it('rejects impossible shapes with a clear error', () => {
    expect(() => radarSvg({ axes: ['a', 'b'], series: [{ label: 'x', values: [1, 2] }] })).toThrow(/3\.\.8 axes/);
    expect(() => radarSvg({ axes: Array(9).fill('a'), series: [{ label: 'x', values: [] }] })).toThrow(/3\.\.8 axes/);
    expect(() => radarSvg({ axes: BOARD, series: [] })).toThrow(/1\.\.5 series/);
    expect(() => radarSvg({ axes: BOARD, series: Array(6).fill({ label: 'x', values: [] }) })).toThrow(/1\.\.5 series/);
    expect(() => radarSvg({ axes: BOARD, series: [{ label: 'x', values: [1, 2, 3, 4, 5, 6] }] })).toThrow(/6 values for 5 axes/);
    expect(() => radarSvg(mean({ size: 50 }))).toThrow(/size/);
  });

  it('exports 5 distinct colours', () => {
    expect(RADAR_COLORS).toHaveLength(5);
    expect(new Set(RADAR_COLORS.map((c) => c.toLowerCase())).size).toBe(5);
    for (const c of RADAR_COLORS) expect(c).toMatch(/^#[0-9a-fA-F]{6}$/);
  });
});

describe('svgToPng', () => {
  it('renders a PNG of the requested width', () => {
    const png = svgToPng(radarSvg(mean()), { width: 400 });
    const { width, height } = decodePng(png);
    expect([width, height]).toEqual([400, 400]);
    expect(decodePng(svgToPng(radarSvg(mean({ size: 400 })))).width).toBe(400);
    expect(() => svgToPng(radarSvg(mean()), { width: 0 })).toThrow(RangeError);
  });

  it('really draws text with the bundled font (resvg silently skips text it has no font for)', () => {
    // The same chart with every text emptied: identical geometry, so only the ink of the text differs.
    // (Without a usable font both renders are pixel-identical: measured 0 differing pixels.)
    const svg = radarSvg(mean({ series: [{ label: 'Medel', values: [3.83, 4.17, 2.5, 3.33, 4.67] }] }));
    const emptied = svg.replace(/(<t(?:ext|span)\b[^>]*>)[^<]+(<\/t(?:ext|span)>)/g, '$1$2');
    expect(emptied).not.toBe(svg);
    const withText = decodePng(svgToPng(svg));
    const without = decodePng(svgToPng(emptied));
    // Title, five axis labels, five values and ring numbers: about 4 000 pixels of ink at 600 px.
    expect(differingPixels(withText.pixels, without.pixels)).toBeGreaterThan(2500);
  });

  it('draws å, ä and ö with their glyphs (not as a missing-glyph box or nothing)', () => {
    const svg = (text: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#fff"/><text x="10" y="28" font-family="'DejaVu Sans', sans-serif" font-size="24">${text}</text></svg>`;
    const plain = decodePng(svgToPng(svg('aao')));
    const dotted = decodePng(svgToPng(svg('åäö')));
    const notdef = decodePng(svgToPng(svg('\u{E000}\u{E001}\u{E002}')));
    expect(differingPixels(plain.pixels, dotted.pixels)).toBeGreaterThan(50); // measured ~95: rings and dots
    expect(differingPixels(dotted.pixels, notdef.pixels)).toBeGreaterThan(50);
  });

  it('rejects malformed SVG', () => {
    expect(() => svgToPng('<svg xmlns="http://www.w3.org/2000/svg"><text>')).toThrow();
  });

  // The subsets of assets/fonts (scripts/subset-chart-fonts.sh) must draw exactly what the full fonts draw.
  const SUBSET_RANGES: Array<[number, number]> = [[0x20, 0x7e], [0xa0, 0x17f], [0x2010, 0x2027], [0x2030, 0x203a], [0x20ac, 0x20ac], [0x2122, 0x2122], [0x2212, 0x2212]];
  const usesSubset = (svg: string) => (chartFonts(svg).fontFiles ?? []).every((f) => /-Latin\.ttf$/.test(f));

  it('draws every character of the font subsets, regular and bold, byte-identical to the full fonts', () => {
    const chars = SUBSET_RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)));
    const lines: string[] = [];
    for (let i = 0; i < chars.length; i += 24) lines.push(chars.slice(i, i + 24).join(''));
    const text = (weight: string, x: number) =>
      lines.map((line, i) => `<text x="${x}" y="${20 + i * 22}" font-size="16" font-weight="${weight}">${escapeXml(line)}</text>`).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${40 + lines.length * 22}" font-family="'DejaVu Sans', sans-serif">` +
      `<rect width="100%" height="100%" fill="#fff"/>${text('normal', 10)}${text('bold', 450)}</svg>`;
    expect(chars.length).toBe(357);
    expect(usesSubset(svg)).toBe(true);
    const subset = svgToPng(svg);
    const full = svgToPng(svg, { fonts: 'full' });
    expect(subset.equals(full)).toBe(true);
    // Not vacuous: the text is drawn (lots of ink compared with the same canvas without text).
    const blank = decodePng(svgToPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, '')));
    expect(differingPixels(decodePng(subset).pixels, blank.pixels)).toBeGreaterThan(20000);
  });

  it('draws the sample charts byte-identical to the full fonts, also at narrow widths', () => {
    for (const options of [mean(), compare({ legend: true }), mean({ theme: 'dark', size: 400, axes: CONCEPT })]) {
      const svg = radarSvg(options);
      expect(usesSubset(svg)).toBe(true);
      for (const width of [600, 320]) expect(svgToPng(svg, { width }).equals(svgToPng(svg, { width, fonts: 'full' }))).toBe(true);
    }
  });

  it('draws text outside the subsets with the full fonts (Greek, Cyrillic, arrows, character references)', async () => {
    const svg = radarSvg(mean({ axes: ['Invånarnytta Ωμέγα', 'Жизнь', 'Mål → effekt', 'Hållbarhet', 'Koppling'] }));
    expect(usesSubset(svg)).toBe(false);
    expect(usesSubset(svg.replace(/Ωμέγα|Жизнь|→/g, 'x'))).toBe(true);
    expect(usesSubset(radarSvg(mean({ title: "Anna's idé" })))).toBe(true); // &#39; is an apostrophe
    expect(usesSubset(radarSvg(mean()).replaceAll('Digital trygghetsvärd', '&#937;'))).toBe(false);
    const png = svgToPng(svg);
    expect(png.equals(svgToPng(svg, { fonts: 'full' }))).toBe(true);
    const asX = decodePng(svgToPng(svg.replace(/Ωμέγα|Жизнь|→/g, (m) => 'x'.repeat([...m].length))));
    expect(differingPixels(decodePng(png).pixels, asX.pixels)).toBeGreaterThan(100);
    expect((await svgToPngAsync(svg)).equals(png)).toBe(true);
  });
});

describe('ChartCache', () => {
  const counting = () => {
    const calls: { svg: string; width?: number }[] = [];
    const cache = new ChartCache(200, {
      render: (svg, options) => {
        calls.push({ svg, ...options });
        return svgToPng(svg, options);
      },
    });
    return { cache, calls };
  };

  it('renders once per distinct content and returns the same id', () => {
    const { cache, calls } = counting();
    const svg = radarSvg(mean());
    const a = cache.put(svg, 400);
    const b = cache.put(svg, 400);
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-f]{32}$/);
    expect(a.id).toBe(createHash('sha256').update(`${svg}\n400`).digest('hex').slice(0, 32));
    expect(calls).toHaveLength(1);
    expect(cache.get(a.id)?.equals(a.png)).toBe(true);
    expect(decodePng(a.png).width).toBe(400);
  });

  it('gives different content (or width) a different id', () => {
    const { cache, calls } = counting();
    const a = cache.put(radarSvg(mean()));
    const b = cache.put(radarSvg(mean({ title: 'Annan titel' })));
    const c = cache.put(radarSvg(mean()), 300);
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(calls).toHaveLength(3);
  });

  it('answers unknown or malformed ids with undefined', () => {
    const cache = new ChartCache();
    expect(cache.get('0'.repeat(32))).toBeUndefined();
    expect(cache.get('../../etc/passwd')).toBeUndefined();
  });

  it('evicts the least recently used entry', () => {
    const cache = new ChartCache(2, { render: () => Buffer.from('png') });
    const a = cache.put('<svg>a</svg>');
    const b = cache.put('<svg>b</svg>');
    expect(cache.get(a.id)).toBeDefined(); // a is now the newest
    const c = cache.put('<svg>c</svg>');
    expect(cache.get(b.id)).toBeUndefined();
    expect(cache.get(a.id)).toBeDefined();
    expect(cache.get(c.id)).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('with a key, ids are an HMAC that cannot be computed from the content alone', () => {
    const svg = '<svg>a</svg>';
    const plain = new ChartCache(10, { render: () => Buffer.from('png') }).put(svg).id;
    const keyed = new ChartCache(10, { key: 'hemlig', render: () => Buffer.from('png') }).put(svg).id;
    expect(keyed).toMatch(/^[0-9a-f]{32}$/);
    expect(keyed).not.toBe(plain);
  });
});
