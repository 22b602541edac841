import { Adam, Rng, type RngState } from '@synthctr/runtime';
import {
  type BaseFitOptions,
  buildDataset,
  type CategoryValue,
  ConditionError,
  ConstraintSet,
  type Dataset,
  DataTransformer,
  type DataTransformerState,
  type FitReport,
  formatCategory,
  isCoded,
  modelledColumns,
  resolveConditions,
  type SampleOptions,
  type SavedConstraintSet,
  type SavedModel,
  type Schema,
  type Synthesizer,
  sampleByGroups,
} from '@synthctr/tabular-schema';
import { TvaeError } from './errors.js';
import { buildNetwork, type TvaeNetwork } from './network.js';
import {
  type ResolvedTvaeOptions,
  resolveOptions,
  type TvaeFitOptions,
  type TvaeOptions,
} from './options.js';
import { decodeRows } from './sample.js';
import { effectiveBatch, type LoopState, type TrainingRows, trainLoop } from './train.js';

const FORMAT_VERSION = 1;

interface Fitted {
  transformer: DataTransformer;
  constraints: ConstraintSet;
  /** The schema the model works in (constrained columns merged). */
  schema: Schema;
  net: TvaeNetwork;
  /** Label code frequencies of the training table (conditional form). */
  labelCounts: number[] | null;
}

/**
 * The Tabular VAE (Xu et al. 2019) on TensorFlow.js, by default label-conditional: the label is
 * fed to encoder and decoder, so `sample(n, { conditions: { label: v } })` decodes exactly n rows
 * of label v. With `conditional: false` it is the reference's unconditional model, which meets
 * conditions by keeping matching rows within a bounded number of rounds.
 */
export class Tvae implements Synthesizer {
  readonly name = 'tvae';
  private readonly options: ResolvedTvaeOptions;
  private readonly constraintList: TvaeOptions['constraints'];
  private fittedState: Fitted | null = null;
  private rng: Rng;
  private loop: LoopState = { epoch: 0, steps: 0, history: [] };

  constructor(options: TvaeOptions = {}) {
    this.options = resolveOptions(options);
    this.constraintList = options.constraints;
    this.rng = new Rng(this.options.seed).fork('sample');
  }

  get fitted(): boolean {
    return this.fittedState !== null;
  }

  /** Trains on `data` (every row every epoch); resumes from `resumeFrom` when given. */
  async fit(data: Dataset, options: BaseFitOptions & TvaeFitOptions = {}): Promise<FitReport> {
    const started = Date.now();
    const notices: FitReport['notices'] = [];
    const onNotice = (n: FitReport['notices'][number]) => {
      notices.push(n);
      options.onNotice?.(n);
    };
    if (data.nRows === 0)
      throw new TvaeError('tvae.fit: the table has no rows; pass at least one row.');
    this.dispose();
    const root = new Rng(this.options.seed);
    const constraints = ConstraintSet.fit(this.constraintList, data);
    const merged = constraints.merge(data);
    const label = this.options.conditional ? merged.label : null;
    const columns = modelledColumns(merged.schema).filter((c) => c !== label);
    if (columns.length === 0)
      throw new TvaeError(
        'tvae.fit: there is no column to model besides the label and id columns.',
      );
    const transformer = DataTransformer.fit(merged, { columns, seed: root.fork('transform') });
    const labels = label ? merged.labelCodes() : null;
    const nLabels = label ? categoriesOf(merged.schema, label).length : 0;
    const net = buildNetwork(transformer.layout, nLabels, this.options, root.fork('init'));
    const optimizer = new Adam(net.store.trainable(), {
      learningRate: this.options.learningRate,
      weightDecay: this.options.l2scale,
    });
    const rows: TrainingRows = {
      rows: transformer.transformSparse(merged, root.fork('modes')),
      labels,
      width: transformer.layout.width,
    };
    const labelCounts = labels ? countCodes(labels, nLabels) : null;
    this.fittedState = { transformer, constraints, schema: merged.schema, net, labelCounts };
    this.loop = { epoch: 0, steps: 0, history: [] };
    const trainRng = options.resumeFrom
      ? this.restoreTraining(options.resumeFrom, optimizer)
      : root.fork('train');
    const batch = effectiveBatch(data.nRows, this.options.batchSize, onNotice);
    try {
      trainLoop(
        net,
        transformer.layout,
        optimizer,
        rows,
        this.options,
        batch,
        trainRng,
        this.loop,
        {
          onProgress: options.onProgress,
          afterEpoch: (state) => {
            const every = options.checkpointEvery ?? 0;
            if (every > 0 && options.onCheckpoint && state.epoch % every === 0) {
              options.onCheckpoint(this.checkpoint(optimizer, trainRng));
            }
          },
        },
      );
    } finally {
      optimizer.dispose();
    }
    return {
      steps: this.loop.steps,
      epochs: this.loop.epoch,
      seconds: (Date.now() - started) / 1000,
      history: this.loop.history.map((h) => ({ ...h })),
      notices,
    };
  }

