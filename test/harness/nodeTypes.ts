import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';

import { PACKAGE_NAME, packageNodes } from './packageTypes';
import { DeepgramTransportProbe } from './probeNode';

/** Stand-ins for the two n8n-nodes-base nodes our fixtures use around ours. */
class NoOp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'Passes items through',
		defaults: { name: 'No Operation, do nothing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class ManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow with the items given to the harness',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Node types by their full name, as n8n names a community package's nodes. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly byName = new Map<string, INodeType | IVersionedNodeType>();

	constructor() {
		for (const node of packageNodes()) {
			this.byName.set(`${PACKAGE_NAME}.${node.description.name}`, node);
		}
		this.byName.set('n8n-nodes-base.noOp', new NoOp());
		this.byName.set('n8n-nodes-base.manualTrigger', new ManualTrigger());
		this.byName.set('test.deepgramTransportProbe', new DeepgramTransportProbe());
	}

	/** Adds a type under its full name, e.g. an n8n-nodes-base node the benchmark compares with. */
	register(nodeType: string, type: INodeType | IVersionedNodeType): void {
		this.byName.set(nodeType, type);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.byName.get(nodeType);
		if (!type) throw new Error(`Unknown node type "${nodeType}" in the harness`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}
