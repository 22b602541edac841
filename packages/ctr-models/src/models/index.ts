import { ParamStore, Rng } from '@synthctr/runtime';
import type { FieldInfo } from '../data.js';
import type { CtrModelKind, ResolvedCtrOptions } from '../options.js';
import { buildDeepFm } from './deepfm.js';
import { buildDnn } from './dnn.js';
import { buildMaskNet } from './masknet.js';
import type { CtrNetwork, NetworkBuilder } from './network.js';

const BUILDERS: Record<CtrModelKind, NetworkBuilder> = {
  dnn: buildDnn,
  deepfm: buildDeepFm,
  masknet: buildMaskNet,
};

/**
 * A fresh network for the fields, its weights drawn from the seed's `init` stream (the
 * epoch shuffles and dropout use the seed's separate `train` stream), so equal seeds give
 * equal initial weights whatever else the process has drawn.
 */
export function initNetwork(
  fields: readonly FieldInfo[],
  options: ResolvedCtrOptions,
): { store: ParamStore; net: CtrNetwork } {
  const store = new ParamStore();
  const net = BUILDERS[options.model](
    { fieldSizes: fields.map((x) => x.size), options },
    store,
    new Rng(options.seed).fork('init'),
  );
  return { store, net };
}