  /** Draws n rows with the real schema; label conditions are exact in the conditional form. */
  async sample(n: number, options: SampleOptions = {}): Promise<Dataset> {
    const f = this.requireFitted('sample');
    if (!Number.isInteger(n) || n < 0)
      throw new TvaeError(`tvae.sample: n must be a non-negative integer, got ${n}.`);
    const rng = options.seed === undefined ? this.rng : new Rng(options.seed);
    const conditions = f.constraints.conditions(options.conditions, n, rng);
    const groups = resolveConditions(f.schema, n, conditions);
    const merged = await sampleByGroups(groups, n, rng, (count, codes, r) =>
      this.sampleGroup(f, count, codes, r),
    );
    return f.constraints.split(merged);
  }

  private sampleGroup(f: Fitted, count: number, codes: Record<string, number>, rng: Rng): Dataset {
    const label = f.labelCounts ? f.schema.label! : null;
    const labelCode = label !== null && label in codes ? codes[label] : undefined;
    const others = Object.entries(codes).filter(([name]) => name !== label);
    if (others.length === 0) return this.draw(f, count, labelCode, rng);
    const kept: Dataset[] = [];
    let have = 0;
    let drawn = 0;
    for (let round = 0; round < this.options.maxConditionRounds && have < count; round++) {
      const batch = this.draw(f, Math.max(count - have, 100) * 2, labelCode, rng);
      drawn += batch.nRows;
      const match = batch.filter((i) =>
        others.every(([name, code]) => batch.codes(name)[i] === code),
      );
      const take = match.slice(0, count - have);
      kept.push(take);
      have += take.nRows;
    }
    if (have < count) {
      const what = others
        .map(([name, code]) => `${name}=${formatCategory(categoriesOf(f.schema, name)[code])}`)
        .join(', ');
      throw new ConditionError(
        `tvae.sample: only ${have} of ${count} rows met ${what} in ${this.options.maxConditionRounds} rounds ` +
          `(${drawn} rows drawn, raw rate ${(have / Math.max(1, drawn)).toFixed(4)}); the value is too rare for reject ` +
          `sampling. ${this.options.conditional ? 'Condition on the label only' : 'Use conditional: true to condition on the label exactly'}, or raise maxConditionRounds.`,
      );
    }
    return kept[0].concat(...kept.slice(1));
  }

  /** n decoded rows in the model's schema, with the label fixed (code) or drawn from its frequencies. */
  private draw(f: Fitted, n: number, labelCode: number | undefined, rng: Rng): Dataset {
    let labels: Int32Array | null = null;
    if (f.labelCounts) {
      labels = new Int32Array(n);
      for (let i = 0; i < n; i++) labels[i] = labelCode ?? rng.categorical(f.labelCounts);
    }
    const parts = decodeRows(
      f.net,
      f.transformer,
      n,
      labels,
      this.options.categoricalDecoding,
      this.options.embeddingDim,
      rng,
    );
    const modelled = parts.length > 0 ? parts[0].concat(...parts.slice(1)) : null;
    const columns: Record<string, ArrayLike<number>> = {};
    for (const col of f.schema.columns) {
      if (col.kind === 'id') continue;
      if (labels && col.name === f.schema.label) columns[col.name] = labels;
      else if (modelled)
        columns[col.name] =
          'categories' in col ? modelled.codes(col.name) : modelled.values(col.name);
      else columns[col.name] = new Float64Array(0);
    }
    return buildDataset(f.schema, columns, n, {
      enforceBounds: this.options.enforceBounds,
      enforceRounding: this.options.enforceRounding,
    });
  }

