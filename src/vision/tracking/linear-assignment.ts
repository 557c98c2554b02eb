/**
 * Minimum-cost rectangular assignment (shortest augmenting paths, Jonker–Volgenant style, after
 * Crouse, "On implementing 2D rectangular assignment algorithms", 2016 — the algorithm behind
 * scipy's `linear_sum_assignment`, including its tie-breaking, so per-frame metric matching
 * agrees with TrackEval).
 *
 * `cost` is row-major `rows × cols`, finite. Every row is assigned when rows ≤ cols, otherwise
 * every column. Returns `rowToCol` with -1 for unassigned rows.
 *
 * @example solveAssignment(Float64Array.of(4, 1, 2, 0), 2, 2) // Int32Array [1, 0]
 */
export function solveAssignment(cost: Float64Array, rows: number, cols: number): Int32Array {
  if (cost.length !== rows * cols) throw new RangeError(`cost has ${cost.length} values, expected ${rows}×${cols}`);
  const rowToCol = new Int32Array(rows).fill(-1);
  if (rows === 0 || cols === 0) return rowToCol;
  for (let i = 0; i < cost.length; i++) {
    if (!Number.isFinite(cost[i])) throw new RangeError('assignment cost matrix must be finite');
  }

  if (rows <= cols) return solveWide(cost, rows, cols);

  const transposed = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) transposed[j * rows + i] = cost[i * cols + j];
  const colToRow = solveWide(transposed, cols, rows);
  for (let j = 0; j < cols; j++) rowToCol[colToRow[j]] = j;
  return rowToCol;
}

/** Assigns every row (nr ≤ nc). */
function solveWide(cost: Float64Array, nr: number, nc: number): Int32Array {
  const u = new Float64Array(nr);
  const v = new Float64Array(nc);
  const shortest = new Float64Array(nc);
  const path = new Int32Array(nc).fill(-1);
  const colForRow = new Int32Array(nr).fill(-1);
  const rowForCol = new Int32Array(nc).fill(-1);
  const scannedRow = new Uint8Array(nr);
  const scannedCol = new Uint8Array(nc);
  const remaining = new Int32Array(nc);

  for (let curRow = 0; curRow < nr; curRow++) {
    let minVal = 0;
    let numRemaining = nc;
    // Reverse order makes a constant cost matrix resolve to the identity (as scipy does).
    for (let k = 0; k < nc; k++) remaining[k] = nc - k - 1;
    scannedRow.fill(0);
    scannedCol.fill(0);
    shortest.fill(Infinity);

    let i = curRow;
    let sink = -1;
    while (sink === -1) {
      let index = -1;
      let lowest = Infinity;
      scannedRow[i] = 1;
      const base = i * nc;
      for (let k = 0; k < numRemaining; k++) {
        const j = remaining[k];
        const r = minVal + cost[base + j] - u[i] - v[j];
        if (r < shortest[j]) {
          path[j] = i;
          shortest[j] = r;
        }
        // On ties prefer a free column: it ends the search sooner.
        if (shortest[j] < lowest || (shortest[j] === lowest && rowForCol[j] === -1)) {
          lowest = shortest[j];
          index = k;
        }
      }
      minVal = lowest;
      const j = remaining[index];
      if (rowForCol[j] === -1) sink = j;
      else i = rowForCol[j];
      scannedCol[j] = 1;
      remaining[index] = remaining[--numRemaining];
    }

    u[curRow] += minVal;
    for (let r = 0; r < nr; r++) {
      if (scannedRow[r] && r !== curRow) u[r] += minVal - shortest[colForRow[r]];
    }
    for (let c = 0; c < nc; c++) {
      if (scannedCol[c]) v[c] -= minVal - shortest[c];
    }

    let j = sink;
    for (;;) {
      const r = path[j];
      rowForCol[j] = r;
      const previous = colForRow[r];
      colForRow[r] = j;
      j = previous;
      if (r === curRow) break;
    }
  }
  return colForRow;
}
