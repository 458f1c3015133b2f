import type {MethodCheck} from '../auth/form.js';
import type {Ports, SettingsSnapshot} from '../ports.js';
import {maskSecret} from '../secrets/mask.js';
import {effectiveCredential, scopePrecedence} from '../setup/credentials.js';
import {detectConfiguredMethod} from '../auth/configuration.js';
import type {Effect} from './effects.js';
import type {EffectResult} from './events.js';
import type {Detection} from './state.js';

export const helperTimeoutMs = 5000;
export const claudeTimeoutMs = 20_000;
export const reachTimeoutMs = 3000;

const allScopes = ['user', 'project', 'local'] as const;

/**
Runs one effect through the ports and reports its results as events through `emit` (most effects
emit once; checks and installs stream). Never throws: every failure becomes a result the wizard can
explain. `signal` aborts when the wizard stops waiting for this effect (Back, Cancel).
*/
export async function runEffect(effect: Effect, ports: Ports, emit: (result: EffectResult) => void, signal: AbortSignal): Promise<void> {
	const result = await runOnce(effect, ports, emit, signal);
	if (result) {
		emit(result);
	}
}

async function runOnce(effect: Effect, ports: Ports, emit: (result: EffectResult) => void, signal: AbortSignal): Promise<EffectResult | undefined> {
	if (effect.type === 'detect') {
		return {type: 'detected', id: effect.id, detection: await detect(ports)};
	}

	// Every other effect follows a choice on some screen: its code (and the adapters it drives) is
	// loaded then, or earlier by preloadLaterEffects, never before the first screen.
	const {runLaterEffect} = await import('./later-effects.js');
	return runLaterEffect(effect, ports, emit, signal);
}

/** Loads what every effect but detection needs; the wizard calls it once its first screen is up. */
export async function preloadLaterEffects(): Promise<void> {
	await import('./later-effects.js');
}

/**
Text that came from another program (a hung CLI's stderr, garbage on stdout) may carry terminal
escape sequences: they are dropped before anything reaches the screen. Line breaks and tabs stay.
*/
export function withoutControlCharacters(text: string): string {
	// eslint-disable-next-line no-control-regex -- exactly the control characters, C0 and C1
	return text.replaceAll(/\u001B\[[\d;?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');
}

/** An error's message with every secret we hold masked, so no secret reaches the screen through it. */
export function scrub(error: unknown, secrets: readonly string[]): string {
	let message = withoutControlCharacters(error instanceof Error ? error.message : String(error));
	for (const secret of secrets) {
		if (secret) {
			message = message.split(secret).join(maskSecret(secret));
		}
	}

	return message;
}

export function cleanCheck(check: MethodCheck): MethodCheck {
	return {
		...check,
		title: withoutControlCharacters(check.title),
		...(check.detail === undefined ? {} : {detail: withoutControlCharacters(check.detail)}),
		...(check.fix === undefined ? {} : {fix: withoutControlCharacters(check.fix)}),
	};
}

async function readAllScopes(ports: Ports): Promise<SettingsSnapshot[]> {
	return Promise.all(allScopes.map(async scope => ports.settings.read(scope)));
}

/**
What is there already. The keychain is probed only when a key of ours is already kept in it: a
first run does not wait for the keychain before its first screen, and asks it once a key is in hand.
*/
async function detect(ports: Ports): Promise<Detection> {
	const [snapshots, helper, managedFile] = await Promise.all([readAllScopes(ports), ports.helper.inspect(), ports.settings.readManaged?.().catch(() => undefined)]);
	const managed = managedFile?.exists && managedFile.data ? {path: managedFile.path, data: managedFile.data} : undefined;
	const keychain = helper.configured?.backend === 'keychain' ? await ports.secrets.probe() : undefined;
	let storedKeyHint: string | undefined;
	let isStoredKeyMissing = false;
	if (helper.configured && (helper.configured.backend === 'file' || keychain?.ok)) {
		const secret = await ports.secrets.get(helper.configured.ref, helper.configured.backend).catch(() => undefined);
		storedKeyHint = secret ? maskSecret(secret) : undefined;
		isStoredKeyMissing = !secret;
	}

	const isOurHelper = (command: string) => command === helper.command || command.startsWith(`${helper.command} `);
	const method = [...snapshots]
		.sort((a, b) => scopePrecedence.indexOf(b.scope) - scopePrecedence.indexOf(a.scope))
		.map(snapshot => detectConfiguredMethod(snapshot.data, isOurHelper))
		.find(found => found !== undefined);
	return {snapshots, credential: effectiveCredential(snapshots, ports.env), helper, keychain, storedKeyHint, isStoredKeyMissing, ...(method ? {method} : {}), ...(managed ? {managed} : {})};
}
