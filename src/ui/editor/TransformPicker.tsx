/** Choosing a transform (kind + its option) — shared by the design-wide and per-block controls. */
import { useId } from 'react';
import { TRANSFORM_CHOICES } from '../../state/transforms.ts';

export interface PickerValue {
  id: string;
  value: number;
}

export function defaultPick(): PickerValue {
  // The menu's first entry (HetConv) at its default option.
  const first = TRANSFORM_CHOICES[0];
  return { id: first.id, value: first.option?.default ?? 0 };
}

export function TransformPicker({
  pick,
  onPick,
  testPrefix,
}: {
  pick: PickerValue;
  onPick(p: PickerValue): void;
  testPrefix: string;
}) {
  const id = useId();
  const choice = TRANSFORM_CHOICES.find((c) => c.id === pick.id) ?? TRANSFORM_CHOICES[0];
  return (
    <span className="transform-picker">
      <label htmlFor={`${id}-k`} className="sr-only">
        Transform
      </label>
      <select
        id={`${id}-k`}
        value={pick.id}
        data-testid={`${testPrefix}-kind`}
        onChange={(e) => {
          const c = TRANSFORM_CHOICES.find((x) => x.id === e.target.value);
          onPick({ id: e.target.value, value: c?.option?.default ?? 0 });
        }}
      >
        {TRANSFORM_CHOICES.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
      {choice.option ? (
        <>
          <label htmlFor={`${id}-v`}>{choice.option.label} =</label>
          <input
            id={`${id}-v`}
            className="num short"
            type="number"
            min={1}
            list={`${id}-vals`}
            value={pick.value}
            data-testid={`${testPrefix}-value`}
            onChange={(e) => onPick({ ...pick, value: Math.max(1, Math.round(Number(e.target.value) || 1)) })}
          />
          <datalist id={`${id}-vals`}>
            {choice.option.values.map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
        </>
      ) : null}
    </span>
  );
}
