import { type ReactNode, useEffect, useState } from 'react';
import { NowContext } from '../hooks/use-now.js';

interface Props {
  clock: { now(): number };
  children: ReactNode;
}

/**
 * The only timer in the UI: one 1 Hz tick for the header clock, ages, staleness
 * and toast expiry, instead of a timer per row or per toast.
 */
export function ClockProvider({ clock, children }: Props) {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    setNow(clock.now());
    const timer = setInterval(() => setNow(clock.now()), 1000);
    return () => clearInterval(timer);
  }, [clock]);
  return <NowContext.Provider value={now}>{children}</NowContext.Provider>;
}
