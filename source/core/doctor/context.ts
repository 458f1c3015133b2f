import type {Ports} from '../ports.js';
import {helperTimeoutMs} from './check-helper.js';
import {configuredHelper} from './facts.js';
import type {DoctorContext, DoctorFacts, HelperRun} from './types.js';

export type DoctorContextOptions = {
	ports: Ports;
	facts: DoctorFacts;
	show: (target: string) => string;
	now?: () => number;
};

/**
The context the checks share. The apiKeyHelper runs at most once (two checks need its output) and
is cut shortly after its own timeout even when a grandchild keeps its output open, so a check
waiting on it never waits longer than that. Every secret a check comes across is collected, so
the report can be scrubbed of it.
*/
export function createDoctorContext(options: DoctorContextOptions): {context: DoctorContext; secrets: () => string[]} {
	const {ports, facts, show} = options;
	// Wall-clock time: the clock check compares it with a server's Date header.
	const now = options.now ?? (() => Date.now());
	const secrets = new Set<string>();
	const noteSecret = (value: string | undefined) => {
		for (const part of (value ?? '').split(/\r?\n/)) {
			// Very short strings ("1", "") would scrub ordinary words out of the report.
			if (part.trim().length >= 8) {
				secrets.add(part.trim());
			}
		}
	};

	let running: Promise<HelperRun | undefined> | undefined;
	const runHelper = async (): Promise<HelperRun | undefined> => {
		const helper = configuredHelper(facts);
		if (!helper?.isRunnable || (helper.isOurs && !facts.helper.installed)) {
			return undefined;
		}

		const started = now();
		let timer: ReturnType<typeof setTimeout> | undefined;
		const cut = new Promise<Omit<HelperRun, 'command' | 'elapsedMs'>>(resolve => {
			timer = setTimeout(() => {
				resolve({exitCode: undefined, stdout: '', stderr: '', timedOut: true});
			}, helperTimeoutMs + 500);
		});
		try {
			const result = await Promise.race([ports.processes.runShellCommand(helper.command, {timeoutMs: helperTimeoutMs}), cut]);
			noteSecret(result.stdout);
			return {...result, command: helper.command, elapsedMs: now() - started};
		} finally {
			clearTimeout(timer);
		}
	};

	const context: DoctorContext = {
		ports,
		facts,
		show,
		now,
		noteSecret,
		async helperRun() {
			running ??= runHelper();
			return running;
		},
	};
	return {context, secrets: () => [...secrets]};
}
