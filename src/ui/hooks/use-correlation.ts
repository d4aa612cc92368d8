import { useContext, useSyncExternalStore } from 'react';
import { buildCorrelation, type Correlation } from '../../domain/correlation.js';
import { selectCorrelation } from '../../store/selectors.js';
import type { Store } from '../../store/types.js';
import { StoreContext } from './use-store.js';

const NONE = buildCorrelation([]);
const noStore: Store['subscribe'] = () => () => {};
const nothing = () => null;

/**
 * Links between records of every source; rebuilt only when some stream's records change. A panel
 * drawn on its own (no store around it, as in a panel's tests) has no links to show.
 */
export function useCorrelation(): Correlation {
  const store = useContext(StoreContext);
  const state = useSyncExternalStore(
    store?.subscribe ?? noStore,
    store?.getState ?? nothing,
    store?.getState ?? nothing,
  );
  return state ? selectCorrelation(state) : NONE;
}
