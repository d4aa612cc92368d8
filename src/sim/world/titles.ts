/**
 * What goes wrong in the simulated company: alert titles by kind of service,
 * with the host, a plausible number and the check name used as incident_key.
 */
import type { Rng } from '../random.js';
import type { Service, ServiceKind } from './types.js';

interface Template {
  kinds: readonly ServiceKind[] | 'any';
  check: string;
  /** `{svc}` and `{host}` are filled in; `n` is a number drawn from `range`. */
  text: (n: number) => string;
  range: [number, number];
  /** Heavier = more frequent. */
  weight: number;
  urgency: 'high' | 'low';
}

const TEMPLATES: readonly Template[] = [
  {
    kinds: ['web'],
    check: 'latency',
    text: (n) => `API p99 latency > ${n / 10}s on {svc}`,
    range: [15, 40],
    weight: 4,
    urgency: 'high',
  },
  {
    kinds: ['web', 'net'],
    check: '5xx',
    text: (n) => `5xx error rate ${n / 10}% on {svc}`,
    range: [21, 180],
    weight: 4,
    urgency: 'high',
  },
  {
    kinds: 'any',
    check: 'disk',
    text: (n) => `Disk ${n}% on {host}`,
    range: [86, 99],
    weight: 4,
    urgency: 'low',
  },
  {
    kinds: 'any',
    check: 'cpu',
    text: (n) => `CPU > ${n}% for 10m on {host}`,
    range: [90, 99],
    weight: 3,
    urgency: 'low',
  },
  {
    kinds: 'any',
    check: 'memory',
    text: (n) => `Memory usage ${n}% on {host}`,
    range: [91, 99],
    weight: 2,
    urgency: 'low',
  },
  {
    kinds: 'any',
    check: 'health',
    text: () => 'Health check failing on {host}',
    range: [0, 0],
    weight: 3,
    urgency: 'high',
  },
  {
    kinds: ['db'],
    check: 'replication',
    text: (n) => `Replication lag ${n}s on {host}`,
    range: [30, 600],
    weight: 3,
    urgency: 'high',
  },
  {
    kinds: ['db'],
    check: 'connections',
    text: (n) => `Connection pool ${n}% used on {host}`,
    range: [92, 100],
    weight: 2,
    urgency: 'high',
  },
  {
    kinds: ['db'],
    check: 'deadlocks',
    text: (n) => `${n} deadlocks/min on {host}`,
    range: [5, 40],
    weight: 1,
    urgency: 'low',
  },
  {
    kinds: ['k8s'],
    check: 'crashloop',
    text: (n) => `Pod CrashLoopBackOff (${n} restarts) in {svc}`,
    range: [5, 60],
    weight: 3,
    urgency: 'high',
  },
  {
    kinds: ['k8s'],
    check: 'notready',
    text: () => 'Node NotReady: {host}',
    range: [0, 0],
    weight: 2,
    urgency: 'high',
  },
  {
    kinds: ['k8s'],
    check: 'pending',
    text: (n) => `${n} pods Pending in {svc}`,
    range: [4, 40],
    weight: 1,
    urgency: 'low',
  },
  {
    kinds: ['net'],
    check: 'tls',
    text: (n) => `TLS certificate expires in ${n} days on {host}`,
    range: [2, 14],
    weight: 2,
    urgency: 'low',
  },
  {
    kinds: ['net'],
    check: 'tunnel',
    text: () => 'IPsec tunnel down on {host}',
    range: [0, 0],
    weight: 2,
    urgency: 'high',
  },
  {
    kinds: ['net'],
    check: 'packetloss',
    text: (n) => `Packet loss ${n}% on {host}`,
    range: [3, 30],
    weight: 2,
    urgency: 'high',
  },
  {
    kinds: ['mail'],
    check: 'deferred',
    text: (n) => `SMTP deferrals > ${n}/min on {host}`,
    range: [200, 900],
    weight: 3,
    urgency: 'low',
  },
  {
    kinds: ['mail'],
    check: 'queue',
    text: (n) => `Mail queue depth ${n}k on {host}`,
    range: [10, 80],
    weight: 2,
    urgency: 'low',
  },
  {
    kinds: ['web'],
    check: 'saturation',
    text: (n) => `Worker saturation ${n}% on {host}`,
    range: [90, 100],
    weight: 2,
    urgency: 'low',
  },
  {
    kinds: ['web'],
    check: 'login',
    text: (n) => `Login failures up ${n}x on {svc}`,
    range: [3, 20],
    weight: 1,
    urgency: 'high',
  },
];

export interface IncidentIdea {
  title: string;
  host: string;
  incidentKey: string;
  urgency: 'high' | 'low';
}

export function inventIncident(rng: Rng, service: Service): IncidentIdea {
  const fitting = TEMPLATES.filter((t) => t.kinds === 'any' || t.kinds.includes(service.kind));
  const template = rng.weighted(fitting.map((t) => [t, t.weight] as const));
  const host = rng.pick(service.hosts);
  const n = rng.int(template.range[0], template.range[1]);
  const title = template.text(n).replace('{svc}', service.name).replace('{host}', host);
  // Mostly the template's urgency; sometimes the service's rule says otherwise.
  const urgency = rng.chance(0.15) ? (template.urgency === 'high' ? 'low' : 'high') : template.urgency;
  return { title, host, incidentKey: `${host}/${template.check}`, urgency };
}
