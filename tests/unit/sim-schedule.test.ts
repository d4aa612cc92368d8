/** Business-hours arithmetic of the ServiceNow simulator's SLA schedules. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMs, businessMs, type SnSchedule } from '../../src/sim/servicenow/schedule.js';

const HOUR = 3_600_000;
const weekdays: SnSchedule = {
  sys_id: 's',
  name: '8-5 weekdays',
  days: [1, 2, 3, 4, 5],
  startMin: 8 * 60,
  endMin: 17 * 60,
  createdAt: 0,
};
const at = (d: number, h: number, m = 0) => Date.UTC(2030, 2, d, h, m); // 2030-03-04 is a Monday

describe('SLA schedule arithmetic', () => {
  it('counts only the hours inside the schedule', () => {
    expect(businessMs(weekdays, at(4, 9), at(4, 10))).toBe(HOUR);
    expect(businessMs(weekdays, at(4, 6), at(4, 20))).toBe(9 * HOUR);
    // Friday 16:00 → Monday 09:00: one hour on Friday, one on Monday.
    expect(businessMs(weekdays, at(8, 16), at(11, 9))).toBe(2 * HOUR);
    expect(businessMs(weekdays, at(9, 0), at(10, 23))).toBe(0);
    expect(businessMs(weekdays, at(4, 10), at(4, 9))).toBe(0);
  });

  it('finds the breach point: four business hours from Friday 16:00 is Monday 11:00', () => {
    expect(addBusinessMs(weekdays, at(8, 16), 4 * HOUR)).toBe(at(11, 11));
    expect(addBusinessMs(weekdays, at(9, 12), HOUR)).toBe(at(11, 9));
    expect(addBusinessMs({ ...weekdays, days: [] }, at(4, 9), HOUR)).toBe(Number.POSITIVE_INFINITY);
  });

  it('adding then measuring gives the same business time back, from any start', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at(1, 0), max: at(28, 0) }),
        fc.integer({ min: 1, max: 200 * HOUR }),
        (from, ms) => {
          const end = addBusinessMs(weekdays, from, ms);
          expect(end).toBeGreaterThanOrEqual(from);
          expect(businessMs(weekdays, from, end)).toBe(ms);
          // Nothing earlier reaches it.
          expect(businessMs(weekdays, from, end - 1)).toBeLessThan(ms);
        },
      ),
    );
  });
});
