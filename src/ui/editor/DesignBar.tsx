/** Design-level inputs: name, input shape H x W x C, batch size. */
import { useEffect, useId, useState } from 'react';
import { MAX_CHANNELS, MAX_SIDE } from '../../blocks/schemaParts.ts';
import { MAX_BATCH } from '../../design/schema.ts';
import { useStore } from '../../state/store.ts';

function IntField({
  label,
  value,
  max,
  onCommit,
  testId,
}: {
  label: string;
  value: number;
  max: number;
  onCommit(v: number): void;
  testId: string;
}) {
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const n = Number(text);
  const bad = !(Number.isInteger(n) && n >= 1 && n <= max);
  return (
    <span className={`mini-field${bad ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="num short"
        type="text"
        inputMode="numeric"
        value={text}
        aria-invalid={bad}
        aria-describedby={bad ? `${id}-e` : undefined}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (Number.isInteger(v) && v >= 1 && v <= max) onCommit(v);
        }}
        onBlur={() => setText(String(value))}
      />
      {bad ? (
        <span className="field-error tiny" id={`${id}-e`} role="alert" data-testid="field-error">
          1..{max}
        </span>
      ) : null}
    </span>
  );
}

/** The input dimensions with their upper bounds. */
const INPUT_DIMS = [
  ['h', MAX_SIDE],
  ['w', MAX_SIDE],
  ['c', MAX_CHANNELS],
] as const;

export function DesignBar() {
  const input = useStore((s) => s.design.input);
  const batch = useStore((s) => s.design.batch);
  const st = useStore.getState();
  return (
    <section className="panel design-bar" aria-label="Input">
      <h2 className="panel-title">Input</h2>
      <div className="row wrap">
        {INPUT_DIMS.map(([key, max]) => (
          <IntField
            key={key}
            label={key.toUpperCase()}
            value={input[key]}
            max={max}
            onCommit={(v) => st.setInput({ [key]: v })}
            testId={`input-${key}`}
          />
        ))}
        <IntField
          label="batch"
          value={batch}
          max={MAX_BATCH}
          onCommit={(b) => st.setBatch(b)}
          testId="batch"
        />
      </div>
    </section>
  );
}
