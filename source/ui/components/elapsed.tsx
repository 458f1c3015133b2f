import {Text} from 'ink';
import {useEffect, useState} from 'react';
import {copy} from '../copy.js';

/** Seconds since this appeared on screen, so a slow step visibly lives. */
export function Elapsed() {
	const [started] = useState(() => Date.now());
	const [now, setNow] = useState(started);
	useEffect(() => {
		const timer = setInterval(() => {
			setNow(Date.now());
		}, 1000);
		return () => {
			clearInterval(timer);
		};
	}, []);

	return <Text dimColor>{copy.install.elapsed(Math.floor((now - started) / 1000))}</Text>;
}
