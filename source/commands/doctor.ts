import {stat} from 'node:fs/promises';
import path from 'node:path';
import {managedSettingsPath, readManagedSettings} from '../adapters/managed-settings.js';
import {displayPath, type Paths} from '../adapters/paths.js';
import {createRealPorts} from '../adapters/real-ports.js';
import {doctorChecks} from '../core/doctor/checks.js';
import {createDoctorContext} from '../core/doctor/context.js';
import {renderText, scrubSecrets, toJsonDocument} from '../core/doctor/report.js';
import {exitCodeOf, runChecks, summarize} from '../core/doctor/run.js';
import {scanShellExports} from '../core/doctor/shell-exports.js';
import {readShellFiles, shellFilePaths} from '../adapters/shell-startup.js';
import type {CheckReport, DoctorFacts} from '../core/doctor/types.js';
import type {Ports} from '../core/ports.js';
import {isSecretKeyName} from '../core/secrets/mask.js';
import {describeFixes, offerFixes, safeFixIds} from './doctor-fixes.js';
import {exitCodes, writeLines, type CommandIo} from './io.js';

export type DoctorOptions = {
	verbose: boolean;
	json: boolean;
	fix: boolean;
	/**
	Takes the run lock before fixes are offered without --fix (a terminal): the checks never need it,
	so a doctor still answers while the wizard runs, but it changes nothing then. False (its message
	printed) when another claude-setup holds it. With --fix the caller took it already.
	*/
	takeLock?: () => Promise<boolean>;
};

/**
`claude-setup doctor`: one checklist of everything that decides whether Claude Code works here,
every check run at once and each bounded, so it answers in seconds even when something hangs.
Exit 0 when nothing failed (warnings are fine), 1 when something did, 2 for wrong usage (including
`--fix` without a terminal, after saying what it would have done), 130 when a fix prompt is cancelled.
*/
export async function runDoctor(options: DoctorOptions, io: CommandIo): Promise<number> {
	if (options.fix && options.json) {
		writeLines(io.stderr, ['--fix asks questions, so it cannot be combined with --json. Run `claude-setup doctor --fix` on its own.']);
		return exitCodes.usage;
	}

	const {ports, paths} = createRealPorts(io);
	const show = (target: string) => displayPath(target, paths.home);
	let first: Diagnosis;
	try {
		first = await diagnose(ports, paths, io, show);
	} catch (error) {
		// Checks never throw (the runner turns that into a finding); this is reading the files themselves failing.
		writeLines(io.stderr, [`claude-setup doctor could not read this machine's setup: ${scrubSecrets(error instanceof Error ? error.message : String(error), [])}`]);
		return exitCodes.failed;
	}

	const secrets = () => first.secrets;
	const print = (text: string) => io.stdout.write(scrubSecrets(text, secrets()));
	const printLines = (lines: string[]) => {
		print(lines.map(line => `${line}\n`).join(''));
	};

	if (options.json) {
		print(`${JSON.stringify(toJsonDocument(first.reports, toolVersion()), undefined, 2)}\n`);
		return exitCodeOf(summarize(first.reports));
	}

	const color = Boolean((io.stdout as {isTTY?: boolean}).isTTY) && !io.env['NO_COLOR'];
	print(renderText(first.reports, {verbose: options.verbose, color}));
	// In a terminal the doctor offers what it can fix without being asked to (each fix is shown and
	// asked about first); in a script it only reports, unless --fix says otherwise.
	const offers = options.fix || (io.isInteractive && safeFixIds(first.reports).length > 0);
	if (!offers) {
		return exitCodeOf(summarize(first.reports));
	}

	const fixContext = {ports, facts: first.facts, show};
	if (!io.isInteractive) {
		printLines(['', ...(await describeFixes(first.reports, fixContext))]);
		writeLines(io.stderr, ['claude-setup doctor --fix needs a terminal to ask before each change; run it interactively.']);
		return exitCodes.usage;
	}

	if (!options.fix && options.takeLock && !(await options.takeLock())) {
		printLines(['', 'Fixes are not offered while another claude-setup is running; run `claude-setup doctor` again once it has finished.']);
		return exitCodeOf(summarize(first.reports));
	}

	const outcome = await offerFixes(first.reports, fixContext, io, printLines);
	if (outcome.cancelled) {
		return exitCodes.cancelled;
	}

	if (outcome.applied === 0) {
		return exitCodeOf(summarize(first.reports));
	}

	// The verdict is what is true now, so the checks run again after a change.
	const again = await diagnose(ports, paths, io, show);
	printLines(['', 'After the fixes:']);
	io.stdout.write(scrubSecrets(renderText(again.reports, {verbose: options.verbose, color}), [...first.secrets, ...again.secrets]));
	return exitCodeOf(summarize(again.reports));
}

