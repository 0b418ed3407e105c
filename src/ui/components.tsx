// Presentational pieces of the Ink app: each renders already-sanitised text, one terminal line per
// row (truncated, never wrapped, so the layout holds at 80×24).
import { Box, Text } from 'ink';
import type { ReportDialog } from '../report/types.js';
import { wallClock } from '../report/verdict-view.js';
import { type Counts, type DialogRow, GLYPH, KIND_LABEL, OUTCOME_COLOR, type SortKey } from './list-model.js';
import type { Line } from './lines.js';

export function LineView({ line, selected = false }: { line: Line; selected?: boolean }) {
  return (
    <Text wrap="truncate-end" color={line.color} bold={line.bold} dimColor={line.dim} inverse={selected}>
      {line.text === '' ? ' ' : line.text}
    </Text>
  );
}

/** A window of `height` lines around `cursor` (or from `scroll`). */
export function windowOf<T>(items: readonly T[], height: number, anchor: number): { start: number; items: T[] } {
  const h = Math.max(1, height);
  const start = Math.max(0, Math.min(anchor - Math.floor(h / 2), items.length - h));
  return { start, items: items.slice(start, start + h) };
}

export function Header({ counts, shown, sort, filter, typing, failingOnly }: {
  counts: Counts;
  shown: number;
  sort: SortKey;
  filter: string;
  typing: boolean;
  failingOnly: boolean;
}) {
  const parts = [
    `${counts.dialogs} dialog${counts.dialogs === 1 ? '' : 's'} (${counts.im} IM)`,
    `${counts.failing} failing`,
    `${counts.inconclusive} inconclusive`,
    `showing ${shown}`,
    `sort ${sort}`,
  ];
  if (failingOnly) parts.push('failing only');
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end" bold>
        imlint  {parts.join(' · ')}
      </Text>
      {typing || filter !== '' ? (
        <Text wrap="truncate-end" color="cyan">
          filter: {filter}
          {typing ? '▏' : ''}
        </Text>
      ) : null}
    </Box>
  );
}

export function DialogList({ rows, cursor, height }: { rows: DialogRow[]; cursor: number; height: number }) {
  if (rows.length === 0) {
    return <Text dimColor>no dialog matches (f: failing only, /: filter)</Text>;
  }
  const win = windowOf(rows, height - 1, cursor);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end" dimColor>
        {'  time          T C G  kind    client → peer  Call-ID'}
      </Text>
      {win.items.map((r, i) => {
        const selected = win.start + i === cursor;
        const d = r.dialog;
        // One Text per row (nested Texts for colour): a row of sibling Texts would let the layout
        // shrink and wrap them; one Text truncates as a whole at the terminal's width.
        return (
          <Text key={r.index} wrap="truncate-end" inverse={selected}>
            {selected ? '▸ ' : '  '}
            {wallClock(d.start, false).padEnd(12)}
            {'  '}
            <Text color={OUTCOME_COLOR[r.keys.timer]}>{GLYPH[r.keys.timer]}</Text>{' '}
            <Text color={OUTCOME_COLOR[r.keys.conference]}>{GLYPH[r.keys.conference]}</Text>{' '}
            <Text color={OUTCOME_COLOR[r.keys.general]}>{GLYPH[r.keys.general]}</Text>
            {'  '}
            {KIND_LABEL[d.kind].padEnd(8)}
            {d.client} → {d.peer}  {d.callId}
          </Text>
        );
      })}
    </Box>
  );
}

export function DialogTitle({ dialog }: { dialog: ReportDialog }) {
  const end = dialog.end !== null ? ` – ${wallClock(dialog.end, false)}` : '';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end" bold>
        {KIND_LABEL[dialog.kind]} {dialog.callId}  {dialog.client} → {dialog.peer}
      </Text>
      <Text wrap="truncate-end" dimColor>
        {wallClock(dialog.start)}{end}
        {dialog.conferenceUri ? `  conference ${dialog.conferenceUri}` : ''}  classified by {dialog.classifiedBy}
      </Text>
    </Box>
  );
}

export const TABS = ['verdicts', 'ladder', 'timer'] as const;
export type Tab = (typeof TABS)[number];

export function TabBar({ tab, raw }: { tab: Tab; raw: boolean }) {
  return (
    <Box>
      {TABS.map((t) => (
        <Text key={t} bold={t === tab} inverse={t === tab}>
          {` ${t}${t === 'ladder' && raw ? ' (raw)' : ''} `}
        </Text>
      ))}
    </Box>
  );
}

export function Footer({ keys }: { keys: string }) {
  return (
    <Text wrap="truncate-end" dimColor>
      {keys}
    </Text>
  );
}
