/**
 * Browser-side renderer of the Hawkes forecast / backtest report (seed 004; Chiang, Liu & Mohler
 * 2022): fit coefficients and kernel, fan charts and R(t) with lagged mobility for the top
 * counties, a US county map of forecast growth, and the backtest scores with a per-window MAE
 * chart and the dynamic-vs-constant-R comparison.
 *
 * `drawHawkesReport` is ONE self-contained function (no imports at run time, no references
 * outside its body): the page inlines it with `String(drawHawkesReport)` and passes the globals
 * of the inlined d3, topojson-client and Observable Plot builds plus the inlined `drawCountyMap`
 * (client/county-map.ts). Every chart/table container has a `data-chart` attribute and every
 * control a `data-control` attribute (the browser check uses them). Every section is drawn only
 * when its data is present; a part that cannot be drawn is replaced by a sentence and an
 * unexpected failure is reported with console.error.
 */
import type { CountyMapHandle, CountyMapOptions, UsAtlasTopology } from './county-map.js';
import type { HawkesReportCounty, HawkesReportData, HawkesReportScore } from '../hawkes-report-data.js';

/** The libraries and helpers the page passes in. */
export interface DrawHawkesLibraries {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  d3: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  topojson: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Plot: any;
  drawCountyMap: (container: HTMLElement, options: CountyMapOptions) => CountyMapHandle;
  /** us-atlas counties-albers-10m.json (null when the page has no forecast to map). */
  topology: UsAtlasTopology | null;
}

/**
 * Draw the report into `root`. Cost: the map's 3,142 paths once; a county switch redraws the fan
 * and R(t) charts (O(days)) and outlines the county on the map; a backtest control redraws the
 * MAE chart (O(windows)).
 *
 * How the backtest comparison reads model names (case-insensitive): a name containing
 * "constant", or exactly "hawkes", is the constant-R baseline; a name containing "full" or
 * "mobility", or exactly "hawkpr" / "hawkpr_m", is a dynamic-R model. "A clear margin" is taken
 * as a median relative MAE change of −10 % or better with every comparison negative.
 *
 * @example
 *   drawHawkesReport(JSON.parse(document.getElementById('epikit-hawkes').textContent),
 *     { d3, topojson, Plot, drawCountyMap, topology }, document.getElementById('report'));
 */
