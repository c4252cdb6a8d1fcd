import { FakeDiscordActions } from '../support/fake-discord-actions.ts';
import { describeAttackSuite } from './attacks/suite.ts';
import { WORLD_WITH_HISTORY } from './fixtures/world.ts';

// The same table runs end-to-end later with the real adapter against the playground seeded from
// WORLD_WITH_HISTORY: describeAttackSuite('the playground', async () => ({ actions, close })).
describeAttackSuite('the in-memory Discord', () => ({ actions: new FakeDiscordActions(WORLD_WITH_HISTORY) }));
