/**
 * Import / Export: the design as a JSON file (same format and checks as links), the per-layer
 * table as CSV or Markdown, and the totals (with the A/B comparison when one is active) as
 * Markdown or LaTeX, ready for a paper.
 */

import { type ChangeEvent, type ReactNode, useRef } from 'react';
import { exact } from '../../core/format.ts';
import { decodeDesignFile, MAX_FILE_CHARS } from '../../share/codec.ts';
import {
  layerTableCsv,
  layerTableMarkdown,
  type NamedAnalysis,
  totalsLatex,
  totalsMarkdown,
} from '../../share/export.ts';
import { type Side, useAb, useAnalysis } from '../../state/derived.ts';
import { useStore } from '../../state/store.ts';
import { importModelFile, isModelFile, MODEL_FILE_ACCEPT } from '../import/modelImport.ts';
import { designFile, downloadText, fileStem } from './download.ts';
import { ModelExport } from './ModelExport.tsx';
import { setNotice } from './shareState.ts';

/**
 * Opens a design file through the share decoder, or a model file (ONNX, TFLite, Keras,
 * TensorFlow.js) through the import worker and then the same decoder; a bad file leaves the
 * design as it is.
 */
export async function importDesignFile(file: File): Promise<boolean> {
  if (await isModelFile(file)) return importModelFile(file);
  if (file.size > MAX_FILE_CHARS * 4) {
    setNotice({
      kind: 'error',
      source: 'file',
      message: `"${file.name}" is too large for a design file (${exact(file.size)} bytes)`,
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

/** Asks for a design file and opens it (the same door as the menu's Import). */
export function pickDesignFile(): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = DESIGN_FILE_ACCEPT;
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void importDesignFile(file);
  });
  input.click();
}

/** The file types the import offers (the content decides what a file is, not its name). */
export const DESIGN_FILE_ACCEPT = `${MODEL_FILE_ACCEPT}`;

/** A menu item that downloads a file (name, text, MIME type made on click), then closes the menu. */
function DownloadItem({
  testId,
  disabled,
  file,
  onDone,
  children,
}: {
  testId: string;
  disabled?: boolean;
  file: () => Parameters<typeof downloadText>;
  onDone: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      role="menuitem"
      disabled={disabled}
      onClick={() => {
        downloadText(...file());
        onDone();
      }}
      data-testid={testId}
    >
      {children}
    </button>
  );
}

export function ImportExportMenu() {
  const design = useStore((s) => s.design);
  const view = useStore((s) => s.view);
  const { analysis, stale, error } = useAnalysis();
  const menu = useRef<HTMLDetailsElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const modelInput = useRef<HTMLInputElement>(null);

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
  // The A/B columns in the order the comparison shows them (swap included).
  const pair = useAb();
  const cmp = tablesOk ? pair : null;
  const named = (s: Side) => ({ name: s.current ? design.name : s.label || 'B', analysis: s.analysis });
  const columns = (): NamedAnalysis[] =>
    cmp ? [named(cmp.a), named(cmp.b)] : [{ name: design.name, analysis: analysis! }];
  const totalsStem = `${stem}-${cmp ? 'comparison' : 'totals'}`;

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    close();
    if (file) await importDesignFile(file);
  };

  return (
    <details className="share-menu" ref={menu} data-popover>
      <summary data-testid="share-menu">Import / Export</summary>
      <div className="popover share-menu-pop" role="menu" aria-label="Import and export">
        <h3>Model file</h3>
        <button
          type="button"
          role="menuitem"
          onClick={() => modelInput.current?.click()}
          data-testid="import-model"
        >
          Import model (ONNX, TFLite, Keras, TF.js)…
        </button>
        <input
          ref={modelInput}
          type="file"
          accept={MODEL_FILE_ACCEPT}
          hidden
          onChange={onFile}
          data-testid="import-model-file"
        />
        <p className="why">Read in this browser, never uploaded; the design keeps the topology only.</p>
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
          accept={DESIGN_FILE_ACCEPT}
          hidden
          onChange={onFile}
          data-testid="import-file"
        />
        <DownloadItem testId="export-json" file={() => designFile(design, view)} onDone={close}>
          Export design (with its view)
        </DownloadItem>
        <h3>Model for PyTorch / ONNX</h3>
        <ModelExport disabled={!!error} />
        <h3>Per-layer table</h3>
        <DownloadItem
          testId="export-layers-csv"
          disabled={!tablesOk}
          file={() => [`${stem}-layers.csv`, layerTableCsv(analysis!), 'text/csv']}
          onDone={close}
        >
          CSV
        </DownloadItem>
        <DownloadItem
          testId="export-layers-md"
          disabled={!tablesOk}
          file={() => [`${stem}-layers.md`, layerTableMarkdown(analysis!, design.name), 'text/markdown']}
          onDone={close}
        >
          Markdown
        </DownloadItem>
        <h3>Totals{cmp ? ' and A/B comparison' : ''}</h3>
        <DownloadItem
          testId="export-totals-md"
          disabled={!tablesOk}
          file={() => [`${totalsStem}.md`, totalsMarkdown(columns()), 'text/markdown']}
          onDone={close}
        >
          Markdown
        </DownloadItem>
        <DownloadItem
          testId="export-totals-tex"
          disabled={!tablesOk}
          file={() => [`${totalsStem}.tex`, totalsLatex(columns()), 'application/x-tex']}
          onDone={close}
        >
          LaTeX (booktabs)
        </DownloadItem>
        {why ? <p className="why">{why}</p> : null}
        {!cmp ? <p className="why">Compare against a transform or preset to add an A/B column.</p> : null}
      </div>
    </details>
  );
}
