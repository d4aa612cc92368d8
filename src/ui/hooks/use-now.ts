import { createContext, useContext } from 'react';

/** The app's one clock reading, advanced at 1 Hz by <ClockProvider>. Ages and staleness derive from it. */
export const NowContext = createContext<number>(0);

export function useNow(): number {
  return useContext(NowContext);
}
