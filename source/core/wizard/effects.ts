import type {InstallMethod, PathFixPlan} from '../install/types.js';
import type {SecretBackend, SettingsScope} from '../ports.js';
import type {MethodConfiguration} from '../auth/configuration.js';
import type {Answers, Discovery, TerminalAction} from '../auth/form.js';
import type {AuthMethodId} from '../auth/methods.js';
import type {ChangePlan, TeamPlan} from './state.js';
import type {Preset} from '../team/preset.js';

/** Side effects described as data; the controller runs them through the ports. */
export type Effect =
	| {type: 'detect'; id: number}
	| {type: 'open-browser'; id: number; url: string}
	| {type: 'check-requirements'; id: number; hosts: string[]}
	| {type: 'detect-installs'; id: number}
	| {type: 'run-install'; id: number; method: InstallMethod}
	| {type: 'verify-install'; id: number}
	| {type: 'apply-path-fix'; id: number; plan: PathFixPlan}
	| {type: 'check-key'; id: number; key: string}
	| {type: 'probe-keychain'; id: number}
	| {type: 'discover'; id: number; method: AuthMethodId}
	| {type: 'check-method'; id: number; method: AuthMethodId; answers: Answers; discovery: Discovery; claudePath?: string}
	| {type: 'run-terminal-action'; id: number; action: TerminalAction; method: AuthMethodId; answers: Answers; discovery: Discovery; claudePath?: string}
	| {type: 'plan'; id: number; scope: SettingsScope; backend: SecretBackend; configuration: MethodConfiguration}
	| {type: 'commit'; id: number; plan: ChangePlan}
	| {type: 'plan-team'; id: number; directory: string; preset: Preset; presetReference?: string}
	| {type: 'write-team'; id: number; plan: TeamPlan}
	| {
		type: 'verify';
		id: number;
		expectedKey: string | undefined;
		scope: SettingsScope;
		claudePath?: string;
		/** Absent when verifying an existing setup ("Check it works"). */
		configuration?: MethodConfiguration;
	};
