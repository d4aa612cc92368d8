import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AppState, Store } from '../../store/types.js';

export const StoreContext = createContext<Store | null>(null);

export function useStore(): Store {
  const store = useContext(StoreContext);
  if (!store)
    throw new Error('useStore() outside <StoreContext.Provider>: render the cockpit through <App>.');
  return store;
}

/** The whole app state; re-renders on every store change (the store publishes immutable snapshots). */
export function useAppState(): AppState {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
