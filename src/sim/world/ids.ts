/** PagerDuty-looking ids from the world's seed, never handed out twice. */
import type { Rng } from '../random.js';

export class IdSource {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** `P` + 6 for most objects, `Q` + 13 for incidents, `R` + 25 for log entries. */
  next(prefix: 'P' | 'Q' | 'R', length = prefix === 'Q' ? 13 : prefix === 'R' ? 25 : 6): string {
    for (;;) {
      const id = this.rng.id(prefix, length);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}
