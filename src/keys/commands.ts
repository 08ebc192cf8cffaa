/**
 * Every command pgwarden understands, as data. The dispatcher, the help screen, the footer and the
 * README's key table are all generated from this table and the keymap, so they cannot drift apart.
 */
export type Scope = 'global' | 'table' | 'activity' | 'viewer' | 'scroll' | 'prompt' | 'help' | 'statements' | 'plan' | 'locks' | 'backends' | 'dialog' | 'replication' | 'vacuum' | 'horizon' | 'checklist' | 'pgbouncer' | 'problems' | 'fleet';

export type Group = 'General' | 'Navigation' | 'Screens' | 'Sorting & filtering' | 'Activity' | 'Query viewer' | 'Backend actions' | 'Statements' | 'EXPLAIN' | 'Locks' | 'Replication' | 'Vacuum & bloat' | 'Xmin horizon' | 'Checklists' | 'PgBouncer' | 'Problems' | 'Rewind & replay' | 'Fleet';

export interface CommandSpec {
  /** Shown in help and the README. */
  description: string;
  /** Footer label; commands with one show in the footer when their scope is active. */
  short?: string;
  group: Group;
  scope: Scope;
  /** Acts on the server: always confirmed and removed under --read-only. */
  dangerous?: boolean;
}

