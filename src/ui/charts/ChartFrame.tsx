/** A titled chart with its legend and PNG/SVG export of exactly what is drawn. */
import { type ReactNode, useRef } from 'react';
import { download, exportSvg, type Series, svgToPng } from './exportImage.ts';

export { download, exportSvg, type Series, svgToPng };

export function ChartFrame({
  id,
  title,
  caption,
  series,
  children,
}: {
  id: string;
  title: string;
  caption?: ReactNode;
  series: readonly Series[];
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const svg = () => ref.current?.querySelector<SVGSVGElement>('svg.recharts-surface') ?? null;
  const file = `convcost-${id}`;
  return (
    <figure className="chart" data-testid={`chart-${id}`} aria-label={title}>
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="chart-actions">
          <button
            type="button"
            className="small"
            data-testid={`export-svg-${id}`}
            onClick={() => {
              const s = svg();
              if (s)
                download(new Blob([exportSvg(s, title, series)], { type: 'image/svg+xml' }), `${file}.svg`);
            }}
          >
            SVG
          </button>
          <button
            type="button"
            className="small"
            data-testid={`export-png-${id}`}
            onClick={async () => {
              const s = svg();
              if (s) download(await svgToPng(exportSvg(s, title, series)), `${file}.png`);
            }}
          >
            PNG
          </button>
        </span>
      </figcaption>
      <ul className="legend" aria-label="Legend">
        {series.map((s) => (
          <li key={s.label}>
            <span
              className="swatch"
              style={{
                background: s.dashed ? 'transparent' : s.color,
                borderTop: s.dashed ? `3px dashed ${s.color}` : undefined,
              }}
              aria-hidden="true"
            />
            {s.label}
          </li>
        ))}
      </ul>
      <div ref={ref} className="chart-body">
        {children}
      </div>
      {caption ? <p className="chart-caption">{caption}</p> : null}
    </figure>
  );
}
