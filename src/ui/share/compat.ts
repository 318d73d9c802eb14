/**
 * Compile-time check that the codec's view (src/share/view.ts) and the store's view
 * (src/state/store.ts) stay the same shape: a decoded view can be handed to the store, and the
 * store's view can be encoded. If one side gains a field, tsc fails here.
 */
import type { ShareView, ViewLike } from '../../share/view.ts';
import type { ViewState } from '../../state/store.ts';

type Assignable<A, B> = [A] extends [B] ? true : false;
type Keys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;

export const decodedViewFitsStore: Assignable<ShareView, ViewState> = true;
export const storeViewEncodes: Assignable<ViewState, ViewLike> = true;
export const sameViewFields: Keys<ShareView, ViewState> = true;
