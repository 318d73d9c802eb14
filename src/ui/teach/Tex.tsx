/** LaTeX rendered with KaTeX, loaded on first use (kept out of the initial bundle). */
import { useEffect, useState } from 'react';

type Katex = typeof import('katex').default;
let katexPromise: Promise<Katex> | undefined;
let katexLoaded: Katex | undefined;

export function loadKatex(): Promise<Katex> {
  katexPromise ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => {
    katexLoaded = m.default;
    return m.default;
  });
  return katexPromise;
}

export function useKatex(): Katex | undefined {
  const [k, setK] = useState<Katex | undefined>(katexLoaded);
  useEffect(() => {
    if (k) return;
    let live = true;
    loadKatex().then(
      (m) => live && setK(() => m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [k]);
  return k;
}

/** Rendered formulas by source: the same formula comes back with every block of its kind. */
const cache = new Map<string, string>();
const CACHE_MAX = 400;

function rendered(katex: Katex, src: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${src}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = katex.renderToString(src, { throwOnError: false, displayMode: display, output: 'htmlAndMathml' });
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(key, html);
  }
  return html;
}

export function Tex({ src, display = false }: { src: string; display?: boolean }) {
  const katex = useKatex();
  if (!src) return null;
  // Until KaTeX has loaded, a placeholder: the LaTeX source itself never reaches the screen.
  if (!katex)
    return (
      <span className="tex-fallback" data-testid="tex-pending" aria-busy="true">
        …
      </span>
    );
  const html = rendered(katex, src, display);
  return <span className="tex" data-testid="tex" dangerouslySetInnerHTML={{ __html: html }} />;
}
