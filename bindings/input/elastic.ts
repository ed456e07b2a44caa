// Elastic ranges, kept sparse while reading and expanded to the Model's dense unitCount ×
// resourceCount arrays only when an operation reads them (`share`). Most problems have no elastic
// units, and two dense Float64Arrays of a million units × 4 resources are 64 MB nobody would read.

export class SparseElastic {
  private readonly cells: number[] = [];
  private readonly maxima: number[] = [];
  private readonly weights: number[] = [];
  private dense: { max: Float64Array; weight: Float64Array } | null = null;

  constructor(private readonly cellCount: number) {}

  /** Cell = unit × resourceCount + resource; each cell is set at most once. */
  add(cell: number, max: number, weight: number): void {
    this.cells.push(cell);
    this.maxima.push(max);
    this.weights.push(weight);
  }

  /** Dense arrays: max −1 and weight 0 where a unit is not elastic in a resource. Built once. */
  expand(): { max: Float64Array; weight: Float64Array } {
    if (this.dense === null) {
      const max = new Float64Array(this.cellCount).fill(-1);
      const weight = new Float64Array(this.cellCount);
      for (let k = 0; k < this.cells.length; k++) {
        max[this.cells[k]] = this.maxima[k];
        weight[this.cells[k]] = this.weights[k];
      }
      this.dense = { max, weight };
    }
    return this.dense;
  }
}
