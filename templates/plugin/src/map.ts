/** Vendor ticket → the cockpit's Incident. Pure, so it is tested without a server. */
import type { Incident, Priority } from 'itops-tui-plugin-kit';
import type { Ticket } from './schema.js';

export function toIncident(ticket: Ticket): Incident {
  const state = ticket.state ?? 'open';
  const p = ticket.priority;
  const priority = p !== undefined && p >= 1 && p <= 5 ? (`P${p}` as Priority) : undefined;
  return {
    kind: 'incident',
    // The host stamps the connector instance's name here; whatever you put is replaced.
    source: '',
    id: ticket.id,
    key: ticket.number ?? ticket.id,
    title: ticket.summary,
    status: state === 'closed' ? 'resolved' : state === 'acknowledged' ? 'acknowledged' : 'triggered',
    vendorStatus: state,
    ...(priority ? { priority, priorityLabel: priority } : {}),
    assignees: ticket.assignee ? [ticket.assignee] : [],
    openedAt: ticket.createdAt,
    ...(ticket.updatedAt ? { updatedAt: ticket.updatedAt } : {}),
  };
}
