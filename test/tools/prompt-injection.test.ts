import { FakeDiscordActions } from '../support/fake-discord-actions.ts';
import { describeAttackSuite } from './attacks/suite.ts';
import { WORLD_WITH_HISTORY } from './fixtures/world.ts';

// The same table runs end to end, through the real discord.js client against the playground seeded
// from WORLD_WITH_HISTORY, in test/e2e/prompt-injection.test.ts.
describeAttackSuite('the in-memory Discord', () => ({ actions: new FakeDiscordActions(WORLD_WITH_HISTORY) }));