export function drawHawkesReport(data: HawkesReportData, libs: DrawHawkesLibraries, root: HTMLElement): void {
  type Attrs = Record<string, string | number | undefined>;
  type Child = Node | string | null | undefined;
  const { d3, Plot } = libs;
  const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
  const el = (tag: string, attrs: Attrs = {}, children: Child[] = []): HTMLElement => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) node.setAttribute(k, String(v));
    for (const c of children) if (c !== null && c !== undefined) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
    return node;
  };
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const fmt = (v: number | null | undefined, digits = 3): string => (finite(v) ? Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 12 }) : '–');
  const int = (v: number | null | undefined): string => (finite(v) ? Math.round(v).toLocaleString('en-US') : '–');
  const pct = (v: number | null | undefined, digits = 1): string => (finite(v) ? `${(v * 100).toFixed(digits)} %` : '–');
  const signedPct = (v: number): string => `${v < 0 ? '−' : '+'}${Math.abs(v * 100).toFixed(1)} %`;
  const pValue = (v: number | null | undefined): string => (finite(v) ? (v < 0.001 ? '< 0.001' : Number(v.toPrecision(2)).toString()) : '–');
  const note = (text: string): HTMLElement => el('p', { class: 'empty' }, [text]);
  const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
  const width = Math.max(640, Math.min(1120, (root.clientWidth || 1168) - 48));
  const guard = (name: string, box: HTMLElement, draw: () => void): void => {
    try {
      draw();
    } catch (e) {
      console.error(`epikit report: cannot draw ${name}:`, e);
      box.replaceChildren(note(`This part could not be drawn (${e instanceof Error ? e.message : String(e)}).`));
    }
  };
  const table = (headers: string[], rows: HTMLElement[], attrs: Attrs = {}): HTMLElement =>
    el('table', { class: 'data', ...attrs }, [el('thead', {}, [el('tr', {}, headers.map((h) => el('th', {}, [h])))]), el('tbody', {}, rows)]);
  const td = (text: string, num = false, attrs: Attrs = {}): HTMLElement => el('td', { ...attrs, class: [num ? 'num' : '', attrs.class ?? ''].join(' ').trim() || undefined }, [text]);
  const row = (k: string, v: string): HTMLElement[] => [el('dt', {}, [k]), el('dd', {}, [v])];
  const key = (label: string, value: string): HTMLElement => el('div', { class: 'key' }, [el('span', {}, [label]), el('strong', {}, [value])]);

  const fit = data.fit;
  const fc = data.forecast;
  const bt = data.backtest;
  const VARIANTS: Record<string, string> = {
    constant: 'constant R (baseline Hawkes)',
    mobility: 'mobility (HawkPR_m)',
    demographics: 'demographics only',
    full: 'mobility + demographics (HawkPR)',
  };
  const SUBSETS: Record<string, string> = { top10: 'top 10 %', top25: 'top 25 %', '25-50': '25–50 %', all: 'all counties' };
  const subsetLabel = (s: string): string => SUBSETS[s] ?? s;

  // ---- Header ---------------------------------------------------------------------------------
  const meta: HTMLElement[] = [...row('Source', data.source || '–'), ...row('Generated', data.generated || '–')];
  if (fit) meta.push(...row('Training window', `${fit.start} – ${fit.end}, ${int(fit.counties)} counties`));
  if (fc) {
    meta.push(
      ...row(
        'Forecast',
        `daily ${fc.target}, ${fc.horizon} day${fc.horizon === 1 ? '' : 's'}${fc.dates.length ? ` (${fc.dates[0]} – ${fc.dates[fc.dates.length - 1]})` : ''}, ${int(fc.realisations)} simulated realisations, seed ${fc.seed}`,
      ),
    );
  }
  if (bt) {
    meta.push(
      ...row(
        'Backtest',
        `${bt.cutoffs.length} cut-off${bt.cutoffs.length === 1 ? '' : 's'}${bt.cutoffs.length ? ` (${bt.cutoffs[0]} … ${bt.cutoffs[bt.cutoffs.length - 1]})` : ''}; horizons ${bt.horizons.join(', ')} days; models ${bt.models.join(', ')}; ${bt.targets.join(' and ')}; counties ranked on ${bt.rankDate}`,
      ),
    );
  }
  const header = el('header', {}, [
    el('h1', {}, [data.title]),
    el('p', { class: 'subtitle' }, [
      'Hawkes process with covariates (Chiang, Liu & Mohler 2022): λ_c(t) = μ_c + Σ_{t_j<t} R_c(t_j) w(t − t_j) n_c(t_j), R_c(t) = exp(θ · x_c(t − Δ)), w a discretised Weibull; forecasts simulate the branching process.',
    ]),
    el('dl', { class: 'meta' }, meta),
  ]);
  root.append(header);
  if (data.notes && data.notes.length) header.append(el('ul', { class: 'notes', 'data-chart': 'notes' }, data.notes.map((n) => el('li', {}, [n]))));
  const dropped = data.dropped ?? [];
  if (dropped.length) {
    const dropTable = table(
      ['County', 'FIPS', 'Reasons', 'Detail'],
      dropped.map((d) => el('tr', { 'data-fips': d.fips }, [td(d.name || '–'), td(d.fips), td(d.reasons.join(', ')), td(d.detail || '')])),
    );
    const box = el('div', { 'data-chart': 'dropped' });
    const title = `Counties left out (${dropped.length.toLocaleString('en-US')})`;
    if (dropped.length > 8) box.append(el('details', { class: 'dropped' }, [el('summary', {}, [`${title} — show the table`]), dropTable]));
    else box.append(el('h3', {}, [title]), dropTable);
    header.append(box);
  }

  // ---- Fit --------------------------------------------------------------------------------------
  if (fit) {
    const section = el('section', { id: 'fit' }, [
      el('h2', {}, ['Fit']),
      el('p', { class: 'intro' }, [
        `EM fit of the ${VARIANTS[fit.variant] ?? fit.variant} model on ${int(fit.counties)} counties, ${fit.start} – ${fit.end}. Covariates are z-scored, so exp(estimate) is the factor by which R changes per standard deviation of the covariate (for the intercept: R at average covariates).`,
      ]),
    ]);
    root.append(section);
    section.append(
      el('div', { class: 'keys' }, [
        key('model', VARIANTS[fit.variant] ?? fit.variant),
        key('mobility lag Δ', `${fit.lag} days`),
        key('Ψ (last days not parents)', `${fit.psi} days`),
        key('log-likelihood', fmt(fit.logLikelihood, 8)),
        key('EM iterations', `${fit.iterations} (${fit.converged ? 'converged' : 'not converged'})`),
      ]),
    );
    const coefBox = el('div', { class: 'chart', 'data-chart': 'coefficients' });
    const kernelBox = el('div', { class: 'chart', 'data-chart': 'kernel' });
    const kernelChart = el('div', { class: 'chart', 'data-chart': 'kernel-chart' });
    section.append(
      el('figure', {}, [
        el('h3', {}, ['Coefficients of log R']),
        coefBox,
        el('figcaption', {}, ['Standard errors from the observed-data Fisher information (shape, scale and every μ_c estimated jointly); p: two-sided normal test of estimate = 0 (shaded below 0.05).']),
      ]),
      el('div', { class: 'grid' }, [
        el('figure', {}, [el('h3', {}, ['Triggering kernel']), kernelBox]),
        el('figure', {}, [el('h3', {}, ['Kernel weights w(d)']), kernelChart, el('figcaption', {}, ['Discretised Weibull w(d) = F(d) − F(d − 1): the share of a case’s offspring that falls d days after it.'])]),
      ]),
    );
    guard('coefficients', coefBox, () => {
      const rows = fit.coefficients.map((c) =>
        el('tr', { 'data-coefficient': c.name }, [
          td(c.name),
          td(fmt(c.estimate, 4), true),
          td(fmt(c.standardError, 3), true),
          td(fmt(c.z, 3), true),
          td(pValue(c.p), true, { class: finite(c.p) && c.p < 0.05 ? 'significant' : undefined }),
          td(`× ${fmt(Math.exp(c.estimate), 3)}`, true),
        ]),
      );
      coefBox.replaceChildren(fit.coefficients.length ? table(['Coefficient', 'Estimate', 'SE', 'z', 'p', 'exp(estimate): × R per SD'], rows) : note('The fit has no coefficients.'));
    });
    guard('kernel', kernelBox, () => {
      // w(d) = S(d − 1) − S(d), S(x) = exp(−(x/scale)^shape), d = 1..L (as lib/hawkes/discrete-weibull.ts).
      const S = (x: number) => Math.exp(-Math.pow(x / fit.scale, fit.shape));
      const w: { lag: number; w: number }[] = [];
      let mass = 0;
      let mean = 0;
      for (let d = 1; d <= fit.L && d <= 10000; d++) {
        const v = S(d - 1) - S(d);
        w.push({ lag: d, w: v });
        mass += v;
        mean += d * v;
      }
      const se = (v: number | null) => (finite(v) ? ` ± ${fmt(v, 2)}` : '');
      kernelBox.replaceChildren(
        table(
          ['Quantity', 'Value'],
          [
            el('tr', {}, [td('Weibull shape k'), td(`${fmt(fit.shape, 4)}${se(fit.shapeStandardError)}`, true)]),
            el('tr', {}, [td('Weibull scale λ (days)'), td(`${fmt(fit.scale, 4)}${se(fit.scaleStandardError)}`, true)]),
            el('tr', { 'data-quantity': 'kernel-mean' }, [td('Mean of the discretised kernel (days)'), td(mass > 0 ? fmt(mean / mass, 4) : '–', true)]),
            el('tr', {}, [td('Support L (days)'), td(String(fit.L), true)]),
            el('tr', {}, [td('Kernel mass beyond L'), td(fmt(fit.truncationMass, 3), true)]),
            el('tr', {}, [td('Mobility lag Δ / Ψ (days)'), td(`${fit.lag} / ${fit.psi}`, true)]),
          ],
        ),
      );
      guard('kernel-chart', kernelChart, () => {
        kernelChart.replaceChildren(
          Plot.plot({
            width: Math.min(520, Math.floor((width - 24) / 2)),
            height: 170,
            marginLeft: 48,
            x: { label: 'days after the parent event', tickFormat: 'd' },
            y: { label: 'w(d)', grid: true },
            marks: [Plot.rectY(w, { x1: (d: { lag: number }) => d.lag - 0.45, x2: (d: { lag: number }) => d.lag + 0.45, y: 'w', fill: '#4d7ea8' }), Plot.ruleY([0])],
          }),
        );
      });
    });
  }

  // ---- Forecast ---------------------------------------------------------------------------------
  if (fc) {
    const h = fc.horizon;
    const section = el('section', { id: 'forecast' }, [
      el('h2', {}, ['Forecast']),
      el('p', { class: 'intro' }, [
        `${int(fc.realisations)} realisations of the fitted branching process, ${h} day${h === 1 ? '' : 's'} ahead of ${fc.rDates[fc.rDates.length - 1] ?? 'the data'}. Fan charts and R(t) for the ${fc.counties.length} count${fc.counties.length === 1 ? 'y' : 'ies'} with the largest forecast; the map shows every forecast county.`,
      ]),
    ]);
    root.append(section);
    const lag = fit ? fit.lag : null;
    const levelIndex = (p: number): number => fc.quantileLevels.findIndex((q) => Math.abs(q - p) < 1e-9);
    const mapIndex = new Map(fc.map.fips.map((f, i) => [f, i] as const));
    const state = { fips: fc.counties[0]?.fips ?? null };
    const countyOf = (fips: string | null): HawkesReportCounty | undefined => fc.counties.find((c) => c.fips === fips);

    const picker = el('select', { 'data-control': 'county', id: 'control-county' }) as HTMLSelectElement;
    for (const c of fc.counties) picker.append(el('option', { value: c.fips }, [`${c.name} (${c.fips})`]));
    const fanBox = el('div', { class: 'chart', 'data-chart': 'fan' });
    const rBox = el('div', { class: 'chart', 'data-chart': 'r' });
    const fanTitle = el('h3', { id: 'fan-title' }, ['Fan chart']);
    if (fc.counties.length) section.append(el('div', { class: 'controls' }, [el('label', { for: 'control-county' }, ['County ', picker])]));
    section.append(
      el('figure', {}, [
        fanTitle,
        fanBox,
        el('figcaption', {}, [
          `Dots and grey line: observed daily ${fc.target}. Red line: forecast median; dashed: forecast mean; shaded: central 50 %, 80 % and 95 % intervals of the simulated daily counts. Vertical line: last observed day.`,
        ]),
      ]),
      el('figure', {}, [
        el('h3', { id: 'r-title' }, ['R(t) and mobility']),
        rBox,
        el('figcaption', {}, [
          `Top: R_c(t) = exp(θ · x_c(t − Δ)) over the training window (blue) and the forecast horizon (red, dashed). Bottom: the county's mobility (Google, % change from baseline) Δ = ${lag ?? '?'} days earlier, i.e. the values R on each date is computed from; gaps: no mobility data that day.`,
        ]),
      ]),
    );

    const drawFan = (): void =>
      guard('fan', fanBox, () => {
        const c = countyOf(state.fips);
        if (!c) return fanBox.replaceChildren(note('No county to chart: the forecast holds no fan-chart counties.'));
        fanTitle.textContent = `Fan chart: ${c.name} (${c.fips})`;
        const obs = fc.observedDates.map((d, i) => ({ date: day(d), value: c.observed[i] ?? null }));
        const rows = fc.dates.map((d, k) => ({ date: day(d), mean: c.mean[k], q: c.quantiles[k] ?? [] }));
        const mid = levelIndex(0.5);
        const marks: unknown[] = [];
        const bands: [number, number, string, number][] = [
          [0.025, 0.975, '95 %', 0.16],
          [0.1, 0.9, '80 %', 0.24],
          [0.25, 0.75, '50 %', 0.36],
        ];
        for (const [lo, hi, label, opacity] of bands) {
          const a = levelIndex(lo);
          const b = levelIndex(hi);
          if (a < 0 || b < 0) continue;
          marks.push(Plot.areaY(rows, { x: 'date', y1: (d: { q: number[] }) => d.q[a], y2: (d: { q: number[] }) => d.q[b], fill: '#d6604d', fillOpacity: opacity, curve: 'step', ariaDescription: `band ${label}` }));
        }
        if (obs.length) marks.push(Plot.ruleX([obs[obs.length - 1].date], { stroke: '#9aa5b1', strokeDasharray: '3,3' }));
        marks.push(
          Plot.line(obs, { x: 'date', y: 'value', stroke: '#9aa5b1', strokeWidth: 1, ariaDescription: 'observed line' }),
          Plot.dot(obs, { x: 'date', y: 'value', r: 2.5, fill: '#1d2330', ariaDescription: 'observed' }),
        );
        if (mid >= 0) marks.push(Plot.line(rows, { x: 'date', y: (d: { q: number[] }) => d.q[mid], stroke: '#b2182b', strokeWidth: 2, curve: 'step', ariaDescription: 'median' }));
        marks.push(Plot.line(rows, { x: 'date', y: 'mean', stroke: '#b2182b', strokeDasharray: '4,3', curve: 'step', ariaDescription: 'mean' }));
        const levels = fc.quantileLevels;
        marks.push(
          Plot.tip(
            rows,
            Plot.pointerX({
              x: 'date',
              y: (d: { q: number[]; mean: number }) => (mid >= 0 ? d.q[mid] : d.mean),
              title: (d: { date: Date; q: number[]; mean: number }) =>
                `${d.date.toISOString().slice(0, 10)}\nmean ${fmt(d.mean, 4)}\n${levels.map((p, i) => `${(p * 100).toFixed(1)} %: ${fmt(d.q[i], 4)}`).join('\n')}`,
            }),
          ),
          Plot.tip(obs, Plot.pointerX({ x: 'date', y: 'value', title: (d: { date: Date; value: number }) => `${d.date.toISOString().slice(0, 10)}\nobserved ${int(d.value)}` })),
        );
        fanBox.replaceChildren(
          Plot.plot({
            width,
            height: 300,
            marginLeft: 56,
            x: { type: 'utc', label: null },
            y: { label: `daily ${fc.target}`, grid: true, zero: true },
            marks,
          }),
        );
        fanBox.dataset.county = c.fips;
      });

    const drawR = (): void =>
      guard('r', rBox, () => {
        const c = countyOf(state.fips);
        if (!c) return rBox.replaceChildren(note('No county to chart.'));
        document.getElementById('r-title')!.textContent = `R(t) and mobility: ${c.name} (${c.fips})`;
        const allDates = [...fc.rDates, ...fc.dates].map(day);
        const T = fc.rDates.length;
        const rows = allDates.map((date, t) => ({ date, r: finite(c.r[t]) ? c.r[t] : null, part: t < T ? 'fitted' : 'forecast' }));
        const fitted = rows.slice(0, T);
        const ahead = rows.slice(Math.max(0, T - 1));
        const domain = allDates.length ? [allDates[0], allDates[allDates.length - 1]] : undefined;
        const rPanel = el('div', { 'data-panel': 'r' });
        const mobPanel = el('div', { 'data-panel': 'mobility' });
        rBox.replaceChildren(el('p', { class: 'panel-title' }, ['Reproduction number R(t)']), rPanel, el('p', { class: 'panel-title' }, [`Mobility Δ = ${lag ?? '?'} days earlier (% change from baseline)`]), mobPanel);
        rPanel.append(
          Plot.plot({
            width,
            height: 200,
            marginLeft: 56,
            x: { type: 'utc', label: null, domain },
            y: { label: 'R(t)', grid: true },
            marks: [
              Plot.ruleY([1], { stroke: '#5b6472', strokeDasharray: '2,3' }),
              T < allDates.length ? Plot.ruleX([allDates[T]], { stroke: '#9aa5b1', strokeDasharray: '3,3' }) : null,
              Plot.line(fitted, { x: 'date', y: 'r', stroke: '#1f77b4', strokeWidth: 1.8, ariaDescription: 'R fitted' }),
              Plot.line(ahead, { x: 'date', y: 'r', stroke: '#b2182b', strokeWidth: 1.8, strokeDasharray: '5,3', ariaDescription: 'R forecast' }),
              Plot.tip(rows, Plot.pointerX({ x: 'date', y: 'r', title: (d: { date: Date; r: number | null; part: string }) => `${d.date.toISOString().slice(0, 10)} (${d.part})\nR = ${fmt(d.r, 3)}` })),
            ],
          }),
        );
        if (!fc.mobilityTypes.length || !c.laggedMobility.length) {
          mobPanel.append(note('No mobility in this model’s inputs.'));
          return;
        }
        const mob: { date: Date; type: string; value: number | null }[] = [];
        fc.mobilityTypes.forEach((type, k) => allDates.forEach((date, t) => mob.push({ date, type, value: c.laggedMobility[k]?.[t] ?? null })));
        mobPanel.append(
          Plot.plot({
            width,
            height: 220,
            marginLeft: 56,
            x: { type: 'utc', label: null, domain },
            y: { label: `% change, ${lag ?? 'Δ'} days earlier`, grid: true },
            color: { legend: true, domain: fc.mobilityTypes, range: COLORS },
            marks: [
              Plot.ruleY([0], { stroke: '#5b6472' }),
              T < allDates.length ? Plot.ruleX([allDates[T]], { stroke: '#9aa5b1', strokeDasharray: '3,3' }) : null,
              Plot.line(mob, { x: 'date', y: 'value', stroke: 'type', z: 'type', strokeWidth: 1.4, ariaDescription: 'mobility' }),
              Plot.tip(mob, Plot.pointer({ x: 'date', y: 'value', stroke: 'type', title: (d: { date: Date; type: string; value: number | null }) => `${d.date.toISOString().slice(0, 10)}: ${d.type} ${fmt(d.value, 3)} %` })),
            ],
          }),
        );
        rBox.dataset.county = c.fips;
      });

    // Map of growth = forecast total / observed total of the last `horizon` days, log₂ scale centred at 0 (growth 1).
    const mapBox = el('div', { class: 'chart map', 'data-chart': 'growth-map' });
    const mapSelection = el('p', { class: 'signal-summary', 'data-chart': 'map-selection' }, ['Click a county for its numbers.']);
    section.append(
      el('figure', {}, [
        el('h3', {}, [`Forecast growth: next ${h} days against the last ${h} observed days`]),
        mapBox,
        mapSelection,
        el('figcaption', {}, [
          `Colour = log₂(forecast mean total of the next ${h} days / observed total of the last ${h} days): 0 (white) = no change, +1 = doubling, −1 = halving; the scale is clipped at its ends. Grey: county not forecast or nothing observed in the last ${h} days. Outlined: the county shown in the charts.`,
        ]),
      ]),
    );
    let map: CountyMapHandle | null = null;
    const describe = (i: number): string =>
      `${fc.map.names[i] || fc.map.fips[i]} (${fc.map.fips[i]}) — observed last ${h} d: ${int(fc.map.observed[i])}; forecast next ${h} d: ${fmt(fc.map.forecast[i], 4)}; growth ${finite(fc.map.growth[i]) ? `× ${fmt(fc.map.growth[i], 3)}` : 'n/a'}`;
    guard('growth-map', mapBox, () => {
      if (!libs.topology) return mapBox.replaceChildren(note('The page holds no county topology.'));
      const values: Record<string, number | null> = {};
      const names: Record<string, string> = {};
      const logs = fc.map.growth.filter((g): g is number => finite(g) && g > 0).map((g) => Math.abs(Math.log2(g)));
      logs.sort((a, b) => a - b);
      const q98 = logs.length ? logs[Math.min(logs.length - 1, Math.floor(0.98 * logs.length))] : 1;
      const M = Math.min(4, Math.max(1, Math.ceil(q98 * 2) / 2));
      fc.map.fips.forEach((f, i) => {
        const g = fc.map.growth[i];
        values[f] = finite(g) && g > 0 ? Math.max(-M, Math.min(M, Math.log2(g))) : null;
        names[f] = describe(i);
      });
      map = libs.drawCountyMap(mapBox, {
        topology: libs.topology,
        d3,
        topojson: libs.topojson,
        values,
        names,
        domain: [-M, 0, M],
        legend: 'log₂ growth (forecast / observed)',
        format: '+.1f',
        title: 'Forecast growth per county',
        onSelect: (fips) => {
          const i = mapIndex.get(fips);
          if (countyOf(fips)) selectCounty(fips);
          mapSelection.textContent = i === undefined ? `${fips}: not in the forecast.` : `${describe(i)}${countyOf(fips) ? '' : ' (not among the fan-chart counties)'}.`;
        },
      });
      const onMap = new Set(libs.topology.objects.counties.geometries.map((g: { id: string }) => g.id));
      const off = fc.map.fips.filter((f) => !onMap.has(f));
      if (off.length) mapSelection.textContent = `${off.length} forecast count${off.length === 1 ? 'y is' : 'ies are'} not on the map (${off.slice(0, 5).join(', ')}${off.length > 5 ? ', …' : ''}). Click a county for its numbers.`;
    });

    const topBox = el('div', { class: 'chart', 'data-chart': 'top-counties' });
    section.append(
      el('figure', {}, [
        el('h3', {}, ['Top counties']),
        topBox,
        el('figcaption', {}, [
          `Counties with the largest forecast mean total; click a row to chart it. Median and 95 % interval of the simulated total over the ${h} forecast days (${fc.dates[0] ?? '–'} – ${fc.dates[fc.dates.length - 1] ?? '–'}), from the same realisations as the mean.`,
        ]),
      ]),
    );
    const hi = levelIndex(0.975);
    const lo = levelIndex(0.025);
    const mid = levelIndex(0.5);
    const drawTop = (): void =>
      guard('top-counties', topBox, () => {
        if (!fc.counties.length) return topBox.replaceChildren(note('No fan-chart counties in the forecast.'));
        const rows = fc.counties.map((c, rank) => {
          const i = mapIndex.get(c.fips);
          const q = c.totalQuantiles ?? [];
          const tr = el('tr', { 'data-fips': c.fips, class: c.fips === state.fips ? 'selected' : undefined }, [
            td(String(rank + 1), true),
            td(c.name),
            td(c.fips),
            td(i === undefined ? '–' : int(fc.map.observed[i]), true),
            td(i === undefined ? fmt(c.mean.reduce((s, v) => s + v, 0), 4) : fmt(fc.map.forecast[i], 4), true),
            td(i === undefined || !finite(fc.map.growth[i]) ? '–' : `× ${fmt(fc.map.growth[i], 3)}`, true),
            td(`${mid >= 0 ? fmt(q[mid], 4) : '–'} [${lo >= 0 ? fmt(q[lo], 4) : '–'} – ${hi >= 0 ? fmt(q[hi], 4) : '–'}]`, true),
          ]);
          tr.addEventListener('click', () => selectCounty(c.fips));
          return tr;
        });
        topBox.replaceChildren(
          table(['#', 'County', 'FIPS', `Observed, last ${h} d`, `Forecast mean, next ${h} d`, 'Growth', `Total, next ${h} d: median [95 % interval]`], rows, { class: 'data clickable' }),
        );
      });

    function selectCounty(fips: string): void {
      if (!countyOf(fips)) return;
      state.fips = fips;
      picker.value = fips;
      drawFan();
      drawR();
      drawTop();
      if (map) map.highlight([fips]);
    }
    picker.addEventListener('change', () => selectCounty(picker.value));
    if (state.fips) picker.value = state.fips;
    drawFan();
    drawR();
    drawTop();
    if (map && state.fips) (map as CountyMapHandle).highlight([state.fips]);
  }

  // ---- Backtest ---------------------------------------------------------------------------------
  if (bt) {
    const section = el('section', { id: 'backtest' }, [
      el('h2', {}, ['Backtest']),
      el('p', { class: 'intro' }, [
        `Walk-forward backtest: for each cut-off the models are trained on the data before it and forecast the next h days; scores compare the forecast totals of the h days with the truth, per county subset (counties ranked by counts on ${bt.rankDate}). MAE: mean absolute error of the window totals; PE: 100 · Σ|forecast − truth| / Σ truth; NDCG: ranking quality; coverage of the central 50 % / 95 % intervals; WIS: weighted interval score.`,
      ]),
    ]);
    root.append(section);
    const targetOrder = (t: string) => Math.max(0, bt.targets.indexOf(t as 'cases' | 'deaths'));
    const subsetRank = (s: string) => {
      const i = ['top10', 'top25', '25-50', 'all'].indexOf(s);
      return i < 0 ? 10 : i;
    };
    const modelRank = (m: string) => {
      const i = bt.models.indexOf(m);
      return i < 0 ? bt.models.length : i;
    };
    const groupKey = (s: { target: string; horizon: number; subset: string }) => `${s.target}|${s.horizon}|${s.subset}`;
    const scores = [...bt.scores].sort(
      (a, b) => targetOrder(a.target) - targetOrder(b.target) || a.horizon - b.horizon || subsetRank(a.subset) - subsetRank(b.subset) || (a.subset < b.subset ? -1 : a.subset > b.subset ? 1 : 0) || modelRank(a.model) - modelRank(b.model),
    );
    const subsets = [...new Set([...bt.scores.map((s) => s.subset), ...bt.windows.map((w) => w.subset)])].sort((a, b) => subsetRank(a) - subsetRank(b) || (a < b ? -1 : 1));
    const targets = bt.targets.length ? bt.targets : [...new Set(bt.scores.map((s) => s.target))];
    const horizons = bt.horizons.length ? bt.horizons : [...new Set(bt.scores.map((s) => s.horizon))].sort((a, b) => a - b);
    const sel = { target: targets[0] as string, horizon: horizons[0], subset: subsets.includes('top10') ? 'top10' : subsets[0] };

    // The claim: dynamic R (mobility / full) against constant R on MAE in the top counties.
    const claimBox = el('div', { class: 'claim', 'data-chart': 'claim' });
    section.append(el('h3', {}, ['Dynamic against constant R']), claimBox);
    guard('claim', claimBox, () => {
      const kind = (m: string): 'constant' | 'dynamic' | null => {
        const s = m.toLowerCase();
        if (s.includes('constant') || s === 'hawkes') return 'constant';
        if (s.includes('full') || s.includes('mobility') || s === 'hawkpr' || s === 'hawkpr_m' || s === 'hawkpr-m') return 'dynamic';
        return null;
      };
      const models = [...new Set([...bt.models, ...bt.scores.map((s) => s.model)])];
      const constant = models.find((m) => kind(m) === 'constant');
      const dynamic = models.filter((m) => kind(m) === 'dynamic');
      if (!constant || !dynamic.length) {
        claimBox.replaceChildren(note(`The scores hold no ${constant ? 'dynamic-R model (mobility / full)' : 'constant-R model'} to compare: nothing to say about dynamic against constant R.`));
        return;
      }
      const items: HTMLElement[] = [];
      const all: number[] = [];
      const score = (model: string, target: string, horizon: number, subset: string): HawkesReportScore | undefined =>
        bt.scores.find((s) => s.model === model && s.target === target && s.horizon === horizon && s.subset === subset);
      for (const target of targets) {
        for (const subset of subsets.filter((s) => s === 'top10' || s === 'top25')) {
          const parts: string[] = [];
          for (const model of dynamic) {
            const changes: Record<string, number> = {};
            const text: string[] = [];
            for (const horizon of horizons) {
              const a = score(model, target, horizon, subset);
              const b = score(constant, target, horizon, subset);
              if (!a || !b || !finite(a.mae) || !finite(b.mae) || b.mae <= 0) continue;
              const change = a.mae / b.mae - 1;
              changes[horizon] = change;
              all.push(change);
              text.push(`${signedPct(change)} at ${horizon} d`);
            }
            if (text.length) parts.push(`${model}: ${text.join(', ')}`);
            if (text.length) items.push(el('li', { 'data-target': target, 'data-subset': subset, 'data-model': model, 'data-changes': JSON.stringify(changes) }, [`${target[0].toUpperCase()}${target.slice(1)}, ${subsetLabel(subset)} counties — ${model} against ${constant}: MAE ${text.join(', ')}.`]));
          }
        }
      }
      if (!all.length) {
        claimBox.replaceChildren(note('No top-county scores of both a constant-R and a dynamic-R model at the same target and horizon.'));
        return;
      }
      const better = all.filter((v) => v < 0).length;
      const sorted = [...all].sort((a, b) => a - b);
      const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      const verdict =
        better === all.length && median <= -0.1
          ? 'holds here'
          : better === all.length
            ? 'holds only in direction here (the median gain is under 10 %)'
            : better === 0
              ? 'does not hold here'
              : 'is mixed here';
      claimBox.replaceChildren(
        el('p', { 'data-verdict': better === all.length && median <= -0.1 ? 'holds' : better === all.length ? 'weak' : better === 0 ? 'fails' : 'mixed' }, [
          `The paper’s claim — dynamic R (mobility / full) beats constant R by a clear margin on MAE in the top counties — ${verdict}: dynamic R has the lower MAE in ${better} of ${all.length} model × target × horizon × subset comparisons, median relative MAE change ${signedPct(median)} (negative = dynamic better; “a clear margin” read as every change negative and the median at −10 % or better).`,
        ]),
        el('ul', {}, items),
      );
    });

    const controlTarget = el('select', { 'data-control': 'bt-target', id: 'control-bt-target' }, targets.map((t) => el('option', { value: t }, [t]))) as HTMLSelectElement;
    const controlHorizon = el('select', { 'data-control': 'bt-horizon', id: 'control-bt-horizon' }, horizons.map((v) => el('option', { value: v }, [`${v} days`]))) as HTMLSelectElement;
    const controlSubset = el('select', { 'data-control': 'bt-subset', id: 'control-bt-subset' }, subsets.map((s) => el('option', { value: s }, [subsetLabel(s)]))) as HTMLSelectElement;
    const maeBox = el('div', { class: 'chart', 'data-chart': 'backtest-mae' });
    const maeTitle = el('h3', {}, ['MAE per cut-off']);
    section.append(
      el('div', { class: 'controls' }, [
        el('label', { for: 'control-bt-target' }, ['Target ', controlTarget]),
        el('label', { for: 'control-bt-horizon' }, ['Horizon ', controlHorizon]),
        el('label', { for: 'control-bt-subset' }, ['Counties ', controlSubset]),
      ]),
      el('figure', {}, [maeTitle, maeBox, el('figcaption', {}, ['Mean absolute error of the window totals over the subset’s counties, per cut-off (the first forecast day), one line per model.'])]),
    );

    const scoresBox = el('div', { class: 'chart', 'data-chart': 'scores' });
    section.append(
      el('figure', {}, [
        el('h3', {}, ['Scores']),
        scoresBox,
        el('figcaption', {}, ['One row per model × target × horizon × subset, averaged over the cut-offs. Bold green: the lowest MAE of its target × horizon × subset group. Highlighted rows: the group shown in the chart above; click a row to show its group there.']),
      ]),
    );

    const drawScores = (): void =>
      guard('scores', scoresBox, () => {
        if (!scores.length) return scoresBox.replaceChildren(note('No scores.'));
        const best = new Map<string, number>();
        for (const s of scores) if (finite(s.mae)) best.set(groupKey(s), Math.min(best.get(groupKey(s)) ?? Infinity, s.mae));
        let previous = '';
        const rows = scores.map((s) => {
          const g = groupKey(s);
          const isBest = finite(s.mae) && s.mae === best.get(g);
          const classes = [g !== previous ? 'group-start' : '', g === groupKey(sel) ? 'selected' : ''].filter(Boolean).join(' ');
          previous = g;
          const tr = el('tr', { class: classes || undefined, 'data-group': g, 'data-model': s.model, 'data-best': isBest ? 'true' : undefined }, [
            td(s.target),
            td(String(s.horizon), true),
            td(subsetLabel(s.subset)),
            td(s.model),
            td(String(s.windows), true),
            td(int(s.counties), true),
            td(fmt(s.mae, 4), true, { class: isBest ? 'best' : undefined }),
            td(finite(s.pe) ? `${s.pe.toFixed(1)} %` : '–', true),
            td(fmt(s.ndcg, 3), true),
            td(pct(s.coverage50, 0), true),
            td(pct(s.coverage95, 0), true),
            td(fmt(s.wis, 4), true),
          ]);
          tr.addEventListener('click', () => {
            sel.target = s.target;
            sel.horizon = s.horizon;
            sel.subset = s.subset;
            syncControls();
            drawMae();
            drawScores();
          });
          return tr;
        });
        scoresBox.replaceChildren(table(['Target', 'Horizon (d)', 'Counties', 'Model', 'Windows', 'n', 'MAE', 'PE', 'NDCG', 'Cov. 50 %', 'Cov. 95 %', 'WIS'], rows, { class: 'data clickable' }));
      });

    const drawMae = (): void =>
      guard('backtest-mae', maeBox, () => {
        maeTitle.textContent = `MAE per cut-off: ${sel.target}, ${sel.horizon}-day horizon, ${subsetLabel(sel.subset)} counties`;
        const rows = bt.windows
          .filter((w) => w.target === sel.target && w.horizon === sel.horizon && w.subset === sel.subset && finite(w.mae))
          .map((w) => ({ model: w.model, date: day(w.cutoff), mae: w.mae }))
          .sort((a, b) => modelRank(a.model) - modelRank(b.model) || +a.date - +b.date);
        maeBox.dataset.selection = groupKey(sel);
        maeBox.dataset.points = String(rows.length);
        if (!rows.length) return maeBox.replaceChildren(note(`No per-window MAE for ${sel.target}, ${sel.horizon} days, ${subsetLabel(sel.subset)}.`));
        const models = [...new Set(rows.map((r) => r.model))];
        maeBox.replaceChildren(
          Plot.plot({
            width,
            height: 280,
            marginLeft: 60,
            x: { type: 'utc', label: 'cut-off' },
            y: { label: 'MAE', grid: true, zero: true },
            color: { legend: true, domain: models, range: COLORS },
            marks: [
              Plot.line(rows, { x: 'date', y: 'mae', stroke: 'model', z: 'model', strokeWidth: 1.6 }),
              Plot.dot(rows, { x: 'date', y: 'mae', fill: 'model', r: 3.5, ariaDescription: 'window MAE' }),
              Plot.tip(rows, Plot.pointer({ x: 'date', y: 'mae', stroke: 'model', title: (d: { model: string; date: Date; mae: number }) => `${d.model}\ncut-off ${d.date.toISOString().slice(0, 10)}\nMAE ${fmt(d.mae, 4)}` })),
            ],
          }),
        );
      });

    function syncControls(): void {
      controlTarget.value = sel.target;
      controlHorizon.value = String(sel.horizon);
      controlSubset.value = sel.subset;
    }
    controlTarget.addEventListener('change', () => {
      sel.target = controlTarget.value;
      drawMae();
      drawScores();
    });
    controlHorizon.addEventListener('change', () => {
      sel.horizon = Number(controlHorizon.value);
      drawMae();
      drawScores();
    });
    controlSubset.addEventListener('change', () => {
      sel.subset = controlSubset.value;
      drawMae();
      drawScores();
    });
    syncControls();
    drawScores();
    drawMae();
  }

  if (!fit && !fc && !bt) root.append(note('This report holds no fit, forecast or backtest.'));
}
