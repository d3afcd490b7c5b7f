/** One forecast-simulation input of the hawkesSimulate / hawkesSimulatePaths tests. */
export interface SimCase {
  C: number;
  T: number;
  L: number;
  h: number;
  S: number;
  seed: number;
  counts: Float64Array;
  r: Float64Array;
  mu: Float64Array;
  w: Float64Array;
}
