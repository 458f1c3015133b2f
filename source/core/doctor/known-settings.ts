/**
The top-level settings keys Claude Code knows, so the doctor can flag a typo (`apikeyHelper`) that
Claude Code would silently ignore. Taken from the settings schema inside Claude Code 2.1.331; newer
versions may add keys, which is why an unknown key is only ever a warning.
*/
export const knownSettingKeys: readonly string[] = [
	'$schema', 'apiKeyHelper', 'proxyAuthHelper', 'awsCredentialExport', 'awsAuthRefresh', 'gcpAuthRefresh', 'processWrapper',
	'policyHelper', 'policyHelpers', 'xaaIdp', 'fileSuggestion', 'respectGitignore', 'breakReminder', 'quietHours', 'cleanupPeriodDays',
	'desktopSessionCleanupPeriodDays', 'syncClaudeAiSkills', 'syncClaudeAiPlugins', 'skillListingMaxDescChars', 'skillListingBudgetFraction',
	'wslInheritsWindowsSettings', 'env', 'attribution', 'attributionProject', 'attributionProjectPolicy', 'includeCoAuthoredBy',
	'includeGitInstructions', 'permissions', 'additionalDirectoryConfigRoots', 'model', 'fallbackModel', 'availableModels',
	'enforceAvailableModels', 'availableModelsMatch', 'deniedModels', 'modelOverrides', 'modelPicker', 'modelPricing', 'modelCatalogUrl',
	'modelCatalogPublicKey', 'enableAllProjectMcpServers', 'enabledMcpjsonServers', 'disabledMcpjsonServers', 'disableClaudeAiConnectors',
	'skillOverrides', 'disableBundledSkills', 'disableDirectMcpSkills', 'managedMcpServers', 'allowedMcpServers', 'deniedMcpServers', 'hooks',
	'worktree', 'disableAllHooks', 'disableReplyCheck', 'disableAgentView', 'disableRemoteControl', 'disableWorkflows', 'disableArtifact',
	'enableArtifact', 'enableWorkflows', 'workflowSizeGuideline', 'workflowKeywordTriggerEnabled', 'disableSkillShellExecution',
	'disableWindowsBashCommandSplit', 'defaultShell', 'bashEditDiffEnabled', 'bashOutputMaxChars', 'taskOutputMaxChars',
	'respondToBashCommands', 'allowManagedHooksOnly', 'allowedHttpHookUrls', 'httpHookAllowedEnvVars', 'allowManagedPermissionRulesOnly',
	'allowManagedMcpServersOnly', 'desktopMcpServersListScope', 'allowAllClaudeAiMcps', 'allowClaudeInChromeWithManagedMcp',
	'strictPluginOnlyCustomization', 'statusLine', 'prUrlTemplate', 'footerLinksRegexes', 'subagentStatusLine', 'enabledPlugins',
	'prependPlugins', 'appendPlugins', 'extraKnownMarketplaces', 'additionalMarketplaces', 'strictKnownMarketplaces', 'allowedMarketplaces',
	'blockedMarketplaces', 'disableCommandPluginSources', 'disableSideloadFlags', 'pluginSuggestionMarketplaces', 'forceLoginMethod',
	'forceLoginGatewayUrl', 'gatewayInternalNetworks', 'parentSettingsBehavior', 'managedSourcesBehavior', 'forceLoginOrgUUID',
	'allowNestedModelAccessUnderForceLogin', 'allowedProviders', 'forceRemoteSettingsRefresh', 'otelHeadersHelper', 'outputStyle', 'viewMode',
	'language', 'skipWebFetchPreflight', 'sandbox', 'feedbackSurveyRate', 'feedbackDrafts', 'spinnerTipsEnabled', 'clawdFileProgressEnabled',
	'spinnerVerbs', 'spinnerTipsOverride', 'syntaxHighlightingDisabled', 'maxProseWidth', 'spellcheck', 'terminalTitleFromRename',
	'promptCacheTtl', 'subagentPromptCacheTtl', 'alwaysThinkingEnabled', 'effortLevel', 'maxEffortLevel', 'modelSettings', 'ultracode',
	'autoCompactWindow', 'advisorModel', 'fastMode', 'fastModePerSessionOptIn', 'promptSuggestionEnabled', 'emojiCompletionEnabled',
	'awaySummaryEnabled', 'responseComparisonEnabled', 'showClearContextOnPlanAccept', 'askUserQuestionTimeout', 'dialogExpiry', 'agent',
	'modelProposedGoals', 'companyAnnouncements', 'pluginConfigs', 'remote', 'autoUpdatesChannel', 'minimumVersion', 'requiredMinimumVersion',
	'requiredMaximumVersion', 'downloadsMirrorUrl', 'plansDirectory', 'tui', 'voice', 'channelsEnabled', 'allowedChannelPlugins',
	'prefersReducedMotion', 'timeFormat', 'timeZone', 'doneMeansMerged', 'totalTokensReminder', 'totalTokensReminderBudget',
	'totalTokensReminderAfterUserTurn', 'autoMemoryEnabled', 'autoMemoryDirectory', 'autoDreamEnabled', 'showThinkingSummaries',
	'skipDangerousModePermissionPrompt', 'skipWorkflowUsageWarning', 'disableAutoMode', 'remoteTools', 'sshConfigs', 'sshHostCommands',
	'claudeMd', 'claudeMdExcludes', 'pluginTrustMessage', 'theme', 'editorMode', 'keybindingFlavor', 'vimInsertModeRemaps', 'verbose',
	'preferredNotifChannel', 'autoCompactEnabled', 'precomputeCompactionEnabled', 'precomputeArmTokens', 'autoCompactRaisedForLoad',
	'autoCompactOfferAnswer', 'idleCompaction', 'switchModelsOnFlag', 'autoContinueAtUsageLimit', 'autoScrollEnabled',
	'wheelScrollAccelerationEnabled', 'fileCheckpointingEnabled', 'showTurnDuration', 'showMessageTimestamps', 'terminalProgressBarEnabled',
	'todoFeatureEnabled', 'teammateMode', 'remoteControlAtStartup', 'remoteControl', 'isolatePeerMachines', 'daemonColdStart',
	'crossSessionInbound', 'remoteMessageReceipts', 'autoUploadSessions', 'inputNeededNotifEnabled', 'agentPushNotifEnabled',
	// Feature sections the schema merges in.
	'skipAutoPermissionPrompt', 'useAutoModeDuringPlan', 'autoMode', 'disableDeepLinkRegistration', 'voiceEnabled', 'defaultView', 'axScreenReader',
];

