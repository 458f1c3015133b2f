import type {KeyCheckOutcome} from '../auth/console-key.js';
import type {Discovery, MethodCheck} from '../auth/form.js';
import type {ExistingInstall, InstallMethod, InstallOutcome, InstallVerification, PathFixPlan} from '../install/types.js';
import type {KeychainHealth} from '../ports.js';
import type {RequirementResult} from '../requirements/types.js';
import type {ChangePlan, ClaudeInstall, CommitResult, Detection, PlanProblem, TeamPlan, Verification} from './state.js';

/** What the user meant (from the keymap and the screens). */
export type Intent =
	| {type: 'choose'; value: string}
	| {type: 'submit-key'; text: string}
	| {type: 'submit-answer'; text: string}
	| {type: 'back'}
	| {type: 'cancel'}
	/** A screen's code could not be loaded (see crash.ts): the wizard cannot go on. */
	| {type: 'screen-failed'; message: string};

/** What an effect reported; `id` ties it to the request, so late answers after Back are dropped. */
export type EffectResult =
	| {type: 'detected'; id: number; detection: Detection}
	| {type: 'browser-opened'; id: number; url: string; isOpened: boolean}
	| {type: 'requirement-checked'; id: number; result: RequirementResult}
	| {type: 'requirements-checked'; id: number}
	| {type: 'installs-detected'; id: number; installs: ExistingInstall[]; methods: InstallMethod[]; claude: ClaudeInstall}
	| {type: 'install-output'; id: number; line: string}
	| {type: 'install-finished'; id: number; outcome: InstallOutcome}
	| {type: 'install-verified'; id: number; verification: InstallVerification; pathFix?: PathFixPlan | {manual: string}}
	| {type: 'path-fixed'; id: number; file: string; backupPath?: string}
	| {type: 'path-fix-failed'; id: number; message: string}
	| {type: 'key-checked'; id: number; outcome: KeyCheckOutcome}
	| {type: 'discovered'; id: number; discovery: Discovery}
	| {type: 'method-checked'; id: number; checks: MethodCheck[]; discovery?: Discovery}
	| {type: 'team-planned'; id: number; plan: TeamPlan}
	| {type: 'team-plan-failed'; id: number; message: string}
	| {type: 'team-written'; id: number; paths: string[]}
	| {type: 'team-write-failed'; id: number; message: string}
	| {type: 'keychain-probed'; id: number; health: KeychainHealth}
	| {type: 'planned'; id: number; plan: ChangePlan}
	| {type: 'plan-failed'; id: number; problem: PlanProblem}
	| {type: 'committed'; id: number; result: CommitResult}
	| {type: 'commit-failed'; id: number; message: string}
	| {type: 'verified'; id: number; verification: Verification}
	/** The effect threw instead of reporting a result: its code is missing, or a bug (see crash.ts). */
	| {type: 'effect-failed'; id: number; message: string};

export type WizardEvent = Intent | EffectResult;
