import {endpointsFor, summarize} from '../requirements/step.js';
import {specOf} from '../auth/specs/index.js';
import type {EffectResult} from './events.js';
import {go, stay, update, type Transition} from './kit.js';
import {goDiscover} from './method-steps.js';
import type {InstallProgress, State} from './state.js';

/**
The requirements and install steps: checks stream in one row at a time; an install streams its
output, is verified, and may offer to put Claude Code's folder on PATH.
*/

/** The hosts the requirements step checks: what the chosen way of access needs, plus the installer's. */
export function hostsToCheck(state: State): string[] {
	const installerHost = 'downloads.claude.ai';
	// A team on a cloud provider has not said which yet; its own endpoint is checked when it is configured.
	return state.context.invite === 'cloud' ? [installerHost] : [...endpointsFor('first-party', {}), installerHost];
}

export function goRequirements(state: State): Transition {
	const hosts = hostsToCheck(state);
	return go(state, {step: 'requirements'}, {requirements: {results: [], isDone: false, hosts}}, id => ({type: 'check-requirements', id, hosts}));
}

export function goInstall(state: State): Transition {
	return go(state, {step: 'install'}, {install: {output: []}}, id => ({type: 'detect-installs', id}));
}

export function chooseInRequirements(state: State, value: string): Transition {
	const progress = state.context.requirements;
	if (value === 'recheck') {
		return goRequirements(state);
	}

	if (value === 'continue' && progress?.isDone && summarize(progress.results).canContinue) {
		return goInstall(state);
	}

	return stay(state);
}

export function chooseInInstall(state: State, value: string): Transition {
	const install = state.context.install;
	if (value === 'continue' && state.pendingId === undefined) {
		// A team preset fixes the method: straight to its questions.
		const preset = state.context.preset;
		return preset ? (specOf(preset.method) ? goDiscover(state, preset.method) : go(state, {step: 'console-key'}, {method: preset.method})) : go(state, {step: 'auth-method'});
	}

	if (value.startsWith('method:') && install?.methods) {
		const method = install.methods.find(candidate => `method:${candidate.id}` === value && candidate.isAvailable);
		if (!method) {
			return stay(state);
		}

		return go(state, {step: 'installing', methodId: method.id}, {install: {...install, output: [], outcome: undefined}}, id => ({
			type: 'run-install',
			id,
			method,
		}));
	}

	if (value === 'add-to-path' && state.step === 'path-fix' && install?.pathFix && 'file' in install.pathFix) {
		const plan = install.pathFix;
		return go(state, {step: 'path-fix'}, {}, id => ({type: 'apply-path-fix', id, plan}));
	}

	if (value === 'retry' && state.step === 'install-failed') {
		return goInstall(state);
	}

	return stay(state);
}

const maxOutputLines = 200;

export function onSetupResult(state: State, result: EffectResult): Transition | undefined {
	const install: InstallProgress = state.context.install ?? {output: []};
	switch (result.type) {
		case 'requirement-checked': {
			const progress = state.context.requirements ?? {results: [], isDone: false, hosts: []};
			const results = [...progress.results.filter(row => row.id !== result.result.id), result.result];
			return update(state, {requirements: {...progress, results}});
		}

		case 'requirements-checked': {
			const progress = state.context.requirements ?? {results: [], isDone: false, hosts: []};
			return go(state, {step: 'requirements'}, {requirements: {...progress, isDone: true}});
		}

		case 'installs-detected': {
			return go(state, {step: 'install'}, {install: {...install, installs: result.installs, methods: result.methods}, claude: result.claude});
		}

		case 'install-output': {
			return update(state, {install: {...install, output: [...install.output, result.line].slice(-maxOutputLines)}});
		}

		case 'install-finished': {
			const next = {...install, outcome: result.outcome};
			if (result.outcome.kind === 'installed') {
				const screen = state.step === 'installing' ? {step: 'installing' as const, methodId: state.methodId} : {step: 'install' as const};
				return go(state, screen, {install: next}, id => ({type: 'verify-install', id}));
			}

			return result.outcome.kind === 'failed' ? go(state, {step: 'install-failed'}, {install: next}) : go(state, {step: 'install'}, {install: next});
		}

		case 'install-verified': {
			const {verification, pathFix} = result;
			const claude = verification.version && verification.binaryPath
				? {found: true as const, version: verification.version, path: verification.binaryPath}
				: {found: false as const, reason: 'does-not-run'};
			const next = {...install, verification, pathFix};
			return verification.version && !verification.isOnPath && pathFix
				? go(state, {step: 'path-fix'}, {install: next, claude})
				: go(state, verification.version ? {step: 'install'} : {step: 'install-failed'}, {install: next, claude});
		}

		case 'path-fixed': {
			return go(state, {step: 'install'}, {install: {...install, pathFixed: {file: result.file, backupPath: result.backupPath}}});
		}

		case 'path-fix-failed': {
			return go(state, {step: 'path-fix'}, {install: {...install, pathFix: {manual: result.message}}});
		}

		default: {
			return undefined;
		}
	}
}