export const COMMANDS = {
  'app.quit': { description: 'Quit (the terminal is restored)', short: 'quit', group: 'General', scope: 'global' },
  'app.help': { description: 'Show this help', short: 'help', group: 'General', scope: 'global' },
  'app.pause': { description: 'Pause / resume the display (polling goes on for history)', short: 'pause', group: 'General', scope: 'global' },
  'app.refresh': { description: 'Refresh now', group: 'General', scope: 'global' },
  'app.faster': { description: 'Refresh more often (down to 0.5 s)', group: 'General', scope: 'global' },
  'app.slower': { description: 'Refresh less often (up to 60 s)', group: 'General', scope: 'global' },
  'app.problems': { description: 'Problems list: every problem past a threshold, worst first, with the pane that shows its culprit (Enter goes there); the worst are always on the line under the header', short: 'problems', group: 'Problems', scope: 'global' },
  'problems.up': { description: 'Previous problem', group: 'Problems', scope: 'problems' },
  'problems.down': { description: 'Next problem', group: 'Problems', scope: 'problems' },
  'problems.jump': { description: "Open the problem's pane with its culprit selected (the blocking pid, the table, the standby or slot, the statement, the horizon holder)", short: 'go to', group: 'Problems', scope: 'problems' },
  'problems.close': { description: 'Close the problems list', short: 'close', group: 'Problems', scope: 'problems' },
  'demo.drills': { description: 'Incident drills menu (pgwarden --demo only): start and stop staged incidents', group: 'General', scope: 'global' },
  'screen.activity': { description: 'Activity: backends from pg_stat_activity', group: 'Screens', scope: 'global' },
  'screen.locks': { description: 'Locks: the blocking tree (who waits for whom) and the locks each backend holds', group: 'Screens', scope: 'global' },
  'screen.statements': { description: 'Statements: what is expensive now, from pg_stat_statements', group: 'Screens', scope: 'global' },
  'screen.plan': { description: 'The last EXPLAIN plan', group: 'Screens', scope: 'global' },
  'screen.checklist': { description: 'Checklists: the weekly maintenance session and incident runbooks, step by step with live checks', group: 'Screens', scope: 'global' },
  'screen.replication': { description: 'Replication: WAL senders or this standby\'s recovery, slots, lag charts', group: 'Screens', scope: 'global' },
  'screen.vacuum': { description: 'Vacuum & bloat: dead tuples, autovacuum triggers, bloat estimates, index health, running maintenance, wraparound', group: 'Screens', scope: 'global' },
  'screen.horizon': { description: 'Xmin horizon: what keeps VACUUM from cleaning up (sessions, prepared transactions, slots, standbys), oldest first; also x from the vacuum pane', group: 'Screens', scope: 'global' },
  'screen.pgbouncer': { description: "PgBouncer: pools (clients active / waiting, the longest wait, server connections against pool_size), databases, clients waiting longest; shown when the target is PgBouncer's admin console (database pgbouncer)", group: 'Screens', scope: 'global' },
  'screen.fleet': { description: 'Fleet: one row per server of the session (kind, version, uptime, connections, tps, lag, upstream, worst problem), worst first', group: 'Screens', scope: 'global' },
  'fleet.open': { description: 'Watch the selected server: every pane and action then works on it, and the header names it', short: 'watch', group: 'Fleet', scope: 'fleet' },
  'pgbouncer.pause': { description: 'PAUSE the selected pool\'s database: PgBouncer drains it (running transactions finish) and queues new queries, after confirmation', short: 'pause db', group: 'PgBouncer', scope: 'pgbouncer', dangerous: true },
  'pgbouncer.resume': { description: 'RESUME the selected pool\'s database: queued clients get server connections again, after confirmation', short: 'resume', group: 'PgBouncer', scope: 'pgbouncer', dangerous: true },
  'pgbouncer.reconnect': { description: "RECONNECT the selected pool's database: its server connections are replaced as they are released, after confirmation", group: 'PgBouncer', scope: 'pgbouncer', dangerous: true },
  'pgbouncer.kill': { description: "KILL the selected pool's database: every client and server connection of it is dropped at once and it stays paused until RESUME, after confirmation", short: 'kill', group: 'PgBouncer', scope: 'pgbouncer', dangerous: true },
  'charts.toggle': { description: 'History charts on / off: a tps line in the header; in the replication pane lag per standby, tps, connections by state, cache hit ratio and dead tuples of the table selected in the vacuum pane', short: 'charts', group: 'General', scope: 'global' },
  'nav.up': { description: 'Move up', group: 'Navigation', scope: 'table' },
  'nav.down': { description: 'Move down', group: 'Navigation', scope: 'table' },
  'nav.pageUp': { description: 'Page up', group: 'Navigation', scope: 'table' },
  'nav.pageDown': { description: 'Page down', group: 'Navigation', scope: 'table' },
  'nav.top': { description: 'First row', group: 'Navigation', scope: 'table' },
  'nav.bottom': { description: 'Last row', group: 'Navigation', scope: 'table' },
  'sort.next': { description: 'Sort by the next column', short: 'sort', group: 'Sorting & filtering', scope: 'table' },
  'sort.prev': { description: 'Sort by the previous column', group: 'Sorting & filtering', scope: 'table' },
  'sort.invert': { description: 'Invert the sort direction', group: 'Sorting & filtering', scope: 'table' },
  'filter.open': { description: 'Filter rows by text or /regex/ (database, user, application, client, query)', short: 'filter', group: 'Sorting & filtering', scope: 'table' },
  'filter.clear': { description: 'Clear the filter', group: 'Sorting & filtering', scope: 'table' },
  'activity.toggleIdle': { description: 'Show / hide idle sessions', short: 'idle', group: 'Activity', scope: 'activity' },
  'activity.toggleBackground': { description: 'Show / hide background processes (autovacuum, walsender, …)', short: 'bg', group: 'Activity', scope: 'activity' },
  'activity.showBlocker': { description: 'Show the selected backend in the lock tree (a waiter: its root blocker)', short: 'blocker', group: 'Activity', scope: 'activity' },
  'locks.toggleView': { description: 'Switch between the blocking tree and the locks of the selected backend (with lock counts by mode and object)', short: 'tree/locks', group: 'Locks', scope: 'locks' },
  'locks.openQuery': { description: "Open the selected backend's full query", short: 'query', group: 'Locks', scope: 'locks' },
  'backend.tag': { description: 'Tag / untag the selected backend, then move down: C and K act on all tagged ones (Space is pause)', short: 'tag', group: 'Backend actions', scope: 'backends' },
  'backend.untagAll': { description: 'Clear every tag on this screen', group: 'Backend actions', scope: 'backends' },
  'backend.cancel': { description: 'Cancel the query of the selected backend, or of the tagged ones (pg_cancel_backend), after confirmation', short: 'cancel', group: 'Backend actions', scope: 'backends', dangerous: true },
  'backend.terminate': { description: 'Terminate the selected backend, or the tagged ones (pg_terminate_backend), after confirmation; on a root blocker this releases its waiters', short: 'terminate', group: 'Backend actions', scope: 'backends', dangerous: true },
  'dialog.confirm': { description: 'Yes: send the signal, run the statement or read shown in the confirmation', short: 'yes', group: 'Backend actions', scope: 'dialog', dangerous: true },
  'dialog.cancel': { description: 'No: close the confirmation, nothing is sent or run', short: 'no', group: 'Backend actions', scope: 'dialog' },
  'activity.openQuery': { description: "Open the selected backend's full query", short: 'query', group: 'Activity', scope: 'activity' },
  'activity.explain': { description: "EXPLAIN the selected backend's query in its database (plan tree and red flags)", short: 'explain', group: 'Activity', scope: 'activity' },
  'statements.nextView': { description: 'Next column set: time, I/O, temp, WAL', short: 'view', group: 'Statements', scope: 'statements' },
  'statements.toggleMode': { description: 'Last interval (rates) / since reset (totals)', short: 'interval/total', group: 'Statements', scope: 'statements' },
  'statements.toggleOwn': { description: "Show / hide pgwarden's own statements (its monitoring queries, hidden by default)", short: 'own', group: 'Statements', scope: 'statements' },
  'statements.openQuery': { description: "Open the selected statement's full text", short: 'query', group: 'Statements', scope: 'statements' },
  'statements.explain': { description: 'EXPLAIN the statement as a generic plan in its database', short: 'explain', group: 'Statements', scope: 'statements' },
  'plan.back': { description: 'Back to the pane the plan was opened from (or cancel a confirmation)', short: 'back', group: 'EXPLAIN', scope: 'plan' },
  'plan.toggleFold': { description: 'Fold / unfold the selected node', short: 'fold', group: 'EXPLAIN', scope: 'plan' },
  'plan.fold': { description: 'Fold the selected node, or go to its parent', group: 'EXPLAIN', scope: 'plan' },
  'plan.unfold': { description: 'Unfold the selected node', group: 'EXPLAIN', scope: 'plan' },
  'plan.nextFlag': { description: 'Next red flag, by what it costs', short: 'next flag', group: 'EXPLAIN', scope: 'plan' },
  'plan.query': { description: 'Show the explained statement', group: 'EXPLAIN', scope: 'plan' },
  'plan.raw': { description: 'Show the raw JSON plan (copy it with y)', group: 'EXPLAIN', scope: 'plan' },
  'plan.analyze': { description: 'EXPLAIN ANALYZE: runs the statement inside BEGIN … ROLLBACK, after confirmation', short: 'analyze', group: 'EXPLAIN', scope: 'plan', dangerous: true },
  'checklist.open': { description: 'Open the selected checklist; on a step, open the pane that answers it (filtered when the step says so)', short: 'open', group: 'Checklists', scope: 'checklist' },
  'checklist.run': { description: "Run the selected step's check", short: 'check', group: 'Checklists', scope: 'checklist' },
  'checklist.runAll': { description: 'Run every automatic check of the checklist', short: 'check all', group: 'Checklists', scope: 'checklist' },
  'checklist.done': { description: 'Mark the step done (again: unmark)', short: 'done', group: 'Checklists', scope: 'checklist' },
  'checklist.skip': { description: 'Mark the step skipped (again: unmark)', short: 'skip', group: 'Checklists', scope: 'checklist' },
  'checklist.followUp': { description: 'Mark the step as needing follow-up and say what in the note prompt that opens (Esc keeps the mark without a note; again: unmark)', short: 'follow-up', group: 'Checklists', scope: 'checklist' },
  'checklist.note': { description: "Write or edit the step's note in its own prompt, titled with the step and its mark (Enter saves, Esc cancels; kept in the report)", short: 'note', group: 'Checklists', scope: 'checklist' },
  'checklist.copy': { description: "Copy the step's remediation SQL (OSC 52)", short: 'copy SQL', group: 'Checklists', scope: 'checklist' },
  'checklist.execute': { description: "Run the step's suggested fix on the server, after a confirmation showing the exact SQL and its locks; the check runs again after. Names the evidence cannot give are asked for and quoted; a pg_cancel_backend / pg_terminate_backend fix picks one of the sessions the check found (x switches cancel / terminate) and goes through the backend actions' confirmation, identity check and audit log", short: 'run fix', group: 'Checklists', scope: 'checklist', dangerous: true },
  'checklist.finish': { description: 'Finish the session: saved for next time, Markdown report written next to the state file', short: 'finish', group: 'Checklists', scope: 'checklist' },
  'checklist.back': { description: 'Back to the list of checklists (the session is kept and resumes)', short: 'back', group: 'Checklists', scope: 'checklist' },
  'replication.strict': { description: 'Lag thresholds: 60 s warn / 300 s critical, or the stricter 10 s / 60 s', short: 'thresholds', group: 'Replication', scope: 'replication' },
  'replication.watch': { description: 'With several servers: watch the other end, the selected WAL sender\'s standby or this standby\'s primary (its fleet row)', group: 'Replication', scope: 'replication' },
  'replication.focus': { description: 'Move the cursor between the WAL senders and the slots', short: 'senders/slots', group: 'Replication', scope: 'replication' },
  'vacuum.nextView': { description: 'Next view: tables, indexes, running maintenance, wraparound', short: 'view', group: 'Vacuum & bloat', scope: 'vacuum' },
  'vacuum.exact': { description: 'Exact bloat of the selected table with pgstattuple (reads the whole table, after confirmation)', short: 'exact', group: 'Vacuum & bloat', scope: 'vacuum', dangerous: true },
  'vacuum.horizon': { description: 'What holds back the xmin horizon (the xmin horizon screen)', short: 'horizon', group: 'Vacuum & bloat', scope: 'vacuum' },
  'horizon.jump': { description: 'Show the selected session (or walsender) in the activity pane', short: 'activity', group: 'Xmin horizon', scope: 'horizon' },
  'query.copy': { description: 'Copy the query to the local clipboard (OSC 52, works over SSH and tmux)', short: 'copy', group: 'Query viewer', scope: 'viewer' },
  'viewer.up': { description: 'Scroll up', group: 'Query viewer', scope: 'scroll' },
  'viewer.down': { description: 'Scroll down', group: 'Query viewer', scope: 'scroll' },
  'viewer.pageUp': { description: 'Scroll a page up', group: 'Query viewer', scope: 'scroll' },
  'viewer.pageDown': { description: 'Scroll a page down', group: 'Query viewer', scope: 'scroll' },
  'modal.close': { description: 'Close the window', short: 'close', group: 'General', scope: 'viewer' },
  'help.close': { description: 'Close help', short: 'close', group: 'General', scope: 'help' },
  'prompt.submit': { description: 'Apply', short: 'apply', group: 'Sorting & filtering', scope: 'prompt' },
  'prompt.cancel': { description: 'Cancel (a filter is cleared)', short: 'cancel', group: 'Sorting & filtering', scope: 'prompt' },
  'prompt.backspace': { description: 'Delete the last character typed', group: 'Sorting & filtering', scope: 'prompt' },
  'prompt.clear': { description: 'Clear the line', group: 'Sorting & filtering', scope: 'prompt' },
  'prompt.quit': { description: 'Quit from the prompt (other keys are typed into it)', group: 'Sorting & filtering', scope: 'prompt' },
  'rewind.back': { description: 'Rewind one refresh: every pane shows the snapshot before (polling goes on; the header says REWIND until you return to live)', group: 'Rewind & replay', scope: 'global' },
  'rewind.forward': { description: 'Forward one refresh (past the newest: back to live)', group: 'Rewind & replay', scope: 'global' },
  'rewind.backMinute': { description: 'Rewind a minute', group: 'Rewind & replay', scope: 'global' },
  'rewind.forwardMinute': { description: 'Forward a minute (past the newest: back to live)', group: 'Rewind & replay', scope: 'global' },
  'rewind.live': { description: 'Back to live (in a replay: to the end of the recording)', group: 'Rewind & replay', scope: 'global' },
  'rewind.jump': { description: 'Go to a time: 03:12:41, 2026-12-05T03:12:41Z, +5m from the start, -1m from the end', group: 'Rewind & replay', scope: 'global' },
  'rewind.timeline': { description: 'Replay: the timeline of the whole recording (tps, connections by state, waiting sessions, problems) and where you are in it; in a replay Space plays / pauses and + / - set the speed', group: 'Rewind & replay', scope: 'global' },
} as const satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof COMMANDS;

export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];

export function spec(id: CommandId): CommandSpec {
  return COMMANDS[id];
}