const known = new Set(knownSettingKeys);

type Expectation = 'string' | 'boolean' | 'number' | 'object' | 'array' | 'string-or-array';

/**
Types of the keys whose value the doctor understands. A wrong type for the helpers or `env` breaks
sign-in, so those fail; the rest warn.
*/
const expectedTypes: Readonly<Record<string, Expectation>> = {
	apiKeyHelper: 'string',
	awsAuthRefresh: 'string',
	awsCredentialExport: 'string',
	gcpAuthRefresh: 'string',
	otelHeadersHelper: 'string',
	env: 'object',
	permissions: 'object',
	hooks: 'object',
	model: 'string',
	cleanupPeriodDays: 'number',
	includeCoAuthoredBy: 'boolean',
	statusLine: 'object',
	outputStyle: 'string',
	forceLoginMethod: 'string',
	forceLoginOrgUUID: 'string-or-array',
	enableAllProjectMcpServers: 'boolean',
	enabledMcpjsonServers: 'array',
	disabledMcpjsonServers: 'array',
	theme: 'string',
	minimumVersion: 'string',
	enabledPlugins: 'object',
	extraKnownMarketplaces: 'object',
	spinnerTipsEnabled: 'boolean',
	alwaysThinkingEnabled: 'boolean',
	disableAllHooks: 'boolean',
	sandbox: 'object',
	companyAnnouncements: 'array',
	skipWebFetchPreflight: 'boolean',
	modelOverrides: 'object',
	verbose: 'boolean',
};

const authKeys = new Set(['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh', 'env']);

