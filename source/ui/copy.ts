import type {KeyCheckOutcome, KeyFormatProblem} from '../core/auth/console-key.js';
import type {AuthMethodId} from '../core/auth/methods.js';
import {pages} from '../core/auth/pages.js';
import type {KeychainHealth, SettingsScope} from '../core/ports.js';
import type {Credential, Source} from '../core/setup/credentials.js';
import type {StepGroup} from '../core/wizard/state.js';

/**
Every sentence a user reads, in one place. Questions are full sentences, inputs are a noun and a
colon, progress reads like "Key checked".
*/

export const stepTitles: Record<StepGroup, string> = {
	invite: 'Invite',
	requirements: 'System requirements',
	install: 'Claude Code',
	'auth-method': 'Auth method',
	configure: 'Credentials',
	review: 'Review',
	verify: 'Verify',
};

export const copy = {
	appName: 'claude-setup',
	detecting: 'Looking at your current setup…',

	current: {
		title: 'Claude Code is already set up on this machine.',
		question: 'What would you like to do?',
		choices: {
			verify: 'Check that it works',
			reconfigure: 'Set it up again or switch method',
			keep: 'Leave it as it is',
		},
		ours: (path: string) => `Claude Code uses the Console API key claude-setup stored, through its key helper (${path}).`,
		keyStored: (hint: string, where: string) => `Key ${hint}, kept in ${where}`,
		keyMissing: 'The key claude-setup stored is missing: Claude Code cannot authenticate. Choose "Set it up again".',
	},

	invite: {
		intro: [
			'Your admin invites you in one of two places:',
			'• Claude Console (platform.claude.com): API billing. Your role decides what keys you may create: "Claude Code" can create Claude Code API keys only; "Developer" can create any key.',
			'• Claude for Teams or Enterprise (claude.ai): seats on a subscription; you log in with your claude.ai account.',
			'Teams that use Amazon Bedrock, Google Vertex AI, Microsoft Foundry or a gateway need no invite here.',
		],
		question: 'Where were you invited?',
		choices: {
			console: 'Claude Console: open platform.claude.com',
			'claude-ai': 'Claude for Teams or Enterprise: open claude.ai',
			cloud: 'No invite: my team uses a cloud provider or gateway',
			accepted: 'I have already accepted my invite',
		},
		opened: (url: string) => `Opened ${url} in your browser. Accept the invite from your email there (check spam if it is missing), then come back.`,
		notOpened: (url: string) => `Open this page in a browser (on any device) and accept the invite from your email there: ${url}`,
		summary: {
			console: 'Claude Console',
			'claude-ai': 'Claude for Teams or Enterprise',
			cloud: 'none needed (cloud provider or gateway)',
			accepted: 'already accepted',
		},
		confirmQuestion: 'Have you accepted the invite?',
		confirmChoices: {continue: 'Yes, continue'},
	},

	scriptedOnlyConsoleKey: (what: string) =>
		`${what} is set up interactively: run \`npx claude-setup\` without --auth in a terminal. Without a terminal, only --auth console-api-key can be set up.`,
	notBuilt: (what: string) => `${what} is not built in this version of claude-setup yet. Nothing was checked or changed.`,
	wizardOnly: (what: string) => `${what} can be set up in the wizard only, not with flags yet: run npx claude-setup in a terminal. Nothing was checked or changed.`,

	requirements: {
		checkingMachine: 'This machine: checking OS, memory, disk and tools…',
		checkingHost: (host: string) => `Network: reaching ${host}…`,
		allPassed: 'Everything Claude Code needs is here.',
		withWarnings: (count: number) => `Claude Code can run here; ${count === 1 ? 'one item above needs' : `${count} items above need`} a look.`,
		blocked: 'Claude Code cannot run here until the ✗ items marked "required" are fixed.',
		required: ' (required)',
		sameFix: 'Same cause as above: the same fix applies.',
		choices: {continue: 'Continue', recheck: 'Check again'},
		summary: (passed: number, warned: number, failed: number) =>
			`${passed} passed` + (warned > 0 ? `, ${warned} warning${warned === 1 ? '' : 's'}` : '') + (failed > 0 ? `, ${failed} failed` : ''),
	},

	install: {
		checking: 'Looking for Claude Code…',
		existing: (version: string | undefined, path: string, kind: string) => `Claude Code ${version ?? '(does not run)'} is installed: ${path} (${kind})`,
		duplicates: (count: number) => `${count} installs of Claude Code were found; keep one, or the wrong one may run:`,
		installed: (version: string, path: string) => `Installed Claude Code ${version}: ${path}`,
		cancelled: 'The install was stopped. Nothing is reported as installed.',
		question: (isInstalled: boolean) => (isInstalled ? 'Claude Code is ready. Continue, or install it again?' : 'How should Claude Code be installed?'),
		continueInstalled: 'Continue',
		continueWithout: 'Continue without installing (the setup is verified once Claude Code is there)',
		manual: 'To install it yourself instead:',
		seeDocs: `the signed package repository (needs administrator rights): ${pages.installDocs}`,
		running: (display: string) => `Running: ${display}`,
		elapsed: (seconds: number) => `${seconds} s`,
		failed: (cause: string) => `The install failed: ${cause}`,
		fix: (fix: string) => `To fix: ${fix}`,
		lastLines: 'Last lines of its output:',
		failedChoices: {retry: 'Choose another way, or try again', continue: 'Continue without installing'},
		notOnPath: (directory: string) => `Claude Code is installed, but its folder is not on your PATH: ${directory}`,
		pathPlan: (file: string, line: string) => `Add this line to ${file}: ${line}`,
		pathAlreadyPresent: (file: string) => `${file} already adds it; open a new terminal to pick it up.`,
		pathFixed: (file: string, reload: string) => `Added Claude Code's folder to your PATH in ${file}. Run \`${reload}\`, or open a new terminal.`,
		pathChoices: {add: 'Yes, add it (a backup is made first)', continue: 'No, I will do it myself'},
	},

	team: {
		methodQuestion: 'Which way of access will your team use?',
		adminIntro: 'Team mode: answer once for everyone. Nothing personal is asked (no credentials, no profiles); teammates enter their own when they run the preset.',
		planning: 'Preparing the team files…',
		writing: 'Writing the team files…',
		reviewTitle: (directory: string) => `Nothing has been written yet. These three files go to ${directory}:`,
		replaces: '(replaces the file there)',
		question: 'Write these files?',
		choices: {confirm: 'Yes, write them', back: 'No, go back'},
		problemHint: 'Press Esc to go back and choose another folder.',
		written: 'The team files are written:',
		share: (preset: string) => `Share the preset with your team: they run \`npx claude-setup --preset ${preset}\` and answer only their own questions.`,
		deploy: 'Deploy managed-settings.json with your MDM to:',
		setBy: (team: string | undefined) => `Set by ${team ?? 'your team'} (not asked):`,
		managedEnforces: (path: string) => `Your administrator's managed settings (${path}) enforce:`,
		managedHidden: 'Methods Claude Code would refuse or ignore under these settings are not offered.',
	},

	form: {
		missing: 'This question could not be found. Press Esc to go back.',
		textLabel: '›',
		secretLabel: 'Paste it here:',
		discovering: 'Looking at what is set up on this machine…',
		checking: 'Checking before anything is saved…',
		loggingIn: 'Claude Code is logging you in…',
		runningAction: (label: string) => `${label}…`,
		passedTitle: 'Checked. Nothing has been saved yet.',
		failedTitle: 'Something is not right yet. Nothing has been saved.',
		nothingToCheck: 'Nothing can be checked for this choice before Claude Code uses it.',
		choices: {
			continue: 'Continue',
			retry: 'Check again',
			loginAgain: 'Log in again',
			change: 'Change my answers',
			keepAnyway: 'Save it anyway (I will fix this later)',
		},
	},

	authMethod: {
		question: 'How does your team get Claude Code access?',
		notBuiltSuffix: ' (not built yet)',
		currentSuffix: ' (current)',
	},

	consoleKey: {
		intro: [
			`Create a key in the Claude Console: ${pages.consoleApiKeys}`,
			'With the "Claude Code" role you can create Claude Code API keys only; with "Developer", any key.',
			'The key goes into your OS keychain, never into a settings file.',
		],
		label: 'API key:',
		problems: {
			empty: 'Paste your API key first.',
			'admin-key': 'That is an Admin API key: it manages the organisation and cannot run Claude. Create a normal API key.',
			'oauth-token': 'That is a Claude subscription token (from `claude setup-token`), not a Console API key. It belongs in CLAUDE_CODE_OAUTH_TOKEN.',
			'not-an-api-key': 'That does not look like a Claude Console API key: they start with "sk-ant-api". Copy the whole key.',
			'bad-characters': 'The key contains spaces or characters an API key cannot have. Copy it again.',
			rejected: 'Anthropic rejected this key (401): it may be mistyped, cut short, or revoked. Paste it again or create a new one.',
		} satisfies Record<KeyFormatProblem | 'rejected', string>,
	},

	validating: (url: string) => `Checking the key with ${url}…`,
	keyAccepted: (hint: string) => `Anthropic accepted the key ${hint}.`,
	keyNotChecked: (hint: string) => `Key ${hint} kept without a check.`,

	keyResult: {
		title: (outcome: KeyCheckOutcome): string => {
			switch (outcome.kind) {
				case 'network-error': {
					return `The key could not be checked: ${outcome.message}`;
				}

				case 'forbidden': {
					return 'Anthropic knows this key but refused the check (403). Your role or organisation may not allow this request.';
				}

				case 'service-error': {
					return `Anthropic's API answered with an error (${outcome.status}); the key was not checked.`;
				}

				default: {
					return '';
				}
			}
		},
		networkHints: [
			'Behind a company proxy? Set HTTPS_PROXY (and NO_PROXY) in your shell and run claude-setup again.',
			'A TLS-inspecting proxy needs its CA: NODE_EXTRA_CA_CERTS=/path/to/ca.pem.',
		],
		question: 'What would you like to do?',
		choices: {
			retry: 'Try the check again',
			keep: 'Keep this key without checking it',
			change: 'Enter a different key',
		},
	},

	secretStorage: {
		title: 'Your OS keychain cannot be used:',
		fix: (fix: string) => `To fix: ${fix}`,
		question: 'Where should the key be kept?',
		choices: {
			retry: 'Try the keychain again',
			file: (location: string) => `In a file only you can read (mode 0600): ${location}`,
		},
		stillUnavailable: 'Tried again: the keychain is still unavailable.',
		fileWarning: 'The file is plain text protected only by its permissions; anyone with your account or a backup of it can read the key.',
	},

	scope: {
		question: 'Which settings should use the key?',
		/** For a method set up by its form: there may be no key at all (an AWS profile, gcloud credentials). */
		methodQuestion: 'Which settings should use this setup?',
		choices: {
			user: (path: string) => `Everywhere on this machine (user settings: ${path})`,
			local: (path: string) => `Only this project, only you (${path}, kept out of git)`,
			project: (path: string) => `This project for everyone (${path}, usually committed)`,
		} satisfies Record<SettingsScope, (path: string) => string>,
		projectWarning: 'The helper path is specific to this machine; teammates would need to run claude-setup too.',
	},

	review: {
		planning: 'Preparing the change…',
		title: 'Nothing has been written yet. This is the exact change:',
		fileNew: (path: string) => `New file ${path}`,
		fileChanged: (path: string) => `${path}`,
		secret: (location: string, replaces: boolean, label = 'API key') =>
			`${replaces ? 'Replace' : 'Store'} the ${label} in ${location === 'keychain' ? 'your OS keychain' : location}`,
		removeSecret: (label: string) => `Remove the ${label} of the previous setup from the keychain`,
		otherFile: (path: string, reason: string) => `${path}: ${reason}`,
		shellOverride: (variable: string, where: string | undefined) =>
			`${variable} is exported in your shell${where ? ` (${where})` : ''}: the settings set it to "" so it no longer applies. Remove that line when you can.`,
		managedElsewhere: (path: string, keys: string[]) =>
			`Your administrator's managed settings (${path}) set ${keys.join(', ')}; they win over anything written here. Ask your administrator if they do not match what you chose.`,
		remainingElsewhere: (path: string, keys: string[]) =>
			`${path} (shared with your team) still sets ${keys.join(', ')}, which would apply too. claude-setup does not edit a shared file for one person: remove them there if they are stale.`,
		helper: (directory: string) => `Install the key helper Claude Code runs to fetch the key: ${directory}`,
		backup: 'The current file is backed up first (claude-setup undo restores it).',
		refresh:
			'Claude Code asks the helper for the key again every 5 minutes and after a 401; CLAUDE_CODE_API_KEY_HELPER_TTL_MS changes how often.',
		override: (credential: Credential) => `Warning: ${describeCredential(credential)} will still win over this key.`,
		question: 'Write these changes?',
		choices: {confirm: 'Yes, write them', back: 'No, go back'},
		unparsable: (path: string, line: number, column: number, message: string) => [
			`${path} cannot be changed safely (it is not valid JSON, or a key claude-setup changes has the wrong shape), so it was left untouched:`,
			`  line ${line}, column ${column}: ${message}`,
			'Fix the file (or move it aside), then run claude-setup again. Or press Esc and choose another scope.',
		],
		unreadable: (message: string) => [message, 'Press Esc to choose another scope.'],
	},

	commit: 'Writing the key and settings…',

	verify: {
		running: 'Asking Claude Code what it will use…',
	},

	done: {
		verified: 'Claude Code authenticates with your Console API key through the key helper.',
		reloadShell: (file: string) => `Open a new terminal (or run \`source ${file}\`) so the \`claude\` function that reads the key from the keychain is loaded.`,
		unchanged: 'Nothing was changed.',
		saved: 'The setup is saved.',
		helperOk: 'The key helper prints the key.',
		helperFailed: (error: string) => `The key helper failed: ${error}`,
		usesHelper: 'claude auth status: authenticates through apiKeyHelper.',
		notUsingHelper: (authMethod: string | undefined, source: string | undefined) =>
			`claude auth status: Claude Code uses ${source ?? authMethod ?? 'something else'}, not the key helper. Something outranks it (see the warnings above).`,
		notInstalled:
			'Claude Code is not installed yet, so the setup could not be checked with it. Install it: curl -fsSL https://claude.ai/install.sh | bash',
		verifyFailed: (message: string) => `The check could not finish: ${message}`,
		/** The headline of a verified setup of a method other than the Console key. */
		methodVerified: (method: AuthMethodId): string => {
			switch (method) {
				case 'bedrock':
				case 'vertex':
				case 'foundry': {
					return `Claude Code uses ${providerName(method)} with this setup.`;
				}

				case 'gateway': {
					return 'Claude Code sends its requests to your gateway with this setup.';
				}

				default: {
					return 'Claude Code uses your login with this setup.';
				}
			}
		},
		helperPrints: (setting: string) => `${setting}: claude-setup's helper hands Claude Code the stored secret.`,
		helperSettingFailed: (setting: string, error: string) => `${setting}: claude-setup's helper failed: ${error}`,
		providerOk: (provider: string) => `claude auth status: Claude Code uses ${providerName(provider)}.`,
		providerWrong: (actual: string, expected: string) =>
			`claude auth status: Claude Code uses ${providerName(actual)}, not ${providerName(expected)}. Something outranks this setup (see the warnings above).`,
		notLoggedIn: 'claude auth status: Claude Code finds no credentials for this setup.',
		savedTo: (path: string) => `Settings: ${path}`,
		backup: (path: string) => `Backup of the previous file: ${path}`,
		next: 'Next: run `claude` in your project.',
	},

	cancelled: {
		before: 'Cancelled. Nothing was written.',
		after: 'Stopped. The setup was saved; only the final check was skipped.',
	},

	failed: (message: string) => `Setup failed: ${message}`,
	nothingHalfWritten: 'Your settings file was left as it was.',
	keychainStatus: (health: KeychainHealth) => (health.ok ? `Keychain: ${health.backendName}` : `Keychain unavailable: ${health.reason}`),
} as const;

/** What `claude auth status` calls `apiProvider`, in words. */
const providerNames: Record<string, string> = {
	firstParty: 'the Anthropic API (directly or through a gateway)',
	bedrock: 'Amazon Bedrock',
	vertex: 'Google Vertex AI',
	foundry: 'Microsoft Foundry',
};

export function providerName(provider: string): string {
	return providerNames[provider] ?? provider;
}

export function describeSource(source: Source): string {
	return source.kind === 'environment' ? 'your shell environment' : `${source.scope} settings (${source.path})`;
}

export function describeCredential(credential: Credential): string {
	switch (credential.kind) {
		case 'cloud-provider': {
			return `${credential.variable} in ${describeSource(credential.source)}`;
		}

		case 'auth-token':
		case 'api-key':
		case 'oauth-token': {
			return `${credential.variable} set in ${describeSource(credential.source)}`;
		}

		case 'api-key-helper': {
			return `an apiKeyHelper in ${describeSource(credential.source)}`;
		}

		case 'login-or-none': {
			return 'a claude.ai or Console login, if any';
		}
	}
}
