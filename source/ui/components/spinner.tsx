import {Text} from 'ink';
import {useEffect, useState} from 'react';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A one-line progress indicator for anything that waits on the outside world. */
export function Spinner({label}: {label: string}) {
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => {
			setFrame(current => (current + 1) % frames.length);
		}, 80);
		return () => {
			clearInterval(timer);
		};
	}, []);

	return (
		<Text>
			<Text color="cyan">{frames[frame]}</Text> {label}
		</Text>
	);
}
