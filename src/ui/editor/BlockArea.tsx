/** The blocks in the design pane, in one of the DESIGN_VIEWS (a switch appears when there is more than one). */
import { useState } from 'react';
import { DESIGN_VIEWS } from './designViews.ts';
import { WiringNotice } from './WiringNotice.tsx';

export function BlockArea() {
  const [id, setId] = useState(DESIGN_VIEWS[0].id);
  const view = DESIGN_VIEWS.find((v) => v.id === id) ?? DESIGN_VIEWS[0];
  return (
    <div className="block-area" data-testid="block-area" data-view={view.id}>
      {DESIGN_VIEWS.length > 1 ? (
        <div className="seg design-view-switch" role="tablist" aria-label="Show the blocks as">
          {DESIGN_VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              role="tab"
              aria-selected={v.id === view.id}
              className={v.id === view.id ? 'on' : ''}
              data-testid={`design-view-${v.id}`}
              onClick={() => setId(v.id)}
            >
              {v.label}
            </button>
          ))}
        </div>
      ) : null}
      <WiringNotice />
      <view.Component />
    </div>
  );
}
