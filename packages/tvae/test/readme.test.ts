import { resolve } from 'node:path';
import { describeReadmePrints } from '@synthctr/tabular-schema/testing';

describeReadmePrints(
  resolve(import.meta.dirname, '../README.md'),
  resolve(import.meta.dirname, '.readme-example.ts'),
);
