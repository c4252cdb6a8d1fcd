/**
 * The page's entry point: loads `/chat/state`, follows `/chat/events`, and wires the channel list,
 * the "You are" picker, the message list and the composer together.
 */
import type { ChatStreamItem, MemberView, MessageView } from '../wire.ts';
import {
  commandChoices,
  fetchCommands,
  fetchState,
  openStream,
  runCommand,
  sendMessage,
  sendReaction,
} from './api.ts';
import { Composer } from './composer.ts';
import { mentionsUser } from './content.ts';
import { byId } from './dom.ts';
import { avatarColour, initial } from './format.ts';
import { joinForm } from './join-form.ts';
import { Drawers } from './layout.ts';
import { type MentionSource, mentionSource } from './mention-source.ts';
import { MessageList } from './message-list.ts';
import { ProfileCard } from './profile.ts';
import type { RowContext } from './render.ts';
import { type ChannelMarks, renderChannels, renderIdentity, renderMembers } from './sidebar.ts';
import { type Change, ChatStore, type Item } from './store.ts';
import { typingLine } from './typing.ts';

const KEY_ME = 'ery-playground.me';
const KEY_CHANNEL = 'ery-playground.channel';

const store = new ChatStore();
const marks: ChannelMarks = {
  current: localStorage.getItem(KEY_CHANNEL),
  unread: new Set(),
  mentions: new Map(),
};
let me = localStorage.getItem(KEY_ME) ?? '';
let source: EventSource | null = null;

const els = {
  banner: byId('banner'),
  guildName: byId('guild-name'),
  guildIcon: byId('guild-icon'),
  channels: byId('channel-list'),
  identity: byId<HTMLSelectElement>('identity'),
  meAvatar: byId('me-avatar'),
  channelTitle: byId('channel-title'),
  channelTopic: byId('channel-topic'),
  inspector: byId<HTMLAnchorElement>('inspector-link'),
  status: byId('status'),
  members: byId('member-list'),
  typing: byId('typing'),
};

const ctx: RowContext = {
  store,
  me: () => me,
  onReply: (message) => composer.startReply(message),
  onReact: (message, emoji) => void react(message, emoji),
  onJump: (messageId) => list.jump(messageId),
};

const list = new MessageList(ctx, () => (marks.current ? (store.channels.get(marks.current) ?? null) : null));
/** The member list's invite form, kept across redraws. */
const invite = joinForm();

const mentions: MentionSource = mentionSource(store, () => marks.current);
const composer = new Composer({
  colour: (id) => store.colour(id),
  mentions,
  commands: {
    // Asked again as one types: the bot may register its commands after the page loaded.
    usages: () => fetchCommands(),
    choices: (text) => commandChoices({ channelId: marks.current ?? '', userId: me, text }),
  },
  async send(content, replyToId, files) {
    if (!marks.current) throw new Error('Pick a channel first.');
    if (content.startsWith('/') && files.length === 0) return runSlash(marks.current, content);
    await sendMessage({
      channelId: marks.current,
      authorId: me,
      content,
      ...(replyToId ? { replyToId } : {}),
      ...(files.length > 0 ? { files } : {}),
    });
  },
});

/** Runs a command typed in the composer; an ephemeral reply is added here for the invoker only. */
async function runSlash(channelId: string, text: string): Promise<void> {
  const reply = await runCommand({ channelId, userId: me, text });
  if (!reply.ephemeral) return; // A public reply arrives over the stream like any message.
  const botId = store.state?.botUserId ?? '';
  const bot = { id: botId, name: store.members.get(botId)?.name ?? 'Ery', bot: true };
  const command = text.split(/\s+[-_a-z0-9]+:/)[0] ?? text;
  const change = store.addEphemeral(channelId, {
    id: reply.messageId,
    command,
    content: reply.content,
    forUserId: me,
    bot,
  });
  if (channelId === marks.current)
    list.show(change as Exclude<Change, { kind: 'members' | 'typing' | 'channels' }>, true);
}

const profile = new ProfileCard({
  mention: (member) => {
    const target = mentions.targets().find((t) => t.kind === 'user' && t.id === member.id);
    if (target) composer.mention(target);
  },
});
const openProfile = (member: MemberView, anchor: HTMLElement) =>
  profile.show(member, [...store.roles.values()], anchor);
const drawers = new Drawers();

let typingTimer: ReturnType<typeof setTimeout> | undefined;
/** "Ery is typing…" for the current channel; redrawn when the next entry runs out. */
function renderTyping(): void {
  clearTimeout(typingTimer);
  const channelId = marks.current;
  const names = channelId ? store.typing.names(channelId, Date.now(), me) : [];
  els.typing.textContent = typingLine(names);
  els.typing.classList.toggle('active', names.length > 0);
  const next = channelId ? store.typing.nextExpiry(channelId) : null;
  if (next !== null) typingTimer = setTimeout(renderTyping, Math.max(50, next - Date.now()));
}

async function react(message: MessageView, emoji: string): Promise<void> {
  try {
    await sendReaction({ channelId: message.channelId, messageId: message.id, userId: me, emoji });
  } catch (error) {
    composer.showError(error instanceof Error ? error.message : String(error));
  }
}

