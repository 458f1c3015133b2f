// `npm run bench`: builds claude-setup and measures it beside its anchors (the floor of any Node CLI,
// the floor of any Ink wizard, and the real Claude Code's own commands), then prints medians, ratios
// and PASS/FAIL against the budgets, and writes every figure to .bench/. It reports; it does not
// gate: the exit code is 0 unless nothing could be measured. See docs/bench.md.
//
//   npm run bench                          build dist/ in place, then measure (run it alone)
//   node scripts/bench/run.mjs --copy      measure a fresh build of HEAD in a temp folder
//   node scripts/bench/run.mjs --worktree  the same, with uncommitted changes
//   node scripts/bench/run.mjs --no-build [--project DIR]   measure a dist/ as it is
//   options: --runs N (21) --presses N (200) --key-gap-ms N (50) --timeout-ms N (60000) --warmup N (1) --no-footprint
import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {spawnSync} from 'node:child_process';
import {existsSync, realpathSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {measureFootprint} from './footprint.mjs';
import {chooseRssMethod, rssMethodDescriptions, runMeasured} from './measure-process.mjs';
import {timeFirstFrame, timeFirstOutput, timeKeystrokes, timeStep} from './measure-pty.mjs';
import {bundleInkFloor, prepareProject} from './prepare.mjs';
import {budget, formatMb, formatMs, kibToMb, markdownTable, median, percentile, table} from './report.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const question = 'Where were you invited?';
/** Subjects this build or machine lacks, with the reason, for the table and the JSON. */
const unavailable = {};

const {values: options} = parseArgs({
	options: {
		runs: {type: 'string', default: '21'},
		presses: {type: 'string', default: '200'},
		'key-gap-ms': {type: 'string', default: '50'},
		'timeout-ms': {type: 'string', default: '60000'},
		warmup: {type: 'string', default: '1'},
		copy: {type: 'boolean', default: false},
		worktree: {type: 'boolean', default: false},
		'no-build': {type: 'boolean', default: false},
		project: {type: 'string'},
		'no-footprint': {type: 'boolean', default: false},
		help: {type: 'boolean', short: 'h', default: false},
	},
});

if (options.help) {
	console.log('Usage: npm run bench [-- --runs N --presses N --key-gap-ms N --timeout-ms N --warmup N --copy|--worktree|--no-build [--project DIR] --no-footprint]\nSee docs/bench.md.');
	process.exit(0);
}

const runs = positiveInteger('runs');
const presses = positiveInteger('presses');
const keyGapMs = positiveInteger('key-gap-ms', true);
const timeoutMs = positiveInteger('timeout-ms');
const warmup = positiveInteger('warmup', true);
if (runs < 5) {
	console.warn(`Note: ${runs} runs; medians of fewer than 5 runs move with machine noise.`);
}

const mode = options['no-build'] ? 'as-is' : options.worktree ? 'worktree' : options.copy ? 'head' : 'in-place';
const scratch = await mkdtemp(path.join(os.tmpdir(), 'claude-setup-bench-'));
let prepared;
try {
	prepared = await prepareProject({repoRoot, mode, projectRoot: options.project ? path.resolve(options.project) : repoRoot});
} catch (error) {
	console.error(`Could not prepare a build to measure: ${error.message}`);
	await rm(scratch, {recursive: true, force: true});
	process.exit(1);
}

// Ctrl-C: the programs in pseudo-terminals get SIGHUP with us; the temp folders are ours to remove.
process.once('SIGINT', () => {
	void Promise.allSettled([prepared.cleanup(), rm(scratch, {recursive: true, force: true})]).then(() => process.exit(130));
});

const {projectRoot} = prepared;
const node = process.execPath;
const bin = path.join(projectRoot, 'bin', 'claude-setup.cjs');
const claudeLink = path.join(projectRoot, 'node_modules', '.bin', 'claude');
const claude = existsSync(claudeLink) ? realpathSync(claudeLink) : undefined;
// A folder with only `claude` in it, put first on PATH for every command (see environment()).
const claudeDirectory = claude ? path.join(scratch, 'bin') : undefined;
if (claudeDirectory) {
	await mkdir(claudeDirectory);
	await symlink(claude, path.join(claudeDirectory, 'claude'));
}
const rssMethod = chooseRssMethod();
// How busy the machine was before and after: a bench that ran beside a test suite says so in its JSON.
const loadAverageAtStart = os.loadavg();
let exitCode = 0;

try {
	const floor = await bundleInkFloor(repoRoot, scratch);
	const subjects = await availableSubjects();
	const results = Object.fromEntries(subjects.map(subject => [subject.id, []]));

	// Alternate so that whatever else the machine does hits every subject alike, and every other round
	// in reverse order (A B C, C B A, …): a subject's place in the round (right after a terminal
	// session, or a process) moved its time by several percent on this machine, and a fixed order gave
	// every run of a subject the same place. The warm-up rounds fill the page cache and are not counted.
	for (let round = -warmup; round < runs; round++) {
		progress(round < 0 ? `warm-up ${round + warmup + 1}/${warmup}` : `round ${round + 1}/${runs}`);
		for (const subject of round % 2 === 0 ? subjects : [...subjects].reverse()) {
			// eslint-disable-next-line no-await-in-loop -- one at a time, or they would measure each other
			const result = await measureOnce(subject, floor);
			if (round >= 0) {
				results[subject.id].push(result);
			}
		}
	}

	// Paced presses (the budget) show what one press costs; held-key presses (the next key as soon as
	// the frame is seen) show Ink's frame-rate cap on top of it.
	const keystrokes = {};
	for (const [id, file, args, gapMs] of [
		['wizard', node, [bin], keyGapMs],
		['ink-floor', node, [floor], keyGapMs],
		['wizard-held', node, [bin], 0],
		['ink-floor-held', node, [floor], 0],
	]) {
		progress(`keystrokes: ${presses} presses of Down, ${gapMs} ms apart (${id})`);
		// eslint-disable-next-line no-await-in-loop -- one at a time
		keystrokes[id] = await inSandbox(async ({home, project}) =>
			timeKeystrokes(file, args, {cwd: project, env: environment(home, {isTerminal: true}), question, timeoutMs, presses, gapMs}),
		).catch(error => ({error: error.message}));
		keystrokes[id].gapMs = gapMs;
	}

	// The requirements step, every check at once (the endpoints refuse at once: see environment()).
	const requirements = [];
	for (let run = 0; run < runs; run++) {
		progress(`requirements step ${run + 1}/${runs}`);
		// eslint-disable-next-line no-await-in-loop -- one at a time
		const result = await inSandbox(async ({home, project}) =>
			timeStep(node, [bin], {
				cwd: project,
				env: environment(home, {isTerminal: true}),
				question,
				choice: 'I have already accepted my invite',
				isFirstRow: screen => /^[✓!✗] /m.test(screen),
				isDone: screen => screen.includes('Check again'),
				timeoutMs,
			}),
		).catch(error => ({error: error.message}));
		requirements.push(result);
	}

	let footprint;
	if (!options['no-footprint']) {
		progress('installed footprint: npm pack, then npm install --omit=dev of the tarball');
		footprint = await measureFootprint(projectRoot).catch(error => ({error: error.message}));
	}

	process.stderr.write('\n');
	const summary = summarize(subjects, results, keystrokes, requirements, footprint);
	if (Object.values(summary.medians).every(value => value.wallMs === undefined && value.interactiveMs === undefined && value.firstByteMs === undefined)) {
		console.error('Nothing could be measured; see the errors above.');
		exitCode = 1;
	}

	const report = {
		createdAt: new Date().toISOString(),
		machine: machine(),
		project: {mode, commit: options.project ? undefined : gitCommit(), path: options.project ? projectRoot : undefined, version: versionOf()},
		unavailable,
		options: {runs, warmup, presses, keyGapMs, timeoutMs},
		rssMethod,
		units: {time: 'ms', memory: 'MiB (KiB / 1024)', footprint: 'MiB of disk blocks (du -sk / 1024)'},
		budgets: summary.budgets.map(({shown, ...line}) => line),
		medians: summary.medians,
		keystrokes: summary.keystrokes,
		requirements: summary.requirements,
		footprint: summary.footprint,
		firstFrameRounds: summary.firstFrameRounds,
		runs: results,
	};
	const stamp = report.createdAt.replaceAll(/[:.]/g, '-');
	const outDir = path.join(repoRoot, '.bench');
	await mkdir(outDir, {recursive: true});
	const json = `${JSON.stringify(report, undefined, '\t')}\n`;
	await writeFile(path.join(outDir, `results-${stamp}.json`), json);
	await writeFile(path.join(outDir, 'latest.json'), json);
	print(report, summary);
	console.log(`\nFigures: .bench/results-${stamp}.json (also .bench/latest.json)`);
} catch (error) {
	console.error(`The bench failed: ${error.stack ?? error}`);
	exitCode = 1;
} finally {
	await prepared.cleanup();
	await rm(scratch, {recursive: true, force: true});
}

process.exit(exitCode);

/** The subjects of one round, in order; optional ones only when this build (or machine) has them. */
async function availableSubjects() {
	const subjects = [
		{id: 'node', label: 'node -e 0', kind: 'process', file: node, args: ['-e', '0']},
		{id: 'node-output', label: 'node -e "console.log(1)"', kind: 'pty-output', file: node, args: ['-e', 'console.log(1)']},
		{id: 'version', label: 'claude-setup --version', kind: 'process', file: node, args: [bin, '--version']},
		{id: 'ink-floor', label: 'Ink floor (one select list)', kind: 'pty-frame', file: node, args: ['<floor>']},
		{id: 'wizard', label: 'claude-setup (the wizard)', kind: 'pty-frame', file: node, args: [bin]},
	];
	for (const command of ['status', 'doctor']) {
		// eslint-disable-next-line no-await-in-loop -- two quick checks
		const check = await inSandbox(async ({home, project}) =>
			runMeasured(node, [bin, command, '--json'], {cwd: project, env: environment(home), timeoutMs, rssMethod: 'none', scratch}),
		);
		// A command that exists answers with JSON, whether it found problems (exit 1) or not (exit 0).
		if ([0, 1].includes(check.exitCode) && isJson(check.stdout)) {
			subjects.push({id: command, label: `claude-setup ${command} --json`, kind: 'process', file: node, args: [bin, command, '--json']});
		} else {
			unavailable[command] = `not available in this build (exit code ${check.exitCode}: ${(check.stderr.trim().split('\n')[0] ?? '').slice(0, 120)})`;
		}
	}

	if (claude) {
		subjects.push(
			{id: 'claude-auth-status', label: 'claude auth status', kind: 'process', file: claude, args: ['auth', 'status']},
			{id: 'claude-doctor', label: 'claude doctor', kind: 'process', file: claude, args: ['doctor']},
		);
	} else {
		unavailable['claude-auth-status'] = unavailable['claude-doctor'] = 'node_modules/.bin/claude is missing (npm ci installs it)';
	}

	return subjects;
}

async function measureOnce(subject, floor) {
	const args = subject.args.map(arg => (arg === '<floor>' ? floor : arg));
	return inSandbox(async ({home, project}) => {
		switch (subject.kind) {
			case 'process': {
				const run = await runMeasured(subject.file, args, {cwd: project, env: environment(home), timeoutMs, rssMethod, scratch});
				return {wallMs: run.wallMs, peakRssKiB: run.peakRssKiB, exitCode: run.exitCode, timedOut: run.timedOut || undefined};
			}

			case 'pty-output': {
				return timeFirstOutput(subject.file, args, {cwd: project, env: environment(home, {isTerminal: true}), timeoutMs});
			}

			default: {
				return timeFirstFrame(subject.file, args, {cwd: project, env: environment(home, {isTerminal: true}), question, timeoutMs});
			}
		}
	}).catch(error => {
		console.error(`\n${subject.label}: ${error.message}${error.screen ? `\nScreen:\n${error.screen}` : ''}`);
		return {error: error.message};
	});
}

/** A fresh HOME for each run, so every command starts as on a machine where nothing is set up yet. */
async function inSandbox(task) {
	const home = await mkdtemp(path.join(scratch, 'home-'));
	const project = path.join(home, 'project');
	await mkdir(project);
	try {
		return await task({home, project});
	} finally {
		await rm(home, {recursive: true, force: true, maxRetries: 3});
	}
}

/**
The user's own session (PATH, D-Bus, locale, proxies: whatever they have), with a fresh HOME and
every network endpoint pointed at a closed local port, so nothing leaves the machine and no run
depends on the network. The pinned Claude Code is first on PATH, as on a machine where it is
installed (and as `npm run bench` has it anyway), so `doctor` finds and checks the same `claude`
whether or not the bench runs through npm.
*/
function environment(home, {isTerminal = false} = {}) {
	const env = {
		...process.env,
		PATH: [claudeDirectory, process.env.PATH].filter(Boolean).join(path.delimiter),
		HOME: home,
		ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
		CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE: '*=127.0.0.1:9',
		// Claude Code's update check and telemetry would otherwise reach out from every fresh HOME.
		DISABLE_AUTOUPDATER: '1',
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
	};
	delete env.CLAUDE_CONFIG_DIR;
	if (isTerminal) {
		// Ink draws only a final frame when it thinks it runs in CI. The wizard hides these variables
		// from Ink itself and the floor would not; both draw in a pseudo-terminal, not in CI.
		delete env.CI;
		delete env.CONTINUOUS_INTEGRATION;
		env.TERM = 'xterm-256color';
	}

	return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

function summarize(subjects, results, keystrokes, requirements, footprint) {
	const medians = {};
	for (const subject of subjects) {
		const ok = results[subject.id].filter(run => !run.error && !run.timedOut);
		medians[subject.id] = {
			label: subject.label,
			runs: ok.length,
			failedRuns: results[subject.id].length - ok.length || undefined,
			wallMs: median(ok.map(run => run.wallMs ?? run.exitMs)),
			firstByteMs: median(ok.map(run => run.firstByteMs)),
			firstVisibleMs: median(ok.map(run => run.firstVisibleMs)),
			interactiveMs: median(ok.map(run => run.interactiveMs)),
			peakRssMb: kibToMb(median(ok.map(run => run.peakRssKiB))),
			minMs: Math.min(...ok.map(run => run.interactiveMs ?? run.wallMs ?? run.exitMs)),
			maxMs: Math.max(...ok.map(run => run.interactiveMs ?? run.wallMs ?? run.exitMs)),
		};
	}

	const keys = Object.fromEntries(
		Object.entries(keystrokes).map(([id, run]) => [
			id,
			run.error
				? {error: run.error}
				: {presses: run.latencies.length, gapMs: run.gapMs, p50Ms: percentile(run.latencies, 0.5), p95Ms: percentile(run.latencies, 0.95), maxMs: Math.max(...run.latencies), peakRssMb: kibToMb(run.peakRssKiB)},
		]),
	);
	const footprintSummary =
		footprint && !footprint.error
			? {diskMb: footprint.diskKiB / 1024, apparentMb: footprint.apparentBytes / 1024 / 1024, tarballKb: footprint.tarballBytes / 1024, packageCount: footprint.packages.length, packageFolders: footprint.packageFolders, packages: footprint.packages}
			: footprint;

	const completed = requirements.filter(run => !run.error);
	const requirementsSummary = {
		runs: completed.length,
		errors: requirements.filter(run => run.error).map(run => run.error),
		firstRowMs: median(completed.map(run => run.firstRowMs)),
		doneMs: median(completed.map(run => run.doneMs)),
		maxDoneMs: completed.length > 0 ? Math.max(...completed.map(run => run.doneMs)) : undefined,
	};
	const m = id => medians[id] ?? {};
	const budgets = [
		budget({name: 'first interactive frame (wizard)', value: m('wizard').interactiveMs, reference: m('ink-floor').interactiveMs, referenceName: 'Ink floor', limit: 1.1, isRatio: true, format: formatMs}),
		budget({name: 'first visible output (wizard)', value: m('wizard').firstVisibleMs, reference: m('node-output').firstVisibleMs, referenceName: 'node floor', limit: 1.5, isRatio: true, format: formatMs}),
		budget({name: 'claude-setup --version', value: m('version').wallMs, reference: m('node').wallMs, referenceName: 'node -e 0', limit: 1.2, isRatio: true, format: formatMs}),
		budget({name: 'claude-setup status --json', value: m('status').wallMs, reference: m('claude-auth-status').wallMs, referenceName: 'claude auth status', limit: 0.5, isRatio: true, format: formatMs, notAvailable: unavailable.status ? 'not available' : undefined}),
		budget({name: 'claude-setup doctor --json', value: m('doctor').wallMs, reference: m('claude-doctor').wallMs, referenceName: 'claude doctor', limit: 1, isRatio: true, format: formatMs, notAvailable: unavailable.doctor ? 'not available' : undefined}),
		budget({name: 'peak RSS, interactive wizard', value: keys.wizard?.peakRssMb, reference: keys['ink-floor']?.peakRssMb, referenceName: 'Ink floor', limit: 80, unit: 'MB', format: formatMb}),
		budget({name: `keystroke to frame, p95 of ${presses}`, value: keys.wizard?.p95Ms, reference: keys['ink-floor']?.p95Ms, referenceName: 'Ink floor', limit: 16, unit: 'ms', format: formatMs}),
		budget({name: 'requirements step, all checks', value: requirementsSummary.doneMs, limit: 1000, unit: 'ms', format: formatMs}),
		budget({name: 'installed size (du)', value: footprintSummary?.diskMb, limit: 5, unit: 'MB', format: mb => formatMb(mb, 2)}),
		budget({name: 'installed packages', value: footprintSummary?.packageCount, limit: 10, unit: 'packages', format: count => (count === undefined ? 'n/a' : String(count))}),
	];
	return {medians, keystrokes: keys, requirements: requirementsSummary, footprint: footprintSummary, budgets, firstFrameRounds: roundByRound(results.wizard, results['ink-floor'])};
}

/**
The wizard's first frame over the floor's, round by round: both ran within a second of each other,
so whatever slowed the machine then slowed both. The spread shows how far one round is from
telling; the budget is the ratio of the medians.
*/
function roundByRound(wizardRuns = [], floorRuns = []) {
	const ratios = wizardRuns
		.map((run, round) => run.interactiveMs / floorRuns[round]?.interactiveMs)
		.filter(ratio => Number.isFinite(ratio))
		.sort((a, b) => a - b);
	if (ratios.length === 0) {
		return undefined;
	}

	return {rounds: ratios.length, median: median(ratios), lowerQuartile: percentile(ratios, 0.25), upperQuartile: percentile(ratios, 0.75), min: ratios[0], max: ratios.at(-1)};
}

function print(report, summary) {
	const {machine: about} = report;
	console.log(
		`\nclaude-setup ${report.project.version} (${report.project.mode}${report.project.commit ? `, ${report.project.commit}` : ''}) · medians of ${runs} alternating runs · ${about.cpus} × ${about.cpuModel} · ${about.memoryGb} GB · Node ${about.node} · ${about.os}`,
	);
	// At the start: by the end the bench's own work (about one busy core) is in the figure.
	const [busy] = about.loadAverage.atStart;
	if (busy > about.cpus / 2) {
		console.log(`The machine was busy when the bench started (load average ${busy.toFixed(2)} on ${about.cpus} cores): times are inflated, and ratios less steady than on a quiet machine.`);
	}

	if (about.cpus !== 2) {
		console.log(`The budgets are set for a 2-core machine; this one has ${about.cpus}. Ratios travel better than absolute times.`);
	}

	const header = ['measure', 'claude-setup', 'reference', 'ratio', 'budget', 'result'];
	const rows = summary.budgets.map(line => [line.name, line.shown.value, line.shown.reference, line.shown.ratio, line.shown.limit, line.result]);
	console.log(`\n${table(header, rows)}`);
	const rounds = summary.firstFrameRounds;
	if (rounds) {
		const times = ratio => `${ratio.toFixed(2)}×`;
		console.log(
			`first frame, round by round (the wizard over the floor of the same round, ${rounds.rounds} rounds): median ${times(rounds.median)}, middle half ${times(rounds.lowerQuartile)}–${times(rounds.upperQuartile)}, all ${times(rounds.min)}–${times(rounds.max)}`,
		);
	}

	const detailHeader = ['command', 'first byte', 'first visible', 'first select list', 'wall (exit)', 'peak RSS', 'min–max', 'runs'];
	const detailRows = Object.values(summary.medians).map(entry => [
		entry.label,
		formatMs(entry.firstByteMs),
		formatMs(entry.firstVisibleMs),
		formatMs(entry.interactiveMs),
		formatMs(entry.wallMs),
		formatMb(entry.peakRssMb),
		Number.isFinite(entry.minMs) ? `${formatMs(entry.minMs)}–${formatMs(entry.maxMs)}` : 'n/a',
		`${entry.runs}${entry.failedRuns ? ` (+${entry.failedRuns} failed)` : ''}`,
	]);
	console.log(`\n${table(detailHeader, detailRows)}`);

	for (const [id, keys] of Object.entries(summary.keystrokes)) {
		console.log(
			keys.error
				? `keystrokes (${id}): not measured: ${keys.error}`
				: `keystrokes (${id}): ${keys.presses} presses, ${keys.gapMs} ms apart: p50 ${formatMs(keys.p50Ms)}, p95 ${formatMs(keys.p95Ms)}, max ${formatMs(keys.maxMs)}; peak RSS ${formatMb(keys.peakRssMb)}`,
		);
	}

	const steps = summary.requirements;
	console.log(
		steps.runs === 0
			? `requirements step: not measured: ${steps.errors.join('; ')}`
			: `requirements step (Enter on the invite screen to the checked list, ${steps.runs} runs): first row ${formatMs(steps.firstRowMs)}, all checks ${formatMs(steps.doneMs)} (slowest ${formatMs(steps.maxDoneMs)})`,
	);

	if (summary.footprint?.error) {
		console.log(`installed footprint: not measured: ${summary.footprint.error}`);
	} else if (summary.footprint) {
		const footprint = summary.footprint;
		console.log(
			`installed footprint: ${formatMb(footprint.diskMb, 2)} on disk (${formatMb(footprint.apparentMb, 2)} of file contents), tarball ${Math.round(footprint.tarballKb)} kB, ${footprint.packageCount} packages: ${footprint.packages.join(', ')}`,
		);
	}

	for (const [id, reason] of Object.entries(unavailable)) {
		console.log(`${id}: ${reason}`);
	}

	console.log(`peak RSS of commands: ${rssMethodDescriptions[report.rssMethod]}; of the wizard and the floor: VmHWM from /proc when the run ends.`);
	console.log(`\nMarkdown (for the README):\n\n${markdownTable(header, rows)}`);
}

function machine() {
	const cpus = os.cpus();
	return {
		cpus: cpus.length,
		cpuModel: cpus[0]?.model.replaceAll(/\s+/g, ' ').trim() ?? 'unknown CPU',
		memoryGb: Math.round(os.totalmem() / 1024 ** 3),
		node: process.version,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		loadAverage: {atStart: loadAverageAtStart, atEnd: os.loadavg()},
	};
}

function gitCommit() {
	const result = spawnSync('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD'], {encoding: 'utf8'});
	if (result.status !== 0) {
		return undefined;
	}

	const dirty = spawnSync('git', ['-C', repoRoot, 'status', '--porcelain'], {encoding: 'utf8'}).stdout.trim() !== '';
	// A HEAD copy is exactly the commit; the other modes build whatever the working tree holds.
	return `${result.stdout.trim()}${dirty && mode !== 'head' ? ' + uncommitted changes' : ''}`;
}

function versionOf() {
	const result = spawnSync(node, [bin, '--version'], {encoding: 'utf8'});
	return result.stdout.trim() || 'unknown version';
}

function isJson(text) {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

function positiveInteger(name, allowZero = false) {
	const value = Number(options[name]);
	if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
		console.error(`--${name} must be a whole number${allowZero ? '' : ' above 0'}, not ${options[name]}.`);
		process.exit(2);
	}

	return value;
}

function progress(text) {
	process.stderr.write(process.stderr.isTTY ? `\r\u001B[2Kbench: ${text}` : `bench: ${text}\n`);
}
