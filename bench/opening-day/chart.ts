/** A self-contained HTML page of line charts in inline SVG: no library, no network. */

export interface Series {
  readonly name: string;
  readonly color: string;
  /** One value per second since `startS`; NaN leaves a gap. */
  readonly values: readonly number[];
}

export interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly series: readonly Series[];
}

const W = 960;
const H = 230;
const PAD = { left: 64, right: 16, top: 28, bottom: 30 };

const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** 1, 2 or 5 times a power of ten, so that about five ticks cover `max`. */
function niceStep(max: number): number {
  const raw = Math.max(max, 1e-9) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

function panelSvg(panel: Panel, startS: number, seconds: number): string {
  const max = Math.max(1, ...panel.series.flatMap((s) => s.values.filter((v) => Number.isFinite(v))));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const x = (i: number): number => PAD.left + (i / Math.max(1, seconds - 1)) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [`<text x="${PAD.left}" y="18" class="t">${esc(panel.title)} (${esc(panel.unit)})</text>`];
  for (let v = 0; v <= top + 1e-9; v += step) {
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" class="g"/><text ` +
        `x="${PAD.left - 6}" y="${y(v) + 4}" class="yl">${Number(v.toPrecision(6)).toLocaleString('en')}</text>`,
    );
  }
  const xStep = niceStep(seconds / 1.5);
  for (let s = Math.ceil(startS / xStep) * xStep; s < startS + seconds; s += xStep) {
    parts.push(
      `<line x1="${x(s - startS)}" x2="${x(s - startS)}" y1="${PAD.top}" y2="${H - PAD.bottom}" ` +
        `class="${s === 0 ? 'o' : 'g'}"/><text x="${x(s - startS)}" y="${H - 10}" class="xl">${s} s</text>`,
    );
  }
  panel.series.forEach((series, k) => {
    let d = '';
    let pen = false;
    series.values.slice(0, seconds).forEach((v, i) => {
      if (!Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    parts.push(`<path d="${d}" fill="none" stroke="${series.color}" stroke-width="1.6"/>`);
    parts.push(
      `<rect x="${W - PAD.right - 220}" y="${8 + k * 14}" width="10" height="3" fill="${series.color}"/><text ` +
        `x="${W - PAD.right - 206}" y="${13 + k * 14}" class="lg">${esc(series.name)}</text>`,
    );
  });
  return (
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" ` +
    `aria-label="${esc(panel.title)}">${parts.join('')}</svg>`
  );
}

export function chartPage(title: string, subtitle: string, panels: readonly Panel[], startS: number): string {
  const seconds = Math.max(...panels.flatMap((p) => p.series.map((s) => s.values.length)), 2);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#1a1a1a}h1{font-size:20px;margin:0 0 4px}
p{margin:0 0 16px;color:#555}
svg{display:block;margin-bottom:12px}.t{font-weight:600;font-size:13px}.g{stroke:#e4e4e4}
.o{stroke:#c00;stroke-dasharray:4 3}
.yl{font-size:11px;text-anchor:end;fill:#555}.xl{font-size:11px;text-anchor:middle;fill:#555}
.lg{font-size:11px;fill:#333}
</style></head><body><h1>${esc(title)}</h1><p>${esc(subtitle)}</p>
${panels.map((p) => panelSvg(p, startS, seconds)).join('\n')}
</body></html>
`;
}
