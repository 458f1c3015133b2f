// The Ink floor: the least an Ink wizard can do before its first select list is usable (load Ink
// and React, render one question and four choices, listen for keys). The bench bundles it with the
// same esbuild options as scripts/build.mjs, so the gap between this and the real wizard is what
// claude-setup itself adds. The question and the list mirror the wizard's first screen so both are
// recognised by the same test and cost the same to draw.
import {Box, Text, render, useApp, useInput} from 'ink';
import {useState} from 'react';

const choices = [
	'Claude Console: open platform.claude.com',
	'Claude for Teams or Enterprise: open claude.ai',
	'No invite: my team uses a cloud provider or gateway',
	'I have already accepted my invite',
];

function Floor() {
	const [focused, setFocused] = useState(0);
	const {exit} = useApp();
	useInput((input, key) => {
		if (key.downArrow) {
			setFocused(index => (index + 1) % choices.length);
		} else if (key.upArrow) {
			setFocused(index => (index - 1 + choices.length) % choices.length);
		} else if (key.return || key.escape) {
			exit();
		}
	});

	return (
		<Box flexDirection="column">
			<Text>Where were you invited?</Text>
			{choices.map((choice, index) => (
				<Text key={choice} color={index === focused ? 'cyan' : undefined}>
					{index === focused ? '❯ ' : '  '}
					{choice}
				</Text>
			))}
		</Box>
	);
}

render(<Floor />);
