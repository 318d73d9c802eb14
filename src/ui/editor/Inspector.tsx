/** The selected block: name, generated params form with field errors, per-block transform. */
import { useMemo } from 'react';
import { blockDef } from '../../blocks/registry.ts';
import { shapeText } from '../../core/format.ts';
import { blockLabel, MAX_BLOCK_NAME } from '../../design/index.ts';
import { useAnalysis } from '../../state/derived.ts';
import { selectedIndex, useStore } from '../../state/store.ts';
import { BlockTransform } from './BlockTransform.tsx';
import { InputsField } from './InputsField.tsx';
import { type FieldError, resolveFieldPath, SchemaForm } from './SchemaForm.tsx';
import { objectFields } from './schemaFields.ts';

export function Inspector() {
  const index = useStore(selectedIndex);
  const block = useStore((s) => (index >= 0 ? s.design.blocks[index] : undefined));
  const draft = useStore((s) => (block ? s.drafts[block.id] : undefined));
  const { error, byId, stale } = useAnalysis();
  const def = block ? blockDef(block.kind) : undefined;
  const fields = useMemo(() => (def ? objectFields(def.schema) : []), [def]);

  if (!block || !def) {
    return (
      <section className="inspector empty" aria-label="Block inspector">
        <p className="muted">Select a block to edit its parameters and see why it costs what it costs.</p>
      </section>
    );
  }
  const value = draft?.params ?? block.params;
  let fieldError: FieldError | null = null;
  if (draft) fieldError = { path: draft.field, message: draft.message };
  else if (error && error.blockIndex === index) {
    const path = resolveFieldPath(fields, value, error.field);
    fieldError = { path: path ?? '', message: error.message };
  }
  const row = byId.get(block.id);
  const { updateBlockParams, renameBlock, discardDraft } = useStore.getState();
  return (
    <section className="inspector" aria-label="Block inspector" data-testid="inspector">
      <header className="inspector-head">
        <span className="badge">#{index + 1}</span>
        <input
          className="block-name"
          aria-label="Block name"
          value={block.name ?? ''}
          placeholder={blockLabel(block, index)}
          maxLength={MAX_BLOCK_NAME}
          onChange={(e) => renameBlock(block.id, e.target.value)}
          data-testid="block-name"
        />
      </header>
      <p className="kind-line">
        <strong>{def.label}</strong>
        {row && !(stale && error && error.blockIndex !== undefined && index >= error.blockIndex) ? (
          <span className="muted">
            {' '}
            {shapeText(row.in)} → {shapeText(row.out)}
          </span>
        ) : null}
      </p>
      {fieldError && !fieldError.path ? (
        <p className="field-error block-error" role="alert" data-testid="field-error" data-path="">
          {fieldError.message}
        </p>
      ) : null}
      {draft ? (
        <p className="draft-note">
          Not applied: the design keeps its last valid value.{' '}
          <button type="button" className="link" onClick={() => discardDraft(block.id)}>
            Revert field
          </button>
        </p>
      ) : null}
      <InputsField index={index} />
      <SchemaForm
        key={block.id}
        fields={fields}
        value={value}
        error={fieldError}
        onChange={(next, path) => updateBlockParams(block.id, next, path)}
      />
      {def.convSlots ? <BlockTransform key={`transform-${block.id}`} index={index} /> : null}
    </section>
  );
}
