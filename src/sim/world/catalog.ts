/**
 * The fixed cast of the simulated company (names invented, emails on
 * example.com). Ids, times and incidents come from the seed; the cast does not,
 * so every seed tells the story of the same company.
 */
import type { ServiceKind } from './types.js';

export const TEAMS = ['Payments', 'Platform', 'Identity', 'Network'] as const;
export type TeamName = (typeof TEAMS)[number];

export interface CastMember {
  name: string;
  team: TeamName;
  title: string;
  zone: string;
  manager?: true;
}

/**
 * Three engineers and one manager per team. As in real accounts, some people hold more than one
 * level of a policy at once (Keiko Tanaka on Platform EP; the Network primary on two rules), and
 * Identity's secondary is the previous day's primary.
 */
export const CAST: readonly CastMember[] = [
  { name: 'Ana Lindqvist', team: 'Payments', title: 'Site Reliability Engineer', zone: 'Europe/Stockholm' },
  { name: 'Bo Okafor', team: 'Payments', title: 'Backend Engineer', zone: 'Europe/London' },
  { name: 'Chiara Benedetti', team: 'Payments', title: 'Database Engineer', zone: 'Europe/Rome' },
  { name: 'Dmitri Sokolov', team: 'Payments', title: 'Backend Engineer', zone: 'Europe/Berlin' },
  { name: 'Priya Raman', team: 'Platform', title: 'Platform Engineer', zone: 'Asia/Kolkata' },
  { name: 'Tomasz Wrona', team: 'Platform', title: 'Platform Engineer', zone: 'Europe/Warsaw' },
  { name: 'Keiko Tanaka', team: 'Platform', title: 'Senior SRE', zone: 'Asia/Tokyo' },
  { name: 'Lucas Moreau', team: 'Identity', title: 'Security Engineer', zone: 'Europe/Paris' },
  { name: 'Amara Nwosu', team: 'Identity', title: 'Backend Engineer', zone: 'Africa/Lagos' },
  { name: 'Jonas Becker', team: 'Network', title: 'Network Engineer', zone: 'Europe/Berlin' },
  { name: 'Sofia Alvarez', team: 'Network', title: 'Network Engineer', zone: 'America/Mexico_City' },
  { name: 'Ethan Walsh', team: 'Network', title: 'Systems Engineer', zone: 'America/New_York' },
  {
    name: 'Grace Kim',
    team: 'Payments',
    title: 'Engineering Manager',
    zone: 'America/Los_Angeles',
    manager: true,
  },
  {
    name: 'Rafael Costa',
    team: 'Platform',
    title: 'Engineering Manager',
    zone: 'America/Sao_Paulo',
    manager: true,
  },
  {
    name: 'Hannah Fischer',
    team: 'Identity',
    title: 'Engineering Manager',
    zone: 'Europe/Vienna',
    manager: true,
  },
  { name: 'Omar Haddad', team: 'Network', title: 'Engineering Manager', zone: 'Asia/Dubai', manager: true },
];

export interface ScheduleSpec {
  name: string;
  team: TeamName;
  /** Members by cast name, in rotation order. */
  members: string[];
  turnHours: number;
}

export const SCHEDULES: readonly ScheduleSpec[] = [
  {
    name: 'Payments primary',
    team: 'Payments',
    members: ['Ana Lindqvist', 'Bo Okafor', 'Chiara Benedetti'],
    turnHours: 24,
  },
  {
    name: 'Payments secondary',
    team: 'Payments',
    members: ['Dmitri Sokolov', 'Keiko Tanaka'],
    turnHours: 168,
  },
  {
    name: 'Platform follow-the-sun',
    team: 'Platform',
    // Keiko is also Platform EP's level 2: during her turn she is on call at levels 1 and 2.
    members: ['Priya Raman', 'Tomasz Wrona', 'Keiko Tanaka'],
    turnHours: 12,
  },
  {
    name: 'Identity primary',
    team: 'Identity',
    members: ['Lucas Moreau', 'Amara Nwosu', 'Dmitri Sokolov'],
    turnHours: 24,
  },
  {
    name: 'Network primary',
    team: 'Network',
    members: ['Jonas Becker', 'Sofia Alvarez', 'Ethan Walsh'],
    turnHours: 168,
  },
  { name: 'Network secondary', team: 'Network', members: ['Priya Raman', 'Amara Nwosu'], turnHours: 24 },
  {
    // The same people one turn behind Identity primary: yesterday's primary is today's secondary.
    name: 'Identity secondary',
    team: 'Identity',
    members: ['Dmitri Sokolov', 'Lucas Moreau', 'Amara Nwosu'],
    turnHours: 24,
  },
];

export interface PolicySpec {
  name: string;
  team: TeamName;
  numLoops: number;
  /** Level targets: a schedule name or a cast name, with the wait before moving on. */
  levels: { schedule?: string; user?: string; delayMinutes: number }[];
}

