import path from 'node:path';
import {classifyInstalls, installMethods} from '../install/methods.js';
import type {Ports} from '../ports.js';
import type {DoctorCheck, FindingFix} from './types.js';

/** Is Claude Code installed, does it run, is it the one on PATH, and is it the only one? */
export const installCheck: DoctorCheck = {
	id: 'install',
	title: 'Claude Code',
	// `claude --version` may take up to 10 s per install on a cold disk.
	timeoutMs: 15_000,
	async run({ports, show}) {
		const installs = await ports.installer.detect();
		const {primary, duplicates, warning, fix} = classifyInstalls(installs);
		const detail = installs.map(install => `${show(install.path)}: ${install.version ?? 'does not run'} (${install.kind}${install.isOnPath ? ', on PATH' : ''})`);
		if (!primary) {
			return {
				status: 'fail',
				summary: 'Not installed: no `claude` on PATH or where its installers put it',
				fix: await installFix(ports, 'Install it'),
			};
		}

		if (!primary.version) {
			return {
				status: 'fail',
				summary: `${show(primary.path)} is there, but \`claude --version\` does not run`,
				detail,
				fix: await installFix(ports, 'Reinstall it'),
			};
		}

		const found = `${primary.version} at ${show(primary.path)}`;
		if (!primary.isOnPath) {
			return {status: 'warn', summary: `${found}, but its folder is not on PATH`, detail, fix: await pathFix(ports, path.dirname(primary.path), show)};
		}

		if (duplicates.length > 0) {
			return {
				status: 'warn',
				summary: `${found}, and ${duplicates.length} more install${duplicates.length === 1 ? '' : 's'}`,
				detail: [...detail, ...(warning ? [warning] : [])],
				...(fix ? {fix: {description: fix}} : {}),
			};
		}

		return {status: 'pass', summary: found, detail};
	},
};

async function installFix(ports: Ports, verb: string): Promise<FindingFix> {
	try {
		const methods = installMethods(await ports.installer.environment());
		const method = methods.find(candidate => candidate.isRecommended && candidate.isAvailable) ?? methods.find(candidate => candidate.isAvailable);
		if (method) {
			return {description: `${verb} with the ${method.label}`, command: method.command.display};
		}
	} catch {}

	return {description: `${verb}: see https://code.claude.com/docs/en/setup, or run claude-setup`, command: 'npx claude-setup'};
}

async function pathFix(ports: Ports, binDirectory: string, show: (target: string) => string): Promise<FindingFix> {
	const plan = await ports.installer.planPathFix(binDirectory).catch(() => undefined);
	if (plan && 'file' in plan) {
		return {description: `Add this line to ${show(plan.file)}, then run \`${plan.reload}\` or open a new terminal`, command: plan.line};
	}

	return {description: plan && 'manual' in plan ? plan.manual : `Add ${show(binDirectory)} to PATH in your shell's start-up file`};
}
