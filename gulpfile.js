const path = require('node:path');
const { task, src, dest } = require('gulp');

// tsc compiles the TypeScript; the node's and credential's SVG icons are copied beside the output.
function copyIcons() {
	const nodeIcons = src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest(path.resolve('dist', 'nodes')));
	return nodeIcons;
}

function copyCredentialIcons() {
	return src('credentials/**/*.{png,svg}', { encoding: false, allowEmpty: true }).pipe(
		dest(path.resolve('dist', 'credentials')),
	);
}

task('build:icons', (done) => {
	const streams = [copyIcons(), copyCredentialIcons()];
	let pending = streams.length;
	for (const stream of streams) {
		stream.on('end', () => {
			pending -= 1;
			if (pending === 0) done();
		});
		stream.on('error', done);
	}
});