export const POLICIES: readonly PolicySpec[] = [
  {
    name: 'Payments EP',
    team: 'Payments',
    numLoops: 1,
    levels: [
      { schedule: 'Payments primary', delayMinutes: 15 },
      { schedule: 'Payments secondary', delayMinutes: 20 },
      { user: 'Grace Kim', delayMinutes: 30 },
    ],
  },
  {
    name: 'Platform EP',
    team: 'Platform',
    numLoops: 0,
    levels: [
      { schedule: 'Platform follow-the-sun', delayMinutes: 10 },
      { user: 'Keiko Tanaka', delayMinutes: 15 },
      { user: 'Rafael Costa', delayMinutes: 30 },
    ],
  },
  {
    name: 'Identity EP',
    team: 'Identity',
    numLoops: 2,
    levels: [
      { schedule: 'Identity primary', delayMinutes: 30 },
      { schedule: 'Identity secondary', delayMinutes: 20 },
      { user: 'Hannah Fischer', delayMinutes: 30 },
    ],
  },
  {
    name: 'Network EP',
    team: 'Network',
    numLoops: 0,
    levels: [
      { schedule: 'Network primary', delayMinutes: 5 },
      // A second page to the same primary before the secondary is woken: a common real setup.
      { schedule: 'Network primary', delayMinutes: 10 },
      { schedule: 'Network secondary', delayMinutes: 15 },
      { user: 'Omar Haddad', delayMinutes: 25 },
    ],
  },
];

export interface ServiceSpec {
  name: string;
  description: string;
  kind: ServiceKind;
  team: TeamName;
  policy: string;
  hosts: string[];
  ackTimeoutSeconds: number | null;
  autoResolveSeconds: number | null;
}

export const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'checkout-api',
    description: 'Public checkout and cart API',
    kind: 'web',
    team: 'Payments',
    policy: 'Payments EP',
    hosts: ['checkout-api-01', 'checkout-api-02', 'checkout-api-03', 'checkout-api-04'],
    ackTimeoutSeconds: 1800,
    autoResolveSeconds: null,
  },
  {
    name: 'payments-db',
    description: 'PostgreSQL cluster behind payments',
    kind: 'db',
    team: 'Payments',
    policy: 'Payments EP',
    hosts: ['db-07', 'db-08', 'db-09'],
    ackTimeoutSeconds: 1800,
    autoResolveSeconds: null,
  },
  {
    name: 'auth-service',
    description: 'Login, sessions and tokens',
    kind: 'web',
    team: 'Identity',
    policy: 'Identity EP',
    hosts: ['auth-01', 'auth-02', 'auth-03'],
    ackTimeoutSeconds: 3600,
    autoResolveSeconds: null,
  },
  {
    name: 'search-api',
    description: 'Product search',
    kind: 'web',
    team: 'Platform',
    policy: 'Platform EP',
    hosts: ['search-01', 'search-02', 'search-03', 'search-04', 'search-05'],
    ackTimeoutSeconds: null,
    autoResolveSeconds: 14_400,
  },
  {
    name: 'edge-proxy',
    description: 'Edge load balancers and TLS termination',
    kind: 'net',
    team: 'Network',
    policy: 'Network EP',
    hosts: ['edge-fra-01', 'edge-ams-01', 'edge-iad-01', 'edge-sfo-01'],
    ackTimeoutSeconds: 1800,
    autoResolveSeconds: null,
  },
  {
    name: 'k8s-prod',
    description: 'Production Kubernetes cluster',
    kind: 'k8s',
    team: 'Platform',
    policy: 'Platform EP',
    hosts: ['k8s-node-01', 'k8s-node-02', 'k8s-node-03', 'k8s-node-04', 'k8s-node-05', 'k8s-node-06'],
    ackTimeoutSeconds: 1800,
    autoResolveSeconds: null,
  },
  {
    name: 'mail-relay',
    description: 'Outbound transactional mail',
    kind: 'mail',
    team: 'Identity',
    policy: 'Identity EP',
    hosts: ['mail-01', 'mail-02'],
    ackTimeoutSeconds: null,
    autoResolveSeconds: 14_400,
  },
  {
    name: 'vpn-gateway',
    description: 'Employee and partner VPN',
    kind: 'net',
    team: 'Network',
    policy: 'Network EP',
    hosts: ['vpn-gw-01', 'vpn-gw-02'],
    ackTimeoutSeconds: 3600,
    autoResolveSeconds: null,
  },
];

export const PRIORITIES = [
  { name: 'P1', description: 'Critical: customer-facing outage', color: 'a8171c' },
  { name: 'P2', description: 'High: major degradation', color: 'eb6016' },
  { name: 'P3', description: 'Moderate: partial degradation', color: 'f9b406' },
  { name: 'P4', description: 'Low: minor issue', color: '0081c7' },
  { name: 'P5', description: 'Informational', color: '666666' },
] as const;
