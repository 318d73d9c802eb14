/**
 * The ways the design pane shows the blocks: the list today; a graph view of the design mounts
 * here with one entry (its id, its label and a lazily loaded component) and the pane then offers
 * a List / Graph switch. Nothing else needs to change to add one.
 */
import type { ComponentType } from 'react';
import { LazyGraphView } from '../graph/LazyGraphView.tsx';
import { BlockList } from './BlockList.tsx';

export interface DesignView {
  id: string;
  label: string;
  Component: ComponentType;
}

export const DESIGN_VIEWS: readonly DesignView[] = [
  { id: 'list', label: 'List', Component: BlockList },
  { id: 'graph', label: 'Graph', Component: LazyGraphView },
];