type Diagnosis = {facts: DoctorFacts; reports: CheckReport[]; secrets: string[]};

async function diagnose(ports: Ports, paths: Paths, io: CommandIo, show: (target: string) => string): Promise<Diagnosis> {
	const facts = await gatherFacts(ports, paths, io);
	const {context, secrets} = createDoctorContext({ports, facts, show});
	for (const value of knownSecretValues(facts)) {
		context.noteSecret(value);
	}

	const reports = await runChecks(doctorChecks, context);
	const found = secrets();
	return {facts, reports: reports.map(report => scrubReport(report, found)), secrets: found};
}

/** Everything the checks read from disk, read once and side by side. */
export async function gatherFacts(ports: Ports, paths: Paths, io: Pick<CommandIo, 'env'>): Promise<DoctorFacts> {
	const {env} = io;
	const platform = process.platform;
	const caPath = env['NODE_EXTRA_CA_CERTS']?.trim();
	const [snapshots, managed, shellFiles, helper, caExists, loginFile] = await Promise.all([
		Promise.all((['user', 'project', 'local'] as const).map(async scope => ports.settings.read(scope))),
		readManagedSettings(managedSettingsPath(platform, env)),
		readShellFiles(shellFilePaths(paths.home, env)),
		ports.helper.inspect(),
		caPath ? isFile(caPath) : Promise.resolve(false),
		// On macOS Claude Code keeps its sign-in in the Keychain, which is not looked into here.
		platform === 'darwin' ? Promise.resolve(undefined) : isFile(path.join(paths.claudeConfigDir, '.credentials.json')),
	]);
	return {
		platform,
		env,
		home: paths.home,
		claudeConfigDir: paths.claudeConfigDir,
		snapshots,
		managed,
		shellFiles,
		helper,
		...(caPath ? {extraCaCertificates: {path: caPath, exists: caExists}} : {}),
		...(loginFile === undefined ? {} : {hasLoginCredentialsFile: loginFile}),
	};
}

async function isFile(file: string): Promise<boolean> {
	return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

/** Values known to be secret before any check runs: from the environment, settings `env` blocks and start-up files. */
function knownSecretValues(facts: DoctorFacts): string[] {
	const values: string[] = [];
	const add = (name: string, value: unknown) => {
		if (isSecretKeyName(name) && typeof value === 'string') {
			values.push(value);
		}
	};

	for (const [name, value] of Object.entries(facts.env)) {
		add(name, value);
	}

	for (const data of [...facts.snapshots.map(snapshot => snapshot.data), facts.managed.data]) {
		const block = data?.['env'];
		if (typeof block === 'object' && block !== null) {
			for (const [name, value] of Object.entries(block)) {
				add(name, value);
			}
		}
	}

	for (const found of scanShellExports(facts.shellFiles)) {
		add(found.variable, found.value);
	}

	return values;
}

function scrubReport(report: CheckReport, secrets: readonly string[]): CheckReport {
	const scrub = (text: string) => scrubSecrets(text, secrets);
	return {
		...report,
		summary: scrub(report.summary),
		...(report.detail ? {detail: report.detail.map(line => scrub(line))} : {}),
		...(report.fix
			? {fix: {...report.fix, description: scrub(report.fix.description), ...(report.fix.command ? {command: scrub(report.fix.command)} : {})}}
			: {}),
	};
}

/** The package version, set at build time; tests run from source, where there is none. */
function toolVersion(): string {
	return typeof __CLAUDE_SETUP_VERSION__ === 'string' ? __CLAUDE_SETUP_VERSION__ : '0.0.0-development';
}
