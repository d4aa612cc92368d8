/**
 * Inventing incidents: which service breaks, how bad it is, and the script of
 * what the simulated responders will do about it.
 */
import { HOUR, MINUTE } from '../clock.js';
import type { Rng } from '../random.js';
import type { IdSource } from './ids.js';
import type { NewIncident } from './lifecycle.js';
import { inventIncident } from './titles.js';
import type { IncidentScript, Priority, Service } from './types.js';

/**
 * natural: arrives while the world runs.
 * history: happened days ago and was over within hours (resolved history for MTTA/MTTR).
 * open: happened shortly before the world's start and is still open then.
 */
export type SpawnKind = 'natural' | 'history' | 'open';

export interface SpawnInput {
  rng: Rng;
  ids: IdSource;
  services: readonly Service[];
  priorities: readonly Priority[];
  number: number;
  createdAt: number;
  /** The world's start; `open` incidents are scripted to stay open past it. */
  start: number;
  kind: SpawnKind;
}

function priorityFor(rng: Rng, urgency: 'high' | 'low', priorities: readonly Priority[]): string | null {
  // About a third of incidents never get a priority, as in accounts where triage is manual.
  if (rng.chance(0.35)) return null;
  const ranks = urgency === 'high' ? [1, 1, 2, 2, 3] : [3, 4, 4, 5, 5];
  const rank = rng.pick(ranks);
  return priorities.find((p) => p.rank === rank)?.id ?? null;
}

function scriptFor(rng: Rng, kind: SpawnKind, createdAt: number, start: number): IncidentScript {
  if (kind === 'history') {
    return {
      ackAfterMs: rng.int(1, 20) * MINUTE,
      fixAfterAckMs: rng.int(5, 120) * MINUTE,
      clearAt: createdAt + rng.int(3, 5) * HOUR,
    };
  }
  if (kind === 'open') {
    const age = start - createdAt;
    const acked = rng.chance(0.5) && age > 2 * MINUTE;
    const ackAfterMs = acked ? rng.int(1, Math.max(1, Math.floor(age / MINUTE) - 1)) * MINUTE : null;
    // Whatever happens before the start, the fix lands only after it.
    const fixAfterAckMs = (ackAfterMs === null ? 0 : age - ackAfterMs) + rng.int(20, 180) * MINUTE;
    return { ackAfterMs, fixAfterAckMs, clearAt: start + rng.int(30, 360) * MINUTE };
  }
  return {
    ackAfterMs: rng.chance(0.7) ? rng.int(1, 25) * MINUTE : null,
    fixAfterAckMs: rng.int(5, 90) * MINUTE,
    clearAt: createdAt + rng.int(30, 480) * MINUTE,
  };
}

export function spawnIncident(input: SpawnInput): NewIncident {
  const { rng } = input;
  // Some services break more than others.
  const service = rng.weighted(input.services.map((s, i) => [s, 1 + ((i * 7) % 4)] as const));
  const idea = inventIncident(rng, service);
  return {
    id: input.ids.next('Q'),
    number: input.number,
    title: idea.title,
    serviceId: service.id,
    urgency: idea.urgency,
    priorityId: priorityFor(rng, idea.urgency, input.priorities),
    incidentKey: idea.incidentKey,
    host: idea.host,
    alertCount: rng.int(1, 6),
    script: scriptFor(rng, input.kind, input.createdAt, input.start),
  };
}
