/**
 * Browser-side US county choropleth, reusable by every epikit report that maps a value per county
 * (NMFk signal weights; forecast growth in the Hawkes report).
 *
 * `drawCountyMap` is ONE self-contained function (no imports at run time, no references outside
 * its body): a page inlines it with `String(drawCountyMap)` next to the inlined d3 and
 * topojson-client builds and the us-atlas topology as a JSON block — signals-report.ts exports
 * COUNTY_MAP_LIBRARIES and countyTopologyBlock() for that.
 *
 * Geometry: us-atlas@3.0.1 `counties-albers-10m.json`, counties already projected with
 * d3.geoAlbersUsa().scale(1300).translate([487.5, 305]) into a 975 × 610 frame (Alaska and
 * Hawaii as insets). Chosen over the unprojected `counties-10m.json` because it is smaller
 * (795 kB against 842 kB), holds exactly the 3,142 counties and county-equivalents of the 50
 * states and DC (no Puerto Rico municipios to hide) and needs no projection in the browser:
 * d3.geoPath() with a null projection draws it, and the SVG viewBox scales it to any width.
 * County ids are 5-character FIPS strings ("01001"); us-atlas has 46102 (Oglala Lakota) and
 * 02158 (Kusilvak), not the old 46113 / 02270.
 */

/** The us-atlas Albers topology (objects counties, states, nation), as parsed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UsAtlasTopology = any;

export interface CountyMapOptions {
  /** us-atlas `counties-albers-10m.json`, parsed. */
  topology: UsAtlasTopology;
  /** The d3 (v7) and topojson-client globals of the page. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  d3: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  topojson: any;
  /** Value per county FIPS; counties without a finite value get `missingColor`. */
  values: Record<string, number | null | undefined>;
  /** Display names per FIPS for tooltips (default: the topology's county name + FIPS). */
  names?: Record<string, string>;
  /**
   * Colour domain: [min, max] for a sequential scale (default [0, max of the values]), or
   * [min, mid, max] for a diverging one (e.g. [-1, 0, 1] for growth).
   */
  domain?: number[];
  /** d3 interpolator name (default 'interpolateYlOrRd'; diverging default 'interpolateRdBu' reversed: red = high). */
  interpolator?: string;
  /** Legend title (default 'value'). */
  legend?: string;
  /** Number format of the legend ticks and tooltips (a d3.format specifier, default '.2~f'). */
  format?: string;
  /** Fill of counties without a value (default '#d9d9d9'). */
  missingColor?: string;
  /** Accessible title of the SVG (default 'US county map'). */
  title?: string;
  /** Called with the FIPS of a clicked county. */
  onSelect?: (fips: string) => void;
}

export interface CountyMapHandle {
  svg: SVGSVGElement;
  /** Recolour the counties (and redraw the legend) for new values / domain / legend / interpolator. */
  update(values: Record<string, number | null | undefined>, options?: Partial<Pick<CountyMapOptions, 'domain' | 'interpolator' | 'legend' | 'format'>>): void;
  /** Outline these counties (e.g. the top counties of a signal); [] clears. */
  highlight(fips: readonly string[]): void;
  /** Current fill of a county path ('' if the county is not in the topology). */
  fillOf(fips: string): string;
}

/**
 * Draw a county choropleth into `container` (its contents are replaced): one <path data-fips>
 * per county filled by its value, white state borders, the nation outline, a colour legend at
 * the top right and a <title> tooltip per county. Returns a handle whose update() only changes
 * fills, tooltips and the legend (the 3,142 paths are built once).
 * Cost: O(counties + arcs) for the first draw, O(counties) per update.
 *
 * @example
 *   const map = drawCountyMap(document.querySelector('#map'), { topology, d3, topojson, values: { '01001': 0.4 }, legend: 'weight' });
 *   map.update({ '01001': 0.9 });
 */
