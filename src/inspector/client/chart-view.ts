/**
 * Draws a statechart laid out by the server (elkjs) as SVG: one box per state, one routed path per
 * transition with its event label, the start marker as a dot. Only positions come from the
 * layout; nothing is placed here. The active state is highlighted, the transitions leaving it
 * marked as possible, and a transition just taken flashes.
 */
import type { ChartEdge, ChartNode, Statechart } from '../wire.ts';

const SVG = 'http://www.w3.org/2000/svg';

/** Same metrics the server sized the boxes with (src/inspector/layout.ts `CHART_TEXT`). */
const TEXT = { titlePx: 13, linePx: 11, lineHeight: 16, padding: 10 };

type Attrs = Record<string, string | number>;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Array<SVGElement | string>
) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  for (const child of children) el.append(child);
  return el;
}

function nodeShape(node: ChartNode): SVGGElement {
  const g = svg('g', {
    class: `node ${node.kind}`,
    'data-state': node.id,
    transform: `translate(${node.x},${node.y})`,
  });
  if (node.kind === 'initial') {
    g.append(svg('circle', { cx: node.width / 2, cy: node.height / 2, r: node.width / 2 - 1 }));
    return g;
  }
  g.append(svg('rect', { width: node.width, height: node.height, rx: 8 }));
  if (node.kind === 'final')
    g.append(
      svg('rect', { class: 'inner', x: 3, y: 3, width: node.width - 6, height: node.height - 6, rx: 6 }),
    );
  const { padding, titlePx, linePx, lineHeight } = TEXT;
  g.append(svg('text', { class: 'title', x: padding, y: padding + titlePx }, node.id));
  let y = padding + lineHeight + 4;
  for (const line of node.invokes) {
    y += lineHeight - 2;
    g.append(svg('text', { class: 'invoke', x: padding, y: y - 2, 'font-size': linePx }, line));
  }
  for (const line of node.lines) {
    y += lineHeight - 2;
    g.append(svg('text', { class: 'line', x: padding, y: y - 2, 'font-size': linePx }, line));
  }
  return g;
}

function edgeShape(edge: ChartEdge, chartId: string): SVGGElement {
  const g = svg('g', {
    class: 'edge',
    'data-source': edge.source,
    'data-target': edge.target,
    'data-event': edge.event,
  });
  const points = edge.points.map((p) => `${p.x},${p.y}`).join(' ');
  g.append(svg('polyline', { points, 'marker-end': `url(#arrow-${chartId})` }));
  const { label } = edge;
  if (label) {
    g.append(
      svg('rect', {
        class: 'label-bg',
        x: label.x,
        y: label.y,
        width: label.width,
        height: label.height,
        rx: 3,
      }),
    );
    g.append(
      svg(
        'text',
        { class: 'label', x: label.x + 4, y: label.y + label.height - 4, 'font-size': TEXT.linePx },
        label.text,
      ),
    );
  }
  return g;
}

/** One statechart on the page. */
export class ChartView {
  private readonly root: SVGSVGElement;
  private active: string | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly chart: Statechart,
  ) {
    this.root = svg('svg', {
      class: 'statechart',
      viewBox: `0 0 ${Math.ceil(chart.width)} ${Math.ceil(chart.height)}`,
      'data-machine': chart.id,
      role: 'img',
      'aria-label': `statechart of the ${chart.id} machine`,
    });
    const marker = svg(
      'marker',
      {
        id: `arrow-${chart.id}`,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerUnits: 'userSpaceOnUse',
        markerWidth: 9,
        markerHeight: 9,
        orient: 'auto-start-reverse',
      },
      svg('path', { d: 'M0,0 L10,5 L0,10 z' }),
    );
    this.root.append(svg('defs', {}, marker));
    for (const edge of chart.edges) this.root.append(edgeShape(edge, chart.id));
    for (const node of chart.nodes) this.root.append(nodeShape(node));
    // The stylesheet keeps the chart at a readable minimum scale of this width (styles/chart.css).
    this.root.style.setProperty('--chart-width', `${Math.ceil(chart.width)}px`);
    host.replaceChildren(this.root);
  }

  /** Highlights `state` (null: none) and marks the transitions that can leave it. */
  setActive(state: string | null): void {
    if (state === this.active) return;
    this.active = state;
    for (const node of this.root.querySelectorAll<SVGGElement>('g.node'))
      node.classList.toggle('active', node.dataset.state === state);
    for (const edge of this.root.querySelectorAll<SVGGElement>('g.edge'))
      edge.classList.toggle('possible', edge.dataset.source === state);
    this.reveal(state);
  }

  /** On a screen too narrow for the whole chart (it scrolls sideways), brings `state` into view. */
  private reveal(state: string | null): void {
    const node = this.chart.nodes.find((one) => one.id === state);
    const { host } = this;
    if (!node || host.scrollWidth <= host.clientWidth) return;
    const scale = this.root.getBoundingClientRect().width / Math.max(1, this.chart.width);
    host.scrollLeft = (node.x + node.width / 2) * scale - host.clientWidth / 2;
  }

  /** Flashes the transition from `from` to `to` taken on `event` (any of them when the event is unknown). */
  flash(from: string, to: string, event: string): void {
    const edges = [...this.root.querySelectorAll<SVGGElement>('g.edge')].filter(
      (edge) => edge.dataset.source === from && edge.dataset.target === to,
    );
    const exact = edges.filter(
      (edge) => edge.dataset.event === event || edge.dataset.event?.startsWith(`${event} [`),
    );
    for (const edge of exact.length ? exact : edges) {
      edge.classList.remove('taken');
      // Restart the animation: reading layout between the two class changes commits the removal.
      void edge.getBoundingClientRect();
      edge.classList.add('taken');
    }
  }
}
