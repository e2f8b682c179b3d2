import type { IDataObject, IExecuteFunctions, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DG_TOKEN_HEADER, KEY_INFO_PATH } from './constants';
import { managementAnswer } from './answerShapes';
import { deepgramAccess } from './access';
import { deepgramRequest } from './transport';

const KEY_DETAILS = managementAnswer('description of the API key');

/**
 * `api_key_id` of GET /v1/auth/token. Its body is undocumented (the JS SDK's mock has the id at
 * the top); the keys endpoints nest it under `api_key`, so both are read.
 */
function apiKeyIdFrom(body: IDataObject): string | undefined {
	const nested = body.api_key as IDataObject | undefined;
	const id = body.api_key_id ?? nested?.api_key_id;
	return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

/** The identifier of the credential's API key, which Deepgram sends back as dg-token. */
export async function lookUpApiKeyId(this: IHookFunctions | IExecuteFunctions): Promise<string> {
	const response = await deepgramRequest.call(this, await deepgramAccess.call(this), {
		method: 'GET',
		api: 'management',
		path: KEY_INFO_PATH,
		answer: KEY_DETAILS,
	});
	const apiKeyId = apiKeyIdFrom(response.body as IDataObject);
	if (!apiKeyId) {
		throw new NodeOperationError(
			this.getNode(),
			`Deepgram did not return the API key identifier needed for the ${DG_TOKEN_HEADER} check`,
			{
				description:
					'Set "API Key ID" in the Deepgram API credential, or turn off "Also Check Dg-Token (Legacy)".',
			},
		);
	}
	return apiKeyId;
}
