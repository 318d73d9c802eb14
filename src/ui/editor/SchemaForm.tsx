/** A form generated from a block's zod schema (see schemaFields.ts), with the error shown on its field. */
import { memo, useId } from 'react';
import { BASE_CONV_KIND } from '../../blocks/convKinds.ts';
import {
  altLabel,
  convChoiceFields,
  convChoices,
  type Field,
  initialValue,
  labelOf,
  type ObjectField,
  unionIndex,
} from './schemaFields.ts';

export interface FieldError {
  /** Dotted path of the field, e.g. "conv.part" or "kernel.1"; "" for the block as a whole. */
  path: string;
  message: string;
}

interface Props {
  fields: ObjectField[];
  value: Record<string, unknown>;
  /** Called with the whole new params object and the path of the field that changed. */
  onChange(next: Record<string, unknown>, path: string): void;
  error: FieldError | null;
}

/** Finds the path of a field called `name` (a CostError's field) in the rendered form. */
export function resolveFieldPath(
  fields: ObjectField[],
  value: Record<string, unknown>,
  name: string | undefined,
): string | undefined {
  if (!name) return undefined;
  if (fields.some((f) => f.key === name)) return name;
  const head = name.split('.')[0];
  if (fields.some((f) => f.key === head)) return name;
  for (const f of fields) {
    if (f.field.type === 'convChoice') {
      const v = value[f.key] as { kind?: string } | undefined;
      const inner = convChoiceFields(v?.kind ?? BASE_CONV_KIND);
      if (inner.some((i) => i.key === name)) return `${f.key}.${name}`;
    }
    if (f.field.type === 'object') {
      const p = resolveFieldPath(f.field.fields, (value[f.key] as Record<string, unknown>) ?? {}, name);
      if (p) return `${f.key}.${p}`;
    }
  }
  return undefined;
}

/** A copy of `obj` with `key` set to `v`, or without `key` when `v` is undefined. */
function withKey(obj: Record<string, unknown>, key: string, v: unknown): Record<string, unknown> {
  const next = { ...obj };
  if (v === undefined) delete next[key];
  else next[key] = v;
  return next;
}

export const SchemaForm = memo(function SchemaForm({ fields, value, onChange, error }: Props) {
  return (
    <div className="form-grid">
      {fields.map((f) => (
        <FieldRow
          key={f.key}
          path={f.key}
          label={labelOf(f.key)}
          of={f}
          value={value[f.key]}
          error={error}
          onChange={(v) => onChange(withKey(value, f.key, v), f.key)}
        />
      ))}
    </div>
  );
});

interface RowProps {
  path: string;
  label: string;
  of: ObjectField;
  value: unknown;
  error: FieldError | null;
  onChange(v: unknown): void;
}

function ownsError(path: string, error: FieldError | null, deep: boolean): boolean {
  if (!error) return false;
  return error.path === path || (deep && error.path.startsWith(`${path}.`));
}

function FieldRow({ path, label, of, value, error, onChange }: RowProps) {
  const id = useId();
  const f = of.field;
  const deep = f.type === 'pair' || f.type === 'tuple' || f.type === 'union' || f.type === 'json';
  const err = ownsError(path, error, deep) ? error : null;
  const errId = `${id}-err`;
  if (f.type === 'convChoice') {
    return <ConvChoiceEditor path={path} label={label} value={value} error={error} onChange={onChange} />;
  }
  const v = value === undefined ? of.defaultValue : value;
  return (
    <div className={`field${err ? ' has-error' : ''}`} data-field={path}>
      {f.type === 'boolean' ? (
        <label className="check" htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            checked={v === true}
            onChange={(e) => onChange(e.target.checked)}
            aria-invalid={!!err}
            aria-describedby={err ? errId : undefined}
            data-testid={`field-${path}`}
          />
          {label}
        </label>
      ) : (
        <>
          <label htmlFor={id}>
            {label}
            {of.optional ? <span className="muted"> (optional)</span> : null}
          </label>
          <Editor
            id={id}
            path={path}
            field={f}
            value={v}
            optional={of.optional}
            error={error}
            invalid={!!err}
            describedBy={err ? errId : undefined}
            onChange={onChange}
          />
        </>
      )}
      {err ? (
        <p className="field-error" id={errId} role="alert" data-testid="field-error" data-path={err.path}>
          {err.message}
        </p>
      ) : null}
    </div>
  );
}

