/**
 * Worker-thread entry for connectScan: scans its share of the ports in this thread and posts
 * progress and the findings back. The main thread holds the matching limiter slots.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanSlice, type WorkerJob } from './connect-scan.js';

const job = workerData as WorkerJob;
let last = 0;
const found = await scanSlice(job.address, job.ports, {
  connectTimeoutMs: job.connectTimeoutMs,
  maxLanes: job.maxLanes,
  withSlot: (batch) => batch(),
  onOpen: (port) => parentPort?.postMessage({ open: port }),
  onProgress: (done) => {
    if (done - last >= 512 || done === job.ports.length) {
      last = done;
      parentPort?.postMessage({ progress: done });
    }
  },
});
parentPort?.postMessage({ result: found });
