import process from 'node:process';
import {render, type Instance} from 'ink';
import {createTerminalHandoff} from './adapters/terminal-handoff.js';
import {displayPath} from './adapters/paths.js';
import {stopRunningChildren} from './adapters/processes.js';
import {createRealPorts, preloadAdapters} from './adapters/real-ports.js';
import type {SettingsScope} from './core/ports.js';
import {createWizardController, type WizardController} from './core/wizard/controller.js';
import {preloadLaterEffects} from './core/wizard/run-effect.js';
import {initialState, type State} from './core/wizard/state.js';
import type {Preset} from './core/team/preset.js';
import {App, drawsWithoutLaterSteps} from './ui/app.js';
import {preloadLaterSteps} from './ui/later-steps-loader.js';
import {createFrameSignal, FrameSignalContext} from './ui/frame-signal.js';

export type WizardOptions = {
	helperScriptPath: string;
	/** `admin`: `claude-setup team`, which writes the team's preset instead of setting up this machine. */
	mode?: 'admin';
	/** A team preset (`--preset`), already read and checked. */
	preset?: Preset;
};

function startingState(options: WizardOptions): State {
	const state = initialState();
	if (options.mode === 'admin') {
		return {step: 'auth-method', context: {...state.context, mode: 'admin'}, nextId: state.nextId};
	}

	return options.preset ? {...state, context: {...state.context, preset: options.preset}} : state;
}

/** Builds the real ports, runs the interactive wizard, and returns the exit code. */
export async function runWizard(options: WizardOptions): Promise<number> {
	const {helperScriptPath} = options;
	// The handoff needs Ink's instance, which exists only once the app is rendered below.
	let instance: Instance | undefined;
	const terminal = createTerminalHandoff({
		suspend() {
			instance?.clear();
		},
		resume() {},
	});
	const {ports, paths} = createRealPorts({env: process.env, cwd: process.cwd(), helperScriptPath, terminal});
	const controller = createWizardController(ports, startingState(options));
	// Detection takes a few milliseconds; drawing a "Looking at your setup" frame first would cost a
	// whole extra frame (Ink draws at most every 32 ms) before the first question. Wait for it, briefly.
	controller.start();
	await settled(controller, detectGraceMs);
	// A first screen that is a later step (team mode, a teammate's preset) waits for those screens'
	// code rather than show a placeholder first.
	if (!drawsWithoutLaterSteps(controller.getState())) {
		await preloadLaterSteps().catch(() => undefined);
	}

	let finalState: State | undefined;
	const pathOf = (scope: SettingsScope) => displayPath(ports.settings.pathOf(scope), paths.home);
	const frames = createFrameSignal();
	const restoreWrite = observeWrites(process.stdout, frames.wrote);
	instance = render(
		<FrameSignalContext.Provider value={frames.signal}>
			<App
				controller={controller}
				display={{pathOf, show: target => displayPath(target, paths.home), secretsFile: displayPath(paths.secretsFile, paths.home), anthropicBaseUrl: process.env['ANTHROPIC_BASE_URL']}}
				onFinish={state => {
					finalState = state;
				}}
			/>
		</FrameSignalContext.Provider>,
		{exitOnCtrlC: false, patchConsole: false, onRender: frames.rendered},
	);
	preloadOnceDrawn();
	try {
		await instance.waitUntilExit();
	} finally {
		restoreWrite();
		// Cancelled while a check still ran (Ctrl-C during the final `claude auth status`): end it now
		// rather than wait for it with the terminal back in normal mode, where one more Ctrl-C would
		// kill this process before it could.
		stopRunningChildren();
	}

	return exitCodeOf(finalState);
}

const detectGraceMs = 250;

/**
The first screen loads only what it needs (run-effect.ts, real-ports.ts, app.tsx); the code of the later steps
loads as soon as it is drawn (Ink writes the first frame before `render` returns), while the user
reads it, so no later step waits for it. A failure here is not reported: the step that needs the
code loads it again, and reports that.
*/
function preloadOnceDrawn(): void {
	setTimeout(() => {
		Promise.all([keepYoungGenerationAtItsSize(), preloadLaterSteps(), preloadLaterEffects(), preloadAdapters()]).catch(() => undefined);
	}, 0);
}

/**
V8 doubles its young generation (up to 2 × 16 MB) whenever enough objects have survived its
collections since it last grew. Pressing keys (every frame leaves a little garbage) would double it
twice, and it would stay that large. With a growth factor of 1 it keeps the size it has (2 × 1 MB to
2 × 4 MB, depending on the start): about 3 MB less peak memory in the bench's 200-key test, at no cost
per key (docs/bench.md). Set once the first screen is drawn, not before: loading the app with the
young generation held at 1 MB costs several extra collections and a full one, some 6 ms of the first
frame (and node:v8 itself is loaded only then). The growth factor is read at each growth, so setting
it now works; the size flags
(`--max-semi-space-size`) only take effect on the command line, before the heap exists.
*/
async function keepYoungGenerationAtItsSize(): Promise<void> {
	const {setFlagsFromString} = await import('node:v8');
	setFlagsFromString('--semi-space-growth-factor=1');
}

/** Tells `onWrite` about every write to the terminal (how the review knows it is on screen). */
function observeWrites(stream: NodeJS.WriteStream, onWrite: () => void): () => void {
	const original = stream.write;
	stream.write = function (this: NodeJS.WriteStream, ...args: Parameters<typeof original>) {
		const result = original.apply(this, args);
		onWrite();
		return result;
	} as typeof original;
	return () => {
		stream.write = original;
	};
}

/** Resolves when the wizard has left its first step, or after `graceMs` (then the spinner shows). */
async function settled(controller: WizardController, graceMs: number): Promise<void> {
	if (controller.getState().step !== 'detect') {
		return;
	}

	await new Promise<void>(resolve => {
		const timer = setTimeout(done, graceMs);
		const unsubscribe = controller.subscribe(() => {
			if (controller.getState().step !== 'detect') {
				done();
			}
		});
		function done() {
			clearTimeout(timer);
			unsubscribe();
			resolve();
		}
	});
}

function exitCodeOf(state: State | undefined): number {
	switch (state?.step) {
		case 'done': {
			return 0;
		}

		case 'cancelled': {
			return state.afterCommit ? 0 : 130;
		}

		default: {
			return 1;
		}
	}
}
