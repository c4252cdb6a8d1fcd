/**
 * Mentions picked from the composer's list keep their own target at their own place (issue 7's
 * adversarial cases: members named everyone/here, two members of one name, a longer name after a
 * pick), and typed `@everyone`/`@here` stay Discord's. Pure functions, driven as the picker drives
 * them (mention-picker.ts): each edit moves the picks along, each pick is remembered where it was made.
 */
import { describe, expect, test } from 'bun:test';
import { movePicks, type Pick } from '../../src/playground/web/client/mention-picks.ts';
import {
  activeQuery,
  insertMention,
  type MentionTarget,
  mentionTargets,
  suggest,
  toWireContent,
} from '../../src/playground/web/client/mentions.ts';
import { member } from './mention-fixtures.ts';

/** A text box as the picker keeps it: text, caret, and the picks moved along with every edit. */
class Box {
  text = '';
  caret = 0;
  picks: Pick[] = [];

  constructor(readonly targets: MentionTarget[]) {}

  type(typed: string): this {
    return this.#edit(
      this.text.slice(0, this.caret) + typed + this.text.slice(this.caret),
      this.caret + typed.length,
    );
  }

  backspace(count = 1): this {
    return this.#edit(
      this.text.slice(0, this.caret - count) + this.text.slice(this.caret),
      this.caret - count,
    );
  }

  moveTo(caret: number): this {
    this.caret = caret;
    return this;
  }

  /** Picks the suggestion with `id` for the query at the caret, as Enter or a click does. */
  pick(id: string, kind: MentionTarget['kind'] = 'user'): this {
    const active = activeQuery(this.text, this.caret, this.targets, this.picks);
    const target = active && suggest(active.query, this.targets).find((t) => t.id === id && t.kind === kind);
    if (!active || !target) throw new Error(`no suggestion ${id} at ${this.caret} in ${this.text}`);
    const next = insertMention(this.text, active, this.caret, target);
    this.#edit(next.text, next.caret);
    this.picks.push(next.pick);
    return this;
  }

  sent(): string {
    return toWireContent(this.text, this.targets, this.picks).trim();
  }

  #edit(text: string, caret: number): this {
    this.picks = movePicks(this.picks, this.text, text, caret);
    this.text = text;
    this.caret = caret;
    return this;
  }
}

describe('GIVEN members named "everyone" and "here"', () => {
  const targets = mentionTargets([member('4', 'everyone'), member('9', 'here'), member('7', 'Ery')], []);

  test('GIVEN "@everyone look" typed (the issue) THEN it stays as typed, and so does every spelling of @here', () => {
    expect(toWireContent('@everyone look', targets)).toBe('@everyone look');
    for (const text of ['@here look', '@Everyone!', 'hi @HERE, @Ery', '@here and there']) {
      expect(toWireContent(text, targets)).toBe(text.replace('@Ery', '<@7>'));
    }
  });

  test('GIVEN a name that only starts with "here" THEN it is that member', () => {
    const hereford = mentionTargets([member('12', 'Hereford')], []);
    expect(toWireContent('@hereford and @here', hereford)).toBe('<@12> and @here');
  });

  test('WHEN the member "everyone" is picked from the list THEN the box shows what cannot be read as @everyone and sends <@4>', () => {
    const box = new Box(targets).type('@every').pick('4').type('look');
    expect(box.text).toBe('<@4> look');
    expect(box.sent()).toBe('<@4> look');
    expect(new Box(targets).type('@every').pick('everyone', 'everyone').type('look').sent()).toBe(
      '@everyone look',
    );
  });

  test('WHEN a member called "Here" with another username is picked THEN the box shows the username and sends the member', () => {
    const named = mentionTargets([member('5', 'Here', { username: 'here_fan' })], []);
    const box = new Box(named).type('@he').pick('5').type('and @here');
    expect(box.text).toBe('@here_fan and @here');
    expect(box.sent()).toBe('<@5> and @here');
  });
});

