/**
 * What a key does in an open suggestion list, as in Discord's composer: the arrows move the
 * selection (wrapping), Enter (without Shift) or Tab picks it, Escape closes the list. Null for any
 * other key, which then goes to the text box.
 */
export function listKeyAction(
  event: KeyboardEvent,
  selected: number,
  count: number,
): { select: number } | 'pick' | 'close' | null {
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp')
    return { select: (selected + (event.key === 'ArrowDown' ? 1 : count - 1)) % count };
  if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') return 'pick';
  if (event.key === 'Escape') return 'close';
  return null;
}

/** What {@link onListKey} needs of a picker: its list's state and what each key does to it. */
export interface KeyedList {
  open: boolean;
  selected: number;
  count: number;
  pick(): void;
  close(): void;
  select(index: number): void;
}

/**
 * Handles a key while a suggestion list may be open: true (and the key's default prevented) when
 * the key was the list's; false when the list is closed, an IME is composing, or the key is the
 * text box's.
 */
export function onListKey(event: KeyboardEvent, list: KeyedList): boolean {
  if (!list.open || event.isComposing) return false;
  const action = listKeyAction(event, list.selected, list.count);
  if (action === null) return false;
  if (action === 'pick') list.pick();
  else if (action === 'close') list.close();
  else list.select(action.select);
  event.preventDefault();
  return true;
}
