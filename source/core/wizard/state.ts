import type {AuthMethodId} from '../auth/methods.js';
import type {MethodConfiguration} from '../auth/configuration.js';
import type {Answers, Discovery, MethodCheck} from '../auth/form.js';
import type {Preset} from '../team/preset.js';
import type {ExistingInstall, InstallMethod, InstallMethodId, InstallOutcome, InstallVerification, PathFixPlan} from '../install/types.js';
import type {RequirementResult} from '../requirements/types.js';
import type {KeyCheckOutcome, KeyFormatProblem} from '../auth/console-key.js';
import type {Credential} from '../setup/credentials.js';
import type {DiffLine} from '../settings/diff.js';
import type {
	HelperInstallation,
	KeychainHealth,
	ParseProblem,
	SecretBackend,
	SecretRef,
	SettingsScope,
	SettingsSnapshot,
} from '../ports.js';

/** What the wizard found before asking anything, so a re-run starts from what is there. */
export type Detection = {
	snapshots: SettingsSnapshot[];
	credential: Credential;
	helper: HelperInstallation;
	/** Undefined until the keychain is first needed (it is probed lazily, off the first screen's path). */
	keychain?: KeychainHealth;
	/** Whether the key our helper reads is really stored; undefined when no helper of ours is set. */
	storedKeyHint?: string;
	isStoredKeyMissing: boolean;
	/** The method the settings configure now (the highest scope that configures one): a re-run preselects it. */
	method?: AuthMethodId;
	/** The administrator's managed settings, when there are any: shown before any choice. */
	managed?: {path: string; data: Record<string, unknown>};
};

export type InviteKind = 'console' | 'claude-ai' | 'cloud' | 'accepted';

export type ClaudeInstall =
	| {found: true; version: string; path: string}
	| {found: false; reason: string};

/** One file the commit writes, with the exact text before and after (the review shows the diff). */
export type PlannedFile = {
	kind: 'settings' | 'shell' | 'aws-config';
	/** For settings files; shell start-up files have none. */
	scope?: SettingsScope;
	path: string;
	beforeText: string;
	afterText: string;
	diff: DiffLine[];
	fileExists: boolean;
	/** Why this file changes, when it is not the file the user chose (a cleanup elsewhere). */
	reason?: string;
};

export type PlannedSecret = {ref: SecretRef; backend: SecretBackend; location: string; replaces: boolean; label: string; value: string};

/** A variable exported in the shell that would still win over the new setup, and what the plan does about it. */
export type ShellOverride = {variable: string; file?: string; line?: number; isCancelled: boolean};

/** Everything the review screen shows and the commit step writes: nothing is written before it. */
export type ChangePlan = {
	scope: SettingsScope;
	/** The settings file the user chose; the first entry of `files`. */
	path: string;
	beforeText: string;
	afterText: string;
	diff: DiffLine[];
	fileExists: boolean;
	/** Every file written, the chosen settings file first. */
	files: PlannedFile[];
	/** Stored before any file points at them. */
	secrets: PlannedSecret[];
	/** Keychain entries of the previous method, removed once the new setup is written. */
	removeSecrets: Array<{ref: SecretRef; backend: SecretBackend; label: string}>;
	/** Set when a helper of claude-setup is (re)installed. */
	helperCommand?: string;
	helperDirectory?: string;
	overrides: Credential[];
	shellOverrides: ShellOverride[];
	/** Keys another scope still sets that the user must remove there (shared project settings, managed). */
	remainingElsewhere: Array<{path: string; keys: string[]; isManaged?: boolean}>;
	configuration: MethodConfiguration;
};

/** The requirements step's rows, filled in as each check finishes. */
export type RequirementsProgress = {results: RequirementResult[]; isDone: boolean; hosts: string[]};

/** What the install step has learned so far. */
export type InstallProgress = {
	installs?: ExistingInstall[];
	methods?: InstallMethod[];
	/** Output of the running or last install, the most recent lines last. */
	output: string[];
	outcome?: InstallOutcome;
	verification?: InstallVerification;
	pathFix?: PathFixPlan | {manual: string};
	pathFixed?: {file: string; backupPath?: string};
};

export type CommitResult = {backupPath?: string; path: string; backups?: string[]; notRemoved?: string[]};

