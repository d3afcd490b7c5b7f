/**
 * Optimal assignment (the linear assignment problem) by the Hungarian algorithm in its
 * shortest-augmenting-path form with row and column potentials (Kuhn 1955, Munkres 1957;
 * the O(n²m) formulation of Jonker & Volgenant 1987). Used by NMFk to match each restart's
 * signals to the centroids (/work/shared/reference/nmfk-and-ensemble.md §1.3: NMFk.jl uses a
 * greedy assignment there; the issue asks for the optimal one).
 */
import { EpikitError } from '../errors.js';
import { finitePoints, type Points } from '../validate.js';

export interface OptimalAssignmentOptions {
  /** Maximise the total instead of minimising it (default false). */
  maximize?: boolean;
}

export interface OptimalAssignment {
  /** Column assigned to each row, or −1 for the rows left over when rows > columns. */
  rowToColumn: Int32Array;
  /** Row assigned to each column, or −1 for the columns left over when columns > rows. */
  columnToRow: Int32Array;
  /** Sum of the costs of the assigned pairs. */
  total: number;
}

/**
 * The assignment of rows to columns of a cost matrix that minimises (or maximises) the
 * summed cost, every row and every column used at most once and min(rows, cols) pairs made.
 * Rectangular matrices are allowed: with more rows than columns, some rows stay unassigned.
 *
 * Among optimal assignments of equal total, the one returned is deterministic (it depends
 * only on the matrix), but not otherwise specified.
 *
 * Complexity: O(r²·c) time for r = min(rows, cols), c = max(rows, cols) (O(k³) for a square
 * k × k matrix), O(rows·cols) memory.
 *
 * @param cost rows × cols finite costs: number[][] (equal rows), an ml-matrix Matrix, or
 *   { data, rows, cols } packed row-major.
 * @example
 * const a = optimalAssignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]]);
 * a.rowToColumn; // Int32Array [1, 0, 2]
 * a.total;       // 5
 * optimalAssignment([[0.9, 0.1], [0.2, 0.8]], { maximize: true }).rowToColumn; // [0, 1]
 * @throws EpikitError E_INPUT_EMPTY (no rows or columns), E_INPUT_SHAPE (ragged rows, data
 *   length ≠ rows × cols), E_INPUT_NAN (NaN or ±Infinity cost), E_INPUT_TYPE (not numbers).
 */
export function optimalAssignment(cost: Points, options: OptimalAssignmentOptions = {}): OptimalAssignment {
  if (Array.isArray(cost) && cost.length === 0) {
    throw new EpikitError('E_INPUT_EMPTY', 'cost is empty: expected a matrix with at least one row', { argument: 'cost' });
  }
  if (Array.isArray(cost) && !Array.isArray(cost[0]) && !ArrayBuffer.isView(cost[0])) {
    throw new EpikitError('E_INPUT_SHAPE', 'cost must be a matrix (rows of numbers), got a flat array', { argument: 'cost' });
  }
  const { data, n, d } = finitePoints('cost', cost);
  return assignRowsToColumns(data, n, d, options.maximize === true);
}

/**
 * {@link optimalAssignment} on a packed row-major rows × cols Float64Array, without input
 * validation (the caller guarantees finite values and a matching length). The input is not
 * modified.
 *
 * @example
 * assignRowsToColumns(Float64Array.of(1, 0, 0, 1), 2, 2, true).rowToColumn; // [0, 1]
 */
export function assignRowsToColumns(cost: Float64Array, rows: number, cols: number, maximize = false): OptimalAssignment {
  const rowToColumn = new Int32Array(rows).fill(-1);
  const columnToRow = new Int32Array(cols).fill(-1);
  // Work with r ≤ c: transpose the view when there are more rows than columns.
  const transposed = rows > cols;
  const r = transposed ? cols : rows;
  const c = transposed ? rows : cols;
  const sign = maximize ? -1 : 1;
  const at = transposed ? (i: number, j: number) => sign * cost[j * cols + i] : (i: number, j: number) => sign * cost[i * cols + j];

  // 1-based arrays as in the classic formulation; index 0 is the virtual column/row.
  const u = new Float64Array(r + 1); // row potentials
  const v = new Float64Array(c + 1); // column potentials
  const match = new Int32Array(c + 1); // match[j] = row (1-based) holding column j, 0 = free
  const way = new Int32Array(c + 1); // previous column on the alternating path
  const minv = new Float64Array(c + 1);
  const used = new Uint8Array(c + 1);

  for (let i = 1; i <= r; i++) {
    // Grow a shortest alternating path (reduced costs ≥ 0) from row i to a free column.
    match[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = match[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= c; j++) {
        if (used[j]) continue;
        const reduced = at(i0 - 1, j - 1) - u[i0] - v[j];
        if (reduced < minv[j]) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      // Dual update keeps reduced costs non-negative and tight along the tree.
      for (let j = 0; j <= c; j++) {
        if (used[j]) {
          u[match[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (match[j0] !== 0);
    // Flip the path.
    do {
      const j1 = way[j0];
      match[j0] = match[j1];
      j0 = j1;
    } while (j0 !== 0);
  }

  let total = 0;
  for (let j = 1; j <= c; j++) {
    if (match[j] === 0) continue;
    const i = match[j] - 1;
    const col = j - 1;
    if (transposed) {
      rowToColumn[col] = i;
      columnToRow[i] = col;
    } else {
      rowToColumn[i] = col;
      columnToRow[col] = i;
    }
  }
  for (let i = 0; i < rows; i++) if (rowToColumn[i] >= 0) total += cost[i * cols + rowToColumn[i]];
  return { rowToColumn, columnToRow, total };
}
