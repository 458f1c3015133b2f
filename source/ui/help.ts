/*
Every `--help` text and the usage messages. Kept free of imports so `--help` stays instant.
*/

const exitCodes = `Exit codes
  0    done (or nothing to do)
  1    failed: the message says why and what to do (doctor: a check failed)
  2    wrong usage, answers missing without a terminal, or a terminal needed
  130  cancelled (Ctrl-C or "no" before anything was written)`;

/** `claude-setup --help`: every command, every flag, what is written where, and the exit codes. */
export const helpText = `claude-setup: set up Claude Code, verify it works, and fix it when it breaks.

Usage
  npx claude-setup                     Run the setup wizard (in a terminal)
  npx claude-setup --auth … --yes      Set up without the wizard (scripts, CI): see "Without a terminal"
  npx claude-setup doctor [-v] [--json] [--fix]
                                       Check the setup, and offer the fixes it can apply
  npx claude-setup status [--json] [--verify]
                                       What Claude Code will use, and where each piece lives
  npx claude-setup logout [--scope user|project|local] [--yes] [--dry-run]
                                       Remove the key, key helper and apiKeyHelper claude-setup stored
  npx claude-setup --preset <file or https URL>
                                       Set up with your team's preset: only your own questions are asked
  npx claude-setup team                For administrators: write the team's preset, managed settings
                                       and instructions
  npx claude-setup undo [--yes] [--dry-run]
                                       Put back the settings file claude-setup changed last
  npx claude-setup <command> --help    Help for one command
  npx claude-setup --version           Print the version

What the wizard does
  Explains your invite (Claude Console or Claude for Teams/Enterprise), checks this machine
  against Claude Code's requirements, finds Claude Code or installs it (native installer, npm,
  Homebrew) with live progress, asks how your team gets access, takes and checks your
  credentials, shows the exact change, and only after you confirm writes it; then asks the real
  Claude Code to confirm it works.
  Run it again to see your current setup, check it, or set it up differently.

  Ways of access it sets up:
    Claude Console: API key        kept in your OS keychain, served to Claude Code by apiKeyHelper
    Claude Console: browser login  \`claude auth login --console\`, run in this terminal
    Claude for Teams / Enterprise  \`claude auth login --claudeai\` (--sso, --email), optional
                                   forceLoginMethod; SSH, WSL and containers get the paste-the-code path
    Amazon Bedrock                 an AWS profile (SSO profiles get awsAuthRefresh), access keys
                                   (keychain + awsCredentialExport) or a Bedrock API key; region; models
    Google Vertex AI               project (from gcloud), region, models; checks Application
                                   Default Credentials and offers gcloud auth application-default login
    Microsoft Foundry              resource or /anthropic URL, Entra ID (az login) or an API key;
                                   deployment names pinned per model
    LLM gateway                    ANTHROPIC_BASE_URL plus a token (keychain + apiKeyHelper, or
                                   ANTHROPIC_AUTH_TOKEN if you choose plaintext)
  Nothing is saved before the credentials are checked (what cannot be checked is said plainly).
  Keys that Claude Code reads only from the environment (Bedrock and Foundry API keys) stay in
  the keychain: a \`claude\` function in ~/.bashrc or ~/.zshrc hands them over at start.
  Switching method removes what the old one set (settings keys, helpers, keychain entries), with
  a backup, and names what would still override the new one (shell exports, other settings files,
  managed settings); exported overrides are cancelled with "" in the settings it writes.

Without a terminal (every wizard answer as a flag)
  --auth console-api-key     The auth method (the others are set up in the interactive wizard)
  --api-key-stdin            Read the API key from stdin. Or set CLAUDE_SETUP_API_KEY.
                             Keys are never taken as arguments: others can see those.
  --scope user|project|local Which settings file gets apiKeyHelper (default: user)
  --secret-storage keychain|file
                             Where the key is kept (default: keychain). "file" only when
                             given: if the keychain fails, setup stops and says so.
  --skip-key-check           Keep the key without checking it with Anthropic (offline)
  --install native|npm|homebrew|winget
                             Install Claude Code first (output streams to stderr); the
                             PATH line to add is printed, never written for you
  --yes                      Write without asking (required without a terminal)
  --dry-run                  Show the exact change, write nothing
  --no-verify                Skip asking Claude Code afterwards whether it uses the key
  --interactive              Always run the wizard (it never falls back to flags)

  printf '%s' "$KEY" | npx claude-setup --auth console-api-key --api-key-stdin --scope user --yes

  Without a terminal and with answers missing, it exits 2 at once and names every missing
  flag; it never waits for input. In a terminal the wizard runs even when CI=true is set.

What it writes, and only after you confirm
  Settings     apiKeyHelper in ONE of:
                 user     $CLAUDE_CONFIG_DIR/settings.json (default ~/.claude/settings.json)
                 local    .claude/settings.local.json in the current folder (not committed)
                 project  .claude/settings.json in the current folder (usually committed)
               Other keys in the file are kept as they are. A file that is not valid JSON is
               never overwritten. A backup is made first in ~/.claude/claude-setup/backups/.
  API key      Your OS keychain (macOS Keychain, Windows Credential Manager, Secret Service
               on Linux). Only if the keychain cannot be used, and only if you agree, a file
               readable by you alone (mode 0600): ~/.claude/claude-setup/secrets.json.
  Key helper   ~/.claude/claude-setup/bin/: a small program Claude Code runs to read the key.
               It does not need claude-setup installed.

Environment
  CLAUDE_CONFIG_DIR      Where Claude Code's user settings live (default ~/.claude)
  ANTHROPIC_BASE_URL     The API the key is checked against (default https://api.anthropic.com)
  CLAUDE_SETUP_API_KEY   The API key, for setup without a terminal (instead of --api-key-stdin)

Keys (wizard)
  ↑/↓ (or j/k) move · Enter choose · Esc back · Ctrl-C quit (nothing is written before you confirm)

${exitCodes}
`;

