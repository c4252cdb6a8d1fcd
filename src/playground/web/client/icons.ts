/**
 * The page's icons as inline SVG built from fixed shapes (no icon font, no network, no emoji font
 * needed): 24×24, drawn with the current text colour.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

type Shape = [tag: 'path' | 'circle' | 'rect', attrs: Record<string, string>];

const SHAPES = {
  eye: [
    ['path', { d: 'M2.5 12s3.5-6.5 9.5-6.5 9.5 6.5 9.5 6.5-3.5 6.5-9.5 6.5S2.5 12 2.5 12z' }],
    ['circle', { cx: '12', cy: '12', r: '3' }],
  ],
  ban: [
    ['circle', { cx: '12', cy: '12', r: '8.5' }],
    ['path', { d: 'M6 6l12 12' }],
  ],
  kick: [
    ['path', { d: 'M10 4H5.5v16H10' }],
    ['path', { d: 'M14 7.5l4.5 4.5-4.5 4.5M18.5 12H9' }],
  ],
  clock: [
    ['circle', { cx: '12', cy: '12', r: '8.5' }],
    ['path', { d: 'M12 7.5V12l3 2' }],
  ],
  check: [
    ['circle', { cx: '12', cy: '12', r: '8.5' }],
    ['path', { d: 'M8 12.5l2.8 2.8L16.5 9' }],
  ],
  roleAdd: [
    ['path', { d: 'M12 3l7 3v5c0 4.5-3 8-7 10-4-2-7-5.5-7-10V6z' }],
    ['path', { d: 'M12 8.5v6M9 11.5h6' }],
  ],
  roleRemove: [
    ['path', { d: 'M12 3l7 3v5c0 4.5-3 8-7 10-4-2-7-5.5-7-10V6z' }],
    ['path', { d: 'M9 11.5h6' }],
  ],
  pencil: [['path', { d: 'M4.5 19.5l1-4.5L16 4.5l3.5 3.5L9 18.5zM13.5 7l3.5 3.5' }]],
  reply: [['path', { d: 'M10 8V4.5L3.5 11 10 17.5V14c4.5 0 7.5 1.5 10 5-.8-5.5-3.8-10-10-11z' }]],
  smile: [
    ['circle', { cx: '12', cy: '12', r: '8.5' }],
    ['path', { d: 'M8.5 14c1.8 2.2 5.2 2.2 7 0M9 9.5h.01M15 9.5h.01' }],
  ],
  lock: [
    ['rect', { x: '5', y: '10.5', width: '14', height: '9.5', rx: '2' }],
    ['path', { d: 'M8.5 10.5V8a3.5 3.5 0 0 1 7 0v2.5' }],
  ],
  hash: [['path', { d: 'M9.5 3.5L7.5 20.5M16.5 3.5l-2 17M4 8.5h16.5M3.5 15.5H20' }]],
  crown: [['path', { d: 'M3.5 17.5h17l-1.5-10-4.5 4-2.5-7-2.5 7-4.5-4z' }]],
  close: [['path', { d: 'M6 6l12 12M18 6L6 18' }]],
  join: [['path', { d: 'M3.5 12h14M12 5.5l6.5 6.5-6.5 6.5' }]],
  file: [['path', { d: 'M6 2.5h8l4.5 4.5v14.5H6zM14 2.5V7h4.5' }]],
  send: [['path', { d: 'M4 12l16-8-6 16-2.5-6.5z' }]],
  copy: [
    ['rect', { x: '8.5', y: '8.5', width: '11', height: '11', rx: '2' }],
    ['path', { d: 'M15.5 8.5V6.5a2 2 0 0 0-2-2h-7a2 2 0 0 0-2 2v7a2 2 0 0 0 2 2h2' }],
  ],
} satisfies Record<string, Shape[]>;

/** The icon names. */
export type IconName = keyof typeof SHAPES;

/** An icon element; decorative (hidden from screen readers). */
export function icon(name: IconName, cls = ''): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', `icon icon-${name} ${cls}`.trim());
  svg.setAttribute('aria-hidden', 'true');
  for (const [tag, attrs] of SHAPES[name] as Shape[]) {
    const shape = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs)) shape.setAttribute(key, value);
    svg.appendChild(shape);
  }
  return svg;
}
