import { fmt, fmtP } from './stats.js';
import { type CellSummary, METHOD_LABELS, MODEL_LABELS, type PrivacySummary } from './summary.js';
import { formatCell, type RunDescription } from './tables.js';

const COLORS = ['#1b6ca8', '#d1495b', '#edae49', '#00798c', '#6a4c93', '#3d9970', '#8d6e63'];

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function methodsOf(cells: CellSummary[]): string[] {
  const order = Object.keys(METHOD_LABELS);
  return [...new Set(cells.filter((c) => c.scenario !== 'original').map((c) => c.method))].sort(
    (a, b) => order.indexOf(a) - order.indexOf(b),
  );
}

/** A grouped bar chart of ΔAUC against original, one panel per model, error bars = sd. */
function deltaChart(cells: CellSummary[], scenarios: string[], title: string): string {
  const methods = methodsOf(cells);
  const models = Object.keys(MODEL_LABELS).filter((m) => cells.some((c) => c.model === m));
  const panelW = 360;
  const h = 260;
  const pad = { l: 64, r: 12, t: 28, b: 40 };
  const relevant = cells.filter((c) => scenarios.includes(c.scenario) && Number.isFinite(c.delta));
  const span = Math.max(1e-4, ...relevant.map((c) => Math.abs(c.delta) + (c.deltaSd || 0)));
  const y = (v: number) => pad.t + ((span - v) / (2 * span)) * (h - pad.t - pad.b);
  const panels = models.map((model, p) => {
    const x0 = p * panelW;
    const groupW = (panelW - pad.l - pad.r) / Math.max(1, scenarios.length);
    const barW = Math.max(2, (groupW - 6) / Math.max(1, methods.length));
    const parts: string[] = [
      `<text x="${x0 + panelW / 2}" y="16" text-anchor="middle" class="panel">${esc(MODEL_LABELS[model])}</text>`,
      `<line x1="${x0 + pad.l}" x2="${x0 + panelW - pad.r}" y1="${y(0)}" y2="${y(0)}" class="axis"/>`,
      `<line x1="${x0 + pad.l}" x2="${x0 + pad.l}" y1="${pad.t}" y2="${h - pad.b}" class="axis"/>`,
      `<text x="${x0 + pad.l - 4}" y="${y(span) + 4}" text-anchor="end" class="tick">${fmt(span, 4)}</text>`,
      `<text x="${x0 + pad.l - 4}" y="${y(-span) + 4}" text-anchor="end" class="tick">${fmt(-span, 4)}</text>`,
      `<text x="${x0 + pad.l - 4}" y="${y(0) + 4}" text-anchor="end" class="tick">0</text>`,
    ];
    scenarios.forEach((s, si) => {
      const gx = x0 + pad.l + si * groupW + 3;
      parts.push(
        `<text x="${gx + groupW / 2}" y="${h - pad.b + 16}" text-anchor="middle" class="tick">${esc(s)}</text>`,
      );
      methods.forEach((m, mi) => {
        const c = cells.find((k) => k.method === m && k.model === model && k.scenario === s);
        if (!c || !Number.isFinite(c.delta)) return;
        const bx = gx + mi * barW;
        const top = Math.min(y(c.delta), y(0));
        const height = Math.max(1, Math.abs(y(c.delta) - y(0)));
        parts.push(
          `<rect class="bar" data-method="${m}" data-model="${model}" data-scenario="${s}" x="${bx}" y="${top}" width="${barW - 1}" height="${height}" fill="${COLORS[mi % COLORS.length]}"><title>${esc(`${METHOD_LABELS[m] ?? m} ${s} ${MODEL_LABELS[model]}: ${formatCell(c)}`)}</title></rect>`,
        );
        if (c.deltaSd > 0) {
          const cx = bx + (barW - 1) / 2;
          parts.push(
            `<line class="err" x1="${cx}" x2="${cx}" y1="${y(c.delta + c.deltaSd)}" y2="${y(c.delta - c.deltaSd)}"/>`,
          );
        }
      });
    });
    return parts.join('');
  });
  const legend = methods
    .map(
      (m, i) =>
        `<rect x="${i * 130}" y="${h + 4}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${i * 130 + 14}" y="${h + 13}" class="tick">${esc(METHOD_LABELS[m] ?? m)}</text>`,
    )
    .join('');
  const width = Math.max(1, models.length) * panelW;
  return `<figure><figcaption>${esc(title)}</figcaption><svg class="chart" role="img" viewBox="0 0 ${width} ${h + 24}" width="${width}" height="${h + 24}">${panels.join('')}${legend}</svg></figure>`;
}

