/**
 * Browser-side renderer of the NMFk county-signals explorer (LANL's NMFk, SmartTensors/NMFk.jl;
 * seed 000): pick k and a signal, see its county weights on a US choropleth, its top variables
 * as a bar chart, its top counties as a table, and how k was chosen.
 *
 * `drawSignalsReport` is ONE self-contained function (no imports at run time, no references
 * outside its body): the page inlines it with `String(drawSignalsReport)` and passes the
 * globals of the inlined d3, topojson-client and Observable Plot builds plus the inlined
 * `drawCountyMap`. Every chart/table container has a `data-chart` attribute and every control a
 * `data-control` attribute (the browser check uses them). A part that cannot be drawn is
 * replaced by a sentence; an unexpected failure is reported with console.error.
 */
import type { CountyMapHandle, CountyMapOptions, UsAtlasTopology } from './county-map.js';

/** One signal of one k, as the report needs it (weights rounded, max-normalised). */
export interface SignalsReportSignal {
  /** 0-based position (signals ordered by contribution, largest first). */
  index: number;
  label: string;
  /** Share of Σ(WH) (0..1). */
  contribution: number;
  /** Mean silhouette of this signal's cluster of restart signals (null if unknown). */
  silhouette: number | null;
  /** W column divided by its maximum, one value per region (regions order). */
  w: number[];
  /** H row divided by its maximum, one value per feature (features order). */
  h: number[];
}

/** One k of the sweep. */
export interface SignalsReportK {
  k: number;
  robustness: number | null;
  meanSilhouette: number | null;
  clusterSilhouettes: (number | null)[];
  relativeError: number | null;
  frobeniusError: number | null;
  aic: number | null;
  restarts: number;
  /** Signals of this k (null when the result carries no factors for it). */
  signals: SignalsReportSignal[] | null;
}

/** The JSON data block of the page (built by signalsReportData in ../signals-report.ts). */
export interface SignalsReportData {
  title: string;
  /** Where the data came from (file path or "embedded: …"). */
  source: string | null;
  /** Preprocessing steps applied before NMFk, one readable line each. */
  preprocessing: string[];
  regions: string[];
  names: string[];
  features: string[];
  objective: string;
  rule: string;
  threshold: number;
  chosenK: number | null;
  /** The k shown first (chosenK, else the most robust k with factors). */
  initialK: number;
  perK: SignalsReportK[];
  /** NmfkResult.settings, shown as "key = value". */
  settings: Record<string, unknown>;
  /** Initial number of variables / counties shown (group size). */
  groupSize: number;
}

/** The libraries and helpers the page passes in. */
export interface DrawSignalsLibraries {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  d3: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  topojson: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Plot: any;
  drawCountyMap: (container: HTMLElement, options: CountyMapOptions) => CountyMapHandle;
  topology: UsAtlasTopology;
}

/**
 * Draw the explorer into `root`. Cost: the map's 3,142 paths once; a signal switch recolours
 * them (O(counties)) and redraws the bar chart and table (O(group size)).
 *
 * @example
 *   drawSignalsReport(JSON.parse(document.getElementById('epikit-signals').textContent),
 *     { d3, topojson, Plot, drawCountyMap, topology }, document.getElementById('report'));
 */