export function drawCountyMap(container: HTMLElement, options: CountyMapOptions): CountyMapHandle {
  const { d3, topojson, topology } = options;
  const SVG = 'http://www.w3.org/2000/svg';
  const W = 975;
  const H = 610;
  const missingColor = options.missingColor ?? '#d9d9d9';
  const state = {
    values: options.values,
    domain: options.domain,
    interpolator: options.interpolator,
    legend: options.legend ?? 'value',
    format: options.format ?? '.2~f',
  };
  const g = globalThis as unknown as { __epikitCountyMaps?: number };
  g.__epikitCountyMaps = (g.__epikitCountyMaps ?? 0) + 1;
  const gradientId = `epikit-county-map-gradient-${g.__epikitCountyMaps}`;

  const svg = d3
    .create('svg')
    .attr('viewBox', `0 0 ${W} ${H}`)
    .attr('width', '100%')
    .attr('role', 'img')
    .attr('aria-label', options.title ?? 'US county map')
    .style('max-width', `${W}px`)
    .style('height', 'auto')
    .style('display', 'block');
  const path = d3.geoPath();
  const counties = topojson.feature(topology, topology.objects.counties).features as { id: string; properties: { name?: string } }[];
  const nameOf = (f: { id: string; properties: { name?: string } }): string => options.names?.[f.id] ?? `${f.properties?.name ?? 'County'} (${f.id})`;

  const countyLayer = svg.append('g').attr('data-layer', 'counties');
  const paths = countyLayer
    .selectAll('path')
    .data(counties)
    .join('path')
    .attr('data-fips', (f: { id: string }) => f.id)
    .attr('d', path)
    .attr('stroke', 'none')
    .style('cursor', options.onSelect ? 'pointer' : null);
  paths.append('title');
  if (options.onSelect) paths.on('click', (_event: unknown, f: { id: string }) => options.onSelect!(f.id));
  svg
    .append('path')
    .attr('data-layer', 'states')
    .datum(topojson.mesh(topology, topology.objects.states, (a: unknown, b: unknown) => a !== b))
    .attr('fill', 'none')
    .attr('stroke', '#fff')
    .attr('stroke-width', 0.8)
    .attr('stroke-linejoin', 'round')
    .attr('d', path);
  svg
    .append('path')
    .attr('data-layer', 'nation')
    .datum(topojson.feature(topology, topology.objects.nation))
    .attr('fill', 'none')
    .attr('stroke', '#7a7a7a')
    .attr('stroke-width', 0.6)
    .attr('d', path);
  const highlightLayer = svg.append('g').attr('data-layer', 'highlight').attr('pointer-events', 'none');
  const legendLayer = svg.append('g').attr('data-layer', 'legend').attr('transform', 'translate(600,16)');
  const byId = new Map(counties.map((f) => [f.id, f]));

  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

  /** The colour scale for the current state. */
  const makeScale = () => {
    const vals = Object.values(state.values).filter(finite) as number[];
    const domain = state.domain ?? [0, vals.length ? Math.max(...vals) : 1];
    if (domain.length === 3) {
      const name = state.interpolator ?? 'interpolateRdBu';
      const base = d3[name] ?? d3.interpolateRdBu;
      const interp = state.interpolator ? base : (t: number) => base(1 - t); // red = high by default
      return { scale: d3.scaleDiverging(interp).domain(domain), domain, interp };
    }
    const lo = domain[0];
    const hi = domain[1] > lo ? domain[1] : lo + 1;
    const interp = d3[state.interpolator ?? 'interpolateYlOrRd'] ?? d3.interpolateYlOrRd;
    return { scale: d3.scaleSequential(interp).domain([lo, hi]), domain: [lo, hi], interp };
  };

  const drawLegend = (domain: number[], interp: (t: number) => string): void => {
    legendLayer.selectAll('*').remove();
    const width = 260;
    const defs = legendLayer.append('defs');
    const gradient = defs.append('linearGradient').attr('id', gradientId).attr('x1', '0%').attr('x2', '100%');
    for (let i = 0; i <= 10; i++) gradient.append('stop').attr('offset', `${i * 10}%`).attr('stop-color', interp(i / 10));
    legendLayer.append('text').attr('x', 0).attr('y', 0).attr('font-size', 12).attr('font-weight', 600).attr('fill', '#1d2330').text(state.legend);
    legendLayer.append('rect').attr('data-legend', 'ramp').attr('x', 0).attr('y', 6).attr('width', width).attr('height', 10).attr('fill', `url(#${gradientId})`);
    const x = (domain.length === 3 ? d3.scaleLinear().domain(domain).range([0, width / 2, width]) : d3.scaleLinear().domain(domain).range([0, width])) as unknown;
    const axis = d3.axisBottom(x).ticks(5).tickSize(14).tickFormat(d3.format(state.format));
    legendLayer.append('g').attr('transform', 'translate(0,2)').attr('font-size', 10).call(axis).call((gg: any) => gg.select('.domain').remove());
    const swatch = legendLayer.append('g').attr('transform', `translate(${width + 14},6)`);
    swatch.append('rect').attr('width', 10).attr('height', 10).attr('fill', missingColor);
    swatch.append('text').attr('x', 14).attr('y', 9).attr('font-size', 10).attr('fill', '#5b6472').text('no data');
  };

  const recolour = (): void => {
    const { scale, domain, interp } = makeScale();
    const fmt = d3.format(state.format);
    paths
      .attr('fill', (f: { id: string }) => {
        const v = state.values[f.id];
        return finite(v) ? scale(v) : missingColor;
      })
      .select('title')
      .text((f: { id: string; properties: { name?: string } }) => {
        const v = state.values[f.id];
        return `${nameOf(f)}\n${state.legend}: ${finite(v) ? fmt(v) : 'no data'}`;
      });
    drawLegend(domain, interp);
  };
  recolour();
  container.replaceChildren(svg.node());

  return {
    svg: svg.node(),
    update(values, opts = {}) {
      state.values = values;
      if ('domain' in opts) state.domain = opts.domain;
      if (opts.interpolator !== undefined) state.interpolator = opts.interpolator;
      if (opts.legend !== undefined) state.legend = opts.legend;
      if (opts.format !== undefined) state.format = opts.format;
      recolour();
    },
    highlight(fips) {
      highlightLayer.selectAll('*').remove();
      for (const id of fips) {
        const f = byId.get(id);
        if (!f) continue;
        const node = document.createElementNS(SVG, 'path');
        node.setAttribute('d', path(f));
        node.setAttribute('fill', 'none');
        node.setAttribute('stroke', '#1d2330');
        node.setAttribute('stroke-width', '1.2');
        highlightLayer.node().append(node);
      }
    },
    fillOf(fips) {
      const node = countyLayer.node().querySelector(`path[data-fips="${fips}"]`);
      return node ? node.getAttribute('fill') ?? '' : '';
    },
  };
}
