// Worker-thread entry of the neighbour search: receives a kd-tree, then answers chunks of
// queries with the same kernel the main thread uses.
import { parentPort } from 'node:worker_threads';
import { type KdTree, searchRange } from './kdtree.js';

interface TreeMessage {
  type: 'tree';
  id: number;
  tree: KdTree;
  k: number;
}

interface SearchMessage {
  type: 'search';
  id: number;
  from: number;
  to: number;
}

const port = parentPort;
if (!port) throw new Error('knn-worker: this file runs as a worker thread, not as a program.');

let current: TreeMessage | null = null;

port.on('message', (message: TreeMessage | SearchMessage) => {
  if (message.type === 'tree') {
    current = message;
    return;
  }
  if (!current || current.id !== message.id) {
    throw new Error(`knn-worker: search ${message.id} arrived before its tree.`);
  }
  const { tree, k } = current;
  const rows = new Int32Array((message.to - message.from) * k);
  const dist = new Float64Array((message.to - message.from) * k);
  searchRange(tree, k, message.from, message.to, rows, dist);
  port.postMessage(
    { type: 'result', id: message.id, from: message.from, to: message.to, rows, dist },
    [rows.buffer, dist.buffer],
  );
});

port.postMessage({ type: 'ready' });
