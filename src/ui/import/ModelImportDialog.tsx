/**
 * The model import's progress and questions, over the page: a progress bar while the worker
 * reads and converts the file (Cancel ends it at once), and the input shape when the model's is
 * dynamic. Mounted once by the share toolbar; renders nothing when no import is under way.
 */
import { useState } from 'react';
import { ImportError } from '../../import/errors.ts';
import { parseInputShape } from '../../import/inputShape.ts';
import { cancelImport, importModelFile, PHASE_LABEL, useImportUi } from './modelImport.ts';
import './import.css';

function InputPrompt({
  file,
  need,
}: {
  file: File;
  need: { name: string; dims: (number | string)[]; example: string };
}) {
  const [text, setText] = useState(need.example);
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    try {
      const dims = parseInputShape(text);
      setError(null);
      void importModelFile(file, dims);
    } catch (e) {
      setError(e instanceof ImportError ? e.message : String(e));
    }
  };
  return (
    <form
      className="import-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p>
        “{file.name}” has a dynamic input: “{need.name}” is [{need.dims.map(String).join(', ')}]. Give its
        shape, in the file’s own order:
      </p>
      <label>
        Input shape{' '}
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={error ? true : undefined}
          data-testid="import-input-shape"
          spellCheck={false}
        />
      </label>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="import-actions">
        <button type="submit" data-testid="import-input-submit">
          Import
        </button>
        <button type="button" onClick={cancelImport}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ModelImportDialog() {
  const { file, phase, fraction, needsInput } = useImportUi();
  if (!file) return null;
  return (
    <div
      className="import-overlay"
      role="dialog"
      aria-modal="true"
      aria-label="Importing a model"
      data-testid="import-dialog"
    >
      <div className="import-card popover">
        <h3>Importing {file.name}</h3>
        {needsInput ? (
          <InputPrompt file={file} need={needsInput} />
        ) : (
          <>
            <progress
              max={1}
              value={phase === 'reading' ? fraction : undefined}
              aria-label="Import progress"
              data-testid="import-progress"
            />
            <p className="small muted">
              {phase ? PHASE_LABEL[phase] : 'Starting'}
              {phase === 'reading'
                ? ` (${Math.round(fraction * 100)}% of ${(file.size / 1e6).toFixed(1)} MB)`
                : '…'}
            </p>
            <div className="import-actions">
              <button type="button" onClick={cancelImport} data-testid="import-cancel">
                Cancel
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
