// Wall time and peak RSS of a command that runs to its end without a terminal (stdin /dev/null,
// output piped, as in a script or CI).
//
// Peak RSS is the largest resident set of the command or any process it started (what GNU time's %M
// and BSD time's "maximum resident set size" report, from the kernel's rusage). Where neither is
// installed, the bench polls /proc/<pid>/status of the command and its descendants every 10 ms and
// keeps the highest VmHWM (the kernel's own peak, so a spike between two polls is still counted as
// long as the process is alive at the next poll).
import {spawn, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {readFile, rm} from 'node:fs/promises';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {readPeakRssKiB} from './measure-pty.mjs';

/** @typedef {'gnu-time' | 'bsd-time' | 'proc-poll' | 'none'} RssMethod */

/** @returns {RssMethod} */
export function chooseRssMethod() {
	const time = '/usr/bin/time';
	if (spawnSync(time, ['-f', '%M', 'true'], {stdio: 'ignore'}).status === 0) {
		return 'gnu-time';
	}

	if (process.platform === 'darwin' && spawnSync(time, ['-l', 'true'], {stdio: 'ignore'}).status === 0) {
		return 'bsd-time';
	}

	return readPeakRssKiB(process.pid) === undefined ? 'none' : 'proc-poll';
}

export const rssMethodDescriptions = {
	'gnu-time': 'GNU time %M (kernel rusage: the largest process of the command’s tree)',
	'bsd-time': 'BSD time -l (kernel rusage: the largest process of the command’s tree)',
	'proc-poll': '/proc VmHWM of the command and its descendants, polled every 10 ms (install GNU time for the exact figure)',
	none: 'not measured (no /usr/bin/time and no /proc)',
};

/**
@param {string} command
@param {string[]} args
@param {{cwd: string, env: Record<string, string>, timeoutMs: number, rssMethod: RssMethod, scratch: string}} options
@returns {Promise<{wallMs: number, peakRssKiB?: number, exitCode: number | null, signal: string | null, timedOut: boolean, stdout: string, stderr: string}>}
*/
export async function runMeasured(command, args, {cwd, env, timeoutMs, rssMethod, scratch}) {
	const rssFile = path.join(scratch, `rss-${process.hrtime.bigint()}.txt`);
	const [file, fileArgs] =
		rssMethod === 'gnu-time'
			? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, command, ...args]]
			: rssMethod === 'bsd-time'
				? ['/usr/bin/time', ['-l', command, ...args]]
				: [command, args];

	const stdout = [];
	const stderr = [];
	let timedOut = false;
	let polledPeak;
	const startedAt = performance.now();
	const child = spawn(file, fileArgs, {cwd, env, stdio: ['ignore', 'pipe', 'pipe']});
	const closed = new Promise(resolve => {
		child.once('close', resolve);
	});
	child.stdout.on('data', chunk => stdout.push(chunk));
	child.stderr.on('data', chunk => stderr.push(chunk));
	const poller =
		rssMethod === 'proc-poll'
			? setInterval(() => {
				for (const pid of [child.pid, ...descendantsOf(child.pid)]) {
					const peak = readPeakRssKiB(pid);
					if (peak !== undefined && (polledPeak === undefined || peak > polledPeak)) {
						polledPeak = peak;
					}
				}
			}, 10)
			: undefined;
	const timer = setTimeout(() => {
		timedOut = true;
		killTree(child.pid);
	}, timeoutMs);

	const {exitCode, signal, exitedAt} = await new Promise((resolve, reject) => {
		child.once('error', reject);
		// 'exit', not 'close': a grandchild that keeps the pipes open must not count as the command's time.
		child.once('exit', (code, killedBy) => {
			resolve({exitCode: code, signal: killedBy, exitedAt: performance.now()});
		});
	}).finally(() => {
		clearTimeout(timer);
		clearInterval(poller);
	});
	// Give the pipes a moment to drain what was written before the exit (not forever: a grandchild may hold them).
	let drainTimer;
	await Promise.race([closed, new Promise(resolve => {
		drainTimer = setTimeout(resolve, 500);
	})]);
	clearTimeout(drainTimer);

	let errorText = Buffer.concat(stderr).toString('utf8');
	let peakRssKiB = polledPeak;
	if (rssMethod === 'gnu-time') {
		const text = await readFile(rssFile, 'utf8').catch(() => '');
		// time writes "Command exited with non-zero status N" before the figure.
		const figure = /(\d+)\s*$/.exec(text.trim());
		peakRssKiB = figure ? Number(figure[1]) : undefined;
		await rm(rssFile, {force: true});
	} else if (rssMethod === 'bsd-time') {
		const figure = /(\d+)\s+maximum resident set size/.exec(errorText);
		peakRssKiB = figure ? Math.round(Number(figure[1]) / 1024) : undefined;
		errorText = errorText.replace(/\n\s+\d+\.\d+ real[\s\S]*$/, '');
	}

	return {
		wallMs: exitedAt - startedAt,
		peakRssKiB,
		exitCode,
		signal,
		timedOut,
		stdout: Buffer.concat(stdout).toString('utf8'),
		stderr: errorText,
	};
}

function descendantsOf(pid) {
	const found = [];
	const queue = [pid];
	while (queue.length > 0) {
		const parent = queue.shift();
		let children = '';
		try {
			children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8');
		} catch {}

		for (const child of children.split(' ').filter(Boolean).map(Number)) {
			found.push(child);
			queue.push(child);
		}
	}

	return found;
}

/** Kills the command and everything it started, so a timed-out `time` wrapper leaves no orphan. */
function killTree(pid) {
	for (const target of [...descendantsOf(pid).reverse(), pid]) {
		try {
			process.kill(target, 'SIGKILL');
		} catch {}
	}
}
