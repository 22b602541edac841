import type { Rng, SavedTensor } from '@synthctr/runtime/light';
import {
  type CategoryValue,
  type Dataset,
  formatCategory,
  type SavedModel,
} from '@synthctr/tabular-schema';
import {
  chunkProgress,
  type FitContext,
  notify,
  type OutputColumns,
  Oversampler,
  savedConstraints,
  searchPool,
} from './base.js';
import { categoryNotices } from './features.js';
import { rowsOfClass, searchClass, vdmView } from './neighbours.js';
import {
  type ResolvedNeighbours,
  resolveNeighbours,
  resolveOversampler,
  resolveVdm,
  type SmotenOptions,
} from './options.js';
import { intArray, intTensor, numbersFromJson, numbersToJson, strategyFromJson } from './saved.js';
import { voteGroups } from './vote.js';

/** A feature column of the fitted schema and, for a numeric one, the value of each code. */
interface FeatureSlot {
  index: number;
  values: Float64Array | null;
}

/** What SMOTEN keeps per class: each row's distinct point, and each point's voted row. */
interface ClassState {
  rowPoint: Int32Array;
  votes: Int32Array;
}

/**
 * SMOTEN (Chawla et al. 2002, as imbalanced-learn implements it) for categorical tables.
 * The Value Difference Metric is fitted on every row and class; within the class being
 * oversampled each row's kNeighbors + 1 nearest rows (itself among the candidates) are found
 * exactly; each new row takes a uniformly drawn row of the class and, per feature, the most
 * common value among that row's neighbours (ties to the value that sorts first).
 *
 * Ties at equal distance go to the smaller row number, so a row with more than
 * kNeighbors + 1 rows at distance 0 gets the earliest of them, itself possibly not among
 * them. Porting note: the reference breaks these ties in argpartition order, which is
 * not reproducible; the distances of the neighbours are the same either way.
 */
export class Smoten extends Oversampler {
  readonly name = 'smoten';
  protected readonly method = 'SMOTEN';
  private readonly search: ResolvedNeighbours;
  private readonly vdm: { vdmK: number; vdmR: number };
  private features: FeatureSlot[] = [];
  private readonly perClass = new Map<number, ClassState>();

  constructor(options: SmotenOptions = {}) {
    super(resolveOversampler('SMOTEN', options));
    this.search = resolveNeighbours('SMOTEN', options);
    this.vdm = resolveVdm('SMOTEN', options);
  }

  /** A model saved with `save()`, ready to sample. */
  static load(saved: SavedModel): Smoten {
    const s = saved.state;
    const model = new Smoten({
      samplingStrategy: strategyFromJson(s.samplingStrategy),
      seed: s.seed as number,
      constraints: savedConstraints(saved),
      kNeighbors: s.kNeighbors as number,
      vdmK: s.vdmK as number,
      vdmR: s.vdmR as number,
    });
    model.restoreCommon(saved);
    const features = s.features as { index: number; values: (number | null)[] | null }[];
    model.features = features.map((f) => ({
      index: f.index,
      values: f.values ? numbersFromJson(f.values) : null,
    }));
    for (const code of model.prepared) {
      model.perClass.set(code, {
        rowPoint: intArray(saved.tensors[`class${code}.rowPoint`], `class${code}.rowPoint`),
        votes: intArray(saved.tensors[`class${code}.votes`], `class${code}.votes`),
      });
    }
    return model;
  }

  protected need(): { rows: number; reason: (value: CategoryValue, count: number) => string } {
    const k = this.search.kNeighbors;
    return {
      rows: k + 1,
      reason: (value, count) =>
        `class ${formatCategory(value)} has ${count} row${count === 1 ? '' : 's'}, but kNeighbors = ${k} needs at least ` +
        `kNeighbors + 1 = ${k + 1} rows in every class it samples (the neighbour search counts the row itself); ` +
        (count >= 2
          ? `set kNeighbors to ${count - 1} or less, or leave class ${formatCategory(value)} out of samplingStrategy.`
          : `leave class ${formatCategory(value)} out of samplingStrategy, or copy its row with RandomOverSampler.`),
    };
  }

  protected async prepare(data: Dataset, codes: number[], ctx: FitContext): Promise<void> {
    const view = vdmView(data, this.vdm.vdmK, this.vdm.vdmR);
    for (const notice of categoryNotices(
      data,
      view.features.map((f) => f.name),
      'SMOTEN',
    ))
      notify(ctx, notice);
    this.features = view.features.map((f) => ({
      index: data.columnNames.indexOf(f.name),
      values: f.values,
    }));
    const pool = searchPool(this.search.threads, ctx, 'SMOTEN');
    try {
      for (const code of codes) {
        const start = performance.now();
        const rows = rowsOfClass(view.labels, code);
        const progress = chunkProgress(ctx, code);
        const k = this.search.kNeighbors + 1;
        const nb = await searchClass(view, rows, k, this.search, pool, progress.onChunk);
        progress.finish();
        this.perClass.set(code, {
          rowPoint: nb.groups.rowPoint,
          votes: voteGroups(view.features, rows, nb),
        });
        this.prepared.add(code);
        const seconds = (performance.now() - start) / 1000;
        ctx.history.push({ class: code, rows: rows.length, points: nb.groups.nPoints, seconds });
      }
    } finally {
      await pool?.close();
    }
  }

  protected fillRow(code: number, rng: Rng, out: OutputColumns, i: number): void {
    const state = this.perClass.get(code)!;
    const point = state.rowPoint[rng.int(state.rowPoint.length)];
    const nf = this.features.length;
    for (let f = 0; f < nf; f++) {
      const slot = this.features[f];
      const c = state.votes[point * nf + f];
      out[slot.index][i] = slot.values ? slot.values[c] : c;
    }
  }

  protected saveState(): { state: Record<string, unknown>; tensors: Record<string, SavedTensor> } {
    const tensors: Record<string, SavedTensor> = {};
    const nf = this.features.length;
    for (const [code, st] of this.perClass) {
      tensors[`class${code}.rowPoint`] = intTensor(st.rowPoint);
      tensors[`class${code}.votes`] = intTensor(st.votes, [st.votes.length / Math.max(1, nf), nf]);
    }
    return {
      state: {
        kNeighbors: this.search.kNeighbors,
        vdmK: this.vdm.vdmK,
        vdmR: this.vdm.vdmR,
        features: this.features.map((f) => ({
          index: f.index,
          values: f.values ? numbersToJson(f.values) : null,
        })),
      },
      tensors,
    };
  }

  protected release(): void {
    this.perClass.clear();
    this.features = [];
  }
}
