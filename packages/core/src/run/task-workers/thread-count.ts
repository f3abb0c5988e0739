// How many worker threads a run's jobs (data tasks, table validations) run on, and how many jobs
// each thread runs at once.
//
// Decision (issue 18 asked that `load.parallelism` be the number of workers): there are at most as
// many worker threads as CPU cores, and `load.parallelism` stays the number of jobs at once. Beyond
// the core count a worker runs several jobs at once, as they would share a core anyway. More threads
// than cores only add the CPU of loading Ferry and the config in each (~0.35 CPU-s) and a heap each
// (~60 MB): on 2 cores, 500k mixed rows at parallelism 4 took 4.8 Ferry CPU-s and 373 MB on four
// threads, 3.2 CPU-s and 251 MB on two. The plan's data line says how many threads run the jobs.

import { availableParallelism } from 'node:os';

/** The worker threads `jobs` jobs at once run on: one per job, at most one per CPU core. */
export function workerThreads(jobs: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(jobs, cores));
}

/**
 * The most jobs one worker runs at once when `jobs` run at once on workerThreads(jobs, cores) threads,
 * each job given to the least busy: its connection pools are sized by it.
 */
export function jobsPerWorker(jobs: number, cores = availableParallelism()): number {
  return Math.ceil(Math.max(1, jobs) / workerThreads(jobs, cores));
}