export function drawSignalsReport(data: SignalsReportData, libs: DrawSignalsLibraries, root: HTMLElement): void {
  type Attrs = Record<string, string | number | undefined>;
  const { d3, Plot } = libs;
  const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
  const el = (tag: string, attrs: Attrs = {}, children: (Node | string | null | undefined)[] = []): HTMLElement => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) node.setAttribute(k, String(v));
    for (const c of children) if (c !== null && c !== undefined) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
    return node;
  };
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const fmt = (v: number | null | undefined, digits = 3) => (finite(v) ? Number(v.toPrecision(digits)).toLocaleString('en-US') : '–');
  const pct = (v: number | null | undefined) => (finite(v) ? `${(v * 100).toFixed(1)} %` : '–');
  const note = (text: string) => el('p', { class: 'empty' }, [text]);
  const width = Math.max(640, Math.min(1120, root.clientWidth || 1120));
  const guard = (name: string, box: HTMLElement, draw: () => void): void => {
    try {
      draw();
    } catch (e) {
      console.error(`epikit report: cannot draw ${name}:`, e);
      box.replaceChildren(note(`This part could not be drawn (${e instanceof Error ? e.message : String(e)}).`));
    }
  };

  const withFactors = data.perK.filter((r) => r.signals && r.signals.length > 0);
  const state = {
    k: withFactors.some((r) => r.k === data.initialK) ? data.initialK : withFactors[0]?.k ?? null,
    signal: 0,
    size: Math.max(1, data.groupSize || 10),
    county: null as string | null,
  };
  const current = (): SignalsReportK | undefined => data.perK.find((r) => r.k === state.k);
  const maxSize = Math.max(1, Math.min(100, Math.max(data.features.length, Math.min(data.regions.length, 100))));

  // ---- Header ---------------------------------------------------------------------------------
  const settingsText = Object.entries(data.settings ?? {})
    .filter(([, v]) => v !== undefined && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k} = ${v}`)
    .join(' · ');
  const row = (k: string, v: string) => [el('dt', {}, [k]), el('dd', {}, [v])];
  const chosenRow = data.perK.find((r) => r.k === data.chosenK);
  root.append(
    el('header', {}, [
      el('h1', {}, [data.title]),
      el('p', { class: 'subtitle' }, [
        `NMFk (non-negative matrix factorisation with restarts and a silhouette rule for the number of signals; LANL, SmartTensors/NMFk.jl) on ${data.regions.length.toLocaleString('en-US')} counties × ${data.features.length} variables.`,
      ]),
      el('dl', { class: 'meta' }, [
        ...row('Source', data.source || '–'),
        ...row('Preprocessing', data.preprocessing.length ? data.preprocessing.join('; ') : 'none'),
        ...row('Method', `${data.objective === 'kl' ? 'Kullback–Leibler' : 'Frobenius'} multiplicative updates; k rule ${data.rule}, threshold ${data.threshold}`),
        ...row('Settings', settingsText || '–'),
      ]),
      el('div', { class: 'keys' }, [
        el('div', { class: 'key' }, [el('span', {}, ['chosen number of signals k']), el('strong', {}, [data.chosenK === null ? 'none qualifies' : String(data.chosenK)])]),
        el('div', { class: 'key' }, [el('span', {}, ['robustness at chosen k']), el('strong', {}, [chosenRow ? fmt(chosenRow.robustness) : '–'])]),
        el('div', { class: 'key' }, [el('span', {}, ['relative error at chosen k']), el('strong', {}, [chosenRow ? pct(chosenRow.relativeError) : '–'])]),
        el('div', { class: 'key' }, [el('span', {}, ['k tried']), el('strong', {}, [data.perK.map((r) => r.k).join(', ') || '–'])]),
      ]),
    ]),
  );

  // ---- Controls -------------------------------------------------------------------------------
  const kSelect = el('select', { 'data-control': 'k', id: 'control-k' }) as HTMLSelectElement;
  for (const r of data.perK) {
    const option = el('option', { value: r.k }, [`k = ${r.k}${r.k === data.chosenK ? ' (chosen)' : ''}${r.signals ? '' : ' — no factors'}`]) as HTMLOptionElement;
    option.disabled = !r.signals || r.signals.length === 0;
    kSelect.append(option);
  }
  const signalSelect = el('select', { 'data-control': 'signal', id: 'control-signal' }) as HTMLSelectElement;
  const sizeInput = el('input', { type: 'number', min: 1, max: maxSize, step: 1, value: Math.min(state.size, maxSize), 'data-control': 'group-size', id: 'control-group-size' }) as HTMLInputElement;
  const sizeRange = el('input', { type: 'range', min: 1, max: maxSize, step: 1, value: Math.min(state.size, maxSize), 'aria-label': 'group size' }) as HTMLInputElement;
  state.size = Math.min(state.size, maxSize);
  const controls = el('div', { class: 'controls' }, [
    el('label', { for: 'control-k' }, ['Number of signals ', kSelect]),
    el('label', { for: 'control-signal' }, ['Signal ', signalSelect]),
    el('label', { for: 'control-group-size' }, ['Group size (variables and counties shown) ', sizeInput, sizeRange]),
  ]);
  const summary = el('p', { class: 'signal-summary', 'data-chart': 'signal-summary' });
  const explorer = el('section', { id: 'explorer' }, [el('h2', {}, ['Signal explorer']), controls, summary]);
  root.append(explorer);

  const mapBox = el('div', { class: 'chart map', 'data-chart': 'map' });
  explorer.append(
    el('figure', {}, [
      el('h3', { id: 'map-title' }, ['County weights']),
      mapBox,
      el('figcaption', {}, [
        'Colour = the county’s weight in the selected signal (its W column divided by its maximum, so the strongest county is 1). Outlined: the group-size top counties. Grey: no data. Click a county for its weights in every signal.',
      ]),
    ]),
  );
  const barsBox = el('div', { class: 'chart', 'data-chart': 'variables' });
  const tableBox = el('div', { class: 'chart', 'data-chart': 'counties' });
  const profileBox = el('div', { class: 'chart', 'data-chart': 'county-profile' }, [note('Click a county on the map to see its weight in each signal.')]);
  explorer.append(
    el('div', { class: 'grid' }, [
      el('figure', {}, [
        el('h3', {}, ['Top variables']),
        barsBox,
        el('figcaption', {}, ['The signal’s H row divided by its maximum (NMFk.jl’s “max-normalised” H): how much each variable loads on the signal, largest first.']),
      ]),
      el('figure', {}, [el('h3', {}, ['Top counties']), tableBox, el('figcaption', {}, ['Counties with the largest max-normalised weight in the signal.'])]),
    ]),
    el('figure', { class: 'narrow' }, [el('h3', {}, ['Selected county']), profileBox]),
  );
  const signalsBox = el('div', { class: 'chart', 'data-chart': 'signals' });
  explorer.append(el('figure', {}, [el('h3', {}, ['All signals at this k']), signalsBox, el('figcaption', {}, ['Signals ordered by contribution (share of the reconstructed matrix W·H); click a row to select it. Silhouette: mean cosine silhouette of the signal’s cluster of restart solutions.'])]));

  const kSection = el('section', { id: 'choose-k' }, [
    el('h2', {}, ['Choosing the number of signals']),
    el('p', { class: 'intro' }, [
      `For each k, NMFk runs many restarts, clusters their signals and computes silhouettes; robustness = the smallest mean silhouette over the k clusters. ${
        data.rule === 'nmfk' ? `NMFk.jl’s rule takes the largest k whose robustness exceeds the threshold (${data.threshold}).` : `pyDNMFk’s rule walks k while robustness exceeds ${data.threshold} and the reconstruction errors improve significantly (Wilcoxon signed-rank test).`
      }`,
    ]),
  ]);
  root.append(kSection);
  const robustBox = el('div', { class: 'chart', 'data-chart': 'robustness' });
  const errorBox = el('div', { class: 'chart', 'data-chart': 'error' });
  const perKBox = el('div', { class: 'chart', 'data-chart': 'per-k' });
  kSection.append(
    el('div', { class: 'grid' }, [
      el('figure', {}, [el('h3', {}, ['Robustness (silhouette) per k']), robustBox, el('figcaption', {}, ['Large dots: robustness (minimum cluster silhouette); small grey dots: each cluster’s mean silhouette. Dashed red line: threshold; grey vertical line: chosen k; ring: the k shown above.'])]),
      el('figure', {}, [el('h3', {}, ['Relative reconstruction error per k']), errorBox, el('figcaption', {}, ['‖X − WH‖_F / ‖X‖_F over observed entries, for the factors reported at each k.'])]),
    ]),
    el('figure', {}, [el('h3', {}, ['Per-k table']), perKBox]),
  );

  // ---- Drawing --------------------------------------------------------------------------------
  const regionIndex = new Map(data.regions.map((r, i) => [r, i]));
  const namesByFips: Record<string, string> = {};
  data.regions.forEach((r, i) => (namesByFips[r] = data.names[i] ? `${data.names[i]} (${r})` : r));
  let map: CountyMapHandle | null = null;

  const signalOf = (): SignalsReportSignal | undefined => current()?.signals?.[state.signal];
  const topIndices = (values: number[], count: number): number[] =>
    values
      .map((v, i) => [v, i] as [number, number])
      .filter(([v]) => finite(v))
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, count)
      .map(([, i]) => i);

  const fillSignalOptions = (): void => {
    const signals = current()?.signals ?? [];
    signalSelect.replaceChildren(...signals.map((s) => el('option', { value: s.index }, [`${s.index + 1}. ${s.label} (${pct(s.contribution)})`])));
    state.signal = Math.min(state.signal, Math.max(0, signals.length - 1));
    signalSelect.value = String(state.signal);
  };

  const drawMap = (): void =>
    guard('map', mapBox, () => {
      const s = signalOf();
      const values: Record<string, number> = {};
      if (s) data.regions.forEach((r, i) => (values[r] = s.w[i]));
      const legend = s ? `signal ${s.index + 1} weight (max = 1)` : 'weight';
      if (!map) {
        map = libs.drawCountyMap(mapBox, {
          topology: libs.topology,
          d3,
          topojson: libs.topojson,
          values,
          names: namesByFips,
          domain: [0, 1],
          legend,
          format: '.1f',
          title: 'Signal weight per county',
          onSelect: (fips) => drawProfile(fips),
        });
      } else {
        map.update(values, { legend });
      }
      if (s) map.highlight(topIndices(s.w, state.size).map((i) => data.regions[i]));
      const onMap = new Set(libs.topology.objects.counties.geometries.map((g: { id: string }) => g.id));
      const off = data.regions.filter((r) => !onMap.has(r)).length;
      document.getElementById('map-title')!.textContent = s ? `Signal ${s.index + 1} of k = ${state.k}: ${s.label}${off ? ` (${off} region${off > 1 ? 's' : ''} of the data not on the map)` : ''}` : 'County weights';
    });

  const drawBars = (): void =>
    guard('variables', barsBox, () => {
      const s = signalOf();
      if (!s) return barsBox.replaceChildren(note('No signal at this k.'));
      const top = topIndices(s.h, state.size);
      const labelWidth = Math.min(300, Math.max(80, 6.6 * Math.max(...top.map((j) => Math.min(44, data.features[j].length)))));
      const barWidth = Math.max(160, Math.floor((width - 24) / 2) - labelWidth - 60);
      const rowH = 18;
      const svg = d3.create('svg').attr('width', labelWidth + barWidth + 50).attr('height', top.length * rowH + 30).attr('font-size', 11);
      const x = d3.scaleLinear().domain([0, 1]).range([labelWidth, labelWidth + barWidth]);
      svg.append('g').attr('transform', `translate(0,${top.length * rowH + 4})`).call(d3.axisBottom(x).ticks(5).tickFormat(d3.format('.1f')));
      const g = svg.append('g');
      top.forEach((j, i) => {
        const name = data.features[j];
        const shortName = name.length > 44 ? `${name.slice(0, 43)}…` : name;
        const y = i * rowH;
        const bar = g.append('rect').attr('data-bar', name).attr('x', x(0)).attr('y', y + 2).attr('width', Math.max(0.5, x(s.h[j]) - x(0))).attr('height', rowH - 4).attr('fill', COLORS[s.index % COLORS.length]);
        bar.append('title').text(`${name}: ${fmt(s.h[j])}`);
        g.append('text').attr('x', labelWidth - 6).attr('y', y + rowH / 2).attr('dy', '0.35em').attr('text-anchor', 'end').attr('fill', '#1d2330').text(shortName).append('title').text(name);
        g.append('text').attr('x', x(s.h[j]) + 4).attr('y', y + rowH / 2).attr('dy', '0.35em').attr('fill', '#5b6472').text(fmt(s.h[j], 2));
      });
      barsBox.replaceChildren(svg.node());
    });

  const drawTable = (): void =>
    guard('counties', tableBox, () => {
      const s = signalOf();
      if (!s) return tableBox.replaceChildren(note('No signal at this k.'));
      const top = topIndices(s.w, state.size);
      const body = el(
        'tbody',
        {},
        top.map((i, rank) =>
          el('tr', { 'data-fips': data.regions[i] }, [
            el('td', { class: 'num' }, [String(rank + 1)]),
            el('td', {}, [data.names[i] || data.regions[i]]),
            el('td', {}, [data.regions[i]]),
            el('td', { class: 'num' }, [fmt(s.w[i])]),
            el('td', { class: 'barcell' }, [el('div', { class: 'inline-bar', style: `width:${Math.round(Math.max(0, Math.min(1, s.w[i])) * 100)}%;background:${COLORS[s.index % COLORS.length]}` })]),
          ]),
        ),
      );
      tableBox.replaceChildren(
        el('table', { class: 'data' }, [el('thead', {}, [el('tr', {}, ['#', 'County', 'FIPS', 'Weight', ''].map((h) => el('th', {}, [h])))]), body]),
      );
    });

  const drawProfile = (fips: string | null): void =>
    guard('county-profile', profileBox, () => {
      state.county = fips;
      if (fips === null) return;
      const i = regionIndex.get(fips);
      const r = current();
      if (i === undefined || !r?.signals) return profileBox.replaceChildren(note(`${namesByFips[fips] ?? fips}: not in the data.`));
      profileBox.replaceChildren(
        el('p', {}, [el('strong', {}, [namesByFips[fips] ?? fips]), ` — weights at k = ${r.k} (max-normalised per signal):`]),
        el(
          'table',
          { class: 'data' },
          [el('tbody', {}, r.signals.map((s) => el('tr', {}, [el('td', {}, [`${s.index + 1}. ${s.label}`]), el('td', { class: 'num' }, [fmt(s.w[i])])])))],
        ),
      );
    });

  const drawSignalsTable = (): void =>
    guard('signals', signalsBox, () => {
      const r = current();
      if (!r?.signals) return signalsBox.replaceChildren(note('No factors at this k.'));
      const rows = r.signals.map((s) => {
        const tr = el('tr', { 'data-signal': s.index, class: s.index === state.signal ? 'selected' : undefined }, [
          el('td', {}, [el('span', { class: 'swatch', style: `background:${COLORS[s.index % COLORS.length]}` }), String(s.index + 1)]),
          el('td', {}, [s.label]),
          el('td', { class: 'num' }, [pct(s.contribution)]),
          el('td', { class: 'num' }, [fmt(s.silhouette)]),
          el('td', {}, [topIndices(s.h, 3).map((j) => data.features[j]).join(', ')]),
          el('td', {}, [topIndices(s.w, 3).map((i) => data.names[i] || data.regions[i]).join('; ')]),
        ]);
        tr.addEventListener('click', () => selectSignal(s.index));
        return tr;
      });
      signalsBox.replaceChildren(
        el('table', { class: 'data clickable' }, [
          el('thead', {}, [el('tr', {}, ['Signal', 'Label', 'Contribution', 'Silhouette', 'Top variables', 'Top counties'].map((h) => el('th', {}, [h])))]),
          el('tbody', {}, rows),
        ]),
      );
    });

  const drawSummary = (): void =>
    guard('signal-summary', summary, () => {
      const s = signalOf();
      summary.replaceChildren(
        s
          ? `Signal ${s.index + 1} of ${current()!.signals!.length} at k = ${state.k}: “${s.label}” — ${pct(s.contribution)} of W·H, cluster silhouette ${fmt(s.silhouette)}.`
          : 'No factors to explore: the result carries no W and H for any k.',
      );
    });

  const drawKCharts = (): void => {
    const rows = data.perK.filter((r) => finite(r.robustness)).map((r) => ({ k: r.k, robustness: r.robustness as number }));
    const clusterRows = data.perK.flatMap((r) => r.clusterSilhouettes.filter(finite).map((s) => ({ k: r.k, silhouette: s as number })));
    const errRows = data.perK.filter((r) => finite(r.relativeError)).map((r) => ({ k: r.k, error: r.relativeError as number }));
    const ks = data.perK.map((r) => r.k);
    const half = Math.floor((width - 24) / 2);
    const chosen = data.chosenK === null ? [] : [data.chosenK];
    const shown = state.k === null ? [] : [state.k];
    guard('robustness', robustBox, () => {
      const lo = Math.min(0, ...rows.map((r) => r.robustness), ...clusterRows.map((r) => r.silhouette));
      robustBox.replaceChildren(
        Plot.plot({
          width: half,
          height: 260,
          marginLeft: 48,
          x: { label: 'k', ticks: ks, tickFormat: 'd', domain: [Math.min(...ks) - 0.5, Math.max(...ks) + 0.5] },
          y: { label: 'silhouette', domain: [lo, 1], grid: true },
          marks: [
            Plot.ruleY([data.threshold], { stroke: '#b2182b', strokeDasharray: '5,4' }),
            Plot.ruleX(chosen, { stroke: '#888', strokeWidth: 2 }),
            Plot.dot(clusterRows, { x: 'k', y: 'silhouette', r: 2, fill: '#9aa5b1' }),
            Plot.line(rows, { x: 'k', y: 'robustness', stroke: '#1f77b4' }),
            Plot.dot(rows, { x: 'k', y: 'robustness', r: 4.5, fill: (d: { k: number }) => (d.k === data.chosenK ? '#b2182b' : '#1f77b4') }),
            Plot.dot(rows.filter((r) => shown.includes(r.k)), { x: 'k', y: 'robustness', r: 8, stroke: '#1d2330', strokeWidth: 1.5 }),
            Plot.tip(rows, Plot.pointerX({ x: 'k', y: 'robustness', title: (d: { k: number; robustness: number }) => `k = ${d.k}\nrobustness ${fmt(d.robustness)}` })),
          ],
        }),
      );
    });
    guard('error', errorBox, () => {
      errorBox.replaceChildren(
        Plot.plot({
          width: half,
          height: 260,
          marginLeft: 56,
          x: { label: 'k', ticks: ks, tickFormat: 'd', domain: [Math.min(...ks) - 0.5, Math.max(...ks) + 0.5] },
          y: { label: 'relative error', zero: true, grid: true, tickFormat: '.0%' },
          marks: [
            Plot.ruleX(chosen, { stroke: '#888', strokeWidth: 2 }),
            Plot.line(errRows, { x: 'k', y: 'error', stroke: '#ff7f0e' }),
            Plot.dot(errRows, { x: 'k', y: 'error', r: 4.5, fill: (d: { k: number }) => (d.k === data.chosenK ? '#b2182b' : '#ff7f0e') }),
            Plot.dot(errRows.filter((r) => shown.includes(r.k)), { x: 'k', y: 'error', r: 8, stroke: '#1d2330', strokeWidth: 1.5 }),
            Plot.tip(errRows, Plot.pointerX({ x: 'k', y: 'error', title: (d: { k: number; error: number }) => `k = ${d.k}\nrelative error ${pct(d.error)}` })),
          ],
        }),
      );
    });
  };

  const drawPerKTable = (): void =>
    guard('per-k', perKBox, () => {
      perKBox.replaceChildren(
        el('table', { class: 'data' }, [
          el('thead', {}, [el('tr', {}, ['k', 'Robustness', 'Mean silhouette', 'Cluster silhouettes', 'Relative error', '‖X − WH‖_F', 'AIC', 'Restarts', ''].map((h) => el('th', {}, [h])))]),
          el(
            'tbody',
            {},
            data.perK.map((r) =>
              el('tr', { class: r.k === data.chosenK ? 'chosen' : undefined, 'data-k': r.k }, [
                el('td', { class: 'num' }, [String(r.k)]),
                el('td', { class: 'num' }, [fmt(r.robustness)]),
                el('td', { class: 'num' }, [fmt(r.meanSilhouette)]),
                el('td', {}, [r.clusterSilhouettes.map((s) => fmt(s, 2)).join(', ')]),
                el('td', { class: 'num' }, [pct(r.relativeError)]),
                el('td', { class: 'num' }, [fmt(r.frobeniusError, 5)]),
                el('td', { class: 'num' }, [fmt(r.aic, 6)]),
                el('td', { class: 'num' }, [String(r.restarts)]),
                el('td', {}, [
                  r.k === data.chosenK ? 'chosen' : finite(r.robustness) && (r.robustness as number) > data.threshold ? 'above threshold' : '',
                ]),
              ]),
            ),
          ),
        ]),
      );
    });

  const drawSignal = (): void => {
    drawSummary();
    drawMap();
    drawBars();
    drawTable();
    drawSignalsTable();
  };
  function selectSignal(index: number): void {
    state.signal = index;
    signalSelect.value = String(index);
    drawSignal();
  }
  const setSize = (value: number): void => {
    if (!Number.isFinite(value)) return;
    state.size = Math.max(1, Math.min(maxSize, Math.round(value)));
    sizeInput.value = String(state.size);
    sizeRange.value = String(state.size);
    drawBars();
    drawTable();
    const s = signalOf();
    if (map && s) map.highlight(topIndices(s.w, state.size).map((i) => data.regions[i]));
  };

  kSelect.addEventListener('change', () => {
    state.k = Number(kSelect.value);
    state.signal = 0;
    fillSignalOptions();
    drawSignal();
    drawKCharts();
    drawProfile(state.county);
  });
  signalSelect.addEventListener('change', () => selectSignal(Number(signalSelect.value)));
  sizeInput.addEventListener('change', () => setSize(Number(sizeInput.value)));
  sizeInput.addEventListener('input', () => setSize(Number(sizeInput.value)));
  sizeRange.addEventListener('input', () => setSize(Number(sizeRange.value)));

  if (state.k !== null) kSelect.value = String(state.k);
  else {
    kSelect.disabled = true;
    signalSelect.disabled = true;
  }
  fillSignalOptions();
  drawSignal();
  drawKCharts();
  drawPerKTable();
}