function renderHeader(): void {
  const channel = marks.current ? store.channels.get(marks.current) : undefined;
  els.channelTitle.textContent = channel ? channel.name : 'no channel';
  els.channelTopic.textContent = channel?.topic ?? '';
  const speaker = store.members.get(me);
  els.meAvatar.textContent = initial(speaker?.name ?? '?');
  els.meAvatar.style.background = avatarColour(me);
  composer.setContext(channel?.name ?? '…', speaker?.name ?? 'nobody', speaker?.timeoutUntil ?? null);
  document.title = channel ? `#${channel.name} · ${store.state?.title ?? ''}` : (store.state?.title ?? '');
  renderInspectorLink();
}

/** The inspector, opened on the channel shown here: its machine moves as you type. */
function renderInspectorLink(): void {
  const base = store.state?.inspectorUrl;
  els.inspector.hidden = !base;
  if (!base) return;
  els.inspector.href = marks.current ? `${base}?channel=${encodeURIComponent(marks.current)}` : base;
}

function pickChannel(channelId: string): void {
  marks.current = channelId;
  marks.unread.delete(channelId);
  marks.mentions.delete(channelId);
  localStorage.setItem(KEY_CHANNEL, channelId);
  renderChannels(els.channels, store, marks, pickChannel);
  renderHeader();
  list.render();
  renderTyping();
  drawers.close();
  composer.cancelReply();
  composer.showError(null);
  composer.focus();
}

function pickMe(userId: string): void {
  me = userId;
  localStorage.setItem(KEY_ME, userId);
  renderHeader();
  list.render(true);
  renderTyping();
}

/** Chooses a valid speaker and channel after (re)loading the state. */
function settle(): void {
  const people = store.people();
  if (!people.some((p) => p.id === me)) me = people[0]?.id ?? '';
  if (!marks.current || !store.channels.has(marks.current)) {
    marks.current = store.state?.guild?.systemChannelId ?? [...store.channels.keys()][0] ?? null;
  }
}

function renderAll(): void {
  const state = store.state;
  els.banner.hidden = !state?.banner;
  els.banner.textContent = state?.banner ?? '';
  els.guildName.textContent = state?.guild?.name ?? 'No server';
  els.guildIcon.textContent = (state?.guild?.name ?? '?')
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2);
  els.guildIcon.title = state?.guild?.name ?? '';
  settle();
  renderIdentity(els.identity, store, me);
  renderChannels(els.channels, store, marks, pickChannel);
  renderMembers(els.members, store, openProfile, invite);
  renderHeader();
  list.render();
  renderTyping();
}

function onItem(item: ChatStreamItem): void {
  const changes = store.apply(item);
  let membersChanged = false;
  for (const change of changes) {
    if (change.kind === 'members') membersChanged = true;
    else if (change.kind === 'channels') {
      // A thread deleted while open: back to its parent (or the first channel).
      if (change.removedId !== undefined && change.removedId === marks.current) {
        marks.current = [...store.channels.keys()][0] ?? null;
        renderHeader();
        list.render();
      }
      renderChannels(els.channels, store, marks, pickChannel);
    } else if (change.kind === 'typing') {
      if (change.channelId === marks.current) renderTyping();
    } else if (change.channelId === marks.current) list.show(change, isMine(change));
    else if (change.kind === 'append') markUnread(change.channelId, change.item);
  }
  if (membersChanged) {
    settle();
    renderIdentity(els.identity, store, me);
    renderMembers(els.members, store, openProfile, invite);
    renderHeader();
    // Role colours and the timed-out mark may have changed on rows already drawn.
    list.render(true);
  }
}

const isMine = (change: Change) =>
  change.kind === 'append' && change.item.kind === 'message' && change.item.message.author.id === me;

function markUnread(channelId: string, item: Item): void {
  marks.unread.add(channelId);
  const mine = store.members.get(me);
  if (item.kind === 'message' && mentionsUser(item.message, me, mine?.roleIds ?? [])) {
    marks.mentions.set(channelId, (marks.mentions.get(channelId) ?? 0) + 1);
  }
  renderChannels(els.channels, store, marks, pickChannel);
}

function setStatus(live: boolean): void {
  els.status.textContent = live ? 'Live' : 'Reconnecting…';
  els.status.className = live ? 'status live' : 'status down';
}

/** Loads the state and (re)opens the stream right after it, so nothing is missed in between. */
async function sync(): Promise<void> {
  source?.close();
  store.load(await fetchState());
  renderAll();
  let wasDown = false;
  source = openStream(store.seq, onItem, (live) => {
    setStatus(live);
    // After an outage the server may have restarted: start over from a fresh snapshot.
    if (live && wasDown) void sync().catch(() => setStatus(false));
    wasDown = !live;
  });
}

els.identity.addEventListener('change', () => pickMe(els.identity.value));
sync()
  .then(() => document.body.classList.add('ready'))
  .catch((error: unknown) => {
    setStatus(false);
    composer.showError(error instanceof Error ? error.message : String(error));
  });
