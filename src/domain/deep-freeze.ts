/**
 * Freezes `value` and every object reachable from it, and returns it: for values shared by every
 * caller (the default server policy, the tool definitions), which none of them may change.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
