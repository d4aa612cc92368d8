/**
 * Runs writes so their outcome is known or said to be unknown:
 * 1. refusals (read-only, an action the connector lacks, already pending) never reach the vendor;
 * 2. an `intent` audit line is written and flushed before the request — if it cannot be,
 *    the write is refused, never done unaudited;
 * 3. the answer is classified once (`writeFailureOf`): `failed` only when the vendor
 *    certainly did not apply it, `unknown` for a timeout, reset, 5xx or quit while waiting;
 * 4. the record is re-read, an unknown outcome is remembered for the repeat warning, and a
 *    completion line (same id) closes the intent.
 * Every audit write has a deadline, and quitting cancels what is still waiting.
 */
import { recordKey } from '../domain/kinds.js';
import type { ConnectorPort } from '../host/port.js';
import { auditedValues, type StreamName, writeFailureOf } from '../plugin-api/index.js';
import { type AuditEntry, type AuditPhase, actionWording } from './audit.js';
import type { StateContainer } from './state.js';
import type { ActionOutcome, ActionRequest, AppState, UncertainWrite } from './types.js';

/** Unknown outcomes remembered at once; older ones fall off (the audit file keeps them all). */
export const MAX_UNCERTAIN = 20;

export interface ActionRunnerOptions {
  container: StateContainer;
  ports: ReadonlyMap<string, ConnectorPort>;
  clock: { now(): number };
  audit?: ((entry: AuditEntry) => void | Promise<void>) | undefined;
  actor: string;
  newId(): string;
  /** Longest the store waits for one audit line, ms; a slower write counts as failed. */
  auditDeadlineMs: number;
  /** Report a non-fatal problem (a completion line could not be written). */
  problem(message: string): void;
  /** Poll these streams of a connector again, with data fetched after now. */
  reread(instance: string, streams: readonly StreamName[]): void;
}

// The audit line's reason (docs/audit.md): the user quit while the vendor had not answered yet.
const QUIT_REASON = 'outcome unknown: quit while pending';

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Settle when every promise has, or after `ms`, whichever is first; the timer never holds the process. */
function settleWithin(promises: Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  return Promise.race([Promise.allSettled(promises).then(() => undefined), late]).finally(() =>
    clearTimeout(timer),
  );
}

