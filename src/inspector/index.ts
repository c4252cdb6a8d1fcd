/**
 * The live inspector at `/inspector` on the ops server: every channel actor at a glance, one in
 * detail (its statechart laid out by elkjs from the machine's definition, live events, batch and
 * queue, timers), the supervisor's lifecycle, and any thread in detail; and each channel's replay
 * view at `/inspector/replay/:channelId`, which `ery replay --inspect` also serves on its own
 * (./replay-server.ts). Offline: the pages' code is bundled from this folder at first request.
 * Mount it with one line in the ops handler:
 *
 * ```ts
 * const inspector = createInspectorHandler({ supervisor, hub, stores: inspectorStores(db) });
 * createOpsHandler({ supervisor, mounts: { '/inspector': inspector.fetch } });
 * // or by hand: `await inspector(request)` answers null for a path outside /inspector
 * ```
 */
export { createInspectorHandler, type InspectorDeps, type InspectorHandler } from './handler.ts';
export type * from './wire.ts';
