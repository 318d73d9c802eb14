/**
 * Import / Export: the design as a JSON file (same format and checks as links), the per-layer
 * table as CSV or Markdown, and the totals (with the A/B comparison when one is active) as
 * Markdown or LaTeX, ready for a paper.
 */
import { type ChangeEvent, useRef } from 'react';
import { decodeDesignFile, designToJson, MAX_FILE_CHARS } from '../../share/codec.ts';
import {
  layerTableCsv,
  layerTableMarkdown,
  type NamedAnalysis,
  totalsLatex,
  totalsMarkdown,
} from '../../share/export.ts';
import { useAnalysis, useCompare } from '../../state/derived.ts';
import { useStore } from '../../state/store.ts';
import { downloadText, fileStem } from './download.ts';
import { setNotice } from './shareState.ts';

/** Opens a design file through the share decoder; a bad file leaves the design as it is. */
export async function importDesignFile(file: File): Promise<boolean> {
  if (file.size > MAX_FILE_CHARS * 4) {
    setNotice({
      kind: 'error',
      source: 'file',
      message: `"${file.name}" is too large for a design file (${file.size.toLocaleString('en-US')} bytes)`,
    });
    return false;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    setNotice({ kind: 'error', source: 'file', message: `cannot read "${file.name}" (${String(e)})` });
    return false;
  }
  const r = decodeDesignFile(text);
  if (!r.ok) {
    setNotice({ kind: 'error', source: 'file', message: r.error });
    return false;
  }
  useStore.getState().hydrate({ design: r.design, ...(r.viewGiven ? { view: r.view } : {}) });
  setNotice({
    kind: 'opened',
    source: 'file',
    name: r.design.name,
    ...(r.version !== r.design.version ? { fromVersion: r.version } : {}),
  });
  return true;
}

export function ImportExportMenu() {
  const design = useStore((s) => s.design);
  const view = useStore((s) => s.view);
  const { analysis, stale, error } = useAnalysis();
  const compare = useCompare();
  const menu = useRef<HTMLDetailsElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const close = () => {
    if (menu.current) menu.current.open = false;
  };
  const stem = fileStem(design.name);
  const tablesOk = analysis !== null && !stale;
  const why = tablesOk
    ? ''
    : error
      ? `Tables need a design that analyses; fix ${error.describe()} first.`
      : 'Nothing to export yet.';
  const cmp = compare?.derived?.analysis && !compare.derived.stale ? compare.derived.analysis : null;
  const columns = (): NamedAnalysis[] => [
    { name: design.name, analysis: analysis! },
    ...(cmp ? [{ name: compare!.label || 'B', analysis: cmp }] : []),
  ];

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    close();
    if (file) await importDesignFile(file);
  };

  return (
    <details className="share-menu" ref={menu}>
      <summary data-testid="share-menu">Import / Export</summary>
      <div className="share-menu-pop" role="menu" aria-label="Import and export">
        <h3>Design file (JSON)</h3>
        <button
          type="button"
          role="menuitem"
          onClick={() => fileInput.current?.click()}
          data-testid="import-json"
        >
          Import design…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={onFile}
          data-testid="import-file"
        />
        <button
          type="button"
          role="menuitem"
          onClick={() => {
            downloadText(`${stem}.convcost.json`, designToJson(design, view), 'application/json');
            close();
          }}
          data-testid="export-json"
        >
          Export design (with its view)
        </button>
        <h3>Per-layer table</h3>
        <button
          type="button"
          role="menuitem"
          disabled={!tablesOk}
          onClick={() => {
            downloadText(`${stem}-layers.csv`, layerTableCsv(analysis!), 'text/csv');
            close();
          }}
          data-testid="export-layers-csv"
        >
          CSV
        </button>
        <button
          type="button"
          role="menuitem"
          disabled={!tablesOk}
          onClick={() => {
            downloadText(`${stem}-layers.md`, layerTableMarkdown(analysis!, design.name), 'text/markdown');
            close();
          }}
          data-testid="export-layers-md"
        >
          Markdown
        </button>
        <h3>Totals{cmp ? ' and A/B comparison' : ''}</h3>
        <button
          type="button"
          role="menuitem"
          disabled={!tablesOk}
          onClick={() => {
            downloadText(
              `${stem}-${cmp ? 'comparison' : 'totals'}.md`,
              totalsMarkdown(columns()),
              'text/markdown',
            );
            close();
          }}
          data-testid="export-totals-md"
        >
          Markdown
        </button>
        <button
          type="button"
          role="menuitem"
          disabled={!tablesOk}
          onClick={() => {
            downloadText(
              `${stem}-${cmp ? 'comparison' : 'totals'}.tex`,
              totalsLatex(columns()),
              'application/x-tex',
            );
            close();
          }}
          data-testid="export-totals-tex"
        >
          LaTeX (booktabs)
        </button>
        {why ? <p className="why">{why}</p> : null}
        {!cmp ? <p className="why">Compare against a transform or preset to add an A/B column.</p> : null}
      </div>
    </details>
  );
}
