/** Small builders for normalized records, shared by the domain and store unit tests. */
import type { EscalationPolicy, Incident, OnCallShift } from '../../../src/domain/model.js';

export const T0 = Date.parse('2025-03-01T12:00:00.000Z');
export const MIN = 60_000;
/** ISO time `minutes` after T0 (negative = before). */
export const at = (minutes: number): string => new Date(T0 + minutes * MIN).toISOString();

export function incident(id: string, over: Partial<Incident> = {}): Incident {
  return {
    kind: 'incident',
    source: 'pd',
    id,
    key: `#${id}`,
    title: `Incident ${id}`,
    status: 'triggered',
    vendorStatus: 'triggered',
    assignees: ['Ana'],
    openedAt: at(-10),
    ...over,
  };
}

export function shift(userId: string, over: Partial<OnCallShift> = {}): OnCallShift {
  return {
    kind: 'oncall',
    source: 'pd',
    policyId: 'P-WEB',
    policyName: 'Web',
    level: 1,
    userId,
    userName: `User ${userId}`,
    start: at(-60),
    end: at(60),
    ...over,
  };
}

export function policy(id: string, name: string, over: Partial<EscalationPolicy> = {}): EscalationPolicy {
  return { kind: 'escalation_policy', source: 'pd', id, name, levels: [], numLoops: 0, ...over };
}

/** A healthy host: seen a minute before T0, sensor at its policy's target, policies applied. */
export function host(id: string, over: Partial<import('../../../src/domain/model.js').Host> = {}) {
  const h: import('../../../src/domain/model.js').Host = {
    kind: 'host',
    source: 'edr',
    id,
    hostname: `host-${id}`,
    platform: 'Windows',
    os: 'Windows 11',
    sensorVersion: '7.18.18811.0',
    lastSeen: at(-1),
    containment: 'normal',
    vendorStatus: 'normal',
    reducedFunctionality: false,
    prevention: { id: 'prev-1', name: 'Workstations', applied: true },
    sensorUpdate: { id: 'su-1', name: 'Default', applied: true, targetVersion: '7.18.18811' },
    ztaScore: 80,
    tags: ['FalconGroupingTags/prod'],
    ...over,
  };
  return h;
}
