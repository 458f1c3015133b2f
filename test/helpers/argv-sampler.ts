import {Worker} from 'node:worker_threads';

/**
Watches the argument lists of every process descending from `rootPid` (by default this test
process, so the wizard in its pseudo-terminal and everything the wizard starts), by reading
/proc/<pid>/stat and /proc/<pid>/cmdline every few milliseconds. Any local user can read a
process's argv (`ps`), so a secret handed to a child process through its arguments is a leak; one
handed through the environment or a pipe is not.

The sampling loop runs in a worker thread with synchronous reads, so it keeps its pace while the
test's own thread is busy rendering the terminal. A process that starts and ends between two
samples is missed: `stats()` says how many samples were taken and how many processes were seen,
and a test should check that the processes it expects (`claude auth status`, the key helper) were.
Linux only.
*/

export type SampledProcess = {
	pid: number;
	ppid: number;
	/** The argument list as read from /proc/<pid>/cmdline; a process that exec'd shows up once per argv. */
	argv: string[];
	/** Milliseconds since the sampler started, when this argv was first seen. */
	firstSeenMs: number;
};

export type ArgvSampler = {
	/** Stops sampling and returns every distinct (pid, argv) seen, in order of discovery. */
	stop(): Promise<SampledProcess[]>;
	/** Samples taken so far; updated when `stop()` resolves. */
	readonly sampleCount: number;
};

export type ArgvSamplerOptions = {
	rootPid?: number;
	/** Pause between two samples; 2 ms by default. */
	intervalMs?: number;
	/** Leave out this process's own argv (the test runner), which is not a child of the wizard. */
	includeRoot?: boolean;
};

// Plain JavaScript evaluated in the worker: the TypeScript of this file is not loadable there.
const workerSource = String.raw`
const {parentPort, workerData} = require('node:worker_threads');
const {readdirSync, readFileSync} = require('node:fs');
const {rootPid, intervalMs, includeRoot, stopFlag} = workerData;
const flag = new Int32Array(stopFlag);
const started = Date.now();
/** pid -> {starttime, ppid, isDescendant, argvKeys:Set} for every live pid seen. */
const known = new Map();
const found = [];
let samples = 0;

function readStat(pid) {
	try {
		const text = readFileSync('/proc/' + pid + '/stat', 'latin1');
		// The command name is in parentheses and may itself contain spaces or parentheses.
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return {ppid: Number(fields[1]), starttime: fields[19]};
	} catch {
		return undefined;
	}
}

function readArgv(pid) {
	try {
		const bytes = readFileSync('/proc/' + pid + '/cmdline');
		if (bytes.length === 0) {
			return undefined;
		}
		const text = bytes.toString('utf8');
		return (text.endsWith('\0') ? text.slice(0, -1) : text).split('\0');
	} catch {
		return undefined;
	}
}

function sample() {
	samples++;
	let pids;
	try {
		pids = readdirSync('/proc').filter(name => name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57).map(Number);
	} catch {
		return;
	}
	const live = new Set(pids);
	for (const pid of known.keys()) {
		if (!live.has(pid)) {
			known.delete(pid);
		}
	}
	const fresh = [];
	for (const pid of pids) {
		const entry = known.get(pid);
		if (entry === undefined) {
			const stat = readStat(pid);
			if (stat) {
				const created = {starttime: stat.starttime, ppid: stat.ppid, isDescendant: undefined, argvKeys: new Set()};
				known.set(pid, created);
				fresh.push(pid);
			}
		}
	}
	// A parent may be listed after its child: settle the new pids until nothing changes.
	let changed = true;
	while (changed) {
		changed = false;
		for (const pid of fresh) {
			const entry = known.get(pid);
			if (!entry || entry.isDescendant !== undefined) {
				continue;
			}
			if (pid === rootPid) {
				entry.isDescendant = includeRoot;
				entry.isRoot = true;
				changed = true;
				continue;
			}
			if (entry.ppid === rootPid) {
				entry.isDescendant = true;
				changed = true;
				continue;
			}
			const parent = known.get(entry.ppid);
			if (parent === undefined || entry.ppid <= 1) {
				entry.isDescendant = false;
				changed = true;
			} else if (parent.isDescendant !== undefined) {
				entry.isDescendant = parent.isDescendant || parent.isRoot === true;
				changed = true;
			}
		}
	}
	for (const pid of fresh) {
		const entry = known.get(pid);
		if (entry && entry.isDescendant === undefined) {
			entry.isDescendant = false;
		}
	}
	// A process can exec after it was first seen: read every descendant's argv on every sample.
	for (const [pid, entry] of known) {
		if (!entry.isDescendant) {
			continue;
		}
		const argv = readArgv(pid);
		if (argv === undefined) {
			continue;
		}
		const key = argv.join('\0');
		if (!entry.argvKeys.has(key)) {
			entry.argvKeys.add(key);
			found.push({pid, ppid: entry.ppid, argv, firstSeenMs: Date.now() - started});
		}
	}
}

const pause = new Int32Array(new SharedArrayBuffer(4));
while (Atomics.load(flag, 0) === 0) {
	sample();
	Atomics.wait(pause, 0, 0, intervalMs);
}
sample();
parentPort.postMessage({found, samples});
`;

export function startArgvSampler(options: ArgvSamplerOptions = {}): ArgvSampler {
	if (process.platform !== 'linux') {
		throw new Error('The argv sampler reads /proc: Linux only.');
	}

	const stopFlag = new SharedArrayBuffer(4);
	const worker = new Worker(workerSource, {
		eval: true,
		workerData: {rootPid: options.rootPid ?? process.pid, intervalMs: options.intervalMs ?? 2, includeRoot: options.includeRoot ?? false, stopFlag},
	});
	let sampleCount = 0;
	const result = new Promise<SampledProcess[]>((resolve, reject) => {
		worker.once('message', (message: {found: SampledProcess[]; samples: number}) => {
			sampleCount = message.samples;
			resolve(message.found);
		});
		worker.once('error', reject);
		worker.once('exit', code => {
			reject(new Error(`The argv sampler stopped early (exit code ${code}).`));
		});
	});
	// Read only through stop(); an early failure must not become an unhandled rejection before that.
	result.catch(() => undefined);
	let stopped: Promise<SampledProcess[]> | undefined;

	return {
		async stop() {
			stopped ??= (async () => {
				Atomics.store(new Int32Array(stopFlag), 0, 1);
				Atomics.notify(new Int32Array(stopFlag), 0);
				try {
					return await result;
				} finally {
					await worker.terminate();
				}
			})();
			return stopped;
		},
		get sampleCount() {
			return sampleCount;
		},
	};
}

/** The sampled processes whose argv contains any of `needles`, with the needle found. */
export function argvLeaks(processes: readonly SampledProcess[], needles: readonly string[]): Array<{process: SampledProcess; needle: string}> {
	const leaks: Array<{process: SampledProcess; needle: string}> = [];
	for (const sampled of processes) {
		const joined = sampled.argv.join(' ');
		for (const needle of needles) {
			if (needle && joined.includes(needle)) {
				leaks.push({process: sampled, needle});
			}
		}
	}

	return leaks;
}
