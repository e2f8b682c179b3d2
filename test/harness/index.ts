import './env';

export { harnessLogs, type LogLine } from './logs';

export {
	runNode,
	runWorkflow,
	initBinaryData,
	storeBinaryFile,
	registerNodeType,
	type Credentials,
	type WorkflowRun,
} from './engine';
export { startTriggerSession, type TriggerSession } from './webhook';
export { PACKAGE_NAME, ROOT } from './packageTypes';
export { startCallbackReceiver, type CallbackReceiver } from './callbackReceiver';
export {
	startWaitingServer,
	type HarnessExecution,
	type HarnessExecutionStatus,
	type WaitingServer,
} from './waiting';