export type SettingsIssue =
	| {kind: 'unknown-key'; key: string; suggestion?: string}
	| {kind: 'wrong-type'; key: string; expected: string; found: string; severity: 'fail' | 'warn'}
	| {kind: 'env-value'; key: string; found: string}
	| {kind: 'bad-value'; key: string; message: string};

/** Every problem in one parsed settings object, in key order. */
export function lintSettings(data: Readonly<Record<string, unknown>>): SettingsIssue[] {
	const issues: SettingsIssue[] = [];
	for (const [key, value] of Object.entries(data)) {
		if (!known.has(key)) {
			const suggestion = closestKnownKey(key);
			issues.push({kind: 'unknown-key', key, ...(suggestion ? {suggestion} : {})});
			continue;
		}

		const expected = expectedTypes[key];
		if (expected && !matches(value, expected)) {
			issues.push({kind: 'wrong-type', key, expected: describeExpectation(expected), found: typeName(value), severity: authKeys.has(key) ? 'fail' : 'warn'});
			continue;
		}

		issues.push(...valueIssues(key, value));
	}

	return issues;
}

function valueIssues(key: string, value: unknown): SettingsIssue[] {
	if (key === 'env' && isPlainObject(value)) {
		// Claude Code passes env values to child processes as strings; a number or true is a hand-edit slip.
		return Object.entries(value)
			.filter(([, entry]) => typeof entry !== 'string')
			.map(([name, entry]) => ({kind: 'env-value' as const, key: name, found: typeName(entry)}));
	}

	if (key === 'forceLoginMethod' && typeof value === 'string' && !['claudeai', 'console', 'gateway'].includes(value)) {
		// Claude Code treats any other value as unset, without a word.
		return [{kind: 'bad-value', key, message: `"${value}" is not one of "claudeai", "console" or "gateway", so Claude Code ignores it`}];
	}

	if (key === 'apiKeyHelper' && typeof value === 'string' && value.trim() === '') {
		return [{kind: 'bad-value', key, message: 'it is empty, so Claude Code ignores it'}];
	}

	return [];
}

/**
The known key a typo most likely meant: the same letters in another case, or at most two edits away
(one for short keys), so `apikeyHelper` and `apiKeyHelpr` find `apiKeyHelper` but `foo` finds nothing.
*/
export function closestKnownKey(key: string, candidates: readonly string[] = knownSettingKeys): string | undefined {
	const lower = key.toLowerCase();
	const sameLetters = candidates.find(candidate => candidate.toLowerCase() === lower);
	if (sameLetters) {
		return sameLetters;
	}

	const limit = key.length <= 5 ? 1 : 2;
	let best: {key: string; distance: number} | undefined;
	for (const candidate of candidates) {
		const distance = editDistance(lower, candidate.toLowerCase(), limit);
		if (distance <= limit && (!best || distance < best.distance)) {
			best = {key: candidate, distance};
		}
	}

	return best?.key;
}

/** Levenshtein distance with transpositions counted as one edit; stops early past `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
	if (Math.abs(a.length - b.length) > limit) {
		return limit + 1;
	}

	let twoBack: number[] = [];
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		let rowMinimum = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				value = Math.min(value, (twoBack[j - 2] ?? 0) + 1);
			}

			current[j] = value;
			rowMinimum = Math.min(rowMinimum, value);
		}

		if (rowMinimum > limit) {
			return limit + 1;
		}

		twoBack = previous;
		previous = current;
	}

	return previous[b.length] ?? 0;
}

function matches(value: unknown, expected: Expectation): boolean {
	switch (expected) {
		case 'object': {
			return isPlainObject(value);
		}

		case 'array': {
			return Array.isArray(value);
		}

		case 'string-or-array': {
			return typeof value === 'string' || Array.isArray(value);
		}

		default: {
			return typeof value === expected;
		}
	}
}

function describeExpectation(expected: Expectation): string {
	const names: Record<Expectation, string> = {
		string: 'a string',
		boolean: 'true or false',
		number: 'a number',
		object: 'an object ({ … })',
		array: 'a list ([ … ])',
		'string-or-array': 'a string or a list of strings',
	};
	return names[expected];
}

/** A JSON value's type in the words a settings file uses. */
export function typeName(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	if (Array.isArray(value)) {
		return 'a list';
	}

	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