/** Privacy against utility: identical-row rate (x) against the S5 test AUC (y), per method and model. */
function privacyChart(cells: CellSummary[], privacy: PrivacySummary[]): string {
  const w = 520;
  const h = 300;
  const pad = { l: 64, r: 20, t: 20, b: 44 };
  const points = privacy.flatMap((p) =>
    cells
      .filter((c) => c.method === p.method && (c.scenario === 'S5' || c.scenario === 'synthetic'))
      .map((c) => ({
        method: p.method,
        model: c.model,
        x: p.identicalRate.mean,
        y: c.mean,
        sd: c.sd,
      })),
  );
  if (points.length === 0)
    return '<p>No fully synthetic (S5) cells in this run, so no privacy-utility chart.</p>';
  const maxX = Math.max(1e-3, ...points.map((p) => p.x)) * 1.1;
  const minY = Math.min(...points.map((p) => p.y - p.sd)) - 0.01;
  const maxY = Math.max(...points.map((p) => p.y + p.sd)) + 0.01;
  const sx = (v: number) => pad.l + (v / maxX) * (w - pad.l - pad.r);
  const sy = (v: number) => pad.t + ((maxY - v) / (maxY - minY)) * (h - pad.t - pad.b);
  const methods = methodsOf(cells);
  const shapes = points.map((p) => {
    const color = COLORS[Math.max(0, methods.indexOf(p.method)) % COLORS.length];
    const err =
      p.sd > 0
        ? `<line class="err" x1="${sx(p.x)}" x2="${sx(p.x)}" y1="${sy(p.y + p.sd)}" y2="${sy(p.y - p.sd)}"/>`
        : '';
    return `${err}<circle class="point" data-method="${p.method}" cx="${sx(p.x)}" cy="${sy(p.y)}" r="5" fill="${color}"><title>${esc(`${METHOD_LABELS[p.method] ?? p.method} ${MODEL_LABELS[p.model]}: identical ${(100 * p.x).toFixed(2)}%, S5 AUC ${fmt(p.y)}`)}</title></circle>`;
  });
  const axes = [
    `<line x1="${pad.l}" x2="${w - pad.r}" y1="${h - pad.b}" y2="${h - pad.b}" class="axis"/>`,
    `<line x1="${pad.l}" x2="${pad.l}" y1="${pad.t}" y2="${h - pad.b}" class="axis"/>`,
    `<text x="${(w + pad.l) / 2}" y="${h - 8}" text-anchor="middle" class="tick">synthetic rows identical to a real row (share, 0 to ${(100 * maxX).toFixed(1)}%)</text>`,
    `<text x="${pad.l - 6}" y="${sy(maxY) + 8}" text-anchor="end" class="tick">${fmt(maxY, 3)}</text>`,
    `<text x="${pad.l - 6}" y="${sy(minY)}" text-anchor="end" class="tick">${fmt(minY, 3)}</text>`,
    `<text x="14" y="${h / 2}" transform="rotate(-90 14 ${h / 2})" text-anchor="middle" class="tick">S5 test AUC</text>`,
  ];
  return `<figure><figcaption>Privacy against utility: exact copies (x) and the test AUC of a model trained on fully synthetic data (y), per method and model</figcaption><svg class="chart" role="img" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}">${axes.join('')}${shapes.join('')}</svg></figure>`;
}

function markdownTableToHtml(md: string): string {
  const out: string[] = [];
  let inTable = false;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) {
      const cells = line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim());
      if (cells.every((c) => /^-+$/.test(c))) continue;
      if (!inTable) {
        out.push(
          '<table><thead><tr>',
          ...cells.map((c) => `<th>${esc(c)}</th>`),
          '</tr></thead><tbody>',
        );
        inTable = true;
        continue;
      }
      out.push(
        '<tr>',
        ...cells.map(
          (c) =>
            `<td>${c.startsWith('**') ? `<strong>${esc(c.replace(/\*\*/g, ''))}</strong>` : esc(c)}</td>`,
        ),
        '</tr>',
      );
    } else {
      if (inTable) out.push('</tbody></table>');
      inTable = false;
      if (line.startsWith('# ')) out.push(`<h2>${esc(line.slice(2))}</h2>`);
      else if (line.trim())
        out.push(`<p>${esc(line).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')}</p>`);
    }
  }
  if (inTable) out.push('</tbody></table>');
  return out.join('');
}

/** The self-contained report: both tables and both charts, no network fetches. */
export function reportHtml(
  run: RunDescription,
  table1: string,
  table2: string,
  cells: CellSummary[],
  privacy: PrivacySummary[],
): string {
  const augment = deltaChart(
    cells,
    ['S1', 'S2', 'S3', 'S4']
      .filter((s) => cells.some((c) => c.scenario === s))
      .concat(
        [...new Set(cells.map((c) => c.scenario))].filter(
          (s) => !['original', 'S1', 'S2', 'S3', 'S4', 'S5', 'synthetic'].includes(s),
        ),
      ),
    'Change in test AUC against original (augmentation scenarios), mean ± sd over seeds',
  );
  const s5 = cells.some((c) => c.scenario === 'S5')
    ? deltaChart(
        cells,
        ['S5'],
        'Change in test AUC against original when training on fully synthetic data (S5)',
      )
    : '';
  const style = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}
td,th{border:1px solid #ccc;padding:3px 6px;font-size:12px;white-space:nowrap}th{background:#f3f3f3}
.axis{stroke:#444;stroke-width:1}.err{stroke:#111;stroke-width:1.2}.tick{font-size:11px;fill:#333}.panel{font-size:13px;font-weight:600}
figure{margin:12px 0 28px}figcaption{font-weight:600;margin-bottom:6px}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>synthctr: reproduction report (${esc(run.protocol)}, ${esc(run.profile)})</title><style>${style}</style></head><body>
<h1>synthctr reproduction report</h1>
<p>Protocol <strong>${esc(run.protocol)}</strong>, dataset ${esc(run.dataset)}, profile <strong>${esc(run.profile)}</strong>, seeds ${esc(run.seeds.join(', '))}, backend ${esc(run.backend)}. Significance: DeLong's test per seed on the shared test set; paired t-test over seeds when there are two or more (p shown as ${fmtP(0.01)} style).</p>
<section id="table1">${markdownTableToHtml(table1)}</section>
<section id="table2">${markdownTableToHtml(table2)}</section>
<section id="charts">${augment}${s5}${privacyChart(cells, privacy)}</section>
</body></html>\n`;
}
