import type { ActorLog } from './actor-log.ts';
import type { ChannelHistory } from './channel-history.ts';
import type { ChannelLogs } from './channel-logs.ts';
import type { ThreadRecords } from './thread-records.ts';

/**
 * What any inspector reads of what Ery recorded, live (the ops server) or not (`ery replay
 * --inspect`): thread details, the restarts that cut threads off, and channels' logs to replay.
 * Adapters: src/db/inspector-stores.ts (`recordedStores`, `replayStores`).
 */
export interface RecordedStores {
  threads: ThreadRecords;
  actorLog: ActorLog;
  logs: ChannelLogs;
}

/**
 * What the live inspector reads besides: each channel's stored row and recent threads. Adapter:
 * src/db/inspector-stores.ts (`inspectorStores`).
 */
export interface InspectorStores extends RecordedStores {
  history: ChannelHistory;
}
