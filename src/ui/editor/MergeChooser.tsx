/**
 * Which blocks a new merge block (add, concat, multiply) reads, asked before it is added so the
 * design never holds a merge without its inputs: the selected block is checked, the nearest blocks
 * come first, and the block is added once the count suits its kind.
 */
import { useMemo, useState } from 'react';
import { blockDef } from '../../blocks/registry.ts';
import { useStore } from '../../state/store.ts';
import { arityOf, inputChoices } from '../../state/wiring.ts';

export function MergeChooser({ kind, onDone }: { kind: string; onDone(): void }) {
  const design = useStore((s) => s.design);
  const selectedId = useStore((s) => s.view.selectedBlockId);
  const sel = selectedId ? design.blocks.findIndex((b) => b.id === selectedId) : -1;
  const pos = sel >= 0 ? sel + 1 : design.blocks.length;
  const choices = useMemo(() => inputChoices(design, pos).reverse(), [design, pos]);
  const first = design.blocks[pos - 1]?.id;
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set(first ? [first] : []));
  // Why the last Add was refused, while the design is the one it was refused on.
  const [refusal, setRefusal] = useState<{ message: string; design: typeof design } | null>(null);
  const arity = arityOf(kind);
  const label = blockDef(kind)?.label ?? kind;
  const n = checked.size;
  const ok = n >= arity.min && n <= arity.max;
  const refused = refusal?.design === design ? refusal.message : null;
  const need =
    n < arity.min
      ? `choose ${arity.min - n} more`
      : n > arity.max
        ? `${n - arity.max} too many`
        : `${n} chosen`;
  return (
    <fieldset className="merge-chooser" data-testid="merge-chooser">
      <legend className="merge-chooser-title">
        <strong>{label}</strong>: which blocks does it read? (
        {arity.min === arity.max ? arity.min : `${arity.min} to ${arity.max}`}, in design order
        {arity.order ? `: ${arity.order}` : ''})
      </legend>
      <ul className="merge-chooser-list">
        {choices.map((c) => (
          <li key={c.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={checked.has(c.id)}
                data-testid={`merge-choice-${c.id}`}
                onChange={(e) => {
                  const next = new Set(checked);
                  if (e.target.checked) next.add(c.id);
                  else next.delete(c.id);
                  setChecked(next);
                }}
              />
              {c.label}
            </label>
          </li>
        ))}
      </ul>
      {refused ? (
        <p className="field-error" role="alert" data-testid="merge-error">
          {refused}
        </p>
      ) : null}
      <p className="merge-chooser-actions">
        <button
          type="button"
          className="primary"
          disabled={!ok}
          data-testid="merge-confirm"
          onClick={() => {
            // Inputs in design order (the design input first).
            const order = ['input', ...design.blocks.map((b) => b.id)];
            const inputs = order.filter((x) => checked.has(x));
            const why = useStore.getState().addBlock(kind, undefined, inputs);
            if (why) setRefusal({ message: why, design });
            else onDone();
          }}
        >
          Add {label}
        </button>{' '}
        <button type="button" onClick={onDone} data-testid="merge-cancel">
          Cancel
        </button>{' '}
        <span className="muted small">{need}</span>
      </p>
    </fieldset>
  );
}
