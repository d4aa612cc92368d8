/**
 * What every vendor simulator shares: fault injection, the request log for contract
 * tests, and a loopback server around the vendor's own `handle()`.
 */
import { FaultSet } from './faults.js';
import { RequestLog } from './recorder.js';
import { type SimRequest, type SimResponse, type SimServer, startSimServer } from './server.js';

export abstract class LoopbackSim {
  readonly faults = new FaultSet();
  readonly requests = new RequestLog();
  /** Base URL once `listen()` resolved, e.g. http://127.0.0.1:41234. */
  url = '';
  private server: SimServer | undefined;

  protected constructor(
    private readonly port: number | undefined,
    /** The vendor's error body for an injected status without an explicit body. */
    private readonly faultBody: (status: number) => unknown,
  ) {}

  /** Answer one request; faults, recording and the HTTP plumbing happen around it. */
  abstract handle(req: SimRequest): SimResponse | Promise<SimResponse>;

  async listen(): Promise<this> {
    this.server = await startSimServer({
      ...(this.port !== undefined ? { port: this.port } : {}),
      handle: (req) => this.handle(req),
      faults: this.faults,
      requests: this.requests,
      faultBody: this.faultBody,
    });
    this.url = this.server.url;
    return this;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }
}
