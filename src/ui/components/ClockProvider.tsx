import { type ReactNode, useEffect, useState } from 'react';
import { NowContext } from '../hooks/use-now.js';

interface Props {
  clock: { now(): number };
  /** Real time; defaults to Date.now. Differs from `clock` in the accelerated demo. */
  realClock?: { now(): number };
  children: ReactNode;
}

const REAL_TIME = { now: () => Date.now() };

/**
 * The only timer in the UI: one 1 Hz tick for the header clock, ages, staleness
 * and message expiry, instead of a timer per row or per message.
 */
export function ClockProvider({ clock, realClock = REAL_TIME, children }: Props) {
  const read = () => ({ now: clock.now(), real: realClock.now() });
  const [now, setNow] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `read` only closes over the two clocks listed
  useEffect(() => {
    setNow(read());
    const timer = setInterval(() => setNow(read()), 1000);
    return () => clearInterval(timer);
  }, [clock, realClock]);
  return <NowContext.Provider value={now}>{children}</NowContext.Provider>;
}
