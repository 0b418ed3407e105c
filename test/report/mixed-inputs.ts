// Inputs that exercise input ordering: a directory walked (with a README that is no capture), a
// text log, a hostile capture, a path that does not exist (listed after the files), a second
// directory.
import { join } from 'node:path';
import { root } from '../cli/run.js';

export const MIXED_INPUTS = [
  join(root, 'fixtures/sipp'),
  join(root, 'fixtures/dialog/fork-two-2xx.txt'),
  join(root, 'fixtures/hostile/hostile.pcap'),
  join(root, 'fixtures/no-such-capture.pcap'),
  join(root, 'fixtures/captures/pkts'),
];