interface EditorProps {
  id: string;
  path: string;
  field: Field;
  value: unknown;
  optional?: boolean;
  error: FieldError | null;
  invalid: boolean;
  describedBy?: string;
  onChange(v: unknown): void;
}

function toNumberOrRaw(s: string): number | string {
  const t = s.trim();
  if (t === '') return s;
  const n = Number(t);
  return Number.isFinite(n) ? n : s;
}

function NumberInput({
  id,
  value,
  field,
  invalid,
  describedBy,
  onChange,
  ariaLabel,
  testId,
}: {
  id?: string;
  value: unknown;
  field: Field & { type: 'number' };
  invalid: boolean;
  describedBy?: string;
  onChange(v: unknown): void;
  ariaLabel?: string;
  testId?: string;
}) {
  return (
    <input
      id={id}
      className="num"
      type="text"
      inputMode={field.int ? 'numeric' : 'decimal'}
      spellCheck={false}
      autoComplete="off"
      value={value === undefined || value === null ? '' : String(value)}
      aria-invalid={invalid}
      aria-describedby={describedBy}
      aria-label={ariaLabel}
      data-testid={testId}
      onChange={(e) => onChange(toNumberOrRaw(e.target.value))}
      onKeyDown={(e) => {
        if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.altKey && typeof value === 'number') {
          e.preventDefault();
          e.stopPropagation();
          const step = e.shiftKey ? 10 : 1;
          let n = value + (e.key === 'ArrowUp' ? step : -step);
          if (field.min !== undefined) n = Math.max(field.min, n);
          if (field.max !== undefined) n = Math.min(field.max, n);
          onChange(n);
        }
      }}
    />
  );
}

