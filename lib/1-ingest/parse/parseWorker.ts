/** Worker thread body for parseFiles: parses the batches it is sent, one at a time. */
import { parentPort } from 'node:worker_threads';
import { createFileParser } from './parser';

const parser = await createFileParser();
parentPort!.on('message', (batch: { files: { path: string; content: string }[] }) => {
  parentPort!.postMessage({ results: batch.files.map((f) => parser.parse(f.path, f.content)) });
});
parentPort!.postMessage({ ready: true });
