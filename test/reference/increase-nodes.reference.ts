/**
 * HAND TRANSCRIPTION of the EMR IncreaseNodes (2021-03-20) API reference
 * (`/work/shared/seed/IncreaseNodes-api-reference.txt`, last updated 2025-01-24) and of the
 * ApplicationConfig struct table in section 6 of `alibaba-rpc-wire.md`.
 *
 * This file is the oracle the spec is checked against. Edit it ONLY from the reference text,
 * never from the spec or from anything generated from it: a value copied out of the spec would
 * make the drift check compare the spec with itself.
 *
 * The reference text lost its parameter-name, type and "Required" columns; the names and wire
 * types below are those of the published reference, and its required parameters are RegionId,
 * ClusterId, NodeGroupId and IncreaseNodeCount (all others are optional).
 */

export type WireType = 'string' | 'integer' | 'boolean' | 'array';
export type Scalar = string | number | boolean;

export interface ReferenceParameter {
  readonly name: string;
  readonly type: WireType;
  readonly required: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  /** The documented "Valid values", when they are a list rather than a range. */
  readonly validValues?: readonly Scalar[];
  readonly default?: Scalar;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly description: string;
}

export interface ReferenceField {
  readonly name: string;
  readonly type: 'string';
  readonly required: boolean;
  readonly validValues?: readonly string[];
  readonly default?: string;
}

export interface ReferenceErrorCode {
  readonly status: number;
  readonly code: string;
  /** The message exactly as the reference prints it; `%s` is filled in by the service. */
  readonly message: string;
}

export const operation = {
  action: 'IncreaseNodes',
  version: '2021-03-20',
  method: 'post',
  path: '/',
} as const;

export const requestParameters = [
  {
    name: 'RegionId',
    type: 'string',
    required: true,
    description: 'The ID of the region in which you want to create the instance.',
  },
  {
    name: 'ClusterId',
    type: 'string',
    required: true,
    description: 'The ID of the cluster.',
  },
  {
    name: 'NodeGroupId',
    type: 'string',
    required: true,
    description:
      'The ID of the node group. The target node group to which you want to scale out the cluster.',
  },
  {
    name: 'IncreaseNodeCount',
    type: 'integer',
    required: true,
    minimum: 1,
    maximum: 500,
    description:
      'The number of nodes. The number of incremental nodes for this scale-out. Valid values: 1 to 500.',
  },
  {
    name: 'AutoPayOrder',
    type: 'boolean',
    required: false,
    validValues: [true, false],
    default: false,
    description:
      'Indicates whether to automatically pay for the orders involved in the scale-out operation. ' +
      'This parameter takes effect only when the PaymentType parameter is set to Subscription.',
  },
  {
    name: 'AutoRenew',
    type: 'boolean',
    required: false,
    validValues: [true, false],
    default: false,
    description: 'Specifies whether to enable auto-renewal for nodes.',
  },
  {
    name: 'PaymentDuration',
    type: 'integer',
    required: false,
    validValues: [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48, 60],
    description:
      'The subscription duration. Valid values when the PaymentDurationUnit value is Month: ' +
      '1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48, and 60.',
  },
  {
    name: 'PaymentDurationUnit',
    type: 'string',
    required: false,
    validValues: ['Month'],
    description: 'The unit of the subscription duration.',
  },
  {
    name: 'ApplicationConfigs',
    type: 'array',
    required: false,
    minItems: 1,
    maxItems: 1000,
    description: 'The application configurations. You can specify a maximum of 1,000 items.',
  },
  {
    name: 'MinIncreaseNodeCount',
    type: 'integer',
    required: false,
    minimum: 1,
    maximum: 500,
    description: 'The minimum number of nodes that can be added. Valid values: 1 to 500.',
  },
] as const satisfies readonly ReferenceParameter[];

/** Fields of one `ApplicationConfig`, the items of `ApplicationConfigs` (all strings). */
export const applicationConfigFields = [
  { name: 'ApplicationName', type: 'string', required: true },
  { name: 'ConfigFileName', type: 'string', required: true },
  { name: 'ConfigItemKey', type: 'string', required: true },
  { name: 'ConfigItemValue', type: 'string', required: false },
  {
    name: 'ConfigScope',
    type: 'string',
    required: false,
    validValues: ['CLUSTER', 'NODE_GROUP'],
    default: 'CLUSTER',
  },
  { name: 'NodeGroupId', type: 'string', required: false },
  { name: 'NodeGroupName', type: 'string', required: false },
] as const satisfies readonly ReferenceField[];

export const responseFields = [
  { name: 'OperationId', type: 'string', description: 'The ID of the operation.' },
  { name: 'RequestId', type: 'string', description: 'The ID of the request.' },
] as const;

export const successSample = {
  OperationId: 'op-13c37a77c505****',
  RequestId: 'DD6B1B2A-5837-5237-ABE4-FF0C8944****',
} as const;

export const errorCodes = [
  { status: 400, code: 'OperationDenied', message: 'The operation is invalid. %s' },
  {
    status: 400,
    code: 'OutOfStock',
    message:
      'The requested resource is sold out in the specified zone, try other types of resources or other regions and zones.',
  },
  { status: 400, code: 'QuotaExceeded', message: 'Request fail due to quota exceed. %s' },
  { status: 400, code: 'AccountException', message: 'Account exception. %s' },
  {
    status: 400,
    code: 'ConcurrentModification',
    message:
      'The request on %s failed due to multiple requests to change this object were submitted simultaneously. Wait a few minutes and try again.',
  },
  {
    status: 400,
    code: 'ConflictParameters',
    message: 'Parameters that must not be used together. %s',
  },
  { status: 400, code: 'IncompleteSignature', message: 'The request signature is invalid.' },
  { status: 400, code: 'InvalidAction', message: 'The action %s requested is invalid.' },
  { status: 400, code: 'InvalidParameter', message: 'The specified parameter %s is not valid.' },
  {
    status: 400,
    code: 'InvalidParameterValue',
    message: 'The input parameter %s is invalid or out of range.',
  },
  { status: 400, code: 'MissingAction', message: 'The action %s requested is missing.' },
  {
    status: 400,
    code: 'MissingParameter',
    message:
      'The input parameter %s that is mandatory for processing this request is not supplied.',
  },
  {
    status: 400,
    code: 'NotAuthorized',
    message: 'You do not have permission to perform this action. %s',
  },
  {
    status: 400,
    code: 'ThrottlingException',
    message: 'The request was denied due to request throttling. %s',
  },
  { status: 404, code: 'ResourceNotFound', message: 'The resource not found by %s.' },
  {
    status: 500,
    code: 'InternalError',
    message:
      'The request processing has failed due to some unknown error, exception or failure.',
  },
  {
    status: 503,
    code: 'ServiceFailure',
    message: 'The request has failed due to a temporary failure of %s service.',
  },
  {
    status: 503,
    code: 'ServiceUnavailable',
    message: 'The request has failed due to a temporary failure of the server.',
  },
] as const satisfies readonly ReferenceErrorCode[];

/** The reference's "Change history" table, newest first. */
export const changeHistory = [
  {
    date: '2024-06-18',
    summary: 'The Error code has changed. The request parameters of the API has changed',
  },
  {
    date: '2024-02-23',
    summary: 'The Error code has changed. The request parameters of the API has changed',
  },
  { date: '2021-10-12', summary: 'The Error code has changed' },
] as const;

/** "Last Updated: Jan 24, 2025" — the revision of the reference this file transcribes. */
export const lastUpdated = '2025-01-24';