function Editor(p: EditorProps) {
  const { id, path, field, value, invalid, describedBy, onChange } = p;
  switch (field.type) {
    case 'number':
      return (
        <NumberInput
          id={id}
          value={value}
          field={field}
          invalid={invalid}
          describedBy={describedBy}
          onChange={onChange}
          testId={`field-${path}`}
        />
      );
    case 'string':
      return (
        <input
          id={id}
          type="text"
          value={typeof value === 'string' ? value : ''}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
          data-testid={`field-${path}`}
        />
      );
    case 'enum':
      return (
        <select
          id={id}
          value={typeof value === 'string' ? value : ''}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
          data-testid={`field-${path}`}
        >
          {p.optional || typeof value !== 'string' ? <option value="">(default)</option> : null}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'pair': {
      const optionalEmpty = p.optional && value === undefined;
      const [h, w] = Array.isArray(value) ? value : [value, value];
      const set = (i: 0 | 1, v: unknown) => {
        const next: unknown[] = [h, w];
        next[i] = v;
        onChange(next[0] === next[1] && typeof next[0] === 'number' ? next[0] : next);
      };
      return (
        <fieldset className="pair" id={id} aria-describedby={describedBy}>
          {optionalEmpty ? (
            <button type="button" className="link" onClick={() => onChange(initialValue(field))}>
              set
            </button>
          ) : (
            <>
              <NumberInput
                value={h}
                field={field.item}
                invalid={invalid}
                onChange={(v) => set(0, v)}
                ariaLabel={`${path} height`}
                testId={`field-${path}-h`}
              />
              <span aria-hidden="true">×</span>
              <NumberInput
                value={w}
                field={field.item}
                invalid={invalid}
                onChange={(v) => set(1, v)}
                ariaLabel={`${path} width`}
                testId={`field-${path}-w`}
              />
              {p.optional ? (
                <button
                  type="button"
                  className="link"
                  onClick={() => onChange(undefined)}
                  aria-label={`reset ${path}`}
                >
                  default
                </button>
              ) : null}
            </>
          )}
        </fieldset>
      );
    }
    case 'tuple': {
      const arr = Array.isArray(value) ? value : field.items.map(initialValue);
      return (
        <fieldset className="tuple" id={id} aria-describedby={describedBy}>
          {field.items.map((item, i) => (
            <Editor
              key={i}
              id={`${id}-${i}`}
              path={`${path}.${i}`}
              field={item}
              value={arr[i]}
              error={null}
              invalid={invalid}
              onChange={(v) => {
                const next = arr.slice();
                next[i] = v;
                onChange(next);
              }}
            />
          ))}
        </fieldset>
      );
    }
    case 'union': {
      // Enum alternatives are offered value by value; others as one entry each.
      const entries: { label: string; alt: number; value?: string }[] = [];
      field.options.forEach((o, alt) => {
        if (o.type === 'enum') for (const v of o.options) entries.push({ label: v, alt, value: v });
        else entries.push({ label: altLabel(o), alt });
      });
      const alt = unionIndex(field.options, value);
      const current = entries.findIndex((e) =>
        e.value !== undefined ? e.value === value : e.alt === alt && field.options[alt].type !== 'enum',
      );
      const chosen = field.options[alt];
      return (
        <fieldset className="union" aria-describedby={describedBy}>
          <select
            id={id}
            value={current}
            aria-invalid={invalid}
            data-testid={`field-${path}`}
            onChange={(e) => {
              const en = entries[Number(e.target.value)];
              onChange(en.value ?? initialValue(field.options[en.alt]));
            }}
          >
            {current < 0 ? <option value={-1}>(choose)</option> : null}
            {entries.map((e, i) => (
              <option key={e.label} value={i}>
                {e.label}
              </option>
            ))}
          </select>
          {chosen && chosen.type !== 'enum' ? (
            <Editor
              id={`${id}-v`}
              path={path}
              field={chosen}
              value={value}
              error={null}
              invalid={invalid}
              onChange={onChange}
            />
          ) : null}
        </fieldset>
      );
    }
    case 'array': {
      const arr = Array.isArray(value) ? value : [];
      return (
        <fieldset className="array" id={id} aria-describedby={describedBy}>
          {arr.length === 0 ? <span className="muted">none</span> : null}
          {arr.map((item, i) => {
            const itemErr = p.error?.path === `${path}.${i}`;
            return (
              <span className="array-item" key={i}>
                <Editor
                  id={`${id}-${i}`}
                  path={`${path}.${i}`}
                  field={field.element}
                  value={item}
                  error={null}
                  invalid={itemErr || invalid}
                  onChange={(v) => {
                    const next = arr.slice();
                    next[i] = v;
                    onChange(next);
                  }}
                />
                <button
                  type="button"
                  className="icon remove"
                  aria-label={`remove ${path} item ${i + 1}`}
                  title="Remove"
                  onClick={() => onChange(arr.filter((_, k) => k !== i))}
                >
                  ✕
                </button>
              </span>
            );
          })}
          {field.max === undefined || arr.length < field.max ? (
            <button
              type="button"
              className="link"
              onClick={() =>
                onChange([...arr, arr.length ? arr[arr.length - 1] : initialValue(field.element)])
              }
            >
              + add
            </button>
          ) : null}
        </fieldset>
      );
    }
    default:
      return (
        <input
          id={id}
          type="text"
          defaultValue={JSON.stringify(value ?? null)}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onBlur={(e) => {
            try {
              onChange(JSON.parse(e.target.value));
            } catch {
              onChange(e.target.value);
            }
          }}
        />
      );
  }
}

function ConvChoiceEditor({
  path,
  label,
  value,
  error,
  onChange,
}: {
  path: string;
  label: string;
  value: unknown;
  error: FieldError | null;
  onChange(v: unknown): void;
}) {
  const id = useId();
  const v = (value && typeof value === 'object' ? value : { kind: BASE_CONV_KIND }) as Record<
    string,
    unknown
  >;
  const kind = typeof v.kind === 'string' ? v.kind : BASE_CONV_KIND;
  const kinds = convChoices();
  const inner = kinds.find((k) => k.kind === kind)?.fields ?? [];
  const err = error && (error.path === path || error.path === `${path}.kind`) ? error : null;
  return (
    <fieldset className={`field conv-choice${err ? ' has-error' : ''}`} data-field={path}>
      <legend>{label}</legend>
      <div className="field">
        <label htmlFor={id}>Kind</label>
        <select
          id={id}
          value={kind}
          aria-invalid={!!err}
          data-testid={`field-${path}.kind`}
          onChange={(e) => {
            const k = kinds.find((x) => x.kind === e.target.value);
            onChange({ kind: e.target.value, ...(k?.defaults ?? {}) });
          }}
        >
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        {err ? (
          <p className="field-error" role="alert" data-testid="field-error" data-path={err.path}>
            {err.message}
          </p>
        ) : null}
      </div>
      {inner.map((f) => (
        <FieldRow
          key={f.key}
          path={`${path}.${f.key}`}
          label={labelOf(f.key)}
          of={f}
          value={v[f.key]}
          error={error}
          onChange={(x) => onChange(withKey(v, f.key, x))}
        />
      ))}
    </fieldset>
  );
}
