// Text-log inputs: SIPp -trace_msg, ngrep -W byline, sngrep --text, raw SIP files.
export { detectTextFormat } from './detect.js';
export { createTextLogSource } from './text-log-source.js';
