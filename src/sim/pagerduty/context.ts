/** What every PagerDuty route handler gets: the world, "now", links and the caller. */
import type { SimRequest, SimResponse } from '../http/server.js';
import type { User, World } from '../world.js';
import type { RenderContext } from './render.js';

export interface RouteContext extends RenderContext {
  world: World;
  /** Simulated time of this request (the world has been brought up to it). */
  now: number;
  /** The user writes are attributed to (from the `From` header), on writes only. */
  actor?: User;
}

export type Route = (c: RouteContext, req: SimRequest, params: string[]) => SimResponse;
