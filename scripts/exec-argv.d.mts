/** scripts/exec-argv.mjs: the single executable's V8 flags. */
export declare const EXEC_ARGV: string[];
