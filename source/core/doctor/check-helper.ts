import {maskSecret} from '../secrets/mask.js';
import {configuredHelper, describeSource} from './facts.js';
import {findStoredKey} from './stored-key.js';
import type {DoctorCheck, DoctorContext, Finding, HelperRun} from './types.js';

/** Claude Code gives up on a helper that prints nothing usable; 5 s is already slow for one. */
export const helperTimeoutMs = 5000;

const rerun = {description: 'Run claude-setup again to store your key and reinstall the helper', command: 'npx claude-setup'};

/** The apiKeyHelper Claude Code would run: it runs, and prints one non-empty line in time. */
export const apiKeyHelperCheck: DoctorCheck = {
	id: 'api-key-helper',
	title: 'API key helper',
	timeoutMs: helperTimeoutMs + 2000,
	async run(context) {
		const {facts, show} = context;
		const helper = configuredHelper(facts);
		if (!helper) {
			return {status: 'skip', summary: 'No apiKeyHelper is set'};
		}

		const where = describeSource(helper.source, facts, show);
		if (!helper.isRunnable) {
			return {
				status: 'skip',
				summary: `Not run: it comes from ${where}, and Claude Code runs a project's helper only once you trust the folder`,
			};
		}

		if (helper.isOurs && !facts.helper.installed) {
			return missingHelperFiles(context, where);
		}

		const run = await context.helperRun();
		return run ? judgeRun(run, context) : {status: 'skip', summary: 'The helper was not run'};
	},
};

async function missingHelperFiles(context: DoctorContext, where: string): Promise<Finding> {
	const {ports, facts, show} = context;
	const stored = await findStoredKey(ports, facts);
	context.noteSecret(stored?.secret);
	const summary = `${where} points at claude-setup's key helper, but its files in ${show(facts.helper.directory)} are missing`;
	if (!stored) {
		return {status: 'fail', summary: `${summary}, and no stored key was found`, fix: rerun};
	}

	const store = stored.backend === 'file' ? 'the key file' : 'the keychain';
	return {
		status: 'fail',
		summary,
		fix: {description: `Reinstall the helper files; your key is still in ${store}`, command: 'claude-setup doctor --fix', safe: 'reinstall-helper'},
	};
}

function judgeRun(run: HelperRun, context: DoctorContext): Finding {
	const printed = run.stdout.replace(/\r?\n$/, '');
	context.noteSecret(printed.trim());
	const seconds = `${(run.elapsedMs / 1000).toFixed(1)} s`;
	const stderr = firstLine(run.stderr);
	const said = stderr ? `: ${stderr}` : '';
	const fixCommand = {description: 'Run the helper yourself to see what it does, then correct it', command: run.command};
	if (run.timedOut) {
		return {status: 'fail', summary: `Did not finish within ${helperTimeoutMs / 1000} s`, fix: fixCommand};
	}

	if (run.notFound || run.failedToStart) {
		return {status: 'fail', summary: `Could not be started${run.failedToStart ? `: ${run.failedToStart}` : ''}`, fix: fixCommand};
	}

	if (run.exitCode !== 0) {
		return {status: 'fail', summary: `Exited with code ${run.exitCode ?? 'none'}${said}`, fix: stderr.includes('claude-setup') ? rerun : fixCommand};
	}

	const trimmed = printed.trim();
	if (trimmed === '') {
		return {status: 'fail', summary: `Printed nothing${said}`, fix: fixCommand};
	}

	if (printed.includes('\n')) {
		return {
			status: 'fail',
			summary: `Printed ${printed.split('\n').length} lines; Claude Code needs the key alone on one line`,
			fix: {description: 'Make the helper print only the key (send messages to stderr)', command: run.command},
		};
	}

	if (!/^[\u0020-\u007E]+$/.test(trimmed)) {
		return {status: 'fail', summary: 'Printed characters that cannot be in a key (not printable ASCII)', fix: fixCommand};
	}

	return {status: 'pass', summary: `Prints a key (${maskSecret(trimmed)}) in ${seconds}`};
}

function firstLine(text: string): string {
	return (text.trim().split(/\r?\n/)[0] ?? '').slice(0, 300);
}

/** The key claude-setup's helper reads is there, and the store holding it works. */
export const storedKeyCheck: DoctorCheck = {
	id: 'stored-key',
	title: 'Stored API key',
	// The keychain probe and read are each bounded (2 s and 3 s) and run side by side.
	timeoutMs: 5000,
	async run(context) {
		const {ports, facts, show} = context;
		const {configured} = facts.helper;
		if (!configured) {
			return {status: 'skip', summary: "claude-setup's key helper is not set up here"};
		}

		const [read, health] = await Promise.all([
			ports.secrets.get(configured.ref, configured.backend).then(
				secret => ({secret}),
				(error: unknown) => ({error: error instanceof Error ? error.message : String(error)}),
			),
			configured.backend === 'keychain' ? ports.secrets.probe() : undefined,
		]);
		const store = configured.backend === 'file' ? show(ports.secrets.fileLocation()) : health?.ok ? `the ${health.backendName}` : 'the keychain';
		const entry = `${configured.ref.service}/${configured.ref.account}`;
		const detail = [`Entry: ${entry} in ${store}`];
		if (health && !health.ok) {
			return {status: 'fail', summary: health.reason, detail, fix: {description: health.fix}};
		}

		if ('error' in read) {
			return {status: 'fail', summary: read.error, detail, fix: rerun};
		}

		if (!read.secret) {
			return {status: 'fail', summary: `No key is stored in ${store} under ${entry}, so the helper has nothing to print`, detail, fix: rerun};
		}

		context.noteSecret(read.secret);
		return {status: 'pass', summary: `${maskSecret(read.secret)} in ${store}`, detail};
	},
};