  /** The fitted model as plain data (options, transformer, constraints, weights, stream). */
  save(): SavedModel {
    const f = this.requireFitted('save');
    return {
      kind: 'tvae',
      formatVersion: FORMAT_VERSION,
      schema: f.constraints.schema,
      state: {
        options: this.options,
        transformer: f.transformer.toJSON(),
        constraints: f.constraints.toJSON(),
        modelSchema: f.schema,
        labelCounts: f.labelCounts,
        loop: this.loop,
      },
      rng: this.rng.state(),
      tensors: f.net.store.save(),
    };
  }

  /** A fitted model from {@link Tvae.save}'s output; it samples exactly as the saved one would. */
  static load(saved: SavedModel): Tvae {
    if (saved.kind !== 'tvae')
      throw new TvaeError(`Tvae.load: the saved model is a '${saved.kind}', not a 'tvae'.`);
    const state = saved.state as {
      options: ResolvedTvaeOptions;
      transformer: DataTransformerState;
      constraints: SavedConstraintSet;
      modelSchema: Schema;
      labelCounts: number[] | null;
      loop: LoopState;
    };
    const model = new Tvae(state.options);
    const transformer = DataTransformer.fromJSON(state.transformer);
    const nLabels = state.labelCounts?.length ?? 0;
    const net = buildNetwork(transformer.layout, nLabels, state.options, new Rng(0));
    net.store.load(saved.tensors);
    model.fittedState = {
      transformer,
      constraints: ConstraintSet.fromJSON(state.constraints),
      schema: state.modelSchema,
      net,
      labelCounts: state.labelCounts,
    };
    model.loop = state.loop;
    model.rng = Rng.fromState(saved.rng);
    return model;
  }

  /** Frees the weights. */
  dispose(): void {
    this.fittedState?.net.store.dispose();
    this.fittedState = null;
  }

  private checkpoint(optimizer: Adam, trainRng: Rng): SavedModel {
    const saved = this.save();
    const opt = optimizer.save();
    saved.state.optimizer = { t: opt.t, learningRate: opt.learningRate };
    saved.state.trainRng = trainRng.state();
    opt.m.forEach((m, i) => {
      saved.tensors[`adam.m.${i}`] = m;
    });
    opt.v.forEach((v, i) => {
      saved.tensors[`adam.v.${i}`] = v;
    });
    return saved;
  }

  private restoreTraining(saved: SavedModel, optimizer: Adam): Rng {
    const f = this.fittedState!;
    const state = saved.state as {
      loop: LoopState;
      optimizer?: { t: number; learningRate: number };
      trainRng?: RngState;
    };
    if (!state.optimizer || !state.trainRng) {
      throw new TvaeError(
        'tvae.fit: resumeFrom must be a checkpoint from onCheckpoint (it has no optimizer state).',
      );
    }
    f.net.store.load(saved.tensors);
    const count = f.net.store.trainable().length;
    const pick = (p: string) => Array.from({ length: count }, (_, i) => saved.tensors[`${p}.${i}`]);
    optimizer.load({ ...state.optimizer, m: pick('adam.m'), v: pick('adam.v') });
    this.loop = {
      epoch: state.loop.epoch,
      steps: state.loop.steps,
      history: state.loop.history.map((h) => ({ ...h })),
    };
    return Rng.fromState(state.trainRng);
  }

  private requireFitted(what: string): Fitted {
    if (!this.fittedState)
      throw new TvaeError(`tvae.${what}: the model is not fitted; call fit(dataset) first.`);
    return this.fittedState;
  }
}

function countCodes(codes: Int32Array, k: number): number[] {
  const out = new Array<number>(k).fill(0);
  for (const c of codes) out[c] += 1;
  return out;
}

function categoriesOf(schema: Schema, name: string): readonly CategoryValue[] {
  const col = schema.columns.find((c) => c.name === name);
  return col && isCoded(col) ? col.categories : [];
}
