/**
 * The selected block's wiring: what it reads (the design input or an earlier block; by default the
 * block before it), a merge block's list of inputs (add or remove within its kind's count), who
 * reads it, and whether it is an output of the design. A choice the store refuses (count, shapes
 * that do not agree) shows its reason here and leaves the design as it was.
 */
import { useId, useMemo } from 'react';
import { blockLabel, INPUT_ID, inputsOf, outputsOf } from '../../design/index.ts';
import { useStore } from '../../state/store.ts';
import { arityOf, inputChoices } from '../../state/wiring.ts';

/** At most this many reader names are listed. */
const READERS_SHOWN = 6;

export function InputsField({ index }: { index: number }) {
  const design = useStore((s) => s.design);
  const refusal = useStore((s) => s.wiringNote);
  const id = useId();
  const b = design.blocks[index];
  const choices = useMemo(() => inputChoices(design, index), [design, index]);
  const readers = useMemo(() => {
    const out: string[] = [];
    for (let k = index + 1; k < design.blocks.length; k++)
      if (inputsOf(design, k).includes(design.blocks[index].id)) out.push(blockLabel(design.blocks[k], k));
    return out;
  }, [design, index]);
  if (!b) return null;
  const arity = arityOf(b.kind);
  const current = inputsOf(design, index);
  const isOutput = outputsOf(design).includes(b.id);
  const shown =
    refusal &&
    refusal.design === design &&
    refusal.blockId === b.id &&
    ['inputs', 'outputs'].includes(refusal.field)
      ? refusal
      : null;
  const { setBlockInputs, setBlockOutput } = useStore.getState();
  const errId = `${id}-err`;
  const previous = index === 0 ? null : design.blocks[index - 1];
  const defaultLabel = previous
    ? `the block before: ${blockLabel(previous, index - 1)}`
    : `the design input (${design.input.h}×${design.input.w}×${design.input.c})`;

  return (
    <div className={`inputs-field${shown ? ' has-error' : ''}`} data-testid="block-inputs">
      {arity.max === 1 ? (
        <div className="field">
          <label htmlFor={`${id}-in`}>Input</label>
          <select
            id={`${id}-in`}
            data-testid="input-select"
            value={b.inputs ? b.inputs[0] : ''}
            aria-invalid={!!shown}
            aria-describedby={shown ? errId : undefined}
            onChange={(e) => setBlockInputs(b.id, e.target.value ? [e.target.value] : undefined)}
          >
            <option value="">{defaultLabel} (default)</option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <fieldset className="merge-inputs">
          <legend>
            Inputs{' '}
            <span className="muted">
              ({arity.min === arity.max ? `exactly ${arity.min}` : `${arity.min} to ${arity.max}`}
              {arity.order ? `: ${arity.order}` : ''})
            </span>
          </legend>
          <ol>
            {current.map((ref, k) => (
              <li key={k}>
                <select
                  aria-label={`Input ${k + 1}`}
                  data-testid={`merge-input-${k}`}
                  value={ref}
                  aria-invalid={!!shown}
                  aria-describedby={shown ? errId : undefined}
                  onChange={(e) =>
                    setBlockInputs(
                      b.id,
                      current.map((x, j) => (j === k ? e.target.value : x)),
                    )
                  }
                >
                  {choices.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.label}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="small"
                  disabled={current.length <= arity.min}
                  aria-label={`Remove input ${k + 1}`}
                  title={
                    current.length <= arity.min ? `A ${b.kind} block needs ${arity.min} inputs` : 'Remove'
                  }
                  data-testid={`merge-remove-${k}`}
                  onClick={() =>
                    setBlockInputs(
                      b.id,
                      current.filter((_, j) => j !== k),
                    )
                  }
                >
                  ×
                </button>
              </li>
            ))}
          </ol>
          {current.length < arity.max ? (
            <button
              type="button"
              className="small"
              data-testid="merge-add-input"
              onClick={() => {
                // The nearest earlier block it does not read yet (else the design input).
                const unused = [...choices].reverse().find((c) => !current.includes(c.id));
                setBlockInputs(b.id, [...current, unused?.id ?? INPUT_ID]);
              }}
            >
              + Add input
            </button>
          ) : null}
        </fieldset>
      )}
      {shown ? (
        <p className="field-error" id={errId} role="alert" data-testid="inputs-error">
          {shown.message}
        </p>
      ) : null}
      <p className="wiring-line muted small">
        <label className="check">
          <input
            type="checkbox"
            checked={isOutput}
            data-testid="block-output"
            onChange={(e) => setBlockOutput(b.id, e.target.checked)}
          />
          Output of the design
          {design.outputs ? '' : isOutput ? ' (the last block, by default)' : ''}
        </label>
        <span data-testid="block-readers">
          {readers.length
            ? `Read by ${readers.slice(0, READERS_SHOWN).join(', ')}${readers.length > READERS_SHOWN ? ` and ${readers.length - READERS_SHOWN} more` : ''}.`
            : isOutput
              ? ''
              : 'Nothing reads it.'}
        </span>
      </p>
    </div>
  );
}
