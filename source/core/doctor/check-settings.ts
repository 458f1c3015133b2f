import type {ParseProblem, SettingsScope} from '../ports.js';
import {lintSettings, type SettingsIssue} from './known-settings.js';
import type {DoctorCheck, DoctorFacts, Finding, FindingFix, ManagedSettings} from './types.js';

type Scope = SettingsScope | 'managed';

const titles: Record<Scope, string> = {
	user: 'User settings',
	project: 'Project settings',
	local: 'Local settings',
	managed: 'Managed settings',
};

/** One check per settings scope: the file parses, its keys are ones Claude Code knows, and the types fit. */
export function settingsCheck(scope: Scope): DoctorCheck {
	return {
		id: `settings-${scope}`,
		title: titles[scope],
		timeoutMs: 2000,
		async run({facts, show}) {
			return inspectSettings(scope, facts, show);
		},
	};
}

function inspectSettings(scope: Scope, facts: DoctorFacts, show: (target: string) => string): Finding {
	const file = fileOf(scope, facts);
	if (!file) {
		return {status: 'skip', summary: 'Not read'};
	}

	const shown = show(file.path);
	const user = facts.snapshots.find(snapshot => snapshot.scope === 'user');
	if ((scope === 'project' || scope === 'local') && user && file.path === user.path) {
		return {status: 'skip', summary: `${shown} is your user settings file (this folder is your home folder)`};
	}

	if (!file.exists) {
		return {status: 'skip', summary: `No file at ${shown}`};
	}

	if (file.problem) {
		return problemFinding(scope, shown, file.problem);
	}

	const issues = lintSettings(file.data ?? {});
	if (issues.length === 0) {
		return {status: 'pass', summary: scope === 'managed' ? managedSummary(shown, file.data ?? {}) : `${shown} is valid`};
	}

	const lines = issues.map(issue => describeIssue(issue));
	const isFailure = issues.some(issue => issue.kind === 'wrong-type' && issue.severity === 'fail');
	const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
	const first = issues[0] as SettingsIssue;
	return {
		status: isFailure ? 'fail' : 'warn',
		summary: `${shown}: ${lines[0] ?? ''}${more}`,
		detail: lines,
		fix: issueFix(scope, shown, first),
	};
}

function fileOf(scope: Scope, facts: DoctorFacts): ManagedSettings | undefined {
	if (scope === 'managed') {
		return facts.managed;
	}

	const snapshot = facts.snapshots.find(candidate => candidate.scope === scope);
	return snapshot ? {path: snapshot.path, exists: snapshot.exists, text: snapshot.text, data: snapshot.data, ...(snapshot.problem ? {problem: snapshot.problem} : {})} : undefined;
}

function problemFinding(scope: Scope, shown: string, problem: ParseProblem | {message: string}): Finding {
	const administrator = scope === 'managed' ? 'Ask your administrator to fix it: ' : '';
	if ('line' in problem) {
		return {
			status: 'fail',
			summary: `${shown}:${problem.line}:${problem.column}: ${problem.message}`,
			fix: {
				description: `${administrator}Correct the JSON at line ${problem.line}, column ${problem.column} of ${shown} (strict JSON: no comments, no trailing commas). Until then Claude Code cannot use this file.`,
			},
		};
	}

	return {status: 'fail', summary: problem.message, fix: {description: `${administrator}Make ${shown} a readable settings file.`}};
}

/** Which keys an administrator's file sets, so a user knows what is enforced. */
function managedSummary(shown: string, data: Record<string, unknown>): string {
	const keys = Object.keys(data).filter(key => key !== '$schema');
	const env = data['env'];
	const envNames = typeof env === 'object' && env !== null && !Array.isArray(env) ? Object.keys(env) : [];
	const listed = keys.map(key => (key === 'env' && envNames.length > 0 ? `env (${envNames.join(', ')})` : key));
	const sets = listed.length > 0 ? `sets ${listed.join(', ')}` : 'sets nothing';
	return `Present at ${shown}: ${sets}; these outrank every other settings file`;
}

/** One issue in a sentence. */
export function describeIssue(issue: SettingsIssue): string {
	switch (issue.kind) {
		case 'unknown-key': {
			return `unknown key "${issue.key}"${issue.suggestion ? ` (did you mean "${issue.suggestion}"?)` : ''}`;
		}

		case 'wrong-type': {
			return `"${issue.key}" must be ${issue.expected}, but it is ${issue.found}`;
		}

		case 'env-value': {
			return `env.${issue.key} should be a string, but it is ${issue.found}`;
		}

		case 'bad-value': {
			return `"${issue.key}": ${issue.message}`;
		}
	}
}

function issueFix(scope: Scope, shown: string, issue: SettingsIssue): FindingFix {
	const who = scope === 'managed' ? 'Ask your administrator to ' : '';
	const act = (sentence: string) => ({description: who ? `${who}${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}` : sentence});
	switch (issue.kind) {
		case 'unknown-key': {
			return issue.suggestion
				? act(`Rename "${issue.key}" to "${issue.suggestion}" in ${shown}`)
				: act(`Remove or correct "${issue.key}" in ${shown}: Claude Code ignores keys it does not know`);
		}

		case 'wrong-type': {
			return act(`Make "${issue.key}" ${issue.expected} in ${shown}`);
		}

		case 'env-value': {
			return act(`Put the value of env.${issue.key} in double quotes in ${shown}`);
		}

		case 'bad-value': {
			return act(`Correct "${issue.key}" in ${shown}`);
		}
	}
}
