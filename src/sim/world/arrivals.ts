/**
 * The incident arrival stream: first a backlog that builds the world's past
 * (resolved history, then the incidents still open at the start), then new
 * incidents every few simulated minutes for as long as the world runs.
 */
import { DAY, HOUR, MINUTE } from '../clock.js';
import type { Rng } from '../random.js';
import type { EventSource } from './evolve.js';
import type { SpawnKind } from './spawn.js';

export interface Planned {
  at: number;
  kind: SpawnKind;
}

export interface ArrivalOptions {
  start: number;
  openIncidents: number;
  resolvedHistory: number;
  /** Mean gap between new incidents once the world runs (ms). */
  meanGapMs: number;
}

/** The past: history spread over the week before the start, open ones over its last three hours. */
export function planBacklog(rng: Rng, o: ArrivalOptions): Planned[] {
  const plan: Planned[] = [];
  for (let i = 0; i < o.resolvedHistory; i++) {
    plan.push({
      at: o.start - 7 * DAY + rng.int(0, Math.floor((7 * DAY - 6 * HOUR) / MINUTE)) * MINUTE,
      kind: 'history',
    });
  }
  for (let i = 0; i < o.openIncidents; i++) {
    plan.push({ at: o.start - rng.int(2 * 60, (3 * HOUR) / 1000) * 1000, kind: 'open' });
  }
  return plan.sort((a, b) => a.at - b.at);
}

export function createArrivals(
  rng: Rng,
  o: ArrivalOptions,
  spawn: (kind: SpawnKind, at: number) => void,
): EventSource {
  const backlog = planBacklog(rng, o);
  let index = 0;
  // Uniform gaps between half and one and a half times the mean: lively but never bursty.
  const gap = () => Math.round(o.meanGapMs * (0.5 + rng.float()));
  let nextNatural = o.start + gap();
  return {
    nextAt: () => (index < backlog.length ? backlog[index]!.at : nextNatural),
    fire() {
      if (index < backlog.length) {
        const p = backlog[index++]!;
        spawn(p.kind, p.at);
        return;
      }
      const at = nextNatural;
      nextNatural += gap();
      spawn('natural', at);
    },
  };
}
