/** Transform the selected block alone (its convs swapped to another kind), reporting a skip and its reason. */
import { useState } from 'react';
import { useStore } from '../../state/store.ts';
import {
  appReason,
  safeParseSpec,
  specString,
  transformOneBlock,
  transformSummary,
} from '../../state/transforms.ts';
import { defaultPick, type PickerValue, TransformPicker } from './TransformPicker.tsx';

export function BlockTransform({ index }: { index: number }) {
  const [pick, setPick] = useState<PickerValue>(defaultPick);
  const [msg, setMsg] = useState<string | null>(null);
  const apply = () => {
    const st = useStore.getState();
    const parsed = safeParseSpec(specString(pick.id, pick.value, true));
    if (!parsed.ok) {
      setMsg(parsed.error);
      return;
    }
    const r = transformOneBlock(st.design, index, parsed.spec);
    if (!r.ok) {
      setMsg(r.error);
      return;
    }
    const { replaced, skipped } = r.result;
    if (replaced.length) st.setDesign(r.result.design);
    setMsg(
      replaced.length
        ? `${transformSummary(r.label, r.result).text}: ${replaced.map((x) => x.name).join(', ')}`
        : skipped.length
          ? `Skipped: ${skipped.map(appReason).join('; ')}`
          : `${r.label}: nothing in this block to replace`,
    );
  };
  return (
    <details className="block-transform">
      <summary>Transform this block</summary>
      <div className="row wrap">
        <TransformPicker pick={pick} onPick={setPick} testPrefix="block-transform" />
        <button type="button" onClick={apply} data-testid="block-transform-apply">
          Apply
        </button>
      </div>
      {msg ? (
        <p className="muted" role="status" data-testid="block-transform-msg">
          {msg}
        </p>
      ) : null}
    </details>
  );
}
