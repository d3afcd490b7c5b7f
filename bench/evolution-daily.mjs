// Cluster evolution, daily k selection (James & Menzies 2020) on the embedded data
// (data/countries-2020/owid-2020-04.csv: 207 entities × 122 days, 2019-12-31..2020-04-30):
// per day, Ckmeans partitions for k = 1..21 (capped at the distinct values) and the six
// NbClust indices for k = 2..20, native vs WebAssembly kernels. No peer: NbClust (R) cannot
// score external partitions.
import { clusterDays, dailyClusters, loadDefaultCountrySeries, logCounts, seriesOffset, smoothK } from '../dist/index.js';

export const title = 'Cluster evolution: daily k selection (Ckmeans + six NbClust indices), embedded 2020 country data';

/** The whole daily pipeline for both series: k selection, smoothing, clustering, offset δ. */
function pipeline(cases, deaths, backend) {
  const dc = dailyClusters(cases, { backend });
  const dd = dailyClusters(deaths, { backend });
  const kc = smoothK(dc.kAv, { nUnique: dc.nUnique }).kHat;
  const kd = smoothK(dd.kAv, { nUnique: dd.nUnique }).kHat;
  clusterDays(cases, kc, { backend });
  clusterDays(deaths, kd, { backend });
  return seriesOffset(kc, kd).delta;
}

export async function cases() {
  const series = await loadDefaultCountrySeries();
  const cases = logCounts(series.cases);
  const deaths = logCounts(series.deaths);
  const shape = `${cases.T} days × ${cases.n} regions`;
  return [
    {
      name: `dailyClusters, cases (${shape}, k = 2..20)`,
      tasks: {
        native: () => dailyClusters(cases, { backend: 'native' }),
        wasm: () => dailyClusters(cases, { backend: 'wasm' }),
      },
    },
    {
      name: `dailyClusters, deaths (${shape}, k = 2..20)`,
      tasks: {
        native: () => dailyClusters(deaths, { backend: 'native' }),
        wasm: () => dailyClusters(deaths, { backend: 'wasm' }),
      },
    },
    {
      name: `cases + deaths: k selection, smoothing, clusterDays, seriesOffset (${shape})`,
      tasks: {
        native: () => pipeline(cases, deaths, 'native'),
        wasm: () => pipeline(cases, deaths, 'wasm'),
      },
    },
  ];
}
