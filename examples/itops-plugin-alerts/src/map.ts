/** Vendor alert → the cockpit's Incident. Pure: tested without a server. */
import type { Incident, Priority } from 'itops-tui-plugin-kit';
import type { Alert } from './schema.js';

const PRIORITIES: readonly string[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

export function toIncident(alert: Alert, webUrl?: string): Omit<Incident, 'source'> & { source: string } {
  const closed = alert.status === 'closed';
  const priority = PRIORITIES.includes(alert.priority ?? '') ? (alert.priority as Priority) : undefined;
  const service = alert.entity || alert.tags?.find((t) => t.startsWith('service:'))?.slice('service:'.length);
  return {
    kind: 'incident',
    // The host stamps the connector instance over this.
    source: '',
    id: alert.id,
    key: alert.tinyId ? `#${alert.tinyId}` : alert.id.slice(0, 8),
    title: alert.message,
    status: closed ? 'resolved' : alert.acknowledged ? 'acknowledged' : 'triggered',
    vendorStatus: closed ? 'closed' : alert.acknowledged ? 'open, acknowledged' : 'open',
    ...(priority ? { priority, priorityLabel: priority } : {}),
    ...(service ? { service } : {}),
    assignees: alert.owner ? [alert.owner] : [],
    openedAt: alert.createdAt,
    ...(alert.updatedAt ? { updatedAt: alert.updatedAt } : {}),
    ...(webUrl ? { url: webUrl.replace('{id}', encodeURIComponent(alert.id)) } : {}),
  };
}
