import {installMethods} from '../core/install/methods.js';
import type {ScriptableInstallMethod} from '../core/install/scriptable.js';
import type {Ports} from '../core/ports.js';
import {copy} from '../ui/copy.js';
import {exitCodes, writeLines, type CommandIo} from './io.js';

/**
`--install <method>`: the wizard's install step without a screen. The installer's output streams to
stderr as it comes (so a CI log shows progress and stdout stays the report); a failure says why and
what to do, with the last lines. Returns the `claude` it installed, or the exit code.
*/
export async function installForScript(
	methodId: ScriptableInstallMethod,
	options: {dryRun: boolean},
	ports: Ports,
	io: CommandIo,
	show: (target: string) => string,
): Promise<{claudePath?: string} | number> {
	const method = installMethods(await ports.installer.environment()).find(candidate => candidate.id === methodId);
	if (!method?.isAvailable) {
		writeLines(io.stderr, [
			`--install ${methodId} cannot run here: ${method?.unavailableReason ?? 'not offered on this platform'}.`,
			...(method ? [`To install it yourself: ${method.command.display}`] : []),
			'Nothing was written.',
		]);
		return exitCodes.failed;
	}

	if (options.dryRun) {
		writeLines(io.stdout, [`Would install Claude Code: ${method.command.display}`]);
		return {};
	}

	writeLines(io.stdout, [copy.install.running(method.command.display)]);
	const outcome = await ports.installer.run(method, line => {
		writeLines(io.stderr, [`  │ ${line}`]);
	}, new AbortController().signal);
	if (outcome.kind !== 'installed') {
		const failure = outcome.kind === 'failed' ? outcome.failure : {cause: 'it was stopped', fix: 'Run it again.'};
		writeLines(io.stderr, [
			copy.install.failed(failure.cause),
			copy.install.fix(failure.fix),
			...(outcome.tail.length > 0 ? [copy.install.lastLines, ...outcome.tail.slice(-10).map(line => `  ${line}`)] : []),
			'Nothing else was done.',
		]);
		return exitCodes.failed;
	}

	const verification = await ports.installer.verify();
	if (!verification.version || !verification.binaryPath) {
		writeLines(io.stderr, [copy.install.failed(verification.problem ?? '`claude --version` did not run afterwards'), 'Nothing else was done.']);
		return exitCodes.failed;
	}

	writeLines(io.stdout, [copy.install.installed(verification.version, show(verification.binaryPath))]);
	if (!verification.isOnPath && verification.binDirectory) {
		// A script is not asked before a shell start-up file changes: it is told the line to add.
		const plan = await ports.installer.planPathFix(verification.binDirectory);
		writeLines(io.stdout, [
			copy.install.notOnPath(show(verification.binDirectory)),
			'file' in plan ? copy.install.pathPlan(show(plan.file), plan.line) : plan.manual,
		]);
	}

	return {claudePath: verification.binaryPath};
}
