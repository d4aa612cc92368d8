import { createContext, useContext } from 'react';

/**
 * The app's clock readings, advanced together at 1 Hz by <ClockProvider>.
 * `now` is vendor time: incident ages, countdowns, the header clock (the demo
 * world runs faster than real time). `real` is real time: data freshness, poll
 * ages and message expiry, which are about this machine, not the vendor's world.
 */
export const NowContext = createContext<{ now: number; real: number }>({ now: 0, real: 0 });

export function useNow(): number {
  return useContext(NowContext).now;
}

/** Real time (this machine's clock), as of the last tick. */
export function useRealNow(): number {
  return useContext(NowContext).real;
}
