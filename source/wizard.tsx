import process from 'node:process';
import {render} from 'ink';
import {createBrowserOpener} from './adapters/browser.js';
import {createHelperInstaller} from './adapters/helper-installer.js';
import {createHttpClient} from './adapters/http.js';
import {createInstaller} from './adapters/installer-port.js';
import {createNetworkProbe} from './adapters/network-probe.js';
import {createSystemProbe} from './adapters/system-probe.js';
import {createSecretStore} from './adapters/keychain.js';
import {displayPath, resolvePaths} from './adapters/paths.js';
import {createProcessRunner} from './adapters/processes.js';
import {createSettingsStore} from './adapters/settings-file.js';
import type {Ports, SettingsScope} from './core/ports.js';
import {createWizardController} from './core/wizard/controller.js';
import type {State} from './core/wizard/state.js';
import {App} from './ui/app.js';

export type WizardOptions = {helperScriptPath: string};

/** Builds the real ports, runs the interactive wizard, and returns the exit code. */
export async function runWizard({helperScriptPath}: WizardOptions): Promise<number> {
	const paths = resolvePaths(process.env, process.cwd());
	const ports: Ports = {
		settings: createSettingsStore(paths),
		system: createSystemProbe({env: process.env, home: paths.home}),
		network: createNetworkProbe({env: process.env}),
		installer: createInstaller(paths, process.env),
		secrets: createSecretStore(paths),
		helper: createHelperInstaller(paths, {helperScriptPath}),
		http: createHttpClient(),
		processes: createProcessRunner(process.env),
		browser: createBrowserOpener(process.env),
		env: process.env,
		configDirHash: paths.configDirHash,
	};
	const controller = createWizardController(ports);
	let finalState: State | undefined;
	const pathOf = (scope: SettingsScope) => displayPath(ports.settings.pathOf(scope), paths.home);
	const instance = render(
		<App
			controller={controller}
			display={{pathOf, show: target => displayPath(target, paths.home), secretsFile: displayPath(paths.secretsFile, paths.home), anthropicBaseUrl: process.env['ANTHROPIC_BASE_URL']}}
			onFinish={state => {
				finalState = state;
			}}
		/>,
		{exitOnCtrlC: false, patchConsole: false},
	);
	controller.start();
	await instance.waitUntilExit();
	return exitCodeOf(finalState);
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
