/**
 * The one renderer of teaching pictures: any Scene (src/blocks/scene.ts) as SVG, fluid to its
 * container's width, with its caption and legend, and SVG / PNG export of exactly what is drawn.
 */
import { type ReactNode, useId, useRef } from 'react';
import type { Scene, SceneItem } from '../../blocks/scene.ts';
import { download, svgToPng } from '../charts/ChartFrame.tsx';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function Item({ it, marker }: { it: SceneItem; marker: string }): ReactNode {
  switch (it.type) {
    case 'rect':
      return (
        <rect
          x={it.x}
          y={it.y}
          width={it.w}
          height={it.h}
          fill={it.fill}
          stroke={it.stroke}
          strokeWidth={it.stroke ? (it.strokeWidth ?? 1) : undefined}
          rx={it.rx}
          data-role={it.role}
        >
          {it.title ? <title>{it.title}</title> : null}
        </rect>
      );
    case 'line':
      return (
        <line
          x1={it.x1}
          y1={it.y1}
          x2={it.x2}
          y2={it.y2}
          stroke={it.stroke}
          strokeWidth={it.width ?? 1}
          strokeDasharray={it.dashed ? '4 3' : undefined}
          markerEnd={it.arrow ? `url(#${marker})` : undefined}
        />
      );
    case 'text':
      return (
        <text
          x={it.x}
          y={it.y}
          fontSize={it.size ?? 12}
          textAnchor={it.anchor ?? 'start'}
          fontWeight={it.bold ? 600 : 400}
          fill={it.fill ?? '#111827'}
          transform={it.rotate ? `rotate(${it.rotate} ${it.x} ${it.y})` : undefined}
        >
          {it.text}
        </text>
      );
    case 'group':
      return (
        <g transform={`translate(${it.x} ${it.y})`} aria-label={it.label}>
          {it.items.map((c, i) => (
            <Item key={i} it={c} marker={marker} />
          ))}
        </g>
      );
  }
}

/** A standalone SVG document of the drawn picture: title on top, white background. */
function svgDocument(svg: SVGSVGElement, scene: Scene): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const ns = 'http://www.w3.org/2000/svg';
  clone.setAttribute('xmlns', ns);
  clone.setAttribute('width', String(scene.width));
  clone.setAttribute('height', String(scene.height));
  clone.setAttribute('font-family', FONT);
  clone.removeAttribute('style');
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  clone.insertBefore(bg, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

export function ScenePicture({
  scene,
  file,
  testId = 'picture',
}: {
  scene: Scene;
  file: string;
  testId?: string;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const marker = `arrow-${useId().replace(/:/g, '')}`;
  const captionId = `${marker}-caption`;
  return (
    <figure className="picture" data-testid={testId}>
      <figcaption className="picture-head">
        <span className="picture-title" data-testid={`${testId}-title`}>
          {scene.title}
        </span>
        <span className="chart-actions">
          <button
            type="button"
            className="small"
            data-testid={`${testId}-svg`}
            onClick={() => {
              if (ref.current)
                download(
                  new Blob([svgDocument(ref.current, scene)], { type: 'image/svg+xml' }),
                  `${file}.svg`,
                );
            }}
          >
            SVG
          </button>
          <button
            type="button"
            className="small"
            data-testid={`${testId}-png`}
            onClick={async () => {
              if (ref.current) download(await svgToPng(svgDocument(ref.current, scene)), `${file}.png`);
            }}
          >
            PNG
          </button>
        </span>
      </figcaption>
      <div className="picture-body">
        <svg
          ref={ref}
          viewBox={`0 0 ${scene.width} ${scene.height}`}
          role="img"
          aria-label={scene.title}
          aria-describedby={captionId}
          preserveAspectRatio="xMinYMin meet"
          style={{ width: '100%', maxWidth: `${Math.round(scene.width * 1.5)}px`, height: 'auto' }}
          fontFamily={FONT}
        >
          <defs>
            <marker
              id={marker}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="#111827" />
            </marker>
          </defs>
          {scene.items.map((it, i) => (
            <Item key={i} it={it} marker={marker} />
          ))}
        </svg>
      </div>
      {scene.legend?.length ? (
        <ul className="legend" aria-label="Legend">
          {scene.legend.map((l) => (
            <li key={l.label}>
              <span
                className="swatch"
                style={{ background: l.fill, outline: l.stroke ? `2px solid ${l.stroke}` : undefined }}
                aria-hidden="true"
              />
              {l.label}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="picture-caption" id={captionId}>
        {scene.caption}
      </p>
      {scene.sampled ? (
        <p className="picture-sampled muted" data-testid={`${testId}-sampled`}>
          A readable sample of a large layer: {scene.sampled}.
        </p>
      ) : null}
    </figure>
  );
}