export type Verification =
	| {kind: 'not-installed'}
	| {kind: 'failed'; message: string}
	| {
		kind: 'checked';
		helperReturnsKey: boolean;
		helperError?: string;
		authMethod?: string;
		apiKeySource?: string;
		usesHelper: boolean;
		/** For methods other than the Console key: whether Claude Code reports the intended provider and credential. */
		apiProvider?: string;
		expectedProvider?: string;
		loggedIn?: boolean;
		helperOutputs?: Array<{setting: string; ok: boolean; problem?: string}>;
		isProviderRight?: boolean;
	};

/** The files `claude-setup team` writes, as planned before anything is written. */
export type TeamPlan = {directory: string; files: Array<{name: string; path: string; text: string; exists: boolean}>};

export type Context = {
	/** `admin`: `claude-setup team`, building a preset for the team instead of setting up this machine. */
	mode?: 'admin';
	/** What the team's administrator fixed (`--preset`): those questions are not asked. */
	preset?: Preset;
	team?: {plan?: TeamPlan; written?: string[]};
	detection?: Detection;
	invite?: InviteKind;
	claude?: ClaudeInstall;
	requirements?: RequirementsProgress;
	install?: InstallProgress;
	method?: AuthMethodId;
	/** The method the settings configured when the wizard started: a re-run preselects it. */
	currentMethod?: AuthMethodId;
	answers?: Answers;
	discovery?: Discovery;
	checks?: MethodCheck[];
	configuration?: MethodConfiguration;
	apiKey?: string;
	keyCheck?: KeyCheckOutcome;
	backend: SecretBackend;
	scope: SettingsScope;
	plan?: ChangePlan;
	commit?: CommitResult;
	verification?: Verification;
};

export type Screen =
	| {step: 'detect'}
	| {step: 'current'}
	| {step: 'invite'; opened?: {url: string; isOpened: boolean}}
	| {step: 'requirements'}
	| {step: 'install'}
	| {step: 'installing'; methodId: InstallMethodId}
	| {step: 'install-failed'}
	| {step: 'path-fix'}
	| {step: 'auth-method'; unbuilt?: AuthMethodId}
	| {step: 'discover'}
	| {step: 'form'; field: string; problem?: string}
	| {step: 'method-check'; action?: string}
	| {step: 'method-result'}
	| {step: 'console-key'; problem?: KeyFormatProblem | 'rejected'}
	| {step: 'validating'}
	| {step: 'key-result'; outcome: KeyCheckOutcome}
	| {step: 'secret-storage'; isRetried?: boolean}
	| {step: 'scope'}
	| {step: 'review'; problem?: PlanProblem}
	| {step: 'team-review'; problem?: string}
	| {step: 'commit'; isCancelRequested: boolean}
	| {step: 'verify'}
	| {step: 'done'; outcome: 'verified' | 'unchanged' | 'saved-unverified' | 'team-written'}
	| {step: 'cancelled'; afterCommit: boolean}
	| {step: 'failed'; message: string};

export type PlanProblem =
	| {kind: 'unparsable'; path: string; problem: ParseProblem | {message: string}}
	| {kind: 'io'; message: string};

export type Step = Screen['step'];

export type State = Screen & {
	context: Context;
	/** The id of the effect whose result this state waits for; results with other ids are stale. */
	pendingId?: number;
	nextId: number;
};

export function initialState(): State {
	return {step: 'detect', context: {backend: 'keychain', scope: 'user'}, nextId: 1, pendingId: 0};
}

export function isFinished(state: State): boolean {
	return state.step === 'done' || state.step === 'cancelled' || state.step === 'failed';
}

/** The numbered steps shown as "Step 3 of 7"; sub-screens count as their parent step. */
export const stepOrder = ['invite', 'requirements', 'install', 'auth-method', 'configure', 'review', 'verify'] as const;
export type StepGroup = (typeof stepOrder)[number];

export function groupOf(step: Step): StepGroup | undefined {
	switch (step) {
		case 'invite':
		case 'requirements':
		case 'install':
		case 'auth-method':
		case 'review':
		case 'verify': {
			return step;
		}

		case 'installing':
		case 'install-failed':
		case 'path-fix': {
			return 'install';
		}

		case 'discover':
		case 'form':
		case 'method-check':
		case 'method-result':
		case 'console-key':
		case 'validating':
		case 'key-result':
		case 'secret-storage':
		case 'scope': {
			return 'configure';
		}

		case 'commit':
		case 'team-review': {
			return 'review';
		}

		default: {
			return undefined;
		}
	}
}
