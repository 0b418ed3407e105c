// The interactive report browser: a dialog list (sort, `/` filter, `f` failing only) and a detail
// view with three tabs (verdicts with evidence, ladder with raw text, timer timeline). It holds one
// light row per dialog and loads a dialog when it is opened (src/ui/dialog-store.ts); rows and
// loaded dialogs are sanitised: no capture string reaches the terminal raw.
import { Box, type Key, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Report } from '../report/types.js';
import { DialogList, DialogTitle, Footer, Header, LineView, TabBar, TABS, type Tab, windowOf } from './components.js';
import { type DialogSource, memoryDialogs } from './dialog-store.js';
import { countsOf, SORT_KEYS, type SortKey, visibleRows } from './list-model.js';
import { ladderHeader, ladderLine, type Line, timerLines, verdictLines } from './lines.js';

export interface AppProps {
  report: Report;
  /** The report's dialogs (a spool on the command's path); default: report.dialogs in memory. */
  dialogs?: DialogSource;
  /** False when stdin is not a terminal: the app then renders once and takes no input. */
  interactive?: boolean;
}

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

const LIST_KEYS = '↑↓/jk move  enter open  / filter  f failing  s sort  q quit';
const DETAIL_KEYS = '↑↓/jk move  tab view  r raw  esc back  q quit';
const FILTER_KEYS = 'type to filter  enter keep  esc clear';

