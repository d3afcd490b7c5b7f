/**
 * Browser-side renderer of the cluster-evolution report (James & Menzies, Chaos 30, 061108, 2020).
 *
 * `drawEvolutionReport` is ONE self-contained function: no imports at run time (the type import
 * below is erased by tsc), no references outside its body, so the page inlines it with
 * `String(drawEvolutionReport)` and calls it with the globals of the inlined Observable Plot and d3
 * UMD builds. Every chart container gets a `data-chart` attribute (the browser check counts its
 * marks). A part that cannot be drawn is replaced by a sentence; an unexpected failure of one
 * part is reported with console.error and does not stop the others.
 */
import type { EvolutionResult } from '../../evolution/evolution-result.js';

/** Options of the renderer (passed by the page, not part of the data). */
export interface DrawEvolutionOptions {
  /** Page heading (default "Cluster evolution of cases and deaths"). */
  title?: string;
  /** Rows of the membership heat maps: the most affected regions by lastCases (default 30). */
  countries?: number;
}

/**
 * Draw the whole report into `root`: header, k curves, membership heat maps, date dendrograms,
 * offsets (δ and Table I), anomalies (Table II) and lag-adjusted death rates.
 * Cost: O(T·countries) heat-map cells plus O(T) marks per curve.
 *
 * @example
 *   drawEvolutionReport(JSON.parse(document.getElementById('epikit-data').textContent), Plot, d3,
 *     document.getElementById('report'), { countries: 30 });
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function drawEvolutionReport(data: EvolutionResult, Plot: any, d3: any, root: HTMLElement, options: DrawEvolutionOptions = {}): void {
  type Attrs = Record<string, string | number | undefined>;
  const SERIES = [
    { key: 'cases', label: 'Cases', evo: data.cases },
    { key: 'deaths', label: 'Deaths', evo: data.deaths },
  ] as const;
  const MATRIX_LABELS: Record<string, string> = {
    gaussian1: 'Gaussian m = 1',
    gaussian2: 'Gaussian m = 2',
    gaussian3: 'Gaussian m = 3',
    adj: 'Adj',
    aff: 'Aff',
  };
  const MATRIX_ORDER = ['gaussian1', 'gaussian2', 'gaussian3', 'adj', 'aff'];
  const COLORS = { cases: '#1f77b4', deaths: '#d62728', raw: '#9aa5b1', smooth: '#ff7f0e', hat: '#2c3e50' };
  const dates = data.dates;
  const T = dates.length;
  const n = data.regions.length;
  const width = Math.max(640, Math.min(1120, root.clientWidth || 1120));
  const halfWidth = Math.floor((width - 24) / 2);

  /** Create an element with attributes and children (strings become text nodes: no HTML injection). */
  const el = (tag: string, attrs: Attrs = {}, children: (Node | string | null | undefined)[] = []): HTMLElement => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) node.setAttribute(k, String(v));
    for (const c of children) if (c !== null && c !== undefined) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
    return node;
  };
  const svgEl = (tag: string, attrs: Attrs = {}): SVGElement => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) node.setAttribute(k, String(v));
    return node;
  };
  const day = (s: string) => new Date(`${s}T00:00:00Z`);
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const fmt = (v: number, digits = 3) => (finite(v) ? Number(v.toPrecision(digits)).toLocaleString('en-US') : '–');
  const pct = (v: number | null) => (v === null || !finite(v) ? 'n/a' : v === 0 ? '0 %' : `${v * 100 >= 10 ? (v * 100).toFixed(1) : Number((v * 100).toPrecision(2))} %`);
  const note = (text: string) => el('p', { class: 'empty' }, [text]);

  /** A report section with a heading and an optional introduction. */
  const section = (id: string, heading: string, intro?: string): HTMLElement => {
    const s = el('section', { id }, [el('h2', {}, [heading]), intro ? el('p', { class: 'intro' }, [intro]) : null]);
    root.append(s);
    return s;
  };
  /** A figure: title, the chart container (data-chart=name) and a caption saying what it shows. */
  const figure = (parent: HTMLElement, name: string, title: string, caption: string, draw: () => Node | null, cls = ''): void => {
    const box = el('div', { class: 'chart', 'data-chart': name });
    const fig = el('figure', { class: cls || undefined }, [el('h3', {}, [title]), box, el('figcaption', {}, [caption])]);
    parent.append(fig);
    try {
      const node = draw();
      if (node) box.append(node);
    } catch (e) {
      console.error(`epikit report: cannot draw ${name}:`, e);
      box.append(note(`This chart could not be drawn (${e instanceof Error ? e.message : String(e)}).`));
    }
  };
  const part = (name: string, draw: () => void) => {
    try {
      draw();
    } catch (e) {
      console.error(`epikit report: cannot draw ${name}:`, e);
      root.append(note(`The ${name} part could not be drawn (${e instanceof Error ? e.message : String(e)}).`));
    }
  };

  // ---- Header -------------------------------------------------------------------------------
  part('header', () => {
    const first = dates[0] ?? '–';
    const last = dates[T - 1] ?? '–';
    const affFirst = data.consistency.find((c) => c.matrix === 'aff' && c.start === first) ?? data.consistency.find((c) => c.matrix === 'aff');
    const range = (k: number[]) => (k.length ? `${Math.min(...k)}–${Math.max(...k)}` : '–');
    const groups = (evo: EvolutionResult['cases']) => evo.dendrogram.groups.map((g) => `${g.start.slice(5)} – ${g.end.slice(5)}`).join(', ') || '–';
    const optionText = Object.entries(data.options)
      .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' · ');
    const timingText = Object.entries(data.timings)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(' · ');
    const row = (k: string, v: string) => [el('dt', {}, [k]), el('dd', {}, [v])];
    root.append(
      el('header', {}, [
        el('h1', {}, [options.title ?? 'Cluster evolution of cases and deaths']),
        el('p', { class: 'subtitle' }, [
          `Cluster-evolution method of James & Menzies (Chaos 30, 061108, 2020) on ${n} regions × ${T} days, ${first} to ${last}.`,
        ]),
        el('dl', { class: 'meta' }, [
          ...row('Source', data.source || '–'),
          ...row('Dates', `${first} – ${last} (${T} days)`),
          ...row('Regions', `${n}`),
          ...row('Backend', data.backend || '–'),
          ...row('Options', optionText || '–'),
          ...row('Timings', timingText || '–'),
        ]),
        el('div', { class: 'keys' }, [
          el('div', { class: 'key' }, [el('span', {}, ['series evolution offset δ']), el('strong', {}, [`${data.seriesOffset.delta} days`])]),
          el('div', { class: 'key' }, [
            el('span', {}, [`consistency offset τ (Aff${affFirst ? `, from ${affFirst.start}` : ''})`]),
            el('strong', {}, [affFirst && finite(affFirst.tau) ? `${affFirst.tau} days` : 'n/a']),
          ]),
          el('div', { class: 'key' }, [el('span', {}, ['k̂ range, cases / deaths']), el('strong', {}, [`${range(data.cases.kHat)} / ${range(data.deaths.kHat)}`])]),
          el('div', { class: 'key wide' }, [
            el('span', {}, ['contiguous date groups (mm-dd)']),
            el('strong', { class: 'small' }, [`cases: ${groups(data.cases)}`]),
            el('br'),
            el('strong', { class: 'small' }, [`deaths: ${groups(data.deaths)}`]),
          ]),
        ]),
      ]),
    );
  });

  // ---- 1. k curves ----------------------------------------------------------------------------
  part('k curves', () => {
    const s = section(
      'k-curves',
      '1. Number of clusters per day',
      'Each day the log counts are clustered for every candidate k; six validity indices each pick a best k, their mean is k_av(t). Exponential smoothing of k_av gives the smoothed curve, rounded (and capped by the distinct values) to k̂(t), the number of clusters used that day.',
    );
    const grid = el('div', { class: 'grid' });
    s.append(grid);
    for (const { key, label, evo } of SERIES) {
      figure(grid, `k-${key}`, `${label}: k_av, smoothed and k̂ per day`, `Grey dots: k_av(t), the mean of the indices' best k. Orange: exponentially smoothed k_av. Dark step line: k̂(t), the rounded number of clusters used to cluster the ${key} of day t.`, () => {
        const rows = dates.flatMap((d, t) => [
          { date: day(d), value: evo.kAv[t], curve: 'k_av (mean of the indices)' },
          { date: day(d), value: evo.smoothed[t], curve: 'smoothed k_av' },
          { date: day(d), value: evo.kHat[t], curve: 'k̂ (clusters used)' },
        ]).filter((r) => finite(r.value));
        if (!rows.length) return note('No k values.');
        return Plot.plot({
          width: halfWidth,
          height: 280,
          marginLeft: 44,
          x: { type: 'utc', label: 'date' },
          y: { label: 'number of clusters k', grid: true, domain: [0, Math.max(...rows.map((r) => r.value)) + 1] },
          color: { legend: true, domain: ['k_av (mean of the indices)', 'smoothed k_av', 'k̂ (clusters used)'], range: [COLORS.raw, COLORS.smooth, COLORS.hat] },
          marks: [
            Plot.dot(rows.filter((r) => r.curve.startsWith('k_av')), { x: 'date', y: 'value', fill: 'curve', r: 2.2 }),
            Plot.line(rows.filter((r) => r.curve.startsWith('smoothed')), { x: 'date', y: 'value', stroke: 'curve', strokeWidth: 1.6 }),
            Plot.line(rows.filter((r) => r.curve.startsWith('k̂')), { x: 'date', y: 'value', stroke: 'curve', strokeWidth: 2, curve: 'step-after' }),
            Plot.tip(rows, Plot.pointerX({ x: 'date', y: 'value', title: (r: { date: Date; value: number; curve: string }) => `${r.date.toISOString().slice(0, 10)}\n${r.curve}: ${fmt(r.value)}` })),
          ],
        });
      });
    }
  });

  // ---- 2. Membership heat maps ------------------------------------------------------------------
  part('heat maps', () => {
    const wanted = Math.max(1, Math.floor(options.countries ?? 30));
    const rows = data.regions
      .map((_, r) => r)
      .sort((a, b) => (data.lastCases[b] ?? 0) - (data.lastCases[a] ?? 0) || a - b)
      .slice(0, wanted);
    const s = section(
      'membership',
      '2. Cluster membership over time',
      `The ${rows.length} most affected regions (by cumulative cases on ${dates[T - 1] ?? 'the last date'}), one row each; each column is a day. Clusters are numbered by severity on each day: 1 = the cluster with the highest counts.`,
    );
    const label = (r: number) => {
      const name = data.names[r] || data.regions[r];
      return name.length > 22 ? `${name.slice(0, 21)}…` : name;
    };
    const yDomain = rows.map(label);
    const step = Math.max(1, Math.ceil(T / 12));
    for (const { key, label: seriesLabel, evo } of SERIES) {
      figure(s, `membership-${key}`, `${seriesLabel}: display cluster per region and day`, `Colour = cluster of the region's ${key} on that day, 1 (dark red) = the worst-hit cluster; the number of clusters on a day is k̂(t). Rows sorted by cumulative cases on the last date.`, () => {
        const cells = rows.flatMap((r) => dates.map((d, t) => ({ date: d, region: label(r), cluster: evo.display[t * n + r], k: evo.kHat[t] }))).filter((c) => finite(c.cluster));
        if (!cells.length) return note('No cluster memberships.');
        const kMax = Math.max(2, ...cells.map((c) => c.cluster));
        return Plot.plot({
          width,
          height: 40 + 60 + rows.length * 15,
          marginLeft: 150,
          marginBottom: 40,
          x: { type: 'band', domain: dates, label: 'date', ticks: dates.filter((_, t) => t % step === 0), tickFormat: (d: string) => d.slice(5), tickRotate: 0 },
          y: { domain: yDomain, label: null },
          color: { type: 'linear', scheme: 'YlOrRd', reverse: true, domain: [1, kMax], legend: true, label: 'display cluster (1 = worst)' },
          marks: [
            Plot.cell(cells, { x: 'date', y: 'region', fill: 'cluster', inset: 0.25, title: (c: { date: string; region: string; cluster: number; k: number }) => `${c.region}, ${c.date}\ncluster ${c.cluster} of ${c.k}` }),
          ],
        });
      });
    }
  });

  // ---- 3. Date dendrograms ----------------------------------------------------------------------
  part('dendrograms', () => {
    const s = section(
      'dendrograms',
      '3. Cluster evolution dendrograms of dates',
      `Dates are clustered hierarchically with the distance d(s, t) = ‖Adj(s) − Adj(t)‖_F between their co-membership matrices (${data.cases.dendrogram.method || 'average'} linkage). Leading days whose partitions are all identical are left out. The tree is cut into contiguous date groups (coloured).`,
    );
    const palette = ['#4e79a7', '#f28e2c', '#59a14f', '#e15759', '#76b7b2', '#edc949', '#af7aa1', '#ff9da7', '#9c755f', '#bab0ab'];
    for (const { key, label, evo } of SERIES) {
      const dendro = evo.dendrogram;
      const skipped = dendro.firstDay;
      figure(s, `dendrogram-${key}`, `${label}: dendrogram of dates`, `Leaves are the dates ${dates[dendro.firstDay] ?? ''} – ${dates[T - 1] ?? ''}${skipped > 0 ? ` (the first ${skipped === 1 ? 'day is' : `${skipped} days are`} left out: same partition as ${dates[0]})` : ''}; the height of a join is the linkage distance between the two groups of dates. Colours mark the contiguous date groups listed below the tree.`, () => {
        const L = dendro.linkage;
        const m = L.length / 4 + 1;
        const groupOf = (date: string) => dendro.groups.findIndex((g) => g.start <= date && date <= g.end);
        const wrap = el('div');
        const legend = el(
          'ul',
          { class: 'groups' },
          dendro.groups.map((g, i) =>
            el('li', {}, [el('span', { class: 'swatch', style: `background:${palette[i % palette.length]}` }), `${g.start} – ${g.end} (${g.size} day${g.size === 1 ? '' : 's'})`]),
          ),
        );
        if (L.length < 4) {
          wrap.append(note('Fewer than two dates to cluster: no dendrogram.'), legend);
          return wrap;
        }
        interface TreeNode { id: number; height: number; children?: TreeNode[]; x?: number; group?: number }
        const nodes: TreeNode[] = [];
        for (let i = 0; i < m; i++) nodes.push({ id: i, height: 0, group: groupOf(dates[dendro.firstDay + i]) });
        for (let k = 0; k < m - 1; k++) {
          const a = nodes[L[4 * k]];
          const b = nodes[L[4 * k + 1]];
          nodes.push({ id: m + k, height: L[4 * k + 2], children: [a, b], group: a.group === b.group ? a.group : -1 });
        }
        const top = nodes[nodes.length - 1];
        const hierarchy = d3.hierarchy(top, (d: TreeNode) => d.children);
        const leaves: { data: TreeNode }[] = hierarchy.leaves();
        const margin = { top: 16, right: 12, bottom: 70, left: 56 };
        const innerW = width - margin.left - margin.right;
        const innerH = 260;
        const stepX = innerW / leaves.length;
        leaves.forEach((leaf, i) => (leaf.data.x = (i + 0.5) * stepX));
        hierarchy.eachAfter((h: { data: TreeNode; children?: { data: TreeNode }[] }) => {
          if (h.children) h.data.x = (h.children[0].data.x! + h.children[1].data.x!) / 2;
        });
        const maxH = Math.max(...nodes.map((d) => d.height)) || 1;
        const y = d3.scaleLinear().domain([0, maxH]).nice().range([innerH, 0]);
        const svg = svgEl('svg', { width, height: innerH + margin.top + margin.bottom, viewBox: `0 0 ${width} ${innerH + margin.top + margin.bottom}`, class: 'dendrogram' });
        const g = svgEl('g', { transform: `translate(${margin.left},${margin.top})` });
        svg.append(g);
        const axis = svgEl('g');
        g.append(axis);
        d3.select(axis).call(d3.axisLeft(y).ticks(5)).call((a: any) => a.selectAll('.tick line').clone().attr('x2', innerW).attr('stroke-opacity', 0.08));
        const yLabel = svgEl('text', { x: -margin.left + 4, y: -4, 'font-size': 10, fill: '#444' });
        yLabel.textContent = '↑ ‖Adj(s) − Adj(t)‖_F (linkage height)';
        g.append(yLabel);
        const colorOf = (d: TreeNode) => (d.group !== undefined && d.group >= 0 ? palette[d.group % palette.length] : '#666');
        for (const d of nodes) {
          if (!d.children) continue;
          const [a, b] = d.children;
          const path = svgEl('path', {
            d: `M${a.x},${y(a.height)}V${y(d.height)}H${b.x}V${y(b.height)}`,
            fill: 'none',
            stroke: colorOf(d),
            'stroke-width': 1.3,
          });
          const title = svgEl('title');
          title.textContent = `height ${fmt(d.height, 4)}`;
          path.append(title);
          g.append(path);
        }
        const fontSize = Math.max(6, Math.min(10, stepX * 0.95));
        const every = Math.max(1, Math.ceil(7 / stepX));
        leaves.forEach((leaf, i) => {
          const date = dates[dendro.firstDay + leaf.data.id];
          g.append(svgEl('rect', { x: leaf.data.x! - stepX / 2, y: innerH + 2, width: stepX, height: 8, fill: colorOf(leaf.data) }));
          if (i % every !== 0) return;
          const text = svgEl('text', {
            transform: `translate(${leaf.data.x! + fontSize * 0.35},${innerH + 14}) rotate(-90)`,
            'text-anchor': 'end',
            'font-size': fontSize,
            fill: '#333',
          });
          text.textContent = date ? date.slice(5) : String(leaf.data.id);
          g.append(text);
        });
        const xLabel = svgEl('text', { x: innerW / 2, y: innerH + margin.bottom - 6, 'text-anchor': 'middle', 'font-size': 11, fill: '#444' });
        xLabel.textContent = `date (mm-dd, ${dates[dendro.firstDay]?.slice(0, 4) ?? ''}), in dendrogram order`;
        g.append(xLabel);
        wrap.append(svg, legend);
        return wrap;
      });
    }
  });

  // ---- 4. Offsets ---------------------------------------------------------------------------------
  part('offsets', () => {
    const s = section(
      'offsets',
      '4. Offsets between cases and deaths',
      'The series evolution offset δ is the shift that best aligns the k̂ curve of deaths with that of cases. The cluster consistency offset τ is the lag at which the affinity (or adjacency) matrices of deaths agree best with those of cases τ days earlier, for each start date of the analysis window and each matrix type (Table I of the paper).',
    );
    const grid = el('div', { class: 'grid' });
    s.append(grid);
    const so = data.seriesOffset;
    figure(grid, 'series-offset', 'Series evolution offset δ', `Mean absolute difference between k̂_cases(t) and k̂_deaths(t + δ) over the overlapping days, for each shift δ; the minimum (δ = ${so.delta} days) is marked.`, () => {
      const rows = so.deltas.map((d, i) => ({ delta: d, value: so.objective[i] })).filter((r) => finite(r.value));
      if (!rows.length) return note('No δ objective.');
      const best = rows.find((r) => r.delta === so.delta) ?? rows.reduce((a, b) => (b.value < a.value ? b : a));
      return Plot.plot({
        width: halfWidth,
        height: 280,
        marginLeft: 50,
        x: { label: 'δ (days deaths lag cases) →' },
        y: { label: '↑ mean |k̂_cases(t) − k̂_deaths(t + δ)|', grid: true, zero: true },
        marks: [
          Plot.ruleX([best.delta], { stroke: COLORS.deaths, strokeDasharray: '4,3' }),
          Plot.line(rows, { x: 'delta', y: 'value', stroke: COLORS.hat }),
          Plot.dot(rows, { x: 'delta', y: 'value', r: 1.8, fill: COLORS.hat }),
          Plot.dot([best], { x: 'delta', y: 'value', r: 5, stroke: COLORS.deaths, fill: 'white', strokeWidth: 2 }),
          Plot.text([best], { x: 'delta', y: 'value', text: () => `δ = ${best.delta}`, dy: -12, fill: COLORS.deaths, fontWeight: 'bold' }),
        ],
      });
    });
    figure(grid, 'k-aligned', 'k̂ curves aligned by δ', `k̂ of cases on day t and k̂ of deaths on day t + δ (δ = ${so.delta}), plotted at t: when δ is right the two curves overlap.`, () => {
      const rows = dates.flatMap((d, t) => [
        { date: day(d), value: data.cases.kHat[t], curve: 'cases k̂(t)' },
        { date: day(d), value: t + so.delta >= 0 && t + so.delta < T ? data.deaths.kHat[t + so.delta] : NaN, curve: `deaths k̂(t + ${so.delta})` },
      ]).filter((r) => finite(r.value));
      if (!rows.length) return note('No k̂ values.');
      return Plot.plot({
        width: halfWidth,
        height: 280,
        marginLeft: 44,
        x: { type: 'utc', label: 'date t' },
        y: { label: '↑ k̂', grid: true, zero: true },
        color: { legend: true, range: [COLORS.cases, COLORS.deaths] },
        marks: [Plot.line(rows, { x: 'date', y: 'value', stroke: 'curve', curve: 'step-after', strokeWidth: 1.8 })],
      });
    });

    const starts = [...new Set(data.consistency.map((c) => c.start))];
    const matrices = [...new Set(data.consistency.map((c) => c.matrix))].sort((a, b) => MATRIX_ORDER.indexOf(a) - MATRIX_ORDER.indexOf(b));
    const grid2 = el('div', { class: 'grid' });
    s.append(grid2);
    if (!starts.length) s.append(note('No consistency offsets were computed.'));
    for (const start of starts) {
      figure(grid2, `consistency-${start}`, `Consistency objective over τ, from ${start}`, 'Normalised total difference between the cases matrices on day t and the deaths matrices on day t + τ, one line per matrix type, each rescaled to [0, 1] (its minimum → 0, maximum → 1) so the curves share an axis; circles mark each curve\'s minimum τ.', () => {
        const curves = data.consistency.filter((c) => c.start === start);
        const rows = curves.flatMap((c) => {
          const vals = c.objective.filter(finite);
          const lo = Math.min(...vals);
          const hi = Math.max(...vals);
          return c.objective.map((v, tau) => ({ tau, value: finite(v) ? (hi > lo ? (v - lo) / (hi - lo) : 0) : NaN, raw: v, matrix: MATRIX_LABELS[c.matrix] ?? c.matrix })).filter((r) => finite(r.value));
        });
        if (!rows.length) return note('No objective values for this start date.');
        const minima = curves.filter((c) => finite(c.tau)).map((c) => rows.find((r) => r.matrix === (MATRIX_LABELS[c.matrix] ?? c.matrix) && r.tau === c.tau)).filter((r) => r !== undefined);
        return Plot.plot({
          width: halfWidth,
          height: 280,
          marginLeft: 44,
          x: { label: 'τ (days deaths lag cases) →' },
          y: { label: '↑ objective (rescaled per matrix)', grid: true, domain: [0, 1] },
          color: { legend: true, domain: matrices.map((mx) => MATRIX_LABELS[mx] ?? mx), scheme: 'Tableau10' },
          marks: [
            Plot.line(rows, { x: 'tau', y: 'value', stroke: 'matrix', strokeWidth: 1.5 }),
            Plot.dot(minima, { x: 'tau', y: 'value', stroke: 'matrix', fill: 'white', r: 4.5, strokeWidth: 2, title: (r: { matrix: string; tau: number; raw: number }) => `${r.matrix}: τ = ${r.tau} (objective ${fmt(r.raw, 4)})` }),
          ],
        });
      });
    }
    figure(s, 'offset-table', 'Table I: optimal consistency offset τ (days)', 'One row per start date of the analysis window, one column per matrix type: the τ minimising the consistency objective (deaths lag cases by τ days).', () => {
      if (!starts.length) return note('No consistency offsets were computed.');
      const table = el('table', { class: 'data' });
      table.append(el('thead', {}, [el('tr', {}, [el('th', {}, ['start date']), ...matrices.map((mx) => el('th', {}, [MATRIX_LABELS[mx] ?? mx]))])]));
      const body = el('tbody');
      for (const start of starts) {
        body.append(
          el('tr', {}, [
            el('th', {}, [start]),
            ...matrices.map((mx) => {
              const c = data.consistency.find((x) => x.start === start && x.matrix === mx);
              return el('td', { class: 'num' }, [c && finite(c.tau) ? String(c.tau) : '–']);
            }),
          ]),
        );
      }
      table.append(body);
      return table;
    }, 'narrow');
  });

  // ---- 5. Anomalies -----------------------------------------------------------------------------
  part('anomalies', () => {
    const a = data.anomalies;
    const top = Math.max(0, ...a.dates.map((d) => d.top.length));
    const s = section(
      'anomalies',
      '5. Most anomalous regions',
      `Anomaly score a_j(t) = Σ_i |Aff_cases,ij − Aff_deaths,ij| at offset τ = ${a.tau} days on the ${MATRIX_LABELS[a.matrix] ?? a.matrix} matrices: large when a region's deaths are out of line with its cases τ days earlier (too many or too few). Only regions with at least ${a.minCases.toLocaleString('en-US')} cases on the last date are ranked.`,
    );
    figure(s, 'anomalies', 'Table II: most anomalous regions per date', 'Each row is a date, A1 = the most anomalous region. Each cell: region, anomaly score a, and lag-adjusted death rate LDR = deaths(t) / cases(t − τ); red cells have LDR ≥ 10 %, blue cells LDR < 1 %.', () => {
      if (!a.dates.length || top === 0) return note('No anomaly dates (no date with scores, or no region above the case threshold).');
      const table = el('table', { class: 'data anomalies' });
      table.append(el('thead', {}, [el('tr', {}, [el('th', {}, ['date']), ...Array.from({ length: top }, (_, i) => el('th', {}, [`A${i + 1}`]))])]));
      const body = el('tbody');
      for (const row of a.dates) {
        body.append(
          el('tr', {}, [
            el('th', {}, [row.date]),
            ...Array.from({ length: top }, (_, i) => {
              const r = row.top[i];
              if (!r) return el('td', {}, ['']);
              const cls = r.ldr !== null && r.ldr >= 0.1 ? 'high' : r.ldr !== null && r.ldr < 0.01 ? 'low' : undefined;
              return el('td', { class: cls, title: `${r.name} (${r.region})` }, [el('strong', {}, [r.name || r.region]), el('br'), el('span', { class: 'small' }, [`a = ${fmt(r.score)}`]), el('br'), el('span', { class: 'small' }, [`LDR ${pct(r.ldr)}`])]);
            }),
          ]),
        );
      }
      table.append(body);
      return table;
    });
  });

  // ---- 6. LDR ------------------------------------------------------------------------------------
  part('LDR', () => {
    const l = data.ldr;
    const s = section(
      'ldr',
      '6. Lag-adjusted death rates',
      `LDR_j(t) = deaths_j(t) / cases_j(t − τ) with τ = ${l.tau} days, cumulative counts: the share of the cases of τ days earlier that have died by t. It can exceed 100 %.`,
    );
    figure(s, 'ldr', `LDR of selected regions (τ = ${l.tau} days)`, 'One line per region, logarithmic scale; days where the LDR is undefined (no cases τ days earlier) or zero (no deaths yet) are left out. Labels at the right give each region\'s last value.', () => {
      const rows = l.regions.flatMap((id, i) =>
        (l.values[i] ?? []).map((v, t) => ({ date: day(dates[t]), value: v === null ? NaN : v * 100, name: l.names[i] || id })).filter((r) => finite(r.value) && r.value > 0),
      );
      if (!rows.length) return note('No positive lag-adjusted death rates for the chosen regions.');
      const names = [...new Set(rows.map((r) => r.name))];
      // End labels: last value per region, nudged apart vertically (in log10 units) so they do not overlap.
      const height = 360;
      const logs = rows.map((r) => Math.log10(r.value));
      const span = Math.max(1, Math.max(...logs) - Math.min(...logs));
      const gap = (12 * span) / (height - 60);
      const labels = names
        .map((name) => {
          const own = rows.filter((r) => r.name === name);
          const lastRow = own[own.length - 1];
          return { name, date: lastRow.date, value: lastRow.value, at: Math.log10(lastRow.value) };
        })
        .sort((a, b) => a.at - b.at);
      labels.forEach((l, i) => {
        if (i > 0) l.at = Math.max(l.at, labels[i - 1].at + gap);
      });
      return Plot.plot({
        width,
        height,
        marginLeft: 54,
        marginRight: 130,
        x: { type: 'utc', label: 'date' },
        y: { type: 'log', label: '↑ LDR (%, log scale)', grid: true },
        color: { legend: true, domain: names, scheme: 'Tableau10' },
        marks: [
          Plot.line(rows, { x: 'date', y: 'value', stroke: 'name', strokeWidth: 1.6 }),
          Plot.dot(labels, { x: 'date', y: 'value', fill: 'name', r: 2.5 }),
          Plot.text(labels, { x: 'date', y: (l: { at: number }) => 10 ** l.at, text: (l: { name: string; value: number }) => `${l.name} ${fmt(l.value, 2)} %`, fill: 'name', dx: 6, textAnchor: 'start', fontSize: 10 }),
          Plot.tip(rows, Plot.pointer({ x: 'date', y: 'value', title: (r: { date: Date; value: number; name: string }) => `${r.name}, ${r.date.toISOString().slice(0, 10)}\nLDR ${fmt(r.value, 3)} %` })),
        ],
      });
    });
  });
}