/** `claude-setup <command> --help`. */
export const commandHelp = {
	doctor: `claude-setup doctor [-v] [--json] [--fix]

Checks Claude Code's setup on this machine (install, settings, credentials, keychain, network)
and says what is wrong and how to fix it. In a terminal it then offers the fixes it can apply
itself, each shown (as a diff) and confirmed before it is applied, with a backup.

  -v, --verbose   Show the detail behind each check (files, sources, proxy, timings)
  --json          Print the findings as JSON
  --fix           Offer the fixes even when there is no terminal to ask in: then it prints
                  what it would change, and exits 2

${exitCodes}
`,
	status: `claude-setup status [--json] [--verify]

Which credential Claude Code will use, where each piece lives (the settings file that sets it,
the keychain entry or file that holds the key: "present" or "missing", never the key itself).
Read-only; it makes no network request itself.

  --json     Print a stable JSON report ({"schemaVersion": 1, …}; see docs/status-json.md)
  --verify   Also ask the installed Claude Code (claude auth status, 10 s limit)

${exitCodes}
`,
	logout: `claude-setup logout [--scope user|project|local] [--yes] [--dry-run]

Removes what claude-setup stored, for every auth method: the settings that point at it
(apiKeyHelper or awsCredentialExport naming claude-setup's key helper, AWS_PROFILE=claude-setup; a
helper someone else configured is left alone), the \`claude\` function it added to your shell
start-up file, the [profile claude-setup] it added to ~/.aws/config, every key and token it kept
(API key, gateway token, AWS keys, Bedrock or Foundry API key), and the helper folder. Which
provider Claude Code uses (CLAUDE_CODE_USE_BEDROCK, region, models) is your choice and stays.
Shows the change and asks first. Settings go first, so Claude Code stops asking for a key before
it is deleted. Keys and helper stay while another settings file still uses them. Files are
backed up: claude-setup undo puts the last settings file back (keys are not kept anywhere).

  --scope S   Only this settings file (default: every one that names claude-setup's helper)
  --yes       Remove without asking (required without a terminal)
  --dry-run   Show what would be removed; remove nothing

${exitCodes}
`,
	undo: `claude-setup undo [--yes] [--dry-run]

Puts back the settings file claude-setup changed most recently, byte for byte, from the backup
listed last in ~/.claude/claude-setup/backups/manifest.jsonl; a file claude-setup created is
deleted. Shows the change and asks first. The current file is backed up first, so running undo
again undoes the undo. A run that changed several files is undone one file per undo.
Keys are not restored: after undoing a logout, run claude-setup to store the key again.

  --yes       Restore without asking (required without a terminal)
  --dry-run   Show what would be restored; change nothing

${exitCodes}
`,
	team: `claude-setup team

For an administrator: answer once, for the whole team, what is the same for everyone (the way of
access, provider, region, models, gateway URL, claude.ai organization, proxy and CA). Nothing
personal is asked. It then shows and, once you confirm, writes three files to a folder you choose:

  claude-setup-preset.json   No secrets. Teammates run: npx claude-setup --preset <file or https URL>
                             and answer only their own questions (credentials, profile); what the
                             preset fixes is shown as "set by your team" and cannot be changed.
  managed-settings.json      The same choices enforced by Claude Code on managed machines; deploy it
                             with your MDM to /Library/Application Support/ClaudeCode/ (macOS),
                             /etc/claude-code/ (Linux, WSL) or C:\\Program Files\\ClaudeCode\\ (Windows).
  CLAUDE-CODE-SETUP.md       Instructions for your teammates, including how each gets credentials.

${exitCodes}
`,
} as const;

export type CommandName = keyof typeof commandHelp;

/** Why `--api-key sk-…` is refused. */
export const secretArgumentRefusal = `claude-setup does not take an API key as a command-line argument: arguments can be seen by
other users of this machine (ps, /proc) and end up in shell history and CI logs.
Pipe it in instead:
  printf '%s' "$KEY" | npx claude-setup --auth console-api-key --api-key-stdin --yes
or set CLAUDE_SETUP_API_KEY in the environment of that one command.
`;
