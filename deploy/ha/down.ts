import { down } from './layout.ts';
import { defaultLayout } from './topology.ts';

/** `npm run ha:down`: stops every process `ha:up` started (by recorded pid); data stay for the next `ha:up`. */
const layout = defaultLayout();
await down(layout);
process.stdout.write(`ha:down: stopped the layout in ${layout.dir} (data kept; delete the folder for a fresh start)\n`);
