import type { INodeProperties } from 'n8n-workflow';

import { audioProperties } from './audio';
import { modelProperties } from './model';
import { optionsProperties } from './options';
import { outputProperties } from './output';
import { resultsProperties } from './results';

export const transcribeProperties: INodeProperties[] = [
	...audioProperties,
	...modelProperties,
	...optionsProperties,
	...resultsProperties,
	...outputProperties,
];
