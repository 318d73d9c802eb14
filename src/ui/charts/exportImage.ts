/**
 * Pictures out of the app: an SVG on screen as a standalone SVG document (title and legend drawn
 * in), that document as a PNG, and saving either as a file. Plain DOM, no chart library, so any
 * view (charts, teaching pictures, the graph) can export without loading the charts.
 */
export interface Series {
  label: string;
  color: string;
  dashed?: boolean;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * A standalone SVG document: the chart plus a title and legend drawn in SVG, on white. `size` is
 * the drawing's own size when it differs from its size on screen (a zoomed graph).
 */
export function exportSvg(
  svg: SVGSVGElement,
  title: string,
  series: readonly Series[],
  size?: { width: number; height: number },
): string {
  const { width, height } = size ?? svg.getBoundingClientRect();
  const w = Math.round(width);
  const h = Math.round(height);
  const top = 28;
  const legendH = series.length ? 22 : 0;
  const ns = 'http://www.w3.org/2000/svg';
  const out = document.createElementNS(ns, 'svg');
  out.setAttribute('xmlns', ns);
  out.setAttribute('width', String(w));
  out.setAttribute('height', String(h + top + legendH));
  out.setAttribute('viewBox', `0 0 ${w} ${h + top + legendH}`);
  out.setAttribute('font-family', FONT);
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  out.appendChild(bg);
  const t = document.createElementNS(ns, 'text');
  t.setAttribute('x', '12');
  t.setAttribute('y', '19');
  t.setAttribute('font-size', '14');
  t.setAttribute('font-weight', '600');
  t.setAttribute('fill', '#111827');
  t.textContent = title;
  out.appendChild(t);
  const g = document.createElementNS(ns, 'g');
  g.setAttribute('transform', `translate(0 ${top})`);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  g.appendChild(clone);
  out.appendChild(g);
  let x = 12;
  for (const s of series) {
    const y = top + h + 14;
    const line = document.createElementNS(ns, 'line');
    line.setAttribute('x1', String(x));
    line.setAttribute('x2', String(x + 18));
    line.setAttribute('y1', String(y - 4));
    line.setAttribute('y2', String(y - 4));
    line.setAttribute('stroke', s.color);
    line.setAttribute('stroke-width', '4');
    if (s.dashed) line.setAttribute('stroke-dasharray', '4 3');
    out.appendChild(line);
    const lt = document.createElementNS(ns, 'text');
    lt.setAttribute('x', String(x + 24));
    lt.setAttribute('y', String(y));
    lt.setAttribute('font-size', '12');
    lt.setAttribute('fill', '#374151');
    lt.textContent = s.label;
    out.appendChild(lt);
    x += 24 + s.label.length * 6.6 + 18;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(out)}`;
}

/** Saves a blob as a file through a temporary object URL. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('could not render the chart'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(img.width * scale);
    canvas.height = Math.ceil(img.height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
