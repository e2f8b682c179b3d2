import type { INodeProperties } from 'n8n-workflow';

import { audioProperties } from './audio';
import { modelProperties } from './model';
import { optionsProperties } from './options';
import { outputProperties } from './output';
import { resultsProperties } from './results';
import { agentToolNotice } from '../toolUse';

export const transcribeProperties: INodeProperties[] = [
	agentToolNotice,
	...audioProperties,
	...modelProperties,
	...optionsProperties,
	...resultsProperties,
	...outputProperties,
];
