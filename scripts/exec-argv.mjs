// The single executable's V8 flags: scripts/dist.mjs builds with them, bench/frameCost.mjs runs with them.

/**
 * V8 flags the executable sets for itself. The young generation's default semi-spaces (16 MB
 * each, up to three of them) fill with each refresh's parsed rows before V8 collects them: at
 * 2000 backends they were 30-60 MB of the resident memory. Each refresh's rows live one refresh;
 * a 1 MB semi-space collects them sooner, at no cost measurable in CPU per refresh (npm run bench).
 * `--single-threaded` runs V8's garbage collection and compilation on the main thread: at 2000
 * backends, side by side with the same executable without it (three pairs of runs), 1.5-5 MB less
 * resident (fewer malloc arenas) and 2.5-3.5 ms less CPU a refresh (no hand-off to worker threads);
 * it costs the start-up about 30 ms (first frame 264 against 239 ms at 50 backends, the script's
 * load 82 against 56: no compilation in the background). `--single-threaded-gc` alone saves the
 * same CPU but holds 5 MB more. Tried and not kept, each beside the flag above (same runs):
 * --optimize-for-size and --memory-saver-mode (-7 MB, +20 ms of CPU a refresh), --max-opt=1 (+13 MB,
 * CPU twice), --max-opt=2, --no-maglev, --liftoff-only, --v8-pool-size=1 (within the noise);
 * --lite-mode has no WebAssembly (yoga). Later, at 2000 backends beside the same executable without
 * them: --memory-saver-mode alone (set at run time) 85 against 93 MB at 2 minutes, for 3.9 against 2.2 s
 * of CPU (it collects the old space every 2 s instead of every 7); --compact-on-every-full-gc 138
 * against 127 MB at 12 minutes (the pages it empties stay in V8's pool) and 9 % more CPU.
 * Then flags meant to reach the steady state sooner or to collect the young generation cheaper,
 * each added to the two above, 5-7 executables at a time beside each other at 2000 backends, 3-4
 * rounds, load average 1-9: CPU per refresh 2-17 s after the first screen (the benchmark's
 * window) / 60-75 s after, medians. The flags above 11.4-13.0 / 6.6-7.0 ms, and a second copy of
 * them 11.3-12.8 / 5.6-7.4 (the noise). Not kept: lower tiering thresholds, dearer in both
 * windows and at start-up, where they compile more on the one thread (--invocation-count-for-maglev=5
 * --invocation-count-for-turbofan=50 --minimum-invocations-after-ic-update=5: 28.5 / 20.7, 309
 * against 111 ms of CPU by the first frame; 50/500/50: 17.9 / 7.9, +47 ms); within the noise:
 * --invocation-count-for-maglev=100, --minimum-invocations-after-ic-update=100,
 * --invocation-count-for-turbofan=10000, --no-lazy-feedback-allocation, --always-sparkplug (first
 * frame 166 against 144 ms), --no-wasm-tier-up, --wasm-tiering-budget=1000000, --max-semi-space-size=2
 * or 4 (no CPU saved, 0-5 MB more); --no-liftoff 11.3 / 7.3 but its first frame 201 against 144 ms
 * (yoga compiled by TurboFan at load); --minor-ms 11.9 / 7.3 and 2 MB more. --no-rehash-snapshot
 * starts 6.5 ms sooner but keeps the build's hash seed in every copy: not kept (README, first screen).
 */
export const EXEC_ARGV = ['--max-semi-space-size=1', '--single-threaded'];
