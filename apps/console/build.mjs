// Placeholder build until the React + antd console lands (issue: the console): copies the static page to dist/.
import { cpSync, mkdirSync } from 'node:fs';
mkdirSync(new URL('./dist', import.meta.url), { recursive: true });
cpSync(new URL('./public', import.meta.url), new URL('./dist', import.meta.url), { recursive: true });
