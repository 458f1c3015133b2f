/** `--help`: what the tool does, what it writes, and what the exit codes mean. Kept free of imports so --help stays instant. */
export const helpText = `claude-setup: set up Claude Code, verify it works, and fix it when it breaks.

Usage
  npx claude-setup            Run the setup wizard (needs an interactive terminal)
  npx claude-setup --help     Show this help
  npx claude-setup --version  Print the version

What the wizard does
  Explains your invite (Claude Console or Claude for Teams/Enterprise), looks for Claude Code,
  asks how your team gets access, takes and checks your credentials, shows the exact change,
  and only after you confirm writes it; then asks the real Claude Code to confirm it works.
  Run it again to see your current setup, check it, or set it up differently.

  Built in this version: the Claude Console API-key method. Other methods (Teams/Enterprise
  login, Amazon Bedrock, Google Vertex AI, Microsoft Foundry, LLM gateways) are listed and say
  plainly that they are not built yet.

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
  CLAUDE_CONFIG_DIR    Where Claude Code's user settings live (default ~/.claude)
  ANTHROPIC_BASE_URL   The API the key is checked against (default https://api.anthropic.com)

Keys
  ↑/↓ (or j/k) move · Enter choose · Esc back · Ctrl-C quit (nothing is written before you confirm)

Exit codes
  0  finished (or nothing to do)
  1  failed (the message says why and what to do)
  2  wrong usage, or no interactive terminal
  130  cancelled: nothing was written
`;
