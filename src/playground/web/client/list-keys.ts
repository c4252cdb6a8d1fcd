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
