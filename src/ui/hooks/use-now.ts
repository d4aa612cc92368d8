import { createContext, useContext } from 'react';

/**
 * The app's clock readings, advanced together at 1 Hz by <ClockProvider>.
 * `now` is vendor time: incident ages, countdowns, the header clock (the demo
 * world runs faster than real time). `wall` is real time: data freshness, poll
 * ages and toast expiry, which are about this machine, not the vendor's world.
 */
export const NowContext = createContext<{ now: number; wall: number }>({ now: 0, wall: 0 });

export function useNow(): number {
  return useContext(NowContext).now;
}

export function useWallNow(): number {
  return useContext(NowContext).wall;
}