export function App({ report, dialogs, interactive = true }: AppProps) {
  const { exit } = useApp();
  const { columns, rows: height } = useTerminalSize();
  const source = useMemo(() => dialogs ?? memoryDialogs(report), [dialogs, report]);
  const allRows = source.rows;
  const counts = useMemo(() => countsOf(allRows), [allRows]);

  const [sort, setSort] = useState<SortKey>('time');
  const [filter, setFilter] = useState('');
  const [typing, setTyping] = useState(false);
  const [failingOnly, setFailingOnly] = useState(false);
  const [cursor, setCursor] = useState(0);
  const [open, setOpen] = useState<number | null>(null); // row index
  const [tab, setTab] = useState<Tab>('verdicts');
  const [scroll, setScroll] = useState(0);
  const [ladderCursor, setLadderCursor] = useState(0);
  const [raw, setRaw] = useState(false);

  const shown = useMemo(() => visibleRows(allRows, { sort, filter, failingOnly }), [allRows, sort, filter, failingOnly]);
  const selected = Math.min(cursor, Math.max(0, shown.length - 1));
  const dialog = useMemo(() => (open !== null ? source.dialog(open) : undefined), [source, open]);
  const ladder = dialog?.ladder ?? [];

  // Lines of the current detail body, and the body height left between title and footer.
  const bodyHeight = Math.max(3, height - 6);
  const body: Line[] = useMemo(() => {
    if (!dialog) return [];
    if (tab === 'verdicts') return verdictLines(dialog);
    if (tab === 'timer') return timerLines(dialog, columns);
    if (raw) {
      const entry = ladder[Math.min(ladderCursor, ladder.length - 1)];
      if (!entry) return [{ text: 'no message selected', dim: true }];
      if (entry.raw === undefined) return [{ text: 'raw text was not kept for this message', dim: true }];
      return entry.raw.split('\n').map((text) => ({ text }));
    }
    return [];
  }, [dialog, tab, raw, ladder, ladderCursor, columns]);

  const move = (delta: number): void => {
    if (!dialog) setCursor((c) => Math.max(0, Math.min(shown.length - 1, Math.min(c, shown.length - 1) + delta)));
    else if (tab === 'ladder' && !raw) setLadderCursor((c) => Math.max(0, Math.min(ladder.length - 1, c + delta)));
    else setScroll((s) => Math.max(0, Math.min(Math.max(0, body.length - bodyHeight), s + delta)));
  };

  // The handler reads this render's state; ink may keep calling the handler it subscribed first,
  // so it goes through a ref that every render refreshes.
  const onKey = useRef<(input: string, key: Key) => void>(() => {});
  onKey.current = (input, key) => {
    // Keys typed faster than the terminal is read arrive as one chunk ("j\r"): queue them, one key
    // per render, so each sees the state the previous one left.
    if (!typing && input.length > 1 && !key.ctrl && !key.meta) {
      for (const ch of input) pending.current.push([ch, { ...NO_KEY, return: ch === '\r', tab: ch === '\t' }]);
      setTick((t) => t + 1);
      return;
    }
    if (typing) {
      if (key.return) setTyping(false);
      else if (key.escape) {
        setTyping(false);
        setFilter('');
      } else if (key.backspace || key.delete) setFilter((f) => f.slice(0, -1));
      else if (input && !key.ctrl && !key.meta) {
        setFilter((f) => f + input);
        setCursor(0);
      }
      return;
    }
    if (input === 'q' || (key.ctrl && input === 'c')) {
      exit();
      return;
    }
    if (key.upArrow || input === 'k') return move(-1);
    if (key.downArrow || input === 'j') return move(1);
    if (key.pageUp) return move(-bodyHeight);
    if (key.pageDown) return move(bodyHeight);
    if (!dialog) {
      if (key.return && shown[selected]) {
        setOpen(shown[selected].index);
        setTab('verdicts');
        setScroll(0);
        setLadderCursor(0);
        setRaw(false);
      } else if (input === '/') setTyping(true);
      else if (input === 'f') {
        setFailingOnly((v) => !v);
        setCursor(0);
      } else if (input === 's') setSort((s) => SORT_KEYS[(SORT_KEYS.indexOf(s) + 1) % SORT_KEYS.length]);
      return;
    }
    if (key.tab) {
      const next = TABS[(TABS.indexOf(tab) + (key.shift ? TABS.length - 1 : 1)) % TABS.length];
      setTab(next);
      setScroll(0);
      setRaw(false);
    } else if (input === 'r') {
      setTab('ladder');
      setRaw((r) => (tab === 'ladder' ? !r : true));
      setScroll(0);
    } else if (key.escape || key.backspace || key.leftArrow || input === 'h') {
      if (raw) setRaw(false);
      else setOpen(null);
    }
  };
  useInput((input, key) => onKey.current(input, key), { isActive: interactive });
  const pending = useRef<[string, Key][]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const next = pending.current.shift();
    if (next === undefined) return;
    onKey.current(...next);
    setTick((t) => t + 1);
  }, [tick]);

  if (!dialog) {
    return (
      <Box flexDirection="column" width={columns}>
        <Header counts={counts} shown={shown.length} sort={sort} filter={filter} typing={typing} failingOnly={failingOnly} />
        <DialogList rows={shown} cursor={selected} height={height - (typing || filter !== '' ? 4 : 3)} />
        <Footer keys={typing ? FILTER_KEYS : LIST_KEYS} />
      </Box>
    );
  }

  let content;
  if (tab === 'ladder' && !raw) {
    const win = windowOf(ladder, bodyHeight - 1, ladderCursor);
    content = (
      <Box flexDirection="column">
        <Text wrap="truncate-end" dimColor>
          {ladderHeader(dialog)}
        </Text>
        {ladder.length === 0 ? <Text dimColor>no messages recorded for this dialog</Text> : null}
        {win.items.map((e, i) => (
          <LineView key={win.start + i} line={{ text: ladderLine(dialog, e, columns), color: e.linked ? 'cyan' : undefined }} selected={win.start + i === ladderCursor} />
        ))}
      </Box>
    );
  } else {
    const start = Math.min(scroll, Math.max(0, body.length - bodyHeight));
    content = (
      <Box flexDirection="column">
        {body.slice(start, start + bodyHeight).map((line, i) => (
          <LineView key={start + i} line={line} />
        ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={columns}>
      <DialogTitle dialog={dialog} />
      <TabBar tab={tab} raw={raw} />
      <Box flexDirection="column" height={bodyHeight}>
        {content}
      </Box>
      <Footer keys={DETAIL_KEYS} />
    </Box>
  );
}