describe('GIVEN two members with the same display name', () => {
  const alexes = [member('21', 'Alex', { username: 'alex_a' }), member('22', 'Alex', { username: 'alex_b' })];
  const targets = mentionTargets(alexes, []);

  test('WHEN each is picked (the issue) THEN each gets its own mention, in either order', () => {
    expect(new Box(targets).type('@Al').pick('21').type('and @Al').pick('22').sent()).toBe('<@21> and <@22>');
    expect(new Box(targets).type('@Al').pick('22').type('and @Al').pick('21').sent()).toBe('<@22> and <@21>');
  });

  test('WHEN text is written before, between and after the picks THEN each pick moves with its text', () => {
    const box = new Box(targets).type('@Al').pick('22').type('and @Al').pick('21').type('!');
    box.moveTo(0).type('hey ');
    box.moveTo(box.text.indexOf(' and')).type(',');
    expect(box.text).toBe('hey @Alex, and @Alex !');
    expect(box.sent()).toBe('hey <@22>, and <@21> !');
  });

  test('WHEN a pick is edited THEN it is typed text again and resolves like typed text', () => {
    const box = new Box(targets).type('@Al').pick('22');
    box.moveTo(5).backspace().type('x');
    expect(box.picks).toEqual([]);
    expect(box.sent()).toBe('<@21>');
  });

  test('GIVEN "@Alex" typed in full THEN the same member every time, whatever order the list is in', () => {
    expect(toWireContent('@Alex', targets)).toBe('<@21>');
    expect(toWireContent('@Alex', mentionTargets([...alexes].reverse(), []))).toBe('<@21>');
    // A display name wins over someone else's username of the same spelling, even an older one.
    const withUsername = mentionTargets([member('3', 'Bobby', { username: 'alex' }), ...alexes], []);
    expect(toWireContent('@alex and @alex_b', withUsername)).toBe('<@21> and <@22>');
  });
});

describe('GIVEN members "Sam" and "Sam Smith"', () => {
  const targets = mentionTargets([member('23', 'Sam'), member('24', 'Sam Smith')], []);

  test('WHEN Sam is picked and "Smith is late" typed after (the issue) THEN Sam is mentioned and the list stays shut', () => {
    const box = new Box(targets).type('@Sa').pick('23').type('Smith');
    expect(activeQuery(box.text, box.caret, targets, box.picks)).toBeNull();
    box.type(' is late');
    expect(box.text).toBe('@Sam Smith is late');
    expect(box.sent()).toBe('<@23> Smith is late');
  });

  test('GIVEN "@Sam Smith is late" typed without picking THEN the longest name still wins', () => {
    expect(toWireContent('@Sam Smith is late', targets)).toBe('<@24> is late');
    expect(new Box(targets).type('@Sa').pick('24').type('is late').sent()).toBe('<@24> is late');
  });

  test('WHEN the caret goes back into the picked name THEN the list opens there again', () => {
    const box = new Box(targets).type('@Sa').pick('23').type('Smith');
    expect(activeQuery(box.text, 3, targets, box.picks)).toEqual({ start: 0, query: 'Sa' });
  });
});

describe('GIVEN picks in a box that is edited', () => {
  const sam: Pick = {
    start: 4,
    text: '@Sam',
    target: mentionTargets([member('23', 'Sam')], [])[0] as MentionTarget,
  };

  test('THEN an @ typed just before a pick moves it, and a cut across it drops it', () => {
    expect(movePicks([sam], 'hey @Sam', 'hey @@Sam', 5)).toEqual([{ ...sam, start: 5 }]);
    expect(movePicks([sam], 'hey @Sam', 'hey @@Sam')).toEqual([]);
    expect(movePicks([sam], 'hey @Sam', 'hey @Sam!', 9)).toEqual([sam]);
    expect(movePicks([sam], 'hey @Sam', 'h @Sam', 1)).toEqual([{ ...sam, start: 2 }]);
    expect(movePicks([sam], 'hey @Sam', 'hey Sam', 4)).toEqual([]);
    expect(movePicks([sam], 'hey @Sam', 'hey', 3)).toEqual([]);
  });
});
