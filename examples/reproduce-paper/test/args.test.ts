import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../src/args.js';

describe('parseRunArgs', () => {
  it("takes the data subsample from the profile, so every caller gets the profile's data", () => {
    const smoke = parseRunArgs(['--profile', 'smoke', '--dataset', 'planted', '--workers', '1']);
    expect(smoke.data).toEqual({
      dataset: 'planted',
      split: 'pooled',
      dataDir: null,
      subsample: { train: 8000, valid: 2000, test: 2000 },
    });
    expect(parseRunArgs(['--profile=quick', '--workers=1']).data.subsample).toBeNull();
    expect(parseRunArgs(['--', '--profile', 'paper', '--workers', '1']).data.subsample).toBeNull();
  });

  it('rejects an unknown option and a bad profile', () => {
    expect(() => parseRunArgs(['--epochs', '3'])).toThrow('unknown option --epochs.');
    expect(() => parseRunArgs(['--profile', 'huge'])).toThrow(
      "--profile: expected smoke, quick or paper, got 'huge'.",
    );
  });
});