export function createActionRunner(o: ActionRunnerOptions) {
  const { container, clock } = o;
  const controllers = new Set<AbortController>();
  const running = new Set<Promise<ActionOutcome>>();
  let closing = false;
  const iso = (ms: number) => new Date(ms).toISOString();

  const writeAudit = async (entry: AuditEntry): Promise<void> => {
    if (!o.audit) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`audit write did not finish within ${o.auditDeadlineMs / 1000}s`)),
        o.auditDeadlineMs,
      );
      timer.unref?.();
    });
    try {
      await Promise.race([Promise.resolve().then(() => o.audit?.(entry)), late]);
    } finally {
      clearTimeout(timer);
    }
  };

  const setAuditProblem = (problem: string | null) =>
    container.set((s) => (s.auditProblem === problem ? s : { ...s, auditProblem: problem }));

  async function run(request: ActionRequest): Promise<ActionOutcome> {
    const { subject, action: actionId } = request;
    const values = request.values ?? {};
    const state = container.get();
    const source = subject.ref.source;
    const descriptor = state.connectors[source]?.actions.find((a) => a.id === actionId);
    const wording = actionWording(actionId, descriptor);
    const verb = wording.verb;
    const key = subject.label;
    const record = recordKey(subject.ref);
    const port = o.ports.get(source);
    const base = {
      v: 2 as const,
      actor: o.actor,
      instance: source,
      action: actionId,
      target: key,
      targetId: subject.ref.id,
    };
    const asked = auditedValues({ id: actionId, custom: descriptor?.custom ?? false }, values);

    const refuse = async (message: string): Promise<ActionOutcome> => {
      container.toast('error', message, clock.now());
      // A refusal is a `failed` line without an intent: nothing was attempted.
      await writeAudit({
        ...base,
        ...asked,
        id: o.newId(),
        phase: 'failed',
        at: iso(clock.now()),
        message,
        refused: true,
      }).catch(() => {});
      return { ok: false, message };
    };
    if (closing) return refuse(`Not sent: the cockpit is quitting; ${verb} ${key} was not attempted.`);
    // Before read-only: the wall sets both, and its reason is the one that helps.
    if (state.wall) {
      return refuse(
        `Wall view: ${verb} is refused; the wall only shows. Open the cockpit (itops-tui) to act on ${key}.`,
      );
    }
    if (state.readOnly) {
      return refuse(`Read-only mode: ${verb} is disabled (started with --read-only or readOnly: true).`);
    }
    if (!port || !descriptor) return refuse(`${source} cannot ${verb} (connector lacks ${actionId}).`);
    if (descriptor.kind !== subject.kind) {
      return refuse(`${actionId} acts on a ${descriptor.kind}, not on ${key} (a ${subject.kind}).`);
    }
    if (state.pending[record]) return refuse(`${key} already has an action in progress.`);

    // Pending from here: a second submit while the intent line is written is refused too. `seq`
    // lets the message line tell what was said since this write started from what came before.
    container.set((s) => ({
      ...s,
      pending: {
        ...s.pending,
        [record]: { action: actionId, label: `${wording.progress} ${key}`, seq: container.nextId() },
      },
    }));
    const done = (patch: (s: AppState) => AppState) =>
      container.set((s) => {
        const { [record]: _done, ...pending } = s.pending;
        return patch({ ...s, pending });
      });

    const id = o.newId();
    const started = clock.now();
    try {
      await writeAudit({ ...base, ...asked, id, phase: 'intent', at: iso(started) });
    } catch (err) {
      const why = (err as Error).message;
      setAuditProblem(why);
      done((s) => s);
      const message = `Not sent: ${verb} ${key} needs an audit line first, and the audit log cannot be written (${why}). Fix audit.path and try again.`;
      container.toast('error', message, clock.now());
      return { ok: false, message };
    }
    setAuditProblem(null);

    let phase: AuditPhase;
    let outcome: ActionOutcome;
    let code: string | undefined;
    const controller = new AbortController();
    controllers.add(controller);
    try {
      // Confirmed before a quit: it still goes, within the quit's grace (see drain()).
      const result = await port.act({ action: actionId, subject, values }, controller.signal);
      phase = 'succeeded';
      outcome = { ok: true, message: result.message };
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown };
      code = typeof e.code === 'string' ? e.code : undefined;
      const quit = controller.signal.aborted;
      const reason = quit ? QUIT_REASON : String(e.message ?? err);
      if (!quit && writeFailureOf(code) === 'failed') {
        phase = 'failed';
        outcome = { ok: false, message: `${verb} ${key} failed: ${reason}` };
      } else {
        phase = 'unknown';
        // After a quit nothing re-reads it: the user has to look, so say that instead.
        const next = quit
          ? `Check ${key} in ${source} before trying again.`
          : `Re-reading ${key}; check it before trying again.`;
        const message = `${capitalize(verb)} ${key}: no clear answer, so ${source} may have applied it (${reason}). ${next}`;
        outcome = { ok: false, message, unknown: true };
      }
    } finally {
      controllers.delete(controller);
    }

    const remember: UncertainWrite = {
      record,
      action: actionId,
      key,
      at: started,
      values,
      reason: outcome.message,
    };
    done((s) => {
      const others = s.uncertain.filter((u) => u.record !== record || u.action !== actionId);
      // A confirmed repeat settles the question; a refusal leaves the earlier doubt standing.
      if (phase === 'unknown') return { ...s, uncertain: [...others, remember].slice(-MAX_UNCERTAIN) };
      if (phase === 'succeeded' && others.length !== s.uncertain.length) return { ...s, uncertain: others };
      return s;
    });
    // Show the effect (or the doubt, or why it was refused) without waiting for the next poll.
    if (!closing) {
      o.reread(
        port.instance,
        port.streams.filter((s) => descriptor.refresh.includes(s)),
      );
    }
    // The outcome line is on disk before the screen says what happened (bounded by the audit
    // deadline): someone who reads "Escalated" and closes the terminal finds it in the log.
    const finished = clock.now();
    try {
      await writeAudit({
        ...base,
        id,
        phase,
        at: iso(finished),
        message: outcome.message,
        ...(code ? { code } : {}),
        ms: Math.max(0, finished - started),
      });
    } catch (err) {
      setAuditProblem((err as Error).message);
      o.problem(`Audit log write failed: ${(err as Error).message}`);
    }
    container.toast(
      outcome.ok ? 'success' : phase === 'unknown' ? 'warn' : 'error',
      outcome.message,
      clock.now(),
    );
    return outcome;
  }

  return {
    run(request: ActionRequest): Promise<ActionOutcome> {
      const p = run(request);
      running.add(p);
      void p.finally(() => running.delete(p)).catch(() => {});
      return p;
    },
    /**
     * Quit: give writes in flight `graceMs` to answer on their own, then cancel them (their
     * outcome becomes unknown) and wait, bounded, for their completion lines. Never waits
     * longer than about graceMs + 2 × the audit deadline.
     */
    async drain(graceMs: number): Promise<void> {
      closing = true;
      if (running.size === 0) return;
      await settleWithin([...running], graceMs);
      for (const c of controllers) c.abort(new Error(QUIT_REASON));
      await settleWithin([...running], o.auditDeadlineMs + 500);
    },
  };
}
