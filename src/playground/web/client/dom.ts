/**
 * The page's only way to build DOM: strings always become text nodes, so user content can never
 * turn into markup (no innerHTML anywhere in the client).
 */

/** A child of {@link h}: nodes as they are, strings as text, falsy values skipped. */
export type Child = Node | string | null | undefined | false;

/** Attributes and listeners for {@link h}. */
export interface Props {
  class?: string;
  title?: string;
  /** `data-*` attributes, without the prefix. */
  data?: Record<string, string>;
  /** Other attributes (never `on*`: use `on`). */
  attrs?: Record<string, string>;
  style?: Partial<Record<'color' | 'background' | 'borderColor', string>>;
  on?: Partial<Record<'click' | 'mousedown', (event: MouseEvent) => void>>;
}

/** Creates an element with props and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.title) el.title = props.title;
  for (const [key, value] of Object.entries(props.data ?? {})) el.dataset[key] = value;
  for (const [key, value] of Object.entries(props.attrs ?? {})) {
    if (!key.toLowerCase().startsWith('on')) el.setAttribute(key, value);
  }
  for (const [key, value] of Object.entries(props.style ?? {})) {
    if (value) el.style[key as 'color'] = value;
  }
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    if (listener) el.addEventListener(type, listener as EventListener);
  }
  append(el, children);
  return el;
}

/** Appends children to `parent`, strings as text. */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces all of `parent`'s children. */
export function replaceChildren(parent: Element, children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** The element with `id`, or an error naming it (the page is broken without it). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page.html has no #${id}`);
  return el as T;
}
