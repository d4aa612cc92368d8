import { describe, expect, it } from 'vitest';
import { toIncident } from '../src/map.js';
import { alertSchema } from '../src/schema.js';

const alert = (fields: Record<string, unknown>) =>
  alertSchema.parse({ id: 'x1', message: 'disk full', createdAt: '2026-01-01T00:00:00Z', ...fields });

describe('toIncident', () => {
  it.each([
    [{ status: 'open' }, 'triggered'],
    [{ status: 'open', acknowledged: true }, 'acknowledged'],
    [{ status: 'closed', acknowledged: true }, 'resolved'],
  ])('%j → %s', (fields, status) => {
    expect(toIncident(alert(fields)).status).toBe(status);
  });

  it('keeps only priorities the cockpit knows, and builds the deep link', () => {
    expect(toIncident(alert({ priority: 'P9' })).priority).toBeUndefined();
    const i = toIncident(alert({ priority: 'P2', tinyId: '7' }), 'https://alerts.example/alert/{id}');
    expect(i).toMatchObject({ priority: 'P2', key: '#7', url: 'https://alerts.example/alert/x1' });
  });

  it('takes the service from the entity, else from a service: tag', () => {
    expect(toIncident(alert({ tags: ['team:x', 'service:mail'] })).service).toBe('mail');
    expect(toIncident(alert({ entity: 'db', tags: ['service:mail'] })).service).toBe('db');
  });
});
